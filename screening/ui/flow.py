"""The screening flow, and the people and screening pages wired into the app's shell.

``ScreeningFlowController`` opens a screening and shows what fits it:
- the author's own draft: the wizard (``WizardController``) over a ``ServicesAnswerSink``, reopened
  at the page and question where it was left;
- a colleague's draft: "take it over?" (same role only; the services audit the take-over);
- from the wizard's review page: consent to share per recipient, then "Finalise" with the
  author's passphrase (a wrong one says so and changes nothing);
- a finalised revision: the read-only record with sign-off, amend and the revisions list.

``attach_screening_pages(shell, context)`` registers the pages (``people``, ``person``,
``person-editor``, ``screening``) with the shell and answers the navigator's requests
(``people_requested``, ``person_requested``, ``new_screening_requested``,
``screening_requested``). ``PageStack`` is a minimal shell for tests and screenshots.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Protocol
from uuid import UUID

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from screening.checklist.model import text_in
from screening.domain.enums import ScreeningStatus
from screening.domain.models import Consent, Person, Screening
from screening.services.errors import IncompleteError, LockedOutError, PassphraseRejectedError
from screening.ui.consent import ConsentController
from screening.ui.context import AppContext
from screening.ui.dialogs import FlowDialog, PassphraseDialog
from screening.ui.fields import RecordPage
from screening.ui.i18n import current_language, language_changed, tr
from screening.ui.login import role_name
from screening.ui.opened import OpenedScreening, open_screening
from screening.ui.people import (
    PeopleSearchController,
    PersonEditorController,
    PersonPageController,
    plain_error,
)
from screening.ui.preferences import PreferencesController
from screening.ui.records import RecordController
from screening.ui.theme import Role, set_role
from screening.ui.widgets import set_accessible, wrapped_label
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE
from screening.ui.wizard_controller import WizardController, WizardPosition
from screening.ui.words import birth_text, day_text, when_text

log = logging.getLogger(__name__)

PEOPLE_PAGE = "people"
PERSON_PAGE = "person"
PERSON_EDITOR_PAGE = "person-editor"
SCREENING_PAGE = "screening"


class PageHost(Protocol):
    """What the shell offers: pages by name, one shown at a time."""

    def register_page(self, name: str, widget: QWidget) -> None: ...

    def show_page(self, name: str) -> None: ...


class PageStack(QStackedWidget):
    """A minimal ``PageHost`` (tests, screenshots): a stack of named pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: dict[str, QWidget] = {}

    def register_page(self, name: str, widget: QWidget) -> None:
        self.pages[name] = widget
        self.addWidget(widget)

    def show_page(self, name: str) -> None:
        self.setCurrentWidget(self.pages[name])

    def current_page(self) -> str:
        current = self.currentWidget()
        return next((name for name, page in self.pages.items() if page is current), "")


# ================================================================================================
# Take-over page
# ================================================================================================


class TakeOverView(RecordPage):
    """A colleague's draft: who started it, and "Take it over" (confirming is the button)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Flow", "A colleague's draft"), "", parent)
        self.setObjectName("page-take-over")
        self.details = wrapped_label("", Role.BODY, parent=self.body)
        self.column.addWidget(self.details)
        self.explain = wrapped_label("", Role.BODY, parent=self.body)
        self.column.addWidget(self.explain)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.take_button = QPushButton(tr("Flow", "&Take over this draft"), self.body)
        self.take_button.setObjectName("take-over")
        set_role(self.take_button, Role.PRIMARY)
        set_accessible(self.take_button, tr("Flow", "Take over this draft and continue it (Alt+T)"))
        self.back_button = QPushButton(tr("Flow", "&Back to the person's page"), self.body)
        set_accessible(self.back_button, tr("Flow", "Back to the person's page (Alt+B)"))
        row.addWidget(self.take_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        self.column.addLayout(row)
        self.status = wrapped_label("", Role.STATUS, parent=self.body)
        self.column.addWidget(self.status)
        self.column.addStretch(1)


class MessageView(RecordPage):
    """Something could not be opened: say what and what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Flow", "Opening the screening…"), "", parent)
        self.setObjectName("page-message")
        self.column.addStretch(1)


