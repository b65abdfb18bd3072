"""The "Seen before at ..." panel on a person's page: what other agencies found, looked up online.

``SeenBeforeController.attach(page)`` adds the panel to a person's page and looks the person up
each time the page has loaded someone. The look-up never blocks the UI thread: the query is read
on the database worker (``shared_records.prepare_lookup``), the centre is asked on the task pool
(``shared_records.look_up``), and the answer comes back by signal. A newer look-up (another person
opened) makes an older answer stale; it is dropped.

* No network: "Offline: not checked." in the panel's calm status style, with "Check again".
* A PNC ID or NHS number match: the summaries, as the centre rendered them for this agency.
* A name + date of birth match: only where it is held, and the question whether it is the same
  person; nothing of the record is shown until the user says yes (and it is looked up again with
  that candidate confirmed). "Not the same person" puts the candidate away.

Nothing about the person is logged (labels of background work carry no personal data).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from screening.domain.enums import FlagLevel
from screening.services.shared_records import (
    LookupQuery,
    LookupState,
    SharedRecords,
    look_up,
    prepare_lookup,
)
from screening.ui.context import AppContext
from screening.ui.i18n import SOURCE_LANGUAGE, current_language, language_changed, tr
from screening.ui.theme import Role, set_role
from screening.ui.widgets import set_accessible, wrapped_label
from screening.ui.words import day_text, level_name

if TYPE_CHECKING:
    from screening.services.core import Services
    from sync.protocol import LookupCandidate, SharedSummary

log = logging.getLogger(__name__)



def checking_text() -> str:
    return tr("SeenBefore", "Checking other agencies…")


def level_text(level: str) -> str:
    """A flag level from another agency's summary, in words."""
    try:
        return level_name(FlagLevel(level))
    except ValueError:
        return level


