"""The disclose dialog: make a document from a finalised revision for one recipient, then save,
print or (for the PSR section) copy it.

``open_disclose_dialog(context, screening_id, parent)`` is the entry point (the finalised view's
"Disclose..." button). The view (``DiscloseView``) only lays out widgets; the controller
(``DiscloseController``) owns the behaviour:

* the preview is **the document itself**: for the current choices the database worker decides what
  the recipient would get (``services.disclosures.preview``, audited, and ``prepare``, which
  reserves the document id), the task pool renders the PDF in memory and draws its pages as images
  (:mod:`screening.ui.pdf_pages`: QtPdf when installed, else poppler's pdftoppm through pipes), and
  the dialog shows them page by page. The same content is offered as text beside the pages, for
  screen readers;
* saving and printing deliver **those previewed bytes**: record (database worker: the second user's
  passphrase is checked there, then the log, audit and outbox rows are written, with the SHA-256 of
  exactly the previewed PDF) -> deliver. A document is written only to the path the user picks,
  with ``write_atomic``, and only once it has been logged; printing paints the previewed pages.
  If the choices changed after the preview was made, nothing is delivered: the preview is made
  again for the user to check. After each delivery a new copy (a new document id) is previewed;
* a second user's sign-off (user name and passphrase) is asked for, and required, when health
  information would be shared on the legal basis rather than on consent;
* the PSR section (plain text) goes to the clipboard through the shell's ``ClipboardGuard``
  (``context.extras["clipboard"]``), which clears it when the station locks.

Nothing here logs names, answers or passphrases.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, NamedTuple
from uuid import UUID

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QResizeEvent, QShortcut
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
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from screening.domain.enums import LegalBasisKind, Recipient
from screening.domain.models import Consent, LegalBasis
from screening.domain.reference import LEGAL_BASIS_CONDITIONS, legal_basis_citation
from screening.reports.common import Issue
from screening.reports.document import ReportDocument
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
    DisclosureView,
    DocumentKind,
    allowed_recipients,
)
from screening.services.errors import USER_ERRORS, StaleRecordError
from screening.ui.common import clipboard_guard, failure_text, service_error_text
from screening.ui.consent import class_label
from screening.ui.context import AppContext
from screening.ui.i18n import language_changed, tr
from screening.ui.pdf_pages import PageRenderer, PageRenderError, page_renderer
from screening.ui.theme import Role
from screening.ui.widgets import wrapped_label
from screening.ui.words import day_text, recipient_label

if TYPE_CHECKING:
    from screening.services import Services

log = logging.getLogger(__name__)

DOCUMENT_FILE_NAMES = {
    DocumentKind.SUMMARY: "Disclosable summary",
    DocumentKind.HANDOVER: "Custody handover sheet",
    DocumentKind.FULL_RECORD: "Full record (health staff)",
    DocumentKind.EASY_READ: "Easy-read copy for the person",
    DocumentKind.PSR_SECTION: "Pre-sentence report section (text)",
}
"""The documents' names in English: the suggested file names (the interface shows
``document_label``)."""


def document_label(kind: DocumentKind) -> str:
    return {
        DocumentKind.SUMMARY: tr("Disclose", "Disclosable summary"),
        DocumentKind.HANDOVER: tr("Disclose", "Custody handover sheet"),
        DocumentKind.FULL_RECORD: tr("Disclose", "Full record (health staff)"),
        DocumentKind.EASY_READ: tr("Disclose", "Easy-read copy for the person"),
        DocumentKind.PSR_SECTION: tr("Disclose", "Pre-sentence report section (text)"),
    }[kind]


def framework_label(kind: LegalBasisKind) -> str:
    return {
        LegalBasisKind.DPA2018_SCH8: tr("Disclose", "Data Protection Act 2018, Schedule 8 (law "
                                                    "enforcement)"),
        LegalBasisKind.UK_GDPR_ART9: tr("Disclose", "UK GDPR Article 9(2) (health and care, "
                                                    "courts)"),
    }[kind]


def copy_language_label(code: str) -> str:
    """A language the copy can be made in (the form language, not the interface's)."""
    return {"en": tr("Disclose", "English"), "cy": tr("Disclose", "Cymraeg (Welsh)")}.get(code, code)


def generic_error() -> str:
    return tr("Disclose", "Something went wrong, so nothing was disclosed. Try again, or ask IT "
                          "for help.")


def no_renderer() -> str:
    return tr("Disclose", "This computer has no way to draw PDF pages (QtPdf or poppler's "
                          "pdftoppm).")


NO_PURPOSE_YET = "(not stated yet)"
"""The purpose a preview's document shows until one is typed (nothing is delivered without one);
document text, in the document's language, not the interface's."""
NO_RENDERER, NOT_DRAWN = "no renderer", "not drawn"
PREVIEW_DPI = 110.0
_DEFAULT = object()


# --------------------------------------------------------------------------------- the view


class DiscloseView(QDialog):
    """The dialog's widgets (no behaviour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Disclose", "Disclose"))
        self.setObjectName("disclose-dialog")
        self.resize(980, 760)
        outer = QHBoxLayout(self)

        left = QVBoxLayout()
        outer.addLayout(left, 2)
        form = QFormLayout()
        left.addLayout(form)
        self.recipient = QComboBox(self)
        self.recipient.setAccessibleName(tr("Disclose", "Recipient"))
        for recipient in Recipient:
            self.recipient.addItem(recipient_label(recipient), recipient.value)
        form.addRow(tr("Disclose", "&Recipient"), self.recipient)
        self.document = QComboBox(self)
        self.document.setAccessibleName(tr("Disclose", "Document"))
        form.addRow(tr("Disclose", "&Document"), self.document)
        self.language = QComboBox(self)
        self.language.setAccessibleName(tr("Disclose", "Language of the copy"))
        for code in sorted(available_languages(), key=lambda c: (c != "en", c)):
            self.language.addItem(copy_language_label(code), code)
        self.language_label = QLabel(tr("Disclose", "&Language"), self)
        self.language_label.setBuddy(self.language)
        form.addRow(self.language_label, self.language)
        self.purpose = QLineEdit(self)
        self.purpose.setAccessibleName(tr("Disclose", "Purpose"))
        self.purpose.setPlaceholderText(tr("Disclose", "Why it is disclosed, e.g. charging decision"))
        self.purpose.setMaxLength(500)
        form.addRow(tr("Disclose", "&Purpose"), self.purpose)

        basis = QGroupBox(tr("Disclose", "Legal basis"), self)
        left.addWidget(basis)
        basis_form = QFormLayout(basis)
        self.framework = QComboBox(basis)
        self.framework.setAccessibleName(tr("Disclose", "Legal basis: law"))
        self.framework.addItem(tr("Disclose", "None (rely on consent, or the person's own copy)"), "")
        for kind in (LegalBasisKind.DPA2018_SCH8, LegalBasisKind.UK_GDPR_ART9):
            self.framework.addItem(framework_label(kind), kind.value)
        basis_form.addRow(tr("Disclose", "La&w"), self.framework)
        self.condition = QComboBox(basis)
        self.condition.setAccessibleName(tr("Disclose", "Legal basis: condition"))
        basis_form.addRow(tr("Disclose", "Co&ndition"), self.condition)

        self.consent = wrapped_label("", Role.BODY, parent=self)
        self.consent.setObjectName("consent-on-record")
        consent_box = QGroupBox(tr("Disclose", "Consent on record for this recipient"), self)
        QVBoxLayout(consent_box).addWidget(self.consent)
        left.addWidget(consent_box)

        signoff = QGroupBox(tr("Disclose", "Health information on the legal basis"), self)
        left.addWidget(signoff)
        signoff_layout = QFormLayout(signoff)
        self.release_health = QCheckBox(
            tr("Disclose", "Share health information that consent does not cover, on this legal "
                           "basis"), signoff)
        signoff_layout.addRow(self.release_health)
        self.signoff_note = wrapped_label(
            tr("Disclose", "A second user must sign this off with their passphrase."), Role.HELP,
            parent=signoff)
        signoff_layout.addRow(self.signoff_note)
        self.second_user = QLineEdit(signoff)
        self.second_user.setAccessibleName(tr("Disclose", "Second user's user name"))
        signoff_layout.addRow(tr("Disclose", "Second &user"), self.second_user)
        self.second_passphrase = QLineEdit(signoff)
        self.second_passphrase.setAccessibleName(tr("Disclose", "Second user's passphrase"))
        self.second_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        signoff_layout.addRow(tr("Disclose", "Their passp&hrase"), self.second_passphrase)

        self.status = wrapped_label("", Role.STATUS, parent=self)
        self.status.setObjectName("disclose-status")
        self.status.setAccessibleName(tr("Disclose", "Status"))
        left.addWidget(self.status)
        left.addStretch(1)
        buttons = QHBoxLayout()
        left.addLayout(buttons)
        self.save_button = QPushButton(tr("Disclose", "&Save PDF…"), self)
        self.print_button = QPushButton(tr("Disclose", "Pr&int…"), self)
        self.copy_button = QPushButton(tr("Disclose", "&Copy text"), self)
        self.close_button = QPushButton(tr("Disclose", "Close"), self)
        for button in (self.save_button, self.print_button, self.copy_button, self.close_button):
            buttons.addWidget(button)

        right = QVBoxLayout()
        outer.addLayout(right, 3)
        heading = QLabel(tr("Disclose", "Preview: the document exactly as it will be saved or printed"), self)
        heading.setObjectName("preview-heading")
        right.addWidget(heading)
        self.preview_tabs = QTabWidget(self)
        self.preview_tabs.setAccessibleName(tr("Disclose", "Preview"))
        right.addWidget(self.preview_tabs, 1)

        pages = QWidget(self.preview_tabs)
        pages_layout = QVBoxLayout(pages)
        pages_layout.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = QScrollArea(pages)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._page_shown: tuple[QImage | None, int, int] = (None, 0, 0)
        self.page_scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_image = QLabel(self.page_scroll)
        self.page_image.setObjectName("preview-page")
        self.page_image.setAccessibleName(tr("Disclose", "Page of the document"))
        self.page_image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_image.setWordWrap(True)
        self.page_image.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.page_scroll.setWidget(self.page_image)
        pages_layout.addWidget(self.page_scroll, 1)
        navigation = QHBoxLayout()
        pages_layout.addLayout(navigation)
        self.previous_page = QPushButton(tr("Disclose", "◀ Pre&vious page"), pages)
        self.previous_page.setAccessibleName(tr("Disclose", "Previous page"))
        self.page_number = QLabel("", pages)
        self.page_number.setObjectName("preview-page-number")
        self.page_number.setAccessibleName(tr("Disclose", "Page number"))
        self.page_number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_page = QPushButton(tr("Disclose", "Ne&xt page ▶"), pages)
        self.next_page.setAccessibleName(tr("Disclose", "Next page"))
        navigation.addWidget(self.previous_page)
        navigation.addWidget(self.page_number, 1)
        navigation.addWidget(self.next_page)
        self.preview_tabs.addTab(pages, tr("Disclose", "Pa&ges"))

        self.preview = QTextBrowser(self.preview_tabs)
        self.preview.setAccessibleName(tr("Disclose", "The document as text"))
        self.preview.setOpenLinks(False)
        self.preview_tabs.addTab(self.preview, tr("Disclose", "&Text"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802  (Qt's name)
        super().resizeEvent(event)
        image, number, pages = self._page_shown
        if image is not None:
            self.show_page(image, number=number, pages=pages)

    def show_page(self, image: QImage | None, *, number: int, pages: int, message: str = "") -> None:
        """Show one page image scaled to the preview's width (or ``message`` instead)."""
        self._page_shown = (image, number, pages)
        if image is None:
            self.page_image.setPixmap(QPixmap())
            self.page_image.setText(message)
            self.page_image.setAccessibleDescription(message)
            self.page_number.setText("")
        else:
            # The page fills the width (less room for the vertical scroll bar): no sideways scrolling.
            scroll_bar = self.page_scroll.verticalScrollBar().sizeHint().width()
            width = max(200, self.page_scroll.width() - scroll_bar - 12)
            pixmap = QPixmap.fromImage(image)
            if pixmap.width() > width:
                pixmap = pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            self.page_image.setPixmap(pixmap)
            self.page_number.setText(tr("Disclose", "Page {number} of {pages}", number=number,
                                        pages=pages))
            self.page_image.setAccessibleDescription(tr(
                "Disclose", "Page {number} of {pages} of the document as it will be saved or "
                "printed. The Text tab has the same content as text.", number=number, pages=pages))
        self.previous_page.setEnabled(image is not None and number > 1)
        self.next_page.setEnabled(image is not None and number < pages)


# --------------------------------------------------------------------------------- the controller


def _consent_lines(consents: list[Consent]) -> str:
    if not consents:
        return tr("Disclose", "No consent decision is recorded for this recipient.")
    lines = []
    for consent in consents:
        when = day_text(consent.decided_at.date())
        if not consent.given:
            lines.append(tr("Disclose", "Refused on {day}.", day=when))
            continue
        scope = [class_label(c).lower() for c in consent.scope.classes]
        if consent.scope.items:
            scope.append(tr("Disclose", "{count} named question(s)", count=len(consent.scope.items)))
        line = tr("Disclose", "Given on {day} for {what}", day=when, what=", ".join(scope))
        if not consent.capacity_considered:
            line = tr("Disclose", "{consent} (capacity not recorded as considered: not relied on)",
                      consent=line)
        if consent.withdrawn_at is not None:
            line = tr("Disclose", "{consent}; withdrawn on {day}", consent=line,
                      day=day_text(consent.withdrawn_at.date()))
        lines.append(line + ".")
    return "\n".join(lines)


class Choices(NamedTuple):
    """What the user chose in the dialog: everything a document depends on."""

    recipient: Recipient
    document: DocumentKind
    legal_basis: LegalBasis | None
    second_user: str | None
    lang: str
    purpose: str


@dataclass(frozen=True)
class PreviewedDocument:
    """A made document the dialog shows: the bytes that will be saved or printed, the page images
    drawn from them, and the choices it was made for."""

    prepared: PreparedDisclosure
    rendered: RenderedDocument
    pages: tuple[QImage, ...]
    inputs: Choices


@dataclass(frozen=True)
class _Decided:
    """What the database worker decided for the preview: the view (audited), and the prepared
    document, or why it cannot be made yet."""

    view: DisclosureView
    prepared: PreparedDisclosure | None
    problem: BaseException | None
    """Why it cannot be made yet (an error meant for the user, worded on the UI thread)."""


class DiscloseController(QObject):
    """The dialog's behaviour. Signals are named after what happened."""

    preview_shown = Signal()
    """The preview is up to date for the current choices (pages, or the reason there are none)."""
    document_recorded = Signal(object)  # DisclosureEntry
    document_saved = Signal(str)  # path
    document_printed = Signal()
    text_copied = Signal()
    failed = Signal(str)  # the message shown

    def __init__(self, context: AppContext, screening_id: UUID, view: DiscloseView, *,
                 renderer: PageRenderer | None | object = _DEFAULT) -> None:
        super().__init__(view)
        self.context = context
        self.screening_id = screening_id
        self.view = view
        self.renderer: PageRenderer | None = (
            page_renderer() if renderer is _DEFAULT else renderer)  # type: ignore[assignment]
        self.last_view: DisclosureView | None = None
        self.previewed: PreviewedDocument | None = None
        """The document on show: what Save and Print deliver, byte for byte."""
        self.page_index = 0
        self.busy = False
        self.alive = True
        """False once the dialog has closed: late results then update nothing on screen."""
        self.choose_path: Callable[[str], str | None] = self._ask_path
        """Asks where to save (tests replace it)."""
        self.choose_printer: Callable[[], QPrinter | None] = self._ask_printer
        """Asks for a printer (tests replace it)."""
        self._preview_ticket = 0
        self._consents: list[Consent] | None = None
        language_changed().connect(self._relabel)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.refresh_preview)

        v = view
        v.recipient.currentIndexChanged.connect(self._recipient_changed)
        v.document.currentIndexChanged.connect(self._inputs_changed)
        v.language.currentIndexChanged.connect(self._inputs_changed)
        v.framework.currentIndexChanged.connect(self._framework_changed)
        v.condition.currentIndexChanged.connect(self._inputs_changed)
        v.release_health.toggled.connect(self._inputs_changed)
        v.second_user.editingFinished.connect(self._inputs_changed)
        v.purpose.textChanged.connect(self._inputs_changed)
        v.save_button.clicked.connect(self.save)
        v.print_button.clicked.connect(self.print_document)
        v.copy_button.clicked.connect(self.copy_text)
        v.close_button.clicked.connect(v.close)
        v.previous_page.clicked.connect(lambda: self.show_page(self.page_index - 1))
        v.next_page.clicked.connect(lambda: self.show_page(self.page_index + 1))
        for keys, step in ((QKeySequence.StandardKey.MoveToPreviousPage, -1),
                           (QKeySequence.StandardKey.MoveToNextPage, 1)):
            shortcut = QShortcut(keys, v.page_scroll)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.show_page(self.page_index + step))
        v.finished.connect(self._forget_secrets)
        v.destroyed.connect(self._gone)
        context.navigator.lock_requested.connect(v.close)
        # The first document of a session loads the fonts (~0.1-0.2 s): start that on the pool
        # now, while the database worker decides the first preview.
        context.tasks.pool.submit(_warm_up, label="disclosure warm-up")
        self._recipient_changed()

    # --- inputs ---

    @property
    def recipient(self) -> Recipient:
        return Recipient(self.view.recipient.currentData())

    @property
    def document(self) -> DocumentKind:
        data = self.view.document.currentData()
        return DocumentKind(data) if data else DocumentKind.SUMMARY

    def purpose(self) -> str:
        return " ".join(self.view.purpose.text().split())

    def legal_basis(self) -> LegalBasis | None:
        framework = self.view.framework.currentData()
        condition = self.view.condition.currentData()
        if not framework or not condition:
            return None
        purpose = self.purpose() or NO_PURPOSE_YET
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

    def inputs(self) -> Choices:
        """Every choice the document depends on (a preview is delivered only for these)."""
        return Choices(self.recipient, self.document, self.legal_basis(), self.second_user_id(),
                       self.language(), self.purpose())

    def _recipient_changed(self) -> None:
        v = self.view
        current = v.document.currentData()
        v.document.blockSignals(True)
        v.document.clear()
        for kind in DOCUMENT_FILE_NAMES:
            if self.recipient in allowed_recipients(kind):
                v.document.addItem(document_label(kind), kind.value)
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
        self._consents = list(consents)
        if self.alive:
            self.view.consent.setText(_consent_lines(self._consents))

    def _relabel(self) -> None:
        """The consent lines carry dates in words: written again in the new language."""
        if self.alive and self._consents is not None:
            self.view.consent.setText(_consent_lines(self._consents))

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
        """Make the document for the current choices, in memory, and show its pages.

        Database worker: the view (audited as a preview) and the prepared document (its id
        reserved, nothing recorded); task pool: the PDF bytes and their page images; UI thread:
        the pages and the same content as text."""
        self._timer.stop()
        self._preview_ticket += 1
        ticket = self._preview_ticket
        inputs = self.inputs()
        recipient, document, basis, second, lang, purpose = inputs
        self.previewed = None
        self._set_busy(self.busy)

        def decide(services: Services) -> _Decided:
            disclosures = services.disclosures
            view = disclosures.preview(
                screening_id=self.screening_id, recipient=recipient, document=document,
                legal_basis=basis, second_user_id=second, purpose=purpose or None, lang=lang)
            request = DisclosureRequest(
                screening_id=self.screening_id, recipient=recipient,
                purpose=purpose or NO_PURPOSE_YET, document=document, legal_basis=basis,
                second_user_id=second, lang=lang)
            try:
                return _Decided(view, disclosures.prepare(request), None)
            except USER_ERRORS as error:
                return _Decided(view, None, error)

        def decided(result: _Decided) -> None:
            if not self.alive or ticket != self._preview_ticket:
                return
            self.last_view = result.view
            renderer = self.renderer
            prepared = result.prepared
            self.context.tasks.pool.submit(
                lambda: _make_preview(result, renderer), label="disclosure preview",
                on_success=lambda made: self._show_preview(ticket, inputs, prepared, made,
                                                           result.problem),
                on_failure=self._show_error)

        self.context.gateway.call(decide, label="disclosure preview", on_done=decided,
                                  on_error=self._show_error)

    def _show_preview(self, ticket: int, inputs: Choices,
                      prepared: PreparedDisclosure | None, made: _MadePreview,
                      problem: BaseException | None) -> None:
        if not self.alive or ticket != self._preview_ticket:
            return
        v = self.view
        v.preview.setHtml(made.html)
        if prepared is not None and made.rendered is not None:
            self.previewed = PreviewedDocument(prepared, made.rendered, made.pages, inputs)
        self.page_index = 0
        if self.previewed is not None and made.pages:
            self.show_page(0)
        elif problem is not None:
            v.show_page(None, number=0, pages=0,
                        message=tr("Disclose", "The pages appear once the document can be made. "
                                               "{problem}", problem=failure_text(problem)))
        elif made.rendered is not None and not made.rendered.is_pdf:
            v.show_page(None, number=0, pages=0,
                        message=tr("Disclose", "This is plain text, not a PDF: see the Text tab."))
            v.preview_tabs.setCurrentIndex(1)
        else:
            v.show_page(None, number=0, pages=0, message=pages_problem_text(made.pages_problem))
        view = self.last_view
        if view is not None and view.releases_health_on_legal_basis:
            self._status(tr("Disclose", "Health information is shared on the legal basis: the "
                                        "second user must sign this off with their passphrase."))
        elif v.release_health.isChecked() and not self.second_user_id():
            self._status(tr("Disclose", "Type the second user's user name to see what they would "
                                        "sign off."))
        self._set_busy(self.busy)
        self.preview_shown.emit()

    def show_page(self, index: int) -> None:
        """Show page ``index`` (from 0) of the previewed document."""
        previewed = self.previewed
        if previewed is None or not previewed.pages:
            return
        self.page_index = max(0, min(index, len(previewed.pages) - 1))
        self.view.page_scroll.verticalScrollBar().setValue(0)  # a new page starts at its top
        self.view.show_page(previewed.pages[self.page_index], number=self.page_index + 1,
                            pages=len(previewed.pages))

    # --- delivering the previewed document ---

    def _ready(self) -> PreviewedDocument | None:
        """The previewed document, if it may be delivered now; else say why (and refresh)."""
        if self.busy:
            return None
        if not self.purpose():
            self._fail(tr("Disclose", "Say why you are disclosing it (the purpose)."))
            return None
        previewed = self.previewed
        if previewed is None or previewed.inputs != self.inputs() or self._timer.isActive():
            self.refresh_preview()
            self._fail(tr("Disclose", "The preview is being brought up to date: check it, then try "
                                      "again."))
            return None
        if self.view.release_health.isChecked() and (
                not self.second_user_id() or not self.view.second_passphrase.text()):
            self._fail(tr("Disclose", "The second user must type their user name and passphrase to "
                                      "sign this off."))
            return None
        if previewed.prepared.needs_second_signoff and self._signoff() is None:
            self._fail(tr("Disclose", "Health information would be shared on the legal basis "
                                      "without consent: tick the box and ask a second user to sign "
                                      "it off."))
            return None
        return previewed

    def _signoff(self) -> SecondUserSignoff | None:
        second = self.second_user_id()
        if second is None:
            return None
        return SecondUserSignoff(user_id=second, passphrase=self.view.second_passphrase.text())

    def _deliver(self, previewed: PreviewedDocument, delivery: str,
                 deliver: Callable[[DisclosureEntry], None]) -> None:
        """Record the previewed document (database worker), then deliver it (``deliver``)."""
        signoff = self._signoff()
        self._set_busy(True)
        self._status(tr("Disclose", "Logging the document…"))

        def recorded(entry: DisclosureEntry) -> None:
            if self.alive:
                self.view.second_passphrase.clear()
            self.document_recorded.emit(entry)
            deliver(entry)
            if self.alive:  # the next copy is a new document with a new id
                self.refresh_preview()

        self.context.gateway.call(
            lambda services: services.disclosures.record(
                previewed.prepared, previewed.rendered, second_user=signoff, delivery=delivery),
            label="disclosure record", on_done=recorded, on_error=self._record_failed)

    def save(self) -> None:
        """Ask where, then log the previewed PDF and write exactly its bytes there."""
        previewed = self._ready()
        if previewed is None:
            return
        suggested = f"{DOCUMENT_FILE_NAMES[self.document].split(' (')[0].lower().replace(' ', '-')}.pdf"
        path = self.choose_path(suggested)
        if not path:
            return

        def deliver(entry: DisclosureEntry) -> None:
            content = previewed.rendered.content
            self.context.tasks.pool.submit(
                lambda: str(write_atomic(path, content)), label="disclosure save",
                on_success=lambda saved: self._saved(saved, entry), on_failure=self._write_failed)

        self._deliver(previewed, "file", deliver)

    def print_document(self) -> None:
        """Log the previewed PDF, then print its pages: the same pages, drawn at the printer's
        resolution (up to 300 dpi) on the task pool."""
        previewed = self._ready()
        if previewed is None:
            return
        renderer = self.renderer
        if renderer is None:
            self._fail(tr("Disclose", "{problem} Save the PDF and print it from a PDF reader.",
                          problem=no_renderer()))
            return
        printer = self.choose_printer()
        if printer is None:
            return
        dpi = float(printer.resolution())

        def deliver(entry: DisclosureEntry) -> None:
            self.context.tasks.pool.submit(
                lambda: renderer.render(previewed.rendered.content, dpi=dpi),
                label="disclosure print",
                on_success=lambda pages: self._print(printer, pages, entry),
                on_failure=self._show_error)

        self._deliver(previewed, "print", deliver)

    def copy_text(self) -> None:
        """Log the previewed PSR section, then put exactly that text on the clipboard."""
        previewed = self._ready()
        if previewed is None:
            return

        def deliver(entry: DisclosureEntry) -> None:
            clipboard_guard(self.context).copy(previewed.rendered.content.decode("utf-8"))
            self._set_busy(False)
            self._status(tr("Disclose", "Copied. Document ID {id}. The clipboard is cleared when "
                                        "the station locks.", id=entry.document_id))
            self.text_copied.emit()

        self._deliver(previewed, "clipboard", deliver)

    # --- delivery ---

    def _saved(self, path: str, entry: DisclosureEntry) -> None:
        self._set_busy(False)
        self._status(tr("Disclose", "Saved and logged. Document ID {id}. The preview now shows a "
                                    "new copy, with a new document ID.", id=entry.document_id))
        self.document_saved.emit(path)

    def _write_failed(self, error: BaseException) -> None:
        log.warning("saving a disclosed document failed: %s", type(error).__name__)
        self._fail(tr("Disclose", "The document was logged but could not be saved there (the "
                                  "folder may be full or read-only). Choose another place: a "
                                  "re-print makes a new copy."))

    def _record_failed(self, error: BaseException) -> None:
        self._show_error(error)
        if isinstance(error, StaleRecordError) and self.alive:
            self.refresh_preview()

    def _print(self, printer: QPrinter, pages: list[QImage], entry: DisclosureEntry) -> None:
        # Printed even if the dialog has closed meanwhile: the document is already logged.
        try:
            paint_pages(printer, pages)
        except OSError as error:
            self._show_error(error)
            return
        self._set_busy(False)
        self._status(tr("Disclose", "Sent to the printer and logged. Document ID {id}.",
                        id=entry.document_id))
        self.document_printed.emit()

    def _ask_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.view, tr("Disclose", "Save the document"),
                                              suggested, tr("Disclose", "PDF documents (*.pdf)"))
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
        ready = not busy and self.previewed is not None
        for button in (self.view.save_button, self.view.print_button, self.view.copy_button):
            button.setEnabled(ready)

    def _status(self, text: str) -> None:
        if self.alive:
            self.view.status.setText(text)

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self._status(message)
        self.failed.emit(message)

    def _show_error(self, error: BaseException) -> None:
        message = service_error_text(error)
        if message is None:
            log.warning("disclosure step failed: %s", type(error).__name__)
            message = generic_error()
        self._fail(message)

    def _forget_secrets(self) -> None:
        self.view.second_passphrase.clear()
        self._timer.stop()
        self.alive = False

    def _gone(self) -> None:
        self.alive = False
        self._timer.stop()


