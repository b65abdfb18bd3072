"""Entry script of the frozen executables: both run the same `screening` command line.

The windowed `screening` (no arguments) opens the desktop app; `screening-cli` is the console build
of the same program for IT staff and scripts.

``SCREENING_SMOKE_QT=1`` makes either executable run a short Qt check instead and exit: it starts a
QApplication on the platform Qt picks (``QT_QPA_PLATFORM=offscreen`` in tests), applies the app's
theme (whose stylesheet draws the SVG icons), loads every SVG icon through Qt's image plugins,
shows a window with a few widgets for one turn of the event loop, and prints one line. It proves
the bundle's Qt plugins and libraries load, which the headless `self-test` cannot (only
``screening.ui`` may import Qt). tests/packaging/test_frozen.py uses it until the smoke test can
start the real app to its login window.
"""

from __future__ import annotations

import os
import sys

SMOKE_QT_ENV = "SCREENING_SMOKE_QT"


def qt_smoke() -> int:
    """Start Qt, theme and show a small window, check SVG images load; print one line."""
    from PySide6.QtCore import QLibraryInfo, QTimer
    from PySide6.QtGui import QImage, QPixmap
    from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QVBoxLayout, QWidget

    from screening.paths import resource_path
    from screening.ui.theme import ThemeSettings, apply_theme

    app = QApplication([sys.argv[0]])
    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None and not os.path.realpath(plugins).startswith(os.path.realpath(bundle)):
        print(f"qt smoke FAILED: Qt's plugin path {plugins} is outside the bundle {bundle}")
        return 1
    apply_theme(app, ThemeSettings())
    icons = sorted(resource_path("resources", "icons").glob("*.svg"))
    broken = [path.name for path in icons if QImage(str(path)).isNull()]
    if broken:
        print(f"qt smoke FAILED: Qt cannot load {', '.join(broken)} (svg image plugin?)")
        return 1

    from PySide6.QtPrintSupport import QPrinter  # printing a disclosure needs the module

    if not QPrinter().isValid():
        print("qt smoke FAILED: QtPrintSupport made no usable printer object")
        return 1

    window = QWidget()
    window.setWindowTitle("Waypoint screening (smoke test)")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Siân Dafydd-Ŵyn · محمد عبد الله · 王小明"))
    combo = QComboBox()
    combo.addItems(["yes", "no", "unsure"])
    layout.addWidget(combo)
    shots: list[QPixmap] = []  # filled once the event loop has shown the window

    def look() -> None:
        if window.isVisible():
            shots.append(window.grab())
        app.exit(0)

    window.show()
    QTimer.singleShot(0, look)
    app.exec()
    if not shots or shots[0].isNull():
        print("qt smoke FAILED: the window was not shown")
        return 1
    if not app.styleSheet():
        print("qt smoke FAILED: the theme's stylesheet was not applied")
        return 1
    print(f"qt smoke passed: platform {app.platformName()}, theme applied, {len(icons)} SVG icons "
          f"loaded, a {shots[0].width()}x{shots[0].height()} window shown")
    window.close()
    return 0


if __name__ == "__main__":
    if os.environ.get(SMOKE_QT_ENV) == "1":
        sys.exit(qt_smoke())
    from screening.cli import main

    sys.exit(main())
