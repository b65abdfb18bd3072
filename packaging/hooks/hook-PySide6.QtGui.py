"""PyInstaller's own hook for PySide6.QtGui, keeping only the Qt plugins the app uses (qt_plugins.py)."""

import importlib.util
from pathlib import Path

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

_helper = Path(__file__).with_name("qt_plugins.py")
_spec = importlib.util.spec_from_file_location("_screening_qt_plugins", _helper)
assert _spec is not None and _spec.loader is not None
_qt_plugins = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_qt_plugins)

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = _qt_plugins.keep(binaries)
