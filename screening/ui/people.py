"""People: search as you type, create and edit a person, and the person's page.

- ``PeopleSearchController``: one box for a name, a date of birth, a PNC ID, an NHS number or a
  custody record number. Each search runs on the database worker; every search has a number, and
  a result that comes back after a newer search was asked for is dropped, so stale results never
  overwrite newer ones.
- ``PersonEditorController``: create or edit a person with inline checks of the identifiers (what
  exactly is wrong with an NHS number or a PNC ID), the date of birth or "age in doubt", ethnicity
  (ONS 2021, grouped, with "prefer not to say"), language with interpreter and help to read, sex,
  and the optional gender identity and faith. The services check everything again on save; their
  problems are shown under the same fields.
- ``PersonPageController``: the person's details, their screenings (drafts and every finalised
  revision) and "New screening" among the forms the user's role may start.

Views lay out; controllers call the services through ``context.gateway`` and never block the UI
thread. Nothing here logs names, dates of birth or identifiers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from screening.checklist.model import text_in
from screening.domain import reference
from screening.domain.dates import screening_date_for, utc_now
from screening.domain.enums import IdentifierKind
from screening.domain.models import Person
from screening.domain.reference import Ethnicity, Faith, GenderIdentity, Sex
from screening.services.core import Services
from screening.services.errors import InvalidInputError
from screening.services.views import IdentifierEntry, PersonDetails, PersonSummary, ScreeningSummary
from screening.ui.common import service_error_text
from screening.ui.context import AppContext
from screening.ui.dialogs import FlowDialog
from screening.ui.editors import (
    ethnicity_model,
    label_ethnicities,
    language_entry,
    listed_language_tag,
    long_date,
    release_typed_over,
)
from screening.ui.fields import Busy, ErrorSummary, LabelledField, RecordPage
from screening.ui.i18n import current_language, language_changed, tr
from screening.ui.person_checks import date_of_birth_problem, identifier_problem
from screening.ui.seen_before import SeenBeforeController
from screening.ui.theme import Role, set_role
from screening.ui.widgets import FlowLayout, OptionRadio, WrapButton, set_accessible, wrapped_label
from screening.ui.words import (
    birth_text,
    identifier_label,
    identifier_text,
    identifiers_text,
    screening_row_text,
    summary_name,
)

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 150
"""Wait this long after the last keystroke before searching (typing "Kowalski" is one search)."""
SEARCH_LIMIT = 50

IDENTIFIER_KINDS: tuple[IdentifierKind, ...] = (
    IdentifierKind.PNC_ID, IdentifierKind.NHS_NUMBER, IdentifierKind.CUSTODY_RECORD,
    IdentifierKind.CRO, IdentifierKind.COURT_CASE, IdentifierKind.PROBATION_CASE,
)
"""The identifier boxes of the person form, in order."""


def identifier_hint(kind: IdentifierKind) -> str:
    return {
        IdentifierKind.PNC_ID: tr("People", "For example 19/0012345G or 2019/0012345G"),
        IdentifierKind.NHS_NUMBER: tr("People", "10 digits, for example 943 476 5919"),
        IdentifierKind.CUSTODY_RECORD: tr("People", "As your force writes it, for example "
                                                    "01/123456/25"),
        IdentifierKind.CRO: tr("People", "For example 123456/89X"),
        IdentifierKind.COURT_CASE: tr("People", "For example 01AB2345621"),
        IdentifierKind.PROBATION_CASE: tr("People", "For example X123456"),
    }[kind]


def sex_labels() -> dict[Sex, str]:
    return {
        Sex.NOT_KNOWN: tr("People", "Not known"),
        Sex.MALE: tr("People", "Male"),
        Sex.FEMALE: tr("People", "Female"),
        Sex.NOT_APPLICABLE: tr("People", "Not applicable"),
    }


def gender_identity_labels() -> dict[GenderIdentity, str]:
    return {
        GenderIdentity.MAN: tr("People", "Man"),
        GenderIdentity.WOMAN: tr("People", "Woman"),
        GenderIdentity.NON_BINARY: tr("People", "Non-binary"),
        GenderIdentity.OTHER: tr("People", "Other (in their own words)"),
        GenderIdentity.PREFER_NOT_TO_SAY: tr("People", "Prefer not to say"),
    }


def faith_labels() -> dict[Faith, str]:
    return {
        Faith.NO_RELIGION: tr("People", "No religion"),
        Faith.CHRISTIAN: tr("People", "Christian (including Church of England, Church in Wales, "
                                      "Catholic, Protestant and all other Christian denominations)"),
        Faith.BUDDHIST: tr("People", "Buddhist"),
        Faith.HINDU: tr("People", "Hindu"),
        Faith.JEWISH: tr("People", "Jewish"),
        Faith.MUSLIM: tr("People", "Muslim"),
        Faith.SIKH: tr("People", "Sikh"),
        Faith.OTHER: tr("People", "Any other religion (in their own words)"),
        Faith.PREFER_NOT_TO_SAY: tr("People", "Prefer not to say"),
    }


def plain_error(error: BaseException) -> str:
    """A message for the person at the screen: the services' own, or a plain fallback."""
    text = service_error_text(error)
    if text is not None:
        return text
    return tr("People", "Something went wrong. Try again; if it keeps happening, tell your "
                        "supervisor.")


# ================================================================================================
# Search
# ================================================================================================


