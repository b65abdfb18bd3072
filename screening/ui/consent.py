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
from datetime import datetime
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

from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry, text_in
from screening.domain.enums import DisclosureClass, Recipient, ScreeningStatus
from screening.domain.models import Consent, ConsentScope, Person, Screening
from screening.services.core import Services
from screening.ui.context import AppContext
from screening.ui.fields import Busy, ErrorSummary, RecordPage
from screening.ui.i18n import current_language, error_text, language_changed, tr
from screening.ui.people import plain_error
from screening.ui.theme import Role, repolish, set_role
from screening.ui.widgets import FlowLayout, OptionCheck, OptionRadio, set_accessible, wrapped_label
from screening.ui.words import recipient_label, when_text

log = logging.getLogger(__name__)

def class_label(disclosure_class: DisclosureClass) -> str:
    return {
        DisclosureClass.CONFIDENTIAL: tr("Consent", "Health details (confidential answers)"),
        DisclosureClass.DISCLOSABLE: tr("Consent", "Disclosable facts"),
        DisclosureClass.OPERATIONAL: tr("Consent", "Operational details (custody and escort)"),
    }[disclosure_class]


DECISIONS = ("not_asked", "given", "refused")


def decision_label(decision: str) -> str:
    return {
        "not_asked": tr("Consent", "Not asked now"),
        "given": tr("Consent", "Agrees to share"),
        "refused": tr("Consent", "Does not agree"),
    }[decision]


def consent_text(consent: Consent) -> str:
    """A recorded decision in words."""
    parts: list[str] = []
    if consent.given:
        classes = [class_label(c).lower() for c in consent.scope.classes]
        items = list(consent.scope.items)
        if items:
            classes.append(tr("Consent", "questions {codes}", codes=", ".join(items)))
        parts.append(tr("Consent", "Agrees to share {what}",
                        what=", ".join(classes) or tr("Consent", "nothing named")))
    else:
        parts.append(tr("Consent", "Does not agree to share"))
    parts.append(tr("Consent", "decided {when}", when=when_text(consent.decided_at)))
    if consent.capacity_considered:
        parts.append(tr("Consent", "capacity considered"))
    else:
        parts.append(tr("Consent", "capacity NOT considered"))
    if consent.capacity_note:
        parts[-1] += f" ({consent.capacity_note})"
    if consent.recorded_by:
        parts.append(tr("Consent", "recorded by {user}", user=consent.recorded_by))
    text = "; ".join(parts)
    if consent.withdrawn_at is not None:
        text += ". " + tr("Consent", "WITHDRAWN {when}", when=when_text(consent.withdrawn_at))
    return text


@dataclass(frozen=True)
class Receives:
    """What one recipient would receive of the answers given so far, item by item, as the
    disclosure function decides it (``services.disclosure.disclosure_view``)."""

    shown: tuple[str, ...]
    """"CODE: question" of each answer shown (the answer itself or its derived wording)."""
    outcome: tuple[str, ...]
    """Answers shown only through the flag they led to."""
    withheld: tuple[str, ...]
    """Answers of which nothing is shown."""
    not_relied_on: bool = False
    """The consent as chosen would not be relied on (capacity not considered)."""


@dataclass(frozen=True)
class ConsentBasis:
    """What the preview is worked out from: the screening's answers so far and its form."""

    screening: Screening
    form: CompiledForm
    registry: FlagRegistry
    person: Person