def _warm_up() -> None:
    """Register the PDF fonts and read their glyph coverage (once per process)."""
    from screening.reports.fonts import PRIMARY_BOLD_FONT, PRIMARY_FONT, missing_glyphs, register_fonts

    register_fonts()
    for font in (PRIMARY_FONT, PRIMARY_BOLD_FONT):
        missing_glyphs("", font)


@dataclass(frozen=True)
class _MadePreview:
    """Made on the task pool: the document's bytes and page images, and its content as HTML."""

    html: str
    rendered: RenderedDocument | None
    pages: tuple[QImage, ...]
    pages_problem: str | None
    """Why there are no page images (``NO_RENDERER`` or ``NOT_DRAWN``): worded on the UI thread."""


def pages_problem_text(problem: str | None) -> str:
    if problem == NO_RENDERER:
        return tr("Disclose", "{problem} The Text tab shows the same content.", problem=no_renderer())
    if problem == NOT_DRAWN:
        return tr("Disclose", "The pages could not be drawn. The Text tab shows the same content.")
    return ""


def _make_preview(decided: _Decided, renderer: PageRenderer | None) -> _MadePreview:
    """Render the prepared document (or, if it cannot be made yet, only the view's content as
    text), and draw its pages."""
    from screening.domain.dates import utc_now
    from screening.reports.render import render_document

    prepared = decided.prepared
    if prepared is None:
        issue = Issue(document_id="(given when the document can be made)", made_at=utc_now(),
                      made_by="(you)")
        return _MadePreview(_preview_html(build_document(decided.view, issue)), None, (), None)
    doc = build_document(prepared.view, prepared.issue)
    rendered = render_document(prepared.view, prepared.issue)
    pages: tuple[QImage, ...] = ()
    problem = None
    if rendered.is_pdf:
        if renderer is None:
            problem = NO_RENDERER
        else:
            try:
                pages = tuple(renderer.render(rendered.content, dpi=PREVIEW_DPI))
            except PageRenderError as error:
                log.warning("drawing the preview's pages failed: %s", error)
                problem = NOT_DRAWN
    return _MadePreview(_preview_html(doc), rendered, pages, problem)


def _preview_html(doc: ReportDocument) -> str:
    """The document's own blocks as HTML, with the marking and document id it carries."""
    spec = doc.spec
    head = (f'<p style="text-align:center"><b>{escape(spec.marking)}</b></p>'
            f'<p style="color:#505a5f">{escape(spec.title)} - {escape(spec.label("document"))} '
            f"{escape(spec.document_id)}</p><hr/>")
    return head + doc.to_html()


def paint_pages(printer: QPrinter, pages: list[QImage]) -> int:
    """Print page images (a PDF's pages, margins and page furniture included) one per sheet,
    scaled to the paper. Returns the number of pages."""
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            scale = min(paper.width() / image.width(), paper.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


def open_disclose_dialog(context: AppContext, screening_id: UUID | str,
                         parent: QWidget | None) -> DiscloseController:
    """Open the disclose dialog for a finalised revision (window-modal); returns its controller."""
    view = DiscloseView(parent)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    controller = DiscloseController(context, UUID(str(screening_id)), view)
    view.open()
    return controller
