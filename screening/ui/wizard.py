"""The screening wizard's view, generated from a ``CompiledForm``: layout only.

  +-------------------------------------------------------------------+
  | Form title                     [Easy read] [Form language] ... Saved |
  +-------------+-----------------------------------------------------+
  | Sections    |  Section heading                                    |
  |  Intro      |  +-----------------------------------------------+  |
  |  1. About ✓ |  | A1  What is your date of birth?               |  |
  |  2. Health  |  |     Why we ask: ...                           |  |
  |  ...        |  |     [ input ]                                 |  |
  |  Check      |  +-----------------------------------------------+  |
  +-------------+-----------------------------------------------------+
  | [Back]                 Section 2 of 5                    [Next]   |
  +-------------------------------------------------------------------+

The view emits what the user did (``answer_edited``, ``next_requested`` ...) and shows what it is
told; ``wizard_controller.WizardController`` decides everything else.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening.checklist.answers import Value
from screening.checklist.checks import walk
from screening.checklist.loader import CompiledForm
from screening.checklist.model import Item, Section, text_in
from screening.domain import reference
from screening.domain.enums import ItemKind
from screening.ui.editors import ItemEditor, editor_for
from screening.ui.i18n import error_text, tr
from screening.ui.theme import TEXT_SIZES, Role, ThemeSettings, repolish, set_role
from screening.ui.widgets import FlowLayout, WrapButton, set_accessible, wrapped_label

INTRO_PAGE = "#intro"
REVIEW_PAGE = "#review"
"""Page keys besides the section ids ('#' cannot start a section id)."""

READING_WIDTH_CHARS = 72
"""Text columns stay readable: about this many average characters wide at most."""


def why_we_ask(lang: str) -> str:
    """The "why we ask" lead-in is read to the person, so it follows the form language.
    (The Welsh wants checking by a Welsh speaker, like the forms' own Welsh text.)"""
    return "Pam rydyn ni'n gofyn" if lang.split("-")[0] == "cy" else "Why we ask"


def easy_read_text(on: bool) -> str:
    """The state is in the words too, not only in the button's colour."""
    return tr("Wizard", "Easy read: on") if on else tr("Wizard", "Easy read: off")


def problem_sentence(problem: str) -> str:
    """Turns an engine message ("cannot be in the future") into a sentence for the field."""
    text = problem.strip()
    if text.startswith("'") or text[:1].isupper():
        sentence = text[0].upper() + text[1:]
    else:
        sentence = tr("Wizard", "This answer {problem}", problem=text)
    return sentence if sentence.endswith(".") else sentence + "."


class ReadableColumn(QWidget):
    """A column whose width is capped in characters, so lines stay short at any text size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(32, 24, 32, 32)
        self.column.setSpacing(16)
        self._cap()

    def _cap(self) -> None:
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS + 64)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._cap()
        super().changeEvent(event)


class ScrollingPage(QScrollArea):
    """A page that scrolls vertically and reflows horizontally (never scrolls sideways)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Tab goes to the controls on the page, not to the page itself.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        set_role(holder, Role.PAGE)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.body = ReadableColumn(holder)
        row.addWidget(self.body, 1)
        row.addStretch(0)
        self.setWidget(holder)

    @property
    def column(self) -> QVBoxLayout:
        return self.body.column

    def settle(self, part: QWidget) -> None:
        """Lays out ``part`` (just made and put in the page) and the page around it *now*.

        Left to Qt, a widget put into a shown page is shown by a queued call, and until then the
        page's layout counts it as empty: the scroll area sizes the page to fit without it, then
        the widget shows and is squeezed into that space (its children drawn over each other a
        few pixels high), and only a chain of posted layout requests, one event-loop round each,
        sizes the page again. Whatever paints or grabs the page in between shows it collapsed.
        Here the part is shown at once, every layout inside it is worked out (innermost first),
        then the page's, and the scroll area sizes the page to its height for its width."""
        part.show()
        page = self.widget()
        inner = [w.layout() for w in reversed(part.findChildren(QWidget))]
        for layout in [*inner, part.layout(), self.column, page.layout() if page else None]:
            if layout is not None:
                layout.invalidate()
                layout.activate()
        # QScrollArea recomputes its widget's size (height for width) on a layout request.
        QCoreApplication.sendEvent(self, QEvent(QEvent.Type.LayoutRequest))

    def reveal(self, widget: QWidget) -> None:
        """Scrolls so that ``widget`` is in view (once layouts have settled)."""
        QTimer.singleShot(0, self, lambda: self.ensureWidgetVisible(widget, 24, 48))


class ItemView(QFrame):
    """One question: its text, "why we ask", guidance, the input, and any problem under it."""

    answer_edited = Signal(str, object)
    focused = Signal(str)

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"item-{item.code}")
        set_role(self, Role.CARD)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 18)
        layout.setSpacing(8)

        header = QWidget(self)
        tags = FlowLayout(header, spacing=8)
        self.code_label = QLabel(item.code, header)
        set_role(self.code_label, Role.TAG)
        tags.addWidget(self.code_label)
        self.kind_label = QLabel(header)
        set_role(self.kind_label, Role.TAG)
        if item.kind is ItemKind.OBSERVATION:
            self.kind_label.setText(tr("Wizard", "Your observation"))
        elif item.kind is ItemKind.OPINION:
            self.kind_label.setText(tr("Wizard", "Your opinion"))
        else:
            self.kind_label.hide()
        tags.addWidget(self.kind_label)
        self.optional_label = QLabel(tr("Wizard", "Optional"), header)
        set_role(self.optional_label, Role.TAG)
        tags.addWidget(self.optional_label)
        self.follows_label = QLabel(header)
        set_role(self.follows_label, Role.TAG)
        follows = sorted({c.operand[1] for c, _ in walk(item.enable_when)}
                         if item.enable_when is not None else set())
        # A conditional question says which answer brought it up, so its arrival makes sense.
        self.follows_label.setText(tr("Wizard", "Follows up {codes}", codes=", ".join(follows))
                                   if follows else "")
        self.follows_label.setVisible(bool(follows))
        tags.addWidget(self.follows_label)
        layout.addWidget(header)

        self.question_label = wrapped_label("", Role.QUESTION, parent=self)
        layout.addWidget(self.question_label)
        self.why_label = wrapped_label("", Role.WHY, parent=self)
        layout.addWidget(self.why_label)
        self.help_label = wrapped_label("", Role.HELP, parent=self)
        layout.addWidget(self.help_label)
        self.help_label.setVisible(item.help is not None)

        self.editor: ItemEditor = editor_for(item, self)
        layout.addWidget(self.editor)
        self.problem_label = wrapped_label("", Role.ERROR, parent=self)
        self.problem_label.setObjectName(f"problem-{item.code}")
        self.problem_label.hide()
        layout.addWidget(self.problem_label)

        self.editor.value_edited.connect(self._edited)
        for widget in self.editor.focus_widgets():
            widget.installEventFilter(self)
        self.retranslate("en", False)

    def set_required(self, required: bool) -> None:
        self.optional_label.setVisible(not required)

    def _edited(self, value: object) -> None:
        self.answer_edited.emit(self.item.code, value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn:
            self.focused.emit(self.item.code)
        return super().eventFilter(watched, event)

    def question_text(self, lang: str, easy_read: bool) -> str:
        return text_in(self.item.easy_read if easy_read else self.item.text, lang)

    def retranslate(self, lang: str, easy_read: bool) -> None:
        question = self.question_text(lang, easy_read)
        self.question_label.setText(question)
        self.why_label.setText(f"{why_we_ask(lang)}: {text_in(self.item.why, lang)}")
        if self.item.help is not None:
            self.help_label.setText(tr("Wizard", "Guidance: {text}", text=text_in(self.item.help, lang)))
        self.editor.retranslate(lang, easy_read)
        name = f"{self.item.code}: {question}"
        self.editor.name_controls(name)
        self.setAccessibleName(name)
        self.question_label.setAccessibleName(name)

    def show_problem(self, message: str | None) -> None:
        shown = bool(message)
        self.problem_label.setText(error_text(message) if message else "")
        self.problem_label.setVisible(shown)
        self.setProperty("problem", "true" if shown else "false")
        repolish(self)
        self.editor.set_problem_shown(shown)
        if shown:
            self.editor.focus_target().setAccessibleDescription(error_text(message or ""))
        else:
            self.editor.focus_target().setAccessibleDescription("")

    def problem_text(self) -> str:
        return self.problem_label.text() if self.problem_label.isVisibleTo(self) else ""

    def set_value(self, value: Value | None) -> None:
        self.editor.set_value(value)


class SectionPage(ScrollingPage):
    """One section: heading, optional intro, its items in reading order."""

    def __init__(self, section: Section, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.number = number
        self.setObjectName(f"page-{section.id}")
        self.heading = wrapped_label("", Role.HEADING, parent=self.body)
        self.column.addWidget(self.heading)
        self.intro = wrapped_label("", Role.LEAD, parent=self.body)
        self.intro.setVisible(section.intro is not None)
        self.column.addWidget(self.intro)
        self.items: dict[str, ItemView] = {}
        for item in section.items:
            view = ItemView(item, self.body)
            self.items[item.code] = view
            self.column.addWidget(view)
        self.column.addStretch(1)

    def retranslate(self, lang: str, easy_read: bool) -> None:
        self.heading.setText(f"{self.number}. {text_in(self.section.title, lang)}")
        if self.section.intro is not None:
            self.intro.setText(text_in(self.section.intro, lang))
        for view in self.items.values():
            view.retranslate(lang, easy_read)


class IntroPage(ScrollingPage):
    """The read-aloud introduction, shown first."""

    def __init__(self, form: CompiledForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setObjectName("page-intro")
        self.title = wrapped_label("", Role.TITLE, parent=self.body)
        self.column.addWidget(self.title)
        self.version = wrapped_label("", Role.CODE, parent=self.body)
        self.column.addWidget(self.version)
        self.lead = wrapped_label(tr("Wizard", "Read this out to the person before you start."), Role.LEAD,
                                  parent=self.body)
        self.column.addWidget(self.lead)
        self.read_aloud = wrapped_label("", Role.READ_ALOUD, parent=self.body)
        self.read_aloud.setObjectName("read-aloud")
        self.column.addWidget(self.read_aloud)
        self.review_note = wrapped_label("", Role.HELP, parent=self.body)
        self.column.addWidget(self.review_note)
        self.next_hint = wrapped_label(
            tr("Wizard", "When the person is ready, choose Next (Alt+N). Answers are saved as you go."),
            Role.BODY, parent=self.body)
        self.column.addWidget(self.next_hint)
        self.column.addStretch(1)
        # The introduction can be long at large text sizes: the page itself takes focus so
        # that a keyboard user can scroll it with the arrow keys.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        set_accessible(self, tr("Wizard", "Introduction to read aloud (use the arrow keys to scroll)"))

    def retranslate(self, lang: str, easy_read: bool) -> None:
        definition = self.form.definition
        self.title.setText(text_in(definition.title, lang))
        self.version.setText(tr("Wizard", "{form} version {version}", form=definition.id,
                                version=definition.version))
        self.read_aloud.setText(text_in(definition.introduction, lang))
        self.read_aloud.setAccessibleName(tr("Wizard", "Introduction to read aloud"))
        note = definition.translation_review.get(lang.split("-")[0])
        self.review_note.setText(tr("Wizard", "Translation note: {note}", note=note) if note else "")
        self.review_note.setVisible(bool(note))


class OutlinePanel(QWidget):
    """The sections on the left, with progress; choosing one jumps to it.

    One Tab stop (the current entry); Up and Down move between entries, Enter or Space opens one.
    """

    page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, Role.PANEL)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(0)
        heading = QLabel(tr("Wizard", "Sections"), self)
        set_role(heading, Role.SUBHEADING)
        layout.addWidget(heading)
        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        holder.setObjectName("outline-entries")
        self.entries_layout = QVBoxLayout(holder)
        self.entries_layout.setContentsMargins(0, 0, 0, 0)
        self.entries_layout.setSpacing(0)
        self.entries_layout.addStretch(1)
        self.scroller.setWidget(holder)
        layout.addWidget(self.scroller, 1)
        self._entries: dict[str, WrapButton] = {}
        self._titles: dict[str, str] = {}
        self._current: str | None = None

    def add_entry(self, key: str, title: str) -> None:
        entry = WrapButton(title, Role.OUTLINE, self.scroller.widget())
        entry.setObjectName(f"outline-{key.lstrip('#')}")
        entry.setCheckable(True)
        entry.setAutoExclusive(False)
        entry.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        entry.clicked.connect(lambda _checked=False, k=key: self._chosen(k))
        entry.installEventFilter(self)
        self.entries_layout.insertWidget(self.entries_layout.count() - 1, entry)
        self._entries[key] = entry
        self._titles[key] = title
        self.set_entry(key, title, "")

    def set_entry(self, key: str, title: str, progress: str) -> None:
        entry = self._entries[key]
        text = f"{title}\n{progress}" if progress else title
        self._titles[key] = title
        entry.set_label_text(text)
        set_accessible(entry, self._entry_name(title, key == self._current), progress)

    @staticmethod
    def _entry_name(title: str, current: bool) -> str:
        if current:
            return tr("Wizard", "Go to {section}, current section", section=title)
        return tr("Wizard", "Go to {section}", section=title)

    def set_entry_visible(self, key: str, visible: bool) -> None:
        self._entries[key].setVisible(visible)

    def entry_text(self, key: str) -> str:
        return self._entries[key].label_text()

    def entry(self, key: str) -> WrapButton:
        return self._entries[key]

    def is_entry_visible(self, key: str) -> bool:
        return not self._entries[key].isHidden()

    def set_current(self, key: str) -> None:
        self._current = key
        for other, entry in self._entries.items():
            entry.setChecked(other == key)
            entry.setFocusPolicy(Qt.FocusPolicy.StrongFocus if other == key
                                 else Qt.FocusPolicy.ClickFocus)
            title = self._titles.get(other, "")
            entry.setAccessibleName(self._entry_name(title, other == key))
        self.scroller.ensureWidgetVisible(self._entries[key])

    def _chosen(self, key: str) -> None:
        self._entries[key].setChecked(key == self._current)
        self.page_chosen.emit(key)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            shown = [e for e in self._entries.values() if not e.isHidden()]
            if watched in shown:
                index = shown.index(watched)
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                if 0 <= index + step < len(shown):
                    target = shown[index + step]
                    target.setFocus(Qt.FocusReason.TabFocusReason)
                    self.scroller.ensureWidgetVisible(target)
                return True
        return super().eventFilter(watched, event)


class SaveIndicator(QWidget):
    """A quiet "Saved" that turns into a clear message (and a Try again button) on failure."""

    retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.label = QLabel("", self)
        self.label.setObjectName("save-state")
        set_role(self.label, Role.STATUS)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.retry = QPushButton(tr("Wizard", "Try saving again"), self)
        set_accessible(self.retry, tr("Wizard", "Try saving the unsaved answers again"))
        self.retry.hide()
        self.retry.clicked.connect(self.retry_requested)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry)
        self.set_state("idle")

    def set_state(self, state: str, message: str = "") -> None:
        """``idle``, ``saving``, ``saved`` or ``failed`` (with a plain message)."""
        texts = {
            "idle": tr("Wizard", "Answers are saved as you go"),
            "saving": tr("Wizard", "Saving…"),
            "saved": tr("Wizard", "✓ Saved"),
            "failed": (tr("Wizard", "Not saved: {reason}", reason=message) if message
                       else tr("Wizard", "Not saved")),
        }
        self.label.setText(texts[state])
        self.label.setProperty("state", state)
        repolish(self.label)
        self.label.setAccessibleName(tr("Wizard", "Save status: {state}", state=texts[state]))
        self.retry.setVisible(state == "failed")

    def state(self) -> str:
        value = self.label.property("state")
        return value if isinstance(value, str) else "idle"


class WizardView(QWidget):
    """The whole wizard screen. Pages: ``INTRO_PAGE``, each section id, ``REVIEW_PAGE``."""

    next_requested = Signal()
    back_requested = Signal()
    page_chosen = Signal(str)
    answer_edited = Signal(str, object)
    item_focused = Signal(str)
    easy_read_toggled = Signal(bool)
    language_chosen = Signal(str)
    text_size_chosen = Signal(float)
    high_contrast_toggled = Signal(bool)
    retry_requested = Signal()
    discard_requested = Signal()

    def __init__(self, form: CompiledForm, *, theme: ThemeSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._pending_focus: QWidget | None = None
        self.setObjectName("wizard")
        set_role(self, Role.PAGE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle(text_in(form.definition.title, "en"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        outer.addWidget(self._build_top_bar(theme))

        self.outline = OutlinePanel(self)
        self.outline.page_chosen.connect(self.page_chosen)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        self.intro = IntroPage(form, self.stack)
        self._add_page(INTRO_PAGE, self.intro, tr("Wizard", "Introduction (read aloud)"))
        self.sections: dict[str, SectionPage] = {}
        self.items: dict[str, ItemView] = {}
        for number, section in enumerate(form.sections, start=1):
            page = SectionPage(section, number, self.stack)
            self.sections[section.id] = page
            self._add_page(section.id, page, f"{number}. {text_in(section.title, 'en')}")
            for code, view in page.items.items():
                self.items[code] = view
                view.answer_edited.connect(self.answer_edited)
                view.focused.connect(self.item_focused)
                view.set_required(code in form.required)
        self.review_holder = QWidget(self.stack)
        holder_layout = QVBoxLayout(self.review_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        self._add_page(REVIEW_PAGE, self.review_holder, tr("Wizard", "Check answers and finish"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        outer.addWidget(self.splitter, 1)
        outer.addWidget(self._build_nav_bar())
        self._size_outline()
        self.fix_tab_order()

    # ---------------------------------------------------------------- building

    def _build_top_bar(self, theme: ThemeSettings | None) -> QWidget:
        bar = QWidget(self)
        set_role(bar, Role.PANEL)
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setObjectName("top-bar")
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(6)
        title_row = QHBoxLayout()
        title_row.setSpacing(16)
        self.title_label = wrapped_label(text_in(self.form.definition.title, "en"),
                                         Role.SUBHEADING, parent=bar)
        title_row.addWidget(self.title_label, 3)
        self.save_indicator = SaveIndicator(bar)
        self.save_indicator.retry_requested.connect(self.retry_requested)
        title_row.addWidget(self.save_indicator, 2)
        layout.addLayout(title_row)
        controls = QWidget(bar)
        flow = FlowLayout(controls, spacing=10)

        self.easy_read_button = QPushButton(easy_read_text(False), controls)
        self.easy_read_button.setCheckable(True)
        set_accessible(self.easy_read_button,
                       tr("Wizard", "Easy read: show the questions in easy-read words"))
        # The state is in the words too, not only in the button's colour.
        self.easy_read_button.toggled.connect(
            lambda on: self.easy_read_button.setText(easy_read_text(on)))
        self.easy_read_button.toggled.connect(self.easy_read_toggled)
        flow.addWidget(self.easy_read_button)

        self.language_combo = QComboBox(controls)
        for tag in self.form.definition.languages:
            self.language_combo.addItem(
                tr("Wizard", "Form language: {language}",
                   language=reference.language_name(tag, in_language=tag)), tag)
        set_accessible(self.language_combo, tr("Wizard", "Form language"))
        self.language_combo.activated.connect(
            lambda index: self.language_chosen.emit(self.language_combo.itemData(index)))
        self.language_combo.setVisible(len(self.form.definition.languages) > 1)
        flow.addWidget(self.language_combo)

        self.display_button = QPushButton(tr("Wizard", "&Display"), controls)
        set_accessible(self.display_button, tr("Wizard", "Display: text size and high contrast (Alt+D)"))
        self.display_menu = QMenu(self.display_button)
        self.display_menu.setObjectName("display-menu")
        sizes = QActionGroup(self.display_menu)
        sizes.setExclusive(True)
        self.text_size_actions: dict[float, QAction] = {}
        for scale in TEXT_SIZES:
            action = self.display_menu.addAction(tr("Wizard", "Text size {percent}%",
                                                    percent=round(scale * 100)))
            action.setCheckable(True)
            sizes.addAction(action)
            action.triggered.connect(lambda _checked=False, s=scale: self.text_size_chosen.emit(s))
            self.text_size_actions[scale] = action
        self.display_menu.addSeparator()
        self.contrast_action = self.display_menu.addAction(tr("Wizard", "High contrast"))
        self.contrast_action.setCheckable(True)
        self.contrast_action.toggled.connect(self.high_contrast_toggled)
        self.display_button.setMenu(self.display_menu)
        self.display_button.setProperty("menu", "true")
        flow.addWidget(self.display_button)
        # Destructive, so it asks first (the flow's dialog) and is not the default anywhere.
        self.discard_button = QPushButton(tr("Wizard", "Disc&ard draft…"), controls)
        self.discard_button.setObjectName("discard-draft")
        set_accessible(self.discard_button,
                       tr("Wizard", "Discard this draft (Alt+A): asks you to confirm first"))
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.discard_requested)
        flow.addWidget(self.discard_button)
        layout.addWidget(controls)
        self.show_theme(theme)
        return bar

    def _build_nav_bar(self) -> QWidget:
        bar = QWidget(self)
        set_role(bar, Role.PANEL)
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setObjectName("nav-bar")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(16, 10, 16, 10)
        self.back_button = QPushButton(tr("Wizard", "&Back"), bar)
        self.back_button.setObjectName("back")
        set_accessible(self.back_button, tr("Wizard", "Back to the previous section (Alt+B)"))
        self.back_button.clicked.connect(self.back_requested)
        self.position_label = QLabel("", bar)
        set_role(self.position_label, Role.STATUS)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position_label.setWordWrap(True)
        self.next_button = QPushButton(tr("Wizard", "&Next"), bar)
        self.next_button.setObjectName("next")
        set_role(self.next_button, Role.PRIMARY)
        set_accessible(self.next_button, tr("Wizard", "Next section (Alt+N)"))
        self.next_button.clicked.connect(self.next_requested)
        layout.addWidget(self.back_button)
        layout.addWidget(self.position_label, 1)
        layout.addWidget(self.next_button)
        return bar

    def fix_tab_order(self, review_controls: list[QWidget] | None = None) -> None:
        """Tab follows reading order: top bar, outline, the page's questions, then Back/Next.

        Widgets made later (the review page's links) would otherwise come after Back/Next."""
        chain: list[QWidget] = [self.easy_read_button, self.language_combo, self.display_button,
                                self.discard_button]
        chain += [self.outline.entry(key) for key in self.pages]
        chain.append(self.intro)
        for page in self.sections.values():
            for view in page.items.values():
                chain += view.editor.focus_widgets()
        chain += review_controls or []
        chain += [self.back_button, self.next_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _add_page(self, key: str, page: QWidget, title: str) -> None:
        self.pages[key] = page
        self.stack.addWidget(page)
        self.outline.add_entry(key, title)

    def _size_outline(self) -> None:
        width = min(self.fontMetrics().averageCharWidth() * 32, 380)
        self.outline.setMinimumWidth(min(width, 220))
        self.splitter.setSizes([width, max(self.width() - width, width * 2)])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_outline()
        super().changeEvent(event)

    # ---------------------------------------------------------------- showing

    def show_theme(self, theme: ThemeSettings | None) -> None:
        """Shows the current display settings (hides the controls when nobody applies them)."""
        self.display_button.setVisible(theme is not None)
        if theme is None:
            return
        action = self.text_size_actions.get(theme.font_scale)
        if action is not None:
            action.setChecked(True)
        percent = round(theme.font_scale * 100)
        self.display_button.setText(
            tr("Wizard", "&Display: text {percent}%, high contrast", percent=percent)
            if theme.high_contrast else tr("Wizard", "&Display: text {percent}%", percent=percent))
        self.contrast_action.blockSignals(True)
        self.contrast_action.setChecked(theme.high_contrast)
        self.contrast_action.blockSignals(False)

    def show_page(self, key: str) -> None:
        self.stack.setCurrentWidget(self.pages[key])
        self.outline.set_current(key)

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next(key for key, page in self.pages.items() if page is current)

    def set_review_widget(self, widget: QWidget) -> None:
        layout = self.review_holder.layout()
        assert layout is not None
        layout.addWidget(widget)

    def set_navigation(self, *, back_enabled: bool, next_text: str, next_visible: bool,
                       position: str) -> None:
        self.back_button.setEnabled(back_enabled)
        self.next_button.setText(next_text)
        self.next_button.setAccessibleName(tr("Wizard", "{action} (Alt+N)",
                                              action=next_text.replace("&", "")))
        self.next_button.setVisible(next_visible)
        self.position_label.setText(position)

    def set_item_visible(self, code: str, visible: bool) -> None:
        self.items[code].setVisible(visible)

    def set_page_visible(self, key: str, visible: bool) -> None:
        self.outline.set_entry_visible(key, visible)

    def set_progress(self, key: str, title: str, progress: str) -> None:
        self.outline.set_entry(key, title, progress)

    def set_options(self, *, easy_read: bool, lang: str) -> None:
        self.easy_read_button.blockSignals(True)
        self.easy_read_button.setChecked(easy_read)
        self.easy_read_button.setText(easy_read_text(easy_read))
        self.easy_read_button.blockSignals(False)
        index = self.language_combo.findData(lang)
        if index >= 0:
            self.language_combo.setCurrentIndex(index)

    def retranslate(self, lang: str, easy_read: bool) -> None:
        title = text_in(self.form.definition.title, lang)
        self.title_label.setText(title)
        self.setWindowTitle(title)
        self.intro.retranslate(lang, easy_read)
        for page in self.sections.values():
            page.retranslate(lang, easy_read)

    def request_focus(self, widget: QWidget) -> None:
        """Focuses ``widget`` now, or when the wizard is first shown if it is not yet."""
        self._pending_focus = widget
        if self.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        pending = self._pending_focus
        if pending is not None:
            pending.setFocus(Qt.FocusReason.OtherFocusReason)
            current = self.stack.currentWidget()
            if isinstance(current, ScrollingPage) and current.isAncestorOf(pending):
                current.reveal(pending)

    def focus_item(self, code: str) -> None:
        view = self.items[code]
        self.request_focus(view.editor.focus_target())
        page = self.sections[self.form.section_of[code]]
        page.reveal(view)

    def focus_first_item(self, key: str, visible: Iterable[str]) -> None:
        page = self.sections.get(key)
        if page is None:
            self.request_focus(self.next_button)
            return
        shown = set(visible)
        for code in page.items:
            if code in shown:
                self.focus_item(code)
                page.verticalScrollBar().setValue(0)
                return
