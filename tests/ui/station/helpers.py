"""Helpers for the station screens' tests: a clock the test moves, typing a login, and
reading every text the window would show."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from screening.services.station_admin import DEMO_ACCOUNTS
from screening.ui.startup import Application

WAIT_MS = 15000

OFFICER = next(a for a in DEMO_ACCOUNTS if a.user_id == "demo-custody")
ADMIN = next(a for a in DEMO_ACCOUNTS if a.user_id == "demo-admin")
SUPERVISOR = next(a for a in DEMO_ACCOUNTS if a.user_id == "demo-supervisor")

PASSPHRASES = {
    "admin1": "admin passphrase one",
    "pc1234": "officer passphrase two",
    "ps1": "supervisor passphrase one",
}


@dataclass
class FakeMonotonic:
    """The idle clock's and the countdowns' time, moved by the test (no sleeping)."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def log_in(qtbot: QtBot, app: Application, user_id: str, passphrase: str) -> None:
    """Types into the login screen the way a person does and presses Enter."""
    view = app.login_view
    assert app.window.screen_widget() is view
    line = view.user_combo.lineEdit()
    assert line is not None
    line.clear()
    qtbot.keyClicks(line, user_id)
    view.passphrase_edit.clear()
    qtbot.keyClicks(view.passphrase_edit, passphrase)
    qtbot.keyClick(view.passphrase_edit, Qt.Key.Key_Return)


def wait_for_session(qtbot: QtBot, app: Application) -> None:
    qtbot.waitUntil(lambda: app.window.workspace is not None, timeout=WAIT_MS)


def visible_texts(root: QWidget) -> str:
    """Every piece of text a person (or a screen reader) could get from the window now."""
    parts = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel):
            parts.append(widget.text())
        text = getattr(widget, "text", None)
        if callable(text):
            try:
                value = text()
            except TypeError:
                value = ""
            if isinstance(value, str):
                parts.append(value)
        parts.append(widget.accessibleName())
        parts.append(widget.accessibleDescription())
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    parts.append(str(model.data(model.index(row, column)) or ""))
    return "\n".join(parts)
