"""Input widgets, one per item type, generated from an ``Item``.

Every editor:
- emits ``value_edited(value)`` when the USER changes it (never for ``set_value``), with the typed
  value (see ``checklist.answers``) or None when the field is empty or cannot be read;
- reports a reading problem ("Type the date as dd/mm/yyyy") with ``problem()``;
- names its controls for assistive technology (item code + question text).

Editors hold no behaviour beyond turning keystrokes into values: visibility, validation against the
form and saving belong to the controller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from screening.checklist.answers import Value
from screening.checklist.model import Item, Option, text_in
from screening.domain import reference
from screening.domain.dates import LONDON
from screening.domain.enums import ItemType
from screening.ui.i18n import tr
from screening.ui.theme import Role, set_role
from screening.ui.widgets import OptionCheck, OptionRadio, set_accessible, wrapped_label

NUMBER_KEYS = {
    Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4, Qt.Key.Key_5: 5,
    Qt.Key.Key_6: 6, Qt.Key.Key_7: 7, Qt.Key.Key_8: 8, Qt.Key.Key_9: 9,
}
_PREVIOUS_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Left)
_NEXT_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Right)


def option_label(option: Option, lang: str, easy_read: bool) -> str:
    if easy_read and option.easy_read is not None:
        return text_in(option.easy_read, lang)
    return text_in(option.label, lang)


class ItemEditor(QWidget):
    """Base class of the per-type editors."""

    value_edited = Signal(object)

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._problem: str | None = None

    def value(self) -> Value | None:
        raise NotImplementedError

    def set_value(self, value: Value | None) -> None:
        """Shows a stored value without emitting ``value_edited``."""
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the text in the field could not be read as an answer, if it could not."""
        return self._problem

    def focus_target(self) -> QWidget:
        """The control that takes focus when the item is jumped to."""
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        """Every control of this editor that can take focus, in reading order."""
        return [self.focus_target()]

    def name_controls(self, name: str) -> None:
        """Sets accessible names: ``name`` is the item code and question text."""
        for widget in self.focus_widgets():
            set_accessible(widget, name)

    def retranslate(self, lang: str, easy_read: bool) -> None:
        """Shows option labels in another language or in easy read (choice editors)."""

    def set_problem_shown(self, shown: bool) -> None:
        for widget in self.focus_widgets():
            if isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox):
                widget.setProperty("problem", "true" if shown else "false")
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def _emit(self, value: Value | None, problem: str | None = None) -> None:
        self._problem = problem
        self.value_edited.emit(value)


# ------------------------------------------------------------------------------------------------
# Choices
# ------------------------------------------------------------------------------------------------


