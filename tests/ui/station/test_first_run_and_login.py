"""First run, login and lock-out, driving the real widgets over real encrypted stations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from screening.services import station_admin
from screening.store.keyslots import INSECURE_TEST_KDF
from screening.ui.firstrun import FirstRunView
from screening.ui.home import HomeController
from tests.ui.station.conftest import AppRunner
from tests.ui.station.helpers import (
    OFFICER,
    PASSPHRASES,
    WAIT_MS,
    FakeMonotonic,
    log_in,
    wait_for_session,
)

LOGIN_FAILED = "The user id or passphrase is not right. Check both and try again."


def test_demo_station_from_the_first_run_screen_then_the_custody_officer_logs_in(
    qtbot: QtBot, runner: AppRunner, app_home: Path
) -> None:
    app = runner.start(app_home, demo_allowed=True)
    screen = app.window.screen_widget()
    assert isinstance(screen, FirstRunView)
    assert screen.demo_box.isVisibleTo(screen)
    qtbot.mouseClick(screen.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.screen_widget() is app.login_view, timeout=WAIT_MS)

    view = app.login_view
    assert app.window.demo_banner.isVisibleTo(app.window)
    assert "DEMO" in app.window.demo_banner.text()
    assert view.demo_box.isVisibleTo(view)
    demo_text = "\n".join(label.text() for label in view.demo_box.findChildren(type(view.station)))
    assert OFFICER.passphrase in demo_text and "Custody officer" in demo_text
    assert view.selected_user_id() == OFFICER.user_id  # the custody officer comes first

    log_in(qtbot, app, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, app)
    workspace = app.window.workspace
    assert workspace is not None
    assert workspace.user_label.text() == f"{OFFICER.display_name} ({OFFICER.user_id}) · Custody officer"
    assert app.window.demo_banner.isVisibleTo(app.window)
    assert app.window.current_page() == "home"
    assert "nav_admin" not in [b.objectName() for b in workspace.nav_buttons.values()]
    assert app.shell is not None
    home = app.shell.pages["home"]
    assert isinstance(home, HomeController)
    qtbot.waitUntil(lambda: home.loads > 0, timeout=WAIT_MS)
    assert home.view.my_drafts_model.rowCount() == 1
    assert home.view.take_over_model.rowCount() == 1
    alert = home.view.alerts_model
    assert alert.data(alert.index(0, 2)).startswith("ALERT: ")  # the word, beside the shape
    assert alert.data(alert.index(0, 2), Qt.ItemDataRole.DecorationRole) is not None


def test_demo_is_not_offered_in_a_production_build_without_the_flag(
    runner: AppRunner, app_home: Path
) -> None:
    app = runner.start(app_home, demo_allowed=False)
    screen = app.window.screen_widget()
    assert isinstance(screen, FirstRunView)
    assert not screen.demo_box.isVisibleTo(screen)


def test_demo_flag_creates_the_demo_station_at_once(
    qtbot: QtBot, runner: AppRunner, app_home: Path
) -> None:
    app = runner.start(app_home, demo_requested=True, demo_allowed=False)
    qtbot.waitUntil(lambda: app.window.screen_widget() is app.login_view, timeout=WAIT_MS)
    assert app.roster is not None and app.roster.demo
    assert app.window.demo_banner.isVisibleTo(app.window)


def test_demo_flag_on_a_real_station_changes_nothing(
    qtbot: QtBot, runner: AppRunner, station_home: Path
) -> None:
    app = runner.start(station_home, demo_requested=True)
    assert app.window.screen_widget() is app.login_view
    assert not app.window.demo_banner.isVisibleTo(app.window)
    assert not app.login_view.demo_box.isVisibleTo(app.login_view)
    assert "not a demo" in app.login_view.notice.text()


def test_create_station_shows_the_recovery_key_once(
    qtbot: QtBot, runner: AppRunner, app_home: Path
) -> None:
    app = runner.start(app_home, demo_allowed=False)
    view = app.window.screen_widget()
    assert isinstance(view, FirstRunView)
    for field, text in ((view.name, "Fictional Custody Suite"), (view.agency, "Fictional Police"),
                        (view.site, "Suite A"), (view.admin_id, "Admin1"),
                        (view.admin_name, "Alex Admin")):
        qtbot.keyClicks(field.editor, text)
    qtbot.keyClicks(view.passphrase.first_edit, "short")
    assert "Too short" in view.passphrase.strength.text()
    qtbot.mouseClick(view.create_button, Qt.MouseButton.LeftButton)
    assert view.passphrase.first.error.isVisibleTo(view)
    view.passphrase.first_edit.clear()
    qtbot.keyClicks(view.passphrase.first_edit, "four unrelated calm words")
    assert view.passphrase.strength.text().startswith("Strength: Strong")
    qtbot.keyClicks(view.passphrase.second_edit, "four unrelated calm wordz")
    qtbot.keyClick(view.passphrase.second_edit, Qt.Key.Key_Return)
    assert "not the same" in view.passphrase.second.error.text()
    assert not station_admin.station_exists(app_home)
    view.passphrase.second_edit.clear()
    qtbot.keyClicks(view.passphrase.second_edit, "four unrelated calm words")
    qtbot.keyClick(view.passphrase.second_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.pages.currentIndex() == view.RECOVERY_PAGE, timeout=WAIT_MS)

    key = view.recovery_key.text()
    assert len(key.replace("-", "")) == 32
    assert not view.continue_button.isEnabled()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == key
    view.confirm.setChecked(True)
    qtbot.mouseClick(view.continue_button, Qt.MouseButton.LeftButton)
    assert view.recovery_key.text() == ""  # shown once
    assert QGuiApplication.clipboard().text() != key  # removed from the clipboard
    qtbot.waitUntil(lambda: app.window.screen_widget() is app.login_view, timeout=WAIT_MS)
    assert app.login_view.selected_user_id() == "admin1"
    assert not app.window.demo_banner.isVisibleTo(app.window)

    app.login_view.passphrase_edit.clear()
    qtbot.keyClicks(app.login_view.passphrase_edit, "four unrelated calm words")
    qtbot.keyClick(app.login_view.passphrase_edit, Qt.Key.Key_Return)
    wait_for_session(qtbot, app)
    workspace = app.window.workspace
    assert workspace is not None
    assert set(workspace.nav_buttons) == {"home", "admin"}  # administrators do not screen


def test_wrong_passphrase_and_unknown_user_get_the_same_message(
    qtbot: QtBot, runner: AppRunner, station_home: Path
) -> None:
    app = runner.start(station_home)
    view = app.login_view
    assert [view.user_combo.itemText(i) for i in range(view.user_combo.count())] == [
        "Alex Admin (admin1)", "Olu Officer (pc1234)", "Sam Supervisor (ps1)"]
    messages = []
    for user_id, passphrase in (("pc1234", "not my passphrase"), ("nobody", "not my passphrase")):
        log_in(qtbot, app, user_id, passphrase)
        assert view.busy.busy  # a quiet busy line while Argon2id runs on the worker
        assert not view.login_button.isEnabled()
        qtbot.waitUntil(lambda: not view.busy.busy, timeout=WAIT_MS)
        messages.append(view.message.text())
        assert view.passphrase_edit.text() == ""
    assert messages == [LOGIN_FAILED, LOGIN_FAILED]
    assert app.window.workspace is None


def test_five_failures_show_the_lockout_with_the_remaining_wait(
    qtbot: QtBot, runner: AppRunner, station_home: Path, clock: FakeMonotonic
) -> None:
    app = runner.start(station_home)
    view = app.login_view
    for _ in range(5):
        log_in(qtbot, app, "pc1234", "not my passphrase")
        qtbot.waitUntil(lambda: not view.busy.busy, timeout=WAIT_MS)
    assert app.shell is not None
    countdown = app.shell.login.countdown
    assert countdown.running
    assert "Too many failed attempts" in view.message.text()
    assert "Wait 30 seconds" in view.message.text()
    assert not view.login_button.isEnabled()

    clock.advance(12)
    countdown.tick()
    assert "Wait 18 seconds" in view.message.text()
    # another user is not held up
    view.choose_user("ps1")
    assert view.login_button.isEnabled() and view.message.text() == ""
    view.choose_user("pc1234")
    assert "Wait 18 seconds" in view.message.text()
    clock.advance(18)
    countdown.tick()
    assert view.message.text() == "You can try again now."
    assert view.login_button.isEnabled()


def test_forced_passphrase_change_after_a_reset(
    qtbot: QtBot, runner: AppRunner, station_home: Path, library: object
) -> None:
    services = station_admin.open_services(station_home, user_id="admin1",
                                           passphrase=PASSPHRASES["admin1"],
                                           library=library)  # type: ignore[arg-type]
    temporary = station_admin.StationAdmin(services).reset_passphrase(user_id="pc1234",
                                                                      kdf=INSECURE_TEST_KDF)
    services.lock()

    app = runner.start(station_home)
    view = app.login_view
    log_in(qtbot, app, "pc1234", temporary)
    qtbot.waitUntil(lambda: view.pages.currentIndex() == view.CHANGE_PAGE, timeout=WAIT_MS)
    assert app.window.workspace is None  # nothing else until the passphrase is changed
    assert "Olu Officer (pc1234)" in view.change_lead.text()
    new = view.new_passphrase
    qtbot.keyClicks(new.first_edit, temporary)
    qtbot.keyClicks(new.second_edit, temporary)
    qtbot.keyClick(new.second_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.change_message.isVisibleTo(view), timeout=WAIT_MS)
    assert "must differ" in view.change_message.text()
    new.clear()
    qtbot.keyClicks(new.first_edit, "my very own new passphrase")
    qtbot.keyClicks(new.second_edit, "my very own new passphrase")
    qtbot.keyClick(new.second_edit, Qt.Key.Key_Return)
    wait_for_session(qtbot, app)
    services = station_admin.open_services(station_home, user_id="pc1234",
                                           passphrase="my very own new passphrase",
                                           library=library)  # type: ignore[arg-type]
    assert not services.must_change_passphrase
    services.lock()


def test_login_tab_order_follows_reading_order_and_controls_are_named(
    qtbot: QtBot, runner: AppRunner, station_home: Path
) -> None:
    app = runner.start(station_home)
    view = app.login_view
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=WAIT_MS)
    view.user_combo.setFocus()
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [view.passphrase_edit, view.show_passphrase, view.login_button]
    for widget in (view.user_combo, *seen):
        assert widget.accessibleName().strip(), widget.objectName()
