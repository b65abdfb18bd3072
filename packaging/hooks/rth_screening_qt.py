"""Runtime hook: PyInstaller's PySide6 set-up, minus its import of QtCore at every start.

PyInstaller's own ``pyi_rth_pyside6`` (removed from the build in screening.spec) points Qt at the
bundle's plugins and then imports ``PySide6.QtCore`` to register a ``qt.conf`` naming the bundle as
Qt's prefix, unless one is there. PySide6 wheels register that ``qt.conf`` themselves when QtCore is
first imported, so the import only loads Qt and ICU (about 0.2 s) into every `screening-cli`
command that never uses Qt. This hook does the rest of the set-up, which costs nothing. The Qt
smoke check (packaging/launch.py) fails if Qt's plugin path is not inside the bundle.
"""

import os
import sys


def _point_qt_at_the_bundle() -> None:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is None:
        return
    if sys.platform.startswith("win"):
        os.environ["QT_PLUGIN_PATH"] = os.path.join(bundle, "PySide6", "plugins")
        # Qt's plugins find the Qt DLLs (and OpenSSL, if ever collected) through PATH.
        os.environ["PATH"] = bundle + os.pathsep + os.environ.get("PATH", "")
    else:
        os.environ["QT_PLUGIN_PATH"] = os.path.join(bundle, "PySide6", "Qt", "plugins")


_point_qt_at_the_bundle()
del _point_qt_at_the_bundle