class _OptionsEditor(ItemEditor):
    """Shared by choice and multi-choice: option rows, number keys, arrow keys."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.buttons: list[QAbstractButton] = []
        numbered = len(item.options) <= len(NUMBER_KEYS)
        for index, option in enumerate(item.options, start=1):
            key = str(index) if numbered else None
            button = self._make_button(option_label(option, "en", False), key)
            button.setObjectName(f"option-{option.code}")
            button.installEventFilter(self)
            layout.addWidget(button)
            self.buttons.append(button)
        self._question = ""

    def _make_button(self, text: str, key: str | None) -> QAbstractButton:
        raise NotImplementedError

    def name_controls(self, name: str) -> None:
        total = len(self.buttons)
        for index, (button, option) in enumerate(zip(self.buttons, self.item.options, strict=True),
                                                 start=1):
            label = button.label_text() if hasattr(button, "label_text") else option.code
            set_accessible(button, tr("Editors", "{question}: option {index} of {total}, {label}",
                                      question=name, index=index, total=total, label=label),
                           tr("Editors", "Press {index} to choose", index=index)
                           if index <= len(NUMBER_KEYS) else "")
        self._question = name

    def retranslate(self, lang: str, easy_read: bool) -> None:
        for button, option in zip(self.buttons, self.item.options, strict=True):
            button.set_label_text(option_label(option, lang, easy_read))  # type: ignore[attr-defined]
        if self._question:
            self.name_controls(self._question)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons)

    def _set_tab_stop(self, stop: QAbstractButton) -> None:
        """One Tab stop per question (roving): Tab moves to the next question, arrows and number
        keys move within this one."""
        for button in self.buttons:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop
                                  else Qt.FocusPolicy.ClickFocus)

    def pick(self, number: int) -> bool:
        """Chooses (or for multi-choice toggles) option ``number`` (1-based), as a user would."""
        if not 1 <= number <= len(self.buttons):
            return False
        button = self.buttons[number - 1]
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        button.click()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractButton) \
                and watched in self.buttons:
            self._focused(watched)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers == Qt.KeyboardModifier.NoModifier:
                key = Qt.Key(event.key())
                if key in NUMBER_KEYS:
                    return self.pick(NUMBER_KEYS[key])
                if key in _PREVIOUS_KEYS or key in _NEXT_KEYS:
                    self._step(watched, -1 if key in _PREVIOUS_KEYS else 1)
                    return True
        return super().eventFilter(watched, event)

    def _step(self, watched: QObject, delta: int) -> None:
        if not isinstance(watched, QAbstractButton) or watched not in self.buttons:
            return
        index = self.buttons.index(watched)
        target = index + delta
        if 0 <= target < len(self.buttons):
            self._arrive(self.buttons[target])

    def _arrive(self, button: QAbstractButton) -> None:
        button.setFocus(Qt.FocusReason.TabFocusReason)

    def _focused(self, button: QAbstractButton) -> None:
        self._set_tab_stop(button)


class ChoiceEditor(_OptionsEditor):
    """Radio rows; only the chosen option (or the first) is a Tab stop, arrows move and choose."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for button in self.buttons:
            self.group.addButton(button)
        self.group.buttonClicked.connect(self._clicked)
        self._update_tab_stops()

    def _make_button(self, text: str, key: str | None) -> QAbstractButton:
        return OptionRadio(text, key, self)

    def _clicked(self, button: QAbstractButton) -> None:
        self._update_tab_stops()
        self._emit(self.value())

    def _arrive(self, button: QAbstractButton) -> None:
        button.setFocus(Qt.FocusReason.TabFocusReason)
        if not button.isChecked():
            button.click()

    def _update_tab_stops(self) -> None:
        checked = self.group.checkedButton()
        self._set_tab_stop(checked if checked is not None else self.buttons[0])

    def _focused(self, button: QAbstractButton) -> None:
        """Radio groups keep the chosen option as the Tab stop, wherever focus wandered."""

    def value(self) -> Value | None:
        checked = self.group.checkedButton()
        if checked is None:
            return None
        return self.item.options[self.buttons.index(checked)].code

    def set_value(self, value: Value | None) -> None:
        codes = self.item.option_codes
        if isinstance(value, str) and value in codes:
            self.buttons[codes.index(value)].setChecked(True)
        else:
            self.group.setExclusive(False)
            for button in self.buttons:
                button.setChecked(False)
            self.group.setExclusive(True)
        self._update_tab_stops()

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else self.buttons[0]


class MultiChoiceEditor(_OptionsEditor):
    """Check-box rows; an ``exclusive`` option (like "None of these") unticks the others and
    ticking another option unticks it."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self._set_tab_stop(self.buttons[0])

    def _make_button(self, text: str, key: str | None) -> QAbstractButton:
        button = OptionCheck(text, key, self)
        button.clicked.connect(lambda _checked=False, b=button: self._clicked(b))
        return button

    def _clicked(self, button: QAbstractButton) -> None:
        index = self.buttons.index(button)
        option = self.item.options[index]
        if button.isChecked():
            for other, other_option in zip(self.buttons, self.item.options, strict=True):
                if other is button:
                    continue
                if option.exclusive or other_option.exclusive:
                    other.setChecked(False)
        self._emit(self.value())

    def value(self) -> Value | None:
        chosen = [o.code for b, o in zip(self.buttons, self.item.options, strict=True)
                  if b.isChecked()]
        return chosen or None

    def set_value(self, value: Value | None) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for button, option in zip(self.buttons, self.item.options, strict=True):
            button.setChecked(option.code in chosen)

    def focus_target(self) -> QWidget:
        return next((b for b in self.buttons if b.focusPolicy() == Qt.FocusPolicy.StrongFocus),
                    self.buttons[0])


# ------------------------------------------------------------------------------------------------
# Text and numbers
# ------------------------------------------------------------------------------------------------


class TextEditor(ItemEditor):
    """Free text: a few lines; Tab moves on (it does not type a tab)."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.textChanged.connect(self._changed)
        layout.addWidget(self.edit)
        self._loading = False
        self._fit_height()

    def _fit_height(self) -> None:
        lines = 3
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 24)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_height()
        super().changeEvent(event)

    def _changed(self) -> None:
        if self._loading:
            return
        text = self.edit.toPlainText()
        self._emit(text if text.strip() else None)

    def value(self) -> Value | None:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Value | None) -> None:
        self._loading = True
        try:
            self.edit.setPlainText(value if isinstance(value, str) else "")
        finally:
            self._loading = False

    def focus_target(self) -> QWidget:
        return self.edit