# ================================================================================================
# The flow
# ================================================================================================


class ScreeningFlowView(QWidget):
    """A strip naming the person, above the flow's pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screening-flow")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        strip = QWidget(self)
        strip.setObjectName("person-strip")
        set_role(strip, Role.PANEL)
        strip.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(strip)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(12)
        self.person_label = wrapped_label("", Role.SUBHEADING, parent=strip)
        self.person_label.setObjectName("flow-person")
        row.addWidget(self.person_label, 1)
        # Alt+R: Alt+P is the shell's People.
        self.person_button = QPushButton(tr("Flow", "Pe&rson's page"), strip)
        self.person_button.setObjectName("flow-person-page")
        set_accessible(self.person_button, tr("Flow", "Go to the person's page (Alt+R)"))
        row.addWidget(self.person_button)
        layout.addWidget(strip)
        self.strip = strip
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.message = MessageView(self.stack)
        self.stack.addWidget(self.message)
        self.wizard_holder = QWidget(self.stack)
        holder = QVBoxLayout(self.wizard_holder)
        holder.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.wizard_holder)
        self.take_over = TakeOverView(self.stack)
        self.stack.addWidget(self.take_over)

    def show_person(self, person: Person, screening: Screening) -> None:
        born = birth_text(person.date_of_birth, person.age_in_doubt, on=screening.screening_date)
        self.person_label.setText(f"{person.display_name} · {born}")
        self.person_label.setAccessibleName(tr("Flow", "Person: {person}", person=self.person_label.text()))

    def add(self, widget: QWidget) -> None:
        self.stack.addWidget(widget)


class ScreeningFlowController(QObject):
    """Opens screenings and moves between wizard, take-over, consent, finalise and record."""

    finalised = Signal(object)
    discarded = Signal(str)
    opened = Signal(object)
    person_requested = Signal(str)

    def __init__(self, context: AppContext, *, preferences: PreferencesController | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.preferences = preferences
        self.view = ScreeningFlowView()
        self.consent = ConsentController(context, parent=self)
        self.view.add(self.consent.widget)
        self.record = RecordController(context, parent=self)
        self.view.add(self.record.widget)
        self.current: OpenedScreening | None = None
        self.wizard: WizardController | None = None
        self.dialog: PassphraseDialog | None = None
        self.discard_dialog: FlowDialog | None = None
        self._wanted: str | None = None
        self.view.person_button.clicked.connect(self._person_page)
        self.view.take_over.take_button.clicked.connect(self.take_over)
        self.view.take_over.back_button.clicked.connect(self._person_page)
        self.consent.consent_done.connect(self._consent_done)
        self.consent.back_requested.connect(self._back_to_review)
        self.record.screening_opened.connect(self._request_screening)
        language_changed().connect(self._relabel)

    def _relabel(self) -> None:
        """The interface language changed: the person strip is made of several pieces."""
        if self.current is not None:
            self.view.show_person(self.current.person, self.current.screening)

    @property
    def widget(self) -> QWidget:
        return self.view

    def page(self) -> str:
        """Which of the flow's pages is showing: message, wizard, take-over, consent, record."""
        current = self.view.stack.currentWidget()
        if current is None:
            return ""
        return {self.view.message: "message", self.view.wizard_holder: "wizard",
                self.view.take_over: "take-over", self.consent.widget: "consent",
                self.record.widget: "record"}.get(current, "")

    # ------------------------------------------------------------------ opening

    def open(self, screening_id: str) -> None:
        """Loads the screening on the worker, then shows the page that fits it."""
        self._wanted = screening_id
        self._message(tr("Flow", "Opening the screening…"), "")
        self.context.gateway.call(
            lambda services: open_screening(services, UUID(screening_id)),
            label="open screening",
            on_done=lambda opened: self._opened(screening_id, opened),
            on_error=lambda error: self._open_failed(screening_id, error))

    def _open_failed(self, screening_id: str, error: BaseException) -> None:
        if screening_id == self._wanted:
            self._message(tr("Flow", "The screening could not be opened"), plain_error(error))

    def _message(self, title: str, text: str) -> None:
        self.view.message.title.setText(title)
        self.view.message.lead.setText(text)
        self.view.message.lead.setVisible(bool(text))
        self.view.stack.setCurrentWidget(self.view.message)

    def _opened(self, screening_id: str, opened: OpenedScreening) -> None:
        if screening_id != self._wanted:
            return
        self.current = opened
        self.view.show_person(opened.person, opened.screening)
        screening = opened.screening
        if opened.editable:
            self._show_wizard(opened)
        elif screening.status is not ScreeningStatus.FINALISED:
            self._show_take_over(opened)
        else:
            self._retire_wizard()
            self.record.show(opened)
            self.view.stack.setCurrentWidget(self.record.widget)
        self.opened.emit(opened)

    def _request_screening(self, screening_id: str) -> None:
        self.context.navigator.screening_requested.emit(screening_id)

    def _person_page(self) -> None:
        if self.current is not None:
            self.person_requested.emit(str(self.current.person.id))

    # ------------------------------------------------------------------ the wizard

    def _show_wizard(self, opened: OpenedScreening) -> None:
        assert opened.sink is not None
        self._retire_wizard()
        form = opened.form
        position = opened.position
        if position.page is not None:
            start = WizardPosition(position.page, position.item_code)
        elif opened.screening.revision > 1:
            # An amendment: the introduction was read for the first revision.
            start = WizardPosition(form.sections[0].id, None)
        else:
            start = WizardPosition(INTRO_PAGE, None)
        easy_read = opened.preferences.easy_read
        lang = "en"
        if self.preferences is not None:
            easy_read = self.preferences.preferences.easy_read
            remembered = self.preferences.form_language
            if remembered in form.definition.languages:
                lang = remembered
        wizard = WizardController(
            form=form, registry=opened.registry, screening_date=opened.screening.screening_date,
            sink=opened.sink, database=self.context.tasks.database,
            answers=opened.screening.answer_values(), position=start, lang=lang,
            easy_read=easy_read, theme=self.context.theme)
        self.wizard = wizard
        layout = self.view.wizard_holder.layout()
        assert layout is not None
        layout.addWidget(wizard.view)
        wizard.finalise_requested.connect(self._to_consent)
        wizard.view.discard_requested.connect(self.ask_discard)
        if self.preferences is not None:
            wizard.view.easy_read_toggled.connect(self.preferences.set_easy_read)
            wizard.view.language_chosen.connect(self.preferences.set_form_language)
        self.view.stack.setCurrentWidget(self.view.wizard_holder)
        wizard.view.show()

    def _retire_wizard(self) -> None:
        """Takes the old wizard off the screen; deletes it once every save it queued is back."""
        old = self.wizard
        if old is None:
            return
        self.wizard = None
        old.view.hide()
        old.view.setParent(None)
        view = old.view
        self.context.tasks.database.submit(lambda: None, label="retire wizard",
                                           on_success=lambda _r: view.deleteLater())

    # ------------------------------------------------------------------ taking over

    def _show_take_over(self, opened: OpenedScreening) -> None:
        self._retire_wizard()
        page = self.view.take_over
        screening = opened.screening
        title = text_in(opened.form.definition.title, current_language())
        page.details.setText(tr(
            "Flow", "{form} for {person}, started {day} by {starter}; it belongs to {author} and was "
                    "last saved {saved}.",
            form=title, person=opened.person.display_name, day=day_text(screening.screening_date),
            starter=screening.started_by or screening.author_id, author=screening.author_id,
            saved=when_text(screening.updated_at or screening.started_at)))
        if opened.may_take_over:
            page.explain.setText(tr(
                "Flow", "If your colleague cannot finish it, you can take it over: it becomes yours to "
                        "continue and finalise, they can no longer change it, and the take-over is "
                        "recorded in the audit trail."))
        else:
            page.explain.setText(tr(
                "Flow", "Only a colleague with the same role as its author can take it over; yours is "
                        "{role}. Ask them or a colleague in their role.",
                role=role_name(opened.role).lower()))
        page.take_button.setEnabled(opened.may_take_over)
        page.status.setText("")
        self.view.stack.setCurrentWidget(page)
        (page.take_button if opened.may_take_over else page.back_button).setFocus(
            Qt.FocusReason.OtherFocusReason)

    def take_over(self) -> None:
        opened = self.current
        if opened is None or not opened.may_take_over:
            return
        screening_id = opened.screening.id
        page = self.view.take_over
        page.take_button.setEnabled(False)
        page.status.setText(tr("Flow", "Taking over…"))
        self.context.gateway.call(
            lambda services: services.screenings.take_over(screening_id=screening_id),
            label="take over draft",
            on_done=lambda screening: self.open(str(screening.id)),
            on_error=self._take_over_failed)

    def _take_over_failed(self, error: BaseException) -> None:
        page = self.view.take_over
        page.take_button.setEnabled(True)
        page.status.setText(tr("Flow", "Not taken over: {reason}", reason=plain_error(error)))

    # ------------------------------------------------------------------ discarding a draft

    def ask_discard(self) -> None:
        """Asks before discarding the author's own draft (the services check it is theirs, delete
        it with its answers and any consent recorded on it, and audit it)."""
        opened = self.current
        if opened is None or not opened.editable or self.discard_dialog is not None:
            return
        amendment = opened.screening.revision > 1
        dialog = FlowDialog(
            tr("Flow", "Discard draft"),
            tr("Flow", "Discard this amendment?") if amendment
            else tr("Flow", "Discard this draft?"),
            (tr("Flow", "The amendment and its answers are deleted; the finalised revision it "
                        "amends stays as it is. The discarding is recorded in the audit trail. "
                        "This cannot be undone.") if amendment
             else tr("Flow", "{form} for {person}: every answer in it, and any consent recorded on "
                             "it, is deleted. The discarding is recorded in the audit trail. This "
                             "cannot be undone.",
                     form=text_in(opened.form.definition.title, current_language()),
                     person=opened.person.display_name)),
            self.view)
        dialog.setObjectName("discard-dialog")
        dialog.add_buttons(tr("Flow", "&Discard draft"), tr("Flow", "&Keep the draft"))
        # Enter keeps the draft: only a deliberate choice discards it.
        dialog.action_button.setDefault(False)
        dialog.action_button.setAutoDefault(False)
        dialog.cancel_button.setDefault(True)
        self.discard_dialog = dialog
        dialog.action_button.clicked.connect(lambda: self._discard(dialog))
        dialog.finished.connect(self._discard_dialog_closed)
        dialog.open()
        dialog.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _discard(self, dialog: FlowDialog) -> None:
        opened = self.current
        if opened is None:
            return
        screening_id = opened.screening.id
        dialog.set_busy(True, tr("Flow", "Discarding…"))
        # Queued after every answer already sent, on the same worker: nothing is left half-saved.
        self.context.gateway.call(
            lambda services: services.screenings.discard(screening_id=screening_id),
            label="discard draft",
            on_done=lambda _none: self._discarded(dialog, opened),
            on_error=lambda error: self._discard_failed(dialog, error))

    def _discarded(self, dialog: FlowDialog, opened: OpenedScreening) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self._retire_wizard()
        self.current = None
        self._wanted = None
        log.info("draft %s discarded from the app", opened.screening.id)
        self.discarded.emit(str(opened.screening.id))
        self.person_requested.emit(str(opened.person.id))

    def _discard_dialog_closed(self) -> None:
        self.discard_dialog = None

    def _discard_failed(self, dialog: FlowDialog, error: BaseException) -> None:
        dialog.set_busy(False)
        dialog.show_problem(tr("Flow", "The draft was not discarded: {reason}",
                               reason=plain_error(error)))

    # ------------------------------------------------------------------ consent and finalising

    def _to_consent(self) -> None:
        opened = self.current
        if opened is None:
            return
        self.view.stack.setCurrentWidget(self.consent.widget)
        self.consent.show_for(opened.screening.id, list(opened.consents), form=opened.form,
                              registry=opened.registry, person=opened.person)

    def _back_to_review(self) -> None:
        if self.wizard is not None:
            self.view.stack.setCurrentWidget(self.view.wizard_holder)
            self.wizard.go_to(REVIEW_PAGE)

    def _consent_done(self, consents: list[Consent]) -> None:
        opened = self.current
        if opened is None:
            return
        self.current = _with_consents(opened, consents)
        self.ask_passphrase()

    def ask_passphrase(self) -> None:
        """Opens the finalise dialog (the author's passphrase)."""
        opened, wizard = self.current, self.wizard
        if opened is None:
            return
        if wizard is not None and wizard.unsaved_codes():
            self.consent.view.status.setText(tr(
                "Flow", "Some answers are not saved yet, so the screening cannot be finalised. Go "
                        "back to check answers and choose \u201cTry saving again\u201d."))
            return
        flags = wizard.evaluation.flags if wizard is not None else ()
        labels = []
        lang = current_language()
        for flag in flags:
            definition = opened.registry.get(flag.code)
            labels.append(text_in(definition.label, lang) if definition else flag.code)
        raised = (tr("Flow", "Flags raised: {flags}.", flags="; ".join(labels)) if labels
                  else tr("Flow", "No flags raised."))
        dialog = PassphraseDialog(
            title=tr("Flow", "Finalise screening"),
            heading=tr("Flow", "Finalise and sign this screening"),
            lead=tr("Flow", "{form} for {person}.\n{flags}\n\nFinalising signs it with your "
                            "passphrase. After that it cannot be changed, only amended with a reason.",
                    form=text_in(opened.form.definition.title, lang),
                    person=opened.person.display_name, flags=raised),
            action=tr("Flow", "&Finalise"), parent=self.view)
        self.dialog = dialog
        dialog.submitted.connect(self._finalise)
        dialog.rejected.connect(self._dialog_closed)
        dialog.open()
        dialog.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def _finalise(self, passphrase: str) -> None:
        opened, dialog = self.current, self.dialog
        if opened is None or dialog is None:
            return
        screening_id = opened.screening.id
        dialog.set_busy(True, tr("Flow", "Checking your passphrase and finalising…"))
        self.context.gateway.call(
            lambda services: services.screenings.complete_and_finalise(
                screening_id=screening_id, passphrase=passphrase),
            label="finalise screening",
            on_done=lambda screening: self._finalised(dialog, screening),
            on_error=lambda error: self._finalise_failed(dialog, error))

    def _finalised(self, dialog: PassphraseDialog, screening: Screening) -> None:
        dialog.set_busy(False)
        dialog.accept()
        self.dialog = None
        self.view.window().activateWindow()
        log.info("screening %s finalised from the app", screening.id)
        self.finalised.emit(screening)
        self._request_screening(str(screening.id))

    def _finalise_failed(self, dialog: PassphraseDialog, error: BaseException) -> None:
        if isinstance(error, IncompleteError):
            dialog.set_busy(False)
            dialog.reject()
            self._back_to_review()
            return
        if isinstance(error, PassphraseRejectedError | LockedOutError):
            dialog.refused(str(error))
            return
        dialog.refused(tr("Flow", "The screening was not finalised: {reason}",
                          reason=plain_error(error)))

    def _dialog_closed(self) -> None:
        self.dialog = None


