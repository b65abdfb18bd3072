"""The disclose dialog over a real encrypted station: the services run on the database worker,
rendering on the task pool; the preview shows the PDF's own pages and follows the recipient, legal
basis and sign-off; saving writes exactly the previewed, logged bytes only where asked; a second
user's passphrase is required for health detail on a legal basis; printing and copying the PSR
text are logged too, and the clipboard is cleared on lock."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from screening.domain.enums import Recipient
from screening.domain.models import Screening
from screening.services import Services
from screening.ui.common import clipboard_guard
from screening.ui.context import AppContext, Navigator, ServicesGateway
from screening.ui.disclose import (
    DiscloseController,
    open_disclose_dialog,
)
from screening.ui.pdf_pages import PdftoppmRenderer, page_renderer, parse_ppm_pages
from screening.ui.tasks import BackgroundTasks
from tests.unit.disclosure.conftest import PASSPHRASES, finalised_custody
from tests.unit.services import conftest as services_fixtures

bench = services_fixtures.bench
cheap_kdf = services_fixtures.cheap_kdf
WAIT = 15000


@pytest.fixture
def custody(bench: services_fixtures.Bench) -> Screening:
    services = bench.services("pc1234")
    screening = finalised_custody(services)
    services.lock()
    return screening


@pytest.fixture
def context(qtbot: QtBot, tasks: BackgroundTasks, bench: services_fixtures.Bench
            ) -> Iterator[AppContext]:
    gateway = ServicesGateway(tasks)
    opened: list[Services] = []

    def unlock() -> None:  # on the database worker: the connection belongs to that thread
        services = bench.services("pc1234")
        opened.append(services)
        gateway.set_services(services)

    _on_worker(qtbot, gateway, unlock, label="unlock")
    yield AppContext(gateway=gateway, tasks=tasks, navigator=Navigator(), theme=None)

    def lock() -> None:
        for services in opened:
            services.lock()

    # The worker locks what it opened, and the bench's own close (on this thread) starts only once
    # that has finished: two threads closing one connection at once crash SQLCipher.
    _on_worker(qtbot, gateway, lock, label="lock")


def _on_worker(qtbot: QtBot, gateway: ServicesGateway, operation: Callable[[], None], *,
               label: str) -> None:
    """Runs ``operation`` on the database worker and waits for that task itself (another task
    finishing meanwhile, e.g. a preview's, does not end the wait)."""
    finished: list[bool] = []
    gateway.run_raw(operation, label=label, on_done=lambda _: finished.append(True),
                    on_error=lambda error: finished.append(False))
    qtbot.waitUntil(lambda: bool(finished), timeout=WAIT)
    assert finished == [True], f"{label} failed on the database worker"


def _open(qtbot: QtBot, context: AppContext, screening: Screening) -> DiscloseController:
    controller = open_disclose_dialog(context, screening.id, None)
    qtbot.addWidget(controller.view)
    with qtbot.waitSignal(controller.preview_shown, timeout=WAIT):
        pass
    return controller


def _choose(controller: DiscloseController, recipient: Recipient, *, basis: str | None = "2",
            purpose: str = "Charging decision") -> None:
    v = controller.view
    v.recipient.setCurrentIndex(v.recipient.findData(recipient.value))
    if basis is not None:
        v.framework.setCurrentIndex(v.framework.findData("dpa2018_sch8"))
        v.condition.setCurrentIndex(v.condition.findData(basis))
    v.purpose.setText(purpose)


needs_pages = pytest.mark.skipif(page_renderer() is None,
                                 reason="neither QtPdf nor pdftoppm is installed")


def _refresh(qtbot: QtBot, controller: DiscloseController) -> str:
    with qtbot.waitSignal(controller.preview_shown, timeout=WAIT):
        controller.refresh_preview()
    return controller.view.preview.toPlainText()


def test_the_preview_follows_the_recipient_and_the_sign_off(
        qtbot: QtBot, context: AppContext, custody: Screening) -> None:
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.CPS)
    text = _refresh(qtbot, controller)
    assert "OFFICIAL-SENSITIVE" in text and "Disclosable summary" in text
    assert "Appropriate adult required" in text  # English, whatever the easy-read language
    assert "MARKER" not in text and "based on health information held by" in text.lower()
    qtbot.waitUntil(lambda: "No consent decision" in controller.view.consent.text(), timeout=WAIT)

    controller.view.release_health.setChecked(True)
    assert controller.view.second_user.isEnabled()
    controller.view.second_user.setText("ps1")
    text = _refresh(qtbot, controller)
    assert "MARKER-A3-FEELING" in text
    assert "second user must sign" in controller.view.status.text()

    _choose(controller, Recipient.POLICE, basis=None)
    controller.view.framework.setCurrentIndex(0)
    assert not controller.view.release_health.isChecked()
    text = _refresh(qtbot, controller)
    assert "MARKER-A17-FAITH" in text and "MARKER-A3" not in text