class PeopleTableModel(QAbstractTableModel):
    """People found, one row each: name, date of birth, identifiers."""

    HEADERS = ("Name", "Date of birth", "Identifiers")
    """The columns (in English; ``headerData`` gives them in the interface language)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: list[PersonSummary] = []

    def set_people(self, people: Sequence[PersonSummary]) -> None:
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def cell_text(self, row: int, column: int) -> str:
        person = self.people[row]
        if column == 0:
            return summary_name(person)
        if column == 1:
            return birth_text(person.date_of_birth, person.age_in_doubt)
        return identifiers_text(person.identifiers)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.people):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.UserRole:
            return str(self.people[index.row()].id)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("People", "Name"), tr("People", "Date of birth"),
                    tr("People", "Identifiers"))[section]
        return None


class PeopleSearchView(QWidget):
    """Lays out the search page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("people-search")
        set_role(self, Role.PAGE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        self.title = wrapped_label(tr("People", "Find a person"), Role.TITLE, parent=self)
        layout.addWidget(self.title)
        self.choosing = wrapped_label(
            tr("People", "Choose the person to screen, or create a new person record if they are "
                         "not here."),
            Role.LEAD, parent=self)
        self.choosing.setObjectName("choosing-banner")
        self.choosing.hide()
        layout.addWidget(self.choosing)
        self.lead = wrapped_label(
            tr("People", "Search by name, date of birth (dd/mm/yyyy), PNC ID, NHS number or custody "
                         "record number. Results appear as you type."), Role.BODY, parent=self)
        layout.addWidget(self.lead)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.search = QLineEdit(self)
        self.search.setObjectName("people-search-box")
        self.search.setPlaceholderText(tr("People", "Name, date of birth, PNC ID, NHS or custody "
                                                    "number"))
        self.search.setClearButtonEnabled(True)
        set_accessible(self.search, tr("People", "Search people"),
                       tr("People", "Type a name, a date of birth, a PNC ID, an NHS number or a "
                                    "custody record number. Press Down to go to the results."))
        for clear in self.search.findChildren(QToolButton):
            set_accessible(clear, tr("People", "Clear the search"))
        row.addWidget(self.search, 1)
        self.new_button = QPushButton(tr("People", "&New person"), self)
        self.new_button.setObjectName("new-person")
        set_accessible(self.new_button, tr("People", "New person: create a person record (Alt+N)"))
        row.addWidget(self.new_button)
        layout.addLayout(row)
        self.status = wrapped_label("", Role.STATUS, parent=self)
        self.status.setObjectName("search-status")
        layout.addWidget(self.status)
        self.model = PeopleTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("people-results")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setCornerButtonEnabled(False)
        for corner in self.table.findChildren(QAbstractButton):
            set_accessible(corner, tr("People", "Select all people found"))
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        set_accessible(self.table, tr("People", "People found"),
                       tr("People", "Use Up and Down to choose a person and Enter to open their "
                                    "record."))
        layout.addWidget(self.table, 1)
        layout.addStretch(0)
        QWidget.setTabOrder(self.search, self.new_button)
        QWidget.setTabOrder(self.new_button, self.table)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)

    def fit_table(self) -> None:
        """The table is as tall as its rows (no empty box under a few results); with many, the
        page's height limits it and it scrolls."""
        table = self.table
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(row) for row in range(self.model.rowCount()))
        frame = table.frameWidth() * 2
        header = table.horizontalHeader().sizeHint().height()
        table.setMaximumHeight(header + max(rows, table.verticalHeader().defaultSectionSize())
                               + frame + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_table()


class PeopleSearchController(QObject):
    """Search as you type, on the worker, newest results only."""

    person_chosen = Signal(str)
    create_requested = Signal()

    def __init__(self, context: AppContext, view: PeopleSearchView | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view or PeopleSearchView()
        self._generation = 0
        self._shown_generation = 0
        self.stale_results_dropped = 0
        self.results: list[PersonSummary] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_typed)
        self.view.search.textEdited.connect(lambda _text: self._timer.start())
        self.view.search.returnPressed.connect(self._enter_results)
        self.view.search.installEventFilter(self)
        self.view.table.activated.connect(self._activated)
        self.view.new_button.clicked.connect(self.create_requested)
        self.view.show_status(tr("People", "Type to search."))

    @property
    def widget(self) -> QWidget:
        return self.view

    def set_choosing(self, choosing: bool) -> None:
        """Shows that the user is choosing whom to screen (a "New screening" without a person)."""
        self.view.choosing.setVisible(choosing)

    def focus(self) -> None:
        self.view.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.search.selectAll()

    def refresh(self) -> None:
        """Runs the current search again (after a person was created or edited)."""
        if self.view.search.text().strip():
            self.search_now(self.view.search.text())

    def _search_typed(self) -> None:
        self.search_now(self.view.search.text())

    def search_now(self, text: str) -> int:
        """Starts a search for ``text`` at once; returns its number."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        query = " ".join(text.split())
        if not query:
            self._show(generation, [], tr("People", "Type to search."))
            return generation
        self.view.show_status(tr("People", "Searching…"))
        self.context.gateway.call(
            lambda services: services.people.search(query=query, limit=SEARCH_LIMIT),
            label="search people",
            on_done=lambda found: self._found(generation, found),
            on_error=lambda error: self._failed(generation, error),
        )
        return generation

    def _found(self, generation: int, people: list[PersonSummary]) -> None:
        if generation != self._generation:
            self.stale_results_dropped += 1
            return
        if not people:
            status = tr("People", "No one found. Check the spelling or the number, try fewer "
                                  "letters, or create a new person.")
        elif len(people) >= SEARCH_LIMIT:
            status = tr("People", "More than {count} people found: type more to narrow the search.",
                        count=SEARCH_LIMIT - 1)
        elif len(people) == 1:
            status = tr("People", "1 person found.")
        else:
            status = tr("People", "{count} people found.", count=len(people))
        self._show(generation, people, status)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            self.stale_results_dropped += 1
            return
        self._show(generation, [], tr("People", "The search did not work: {reason}",
                                      reason=plain_error(error)))

    def _show(self, generation: int, people: list[PersonSummary], status: str) -> None:
        self._shown_generation = generation
        self.results = people
        self.view.model.set_people(people)
        self.view.fit_table()
        self.view.show_status(status)

    @property
    def shown_generation(self) -> int:
        """The number of the search whose results are on screen."""
        return self._shown_generation

    def _enter_results(self) -> None:
        if self._timer.isActive():
            self.search_now(self.view.search.text())
            return
        if self.results:
            self.view.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.view.search and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down and self.results:
            self.view.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        person_id = self.view.model.data(index, Qt.ItemDataRole.UserRole)
        if isinstance(person_id, str):
            self.person_chosen.emit(person_id)


# ================================================================================================
# Create and edit
# ================================================================================================


class LanguagePicker(QComboBox):
    """Languages from the reference list, searchable; any well-formed BCP 47 code may be typed.

    The names are in the interface language ("Polish (pl)", "Pwyleg (pl)"), and follow a switch in
    place: a language chosen from the list is shown in the new language, typed text is kept as it
    is. Either name (and the code) is read in either language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(tr("People", "Start typing a language or a code (e.g. pl, bfi)"))
        self.line = line
        self._lang = ""
        self.refill()
        self.setCurrentIndex(-1)
        line.textEdited.connect(self._typed)
        language_changed().connect(self._language_switched)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def _typed(self, text: str) -> None:
        release_typed_over(self, self.line, text)

    def _language_switched(self, _lang: str) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.line)):
            language_changed().disconnect(self._language_switched)  # its window was closed
            return
        self.refill()

    def refill(self) -> None:
        """The list in the interface language, keeping what the field shows (a language chosen
        from the list is shown in the new language; anything typed stays as it was typed)."""
        lang = current_language()
        if lang == self._lang:
            return
        text = self.currentText()
        chosen = next((language.tag for language in reference.LANGUAGES
                       if text in (language_entry(language, "en"), language_entry(language, "cy"))),
                      None)
        cursor = self.line.cursorPosition()
        self.blockSignals(True)
        self.clear()
        for language in reference.LANGUAGES:
            self.addItem(language_entry(language, lang), language.tag)
        if chosen is not None:
            self.setCurrentIndex(self.findData(chosen))
        else:
            self.setCurrentIndex(-1)
            self.setEditText(text)
            self.line.setCursorPosition(cursor)
        self.blockSignals(False)
        self._lang = lang

    def read(self) -> tuple[str | None, str | None]:
        text = self.currentText().strip()
        if not text:
            return None, None
        tag = listed_language_tag(text)
        if tag is not None:
            return tag, None
        if reference.is_well_formed_language_tag(text):
            return reference.normalise_language_tag(text), None
        return None, (tr("People", "Choose a language from the list, or type a language code such as pl "
                                   "(Polish) or bfi (British Sign Language)."))

    def set_tag(self, tag: str | None) -> None:
        index = self.findData(tag) if tag else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(tag or "")


