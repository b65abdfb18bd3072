"""Auto-lock and unlock, switching user, and the Admin page (users, audit trail, settings),
driving the real widgets over real encrypted stations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLabel, QListView
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.services import station_admin
from screening.ui.admin import AdminController
from screening.ui.home import HomeController
from screening.ui.startup import Application
from tests.ui.conftest import drain
from tests.ui.station.conftest import AppRunner
from tests.ui.station.helpers import (
    ADMIN,
    OFFICER,
    PASSPHRASES,
    SUPERVISOR,
    WAIT_MS,
    FakeMonotonic,
    log_in,
    visible_texts,
    wait_for_session,
)

PERSONAL = ("Ada", "EXAMPLE", "Sample", "Cara", "self-harm", "Current risk")


def officer_session(qtbot: QtBot, runner: AppRunner, home: Path) -> Application:
    app = runner.start(home)
    log_in(qtbot, app, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, app)
    assert app.shell is not None
    home_page = app.shell.pages["home"]
    assert isinstance(home_page, HomeController)
    qtbot.waitUntil(lambda: home_page.loads > 0, timeout=WAIT_MS)
    return app


def test_auto_lock_hides_personal_data_and_unlock_returns_to_the_same_page(
    qtbot: QtBot, runner: AppRunner, demo_home: Path, clock: FakeMonotonic
) -> None:
    app = officer_session(qtbot, runner, demo_home)
    shell = app.shell
    assert shell is not None and shell.idle is not None
    qtbot.waitUntil(lambda: shell.idle is not None and shell.idle.idle_seconds == 300,
                    timeout=WAIT_MS)  # the station's idle minutes (5)
    assert any(word in visible_texts(app.window) for word in PERSONAL)

    # somewhere other than home: the people search page
    app.context.navigator.people_requested.emit()  # type: ignore[union-attr]
    assert app.window.current_page() == "people"
    workspace = app.window.workspace
    assert workspace is not None
    shell.clipboard.copy("Ada EXAMPLE")  # e.g. a name copied from a record

    # typing keeps the station open (a key press as the window system delivers it: to the window)
    clock.advance(299)
    handle = app.window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Shift)
    clock.advance(299)
    assert not shell.check_idle()
    assert app.window.screen_widget() is workspace

    # then nothing for the idle time: locked
    clock.advance(301)
    assert shell.check_idle()
    assert app.window.screen_widget() is shell.lock_view
    assert workspace.parent() is None and not workspace.isVisible()  # out of the window
    texts = visible_texts(app.window)
    assert not [word for word in PERSONAL if word in texts]
    assert OFFICER.display_name in texts  # who may unlock (staff, not the person screened)
    assert QGuiApplication.clipboard().text() == ""
    assert app.context is not None
    drain(qtbot, app.tasks.database)
    assert shell.holder.services is not None and shell.holder.services.locked  # key dropped

    # the wrong passphrase keeps it locked; the right one returns to the same page
    lock = shell.lock_view
    qtbot.keyClicks(lock.passphrase_edit, "not my passphrase")
    qtbot.keyClick(lock.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.message.isVisibleTo(lock), timeout=WAIT_MS)
    assert "not right" in lock.message.text()
    assert app.window.screen_widget() is lock
    qtbot.keyClicks(lock.passphrase_edit, OFFICER.passphrase)
    qtbot.keyClick(lock.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.window.screen_widget() is workspace, timeout=WAIT_MS)
    assert app.window.workspace is workspace  # the same widgets, state kept
    assert app.window.current_page() == "people"
    assert not shell.holder.services.locked
    assert shell.idle.seconds_left() == 300


def test_ctrl_l_locks_hiding_dialogs_and_switch_user_ends_the_session(
    qtbot: QtBot, runner: AppRunner, demo_home: Path
) -> None:
    app = officer_session(qtbot, runner, demo_home)
    shell = app.shell
    assert shell is not None
    dialog = QDialog(app.window)
    dialog.setWindowTitle("A dialog showing a record")
    dialog.show()
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow, timeout=WAIT_MS)
    workspace = app.window.workspace
    assert workspace is not None
    qtbot.keyClick(workspace.lock_button, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shell.locked, timeout=WAIT_MS)
    assert not dialog.isVisible()

    qtbot.mouseClick(shell.lock_view.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.screen_widget() is app.login_view, timeout=WAIT_MS)
    assert shell.workspace is None and shell.info is None
    assert app.window.demo_banner.isVisibleTo(app.window)  # DEMO on the login screen too
    drain(qtbot, app.tasks.database)
    assert shell.holder.services is None

    # another user logs in to a fresh workspace
    log_in(qtbot, app, SUPERVISOR.user_id, SUPERVISOR.passphrase)
    wait_for_session(qtbot, app)
    assert app.window.workspace is not workspace
    assert app.context is not None and app.context.user_id == SUPERVISOR.user_id


def admin_page(qtbot: QtBot, app: Application) -> AdminController:
    assert app.shell is not None and app.context is not None
    app.context.navigator.admin_requested.emit()
    assert app.window.current_page() == "admin"
    admin = app.shell.pages["admin"]
    assert isinstance(admin, AdminController)
    return admin


def choose_user(qtbot: QtBot, admin: AdminController, user_id: str) -> None:
    users = admin.view.users
    qtbot.waitUntil(lambda: user_id in [u.user_id for u in users.model.rows()], timeout=WAIT_MS)
    row = [u.user_id for u in users.model.rows()].index(user_id)
    users.table.setCurrentIndex(users.model.index(row, 0))


def test_admin_adds_resets_and_removes_a_user(
    qtbot: QtBot, runner: AppRunner, station_home: Path, library: FormLibrary
) -> None:
    app = runner.start(station_home)
    log_in(qtbot, app, "admin1", PASSPHRASES["admin1"])
    wait_for_session(qtbot, app)
    admin = admin_page(qtbot, app)
    users = admin.view.users
    qtbot.waitUntil(lambda: users.model.rowCount() == 3, timeout=WAIT_MS)

    # add
    qtbot.mouseClick(users.add_button, Qt.MouseButton.LeftButton)
    assert users.add_box.isVisibleTo(users)
    suggested = users.new_temporary.editor.text()  # type: ignore[attr-defined]
    assert len(suggested) >= 12
    qtbot.keyClicks(users.new_id.editor, "pc9999")
    qtbot.keyClicks(users.new_name.editor, "Pat Newcomer")
    users.new_role_combo.setCurrentIndex(users.new_role_combo.findData("custody_officer"))
    qtbot.mouseClick(users.add_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users.handover_box.isVisibleTo(users), timeout=WAIT_MS)
    assert users.handover_secret.text() == suggested
    assert "Pat Newcomer (pc9999)" in users.handover_text.text()
    qtbot.waitUntil(lambda: "pc9999" in [u.user_id for u in users.model.rows()], timeout=WAIT_MS)
    qtbot.mouseClick(users.handover_done, Qt.MouseButton.LeftButton)
    assert users.handover_secret.text() == ""
    assert "pc9999" in [u.user_id for u in station_admin.login_roster(station_home).users]

    # reset: a confirmation first, then a new temporary passphrase shown once
    choose_user(qtbot, admin, "pc9999")
    qtbot.mouseClick(users.reset_button, Qt.MouseButton.LeftButton)
    assert users.confirm_box.isVisibleTo(users)
    assert "stops working" in users.confirm_text.text()
    qtbot.mouseClick(users.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users.handover_box.isVisibleTo(users), timeout=WAIT_MS)
    temporary = users.handover_secret.text()
    assert temporary and temporary != suggested
    opened = station_admin.open_services(station_home, user_id="pc9999", passphrase=temporary,
                                         library=library)
    assert opened.must_change_passphrase
    opened.lock()

    # remove: the confirmation says the database will be rekeyed; Cancel changes nothing
    choose_user(qtbot, admin, "pc9999")
    qtbot.mouseClick(users.remove_button, Qt.MouseButton.LeftButton)
    text = users.confirm_text.text()
    assert "REKEYED" in text and "re-encrypted" in text
    assert "rekey" in users.confirm_button.text()
    qtbot.mouseClick(users.confirm_cancel, Qt.MouseButton.LeftButton)
    assert not users.confirm_box.isVisibleTo(users)
    qtbot.mouseClick(users.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(users.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "rekeyed" in users.status.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "pc9999" not in [u.user_id for u in users.model.rows()],
                    timeout=WAIT_MS)
    assert "pc9999" not in [u.user_id for u in station_admin.login_roster(station_home).users]

    # the admin cannot remove themselves
    choose_user(qtbot, admin, "admin1")
    assert not users.remove_button.isEnabled()


def test_audit_trail_lists_ids_and_verifies_ok(
    qtbot: QtBot, runner: AppRunner, demo_home: Path
) -> None:
    app = runner.start(demo_home)
    log_in(qtbot, app, ADMIN.user_id, ADMIN.passphrase)
    wait_for_session(qtbot, app)
    admin = admin_page(qtbot, app)
    audit = admin.view.audit
    admin.view.show_tab(admin.view.AUDIT)
    qtbot.waitUntil(lambda: audit.model.rowCount() > 10, timeout=WAIT_MS)
    newest = audit.model.row(0)
    assert newest.event == "login" and newest.user_id == ADMIN.user_id
    shown = "\n".join(audit.model.data(audit.model.index(r, c))
                      for r in range(audit.model.rowCount()) for c in range(6))
    assert "Logged in" in shown and "User added" in shown
    assert not [word for word in PERSONAL if word in shown]

    qtbot.mouseClick(audit.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: audit.verify_result.isVisibleTo(audit), timeout=WAIT_MS)
    assert "Audit trail OK" in audit.verify_result.text()
    assert audit.verify_result.text().startswith("✔")


def test_supervisor_sees_the_audit_trail_but_not_users_or_settings(
    qtbot: QtBot, runner: AppRunner, demo_home: Path
) -> None:
    app = runner.start(demo_home)
    log_in(qtbot, app, SUPERVISOR.user_id, SUPERVISOR.passphrase)
    wait_for_session(qtbot, app)
    workspace = app.window.workspace
    assert workspace is not None and set(workspace.nav_buttons) == {"home", "people", "admin"}
    admin = admin_page(qtbot, app)
    tabs = [admin.view.tabs.tabText(i).replace("&", "") for i in range(admin.view.tabs.count())]
    assert tabs == ["Audit trail", "My passphrase"]
    qtbot.waitUntil(lambda: admin.view.audit.model.rowCount() > 0, timeout=WAIT_MS)


def test_settings_change_the_idle_time(
    qtbot: QtBot, runner: AppRunner, demo_home: Path
) -> None:
    app = runner.start(demo_home)
    log_in(qtbot, app, ADMIN.user_id, ADMIN.passphrase)
    wait_for_session(qtbot, app)
    admin = admin_page(qtbot, app)
    settings = admin.view.settings
    qtbot.waitUntil(lambda: settings.idle.value() == 5, timeout=WAIT_MS)
    settings.idle.setValue(2)
    settings.keep_for.setChecked(True)
    settings.retention.setValue(3650)
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settings.done.text() == "Settings saved.", timeout=WAIT_MS)
    assert app.shell is not None and app.shell.idle is not None
    assert app.shell.idle.idle_seconds == 120


def test_change_own_passphrase(
    qtbot: QtBot, runner: AppRunner, station_home: Path, library: FormLibrary
) -> None:
    app = runner.start(station_home)
    log_in(qtbot, app, "ps1", PASSPHRASES["ps1"])
    wait_for_session(qtbot, app)
    admin = admin_page(qtbot, app)
    admin.view.show_tab(admin.view.PASSPHRASE)
    tab = admin.view.passphrase
    qtbot.keyClicks(tab.current.editor, "wrong passphrase")
    qtbot.keyClicks(tab.new.first_edit, "a brand new supervisor passphrase")
    qtbot.keyClicks(tab.new.second_edit, "a brand new supervisor passphrase")
    qtbot.mouseClick(tab.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.message.isVisibleTo(tab), timeout=WAIT_MS)
    assert "not right" in tab.message.text()
    tab.current.editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(tab.current.editor, PASSPHRASES["ps1"])
    qtbot.mouseClick(tab.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was changed" in tab.done.text(), timeout=WAIT_MS)
    services = station_admin.open_services(station_home, user_id="ps1",
                                           passphrase="a brand new supervisor passphrase",
                                           library=library)
    services.lock()


def test_every_control_on_the_station_screens_has_a_name(
    qtbot: QtBot, runner: AppRunner, demo_home: Path
) -> None:
    from screening.ui.common import Field
    from tests.ui.helpers import walk

    app = runner.start(demo_home)
    screens = [app.login_view]
    log_in(qtbot, app, ADMIN.user_id, ADMIN.passphrase)
    wait_for_session(qtbot, app)
    admin = admin_page(qtbot, app)
    assert app.shell is not None and app.window.workspace is not None
    screens += [app.window.workspace, admin.view, app.shell.lock_view]
    unnamed = []
    for screen in screens:
        for widget in walk(screen):
            if isinstance(widget, QLabel | Field) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if not widget.accessibleName().strip() and widget.objectName() not in (
                    "qt_scrollarea_viewport", "qt_scrollarea_vcontainer",
                    "qt_scrollarea_hcontainer"):
                parent = widget.parentWidget()
                # the line edit and the list of a combo box are named by the combo box
                if parent is not None and parent.accessibleName().strip():
                    continue
                if isinstance(widget, QListView) and widget.window() is not app.window:
                    continue
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == [], "\n".join(unnamed)


def test_closing_the_app_saves_work_in_flight_then_locks(
    qtbot: QtBot, runner: AppRunner, demo_home: Path, library: FormLibrary
) -> None:
    from screening.services.views import PersonDetails

    app = officer_session(qtbot, runner, demo_home)
    assert app.context is not None
    failures: list[BaseException] = []
    app.context.gateway.call(
        lambda services: services.people.create(details=PersonDetails(
            given_names="Queued", family_name="Example", age_in_doubt=True)),
        label="queued at exit", on_error=failures.append)
    app.window.close()
    app.shutdown()  # joins the workers: what was queued runs first
    assert not app.tasks.database.isRunning()
    assert failures == []

    services = station_admin.open_services(demo_home, user_id=OFFICER.user_id,
                                           passphrase=OFFICER.passphrase, library=library)
    assert [p.display_name for p in services.people.search(query="queued")] == ["Queued EXAMPLE"]
    admin = station_admin.open_services(demo_home, user_id=ADMIN.user_id,
                                        passphrase=ADMIN.passphrase, library=library)
    services.lock()
    events = [(e.user_id, e.event) for e in station_admin.StationAdmin(admin).audit_trail()]
    created = events.index((OFFICER.user_id, "create"))
    assert (OFFICER.user_id, "lock") in events[:created]  # locked after the queued save
    admin.lock()


def test_continue_a_draft_from_home_then_lock_and_come_back_to_it(
    qtbot: QtBot, runner: AppRunner, demo_home: Path
) -> None:
    app = officer_session(qtbot, runner, demo_home)
    shell = app.shell
    assert shell is not None and app.context is not None
    home = shell.pages["home"]
    assert isinstance(home, HomeController)
    qtbot.mouseClick(home.view.my_drafts.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.window.current_page() == "screening", timeout=WAIT_MS)
    flow = app.context.extras["screening_pages"].flow
    qtbot.waitUntil(lambda: flow.page() == "wizard", timeout=WAIT_MS)
    wizard = flow.wizard
    assert wizard is not None

    shell.lock_now()
    texts = visible_texts(app.window)
    assert not [word for word in PERSONAL if word in texts]
    lock = shell.lock_view
    qtbot.keyClicks(lock.passphrase_edit, OFFICER.passphrase)
    qtbot.keyClick(lock.passphrase_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shell.locked, timeout=WAIT_MS)
    assert app.window.current_page() == "screening"
    assert flow.page() == "wizard" and flow.wizard is wizard  # the same wizard, where it was


def test_every_user_changes_their_own_passphrase_from_the_header(
    qtbot: QtBot, runner: AppRunner, station_home: Path, library: FormLibrary
) -> None:
    app = runner.start(station_home)
    log_in(qtbot, app, "pc1234", PASSPHRASES["pc1234"])
    wait_for_session(qtbot, app)
    workspace = app.window.workspace
    assert workspace is not None and app.shell is not None
    qtbot.mouseClick(workspace.account_button, Qt.MouseButton.LeftButton)
    assert app.window.current_page() == "account"
    tab = workspace.page("account")
    qtbot.keyClicks(tab.current.editor, PASSPHRASES["pc1234"])  # type: ignore[union-attr]
    qtbot.keyClicks(tab.new.first_edit, "an officer's brand new words")  # type: ignore[union-attr]
    qtbot.keyClicks(tab.new.second_edit, "an officer's brand new words")  # type: ignore[union-attr]
    qtbot.keyClick(tab.new.second_edit, Qt.Key.Key_Return)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "was changed" in tab.done.text(), timeout=WAIT_MS)  # type: ignore[union-attr]
    station_admin.open_services(station_home, user_id="pc1234",
                                passphrase="an officer's brand new words", library=library).lock()