@needs_pages
def test_the_preview_shows_the_pdf_pages_and_save_writes_exactly_those_bytes(
        qtbot: QtBot, context: AppContext, custody: Screening, tmp_path: Path) -> None:
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.CPS)
    _refresh(qtbot, controller)
    v = controller.view
    previewed = controller.previewed
    assert previewed is not None
    pages = len(PdfReader(io.BytesIO(previewed.rendered.content)).pages)
    assert pages > 1 and len(previewed.pages) == pages
    assert v.page_number.text() == f"Page 1 of {pages}"
    assert v.page_image.pixmap() is not None and not v.page_image.pixmap().isNull()
    assert f"Page 1 of {pages}" in v.page_image.accessibleDescription()
    assert not v.previous_page.isEnabled() and v.next_page.isEnabled()
    v.next_page.click()
    assert v.page_number.text() == f"Page 2 of {pages}" and v.previous_page.isEnabled()
    assert [w.accessibleName() for w in (v.previous_page, v.next_page, v.page_image,
                                         v.page_number, v.preview)] == [
        "Previous page", "Next page", "Page of the document", "Page number",
        "The document as text"]
    # The page image is drawn from the previewed bytes: the document id shown is the one saved.
    shown_id = previewed.prepared.document_id
    assert str(shown_id) in v.preview.toPlainText()

    target = tmp_path / "out" / "summary.pdf"
    target.parent.mkdir()
    controller.choose_path = lambda suggested: str(target)
    recorded: list[Any] = []
    controller.document_recorded.connect(recorded.append)
    with qtbot.waitSignal(controller.document_saved, timeout=WAIT):
        v.save_button.click()
    data = target.read_bytes()
    assert data == previewed.rendered.content  # byte for byte what was previewed
    [entry] = recorded
    assert entry.document_id == shown_id
    assert hashlib.sha256(data).hexdigest() == entry.sha256
    assert str(entry.document_id) in v.status.text()
    assert sorted(p.name for p in target.parent.iterdir()) == ["summary.pdf"]  # no temp left
    # The next copy is a new document: a new preview with a new id.
    qtbot.waitUntil(lambda: controller.previewed is not None
                    and controller.previewed.prepared.document_id != shown_id, timeout=WAIT)


def test_a_stale_preview_is_not_delivered(
        qtbot: QtBot, context: AppContext, custody: Screening, tmp_path: Path) -> None:
    """Choices changed after the preview was made: nothing is saved until the user has seen the
    document for the new choices."""
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.CPS)
    _refresh(qtbot, controller)
    controller.view.purpose.setText("Something else")
    target = tmp_path / "stale.pdf"
    controller.choose_path = lambda suggested: str(target)
    with qtbot.waitSignal(controller.failed, timeout=WAIT):
        controller.save()
    assert "brought up to date" in controller.view.status.text()
    with qtbot.waitSignal(controller.preview_shown, timeout=WAIT):
        pass
    assert not target.exists()
    assert "Something else" in controller.view.preview.toPlainText()


def test_the_page_renderers_read_ppm_and_draw_pages(custody: Screening) -> None:
    """The PPM stream pdftoppm writes is read page by page (comments and all)."""
    one = b"P6\n# made by hand\n2 1\n255\n" + bytes([255, 0, 0, 0, 0, 255])
    images = parse_ppm_pages(one + one)
    assert [(i.width(), i.height()) for i in images] == [(2, 1), (2, 1)]
    assert QImage(images[0]).pixelColor(0, 0).red() == 255
    renderer = page_renderer()
    if isinstance(renderer, PdftoppmRenderer) or renderer is None:
        return
    assert renderer.name == "QtPdf"


