"""The station screens at 100 % and 200 % text: wrapped text gets the height it needs, nothing
runs off the right edge, and tables show every column with rows as tall as their text."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from screening.ui.common import ScrollPage
from screening.ui.firstrun import FirstRunView
from screening.ui.home import FittedTable, HomeController
from screening.ui.startup import Application
from screening.ui.theme import ThemeSettings
from tests.ui.station.conftest import AppRunner
from tests.ui.station.helpers import ADMIN, OFFICER, WAIT_MS, log_in, wait_for_session


def reflowed(page: ScrollPage) -> bool:
    holder = page.widget()
    viewport = page.viewport().width()
    if holder.width() > viewport:
        return False
    for label in holder.findChildren(QLabel):
        if label.isVisibleTo(holder) and label.wordWrap() and label.text():
            if label.height() < label.heightForWidth(label.width()):
                return False
            if label.mapTo(holder, label.rect().topRight()).x() > viewport + 1:
                return False
    for table in holder.findChildren(FittedTable):
        if not table.isVisibleTo(holder):
            continue
        header = table.horizontalHeader()
        if header.length() > table.viewport().width() + 1:
            return False  # a column would be cut off
        model = table.model()
        for row in range(model.rowCount()):
            if table.rowHeight(row) < table.sizeHintForRow(row):
                return False
    return True


def pages(widget: QWidget) -> list[ScrollPage]:
    found = widget.findChildren(ScrollPage)
    return [p for p in found if p.isVisibleTo(widget)]


def check(qtbot: QtBot, app: Application) -> None:
    screen = app.window.screen_widget()
    assert screen is not None
    shown = pages(screen) or ([screen] if isinstance(screen, ScrollPage) else [])
    assert shown, type(screen).__name__
    for page in shown:
        qtbot.waitUntil(lambda page=page: reflowed(page), timeout=WAIT_MS)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_first_run_reflows(qtbot: QtBot, runner: AppRunner, app_home: Path, scale: float) -> None:
    app = runner.start(app_home, demo_allowed=True)
    app.theme.apply(ThemeSettings(font_scale=scale))
    app.window.resize(1024, 720)
    assert isinstance(app.window.screen_widget(), FirstRunView)
    check(qtbot, app)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_login_home_lock_and_admin_reflow(
    qtbot: QtBot, runner: AppRunner, demo_home: Path, scale: float
) -> None:
    app = runner.start(demo_home)
    app.theme.apply(ThemeSettings(font_scale=scale))
    app.window.resize(1024, 720)
    check(qtbot, app)  # login, with the demo accounts

    log_in(qtbot, app, OFFICER.user_id, OFFICER.passphrase)
    wait_for_session(qtbot, app)
    assert app.shell is not None
    home = app.shell.pages["home"]
    assert isinstance(home, HomeController)
    qtbot.waitUntil(lambda: home.loads > 0, timeout=WAIT_MS)
    check(qtbot, app)

    app.shell.lock_now()
    check(qtbot, app)
    app.shell.lock.switch_user()
    qtbot.waitUntil(lambda: app.window.screen_widget() is app.login_view, timeout=WAIT_MS)

    log_in(qtbot, app, ADMIN.user_id, ADMIN.passphrase)
    wait_for_session(qtbot, app)
    assert app.context is not None
    app.context.navigator.admin_requested.emit()
    admin = app.shell.pages["admin"]
    view = admin.view  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.users.model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: reflowed(view.users), timeout=WAIT_MS)
    view.show_tab(view.AUDIT)
    qtbot.waitUntil(lambda: view.audit.model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: reflowed(view.audit), timeout=WAIT_MS)
