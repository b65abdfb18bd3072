"""Consent to share, per recipient, recorded before the screening is finalised.

For each recipient (police, CPS, court, defence, probation, prison healthcare, L&D, custody and
escort staff, the person) the officer records what the person decided: agrees or does not agree,
what the agreement covers (disclosure classes), and whether their capacity to decide was
considered. "Not asked now" records nothing. Decisions already recorded on this screening (or an
earlier revision of it) are listed under their recipient; recording the same decision again is
skipped. Every decision is saved with ``services.consents.record`` on the database worker, which
audits it; the consents go to the centre with the revision when it is finalised.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from uuid import UUID

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from screening.domain.enums import DisclosureClass, Recipient
from screening.domain.models import Consent, ConsentScope
from screening.services.core import Services
from screening.ui.context import AppContext
from screening.ui.fields import Busy, ErrorSummary, RecordPage
from screening.ui.people import plain_error
from screening.ui.theme import Role, repolish, set_role
from screening.ui.widgets import FlowLayout, OptionCheck, OptionRadio, set_accessible, wrapped_label
from screening.ui.words import RECIPIENT_LABELS, when_text

log = logging.getLogger(__name__)

CLASS_LABELS: dict[DisclosureClass, str] = {
    DisclosureClass.CONFIDENTIAL: "Health details (confidential answers)",
    DisclosureClass.DISCLOSABLE: "Disclosable facts",
    DisclosureClass.OPERATIONAL: "Operational details (custody and escort)",
}
DECISIONS = ("not_asked", "given", "refused")
DECISION_LABELS = {
    "not_asked": "Not asked now",
    "given": "Agrees to share",
    "refused": "Does not agree",
}


def consent_text(consent: Consent) -> str:
    """A recorded decision in words."""
    if consent.given:
        classes = [CLASS_LABELS[c].lower() for c in consent.scope.classes]
        items = list(consent.scope.items)
        covered = ", ".join(classes + ([f"questions {', '.join(items)}"] if items else []))
        text = f"Agrees to share {covered or 'nothing named'}"
    else:
        text = "Does not agree to share"
    text += f"; decided {when_text(consent.decided_at)}"
    text += "; capacity considered" if consent.capacity_considered else "; capacity NOT considered"
    if consent.capacity_note:
        text += f" ({consent.capacity_note})"
    if consent.recorded_by:
        text += f"; recorded by {consent.recorded_by}"
    if consent.withdrawn_at is not None:
        text += f". WITHDRAWN {when_text(consent.withdrawn_at)}"
    return text


@dataclass(frozen=True)
class Decision:
    recipient: Recipient
    given: bool
    scope: ConsentScope
    capacity_considered: bool
    capacity_note: str | None


class RecipientCard(QFrame):
    """One recipient: what was recorded before, and the decision now."""

    def __init__(self, recipient: Recipient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recipient = recipient
        name = RECIPIENT_LABELS[recipient]
        self.setObjectName(f"consent-{recipient.value}")
        set_role(self, Role.CARD)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(8)
        self.title = wrapped_label(name, Role.SUBHEADING, parent=self)
        layout.addWidget(self.title)
        self.recorded = wrapped_label("", Role.WHY, parent=self)
        self.recorded.hide()
        layout.addWidget(self.recorded)

        decisions = QWidget(self)
        flow = FlowLayout(decisions, spacing=8)
        self.group = QButtonGroup(self)
        self.decisions: dict[str, QRadioButton] = {}
        for decision in DECISIONS:
            radio = OptionRadio(DECISION_LABELS[decision], None, decisions)
            radio.setObjectName(f"{recipient.value}-{decision}")
            set_accessible(radio, f"{name}: {DECISION_LABELS[decision]}")
            self.group.addButton(radio)
            self.decisions[decision] = radio
            flow.addWidget(radio)
        self.decisions["not_asked"].setChecked(True)
        layout.addWidget(decisions)

        self.scope_box = QWidget(self)
        scope_layout = QVBoxLayout(self.scope_box)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_layout.setSpacing(6)
        scope_layout.addWidget(wrapped_label("What they agree to share with them:", Role.BODY,
                                             parent=self.scope_box))
        self.scope: dict[DisclosureClass, QCheckBox] = {}
        for disclosure_class in (DisclosureClass.CONFIDENTIAL, DisclosureClass.DISCLOSABLE,
                                 DisclosureClass.OPERATIONAL):
            box = OptionCheck(CLASS_LABELS[disclosure_class], None, self.scope_box)
            box.setObjectName(f"{recipient.value}-scope-{disclosure_class.value}")
            set_accessible(box, f"{name}: share {CLASS_LABELS[disclosure_class].lower()}")
            self.scope[disclosure_class] = box
            scope_layout.addWidget(box)
        layout.addWidget(self.scope_box)

        self.capacity = OptionCheck("I considered their capacity to make this decision", None, self)
        self.capacity.setObjectName(f"{recipient.value}-capacity")
        set_accessible(self.capacity, f"{name}: capacity to decide was considered")
        layout.addWidget(self.capacity)
        self.note = QLineEdit(self)
        self.note.setObjectName(f"{recipient.value}-note")
        self.note.setPlaceholderText("Capacity note (optional)")
        set_accessible(self.note, f"{name}: note about capacity (optional)")
        layout.addWidget(self.note)
        self.problem = wrapped_label("", Role.ERROR, parent=self)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.group.buttonToggled.connect(lambda _button, _on: self._decision_changed())
        self._decision_changed()
        self.setAccessibleName(f"Consent: {name}")

    def decision(self) -> str:
        return next(key for key, radio in self.decisions.items() if radio.isChecked())

    def _decision_changed(self) -> None:
        decision = self.decision()
        self.scope_box.setVisible(decision == "given")
        self.capacity.setVisible(decision != "not_asked")
        self.note.setVisible(decision != "not_asked")
        if decision == "given" and not any(box.isChecked() for box in self.scope.values()):
            # Health details are what consent is for; the officer can change it.
            self.scope[DisclosureClass.CONFIDENTIAL].setChecked(True)
        self.show_problem(None)

    def show_recorded(self, consents: list[Consent]) -> None:
        if consents:
            self.recorded.setText("Recorded: " + " | ".join(consent_text(c) for c in consents))
        self.recorded.setVisible(bool(consents))

    def read(self) -> tuple[Decision | None, str | None]:
        decision = self.decision()
        if decision == "not_asked":
            return None, None
        classes = tuple(c for c, box in self.scope.items() if box.isChecked())
        if decision == "given" and not classes:
            return None, "Choose what they agree to share."
        note = " ".join(self.note.text().split()) or None
        return Decision(self.recipient, decision == "given",
                        ConsentScope(classes=classes if decision == "given" else ()),
                        self.capacity.isChecked(), note), None

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(f"Error: {message}" if message else "")
        self.problem.setVisible(bool(message))
        self.setProperty("problem", "true" if message else "false")
        repolish(self)

    def focus_widgets(self) -> list[QWidget]:
        return [*self.decisions.values(), *self.scope.values(), self.capacity, self.note]


class ConsentView(RecordPage):
    """Lays out one card per recipient and the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "Consent to share",
            "Ask the person, in words they understand, whether they agree to what they told you "
            "being shared with each of these. Health details (confidential answers) are shared "
            "only with their agreement, or where the law allows it. Record only what you asked.",
            parent)
        self.setObjectName("page-consent")
        self.summary = ErrorSummary(self.body)
        self.column.addWidget(self.summary)
        self.cards: dict[Recipient, RecipientCard] = {}
        for recipient in Recipient:
            card = RecipientCard(recipient, self.body)
            self.cards[recipient] = card
            self.column.addWidget(card)
        self.status = wrapped_label("", Role.STATUS, parent=self.body)
        self.status.setObjectName("consent-status")
        self.column.addWidget(self.status)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.continue_button = QPushButton("&Continue to finalise", self.body)
        self.continue_button.setObjectName("consent-continue")
        set_role(self.continue_button, Role.PRIMARY)
        set_accessible(self.continue_button,
                       "Record these decisions and continue to finalise (Alt+C)")
        self.back_button = QPushButton("&Back to check answers", self.body)
        self.back_button.setObjectName("consent-back")
        set_accessible(self.back_button, "Back to check answers (Alt+B)")
        row.addWidget(self.continue_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.column.addStretch(1)
        chain: list[QWidget] = []
        for card in self.cards.values():
            chain += card.focus_widgets()
        chain += [self.continue_button, self.back_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)


def record_decisions(services: Services, screening_id: UUID,
                     decisions: list[Decision]) -> list[Consent]:
    """Runs on the worker: records each decision unless the latest one for that recipient is the
    same; returns every consent on the screening afterwards."""
    existing = services.consents.for_screening(screening_id=screening_id)
    for decision in decisions:
        latest = next((c for c in reversed(existing) if c.recipient is decision.recipient), None)
        if latest is not None and latest.withdrawn_at is None and latest.given == decision.given \
                and latest.scope == decision.scope \
                and latest.capacity_considered == decision.capacity_considered:
            continue
        services.consents.record(
            screening_id=screening_id, recipient=decision.recipient, given=decision.given,
            scope=decision.scope, capacity_considered=decision.capacity_considered,
            capacity_note=decision.capacity_note)
    return services.consents.for_screening(screening_id=screening_id)


class ConsentController(QObject):
    """Records the decisions; emits ``consent_done(list[Consent])`` or ``back_requested``."""

    consent_done = Signal(object)
    back_requested = Signal()

    def __init__(self, context: AppContext, view: ConsentView | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view or ConsentView()
        self.screening_id: UUID | None = None
        self.consents: list[Consent] = []
        self.busy = Busy(self)
        self.view.continue_button.clicked.connect(self.submit)
        self.view.back_button.clicked.connect(self.back_requested)

    @property
    def widget(self) -> QWidget:
        return self.view

    def show_for(self, screening_id: UUID, consents: list[Consent]) -> None:
        """Shows the page for a screening, with the decisions recorded on it so far."""
        self.screening_id = screening_id
        self.consents = list(consents)
        for recipient, card in self.view.cards.items():
            card.decisions["not_asked"].setChecked(True)
            for box in card.scope.values():
                box.setChecked(False)
            card.capacity.setChecked(False)
            card.note.clear()
            card.show_recorded([c for c in consents if c.recipient is recipient])
            card.show_problem(None)
        self.view.summary.show_problems([])
        self.view.status.setText("")
        self.view.verticalScrollBar().setValue(0)
        first = self.view.cards[Recipient.POLICE].decisions["not_asked"]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def decisions(self) -> tuple[list[Decision], dict[Recipient, str]]:
        found: list[Decision] = []
        problems: dict[Recipient, str] = {}
        for recipient, card in self.view.cards.items():
            decision, problem = card.read()
            card.show_problem(problem)
            if problem:
                problems[recipient] = problem
            elif decision is not None:
                found.append(decision)
        return found, problems

    def submit(self) -> None:
        if self.busy.busy or self.screening_id is None:
            return
        decisions, problems = self.decisions()
        if problems:
            self.view.summary.show_problems([
                (f"{RECIPIENT_LABELS[r]}: {message}", partial(self._go_to, r))
                for r, message in problems.items()])
            self.view.status.setText("Nothing was recorded yet: correct the problem shown.")
            self._go_to(next(iter(problems)))
            return
        self.view.summary.show_problems([])
        screening_id = self.screening_id
        self.busy.start()
        self.view.continue_button.setEnabled(False)
        self.view.status.setText("Recording…" if decisions else "")
        self.context.gateway.call(
            lambda services: record_decisions(services, screening_id, decisions),
            label="record consent", on_done=self._recorded, on_error=self._failed)

    def _recorded(self, consents: list[Consent]) -> None:
        self.busy.stop()
        self.view.continue_button.setEnabled(True)
        self.consents = consents
        for recipient, card in self.view.cards.items():
            card.show_recorded([c for c in consents if c.recipient is recipient])
        self.view.status.setText("Consent decisions recorded.")
        self.consent_done.emit(consents)

    def _failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.view.continue_button.setEnabled(True)
        message = plain_error(error)
        self.view.status.setText(f"Not recorded: {message}")
        self.view.summary.show_problems([(message, None)])

    def _go_to(self, recipient: Recipient) -> None:
        card = self.view.cards[recipient]
        card.decisions[card.decision()].setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.reveal(card)
