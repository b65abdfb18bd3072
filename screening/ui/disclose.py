"""The disclose dialog: make a document from a finalised revision for one recipient, then save,
print or (for the PSR section) copy it.

``open_disclose_dialog(context, screening_id, parent)`` is the entry point (the finalised view's
"Disclose..." button). The view (``DiscloseView``) only lays out widgets; the controller
(``DiscloseController``) owns the behaviour:

* what the recipient would get is decided on the database worker (``services.disclosures.preview``,
  the one disclosure function) and shown as a **text preview** of the very blocks the PDF is made
  from (rendered to HTML on the task pool). PySide6-Essentials has no QtPdf, and reportlab's
  renderPM draws reportlab graphics, not platypus pages, so a page image is not offered: the
  preview says exactly what the PDF says, without its layout;
* saving, printing and copying go prepare (database worker) -> render (task pool, in memory) ->
  record (database worker: the second user's passphrase is checked there, then the log, audit and
  outbox rows are written) -> deliver. A document is written only to the path the user picks, with
  ``write_atomic``, and only once it has been logged;
* a second user's sign-off (user name and passphrase) is asked for, and required, when health
  information would be shared on the legal basis rather than on consent;
* the PSR section goes to the clipboard through the shell's ``ClipboardGuard``
  (``context.extras["clipboard"]``), which clears it when the station locks.

Nothing here logs names, answers or passphrases.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import QMarginsF, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPageLayout, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from screening.domain.enums import LegalBasisKind, Recipient
from screening.domain.models import Consent, LegalBasis
from screening.domain.reference import LEGAL_BASIS_CONDITIONS, legal_basis_citation
from screening.reports.common import Issue
from screening.reports.easy_read import available_languages
from screening.reports.output import write_atomic
from screening.reports.render import RenderedDocument, build_document
from screening.services.disclose import (
    DisclosureEntry,
    DisclosureRequest,
    PreparedDisclosure,
    SecondUserSignoff,
)
from screening.services.disclosure import (
    RECIPIENT_LABELS,
    DisclosureView,
    DocumentKind,
    allowed_recipients,
    format_date,
)
from screening.services.errors import USER_ERRORS
from screening.ui.common import clipboard_guard
from screening.ui.context import AppContext
from screening.ui.theme import Role
from screening.ui.widgets import wrapped_label

log = logging.getLogger(__name__)

DOCUMENT_LABELS = {
    DocumentKind.SUMMARY: "Disclosable summary",
    DocumentKind.HANDOVER: "Custody handover sheet",
    DocumentKind.FULL_RECORD: "Full record (health staff)",
    DocumentKind.EASY_READ: "Easy-read copy for the person",
    DocumentKind.PSR_SECTION: "Pre-sentence report section (text)",
}
FRAMEWORK_LABELS = {
    LegalBasisKind.DPA2018_SCH8: "Data Protection Act 2018, Schedule 8 (law enforcement)",
    LegalBasisKind.UK_GDPR_ART9: "UK GDPR Article 9(2) (health and care, courts)",
}
LANGUAGE_LABELS = {"en": "English", "cy": "Cymraeg (Welsh)"}
GENERIC_ERROR = "Something went wrong, so nothing was disclosed. Try again, or ask IT for help."


# --------------------------------------------------------------------------------- the view


class DiscloseView(QDialog):
    """The dialog's widgets (no behaviour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Disclose")
        self.setObjectName("disclose-dialog")
        self.resize(980, 760)
        outer = QHBoxLayout(self)

        left = QVBoxLayout()
        outer.addLayout(left, 2)
        form = QFormLayout()
        left.addLayout(form)
        self.recipient = QComboBox(self)
        self.recipient.setAccessibleName("Recipient")
        for recipient in Recipient:
            self.recipient.addItem(RECIPIENT_LABELS[recipient], recipient.value)
        form.addRow("&Recipient", self.recipient)
        self.document = QComboBox(self)
        self.document.setAccessibleName("Document")
        form.addRow("&Document", self.document)
        self.language = QComboBox(self)
        self.language.setAccessibleName("Language of the copy")
        for code in sorted(available_languages(), key=lambda c: (c != "en", c)):
            self.language.addItem(LANGUAGE_LABELS.get(code, code), code)
        self.language_label = QLabel("&Language", self)
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        self.purpose = QLineEdit(self)
        self.purpose.setAccessibleName("Purpose")
        self.purpose.setPlaceholderText("Why it is disclosed, e.g. charging decision")
        self.purpose.setMaxLength(500)
        form.addRow("&Purpose", self.purpose)

        basis = QGroupBox("Legal basis", self)
        left.addWidget(basis)
        basis_form = QFormLayout(basis)
        self.framework = QComboBox(basis)
        self.framework.setAccessibleName("Legal basis: law")
        self.framework.addItem("None (rely on consent, or the person's own copy)", "")
        for kind, label in FRAMEWORK_LABELS.items():
            self.framework.addItem(label, kind.value)
        basis_form.addRow("&Law", self.framework)
        self.condition = QComboBox(basis)
        self.condition.setAccessibleName("Legal basis: condition")
        basis_form.addRow("Co&ndition", self.condition)

        self.consent = wrapped_label("", Role.BODY, parent=self)
        self.consent.setObjectName("consent-on-record")
        consent_box = QGroupBox("Consent on record for this recipient", self)
        QVBoxLayout(consent_box).addWidget(self.consent)
        left.addWidget(consent_box)

        signoff = QGroupBox("Health information on the legal basis", self)
        left.addWidget(signoff)
        signoff_layout = QFormLayout(signoff)
        self.release_health = QCheckBox(
            "Share health information that consent does not cover, on this legal basis", signoff)
        signoff_layout.addRow(self.release_health)
        self.signoff_note = wrapped_label("A second user must sign this off with their passphrase.",
                                          Role.HELP, parent=signoff)
        signoff_layout.addRow(self.signoff_note)
        self.second_user = QLineEdit(signoff)
        self.second_user.setAccessibleName("Second user's user name")
        signoff_layout.addRow("Second &user", self.second_user)
        self.second_passphrase = QLineEdit(signoff)
        self.second_passphrase.setAccessibleName("Second user's passphrase")
        self.second_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        signoff_layout.addRow("Their pass&phrase", self.second_passphrase)

        self.status = wrapped_label("", Role.STATUS, parent=self)
        self.status.setObjectName("disclose-status")
        self.status.setAccessibleName("Status")
        left.addWidget(self.status)
        left.addStretch(1)
        buttons = QHBoxLayout()
        left.addLayout(buttons)
        self.save_button = QPushButton("&Save PDF…", self)
        self.print_button = QPushButton("P&rint…", self)
        self.copy_button = QPushButton("&Copy text", self)
        self.close_button = QPushButton("Close", self)
        for button in (self.save_button, self.print_button, self.copy_button, self.close_button):
            buttons.addWidget(button)

        right = QVBoxLayout()
        outer.addLayout(right, 3)
        heading = QLabel("Preview: exactly what the document will say", self)
        heading.setObjectName("preview-heading")
        right.addWidget(heading)
        self.preview = QTextBrowser(self)
        self.preview.setAccessibleName("Preview")
        self.preview.setOpenLinks(False)
        right.addWidget(self.preview, 1)