class LineEditor(ItemEditor):
    """One line of text: identifiers, and the base of the number editors."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.textEdited.connect(self._edited)
        layout.addWidget(self.edit, 1)

    def parse(self, text: str) -> tuple[Value | None, str | None]:
        stripped = text.strip()
        return (stripped or None), None

    def _edited(self, text: str) -> None:
        value, problem = self.parse(text)
        self._emit(value, problem)

    def value(self) -> Value | None:
        return self.parse(self.edit.text())[0]

    def set_value(self, value: Value | None) -> None:
        self.edit.setText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self.edit


class IntegerEditor(LineEditor):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0") * 14)
        self.layout().addStretch(1)  # type: ignore[union-attr]

    def parse(self, text: str) -> tuple[Value | None, str | None]:
        stripped = text.strip()
        if not stripped:
            return None, None
        if re.fullmatch(r"[+-]?\d+", stripped):
            return int(stripped), None
        return None, tr("Editors", "Type a whole number, for example 3.")


class DecimalEditor(LineEditor):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0") * 14)
        self.layout().addStretch(1)  # type: ignore[union-attr]

    def parse(self, text: str) -> tuple[Value | None, str | None]:
        stripped = text.strip()
        if not stripped:
            return None, None
        if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", stripped):
            return float(stripped), None
        return None, tr("Editors", "Type a number, for example 2.5.")

    def set_value(self, value: Value | None) -> None:
        self.edit.setText("" if value is None else f"{value:g}" if isinstance(value, float)
                          else str(value))


# ------------------------------------------------------------------------------------------------
# Dates and times: typed, with the weekday shown back; no calendar popup needed.
# ------------------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2,4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2})\s*[:.]\s*(\d{2})")
def date_hint() -> str:
    return tr("Editors", "Type the date as dd/mm/yyyy, for example 05/03/1990.")


def parse_date(text: str) -> tuple[date | None, str | None]:
    """Reads dd/mm/yyyy (also with - . or spaces, or yyyy-mm-dd); returns (date, problem)."""
    stripped = text.strip()
    if not stripped:
        return None, None
    iso = _ISO.fullmatch(stripped)
    match = _DMY.fullmatch(stripped)
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
    elif match is not None:
        day, month = int(match.group(1)), int(match.group(2))
        if len(match.group(3)) != 4:
            return None, tr("Editors", "Type the year in full, for example 1990.")
        year = int(match.group(3))
    else:
        return None, date_hint()
    if not 1 <= month <= 12:
        return None, tr("Editors", "The month must be between 1 and 12.")
    try:
        return date(year, month, day), None
    except ValueError:
        return None, tr("Editors", "That day does not exist in that month.")


def parse_time(text: str) -> tuple[time | None, str | None]:
    stripped = text.strip()
    if not stripped:
        return None, None
    match = _TIME.fullmatch(stripped)
    if match is None:
        return None, tr("Editors", "Type the time as hh:mm (24-hour clock), for example 14:30.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None, tr("Editors", "Type the time as hh:mm (24-hour clock), for example 14:30.")
    return time(hour, minute), None


_WELSH_DAYS = ("Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
               "Dydd Sadwrn", "Dydd Sul")
_WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
                 "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr")
_ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


def long_date(day: date, lang: str = "en") -> str:
    """"Thursday 1 February 1990" ("Dydd Iau 1 Chwefror 1990" in Welsh): the weekday helps
    catch a mistyped date. Not locale-dependent, so it reads the same on every PC."""
    welsh = lang.split("-")[0] == "cy"
    days, months = (_WELSH_DAYS, _WELSH_MONTHS) if welsh else (_ENGLISH_DAYS, _ENGLISH_MONTHS)
    return f"{days[day.weekday()]} {day.day} {months[day.month - 1]} {day.year}"


class DateEditor(ItemEditor):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.edit.textEdited.connect(self._edited)
        self.shown_as = QLabel(self)
        set_role(self.shown_as, Role.LEAD)
        self.shown_as.setWordWrap(True)
        self._lang = "en"
        layout.addWidget(self.edit)
        layout.addWidget(self.shown_as, 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        super().changeEvent(event)

    def _edited(self, text: str) -> None:
        value, problem = parse_date(text)
        self._show(value)
        self._emit(value, problem)

    def _show(self, value: date | None) -> None:
        self.shown_as.setText(long_date(value, self._lang) if value is not None else "")

    def retranslate(self, lang: str, easy_read: bool) -> None:
        self._lang = lang
        self._show(parse_date(self.edit.text())[0])

    def value(self) -> Value | None:
        return parse_date(self.edit.text())[0]

    def set_value(self, value: Value | None) -> None:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date):
            self.edit.setText(f"{day:%d/%m/%Y}")
            self._show(day)
        else:
            self.edit.clear()
            self._show(None)

    def focus_target(self) -> QWidget:
        return self.edit


class DateTimeEditor(ItemEditor):
    """A date and a 24-hour time, read as Europe/London local time; "Now" fills both."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.date_edit = QLineEdit(self)
        self.date_edit.setPlaceholderText("dd/mm/yyyy")
        self.time_edit = QLineEdit(self)
        self.time_edit.setPlaceholderText("hh:mm")
        self.now_button = QPushButton(tr("Editors", "Now"), self)
        self._size_fields()
        for edit in (self.date_edit, self.time_edit):
            edit.textEdited.connect(self._edited)
        self.now_button.clicked.connect(self._now)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addWidget(self.now_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.shown_as = wrapped_label("", Role.LEAD, parent=self)
        outer.addWidget(self.shown_as)
        self._lang = "en"

    def _size_fields(self) -> None:
        metrics = self.date_edit.fontMetrics()
        self.date_edit.setMaximumWidth(metrics.horizontalAdvance("00/00/00000") + 40)
        self.time_edit.setMaximumWidth(metrics.horizontalAdvance("00:000") + 40)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._size_fields()
        super().changeEvent(event)

    def _read(self) -> tuple[datetime | None, str | None]:
        day, day_problem = parse_date(self.date_edit.text())
        moment, time_problem = parse_time(self.time_edit.text())
        if day_problem or time_problem:
            return None, day_problem or time_problem
        if day is None and moment is None:
            return None, None
        if day is None or moment is None:
            return None, tr("Editors", "Type both the date and the time.")
        return datetime.combine(day, moment, tzinfo=LONDON), None

    def _edited(self, _text: str = "") -> None:
        value, problem = self._read()
        self._show(value)
        self._emit(value, problem)

    def _now(self) -> None:
        now = datetime.now(LONDON)
        self.date_edit.setText(f"{now:%d/%m/%Y}")
        self.time_edit.setText(f"{now:%H:%M}")
        self._edited()

    def _show(self, value: datetime | None) -> None:
        at = "am" if self._lang.split("-")[0] == "cy" else "at"
        self.shown_as.setText(f"{long_date(value.date(), self._lang)} {at} {value:%H:%M}"
                              if value else "")

    def retranslate(self, lang: str, easy_read: bool) -> None:
        self._lang = lang
        self._show(self._read()[0])

    def value(self) -> Value | None:
        return self._read()[0]

    def set_value(self, value: Value | None) -> None:
        if isinstance(value, datetime):
            local = value.astimezone(LONDON) if value.tzinfo is not None else value
            self.date_edit.setText(f"{local:%d/%m/%Y}")
            self.time_edit.setText(f"{local:%H:%M}")
            self._show(local)
        else:
            self.date_edit.clear()
            self.time_edit.clear()
            self._show(None)

    def focus_target(self) -> QWidget:
        return self.date_edit

    def focus_widgets(self) -> list[QWidget]:
        return [self.date_edit, self.time_edit, self.now_button]

    def name_controls(self, name: str) -> None:
        set_accessible(self.date_edit, tr("Editors", "{question}: date (dd/mm/yyyy)", question=name))
        set_accessible(self.time_edit, tr("Editors", "{question}: time (hh:mm)", question=name))
        set_accessible(self.now_button, tr("Editors", "{question}: fill in the date and time now",
                                           question=name))


# ------------------------------------------------------------------------------------------------
# Reference-data pickers
# ------------------------------------------------------------------------------------------------


def language_entry(language: reference.Language, lang: str) -> str:
    name = language.name_cy if lang.split("-")[0] == "cy" else language.name_en
    return f"{name} ({language.tag})"


def listed_language_tag(text: str) -> str | None:
    """The tag of the reference language ``text`` names: a list entry or a bare name, in English
    or Welsh, or its code (any case); None for anything else."""
    folded = text.strip().casefold()
    for language in reference.LANGUAGES:
        names = {language_entry(language, "en").casefold(), language_entry(language, "cy").casefold(),
                 language.name_en.casefold(), language.name_cy.casefold(), language.tag.casefold()}
        if folded in names:
            return language.tag
    return None


def release_typed_over(combo: QComboBox, line: QLineEdit, text: str) -> None:
    """Typing over a chosen entry of an editable ``combo`` leaves no entry chosen: a redrawn
    current entry (as on a language switch) would put its name back over what was typed."""
    index = combo.currentIndex()
    if index >= 0 and combo.itemText(index) != text:
        cursor = line.cursorPosition()
        combo.blockSignals(True)
        combo.setCurrentIndex(-1)
        combo.setEditText(text)
        line.setCursorPosition(cursor)
        combo.blockSignals(False)


class LanguageEditor(ItemEditor):
    """A searchable list of the reference languages; any well-formed BCP 47 tag may be typed.

    Saved when a language is picked or the field is left (not on every keystroke: "Pol" is a
    well-formed tag on its way to "Polish")."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(12)
        line_edit = self.combo.lineEdit()
        assert line_edit is not None
        self.line_edit: QLineEdit = line_edit
        self.line_edit.setPlaceholderText(tr("Editors", "Start typing a language or a code (e.g. pl, "
                                                        "bfi)"))
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(20)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._lang = "en"
        self._fill()
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.combo.activated.connect(self._commit)
        self.line_edit.editingFinished.connect(self._commit)
        self.line_edit.textEdited.connect(self._typed)
        layout.addWidget(self.combo, 1)
        self._last: Value | None = None

    def name_controls(self, name: str) -> None:
        set_accessible(self.combo, name, tr("Editors", "Type to search, or type a language code"))
        set_accessible(self.line_edit, name)

    def _fill(self) -> None:
        self.combo.blockSignals(True)
        current = self.combo.currentText()
        self.combo.clear()
        for language in reference.LANGUAGES:
            self.combo.addItem(language_entry(language, self._lang), language.tag)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(current)
        self.combo.blockSignals(False)

    def retranslate(self, lang: str, easy_read: bool) -> None:
        value = self.value()
        self._lang = lang
        self._fill()
        self.set_value(value)

    def _typed(self, text: str) -> None:
        release_typed_over(self.combo, self.line_edit, text)

    def read(self, text: str) -> tuple[Value | None, str | None]:
        stripped = text.strip()
        if not stripped:
            return None, None
        tag = listed_language_tag(stripped)
        if tag is not None:
            return tag, None
        if reference.is_well_formed_language_tag(stripped):
            return reference.normalise_language_tag(stripped), None
        return None, tr("Editors", "Choose a language from the list, or type a language code such "
                                   "as pl (Polish) or bfi (British Sign Language).")

    def _commit(self, *_args: object) -> None:
        value, problem = self.read(self.combo.currentText())
        if value == self._last and problem == self._problem:
            return
        self._last = value
        if isinstance(value, str):
            self._display(value)
        self._emit(value, problem)

    def _display(self, tag: str) -> None:
        index = self.combo.findData(tag)
        self.combo.blockSignals(True)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText(tag)
        self.combo.blockSignals(False)

    def value(self) -> Value | None:
        return self.read(self.combo.currentText())[0]

    def set_value(self, value: Value | None) -> None:
        self._last = value
        if isinstance(value, str) and value:
            self._display(value)
        else:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText("")
            self.combo.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self.combo


ETHNIC_GROUP_ROLE = Qt.ItemDataRole.UserRole + 1
"""The group (``EthnicGroup`` value) of a heading row in an ethnicity list."""


def ethnicity_model(placeholder: str, lang: str, parent: QObject | None = None) -> QStandardItemModel:
    """An ethnicity list: ``placeholder`` (no code), the 19 ONS 2021 categories indented under
    their five group headings (not selectable), and "Prefer not to say"; the words in ``lang``
    (see ``label_ethnicities``), the ``Ethnicity`` code of each entry in its UserRole."""
    model = QStandardItemModel(parent)
    model.appendRow(QStandardItem(placeholder))
    for group in reference.EthnicGroup:
        header = QStandardItem()
        header.setData(group.value, ETHNIC_GROUP_ROLE)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont()
        font.setBold(True)
        header.setFont(font)
        model.appendRow(header)
        for category in reference.ethnicities_in_group(group):
            entry = QStandardItem()
            entry.setData(category.code.value, Qt.ItemDataRole.UserRole)
            model.appendRow(entry)
    refuse = QStandardItem()
    refuse.setData(reference.PREFER_NOT_TO_SAY_ETHNICITY.code.value, Qt.ItemDataRole.UserRole)
    model.appendRow(refuse)
    label_ethnicities(model, lang)
    return model


def label_ethnicities(model: QStandardItemModel, lang: str) -> None:
    """Sets the words of an ethnicity list in ``lang`` ("en" or "cy"), in place: the rows, their
    codes and the current choice stay as they are. The placeholder row is left alone."""
    for row in range(model.rowCount()):
        item = model.item(row)
        if item is None:
            continue
        group = item.data(ETHNIC_GROUP_ROLE)
        code = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(group, str):
            item.setText(reference.ethnic_group_label(reference.EthnicGroup(group), lang))
        elif isinstance(code, str):
            category = reference.ethnicity(code)
            if category.group is None:
                item.setText(category.label_in(lang))
            else:
                full = category.full_label_in(lang)
                item.setText(f"    {category.label_in(lang)}")
                item.setData(full, Qt.ItemDataRole.AccessibleTextRole)
                item.setToolTip(full)


class EthnicityEditor(ItemEditor):
    """The 19 ONS 2021 categories under their five group headings, and "Prefer not to say", in
    the form language (``retranslate`` relabels them in place, keeping the answer)."""

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(20)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMaxVisibleItems(16)
        self._lang = "en"
        self.list_model = ethnicity_model(tr("Editors", "Choose an ethnic group…"), self._lang, self.combo)
        self.combo.setModel(self.list_model)
        self.combo.activated.connect(self._picked)
        layout.addWidget(self.combo, 1)

    def retranslate(self, lang: str, easy_read: bool) -> None:
        if lang != self._lang:
            self._lang = lang
            label_ethnicities(self.list_model, lang)

    def _picked(self, _index: int) -> None:
        self._emit(self.value())

    def codes(self) -> Sequence[str]:
        return [c for i in range(self.combo.count())
                if isinstance(c := self.combo.itemData(i, Qt.ItemDataRole.UserRole), str)]

    def value(self) -> Value | None:
        data = self.combo.currentData(Qt.ItemDataRole.UserRole)
        return data if isinstance(data, str) else None

    def set_value(self, value: Value | None) -> None:
        index = self.combo.findData(value, Qt.ItemDataRole.UserRole) if isinstance(value, str) else -1
        self.combo.setCurrentIndex(index if index >= 0 else 0)

    def focus_target(self) -> QWidget:
        return self.combo


EDITORS: dict[ItemType, type[ItemEditor]] = {
    ItemType.CHOICE: ChoiceEditor,
    ItemType.MULTI_CHOICE: MultiChoiceEditor,
    ItemType.INTEGER: IntegerEditor,
    ItemType.DECIMAL: DecimalEditor,
    ItemType.TEXT: TextEditor,
    ItemType.DATE: DateEditor,
    ItemType.DATETIME: DateTimeEditor,
    ItemType.IDENTIFIER: LineEditor,
    ItemType.ETHNICITY: EthnicityEditor,
    ItemType.LANGUAGE: LanguageEditor,
}


def editor_for(item: Item, parent: QWidget | None = None) -> ItemEditor:
    return EDITORS[item.type](item, parent)