def what_they_receive(basis: ConsentBasis, recipient: Recipient, consents: list[Consent],
                      decision: Decision | None, *, at: datetime, lang: str) -> Receives:
    """Asks the one disclosure function what ``recipient`` would get of this screening if it were
    finalised now with ``consents`` (theirs on record) and the decision being made. Nothing is
    recorded; the screening is only looked at as if finalised."""
    from screening.services.disclosure import disclosure_view

    considered = [c for c in consents if c.recipient is recipient]
    planned: Consent | None = None
    if decision is not None:
        planned = Consent(screening_id=basis.screening.id, person_id=basis.person.id,
                          recipient=recipient, scope=decision.scope, decided_at=at,
                          capacity_considered=decision.capacity_considered, given=decision.given)
        considered.append(planned)
    as_finalised = basis.screening.model_copy(update={
        "status": ScreeningStatus.FINALISED, "finalised_at": at})
    view = disclosure_view(screening=as_finalised, form=basis.form, registry=basis.registry,
                           person=basis.person, recipient=recipient, consents=considered,
                           legal_basis=None, agency="", at=at, lang=lang)

    def named(code: str) -> str:
        item = basis.form.items.get(code)
        return f"{code}: {text_in(item.text, lang)}" if item is not None else code

    shown = tuple(named(code) for code in view.items_included)
    outcome = tuple(named(code) for code in view.items_as_outcome)
    withheld = tuple(named(code) for code in view.items_withheld)
    not_relied_on = (planned is not None and planned.given and not planned.capacity_considered
                     and planned.id not in view.consents_relied_on)
    return Receives(shown, outcome, withheld, not_relied_on)


