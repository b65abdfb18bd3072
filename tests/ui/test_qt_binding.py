"""The installed Qt binding must keep Python's reference counts straight.

PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to ``True`` on every ``Signal.emit``
and to ``None`` on every void method call (``setVisible``, ``setText``...): after a few thousand
calls the interpreter aborts with "deallocating True or False" / "deallocating None". 6.11.3 is
fine. This test names the problem instead of letting the suite die at exit.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    happened = Signal(int)


def test_signals_and_void_calls_keep_reference_counts(qtbot: QtBot) -> None:
    emitter = _Emitter()
    emitter.happened.connect(lambda _n: None)
    button = QPushButton()
    qtbot.addWidget(button)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for n in range(20):
        emitter.happened.emit(n)
        button.setVisible(False)
    lost_true = true_before - sys.getrefcount(True)
    lost_none = none_before - sys.getrefcount(None)
    assert lost_true < 10 and lost_none < 10, (
        f"PySide6 {pyside_version} on Python {sys.version.split()[0]} leaks references "
        f"(True: {lost_true}, None: {lost_none} per 20 calls): the app would abort. "
        "Install PySide6-Essentials 6.11.3 (6.12.0 is broken on Python 3.11)."
    )
