"""The interface in Welsh over a real station: login, header and navigation, home, the wizard's
chrome, review, consent, the finalise dialog and the lock screen switch language in place (Qt
translator, catalogue in resources/translations/qt), without losing an answer or the position;
the form's own text keeps coming from the form file."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.ui.i18n import LanguageButton, current_language, set_language, tr
from screening.ui.startup import Application, StartupOptions
from screening.ui.theme import ThemeController
from screening.ui.wizard import REVIEW_PAGE
from tests.ui.flow.conftest import PASSPHRASES, AppSession
from tests.ui.flow.test_resume_take_over_finalise import QUIET, new_draft, open_draft
from tests.ui.helpers import alt_click, digit, focused_item, tab, walk
from tests.ui.station.helpers import FakeMonotonic, log_in, visible_texts, wait_for_session

WAIT_MS = 15000
CONTROLS = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)


@pytest.fixture
def started(qtbot: QtBot, station_home: Path, library: FormLibrary) -> Iterator[Application]:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    font, palette, sheet = QFont(qapp.font()), QPalette(qapp.palette()), qapp.styleSheet()
    app = Application(qapp, StartupOptions(
        home=station_home, load_library=lambda: library, demo_requested=False,
        demo_allowed=False, monotonic=FakeMonotonic()))
    app.window.resize(1180, 820)
    app.start()
    qtbot.waitUntil(lambda: app.ready, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: app.context is not None and app.context.library is not None,
                    timeout=WAIT_MS)
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    yield app
    app.window.close()
    app.shutdown()
    app.window.deleteLater()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def mnemonic_clashes(root: QWidget) -> list[str]:
    """Alt+letter keys used by more than one visible button under ``root``."""
    seen: dict[str, list[str]] = {}
    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&&", "")
        if button.isVisibleTo(root) and "&" in text:
            letter = text[text.index("&") + 1].lower()
            seen.setdefault(letter, []).append(text)
    return [f"Alt+{k}: {v}" for k, v in seen.items() if len(v) > 1]


def _saved_language(qtbot: QtBot, app: Application) -> str:
    box: dict[str, str] = {}
    assert app.context is not None
    app.context.gateway.call(lambda s: s.settings.preferences().interface_language,
                             label="test", on_done=lambda lang: box.update(lang=lang))
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return box["lang"]


def test_login_header_home_and_lock_screen_in_welsh(qtbot: QtBot, started: Application) -> None:
    app = started
    view = app.login_view
    assert view.language_button.text() == "Cymraeg"
    view.language_button.click()
    assert current_language() == "cy"
    assert view.title.text() == "Mewngofnodi"
    assert view.login_button.text() == "&Mewngofnodi"
    assert view.language_button.text() == "English"
    log_in(qtbot, app, "pc1234", PASSPHRASES["pc1234"])
    wait_for_session(qtbot, app)
    # Chosen on the login screen: kept for the session and saved as this user's language.
    assert app.context is not None
    qtbot.waitUntil(lambda: _saved_language(qtbot, app) == "cy", timeout=WAIT_MS)
    workspace = app.window.workspace
    assert workspace is not None
    assert workspace.nav_buttons["home"].text() == "&Hafan"
    assert workspace.nav_buttons["people"].text() == "&Pobl"
    assert workspace.nav_buttons["home"].accessibleName() == "Tudalen Hafan"
    assert workspace.lock_button.text() == "C&loi (Ctrl+L)"
    assert workspace.user_label.text().endswith("Swyddog y ddalfa")
    home = app.shell.pages["home"].view  # type: ignore[attr-defined]
    assert home.new_button.text() == "Sgrinio &newydd"
    assert home.my_drafts.title.text() == "Fy nrafftiau"
    assert home.my_drafts_model.headerData(0, Qt.Orientation.Horizontal) == "Person"
    assert home.my_drafts_model.headerData(3, Qt.Orientation.Horizontal) == "Newid diwethaf"
    assert mnemonic_clashes(app.window) == []

    # Back to English in place, from the header.
    workspace.language_button.click()
    assert workspace.nav_buttons["home"].text() == "&Home"
    assert home.new_button.text() == "&New screening"
    assert workspace.user_label.text().endswith("Custody officer")
    assert home.my_drafts_model.headerData(3, Qt.Orientation.Horizontal) == "Last change"

    workspace.language_button.click()
    app.shell.lock_now()
    qtbot.waitUntil(lambda: app.window.workspace is None)
    lock = app.shell.lock_view
    texts = visible_texts(app.window)
    assert "Mae'r orsaf hon wedi'i chloi" in texts
    assert lock.unlock_button.text() == "&Datgloi"
    qtbot.keyClicks(lock.passphrase_edit, PASSPHRASES["pc1234"])
    qtbot.keyClick(lock.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.window.workspace is not None, timeout=WAIT_MS)
    assert app.window.workspace is workspace and workspace.nav_buttons["home"].text() == "&Hafan"

    # Switch user: the login screen still changes language, and the names are forgotten.
    app.shell.lock_now()
    qtbot.waitUntil(lambda: app.window.workspace is None)
    app.shell.lock.switch_user()
    qtbot.waitUntil(lambda: app.window.screen_widget() is view, timeout=WAIT_MS)
    from screening.ui.i18n import _language

    assert not any("User pc1234" in text for text in _language().known)
    view.language_button.click()
    assert view.title.text() == "Log in" and view.login_button.text() == "&Log in"


def test_switching_language_in_the_wizard_keeps_every_answer_and_the_place(
    qtbot: QtBot, app: AppSession
) -> None:
    app.login("pc1234")
    draft_id = new_draft(app)
    open_draft(qtbot, app, draft_id)
    wizard = app.screening_pages.flow.wizard
    assert wizard is not None
    view = wizard.view
    alt_click(qtbot, "n", view.next_button)
    tab(qtbot)
    digit(qtbot, 2)  # A1b no
    tab(qtbot)
    assert focused_item() == "A2"
    app.drain()
    answers = dict(wizard.answers)
    question = view.items["A2"].question_label.text()

    assert set_language("cy")
    assert view.next_button.text().startswith("&Nesaf")
    assert view.back_button.text() == "&Blaenorol"
    assert view.position_label.text() == "Adran 1 o 6" or view.position_label.text().startswith("Adran 1 o")
    assert view.discard_button.text() == "Gw&aredu'r drafft…"
    assert view.easy_read_button.text() == "Hawdd ei ddeall: i ffwrdd"
    assert mnemonic_clashes(view) == []
    # The form's own words are the form file's, in the form language (English here).
    assert view.items["A2"].question_label.text() == question
    assert wizard.answers == answers and view.current_page() == "about_you"
    assert focused_item() == "A2"
    digit(qtbot, 1)  # answering carries on, in Welsh
    app.drain()
    assert wizard.answers["A2"] == "yes"

    wizard.go_to(REVIEW_PAGE)
    review = wizard.review.view
    assert review.title.text() == "Gwirio'r atebion a gorffen"
    assert review.finalise_button.text() == "Ter&fynu'r sgrinio…"
    assert "cwestiwn" in review.summary.text()
    assert set_language("en")
    assert review.title.text() == "Check answers and finish"
    assert review.finalise_button.text() == "&Finalise screening…"
    assert "question" in review.summary.text()
    assert wizard.answers["A1b"] == "no" and wizard.answers["A2"] == "yes"
    assert app.call(lambda s: s.screenings.get(screening_id=draft_id)).answer_values()["A2"] == "yes"


def test_consent_and_the_finalise_dialog_in_welsh(qtbot: QtBot, app: AppSession,
                                                  theme: ThemeController) -> None:
    app.login("pc1234")
    theme.set_font_scale(2.0)
    draft_id = new_draft(app, QUIET)
    open_draft(qtbot, app, draft_id)
    flow = app.screening_pages.flow
    flow._to_consent()  # noqa: SLF001 - what the review page's Finalise does
    qtbot.waitUntil(flow.consent.view.isVisible)
    set_language("cy")  # on screen, laid out in English at 200 %
    consent = flow.consent.view
    assert consent.title.text() == "Caniatâd i rannu"
    card = consent.cards[next(iter(consent.cards))]
    assert card.title.text() == "Yr heddlu"
    assert card.decisions["given"].label_text() == "Yn cytuno i rannu"
    assert consent.continue_button.text() == "&Cofnodi a mynd ymlaen i derfynu"
    # The longer Welsh words wrap inside their options instead of being cut off.
    qtbot.waitUntil(consent.isVisible)

    def unclipped() -> bool:
        for radio in card.decisions.values():
            label = radio.label()
            if label.height() < label.heightForWidth(label.width()):
                return False
            if radio.height() < label.height():
                return False
        return True

    qtbot.waitUntil(unclipped, timeout=3000)
    consent.continue_button.click()
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible(), timeout=WAIT_MS)
    dialog = flow.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Terfynu'r sgrinio"
    assert dialog.action_button.text() == "Ter&fynu"
    assert dialog.cancel_button.text() == "Canslo"
    dialog.action_button.click()  # no passphrase typed
    assert dialog.problem.text() == "Gwall: Teipiwch eich cyfrinymadrodd."
    dialog.reject()


def test_people_search_in_welsh(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    new_draft(app)  # makes Tomos Rhys
    pages = app.screening_pages
    pages.show_people(choosing=False)
    set_language("cy")
    view = pages.search.view
    assert view.title.text() == "Dod o hyd i berson"
    assert view.new_button.text() == "Person &newydd"
    assert view.status.text() == "Teipiwch i chwilio."
    pages.search.search_now("rhys")
    qtbot.waitUntil(lambda: view.status.text() == "Wedi dod o hyd i 1 person.", timeout=WAIT_MS)
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "Dyddiad geni"
    assert view.model.cell_text(0, 1).startswith("Ganwyd 04/11/1979")
    assert mnemonic_clashes(view) == []


def test_every_control_has_an_accessible_name_in_welsh(qtbot: QtBot, app: AppSession) -> None:
    from tests.ui.flow.test_preferences_and_accessibility import all_pages

    app.login("pc1234")
    set_language("cy")
    unnamed = []
    for name, page in all_pages(qtbot, app).items():
        for widget in walk(page):
            if isinstance(widget, CONTROLS) and not widget.accessibleName().strip():
                unnamed.append(f"{name}: {type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == [], "\n".join(unnamed)


def test_the_language_button_names_the_other_language_and_is_accessible(qtbot: QtBot) -> None:
    button = LanguageButton()
    qtbot.addWidget(button)
    assert button.text() == "Cymraeg" and "Welsh" in button.accessibleDescription()
    button.click()
    assert button.text() == "English" and "English" in button.accessibleName()
    assert tr("Shell", "&Home") == "&Hafan"


def test_languages_are_remembered_per_user(qtbot: QtBot, app: AppSession) -> None:
    app.login("pc1234")
    set_language("cy")
    draft_id = new_draft(app)
    open_draft(qtbot, app, draft_id)
    wizard = app.screening_pages.flow.wizard
    assert wizard is not None
    wizard.view.language_combo.setCurrentIndex(wizard.view.language_combo.findData("cy"))
    wizard.view.language_chosen.emit("cy")  # as choosing it in the combo box does
    app.drain()
    saved = app.call(lambda s: s.settings.preferences())
    assert (saved.interface_language, saved.form_language) == ("cy", "cy")

    # A colleague on the same PC gets their own languages (English, never chosen).
    app.logout()
    app.login("pc5678")
    qtbot.waitUntil(lambda: current_language() == "en")

    # Back again: the interface is Welsh, and a screening opens with the Welsh questions.
    app.logout()
    app.login("pc1234")
    qtbot.waitUntil(lambda: current_language() == "cy")
    open_draft(qtbot, app, draft_id)
    reopened = app.screening_pages.flow.wizard
    assert reopened is not None and reopened.lang == "cy"
    assert reopened.view.next_button.text().startswith("&Nesaf")
    # Nothing about it is written outside the encrypted station.
    for path in app.home.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".ini", ".conf", ".txt"):
            assert "interface_language" not in path.read_text(errors="ignore"), path


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def test_the_welsh_catalogue_is_complete_consistent_and_compiled() -> None:
    """Every tr() text of screening/ui has a finished Welsh translation with the same
    placeholders and a mnemonic where the English has one, and the committed .qm is what
    pyside6-lrelease makes of the .ts (run resources/translations/qt/catalogue.py to fix)."""
    import importlib.util

    from screening.paths import resource_path

    path = resource_path("resources", "translations", "qt", "catalogue.py")
    spec = importlib.util.spec_from_file_location("catalogue", path)
    assert spec is not None and spec.loader is not None
    catalogue = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = catalogue  # its dataclasses look themselves up there
    try:
        spec.loader.exec_module(catalogue)
    finally:
        del sys.modules[spec.name]
    translations = catalogue.read_ts(path.parent / "screening_cy.ts")
    problems = []
    for message in catalogue.gather():
        text, finished = translations.get((message.context, message.source), ("", False))
        if not finished:
            problems.append(f"{message.where}: not translated: {message.source!r}")
            continue
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(message.source)):
            problems.append(f"{message.where}: placeholders differ: {text!r}")
        if ("&" in message.source.replace("&&", "").replace("L&D", "")) != (
                "&" in text.replace("&&", "").replace("L&D", "")):
            problems.append(f"{message.where}: mnemonic differs: {text!r}")
    assert problems == [], "\n".join(problems)
    assert catalogue.main(["--check"]) == 0
