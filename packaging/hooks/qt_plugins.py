"""Which Qt plugins the station build ships (used by the PySide6 hooks in this folder).

PyInstaller's own PySide6 hooks collect every plugin of every type associated with QtGui and
QtWidgets, and then every library those plugins link against (GTK for the GTK platform theme,
Wayland, EGL, evdev, ...). These hooks keep only what the app uses, before dependency analysis, so
the unused plugins' libraries are never pulled in.

Kept, by plugin folder (file names without ``lib`` and extension, so one list serves Linux and
Windows):

* ``platforms``: ``qwindows`` (the station PCs), ``qxcb`` (Linux desktops), ``qoffscreen`` (tests and
  the frozen smoke test), ``qminimal`` (headless fallback).
* ``imageformats``: ``qsvg`` (resources/icons/*.svg in the stylesheet) and ``qico`` (the window icon).
* ``iconengines``: ``qsvgicon`` (a ``QIcon`` made from an SVG file).
* ``styles``: every style shipped (``qmodernwindowsstyle`` on Windows; none on Linux wheels).
* ``platforminputcontexts``: ``composeplatforminputcontextplugin`` (dead keys and compose on X11, so
  Welsh ŵ and ŷ can be typed there).
* ``printsupport``: every printer backend shipped (CUPS on Linux, the Windows spooler), for printing a
  disclosure or the recovery key.

Dropped: platform themes, Wayland, EGL/eglfs, VNC, evdev/tuio input, IBus/virtual keyboard, the xcb
GL integrations (widgets draw with the raster engine), and every other image format.
"""

from __future__ import annotations

from pathlib import PurePath

KEEP: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qwindows", "qxcb", "qoffscreen", "qminimal"}),
    "imageformats": frozenset({"qsvg", "qico"}),
    "iconengines": frozenset({"qsvgicon"}),
    "styles": None,
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin"}),
    "printsupport": None,
}


def keep(binaries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``(source, destination folder)`` entries of a hook's binaries that the app uses."""
    kept = []
    for source, destination in binaries:
        parts = PurePath(destination).parts
        if "plugins" in parts:
            kind = "/".join(parts[parts.index("plugins") + 1:])
            wanted = KEEP.get(kind, frozenset())
            stem = PurePath(source).name.split(".", 1)[0].removeprefix("lib")
            if wanted is not None and stem not in wanted:
                continue
        kept.append((source, destination))
    return kept
