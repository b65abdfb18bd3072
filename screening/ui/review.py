"""The review page: what the answers add up to, before finalising.

- every raised flag with its level (word + shape + colour), the registry label and plain
  definition, and the answers that raised it (code, question and answer, each a link back);
- scores with their bands;
- questions the person declined;
- required questions still unanswered, and answers that need correcting, each a link back;
- "Finalise", enabled only when nothing required is missing. Finalising itself (passphrase,
  signing) is the services' job: this page only emits ``finalise_requested``.

``ReviewView`` lays out; ``ReviewController`` turns an ``Evaluation`` into what the view shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from screening.checklist.answers import Value
from screening.checklist.engine import Evaluation
from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry, text_in
from screening.domain import reference
from screening.domain.dates import LONDON
from screening.domain.enums import FlagLevel, ItemType
from screening.ui.editors import long_date, option_label
from screening.ui.i18n import tr
from screening.ui.theme import Role, set_role
from screening.ui.widgets import FlowLayout, LevelBadge, WrapButton, set_accessible, wrapped_label
from screening.ui.wizard import ScrollingPage, problem_sentence
from screening.ui.words import level_meaning, level_shape, level_word


def answer_text(form: CompiledForm, code: str, value: Value | None, *, lang: str = "en",
                easy_read: bool = False) -> str:
    """An answer in words, as the person would recognise it."""
    if value is None:
        return "heb ei ateb" if lang.startswith("cy") else "not answered"
    item = form.items[code]
    if item.type is ItemType.CHOICE and isinstance(value, str):
        option = item.option(value)
        return option_label(option, lang, easy_read) if option else value
    if item.type is ItemType.MULTI_CHOICE and isinstance(value, list):
        return "; ".join(option_label(o, lang, easy_read) if (o := item.option(v)) else v
                         for v in value)
    if isinstance(value, datetime):
        local = value.astimezone(LONDON) if value.tzinfo else value
        return f"{long_date(local.date(), lang)} {'am' if lang.startswith('cy') else 'at'} {local:%H:%M}"
    if isinstance(value, date):
        return long_date(value, lang)
    if item.type is ItemType.LANGUAGE and isinstance(value, str):
        try:
            return f"{reference.language_name(value, in_language=lang)} ({value})"
        except ValueError:
            return value
    if item.type is ItemType.ETHNICITY and isinstance(value, str):
        try:
            return reference.ethnicity(value).full_label_in(lang)
        except ValueError:
            return value
    return str(value)


@dataclass(frozen=True)
class ItemLink:
    code: str
    text: str


@dataclass(frozen=True)
class ReasonShown:
    text: str
    items: tuple[ItemLink, ...]


@dataclass(frozen=True)
class FlagShown:
    code: str
    level: FlagLevel
    label: str
    definition: str
    summary: str
    reasons: tuple[ReasonShown, ...]


@dataclass(frozen=True)
class ScoreShown:
    label: str
    text: str


@dataclass(frozen=True)
class ReviewContent:
    flags: tuple[FlagShown, ...]
    scores: tuple[ScoreShown, ...]
    declined: tuple[ItemLink, ...]
    missing: tuple[ItemLink, ...]
    invalid: tuple[ItemLink, ...]

    @property
    def can_finalise(self) -> bool:
        return not self.missing and not self.invalid


class FlagCard(QFrame):
    """One raised flag."""

    item_requested = Signal(str)

    def __init__(self, flag: FlagShown, *, high_contrast: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flag = flag
        self.setObjectName(f"flag-{flag.code}")
        set_role(self, Role.CARD)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # A coloured stripe down the left edge: a widget, because a QFrame with a wider left
        # border than right gets its height-for-width wrong and clips the last line.
        stripe = QWidget(self)
        stripe.setObjectName("level-stripe")
        stripe.setProperty("level", str(flag.level))
        stripe.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        stripe.setFixedWidth(8)
        outer.addWidget(stripe)
        layout = QVBoxLayout()
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(8)
        outer.addLayout(layout, 1)
        header = QWidget(self)
        top = FlowLayout(header, spacing=12)
        self.badge = LevelBadge(flag.level, header, high_contrast=high_contrast)
        word = level_word(flag.level)
        self.badge.word.setText(word)
        self.badge.setAccessibleName(tr("Review", "Level: {word}, {meaning}", word=word,
                                        meaning=level_meaning(flag.level)))
        self.badge.icon.setAccessibleName(tr("Review", "{word} ({shape} symbol)", word=word,
                                             shape=level_shape(flag.level)))
        top.addWidget(self.badge)
        code = QLabel(flag.code, header)
        set_role(code, Role.CODE)
        code.setMinimumHeight(self.badge.sizeHint().height())
        top.addWidget(code)
        layout.addWidget(header)
        self.label = wrapped_label(flag.label, Role.SUBHEADING, parent=self)
        layout.addWidget(self.label)
        self.definition = wrapped_label(flag.definition, Role.BODY, parent=self)
        layout.addWidget(self.definition)
        if flag.summary:
            layout.addWidget(wrapped_label(tr("Review", "When it is raised: {summary}",
                                              summary=flag.summary), Role.WHY, parent=self))
        heading = wrapped_label(tr("Review", "Raised because of these answers:"), Role.BODY,
                                parent=self)
        heading.setObjectName("reasons-heading")
        layout.addWidget(heading)
        self.reason_labels: list[QLabel] = []
        self.links: list[WrapButton] = []
        for reason in flag.reasons:
            text = wrapped_label(f"• {reason.text}", Role.CODE, parent=self)
            self.reason_labels.append(text)
            layout.addWidget(text)
            for link in reason.items:
                button = _link(link, self)
                button.clicked.connect(lambda _c=False, code=link.code: self.item_requested.emit(code))
                self.links.append(button)
                layout.addWidget(button)
        self.setAccessibleName(tr("Review", "{word}: {label}", word=word, label=flag.label))
        self.setAccessibleDescription(flag.definition)


def _link(link: ItemLink, parent: QWidget) -> WrapButton:
    button = WrapButton(link.text, Role.LINK, parent)
    button.setObjectName(f"link-{link.code}")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    set_accessible(button, tr("Review", "Go to question {question}", question=link.text))
    return button


class ReviewView(ScrollingPage):
    """Lays out a ``ReviewContent``; emits what the user chose."""

    item_requested = Signal(str)
    finalise_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-review")
        self.title = wrapped_label(tr("Review", "Check answers and finish"), Role.TITLE,
                                   parent=self.body)
        self.column.addWidget(self.title)
        self.summary = wrapped_label("", Role.LEAD, parent=self.body)
        self.summary.setObjectName("review-summary")
        self.column.addWidget(self.summary)
        self.content = QWidget(self.body)
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.setSpacing(14)
        self.column.addWidget(self.content)

        self.finalise_note = wrapped_label("", Role.BODY, parent=self.body)
        self.finalise_note.setObjectName("finalise-note")
        self.column.addWidget(self.finalise_note)
        row = QHBoxLayout()
        self.finalise_button = QPushButton(tr("Review", "&Finalise screening…"), self.body)
        self.finalise_button.setObjectName("finalise")
        set_role(self.finalise_button, Role.PRIMARY)
        set_accessible(self.finalise_button, tr("Review", "Finalise screening (Alt+F)"))
        self.finalise_button.clicked.connect(self.finalise_requested)
        row.addWidget(self.finalise_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addStretch(1)
        self.flag_cards: dict[str, FlagCard] = {}
        self.links: dict[str, list[WrapButton]] = {}

    def show_content(self, content: ReviewContent, *, high_contrast: bool = False) -> None:
        old = self.content
        self.content = QWidget(self.body)
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.setSpacing(14)
        self.column.replaceWidget(old, self.content)
        old.deleteLater()
        self.flag_cards = {}
        self.links = {}

        counts = [flags_count(len(content.flags)), missing_count(len(content.missing))]
        if content.invalid:
            counts.append(invalid_count(len(content.invalid)))
        self.summary.setText(tr("Review", "{counts}.", counts=", ".join(counts)))

        if content.missing or content.invalid:
            self._heading(tr("Review", "Still to do before you can finalise"), "todo")
            group = self._link_group()
            for link in content.missing:
                self._add_link(link, "missing", group)
            for link in content.invalid:
                self._add_link(link, "invalid", group)

        self._heading(tr("Review", "Flags raised"), "flags")
        if not content.flags:
            self.content_layout.addWidget(wrapped_label(tr("Review", "No flags raised."), Role.BODY,
                                                        parent=self.content))
        for flag in content.flags:
            card = FlagCard(flag, high_contrast=high_contrast, parent=self.content)
            card.item_requested.connect(self.item_requested)
            self.flag_cards[flag.code] = card
            for button in card.links:
                self.links.setdefault("reason", []).append(button)
            self.content_layout.addWidget(card)

        if content.scores:
            self._heading(tr("Review", "Scores"), "scores")
            for score in content.scores:
                self.content_layout.addWidget(
                    wrapped_label(f"{score.label}: {score.text}", Role.BODY, parent=self.content))

        self._heading(tr("Review", "Questions the person declined to answer"), "declined")
        if not content.declined:
            self.content_layout.addWidget(wrapped_label(tr("Review", "None."), Role.BODY,
                                                        parent=self.content))
        group = self._link_group()
        for link in content.declined:
            self._add_link(link, "declined", group)

        self.finalise_button.setEnabled(content.can_finalise)
        if content.can_finalise:
            self.finalise_note.setText(tr(
                "Review", "Finalising signs the screening with your passphrase. After that it cannot "
                          "be changed, only amended with a reason."))
        else:
            waiting = len(content.missing) + len(content.invalid)
            self.finalise_note.setText(tr(
                "Review", "You can finalise once every required question has an answer ({count} to "
                          "go: see the list above).", count=questions_count(waiting)))
        self.settle(self.content)

    def _heading(self, text: str, name: str) -> None:
        label = wrapped_label(text, Role.HEADING, parent=self.content)
        label.setObjectName(f"heading-{name}")
        self.content_layout.addWidget(label)

    def _link_group(self) -> QVBoxLayout:
        layout = QVBoxLayout()
        layout.setSpacing(2)
        self.content_layout.addLayout(layout)
        return layout

    def _add_link(self, link: ItemLink, group: str, layout: QVBoxLayout) -> None:
        button = _link(link, self.content)
        button.clicked.connect(lambda _c=False, code=link.code: self.item_requested.emit(code))
        self.links.setdefault(group, []).append(button)
        layout.addWidget(button)

    def controls(self) -> list[QWidget]:
        """The focusable controls in reading order (for the wizard's tab order)."""
        found = [w for w in self.content.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        return [*found, self.finalise_button]

    def link_codes(self, group: str) -> list[str]:
        return [b.objectName().removeprefix("link-") for b in self.links.get(group, [])]


def flags_count(n: int) -> str:
    if n == 0:
        return tr("Review", "No flags raised")
    return tr("Review", "1 flag raised") if n == 1 else tr("Review", "{n} flags raised", n=n)


def missing_count(n: int) -> str:
    if n == 0:
        return tr("Review", "No questions still to answer")
    if n == 1:
        return tr("Review", "1 question still to answer")
    return tr("Review", "{n} questions still to answer", n=n)


def invalid_count(n: int) -> str:
    return tr("Review", "1 answer to correct") if n == 1 else tr("Review", "{n} answers to correct", n=n)


def questions_count(n: int) -> str:
    return tr("Review", "1 question") if n == 1 else tr("Review", "{n} questions", n=n)


class ReviewController(QObject):
    """Builds the review page's content from an ``Evaluation`` and the draft's answers."""

    item_requested = Signal(str)
    finalise_requested = Signal()

    def __init__(self, form: CompiledForm, registry: FlagRegistry,
                 view: ReviewView | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.registry = registry
        self.view = view if view is not None else ReviewView()
        self.view.item_requested.connect(self.item_requested)
        self.view.finalise_requested.connect(self._finalise)
        self.content: ReviewContent | None = None

    def _finalise(self) -> None:
        if self.content is not None and self.content.can_finalise:
            self.finalise_requested.emit()

    def show(self, evaluation: Evaluation, answers: Mapping[str, Value], *, lang: str = "en",
             easy_read: bool = False, high_contrast: bool = False) -> ReviewContent:
        self.content = self.build(evaluation, answers, lang=lang, easy_read=easy_read)
        self.view.show_content(self.content, high_contrast=high_contrast)
        return self.content

    def build(self, evaluation: Evaluation, answers: Mapping[str, Value], *, lang: str = "en",
              easy_read: bool = False) -> ReviewContent:
        def question(code: str) -> str:
            item = self.form.items[code]
            return text_in(item.easy_read if easy_read else item.text, lang)

        def answered_link(code: str) -> ItemLink:
            shown = answer_text(self.form, code, answers.get(code), lang=lang, easy_read=easy_read)
            return ItemLink(code, tr("Review", "{code}: {question}\nAnswer: {answer}", code=code,
                                     question=question(code), answer=shown))

        flags = []
        for result in evaluation.flags:
            definition = self.registry.get(result.code)
            reasons = tuple(
                ReasonShown(reason.text, tuple(answered_link(code) for code in reason.items
                                               if code in self.form.items))
                for reason in result.reasons
            )
            flags.append(FlagShown(
                code=result.code,
                level=result.level,
                label=text_in(definition.label, lang) if definition else result.code,
                definition=text_in(definition.definition, lang) if definition else "",
                summary=result.summary,
                reasons=reasons,
            ))
        scores = []
        for score_id, score in self.form.scores.items():
            value = evaluation.scores.get(score_id)
            band = evaluation.bands.get(score_id)
            if value is None:
                text = tr("Review", "not worked out yet: some of its questions have no answer")
            else:
                text = f"{value}" + (f" ({text_in(band.label, lang)})" if band else "")
            scores.append(ScoreShown(text_in(score.label, lang), text))
        return ReviewContent(
            flags=tuple(flags),
            scores=tuple(scores),
            declined=tuple(ItemLink(c, f"{c}: {question(c)}") for c in evaluation.declined),
            missing=tuple(ItemLink(c, f"{c}: {question(c)}") for c in evaluation.missing_required),
            invalid=tuple(
                ItemLink(c, f"{c}: {question(c)} {problem_sentence(p)}")
                for c, p in evaluation.invalid.items()
            ),
        )
