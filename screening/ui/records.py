"""The finalised view of a screening, read-only: flags with the answers that raised them, every
answer, the consent decisions, who finalised it and when with which form version, the supervisor's
sign-off, and the list of revisions. From here a supervisor signs off (with an optional note) and
the author's role amends (with a required reason): amending makes a new draft revision that
replaces this one, which stays readable in the revisions list.
"""

from __future__ import annotations

import logging
from uuid import UUID

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from screening.checklist.model import text_in
from screening.domain.enums import ScreeningStatus
from screening.domain.models import Screening
from screening.services.screenings import AMEND_REASON_MAX
from screening.ui.consent import consent_text
from screening.ui.context import AppContext
from screening.ui.dialogs import FlowDialog, ReasonDialog
from screening.ui.fields import Busy, RecordPage
from screening.ui.i18n import current_language, language_changed, tr
from screening.ui.opened import OpenedScreening
from screening.ui.people import plain_error
from screening.ui.review import FlagCard, FlagShown, ItemLink, ReasonShown, answer_text
from screening.ui.theme import Role, set_role
from screening.ui.widgets import WrapButton, set_accessible, wrapped_label
from screening.ui.words import day_text, recipient_label, status_text, when_text

log = logging.getLogger(__name__)


def revision_text(revision: Screening, *, current: bool) -> str:
    if revision.status is ScreeningStatus.FINALISED and revision.finalised_at is not None:
        event = tr("Record", "finalised {when} by {user}", when=when_text(revision.finalised_at),
                   user=revision.finalised_by)
    elif revision.status is ScreeningStatus.COMPLETED:
        event = tr("Record", "completed, not yet finalised (started {when} by {user})",
                   when=when_text(revision.started_at), user=revision.author_id)
    else:
        event = tr("Record", "draft, started {when} by {user}", when=when_text(revision.started_at),
                   user=revision.author_id)
    text = tr("Record", "Revision {revision}: {event}", revision=revision.revision, event=event)
    if revision.amend_reason:
        text += "\n" + tr("Record", "Amended because: {reason}", reason=revision.amend_reason)
    if current:
        text += "\n" + tr("Record", "(this is the revision shown)")
    return text