def _with_consents(opened: OpenedScreening, consents: list[Consent]) -> OpenedScreening:
    return replace(opened, consents=tuple(consents))


# ================================================================================================
# Attaching the pages to the shell
# ================================================================================================


class ScreeningPages(QObject):
    """The people and screening pages, registered with a shell and answering the navigator."""

    def __init__(self, host: PageHost, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.context = context
        self.preferences = PreferencesController(context, parent=self)
        self.search = PeopleSearchController(context, parent=self)
        self.editor = PersonEditorController(context, parent=self)
        self.person = PersonPageController(context, parent=self)
        self.flow = ScreeningFlowController(context, preferences=self.preferences, parent=self)
        self._choosing = False
        self._editing_from: str = PEOPLE_PAGE
        host.register_page(PEOPLE_PAGE, self.search.widget)
        host.register_page(PERSON_PAGE, self.person.widget)
        host.register_page(PERSON_EDITOR_PAGE, self.editor.widget)
        host.register_page(SCREENING_PAGE, self.flow.widget)

        navigator = context.navigator
        # Bound methods of this QObject: the connections go when the session's pages do.
        navigator.people_requested.connect(self._people_requested)
        navigator.person_requested.connect(self._person_requested)
        navigator.new_screening_requested.connect(self.new_screening)
        navigator.screening_requested.connect(self.show_screening)

        self.search.person_chosen.connect(self._person_chosen)
        self.search.create_requested.connect(self.create_person)
        self.editor.person_saved.connect(self._person_saved)
        self.editor.cancelled.connect(self._editor_cancelled)
        self.person.edit_requested.connect(self.edit_person)
        self.person.screening_opened.connect(navigator.screening_requested.emit)
        self.person.search_requested.connect(navigator.people_requested.emit)
        self.flow.person_requested.connect(navigator.person_requested.emit)

    def _people_requested(self) -> None:
        self.show_people(choosing=False)

    def _person_requested(self, person_id: str) -> None:
        self.show_person(person_id)

    def show_people(self, *, choosing: bool) -> None:
        self._choosing = choosing
        self.search.set_choosing(choosing)
        self.host.show_page(PEOPLE_PAGE)
        self.search.focus()

    def show_person(self, person_id: str, *, then_new_screening: bool = False) -> None:
        self.person.show_person(person_id, then_new_screening=then_new_screening)
        self.host.show_page(PERSON_PAGE)

    def new_screening(self, person_id: str) -> None:
        if person_id:
            self.show_person(person_id, then_new_screening=True)
        else:
            self.show_people(choosing=True)

    def show_screening(self, screening_id: str) -> None:
        self.flow.open(screening_id)
        self.host.show_page(SCREENING_PAGE)

    def create_person(self) -> None:
        self._editing_from = PEOPLE_PAGE
        self.editor.new_person()
        query = self.search.view.search.text().strip()
        if query and not any(ch.isdigit() for ch in query):
            # What was searched for is usually the name: start from it.
            words = query.split()
            self.editor.view.given.setText(" ".join(words[:-1]))
            self.editor.view.family.setText(words[-1])
        self.host.show_page(PERSON_EDITOR_PAGE)
        self.editor.focus()

    def edit_person(self, person: Person) -> None:
        self._editing_from = PERSON_PAGE
        self.editor.edit(person)
        self.host.show_page(PERSON_EDITOR_PAGE)
        self.editor.focus()

    def _person_chosen(self, person_id: str) -> None:
        choosing, self._choosing = self._choosing, False
        self.search.set_choosing(False)
        if choosing:
            self.show_person(person_id, then_new_screening=True)
        else:
            self.context.navigator.person_requested.emit(person_id)

    def _person_saved(self, person: Person) -> None:
        choosing, self._choosing = self._choosing, False
        self.search.set_choosing(False)
        self.search.refresh()
        self.show_person(str(person.id), then_new_screening=choosing)

    def _editor_cancelled(self) -> None:
        if self._editing_from == PERSON_PAGE and self.person.data is not None:
            self.host.show_page(PERSON_PAGE)
        else:
            self.show_people(choosing=self._choosing)


def attach_screening_pages(shell: PageHost, context: AppContext) -> ScreeningPages:
    """Registers the people and screening pages with ``shell`` and connects the navigator's
    requests to them, for one session: the pages belong to the shell's workspace when it has one
    (and go with it at the end of the session), else to the shell. Applies the logged-in user's
    display preferences. ``context.extras["screening_pages"]`` holds the result."""
    pages = ScreeningPages(shell, context)
    owner = getattr(shell, "workspace", None)
    if not isinstance(owner, QObject):
        owner = shell if isinstance(shell, QObject) else None
    if owner is not None:
        pages.setParent(owner)
    context.extras["screening_pages"] = pages
    pages.preferences.load()
    return pages


def attach(shell: PageHost, context: AppContext) -> list[str]:
    """The shell's hook (``MainWindow.attach_screening_pages``): attach the pages for a new
    session and return their names."""
    attach_screening_pages(shell, context)
    return [PEOPLE_PAGE, PERSON_PAGE, PERSON_EDITOR_PAGE, SCREENING_PAGE]
