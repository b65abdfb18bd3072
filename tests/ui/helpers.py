"""Driving the wizard the way a person does: keys go to whatever has focus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from screening.checklist.loader import FormLibrary
from screening.ui.startup import Application
from screening.ui.tasks import DatabaseWorker
from screening.ui.theme import ThemeController
from screening.ui.wizard import ItemView
from screening.ui.wizard_controller import WizardController, WizardPosition
from tests.ui.conftest import RecordingSink

SCREENING_DATE = date(2026, 5, 9)


def open_wizard(
    qtbot: QtBot,
    library: FormLibrary,
    database: DatabaseWorker,
    sink: RecordingSink,
    *,
    form_id: str = "custody-screen",
    answers: dict[str, object] | None = None,
    position: WizardPosition | None = None,
    theme: ThemeController | None = None,
    size: tuple[int, int] = (1100, 800),
) -> WizardController:
    wizard = WizardController(
        form=library.get(form_id),
        registry=library.registry,
        screening_date=SCREENING_DATE,
        sink=sink,
        database=database,
        answers=answers,  # type: ignore[arg-type]
        position=position,
        theme=theme,
    )
    qtbot.addWidget(wizard.view)
    wizard.view.resize(*size)
    wizard.view.show()
    qtbot.waitExposed(wizard.view)
    wizard.view.activateWindow()
    qtbot.waitUntil(wizard.view.isActiveWindow)
    return wizard


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def alt(qtbot: QtBot, letter: str) -> None:
    press(qtbot, getattr(Qt.Key, f"Key_{letter.upper()}"), Qt.KeyboardModifier.AltModifier)


def alt_click(qtbot: QtBot, letter: str, button: QAbstractButton) -> None:
    """Alt+letter on a button's mnemonic: Qt animates the press, so wait for the click."""
    with qtbot.waitSignal(button.clicked, timeout=2000):
        alt(qtbot, letter)


def next_page(qtbot: QtBot, wizard: WizardController) -> None:
    alt_click(qtbot, "n", wizard.view.next_button)


def previous_page(qtbot: QtBot, wizard: WizardController) -> None:
    alt_click(qtbot, "b", wizard.view.back_button)


def digit(qtbot: QtBot, n: int) -> None:
    press(qtbot, getattr(Qt.Key, f"Key_{n}"))


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)


def item_of(widget: QWidget | None) -> str | None:
    """The code of the question a widget belongs to, if any."""
    while widget is not None:
        if isinstance(widget, ItemView):
            return widget.item.code
        widget = widget.parentWidget()
    return None


def focused_item() -> str | None:
    return item_of(QApplication.focusWidget())


def walk(widget: QWidget) -> Iterator[QWidget]:
    yield widget
    yield from widget.findChildren(QWidget)


def close_app(app: Application) -> None:
    """Close a started app (its window and workers) once, however many fixtures ask."""
    if getattr(app, "_closed_by_test", False):
        return
    app._closed_by_test = True  # type: ignore[attr-defined]
    app.window.close()
    app.shutdown()
    app.window.deleteLater()