def test_health_on_a_legal_basis_needs_the_second_passphrase(
        qtbot: QtBot, context: AppContext, custody: Screening, tmp_path: Path) -> None:
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.CPS)
    controller.view.release_health.setChecked(True)
    controller.view.second_user.setText("ps1")
    _refresh(qtbot, controller)
    target = tmp_path / "signed.pdf"
    controller.choose_path = lambda suggested: str(target)

    with qtbot.waitSignal(controller.failed, timeout=WAIT):
        controller.view.save_button.click()  # no passphrase typed
    assert "passphrase" in controller.view.status.text()

    controller.view.second_passphrase.setText("not their passphrase")
    with qtbot.waitSignal(controller.failed, timeout=WAIT):
        controller.view.save_button.click()
    assert "not right" in controller.view.status.text() and not target.exists()

    controller.view.second_passphrase.setText(PASSPHRASES["ps1"])
    with qtbot.waitSignal(controller.document_saved, timeout=WAIT):
        controller.view.save_button.click()
    assert target.exists() and controller.view.second_passphrase.text() == ""


@needs_pages
def test_print_is_logged_and_paints_every_page(
        qtbot: QtBot, context: AppContext, custody: Screening, tmp_path: Path) -> None:
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.CPS)
    _refresh(qtbot, controller)
    previewed = controller.previewed
    assert previewed is not None
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    controller.choose_printer = lambda: printer
    recorded: list[Any] = []
    controller.document_recorded.connect(recorded.append)
    with qtbot.waitSignal(controller.document_printed, timeout=WAIT):
        controller.view.print_button.click()
    assert [e.delivery for e in recorded] == ["print"]
    assert recorded[0].sha256 == hashlib.sha256(previewed.rendered.content).hexdigest()
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == len(previewed.pages)  # every previewed page, one per sheet


def test_psr_text_is_copied_and_cleared_on_lock(
        qtbot: QtBot, context: AppContext, custody: Screening) -> None:
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.COURT)
    controller.view.document.setCurrentIndex(controller.view.document.findData("psr_section"))
    _refresh(qtbot, controller)
    assert controller.view.copy_button.isVisibleTo(controller.view)
    assert not controller.view.save_button.isVisibleTo(controller.view)
    with qtbot.waitSignal(controller.text_copied, timeout=WAIT):
        controller.view.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text().startswith("OFFICIAL-SENSITIVE")
    assert clipboard_guard(context).clear_ours()  # what the shell does at lock
    assert clipboard.text() == ""


def test_the_easy_read_copy_in_welsh(qtbot: QtBot, context: AppContext, custody: Screening
                                     ) -> None:
    controller = _open(qtbot, context, custody)
    _choose(controller, Recipient.PERSON, basis=None, purpose="Copi'r person")
    controller.view.document.setCurrentIndex(controller.view.document.findData("easy_read"))
    assert controller.view.language.isVisibleTo(controller.view)
    controller.view.language.setCurrentIndex(controller.view.language.findData("cy"))
    text = _refresh(qtbot, controller)
    assert "Eich sgrinio" in text and "Angen oedolyn priodol" in text


def test_a_draft_cannot_be_disclosed(qtbot: QtBot, context: AppContext,
                                     bench: services_fixtures.Bench) -> None:
    services = bench.services("pc1234")
    person = services.people.create(details=services_fixtures.details())
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    services.lock()
    controller = open_disclose_dialog(context, draft.id, None)
    qtbot.addWidget(controller.view)
    qtbot.waitUntil(lambda: "finalised" in controller.view.status.text(), timeout=WAIT)


def test_every_mnemonic_in_the_dialog_is_its_own(qtbot: QtBot, context: AppContext,
                                                 custody: Screening) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    controller = _open(qtbot, context, custody)
    v = controller.view
    texts = [w.text() for w in v.findChildren(QLabel)] + [
        w.text() for w in v.findChildren(QAbstractButton)] + [
        v.preview_tabs.tabText(i) for i in range(v.preview_tabs.count())]
    keys = [m.group(1).lower() for text in texts
            for m in [re.search(r"&([^&\s])", text.replace("&&", ""))] if m]
    assert len(keys) >= 12 and len(keys) == len(set(keys)), sorted(keys)
