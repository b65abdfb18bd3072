"""The station screens in Welsh over real stations: the first-run screen and its recovery key,
and the Admin page (users, audit trail, settings). Each shows Welsh with no catalogue text left
in English, switches back in place while open, and reflows at 200 % text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from screening.ui.firstrun import FirstRunView
from screening.ui.i18n import set_language
from screening.ui.theme import ThemeSettings
from tests.ui.station.conftest import AppRunner
from tests.ui.station.helpers import PASSPHRASES, WAIT_MS, log_in, wait_for_session
from tests.ui.station.test_large_text import reflowed
from tests.ui.station.test_lock_and_admin import admin_page, choose_user
from tests.ui.welsh import english_left


def test_first_run_and_the_recovery_key_in_welsh(
    qtbot: QtBot, runner: AppRunner, app_home: Path
) -> None:
    app = runner.start(app_home, demo_allowed=True)
    app.theme.apply(ThemeSettings(font_scale=2.0))
    app.window.resize(1024, 720)
    screen = app.window.screen_widget()
    assert isinstance(screen, FirstRunView)
    set_language("cy")  # switched while the screen is open
    assert screen.create_button.text() == "&Creu'r orsaf"
    assert screen.demo_button.text() == "Creu gorsaf a&rddangos"
    assert english_left(screen) == []
    qtbot.waitUntil(lambda: reflowed(screen.pages.currentWidget()), timeout=WAIT_MS)

    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)  # nothing typed
    assert screen.name.error.text().endswith("Teipiwch enw'r orsaf.")
    assert english_left(screen) == []

    for field, text in ((screen.name, "Gorsaf Prawf"), (screen.agency, "Heddlu Dychmygol"),
                        (screen.site, "Dalfa A"), (screen.admin_id, "admin1"),
                        (screen.admin_name, "Alex Admin")):
        field.editor.clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(field.editor, text)
    qtbot.keyClicks(screen.passphrase.first_edit, "a long enough passphrase")
    qtbot.keyClicks(screen.passphrase.second_edit, "a long enough passphrase")
    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == screen.RECOVERY_PAGE, timeout=WAIT_MS)
    assert screen.continue_button.text() == "Ymlaen i &fewngofnodi"
    assert english_left(screen) == []
    qtbot.waitUntil(lambda: reflowed(screen.pages.currentWidget()), timeout=WAIT_MS)
    qtbot.mouseClick(screen.copy_button, Qt.MouseButton.LeftButton)
    assert screen.copied.text().startswith("Wedi'i chopïo.")

    set_language("en")  # back in place
    assert screen.continue_button.text() == "Continue to &log in"
    assert screen.copied.text().startswith("Copied.")


def test_admin_page_in_welsh(qtbot: QtBot, runner: AppRunner, station_home: Path) -> None:
    app = runner.start(station_home)
    app.theme.apply(ThemeSettings(font_scale=2.0))
    app.window.resize(1024, 720)
    app.login_view.language_button.click()  # Cymraeg, chosen on the login screen: kept
    log_in(qtbot, app, "admin1", PASSPHRASES["admin1"])
    wait_for_session(qtbot, app)
    admin = admin_page(qtbot, app)
    view = admin.view
    users = view.users
    qtbot.waitUntil(lambda: users.model.rowCount() == 3, timeout=WAIT_MS)
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [
        "De&fnyddwyr", "&Trywydd archwilio", "Fy nghyfriny&madrodd", "Gosod&iadau'r orsaf"]
    assert users.model.headerData(0, Qt.Orientation.Horizontal) == "Enw defnyddiwr"
    assert "Gweinyddwr" in [users.model.data(users.model.index(r, 2)) for r in range(3)]
    assert english_left(view) == []
    qtbot.waitUntil(lambda: reflowed(users), timeout=WAIT_MS)

    # add a user: the form, a problem, then the hand-over, all in Welsh
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(users.add_confirm, Qt.MouseButton.LeftButton)
    assert users.new_id.error.text().endswith("Teipiwch enw defnyddiwr y defnyddiwr newydd.")
    assert english_left(view) == []
    qtbot.keyClicks(users.new_id.editor, "pc9999")
    qtbot.keyClicks(users.new_name.editor, "Pat Newcomer")
    qtbot.mouseClick(users.add_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users.handover_box.isVisibleTo(users), timeout=WAIT_MS)
    assert users.handover_text.text().startswith("Ychwanegwyd Pat Newcomer (pc9999) fel ")
    assert english_left(view) == []
    qtbot.mouseClick(users.handover_done, Qt.MouseButton.LeftButton)
    choose_user(qtbot, admin, "pc9999")
    qtbot.mouseClick(users.remove_button, Qt.MouseButton.LeftButton)
    assert users.confirm_title.text() == "Dileu Pat Newcomer (pc9999)?"
    assert english_left(view) == []
    qtbot.mouseClick(users.confirm_cancel, Qt.MouseButton.LeftButton)
    # the services' refusal, in Welsh: the admin cannot remove themselves
    choose_user(qtbot, admin, "admin1")
    admin._pending = ("remove", "admin1")  # noqa: SLF001 - the button is disabled for oneself
    admin.confirmed()
    qtbot.waitUntil(lambda: users.message.text() != "", timeout=WAIT_MS)
    assert "Allwch chi ddim dileu eich hun" in users.message.text()

    # audit trail: event words, headings and the verification
    view.show_tab(view.AUDIT)
    audit = view.audit
    qtbot.waitUntil(lambda: audit.model.rowCount() > 3, timeout=WAIT_MS)
    qtbot.mouseClick(audit.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: audit.verify_result.isVisibleTo(audit), timeout=WAIT_MS)
    assert audit.verify_result.text().startswith("✔ Trywydd archwilio'n iawn")
    events = {audit.model.data(audit.model.index(r, 3)) for r in range(audit.model.rowCount())}
    assert "Wedi mewngofnodi" in events and "Defnyddiwr wedi'i ychwanegu" in events
    # the About and Details columns: the stored keys (and yes/no) in Welsh, ids and codes as stored
    stored_keys = {key for entry in audit.model.rows() for key in (*entry.subjects, *entry.details)}
    assert "must_change" in stored_keys and "role" in stored_keys
    english_keys = {key.replace("_", " ") for key in stored_keys} - {"person"}  # same in Welsh
    for row in range(audit.model.rowCount()):
        for column in (4, 5):
            cell = audit.model.data(audit.model.index(row, column))
            for pair in filter(None, cell.split("; ")):
                key, _, value = pair.partition(": ")
                assert key not in english_keys and value not in ("yes", "no"), cell
    added = next(row for row in range(audit.model.rowCount())
                 if audit.model.row(row).event == "user_add"
                 and audit.model.row(row).subjects.get("user") == "pc9999")
    assert audit.model.data(audit.model.index(added, 4)) == "defnyddiwr: pc9999"
    assert "rhaid newid: ie" in audit.model.data(audit.model.index(added, 5))
    assert english_left(view) == []
    qtbot.waitUntil(lambda: reflowed(audit), timeout=WAIT_MS)

    # settings, then back to English in place
    view.show_tab(view.SETTINGS)
    settings = view.settings
    assert settings.idle.suffix() == " munud"
    assert english_left(view) == []
    set_language("en")  # on the open page
    assert audit.verify_result.text().startswith("✔ Audit trail OK")
    assert settings.idle.suffix() == " minutes"
    assert view.tabs.tabText(0) == "&Users"
    assert audit.model.headerData(3, Qt.Orientation.Horizontal) == "Event"
    assert audit.model.data(audit.model.index(added, 4)) == "user: pc9999"
    assert "must change: yes" in audit.model.data(audit.model.index(added, 5))
    assert audit.model.data(audit.model.index(0, 3)) in ("Logged in", "User removed", "User added",
                                                         "Passphrase reset", "Viewed")