class AnswerRow(QFrame):
    """One answered question, read-only; a flag's reason links here."""

    def __init__(self, code: str, question: str, answer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setObjectName(f"answer-{code}")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        self.question = wrapped_label(f"{code}: {question}", Role.QUESTION, parent=self)
        self.answer = wrapped_label(tr("Record", "Answer: {answer}", answer=answer), Role.BODY,
                                    parent=self)
        layout.addWidget(self.question)
        layout.addWidget(self.answer)
        set_accessible(self, tr("Record", "{code}: {question} Answer: {answer}", code=code,
                                question=question, answer=answer))


class RecordView(RecordPage):
    """Lays out one revision."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Record", "Screening"), "", parent)
        self.setObjectName("page-record")
        self.facts_holder = QWidget(self.body)
        self.facts = QVBoxLayout(self.facts_holder)
        self.facts.setContentsMargins(0, 0, 0, 0)
        self.facts.setSpacing(4)
        self.column.addWidget(self.facts_holder)
        self.banner = wrapped_label("", Role.SUBHEADING, parent=self.body)
        self.banner.setObjectName("record-banner")
        self.banner.hide()
        self.column.addWidget(self.banner)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.amend_button = QPushButton(tr("Record", "&Amend…"), self.body)
        self.amend_button.setObjectName("amend")
        set_accessible(self.amend_button,
                       tr("Record", "Amend this screening with a reason (Alt+A)"))
        self.sign_off_button = QPushButton(tr("Record", "&Sign off…"), self.body)
        self.sign_off_button.setObjectName("sign-off")
        set_role(self.sign_off_button, Role.PRIMARY)
        set_accessible(self.sign_off_button,
                       tr("Record", "Sign off this screening as supervisor (Alt+S)"))
        # Alt+I: Alt+D is the shell's Admin.
        self.disclose_button = QPushButton(tr("Record", "D&isclose…"), self.body)
        self.disclose_button.setObjectName("disclose")
        set_accessible(self.disclose_button,
                       tr("Record", "Disclose: make a document of this revision for one recipient "
                                    "(Alt+I)"))
        for button in (self.sign_off_button, self.disclose_button, self.amend_button):
            row.addWidget(button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.status = wrapped_label("", Role.STATUS, parent=self.body)
        self.status.setObjectName("record-status")
        self.column.addWidget(self.status)
        self.content = QWidget(self.body)
        self.content_layout = QVBoxLayout(self.content)
        self.column.addWidget(self.content)
        self.column.addStretch(1)
        self.flag_cards: dict[str, FlagCard] = {}
        self.answer_rows: dict[str, AnswerRow] = {}
        self.revision_rows: dict[str, WrapButton] = {}
        self.consent_lines: list[str] = []
        self.withdraw_buttons: dict[str, QPushButton] = {}

    def _reset(self) -> None:
        old = self.content
        self.content = QWidget(self.body)
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.setSpacing(10)
        self.column.replaceWidget(old, self.content)
        old.hide()  # gone at once (a language switch shows the record again), deleted later
        old.deleteLater()
        old_facts = self.facts_holder
        self.facts_holder = QWidget(self.body)
        self.facts = QVBoxLayout(self.facts_holder)
        self.facts.setContentsMargins(0, 0, 0, 0)
        self.facts.setSpacing(4)
        self.column.replaceWidget(old_facts, self.facts_holder)
        old_facts.hide()
        old_facts.deleteLater()
        self.flag_cards, self.answer_rows, self.revision_rows, self.consent_lines = {}, {}, {}, []
        self.withdraw_buttons = {}

    def _heading(self, text: str, name: str) -> None:
        label = wrapped_label(text, Role.HEADING, parent=self.content)
        label.setObjectName(f"heading-{name}")
        self.content_layout.addWidget(label)

    def _line(self, text: str, role: Role = Role.BODY) -> None:
        self.content_layout.addWidget(wrapped_label(text, role, parent=self.content))

    def show_record(self, opened: OpenedScreening, *, high_contrast: bool = False) -> None:
        self._reset()
        screening, form = opened.screening, opened.form
        # The form's own words (title, questions, options, flags) in the reader's interface
        # language where the form has it, else in English.
        lang = current_language() if current_language() in form.definition.languages else "en"
        self.title.setText(text_in(form.definition.title, lang))
        latest = opened.latest.revision
        status = status_text(screening.status, screening.revision)
        self.lead.setText(tr("Record", "{status} of {latest}", status=status, latest=latest)
                          if latest > 1 else status)
        self.lead.show()
        facts = []
        if screening.finalised_at is not None:
            facts.append(tr("Record", "Finalised by {user} on {when} (signed with their "
                                      "passphrase).", user=screening.finalised_by,
                            when=when_text(screening.finalised_at)))
        facts.append(tr("Record", "Screening date {day}; started by {user} on {when}.",
                        day=day_text(screening.screening_date),
                        user=screening.started_by or screening.author_id,
                        when=when_text(screening.started_at)))
        facts.append(tr("Record", "Form {form} version {version}; flag definitions version "
                                  "{registry}.", form=form.id, version=form.version,
                        registry=screening.registry_version))
        if screening.amend_reason:
            facts.append(tr("Record", "Amended because: {reason}", reason=screening.amend_reason))
        if screening.signed_off_by and screening.signed_off_at is not None:
            signed = tr("Record", "Signed off by {user} (supervisor) on {when}.",
                        user=screening.signed_off_by, when=when_text(screening.signed_off_at))
            if screening.sign_off_note:
                signed = tr("Record", "{signed} Note: {note}", signed=signed,
                            note=screening.sign_off_note)
            facts.append(signed)
        elif screening.status is ScreeningStatus.FINALISED:
            facts.append(tr("Record", "Not signed off by a supervisor yet."))
        for fact in facts:
            label = wrapped_label(fact, Role.BODY, parent=self.facts_holder)
            self.facts.addWidget(label)
        later = opened.replaced_by
        if later is not None:
            self.banner.setText(tr("Record", "This revision has been amended: revision {revision} "
                                             "replaces it (see Revisions below). It stays here as "
                                             "it was.", revision=later.revision))
        self.banner.setVisible(later is not None)

        answers = screening.answer_values()
        self._heading(tr("Record", "Flags raised"), "flags")
        if not screening.flags:
            self._line(tr("Record", "No flags raised."))
        for flag in screening.flags:
            definition = opened.registry.get(flag.code)
            shown = FlagShown(
                code=flag.code, level=flag.level,
                label=text_in(definition.label, lang) if definition else flag.label,
                definition=text_in(definition.definition, lang) if definition else "",
                summary="",
                reasons=tuple(
                    ReasonShown(reason.text, tuple(
                        ItemLink(code, f"{code}: {text_in(form.items[code].text, lang)}\n"
                                       + tr("Record", "Answer: {answer}",
                                            answer=answer_text(form, code, answers.get(code), lang=lang)))
                        for code in reason.items if code in form.items))
                    for reason in flag.reasons),
            )
            card = FlagCard(shown, high_contrast=high_contrast, parent=self.content)
            self.flag_cards[flag.code] = card
            self.content_layout.addWidget(card)

        if screening.scores:
            self._heading(tr("Record", "Scores"), "scores")
            for score in form.scores.values():
                value = screening.scores.get(score.id)
                worked = tr("Record", "not worked out") if value is None else str(value)
                self._line(f"{text_in(score.label, lang)}: {worked}")

        self._heading(tr("Record", "Answers"), "answers")
        for number, section in enumerate(form.sections, start=1):
            codes = [item.code for item in section.items if item.code in answers]
            if not codes:
                continue
            self._line(f"{number}. {text_in(section.title, lang)}", Role.SUBHEADING)
            for code in codes:
                row = AnswerRow(code, text_in(form.items[code].text, lang),
                                answer_text(form, code, answers[code], lang=lang), self.content)
                self.answer_rows[code] = row
                self.content_layout.addWidget(row)

        self._heading(tr("Record", "Consent to share"), "consent")
        if not opened.consents:
            self._line(tr("Record", "No consent decisions recorded."))
        for consent in opened.consents:
            line = f"{recipient_label(consent.recipient)}: {consent_text(consent)}"
            self.consent_lines.append(line)
            self._line(line)
            if consent.given and consent.withdrawn_at is None:
                button = QPushButton(tr("Record", "Withdraw this consent…"), self.content)
                button.setObjectName(f"withdraw-{consent.recipient.value}")
                set_accessible(button, tr("Record", "Withdraw the consent to share with {recipient}",
                                          recipient=recipient_label(consent.recipient)))
                self.withdraw_buttons[str(consent.id)] = button
                holder = QHBoxLayout()
                holder.addWidget(button)
                holder.addStretch(1)
                self.content_layout.addLayout(holder)

        self._heading(tr("Record", "Revisions"), "revisions")
        for revision in opened.revisions:
            current = revision.id == screening.id
            button = WrapButton(revision_text(revision, current=current), Role.LINK, self.content)
            button.setObjectName(f"revision-{revision.revision}")
            set_accessible(button, tr("Record", "Open {revision}", revision=revision_text(
                revision, current=current).replace("\n", ", ")))
            self.revision_rows[str(revision.id)] = button
            self.content_layout.addWidget(button)

        self.amend_button.setVisible(opened.may_amend)
        self.sign_off_button.setVisible(opened.may_sign_off)
        self.disclose_button.setVisible(screening.status is ScreeningStatus.FINALISED)
        chain: list[QWidget] = [self.sign_off_button, self.disclose_button, self.amend_button]
        for card in self.flag_cards.values():
            chain += card.links
        chain += list(self.withdraw_buttons.values())
        chain += list(self.revision_rows.values())
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if self.isVisible():  # shown again in place (a language switch): laid out at once
            self.settle(self.facts_holder)
            self.settle(self.content)

    def reveal_answer(self, code: str) -> None:
        row = self.answer_rows.get(code)
        if row is not None:
            row.setFocus(Qt.FocusReason.OtherFocusReason)
            self.reveal(row)


class RecordController(QObject):
    """Shows a finalised revision; amends it and signs it off through the services."""

    screening_opened = Signal(str)
    signed_off = Signal(object)

    def __init__(self, context: AppContext, view: RecordView | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view = view or RecordView()
        self.opened: OpenedScreening | None = None
        self.dialog: ReasonDialog | None = None
        self.confirm: FlowDialog | None = None
        self.disclosing: QObject | None = None
        self.busy = Busy(self)
        self.view.amend_button.clicked.connect(self.ask_amend)
        self.view.disclose_button.clicked.connect(self.disclose)
        self.view.sign_off_button.clicked.connect(self.ask_sign_off)
        language_changed().connect(self._relabel)

    def _relabel(self) -> None:
        """The record's lines carry dates in words: shown again in the new language, where the
        reader was."""
        if self.opened is None:
            return
        bar = self.view.verticalScrollBar()
        position = bar.value()
        self.show(self.opened)
        bar.setValue(position)

    @property
    def widget(self) -> QWidget:
        return self.view

    def show(self, opened: OpenedScreening) -> None:
        self.opened = opened
        theme = self.context.theme
        self.view.show_record(opened, high_contrast=bool(theme and theme.settings.high_contrast))
        self.view.status.setText("")
        for card in self.view.flag_cards.values():
            card.item_requested.connect(self.view.reveal_answer)
        for screening_id, button in self.view.revision_rows.items():
            button.clicked.connect(
                lambda _checked=False, s=screening_id: self.screening_opened.emit(s))
        for consent_id, withdraw in self.view.withdraw_buttons.items():
            withdraw.clicked.connect(lambda _checked=False, c=consent_id: self.ask_withdraw(c))
        self.view.verticalScrollBar().setValue(0)
        first = next((b for b in (self.view.sign_off_button, self.view.disclose_button,
                                  self.view.amend_button) if b.isVisibleTo(self.view)), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ disclose

    def disclose(self) -> None:
        """Opens the disclose dialog (``ui/disclose.py``) for this finalised revision."""
        opened = self.opened
        if opened is None or opened.screening.status is not ScreeningStatus.FINALISED:
            return
        # Imported here: printing support loads only when someone discloses.
        from screening.ui.disclose import open_disclose_dialog

        self.disclosing = open_disclose_dialog(self.context, opened.screening.id, self.view)

    # ------------------------------------------------------------------ amend

    def ask_amend(self) -> None:
        if self.opened is None or not self.opened.may_amend:
            return
        dialog = ReasonDialog(
            title=tr("Record", "Amend screening"),
            heading=tr("Record", "Why are you amending this screening?"),
            lead=tr("Record", "Amending makes a new revision for you to change and finalise. This "
                              "revision stays as it is, readable, with your reason beside the new one."),
            label=tr("Record", "Reason for the amendment"),
            action=tr("Record", "Start the &amendment"),
            required=True,
            required_message=tr("Record", "Say why the screening is being amended (for example, "
                                          "which answer was wrong)."),
            max_length=AMEND_REASON_MAX, parent=self.view)
        dialog.setObjectName("amend-dialog")
        self.dialog = dialog
        dialog.submitted.connect(self._amend)
        dialog.open()

    def _amend(self, reason: str) -> None:
        opened, dialog = self.opened, self.dialog
        if opened is None or dialog is None:
            return
        screening_id = opened.screening.id
        dialog.set_busy(True, tr("Record", "Starting the amendment…"))
        self.context.gateway.call(
            lambda services: services.screenings.amend(screening_id=screening_id, reason=reason),
            label="amend screening",
            on_done=lambda draft: self._amended(dialog, draft),
            on_error=lambda error: self._dialog_failed(dialog, error))

    def _amended(self, dialog: ReasonDialog, draft: Screening) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.dialog = None
        self.view.window().activateWindow()
        log.info("screening amended as %s", draft.id)
        self.screening_opened.emit(str(draft.id))

    # ------------------------------------------------------------------ sign off

    def ask_sign_off(self) -> None:
        if self.opened is None or not self.opened.may_sign_off:
            return
        dialog = ReasonDialog(
            title=tr("Record", "Sign off screening"), heading=tr("Record", "Sign off this screening"),
            lead=tr("Record", "Your sign-off is added beside the record, with your name and the time; "
                              "the record itself does not change."),
            label=tr("Record", "Note (optional)"), action=tr("Record", "&Sign off"), required=False,
            parent=self.view)
        dialog.setObjectName("sign-off-dialog")
        self.dialog = dialog
        dialog.submitted.connect(self._sign_off)
        dialog.open()

    def _sign_off(self, note: str) -> None:
        opened, dialog = self.opened, self.dialog
        if opened is None or dialog is None:
            return
        screening_id = opened.screening.id
        dialog.set_busy(True, tr("Record", "Signing off…"))
        self.context.gateway.call(
            lambda services: services.screenings.sign_off(screening_id=screening_id,
                                                          note=note or None),
            label="sign off screening",
            on_done=lambda screening: self._signed(dialog, screening),
            on_error=lambda error: self._dialog_failed(dialog, error))

    def _signed(self, dialog: ReasonDialog, screening: Screening) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.dialog = None
        self.view.window().activateWindow()
        self.signed_off.emit(screening)
        self.screening_opened.emit(str(screening.id))

    # ------------------------------------------------------------------ withdraw a consent

    def ask_withdraw(self, consent_id: str) -> None:
        opened = self.opened
        if opened is None:
            return
        consent = next((c for c in opened.consents if str(c.id) == consent_id), None)
        if consent is None:
            return
        who = recipient_label(consent.recipient)
        dialog = FlowDialog(
            tr("Record", "Withdraw consent"),
            tr("Record", "Withdraw the consent to share with {recipient}?", recipient=who),
            tr("Record", "Record this when the person tells you they no longer agree. From now on "
                         "nothing more is shared with them on this consent; what was already shared "
                         "is not recalled. The withdrawal is recorded with your name and the time."),
            self.view)
        dialog.setObjectName("withdraw-dialog")
        dialog.add_buttons(tr("Record", "&Withdraw consent"))
        self.confirm = dialog
        dialog.action_button.clicked.connect(lambda: self._withdraw(dialog, consent.id))
        dialog.open()
        dialog.cancel_button.setFocus()

    def _withdraw(self, dialog: FlowDialog, consent_id: UUID) -> None:
        opened = self.opened
        if opened is None:
            return
        screening_id = str(opened.screening.id)
        dialog.set_busy(True, tr("Record", "Recording the withdrawal…"))
        self.context.gateway.call(
            lambda services: services.consents.withdraw(consent_id=consent_id),
            label="withdraw consent",
            on_done=lambda _consent: self._withdrawn(dialog, screening_id),
            on_error=lambda error: self._dialog_failed(dialog, error))

    def _withdrawn(self, dialog: FlowDialog, screening_id: str) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.confirm = None
        self.view.window().activateWindow()
        self.screening_opened.emit(screening_id)

    def _dialog_failed(self, dialog: FlowDialog, error: BaseException) -> None:
        dialog.set_busy(False)
        dialog.show_problem(plain_error(error))