class EthnicityCombo(QComboBox):
    """The 19 ONS 2021 categories under their five group headings, and "Prefer not to say".

    In the interface language; a language switch relabels the entries in place (the rows and
    their codes stay, so the choice is kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMaxVisibleItems(16)
        self.list_model = ethnicity_model(tr("People", "Not recorded yet"), current_language(), self)
        self.setModel(self.list_model)
        language_changed().connect(self._language_switched)

    def _language_switched(self, lang: str) -> None:
        if not (shiboken6.isValid(self) and shiboken6.isValid(self.list_model)):
            language_changed().disconnect(self._language_switched)  # its window was closed
            return
        label_ethnicities(self.list_model, lang)


def ethnicity_combo(parent: QWidget | None = None) -> QComboBox:
    """The person form's ethnicity list (see ``EthnicityCombo``)."""
    return EthnicityCombo(parent)


def ethnicity_fact(person: Person) -> str:
    """"Ethnicity: ..." with the category in the interface language (the write-in as written)."""
    if person.ethnicity is None:
        return tr("Words", "Ethnicity not recorded")
    text = reference.ethnicity(person.ethnicity).full_label_in(current_language())
    if person.ethnicity_write_in:
        text += f" ({person.ethnicity_write_in})"
    return tr("Words", "Ethnicity: {ethnicity}", ethnicity=text)


def language_fact(person: Person) -> str:
    """"Language: ..." with the language named in the interface language."""
    if person.language is None:
        return tr("Words", "Language not recorded")
    try:
        name = reference.language_name(person.language, in_language=current_language())
    except ValueError:
        name = person.language
    if person.interpreter_needed and person.help_to_read:
        return tr("Words", "Language: {name} (needs an interpreter, needs help to read)",
                  name=name)
    if person.interpreter_needed:
        return tr("Words", "Language: {name} (needs an interpreter)", name=name)
    if person.help_to_read:
        return tr("Words", "Language: {name} (needs help to read)", name=name)
    return tr("Words", "Language: {name}", name=name)