def receives_text(receives: Receives, recipient: Recipient) -> str:
    """The preview in words, one answer a line, under plain headings (never colour alone)."""
    name = recipient_label(recipient)
    lines: list[str] = []
    if receives.shown:
        lines.append(tr("Consent", "{recipient} would receive these answers:", recipient=name))
        lines += [f"  • {line}" for line in receives.shown]
    else:
        lines.append(tr("Consent", "{recipient} would receive none of the answers themselves.",
                        recipient=name))
    if receives.outcome:
        lines.append(tr("Consent", "Only as the flag they led to:"))
        lines += [f"  • {line}" for line in receives.outcome]
    if receives.withheld:
        lines.append(tr("Consent", "Not shared:"))
        lines += [f"  • {line}" for line in receives.withheld]
    if receives.not_relied_on:
        lines.append(tr("Consent", "This consent would not be relied on until you record that you "
                                   "considered their capacity to decide."))
    return "\n".join(lines)


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
        name = recipient_label(recipient)
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
            radio = OptionRadio(decision_label(decision), None, decisions)
            radio.setObjectName(f"{recipient.value}-{decision}")
            set_accessible(radio, tr("Consent", "{recipient}: {decision}", recipient=name,
                                     decision=decision_label(decision)))
            self.group.addButton(radio)
            self.decisions[decision] = radio
            flow.addWidget(radio)
        self.decisions["not_asked"].setChecked(True)
        layout.addWidget(decisions)

        self.scope_box = QWidget(self)
        scope_layout = QVBoxLayout(self.scope_box)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_layout.setSpacing(6)
        scope_layout.addWidget(wrapped_label(tr("Consent", "What they agree to share with them:"),
                                             Role.BODY, parent=self.scope_box))
        self.scope: dict[DisclosureClass, QCheckBox] = {}
        for disclosure_class in (DisclosureClass.CONFIDENTIAL, DisclosureClass.DISCLOSABLE,
                                 DisclosureClass.OPERATIONAL):
            box = OptionCheck(class_label(disclosure_class), None, self.scope_box)
            box.setObjectName(f"{recipient.value}-scope-{disclosure_class.value}")
            set_accessible(box, tr("Consent", "{recipient}: share {what}", recipient=name,
                                   what=class_label(disclosure_class).lower()))
            self.scope[disclosure_class] = box
            box.toggled.connect(lambda _on: self.changed.emit())
            scope_layout.addWidget(box)
        layout.addWidget(self.scope_box)

        self.capacity = OptionCheck(tr("Consent", "I considered their capacity to make this decision"),
                                    None, self)
        self.capacity.setObjectName(f"{recipient.value}-capacity")
        self.capacity.toggled.connect(lambda _on: self.changed.emit())
        set_accessible(self.capacity, tr("Consent", "{recipient}: capacity to decide was considered",
                                         recipient=name))
        layout.addWidget(self.capacity)
        self.note = QLineEdit(self)
        self.note.setObjectName(f"{recipient.value}-note")
        self.note.setPlaceholderText(tr("Consent", "Capacity note (optional)"))
        set_accessible(self.note, tr("Consent", "{recipient}: note about capacity (optional)",
                                     recipient=name))
        layout.addWidget(self.note)
        self.problem = wrapped_label("", Role.ERROR, parent=self)
        self.problem.hide()
        layout.addWidget(self.problem)
        # Which answers this recipient would receive with the decision as it stands: scope by
        # item, worked out by the disclosure function, shown on request (it can be long).
        self.receives_button = QPushButton(tr("Consent", "Show which answers they would receive"),
                                           self)
        self.receives_button.setObjectName(f"{recipient.value}-receives-toggle")
        self.receives_button.setCheckable(True)
        set_accessible(self.receives_button, tr(
            "Consent", "{recipient}: show which answers they would receive with this decision",
            recipient=name))
        layout.addWidget(self.receives_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.receives = wrapped_label("", Role.WHY, parent=self)
        self.receives.setObjectName(f"{recipient.value}-receives")
        self.receives.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receives.setAccessibleName(tr("Consent", "What {recipient} would receive",
                                           recipient=name))
        self.receives.hide()
        layout.addWidget(self.receives)
        self.receives_button.toggled.connect(self._receives_toggled)
        self.group.buttonToggled.connect(lambda _button, _on: self._decision_changed())
        self._decision_changed()
        self.setAccessibleName(tr("Consent", "Consent: {recipient}", recipient=name))

    changed = Signal()

    def decision(self) -> str:
        return next(key for key, radio in self.decisions.items() if radio.isChecked())

    def _receives_toggled(self, on: bool) -> None:
        self.receives.setVisible(on and bool(self.receives.text()))
        self.receives_button.setText(tr("Consent", "Hide which answers they would receive") if on
                                     else tr("Consent", "Show which answers they would receive"))
        if on:
            self.changed.emit()

    def show_receives(self, text: str) -> None:
        self.receives.setText(text)
        self.receives.setAccessibleDescription(text)
        self.receives.setVisible(self.receives_button.isChecked() and bool(text))
        self.receives_button.setVisible(bool(text))

    def planned(self) -> Decision | None:
        """The decision as it stands, for the preview (no problems reported)."""
        decision = self.decision()
        if decision == "not_asked":
            return None
        classes = tuple(c for c, box in self.scope.items() if box.isChecked())
        if decision == "given" and not classes:
            return None
        return Decision(self.recipient, decision == "given",
                        ConsentScope(classes=classes if decision == "given" else ()),
                        self.capacity.isChecked(), None)

    def _decision_changed(self) -> None:
        decision = self.decision()
        self.scope_box.setVisible(decision == "given")
        self.capacity.setVisible(decision != "not_asked")
        self.note.setVisible(decision != "not_asked")
        if decision == "given" and not any(box.isChecked() for box in self.scope.values()):
            # Health details are what consent is for; the officer can change it.
            self.scope[DisclosureClass.CONFIDENTIAL].setChecked(True)
        self.show_problem(None)
        self.changed.emit()

    def show_recorded(self, consents: list[Consent]) -> None:
        if consents:
            self.recorded.setText(tr("Consent", "Recorded: {decisions}",
                                     decisions=" | ".join(consent_text(c) for c in consents)))
        self.recorded.setVisible(bool(consents))

    def read(self) -> tuple[Decision | None, str | None]:
        decision = self.decision()
        if decision == "not_asked":
            return None, None
        classes = tuple(c for c, box in self.scope.items() if box.isChecked())
        if decision == "given" and not classes:
            return None, tr("Consent", "Choose what they agree to share.")
        note = " ".join(self.note.text().split()) or None
        return Decision(self.recipient, decision == "given",
                        ConsentScope(classes=classes if decision == "given" else ()),
                        self.capacity.isChecked(), note), None

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(error_text(message) if message else "")
        self.problem.setVisible(bool(message))
        self.setProperty("problem", "true" if message else "false")
        repolish(self)

    def focus_widgets(self) -> list[QWidget]:
        return [*self.decisions.values(), *self.scope.values(), self.capacity, self.note,
                self.receives_button]


class ConsentView(RecordPage):
    """Lays out one card per recipient and the buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("Consent", "Consent to share"),
            tr("Consent", "Ask the person, in words they understand, whether they agree to what they "
                          "told you being shared with each of these. Health details (confidential "
                          "answers) are shared only with their agreement, or where the law allows "
                          "it. Record only what you asked."),
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
        self.continue_button = QPushButton(tr("Consent", "&Continue to finalise"), self.body)
        self.continue_button.setObjectName("consent-continue")
        set_role(self.continue_button, Role.PRIMARY)
        set_accessible(self.continue_button,
                       tr("Consent", "Record these decisions and continue to finalise (Alt+C)"))
        self.back_button = QPushButton(tr("Consent", "&Back to check answers"), self.body)
        self.back_button.setObjectName("consent-back")
        set_accessible(self.back_button, tr("Consent", "Back to check answers (Alt+B)"))
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
        self.basis: ConsentBasis | None = None
        self.busy = Busy(self)
        for card in self.view.cards.values():
            card.changed.connect(partial(self._preview, card))
        language_changed().connect(self._preview_all)
        self.view.continue_button.clicked.connect(self.submit)
        self.view.back_button.clicked.connect(self.back_requested)

    @property
    def widget(self) -> QWidget:
        return self.view

    def show_for(self, screening_id: UUID, consents: list[Consent], *,
                 form: CompiledForm | None = None, registry: FlagRegistry | None = None,
                 person: Person | None = None) -> None:
        """Shows the page for a screening, with the decisions recorded on it so far. Given the
        form, registry and person, each card can also show which answers its recipient would
        receive (the answers are read afresh on the worker)."""
        self.screening_id = screening_id
        self.consents = list(consents)
        self.basis = None
        for card in self.view.cards.values():
            card.show_receives("")
        if form is not None and registry is not None and person is not None:
            self.context.gateway.call(
                lambda services: services.screenings.get(screening_id=screening_id),
                label="consent preview",
                on_done=lambda screening: self._basis_loaded(
                    ConsentBasis(screening, form, registry, person)),
                on_error=lambda error: log.info("no consent preview: %s", type(error).__name__))
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

    def _basis_loaded(self, basis: ConsentBasis) -> None:
        if basis.screening.id != self.screening_id:
            return
        self.basis = basis
        self._preview_all()

    def _preview_all(self) -> None:
        for card in self.view.cards.values():
            self._preview(card)

    def _preview(self, card: RecipientCard) -> None:
        basis = self.basis
        if basis is None:
            return
        from screening.domain.dates import utc_now

        try:
            receives = what_they_receive(basis, card.recipient, self.consents, card.planned(),
                                         at=utc_now(), lang=current_language())
        except Exception as error:  # the preview is an aid: never stop consent being recorded
            log.warning("consent preview for %s failed: %s", card.recipient.value,
                        type(error).__name__)
            card.show_receives("")
            return
        card.show_receives(receives_text(receives, card.recipient))

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
                (tr("Consent", "{recipient}: {problem}", recipient=recipient_label(r), problem=message),
                 partial(self._go_to, r))
                for r, message in problems.items()])
            self.view.status.setText(tr("Consent", "Nothing was recorded yet: correct the problem "
                                                   "shown."))
            self._go_to(next(iter(problems)))
            return
        self.view.summary.show_problems([])
        screening_id = self.screening_id
        self.busy.start()
        self.view.continue_button.setEnabled(False)
        self.view.status.setText(tr("Consent", "Recording…") if decisions else "")
        self.context.gateway.call(
            lambda services: record_decisions(services, screening_id, decisions),
            label="record consent", on_done=self._recorded, on_error=self._failed)

    def _recorded(self, consents: list[Consent]) -> None:
        self.busy.stop()
        self.view.continue_button.setEnabled(True)
        self.consents = consents
        for recipient, card in self.view.cards.items():
            card.show_recorded([c for c in consents if c.recipient is recipient])
        self.view.status.setText(tr("Consent", "Consent decisions recorded."))
        self.consent_done.emit(consents)

    def _failed(self, error: BaseException) -> None:
        self.busy.stop()
        self.view.continue_button.setEnabled(True)
        message = plain_error(error)
        self.view.status.setText(tr("Consent", "Not recorded: {reason}", reason=message))
        self.view.summary.show_problems([(message, None)])

    def _go_to(self, recipient: Recipient) -> None:
        card = self.view.cards[recipient]
        card.decisions[card.decision()].setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.reveal(card)
