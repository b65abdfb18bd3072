"""The screening wizard's behaviour.

``WizardController`` builds a ``WizardView`` from a ``CompiledForm`` and then:
- re-evaluates the answers with the forms engine after every change, showing and hiding
  conditional items (a hidden item keeps its answer in the draft, so toggling back loses nothing);
- shows validation problems under the field (reading problems from the editor, rule problems from
  ``answers.validate`` through the engine);
- hands every change AT ONCE to the draft's ``AnswerSink`` on the ``DatabaseWorker`` and shows a
  quiet "Saved" when the sink has committed it (or a plain message and "Try saving again");
- moves between the introduction, the sections and the review page (Back / Next, the outline,
  links from the review page back to a question) and reports where the user is, so a draft
  reopens exactly there;
- switches easy-read wording, the form language, text size and high contrast.

The controller never touches the database itself: ``AnswerSink`` is what the services layer
implements for a draft, and its methods run on the database worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from screening.checklist.answers import Value, is_answered
from screening.checklist.engine import Evaluation, evaluate
from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry, text_in
from screening.ui.i18n import language_changed, tr
from screening.ui.review import ReviewController
from screening.ui.tasks import DatabaseWorker
from screening.ui.theme import ThemeController
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE, WizardView, problem_sentence

log = logging.getLogger(__name__)

def needs_answer_text() -> str:
    return tr("Wizard", "This question needs an answer before the screening can be finalised.")


class AnswerSink(Protocol):
    """What the wizard needs from the services layer for one draft screening.

    Both methods are called on the database worker thread (the one that owns the connection),
    in the order the user made the changes. Each call is one transaction; raise on failure (the
    wizard shows "Not saved" and offers to try again).
    """

    def save_answer(self, *, code: str, value: Value | None) -> None:
        """Stores the answer to item ``code``; None removes it (unanswered)."""

    def save_position(self, *, section_id: str | None, item_code: str | None) -> None:
        """Remembers where the user is: a section id (or ``#intro`` / ``#review``) and the
        question last focused, so the draft reopens there."""


@dataclass(frozen=True)
class WizardPosition:
    """Where the user is: a page key (``INTRO_PAGE``, a section id, ``REVIEW_PAGE``) and the
    question that last had focus on it."""

    page: str = INTRO_PAGE
    item_code: str | None = None


class WizardController(QObject):
    """Owns the wizard's behaviour; ``view`` is the widget to show."""

    answer_saved = Signal(str)
    answer_save_failed = Signal(str, str)
    position_changed = Signal(object)
    evaluation_changed = Signal(object)
    finalise_requested = Signal()

    def __init__(
        self,
        *,
        form: CompiledForm,
        registry: FlagRegistry,
        screening_date: date,
        sink: AnswerSink,
        database: DatabaseWorker,
        answers: Mapping[str, Value] | None = None,
        position: WizardPosition | None = None,
        lang: str = "en",
        easy_read: bool = False,
        theme: ThemeController | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.registry = registry
        self.screening_date = screening_date
        self.sink = sink
        self.database = database
        self.theme = theme
        self.lang = lang if lang in form.definition.languages else "en"
        self.easy_read = easy_read
        self.answers: dict[str, Value] = {
            code: value for code, value in (answers or {}).items()
            if code in form.items and is_answered(value)
        }
        self._reading_problems: dict[str, str] = {}
        self._needs_answer: set[str] = set()
        self._visited: set[str] = set()
        self._pending: dict[int, str] = {}
        self._unsaved: set[str] = set()
        self._last_failure = ""
        self._item_code: str | None = None
        self._last_reported: WizardPosition | None = None

        self.view = WizardView(form, theme=theme.settings if theme else None)
        if parent is None:
            self.setParent(self.view)
        self.review = ReviewController(form, registry, parent=self)
        self.view.set_review_widget(self.review.view)
        self.evaluation: Evaluation = self._evaluate()

        for code, value in self.answers.items():
            self.view.items[code].set_value(value)
        self.view.set_options(easy_read=self.easy_read, lang=self.lang)
        self.view.retranslate(self.lang, self.easy_read)
        self._connect()
        self._refresh(shown_problems=set(self.evaluation.invalid))
        start = position or WizardPosition()
        self.go_to(start.page if start.page in self.view.pages else INTRO_PAGE,
                   item_code=start.item_code, report=False)

    # ---------------------------------------------------------------- wiring

    def _connect(self) -> None:
        view = self.view
        view.answer_edited.connect(self.answer_edited)
        view.next_requested.connect(self.go_next)
        view.back_requested.connect(self.go_back)
        view.page_chosen.connect(lambda key: self.go_to(key))
        view.item_focused.connect(self._item_focused)
        view.easy_read_toggled.connect(self.set_easy_read)
        view.language_chosen.connect(self.set_language)
        view.retry_requested.connect(self.retry_unsaved)
        view.text_size_chosen.connect(self._text_size_chosen)
        view.high_contrast_toggled.connect(self._high_contrast_toggled)
        self.review.item_requested.connect(self.go_to_item)
        self.review.finalise_requested.connect(self.finalise_requested)
        if self.theme is not None:
            self.theme.theme_changed.connect(self._theme_changed)
        language_changed().connect(self._interface_language_changed)

    # ---------------------------------------------------------------- answers

    def answer_edited(self, code: str, value: object) -> None:
        """The user changed item ``code``; ``value`` is typed, or None when empty/unreadable."""
        item_view = self.view.items[code]
        problem = item_view.editor.problem()
        typed: Value | None = value if is_answered(value) else None  # type: ignore[assignment]
        if typed is None:
            self.answers.pop(code, None)
        else:
            self.answers[code] = typed
        if problem:
            self._reading_problems[code] = problem
        else:
            self._reading_problems.pop(code, None)
        if typed is not None:
            self._needs_answer.discard(code)
        self._save(code, typed)
        self.evaluation = self._evaluate()
        self._refresh(shown_problems={code})
        self.evaluation_changed.emit(self.evaluation)

    def _evaluate(self) -> Evaluation:
        return evaluate(self.form, self.answers, on=self.screening_date,
                        registry=self.registry, lang=self.lang)

    def _save(self, code: str, value: Value | None) -> None:
        sink = self.sink
        snapshot = list(value) if isinstance(value, list) else value
        holder: list[int] = []
        ticket = self.database.submit(
            lambda: sink.save_answer(code=code, value=snapshot),
            label="save answer",
            on_success=lambda _result: self._saved(holder[0]),
            on_failure=lambda error: self._save_failed(holder[0], error),
        )
        holder.append(ticket)
        self._pending[ticket] = code
        self.view.save_indicator.set_state("saving")

    def _saved(self, ticket: int) -> None:
        code = self._pending.pop(ticket, "")
        if code and not any(c == code for c in self._pending.values()):
            self._unsaved.discard(code)
        self._show_save_state()
        if code:
            self.answer_saved.emit(code)

    def _save_failed(self, ticket: int, error: BaseException) -> None:
        code = self._pending.pop(ticket, "")
        if code:
            self._unsaved.add(code)
        self._last_failure = _plain_failure(error)
        self._show_save_state()
        if code:
            self.answer_save_failed.emit(code, self._last_failure)

    def _show_save_state(self) -> None:
        indicator = self.view.save_indicator
        if self._unsaved:
            count = len(self._unsaved)
            indicator.set_state("failed", tr(
                "Wizard", "{count} answers ({reason}). Your answers are still on screen.",
                count=count, reason=self._last_failure) if count != 1 else tr(
                "Wizard", "1 answer ({reason}). Your answers are still on screen.",
                reason=self._last_failure))
        elif self._pending:
            indicator.set_state("saving")
        else:
            indicator.set_state("saved")

    def retry_unsaved(self) -> None:
        """Sends the current value of every answer that failed to save again."""
        for code in sorted(self._unsaved):
            self._save(code, self.answers.get(code))

    def unsaved_codes(self) -> frozenset[str]:
        return frozenset(self._unsaved)

    def saves_pending(self) -> int:
        return len(self._pending)

    # ---------------------------------------------------------------- showing state

    def _refresh(self, *, shown_problems: set[str]) -> None:
        evaluation = self.evaluation
        for code in self.form.items:
            self.view.set_item_visible(code, code in evaluation.visible)
        for code in shown_problems | set(self._reading_problems) | self._needs_answer:
            self._show_problem(code)
        self._update_outline()
        self._update_navigation()

    def _show_problem(self, code: str) -> None:
        evaluation = self.evaluation
        message: str | None = None
        if code in self._reading_problems:
            message = self._reading_problems[code]
        elif code in evaluation.invalid:
            message = problem_sentence(evaluation.invalid[code])
        elif code in self._needs_answer and code in evaluation.missing_required:
            message = needs_answer_text()
        self.view.items[code].show_problem(message)

    def visible_pages(self) -> list[str]:
        visible = self.evaluation.visible
        sections = [s.id for s in self.form.sections
                    if any(item.code in visible for item in s.items)]
        return [INTRO_PAGE, *sections, REVIEW_PAGE]

    def _update_outline(self) -> None:
        evaluation = self.evaluation
        missing = set(evaluation.missing_required)
        visible_pages = set(self.visible_pages())
        self.view.set_progress(INTRO_PAGE, tr("Wizard", "Introduction (read aloud)"),
                               tr("Wizard", "✓ Read") if INTRO_PAGE in self._visited else "")
        for number, section in enumerate(self.form.sections, start=1):
            title = f"{number}. {text_in(section.title, self.lang)}"
            shown = [i.code for i in section.items if i.code in evaluation.visible]
            required = [c for c in shown if c in self.form.required]
            answered = [c for c in required if c not in missing and c not in evaluation.invalid]
            problems = [c for c in shown if c in evaluation.invalid or c in self._reading_problems]
            if problems:
                progress = tr("Wizard", "! {count} to correct", count=len(problems))
            elif required and len(answered) == len(required):
                progress = tr("Wizard", "✓ Done: {answered} of {required} required",
                              answered=len(answered), required=len(required))
            elif required:
                progress = tr("Wizard", "{answered} of {required} required answered",
                              answered=len(answered), required=len(required))
            elif section.id in self._visited or any(c in self.answers for c in shown):
                progress = tr("Wizard", "✓ Done (all optional)")
            else:
                progress = tr("Wizard", "All optional")
            self.view.set_progress(section.id, title, progress)
            self.view.set_page_visible(section.id, section.id in visible_pages)
        count = len(evaluation.missing_required)
        self.view.set_progress(
            REVIEW_PAGE, tr("Wizard", "Check answers and finish"),
            tr("Wizard", "Ready to finalise") if evaluation.complete
            else tr("Wizard", "1 required question to go") if count == 1
            else tr("Wizard", "{count} required questions to go", count=count))

    def section_progress(self, section_id: str) -> str:
        """The progress line the outline shows for a section (for tests and the app)."""
        return self.view.outline.entry_text(section_id).split("\n", 1)[-1]

    def _update_navigation(self) -> None:
        pages = self.visible_pages()
        current = self.view.current_page() if self.view.stack.count() else INTRO_PAGE
        if current not in pages:
            return
        index = pages.index(current)
        sections = len(pages) - 2
        if current == INTRO_PAGE:
            position = tr("Wizard", "Introduction")
            next_text = tr("Wizard", "&Next: start")
        elif current == REVIEW_PAGE:
            position = tr("Wizard", "Check answers and finish")
            next_text = tr("Wizard", "&Next")
        else:
            position = tr("Wizard", "Section {number} of {count}", number=index, count=sections)
            next_text = (tr("Wizard", "&Next: check answers") if pages[index + 1] == REVIEW_PAGE
                         else tr("Wizard", "&Next"))
        self.view.set_navigation(back_enabled=index > 0, next_text=next_text,
                                 next_visible=current != REVIEW_PAGE, position=position)

    # ---------------------------------------------------------------- navigation

    @property
    def position(self) -> WizardPosition:
        return WizardPosition(self.view.current_page(), self._item_code)

    def go_next(self) -> None:
        pages = self.visible_pages()
        current = self.view.current_page()
        index = pages.index(current) if current in pages else 0
        if index + 1 < len(pages):
            self.go_to(pages[index + 1])

    def go_back(self) -> None:
        pages = self.visible_pages()
        current = self.view.current_page()
        index = pages.index(current) if current in pages else 0
        if index > 0:
            self.go_to(pages[index - 1])

    def go_to(self, page: str, *, item_code: str | None = None, report: bool = True) -> None:
        """Shows ``page`` and focuses ``item_code`` (or the page's first visible question)."""
        if page not in self.visible_pages():
            page = INTRO_PAGE
        previous = self.view.current_page()
        if previous != page:
            self._visited.add(previous)
        self.view.show_page(page)
        self._item_code = None
        if page == REVIEW_PAGE:
            self._show_review()
        if item_code is not None and item_code in self.evaluation.visible \
                and self.form.section_of.get(item_code) == page:
            self._item_code = item_code
            self.view.focus_item(item_code)
        else:
            self.view.focus_first_item(page, self.evaluation.visible)
            if page == REVIEW_PAGE:
                self.review.view.verticalScrollBar().setValue(0)
                self._focus_review()
        self._update_outline()
        self._update_navigation()
        if report:
            self._report_position()

    def _focus_review(self) -> None:
        """On the review page, focus the first thing to do (or Finalise when all is done)."""
        view = self.review.view
        for group in ("missing", "invalid"):
            buttons = view.links.get(group)
            if buttons:
                self.view.request_focus(buttons[0])
                return
        if view.finalise_button.isEnabled():
            self.view.request_focus(view.finalise_button)
        else:
            self.view.request_focus(self.view.back_button)

    def go_to_item(self, code: str) -> None:
        """Jumps to the section holding ``code`` and focuses it (from the review page's links)."""
        if code not in self.form.items:
            return
        if code in self.evaluation.missing_required:
            self._needs_answer.add(code)
            self._show_problem(code)
        self.go_to(self.form.section_of[code], item_code=code)

    def _item_focused(self, code: str) -> None:
        if code != self._item_code:
            self._item_code = code
            self._report_position()

    def _report_position(self) -> None:
        position = self.position
        if position == self._last_reported:
            return
        self._last_reported = position
        self.position_changed.emit(position)
        sink = self.sink
        self.database.submit(
            lambda: sink.save_position(section_id=position.page, item_code=position.item_code),
            label="save position",
        )

    # ---------------------------------------------------------------- person-facing modes

    def set_easy_read(self, on: bool) -> None:
        self.easy_read = on
        self.view.set_options(easy_read=on, lang=self.lang)
        self.view.retranslate(self.lang, on)
        self._after_retranslate()

    def set_language(self, lang: str) -> None:
        if lang not in self.form.definition.languages:
            return
        self.lang = lang
        self.evaluation = self._evaluate()
        self.view.set_options(easy_read=self.easy_read, lang=lang)
        self.view.retranslate(lang, self.easy_read)
        self._after_retranslate()

    def _interface_language_changed(self) -> None:
        """The interface language changed (the form language did not): the wizard's own words
        that are made from several pieces are made again; answers and position stay."""
        self.view.retranslate(self.lang, self.easy_read)
        self._update_navigation()
        if self._unsaved:
            self._show_save_state()
        self._after_retranslate()

    def _after_retranslate(self) -> None:
        self._update_outline()
        if self.view.current_page() == REVIEW_PAGE:
            self._show_review()

    def _show_review(self) -> None:
        self.review.show(self.evaluation, self.answers, lang=self.lang, easy_read=self.easy_read,
                         high_contrast=bool(self.theme and self.theme.settings.high_contrast))
        self.view.fix_tab_order(self.review.view.controls())

    def _text_size_chosen(self, scale: float) -> None:
        if self.theme is not None:
            self.theme.set_font_scale(scale)

    def _high_contrast_toggled(self, on: bool) -> None:
        if self.theme is not None:
            self.theme.set_high_contrast(on)

    def _theme_changed(self, settings: object) -> None:
        if self.theme is not None:
            self.view.show_theme(self.theme.settings)
            if self.view.current_page() == REVIEW_PAGE:
                self._after_retranslate()


def _plain_failure(error: BaseException) -> str:
    """A plain reason for the person at the screen (the log has the type, never the data)."""
    if isinstance(error, PermissionError):
        return tr("Wizard", "the station is locked")
    if isinstance(error, OSError):
        return tr("Wizard", "the station could not write to its disk")
    return tr("Wizard", "something went wrong while saving")