def _enum_combo(labels: dict[Any, str], first: str | None, parent: QWidget | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    if first is not None:
        combo.addItem(first, None)
    for value, label in labels.items():
        combo.addItem(label, value.value)
    return combo


def _select(combo: QComboBox, value: str | None) -> None:
    index = combo.findData(value, Qt.ItemDataRole.UserRole) if value is not None else -1
    combo.setCurrentIndex(index if index >= 0 else 0)


class PersonEditorView(RecordPage):
    """Lays out the person form. Fields in reading order; problems under each field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("People", "New person"), tr(
            "People", "Fill in what you know. Only a name and a date of birth (or \u201cage in "
            "doubt\u201d) are needed to start a screening."), parent)
        self.setObjectName("person-editor")
        self.summary = ErrorSummary(self.body)
        self.column.addWidget(self.summary)

        self.heading(tr("People", "About the person"), "about")
        self.given = QLineEdit()
        self.given_field = LabelledField(tr("People", "Given names"), [self.given], parent=self.body)
        self.family = QLineEdit()
        self.family_field = LabelledField(tr("People", "Family name"), [self.family], parent=self.body)
        self.other = QLineEdit()
        self.other_field = LabelledField(
            tr("People", "Other names (optional)"), [self.other],
            hint=tr("People", "Aliases or previous names, separated by commas."), parent=self.body)
        for field in (self.given_field, self.family_field, self.other_field):
            self.column.addWidget(field)

        self.birth = QLineEdit()
        self.birth.setPlaceholderText("dd/mm/yyyy")
        self.birth_shown = wrapped_label("", Role.LEAD)
        self.birth_field = LabelledField(tr("People", "Date of birth"), [self.birth, self.birth_shown],
                                         hint=tr("People", "Type it as dd/mm/yyyy, for example 05/03/1990."),
                                         parent=self.body)
        self.column.addWidget(self.birth_field)
        self.age_in_doubt = QCheckBox(tr("People", "Age in doubt: the date of birth is not known, or not "
                                                   "believed"), self.body)
        set_accessible(self.age_in_doubt, tr("People", "Age in doubt: the date of birth is not known, or not "
                                                       "believed"))
        self.column.addWidget(self.age_in_doubt)
        self.sex = _enum_combo(sex_labels(), None, None)
        self.sex_field = LabelledField(tr("People", "Sex"), [self.sex], parent=self.body)
        self.column.addWidget(self.sex_field)

        self.heading(tr("People", "Identifiers"), "identifiers")
        self.column.addWidget(wrapped_label(tr("People", "Fill in the ones you have; they are checked as you "
                                                         "leave each box."), Role.BODY, parent=self.body))
        self.identifiers: dict[IdentifierKind, QLineEdit] = {}
        self.identifier_fields: dict[IdentifierKind, LabelledField] = {}
        self.other_identifiers: dict[IdentifierKind, list[str]] = {}
        for kind in IDENTIFIER_KINDS:
            edit = QLineEdit()
            edit.setObjectName(f"identifier-{kind.value}")
            field = LabelledField(identifier_label(kind), [edit], hint=identifier_hint(kind),
                                  parent=self.body)
            self.identifiers[kind] = edit
            self.identifier_fields[kind] = field
            self.column.addWidget(field)

        self.heading(tr("People", "Ethnicity, language and communication"), "language")
        self.ethnicity = ethnicity_combo()
        self.ethnicity_field = LabelledField(
            tr("People", "Ethnic group (as the person describes it)"), [self.ethnicity],
            hint=tr("People", "Ask the person; choose \u201cPrefer not to say\u201d if they would "
                              "rather not."),
            parent=self.body)
        self.column.addWidget(self.ethnicity_field)
        self.ethnicity_write_in = QLineEdit()
        self.ethnicity_write_in_field = LabelledField(
            tr("People", "Their background, in their own words (optional)"), [self.ethnicity_write_in],
            parent=self.body)
        self.column.addWidget(self.ethnicity_write_in_field)
        self.language = LanguagePicker()
        self.language_field = LabelledField(tr("People", "Main language"), [self.language], parent=self.body)
        set_accessible(self.language.line, tr("People", "Main language"),
                       tr("People", "Type to search, or type a language code such as pl or bfi"))
        self.column.addWidget(self.language_field)
        self.interpreter = QCheckBox(tr("People", "Needs an interpreter (or BSL interpreter)"), self.body)
        set_accessible(self.interpreter, tr("People", "Needs an interpreter (or BSL interpreter)"))
        self.column.addWidget(self.interpreter)
        self.help_to_read = QCheckBox(
            tr("People", "Needs help to read or to understand written information"), self.body)
        set_accessible(self.help_to_read,
                       tr("People", "Needs help to read or to understand written information"))
        self.column.addWidget(self.help_to_read)

        self.heading(tr("People", "Optional: gender identity and faith"), "optional")
        self.column.addWidget(wrapped_label(tr("People", "Only if the person wants to say. They are "
                                                         "kept apart from sex, and used for fair "
                                                         "treatment and monitoring."),
                                            Role.BODY, parent=self.body))
        self.gender = _enum_combo(gender_identity_labels(), tr("People", "Not asked"), None)
        self.gender_field = LabelledField(tr("People", "Gender identity"), [self.gender], parent=self.body)
        self.column.addWidget(self.gender_field)
        self.gender_write_in = QLineEdit()
        self.gender_write_in_field = LabelledField(tr("People", "Gender identity, in their own words"),
                                                   [self.gender_write_in], parent=self.body)
        self.column.addWidget(self.gender_write_in_field)
        self.faith = _enum_combo(faith_labels(), tr("People", "Not asked"), None)
        self.faith_field = LabelledField(tr("People", "Religion or faith"), [self.faith], parent=self.body)
        self.column.addWidget(self.faith_field)
        self.faith_write_in = QLineEdit()
        self.faith_write_in_field = LabelledField(tr("People", "Religion or faith, in their own words"),
                                                  [self.faith_write_in], parent=self.body)
        self.column.addWidget(self.faith_write_in_field)

        self.form_status = wrapped_label("", Role.STATUS, parent=self.body)
        self.form_status.setObjectName("person-editor-status")
        self.column.addWidget(self.form_status)
        row = QHBoxLayout()
        self.save_button = QPushButton(tr("People", "&Save person"), self.body)
        self.save_button.setObjectName("save-person")
        set_role(self.save_button, Role.PRIMARY)
        set_accessible(self.save_button, tr("People", "Save person (Alt+S)"))
        self.cancel_button = QPushButton(tr("People", "Cancel"), self.body)
        set_accessible(self.cancel_button, tr("People", "Cancel: leave without saving"))
        row.addWidget(self.save_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addStretch(1)
        self._size_fields()
        self._tab_order()
        self._built = True

    def _size_fields(self) -> None:
        """Field widths in characters, so they follow the text size."""
        chars = self.fontMetrics().averageCharWidth()
        for edit in (self.given, self.family, self.other, self.ethnicity_write_in):
            edit.setMinimumWidth(chars * 30)
        for edit in self.identifiers.values():
            edit.setMinimumWidth(chars * 24)
        self.birth.setMaximumWidth(self.birth.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.birth.setMinimumWidth(self.birth.fontMetrics().horizontalAdvance("00/00/00000") + 24)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) \
                and getattr(self, "_built", False):
            self._size_fields()
        super().changeEvent(event)

    def fields(self) -> dict[str, LabelledField]:
        """Every field by the name the services use for its problems."""
        found = {
            "given_names": self.given_field,
            "family_name": self.family_field,
            "other_names": self.other_field,
            "date_of_birth": self.birth_field,
            "sex": self.sex_field,
            "ethnicity": self.ethnicity_field,
            "ethnicity_write_in": self.ethnicity_write_in_field,
            "language": self.language_field,
            "gender_identity": self.gender_field,
            "gender_identity_write_in": self.gender_write_in_field,
            "faith": self.faith_field,
            "faith_write_in": self.faith_write_in_field,
        }
        for kind, field in self.identifier_fields.items():
            found[f"identifiers.{kind.value}"] = field
        return found

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.given, self.family, self.other, self.birth, self.age_in_doubt,
                                self.sex, *self.identifiers.values(), self.ethnicity,
                                self.ethnicity_write_in, self.language, self.interpreter,
                                self.help_to_read, self.gender, self.gender_write_in, self.faith,
                                self.faith_write_in, self.save_button, self.cancel_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)


class PersonEditorController(QObject):
    """Creates or edits a person; emits ``person_saved(Person)`` or ``cancelled``."""

    person_saved = Signal(object)
    cancelled = Signal()

    def __init__(self, context: AppContext, view: PersonEditorView | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view or PersonEditorView()
        self.person: Person | None = None
        self.busy = Busy(self)
        self.busy.changed.connect(self._busy_changed)
        self.today: Callable[[], date] = lambda: screening_date_for(utc_now())
        view = self.view
        for kind, edit in view.identifiers.items():
            edit.editingFinished.connect(lambda kind=kind: self.check_identifier(kind, live=False))
            edit.textEdited.connect(lambda _text, kind=kind: self.check_identifier(kind, live=True))
        view.birth.textChanged.connect(lambda _text: self._show_birth())
        view.birth.textEdited.connect(lambda _text: self.check_birth(live=True))
        view.birth.editingFinished.connect(lambda: self.check_birth(live=False))
        view.age_in_doubt.toggled.connect(lambda _on: self.check_birth(live=True))
        view.ethnicity.currentIndexChanged.connect(lambda _index: self._show_write_ins())
        view.gender.currentIndexChanged.connect(lambda _index: self._show_write_ins())
        view.faith.currentIndexChanged.connect(lambda _index: self._show_write_ins())
        view.language.lineEdit().editingFinished.connect(self.check_language)  # type: ignore[union-attr]
        view.save_button.clicked.connect(self.save)
        view.cancel_button.clicked.connect(self.cancelled)
        self.new_person()

    @property
    def widget(self) -> QWidget:
        return self.view

    # ------------------------------------------------------------------ filling in

    def new_person(self) -> None:
        self.person = None
        self._fill(PersonDetails())
        self.view.title.setText(tr("People", "New person"))
        self.view.save_button.setText(tr("People", "&Save person"))

    def edit(self, person: Person) -> None:
        self.person = person
        self._fill(PersonDetails.of(person))
        self.view.title.setText(tr("People", "Edit details: {name}", name=person.display_name))
        self.view.save_button.setText(tr("People", "&Save changes"))

    def _fill(self, details: PersonDetails) -> None:
        view = self.view
        view.given.setText(details.given_names)
        view.family.setText(details.family_name)
        view.other.setText(", ".join(details.other_names))
        view.birth.setText(f"{details.date_of_birth:%d/%m/%Y}" if details.date_of_birth else "")
        view.age_in_doubt.setChecked(details.age_in_doubt)
        _select(view.sex, details.sex.value)
        view.other_identifiers = {}
        for kind, edit in view.identifiers.items():
            values = [i.value for i in details.identifiers if i.kind is kind]
            if kind is IdentifierKind.NHS_NUMBER:
                values = [reference.format_nhs_number(v) if reference.is_valid_nhs_number(v) else v
                          for v in values]
            edit.setText(values[0] if values else "")
            if len(values) > 1:
                view.other_identifiers[kind] = values[1:]
                view.identifier_fields[kind].hint.setText(tr(
                    "People", "Also on record: {values} (kept as they are).",
                    values=", ".join(values[1:])))
                view.identifier_fields[kind].hint.show()
        _select(view.ethnicity, details.ethnicity.value if details.ethnicity else None)
        view.ethnicity_write_in.setText(details.ethnicity_write_in or "")
        view.language.set_tag(details.language)
        view.interpreter.setChecked(details.interpreter_needed)
        view.help_to_read.setChecked(details.help_to_read)
        _select(view.gender, details.gender_identity.value if details.gender_identity else None)
        view.gender_write_in.setText(details.gender_identity_write_in or "")
        _select(view.faith, details.faith.value if details.faith else None)
        view.faith_write_in.setText(details.faith_write_in or "")
        for field in view.fields().values():
            field.show_problem(None)
        view.summary.show_problems([])
        view.form_status.setText("")
        self._show_birth()
        self._show_write_ins()

    def focus(self) -> None:
        self.view.given.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ inline checks

    def check_identifier(self, kind: IdentifierKind, *, live: bool) -> str | None:
        """Checks one identifier box. While typing (``live``) a shown problem updates or clears,
        but a new one waits until the user leaves the box."""
        field = self.view.identifier_fields[kind]
        problem = identifier_problem(kind, self.view.identifiers[kind].text())
        if live and not field.problem_text():
            return problem
        field.show_problem(problem)
        return problem

    def _show_birth(self) -> None:
        day, _problem = date_of_birth_problem(self.view.birth.text(), today=self.today(),
                                              age_in_doubt=True)
        self.view.birth_shown.setText(long_date(day) if day else "")

    def check_birth(self, *, live: bool) -> str | None:
        self._show_birth()
        field = self.view.birth_field
        empty_allowed = live or self.view.age_in_doubt.isChecked()
        _day, problem = date_of_birth_problem(self.view.birth.text(), today=self.today(),
                                              age_in_doubt=empty_allowed)
        if live and not field.problem_text():
            return problem
        field.show_problem(problem)
        return problem

    def check_language(self) -> str | None:
        _tag, problem = self.view.language.read()
        self.view.language_field.show_problem(problem)
        return problem

    def _show_write_ins(self) -> None:
        view = self.view
        code = view.ethnicity.currentData(Qt.ItemDataRole.UserRole)
        ethnic_write_in = isinstance(code, str) and reference.ethnicity(code).write_in
        view.ethnicity_write_in_field.setVisible(bool(ethnic_write_in))
        view.gender_write_in_field.setVisible(view.gender.currentData() == GenderIdentity.OTHER.value)
        view.faith_write_in_field.setVisible(view.faith.currentData() == Faith.OTHER.value)

    # ------------------------------------------------------------------ saving

    def details(self) -> tuple[PersonDetails | None, dict[str, str]]:
        """What the form says, and every problem found before asking the services."""
        view = self.view
        problems: dict[str, str] = {}
        if not view.given.text().strip() and not view.family.text().strip():
            problems["family_name"] = tr("People", "Type the person's family name or given names (or both).")
        day, birth_problem = date_of_birth_problem(view.birth.text(), today=self.today(),
                                                   age_in_doubt=view.age_in_doubt.isChecked())
        if birth_problem:
            problems["date_of_birth"] = birth_problem
        entries: list[IdentifierEntry] = []
        for kind, edit in view.identifiers.items():
            problem = identifier_problem(kind, edit.text())
            if problem:
                problems[f"identifiers.{kind.value}"] = problem
            elif edit.text().strip():
                entries.append(IdentifierEntry(kind=kind, value=edit.text().strip()))
            for value in view.other_identifiers.get(kind, []):
                entries.append(IdentifierEntry(kind=kind, value=value))
        tag, language_problem = view.language.read()
        if language_problem:
            problems["language"] = language_problem
        if problems:
            return None, problems

        def write_in(field: LabelledField, edit: QLineEdit) -> str | None:
            return edit.text().strip() or None if field.isVisibleTo(view) else None

        ethnicity = view.ethnicity.currentData(Qt.ItemDataRole.UserRole)
        gender = view.gender.currentData()
        faith = view.faith.currentData()
        details = PersonDetails(
            given_names=" ".join(view.given.text().split()),
            family_name=" ".join(view.family.text().split()),
            other_names=tuple(n for n in (" ".join(p.split()) for p in view.other.text().split(","))
                              if n),
            date_of_birth=day,
            age_in_doubt=view.age_in_doubt.isChecked(),
            identifiers=tuple(entries),
            ethnicity=Ethnicity(ethnicity) if isinstance(ethnicity, str) else None,
            ethnicity_write_in=write_in(view.ethnicity_write_in_field, view.ethnicity_write_in),
            sex=Sex(view.sex.currentData()),
            gender_identity=GenderIdentity(gender) if isinstance(gender, str) else None,
            gender_identity_write_in=write_in(view.gender_write_in_field, view.gender_write_in),
            language=tag,
            interpreter_needed=view.interpreter.isChecked(),
            help_to_read=view.help_to_read.isChecked(),
            faith=Faith(faith) if isinstance(faith, str) else None,
            faith_write_in=write_in(view.faith_write_in_field, view.faith_write_in),
        )
        return details, {}

    def save(self) -> None:
        if self.busy.busy:
            return
        details, problems = self.details()
        if details is None:
            self.show_problems(problems)
            return
        self.show_problems({})
        person = self.person
        self.busy.start()
        if person is None:
            self.context.gateway.call(
                lambda services: services.people.create(details=details),
                label="create person", on_done=self._saved, on_error=self._save_failed)
        else:
            person_id, version = person.id, person.version
            self.context.gateway.call(
                lambda services: services.people.edit(person_id=person_id, details=details,
                                                      expected_version=version),
                label="edit person", on_done=self._saved, on_error=self._save_failed)

    def _saved(self, person: Person) -> None:
        self.busy.stop()
        log.info("person %s saved", person.id)
        self.person = person
        self.view.form_status.setText(tr("People", "Saved."))
        self.person_saved.emit(person)

    def _save_failed(self, error: BaseException) -> None:
        self.busy.stop()
        if isinstance(error, InvalidInputError) and error.problems:
            self.show_problems({key: _sentence(message) for key, message in error.problems.items()})
            return
        self.show_problems({"": plain_error(error)})

    def show_problems(self, problems: dict[str, str]) -> None:
        """Shows each problem under its field and all of them in the summary at the top."""
        fields = self.view.fields()
        for name, field in fields.items():
            field.show_problem(problems.get(name))
        listed: list[tuple[str, Callable[[], None] | None]] = []
        for name, message in problems.items():
            found = fields.get(name)
            if found is None:
                listed.append((message, None))
                continue
            listed.append((f"{found.label_text}: {message}", partial(self._go_to, found)))
        self.view.summary.show_problems(listed)
        if problems:
            self.view.form_status.setText(tr("People", "Not saved: correct the problems shown and "
                                                       "save again."))
            # As on GOV.UK: the summary first (read out whole), each line a link to its field.
            links = self.view.summary.links
            if links:
                links[0].setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.verticalScrollBar().setValue(0)
            self.view.reveal(self.view.summary)

    def _go_to(self, field: LabelledField) -> None:
        field.focus()
        self.view.reveal(field)

    def _busy_changed(self, busy: bool) -> None:
        self.view.save_button.setEnabled(not busy)
        if busy:
            self.view.form_status.setText(tr("People", "Saving…"))


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


# ================================================================================================
# The person's page
# ================================================================================================


@dataclass(frozen=True)
class StartableForm:
    form_id: str
    title: str
    version: str


@dataclass(frozen=True)
class PersonPageData:
    person: Person
    screenings: tuple[ScreeningSummary, ...]
    forms: tuple[StartableForm, ...]
    user_id: str


def load_person_page(services: Services, person_id: UUID) -> PersonPageData:
    """Runs on the database worker: everything the person's page shows."""
    person = services.people.get(person_id=person_id)
    screenings = tuple(services.screenings.for_person(person_id=person_id))
    forms = tuple(StartableForm(f.id, text_in(f.definition.title, "en"), f.version)
                  for f in services.screenings.startable_forms())
    return PersonPageData(person, screenings, forms, services.user_id)


class FormChooser(FlowDialog):
    """"Which screening?": one option per form the user's role may start."""

    def __init__(self, forms: Sequence[StartableForm], person_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("People", "New screening"),
                         tr("People", "Which screening for {name}?", name=person_name), "", parent)
        self.setObjectName("form-chooser")
        self.options: dict[str, QRadioButton] = {}
        for index, form in enumerate(forms):
            option = OptionRadio(tr("People", "{form} (version {version})", form=form.title,
                                    version=form.version), None, self)
            option.setObjectName(f"form-{form.form_id}")
            set_accessible(option, form.title)
            option.setChecked(index == 0)
            self.options[form.form_id] = option
            self.column.addWidget(option)
        self.add_buttons(tr("People", "&Start screening"))
        self.start_button = self.action_button
        self.start_button.clicked.connect(self.accept)
        first = next(iter(self.options.values()), None)
        if first is not None:
            first.setFocus()

    def chosen(self) -> str | None:
        return next((form_id for form_id, option in self.options.items() if option.isChecked()), None)


class PersonPageView(RecordPage):
    """Lays out a person's details and screenings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("People", "Person"), "", parent)
        self.setObjectName("person-page")
        self.facts = QVBoxLayout()
        self.facts.setSpacing(4)
        self.column.addLayout(self.facts)
        self.fact_labels: list[QLabel] = []
        # The buttons wrap onto a second line when they do not fit (longer words, larger text).
        buttons = QWidget(self.body)
        row = FlowLayout(buttons, spacing=12)
        row.setContentsMargins(0, 0, 0, 0)
        self.new_button = QPushButton(tr("People", "&New screening…"), self.body)
        self.new_button.setObjectName("new-screening")
        set_role(self.new_button, Role.PRIMARY)
        set_accessible(self.new_button, tr("People", "New screening for this person (Alt+N)"))
        self.edit_button = QPushButton(tr("People", "&Edit details"), self.body)
        self.edit_button.setObjectName("edit-person")
        set_accessible(self.edit_button, tr("People", "Edit this person's details (Alt+E)"))
        self.search_button = QPushButton(tr("People", "Find another person"), self.body)
        set_accessible(self.search_button, tr("People", "Find another person"))
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.search_button)
        self.column.addWidget(buttons)
        self.status = wrapped_label("", Role.STATUS, parent=self.body)
        self.status.setObjectName("person-status")
        self.column.addWidget(self.status)
        self.heading(tr("People", "Screenings"), "screenings")
        self.list_holder = QWidget(self.body)
        self.list_layout = QVBoxLayout(self.list_holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(4)
        self.column.addWidget(self.list_holder)
        self.column.addStretch(1)
        self.rows: dict[str, WrapButton] = {}

    def show_person(self, data: PersonPageData, *, today: date) -> None:
        person = data.person
        self.title.setText(summary_name(person))
        for label in self.fact_labels:
            label.hide()  # gone at once, deleted later
            label.deleteLater()
        facts = [birth_text(person.date_of_birth, person.age_in_doubt, on=today)]
        facts += [identifier_text(i) for i in person.identifiers] or [tr("People", "No identifiers recorded")]
        facts += [ethnicity_fact(person), language_fact(person)]
        if person.other_names:
            facts.append(tr("People", "Also known as: {names}", names=", ".join(person.other_names)))
        self.fact_labels = []
        for fact in facts:
            label = wrapped_label(fact, Role.BODY, parent=self.body)
            self.fact_labels.append(label)
            self.facts.addWidget(label)
        for row in self.rows.values():
            row.hide()
            row.deleteLater()
        self.rows = {}
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        if not data.screenings:
            self.list_layout.addWidget(wrapped_label(tr("People", "No screenings yet."), Role.BODY,
                                                     parent=self.list_holder))
        replaced = {str(s.replaces) for s in data.screenings if s.replaces is not None}
        for summary in data.screenings:
            text = screening_row_text(summary, me=data.user_id, replaced=str(summary.id) in replaced)
            button = WrapButton(text, Role.LINK, self.list_holder)
            button.setObjectName(f"screening-{summary.id}")
            set_accessible(button, tr("People", "Open: {screening}",
                                      screening=text.replace("\n", ", ")))
            self.rows[str(summary.id)] = button
            self.list_layout.addWidget(button)
        self.new_button.setEnabled(bool(data.forms))
        if not data.forms:
            self.status.setText(tr("People", "Your role does not start screenings."))
        chain: list[QWidget] = [self.new_button, self.edit_button, self.search_button,
                                *self.rows.values()]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if self.isVisible():  # shown again in place (a language switch): laid out at once
            self.settle(self.list_holder)


class PersonPageController(QObject):
    """Shows a person; starts a new screening of them."""

    screening_opened = Signal(str)
    edit_requested = Signal(object)
    search_requested = Signal()
    loaded = Signal()

    def __init__(self, context: AppContext, view: PersonPageView | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view or PersonPageView()
        self.data: PersonPageData | None = None
        self.chooser: FormChooser | None = None
        self._wanted: str | None = None
        self.view.new_button.clicked.connect(self.choose_form)
        self.view.edit_button.clicked.connect(self._edit)
        self.view.search_button.clicked.connect(self.search_requested)
        self.seen_before = SeenBeforeController.attach(self)
        language_changed().connect(self._relabel)

    @property
    def widget(self) -> QWidget:
        return self.view

    def show_person(self, person_id: str, *, then_new_screening: bool = False) -> None:
        """Loads the person (on the worker) and shows them; optionally opens "New screening"."""
        self._wanted = person_id
        self.view.status.setText(tr("People", "Opening…"))
        self.context.gateway.call(
            lambda services: load_person_page(services, UUID(person_id)),
            label="open person",
            on_done=lambda data: self._loaded(person_id, data, then_new_screening),
            on_error=self._failed)

    def _loaded(self, person_id: str, data: PersonPageData, then_new_screening: bool) -> None:
        if person_id != self._wanted:
            return
        self.data = data
        self._show(data)
        if data.forms:
            self.view.status.setText("")
        self.view.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.loaded.emit()
        if then_new_screening:
            self.choose_form()

    def _show(self, data: PersonPageData) -> None:
        self.view.show_person(data, today=screening_date_for(utc_now()))
        for screening_id, button in self.view.rows.items():
            button.clicked.connect(lambda _c=False, s=screening_id: self.screening_opened.emit(s))

    def _relabel(self) -> None:
        """The person's facts and screenings are made of several texts (dates in words): shown
        again in the new language, where the reader was."""
        if self.data is None:
            return
        focused = self.view.focusWidget()
        bar = self.view.verticalScrollBar()
        position = bar.value()
        self._show(self.data)
        bar.setValue(position)
        if focused is not None and focused not in self.view.rows.values():
            focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failed(self, error: BaseException) -> None:
        self.view.status.setText(plain_error(error))

    def _edit(self) -> None:
        if self.data is not None:
            self.edit_requested.emit(self.data.person)

    def choose_form(self) -> None:
        data = self.data
        if data is None or not data.forms:
            return
        if len(data.forms) == 1:
            self.start(data.forms[0].form_id)
            return
        chooser = FormChooser(data.forms, data.person.display_name, self.view)
        self.chooser = chooser
        chooser.accepted.connect(lambda: self._chosen(chooser))
        chooser.open()

    def _chosen(self, chooser: FormChooser) -> None:
        form_id = chooser.chosen()
        self.chooser = None
        self.view.window().activateWindow()
        if form_id is not None:
            self.start(form_id)

    def start(self, form_id: str) -> None:
        data = self.data
        if data is None:
            return
        person_id = data.person.id
        self.view.status.setText(tr("People", "Starting the screening…"))
        self.context.gateway.call(
            lambda services: services.screenings.start(person_id=person_id, form_id=form_id),
            label="start screening",
            on_done=lambda screening: self.screening_opened.emit(str(screening.id)),
            on_error=self._failed)