def _and(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return tr("SeenBefore", "{names} and {last}", names=", ".join(words[:-1]), last=words[-1])


def headline(records: SharedRecords) -> str:
    """The panel's one calm line, in the interface language."""
    if records.state is LookupState.OFFLINE:
        return tr("SeenBefore", "Offline: not checked.")
    if records.state is LookupState.NOT_ENROLLED:
        return tr("SeenBefore", "Not connected to the central service: not checked.")
    if records.state is LookupState.REFUSED:
        if current_language() == SOURCE_LANGUAGE:
            return records.message
        return tr("SeenBefore", "The central service did not answer this look-up: not checked.")
    if records.summaries:
        places = list(dict.fromkeys(s.agency_name for s in records.summaries))
        return tr("SeenBefore", "Seen before at {places}.", places=_and(places))
    if records.candidates:
        return tr("SeenBefore", "A record with the same name and date of birth is held at another "
                                "agency. Confirm it is the same person to see it.")
    return tr("SeenBefore", "Not seen before at another agency.")


class SeenBeforePanel(QFrame):
    """Lays out the panel: a heading, a status line, the summaries or candidates, and buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seen-before")
        set_role(self, Role.PANEL)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        self.heading = wrapped_label(tr("SeenBefore", "Seen before at other agencies"),
                                     Role.SUBHEADING, parent=self)
        self.heading.setAccessibleName(tr("SeenBefore", "Seen before at other agencies"))
        layout.addWidget(self.heading)
        self.status = wrapped_label("", Role.STATUS, parent=self)
        self.status.setObjectName("seen-before-status")
        layout.addWidget(self.status)
        self.content = QVBoxLayout()
        self.content.setSpacing(4)
        layout.addLayout(self.content)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(tr("SeenBefore", "Check a&gain"), self)
        self.retry_button.setObjectName("seen-before-retry")
        set_accessible(self.retry_button, tr("SeenBefore", "Check other agencies again"))
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retry_button.hide()
        self.content_widgets: list[QWidget] = []
        self.confirm_buttons: dict[str, QPushButton] = {}
        self.reject_buttons: dict[str, QPushButton] = {}

    def clear(self) -> None:
        for widget in self.content_widgets:
            widget.hide()
            widget.deleteLater()
        self.content_widgets = []
        self.confirm_buttons = {}
        self.reject_buttons = {}

    def _line(self, text: str, role: Role = Role.BODY) -> None:
        label = wrapped_label(text, role, parent=self)
        self.content.addWidget(label)
        self.content_widgets.append(label)

    def show_checking(self) -> None:
        self.clear()
        self.status.setText(checking_text())
        self.retry_button.hide()

    def show_records(self, records: SharedRecords, *, rejected: frozenset[str] = frozenset()) -> None:
        self.clear()
        candidates = [c for c in records.candidates if c.candidate_id not in rejected]
        shown = SharedRecords(records.state, records.summaries, tuple(candidates), records.not_shown,
                              records.message)
        self.status.setText(headline(shown))
        self.retry_button.setVisible(records.state is not LookupState.CHECKED)
        for summary in records.summaries:
            self._summary(summary)
        for candidate in candidates:
            self._candidate(candidate)
        if records.not_shown:
            self._line(tr("SeenBefore", "{count} more record(s) were found that cannot be shown "
                                        "here.", count=records.not_shown), Role.HELP)

    def _summary(self, summary: SharedSummary) -> None:
        day = day_text(summary.screening_date)
        if summary.revision > 1:
            title = tr("SeenBefore", "{agency}: {form}, {day} (revision {revision})",
                       agency=summary.agency_name, form=summary.form_title, day=day,
                       revision=summary.revision)
        else:
            title = tr("SeenBefore", "{agency}: {form}, {day}", agency=summary.agency_name,
                       form=summary.form_title, day=day)
        self._line(title, Role.QUESTION)
        for flag in summary.flags:
            self._line(f"{level_text(flag.level)}: {flag.label}. " + " ".join(flag.reasons))
        for adjustment in summary.adjustments:
            self._line(adjustment, Role.HELP)
        for item in summary.items:
            if item.answer:
                self._line(f"{item.question} {item.answer}")
        for line in (*summary.withheld, *summary.consent_statement):
            self._line(line, Role.HELP)

    def _candidate(self, candidate: LookupCandidate) -> None:
        self._line(tr("SeenBefore", "{agency} holds a record with the same name and date of birth. "
                                    "Is it the same person? Check with them before you say yes.",
                      agency=candidate.agency_name), Role.QUESTION)
        row = QWidget(self)
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        confirm = QPushButton(tr("SeenBefore", "Yes, the same person: show it"), row)
        confirm.setObjectName(f"seen-before-confirm-{candidate.candidate_id}")
        set_accessible(confirm, tr("SeenBefore", "Yes, the record at {agency} is the same person: "
                                                 "show it", agency=candidate.agency_name))
        reject = QPushButton(tr("SeenBefore", "No, not the same person"), row)
        reject.setObjectName(f"seen-before-reject-{candidate.candidate_id}")
        set_accessible(reject, tr("SeenBefore", "No, the record at {agency} is not the same person",
                                  agency=candidate.agency_name))
        buttons.addWidget(confirm)
        buttons.addWidget(reject)
        buttons.addStretch(1)
        self.content.addWidget(row)
        self.content_widgets.append(row)
        self.confirm_buttons[candidate.candidate_id] = confirm
        self.reject_buttons[candidate.candidate_id] = reject


Prepare = Callable[["Services", UUID], LookupQuery]
Fetch = Callable[[LookupQuery, tuple[str, ...]], SharedRecords]


def _prepare(services: Services, person_id: UUID) -> LookupQuery:
    return prepare_lookup(services, person_id=person_id)


def _fetch(query: LookupQuery, confirmed: tuple[str, ...]) -> SharedRecords:
    return look_up(query, confirmed=confirmed)


class SeenBeforeController(QObject):
    """Looks the person up in the background and shows the answer in the panel."""

    records_shown = Signal(object)

    def __init__(self, context: AppContext, panel: SeenBeforePanel, *, prepare: Prepare = _prepare,
                 fetch: Fetch = _fetch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.panel = panel
        self._prepare = prepare
        self._fetch = fetch
        self._generation = 0
        self._person: UUID | None = None
        self._query: LookupQuery | None = None
        self._confirmed: tuple[str, ...] = ()
        self._rejected: set[str] = set()
        self.records: SharedRecords | None = None
        panel.retry_button.clicked.connect(self.check_again)
        language_changed().connect(self._relabel)

    def _relabel(self) -> None:
        """The summaries' lines are made of several texts: shown again in the new language."""
        if self.records is not None:
            self._show(self.records)

    @classmethod
    def attach(cls, page: Any) -> SeenBeforeController:
        """Adds the panel to a ``PersonPageController``'s page (above the screenings' trailing
        stretch) and looks up each person the page loads."""
        panel = SeenBeforePanel(page.view.body)
        column = page.view.column
        column.insertWidget(max(0, column.count() - 1), panel)
        controller = cls(page.context, panel, parent=page)
        page.loaded.connect(lambda: controller.look_up(page.data.person.id) if page.data else None)
        return controller

    def look_up(self, person_id: UUID) -> None:
        """Look this person up (a new person: confirmations and rejections start afresh)."""
        if person_id != self._person:
            self._confirmed = ()
            self._rejected = set()
        self._person = person_id
        self._query = None
        self._generation += 1
        generation = self._generation
        self.panel.show_checking()
        self.context.gateway.call(
            lambda services: self._prepare(services, person_id),
            label="seen before: read the query",
            on_done=lambda query: self._prepared(generation, query),
            on_error=lambda error: self._failed(generation, error))

    def check_again(self) -> None:
        if self._person is not None:
            self.look_up(self._person)

    def confirm(self, candidate_id: str) -> None:
        """The user confirmed the candidate is the same person: look up again with it."""
        if self._query is None:
            return
        self._confirmed = tuple(dict.fromkeys((*self._confirmed, candidate_id)))
        self._generation += 1
        self.panel.show_checking()
        self._ask(self._generation, self._query)

    def reject(self, candidate_id: str) -> None:
        """Not the same person: put the candidate away (until the page is opened again)."""
        self._rejected.add(candidate_id)
        if self.records is not None:
            self._show(self.records)

    def _prepared(self, generation: int, query: LookupQuery) -> None:
        if generation != self._generation:
            return
        self._query = query
        self._ask(generation, query)

    def _ask(self, generation: int, query: LookupQuery) -> None:
        confirmed = self._confirmed
        self.context.tasks.pool.submit(
            lambda: self._fetch(query, confirmed),
            label="seen before: ask the central service",
            on_success=lambda records: self._answered(generation, records),
            on_failure=lambda error: self._failed(generation, error))

    def _answered(self, generation: int, records: SharedRecords) -> None:
        if generation != self._generation:
            return
        self.records = records
        self._show(records)

    def _show(self, records: SharedRecords) -> None:
        self.panel.show_records(records, rejected=frozenset(self._rejected))
        for candidate_id, button in self.panel.confirm_buttons.items():
            button.clicked.connect(lambda _c=False, c=candidate_id: self.confirm(c))
        for candidate_id, button in self.panel.reject_buttons.items():
            button.clicked.connect(lambda _c=False, c=candidate_id: self.reject(c))
        self.records_shown.emit(records)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        log.info("seen before: look-up not made (%s)", type(error).__name__)
        self.records = None
        self.panel.clear()
        self.panel.status.setText(tr("SeenBefore", "Not checked: other agencies could not be "
                                                   "asked just now."))
        self.panel.retry_button.show()