# --------------------------------------------------------------------------------- the controller


def _consent_lines(consents: list[Consent]) -> str:
    if not consents:
        return "No consent decision is recorded for this recipient."
    lines = []
    for consent in consents:
        when = format_date(consent.decided_at.date())
        if not consent.given:
            lines.append(f"Refused on {when}.")
            continue
        scope = []
        if consent.scope.classes:
            scope.append(", ".join(c.value for c in consent.scope.classes) + " information")
        if consent.scope.items:
            scope.append(f"{len(consent.scope.items)} named question(s)")
        line = f"Given on {when} for {' and '.join(scope)}"
        line += "" if consent.capacity_considered else " (capacity not recorded as considered: not relied on)"
        if consent.withdrawn_at is not None:
            line += f"; withdrawn on {format_date(consent.withdrawn_at.date())}"
        lines.append(line + ".")
    return "\n".join(lines)


class DiscloseController(QObject):
    """The dialog's behaviour. Signals are named after what happened."""

    preview_shown = Signal()
    document_recorded = Signal(object)  # DisclosureEntry
    document_saved = Signal(str)  # path
    document_printed = Signal()
    text_copied = Signal()
    failed = Signal(str)  # the message shown

    def __init__(self, context: AppContext, screening_id: UUID, view: DiscloseView) -> None:
        super().__init__(view)
        self.context = context
        self.screening_id = screening_id
        self.view = view
        self.last_view: DisclosureView | None = None
        self.busy = False
        self.alive = True
        """False once the dialog has closed: late results then update nothing on screen."""
        self.choose_path: Callable[[str], str | None] = self._ask_path
        """Asks where to save (tests replace it)."""
        self.choose_printer: Callable[[], QPrinter | None] = self._ask_printer
        """Asks for a printer (tests replace it)."""
        self._preview_ticket = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)

        v = view
        v.recipient.currentIndexChanged.connect(self._recipient_changed)
        v.document.currentIndexChanged.connect(self._inputs_changed)
        v.language.currentIndexChanged.connect(self._inputs_changed)
        v.framework.currentIndexChanged.connect(self._framework_changed)
        v.condition.currentIndexChanged.connect(self._inputs_changed)
        v.release_health.toggled.connect(self._inputs_changed)
        v.second_user.editingFinished.connect(self._inputs_changed)
        v.purpose.editingFinished.connect(self._inputs_changed)
        v.save_button.clicked.connect(self.save)
        v.print_button.clicked.connect(self.print_document)
        v.copy_button.clicked.connect(self.copy_text)
        v.close_button.clicked.connect(v.close)
        v.finished.connect(self._forget_secrets)
        v.destroyed.connect(self._gone)
        context.navigator.lock_requested.connect(v.close)
        self._recipient_changed()

    # --- inputs ---

    @property
    def recipient(self) -> Recipient:
        return Recipient(self.view.recipient.currentData())

    @property
    def document(self) -> DocumentKind:
        data = self.view.document.currentData()
        return DocumentKind(data) if data else DocumentKind.SUMMARY

    def legal_basis(self) -> LegalBasis | None:
        framework = self.view.framework.currentData()
        condition = self.view.condition.currentData()
        if not framework or not condition:
            return None
        purpose = self.view.purpose.text().strip() or "Not stated"
        return LegalBasis(kind=LegalBasisKind(framework), condition=condition, purpose=purpose)

    def language(self) -> str:
        """The copy's language: chosen for the easy-read copy; English for every other document."""
        if self.document is not DocumentKind.EASY_READ:
            return "en"
        return str(self.view.language.currentData() or "en")

    def second_user_id(self) -> str | None:
        if not self.view.release_health.isChecked():
            return None
        return self.view.second_user.text().strip().lower() or None

    def _recipient_changed(self) -> None:
        v = self.view
        current = v.document.currentData()
        v.document.blockSignals(True)
        v.document.clear()
        for kind, label in DOCUMENT_LABELS.items():
            if self.recipient in allowed_recipients(kind):
                v.document.addItem(label, kind.value)
        index = v.document.findData(current)
        v.document.setCurrentIndex(max(index, 0))
        v.document.blockSignals(False)
        self.context.gateway.call(
            lambda services: services.disclosures.consents_for(
                screening_id=self.screening_id, recipient=self.recipient),
            label="disclosure consents",
            on_done=self._show_consents,
            on_error=self._show_error,
        )
        self._inputs_changed()

    def _show_consents(self, consents: list[Consent]) -> None:
        if self.alive:
            self.view.consent.setText(_consent_lines(list(consents)))

    def _framework_changed(self) -> None:
        v = self.view
        v.condition.blockSignals(True)
        v.condition.clear()
        framework = v.framework.currentData()
        if framework:
            kind = LegalBasisKind(framework)
            for condition in LEGAL_BASIS_CONDITIONS[kind]:
                v.condition.addItem(legal_basis_citation(kind, condition), condition)
        v.condition.blockSignals(False)
        self._inputs_changed()

    def _inputs_changed(self) -> None:
        v = self.view
        easy = self.document is DocumentKind.EASY_READ
        v.language.setVisible(easy)
        v.language_label.setVisible(easy)
        psr = self.document is DocumentKind.PSR_SECTION
        v.copy_button.setVisible(psr)
        v.save_button.setVisible(not psr)
        v.print_button.setVisible(not psr)
        has_basis = self.legal_basis() is not None
        v.release_health.setEnabled(has_basis)
        if not has_basis:
            v.release_health.setChecked(False)
        signing = v.release_health.isChecked()
        for widget in (v.second_user, v.second_passphrase, v.signoff_note):
            widget.setEnabled(signing)
        self._timer.start()

    # --- preview ---

    def refresh_preview(self) -> None:
        """Ask the disclosure function what the recipient would get, and show it."""
        self._preview_ticket += 1
        ticket = self._preview_ticket
        recipient, document, basis = self.recipient, self.document, self.legal_basis()
        second, lang = self.second_user_id(), self.language()
        purpose = self.view.purpose.text().strip() or None

        def decided(view: DisclosureView) -> None:
            if not self.alive or ticket != self._preview_ticket:
                return
            self.last_view = view
            self.context.tasks.pool.submit(
                lambda: _preview_html(view), label="disclosure preview",
                on_success=lambda html: self._show_preview(ticket, html),
                on_failure=self._show_error)

        self.context.gateway.call(
            lambda services: services.disclosures.preview(
                screening_id=self.screening_id, recipient=recipient, document=document,
                legal_basis=basis, second_user_id=second, purpose=purpose, lang=lang),
            label="disclosure preview", on_done=decided, on_error=self._show_error)

    def _show_preview(self, ticket: int, html: str) -> None:
        if not self.alive or ticket != self._preview_ticket:
            return
        self.view.preview.setHtml(html)
        view = self.last_view
        if view is not None and view.releases_health_on_legal_basis:
            self._status("Health information is shared on the legal basis: the second user must "
                         "sign this off with their passphrase.")
        elif self.view.release_health.isChecked() and not self.second_user_id():
            self._status("Type the second user's user name to see what they would sign off.")
        else:
            self._status("")
        self.preview_shown.emit()

    # --- making a document ---

    def _request(self) -> DisclosureRequest | None:
        purpose = self.view.purpose.text().strip()
        if not purpose:
            self._fail("Say why you are disclosing it (the purpose).")
            return None
        second = self.second_user_id()
        if self.view.release_health.isChecked() and (
                not second or not self.view.second_passphrase.text()):
            self._fail("The second user must type their user name and passphrase to sign this off.")
            return None
        return DisclosureRequest(
            screening_id=self.screening_id, recipient=self.recipient, purpose=purpose,
            document=self.document, legal_basis=self.legal_basis(), second_user_id=second,
            lang=self.language())

    def _signoff(self) -> SecondUserSignoff | None:
        second = self.second_user_id()
        if second is None:
            return None
        return SecondUserSignoff(user_id=second, passphrase=self.view.second_passphrase.text())

    def _make(self, delivery: str, deliver: Callable[[RenderedDocument, DisclosureEntry,
                                                      PreparedDisclosure], None]) -> None:
        """prepare (worker) -> render (pool) -> record (worker) -> deliver (UI thread)."""
        if self.busy:
            return
        request = self._request()
        if request is None:
            return
        signoff = self._signoff()
        self._set_busy(True)
        self._status("Making the document…")

        def prepared(ready: PreparedDisclosure) -> None:
            if ready.needs_second_signoff and signoff is None:
                self._fail("Health information would be shared on the legal basis without consent: "
                           "tick the box and ask a second user to sign it off.")
                return
            self.context.tasks.pool.submit(
                lambda: _render(ready), label="disclosure render",
                on_success=lambda rendered: record(ready, rendered), on_failure=self._show_error)

        def record(ready: PreparedDisclosure, rendered: RenderedDocument) -> None:
            self.context.gateway.call(
                lambda services: services.disclosures.record(ready, rendered, second_user=signoff,
                                                             delivery=delivery),
                label="disclosure record",
                on_done=lambda entry: recorded(ready, rendered, entry),
                on_error=self._show_error)

        def recorded(ready: PreparedDisclosure, rendered: RenderedDocument,
                     entry: DisclosureEntry) -> None:
            if self.alive:
                self.view.second_passphrase.clear()
            self.document_recorded.emit(entry)
            deliver(rendered, entry, ready)

        self.context.gateway.call(lambda services: services.disclosures.prepare(request),
                                  label="disclosure prepare", on_done=prepared,
                                  on_error=self._show_error)

    def save(self) -> None:
        """Ask where, then make, log and write the PDF there."""
        suggested = f"{DOCUMENT_LABELS[self.document].split(' (')[0].lower().replace(' ', '-')}.pdf"
        path = self.choose_path(suggested)
        if not path:
            return

        def deliver(rendered: RenderedDocument, entry: DisclosureEntry, _: PreparedDisclosure) -> None:
            def write() -> str:
                return str(write_atomic(path, rendered.content))

            self.context.tasks.pool.submit(
                write, label="disclosure save",
                on_success=lambda saved: self._saved(saved, entry), on_failure=self._write_failed)

        self._make("file", deliver)

    def print_document(self) -> None:
        """Make and log the document, then print the same blocks with Qt (page furniture on every
        page). The log records the SHA-256 of the PDF made at the same time."""
        printer = self.choose_printer()
        if printer is None:
            return

        def deliver(rendered: RenderedDocument, entry: DisclosureEntry,
                    ready: PreparedDisclosure) -> None:
            self.context.tasks.pool.submit(
                lambda: build_document(ready.view, ready.issue).to_html(), label="disclosure print",
                on_success=lambda html: self._print(printer, html, ready, entry),
                on_failure=self._show_error)

        self._make("print", deliver)

    def copy_text(self) -> None:
        """Make and log the PSR section, then put it on the clipboard."""

        def deliver(rendered: RenderedDocument, entry: DisclosureEntry, _: PreparedDisclosure) -> None:
            clipboard_guard(self.context).copy(rendered.content.decode("utf-8"))
            self._set_busy(False)
            self._status(f"Copied. Document ID {entry.document_id}. The clipboard is cleared when "
                         "the station locks.")
            self.text_copied.emit()

        self._make("clipboard", deliver)

    # --- delivery ---

    def _saved(self, path: str, entry: DisclosureEntry) -> None:
        self._set_busy(False)
        self._status(f"Saved and logged. Document ID {entry.document_id}.")
        self.document_saved.emit(path)

    def _write_failed(self, error: BaseException) -> None:
        log.warning("saving a disclosed document failed: %s", type(error).__name__)
        self._fail("The document was logged but could not be saved there (the folder may be full "
                   "or read-only). Choose another place: a re-print makes a new copy.")

    def _print(self, printer: QPrinter, html: str, ready: PreparedDisclosure,
               entry: DisclosureEntry) -> None:
        # Printed even if the dialog has closed meanwhile: the document is already logged.
        paint_document(printer, html, title=_title(ready),
                       document_id=str(entry.document_id))
        self._set_busy(False)
        self._status(f"Sent to the printer and logged. Document ID {entry.document_id}.")
        self.document_printed.emit()

    def _ask_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.view, "Save the document", suggested,
                                              "PDF documents (*.pdf)")
        return path or None

    def _ask_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.view)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- state ---

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if not self.alive:
            return
        for button in (self.view.save_button, self.view.print_button, self.view.copy_button):
            button.setEnabled(not busy)

    def _status(self, text: str) -> None:
        if self.alive:
            self.view.status.setText(text)

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self._status(message)
        self.failed.emit(message)

    def _show_error(self, error: BaseException) -> None:
        if isinstance(error, USER_ERRORS):
            self._fail(str(error))
        else:
            log.warning("disclosure step failed: %s", type(error).__name__)
            self._fail(GENERIC_ERROR)

    def _forget_secrets(self) -> None:
        self.view.second_passphrase.clear()
        self._timer.stop()
        self.alive = False

    def _gone(self) -> None:
        self.alive = False
        self._timer.stop()


def _render(prepared: PreparedDisclosure) -> RenderedDocument:
    from screening.reports.render import render_document

    return render_document(prepared.view, prepared.issue)


def _title(prepared: PreparedDisclosure) -> str:
    return DOCUMENT_LABELS[prepared.view.document]


def _preview_html(view: DisclosureView) -> str:
    """The preview: the document's own blocks as HTML, with the marking it will carry."""
    from screening.domain.dates import utc_now

    issue = Issue(document_id="(given when the document is made)", made_at=utc_now(),
                  made_by="(you)")
    doc = build_document(view, issue)
    head = (f'<p style="text-align:center"><b>{doc.spec.marking}</b></p>'
            f'<p style="color:#505a5f">{doc.spec.title}</p><hr/>')
    return head + doc.to_html()


def paint_document(printer: QPrinter, html: str, *, title: str, document_id: str,
                   marking: str = "OFFICIAL-SENSITIVE") -> int:
    """Print ``html`` on ``printer`` with the marking at the top and bottom of every page and the
    document id and "Page x of y" above the bottom marking. Returns the number of pages."""
    printer.setPageMargins(QMarginsF(20, 25, 20, 22), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 10))
    document.setHtml(html)
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    dpi = printer.resolution()
    document.setPageSize(page.size())
    # Lay the text out at the printer's resolution.
    document.documentLayout().setPaintDevice(printer)
    document.setPageSize(page.size())
    pages = max(1, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        furniture = QFont("DejaVu Sans", 8)
        for number in range(pages):
            if number:
                printer.newPage()
            painter.save()
            painter.translate(0, -number * page.height())
            document.drawContents(painter, QRectF(0, number * page.height(), page.width(),
                                                  page.height()))
            painter.restore()
            painter.setFont(furniture)
            top = -(page.top() - paper.top()) + dpi * 0.15
            bottom = page.height() + dpi * 0.25
            width = page.width()
            painter.drawText(QRectF(0, top, width, dpi * 0.2), int(Qt.AlignmentFlag.AlignHCenter),
                             marking)
            painter.drawText(QRectF(0, top + dpi * 0.2, width, dpi * 0.2),
                             int(Qt.AlignmentFlag.AlignLeft), title)
            painter.drawText(QRectF(0, bottom, width, dpi * 0.2), int(Qt.AlignmentFlag.AlignLeft),
                             f"Document ID {document_id}")
            painter.drawText(QRectF(0, bottom, width, dpi * 0.2), int(Qt.AlignmentFlag.AlignRight),
                             f"Page {number + 1} of {pages}")
            painter.drawText(QRectF(0, bottom + dpi * 0.2, width, dpi * 0.2),
                             int(Qt.AlignmentFlag.AlignHCenter), marking)
    finally:
        painter.end()
    return pages


def open_disclose_dialog(context: AppContext, screening_id: UUID | str,
                         parent: QWidget | None) -> DiscloseController:
    """Open the disclose dialog for a finalised revision (window-modal); returns its controller."""
    view = DiscloseView(parent)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    controller = DiscloseController(context, UUID(str(screening_id)), view)
    view.open()
    return controller

