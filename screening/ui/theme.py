"""The look: calm and clear (think NHS / GOV.UK), one accent colour, a visible focus ring.

- ``ThemeSettings``: text size (100 %, 125 %, 150 %, 200 %) and high contrast, remembered per user
  by whoever owns the settings; ``ThemeController`` applies them to the running app at once.
- The stylesheet is built in code from a small set of colour tokens and font sizes, so large text
  and high contrast are the same stylesheet with different numbers. Widgets opt into text roles
  with ``set_role(widget, "heading")`` etc.; nothing else sets fonts or colours.
- Flag levels are shown by a WORD and a SHAPE as well as a colour, never colour alone:
  alert = octagon, warning = triangle, attention = diamond, info = circle.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from screening.paths import resource_path

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPainterPath

    from screening.domain.enums import FlagLevel

# The painting classes (QPainter, QPainterPath, ...) and QStyle are imported where they are used:
# loading their Python bindings costs tens of milliseconds before the login window could show.

_STYLE_PROPERTY = "screening-style"

TEXT_SIZES: tuple[float, ...] = (1.0, 1.25, 1.5, 2.0)
"""Text-size choices offered to users (1.0 = 100 %)."""

BASE_POINT_SIZE = 11.0


class Role(StrEnum):
    """Text roles the stylesheet knows (``set_role``)."""

    TITLE = "title"
    HEADING = "heading"
    SUBHEADING = "subheading"
    QUESTION = "question"
    BODY = "body"
    LEAD = "lead"
    WHY = "why"
    HELP = "help"
    CODE = "code"
    ERROR = "error"
    STATUS = "status"
    TAG = "tag"
    CARD = "card"
    PAGE = "page"
    PANEL = "panel"
    PRIMARY = "primary"
    OUTLINE = "outline"
    LINK = "link"
    KEY = "key"
    OPTION_TEXT = "option-text"
    READ_ALOUD = "read-aloud"


class ThemeSettings(NamedTuple):
    font_scale: float = 1.0
    high_contrast: bool = False

    def with_font_scale(self, scale: float) -> ThemeSettings:
        return self._replace(font_scale=scale)

    def with_high_contrast(self, on: bool) -> ThemeSettings:
        return self._replace(high_contrast=on)


class Colours(NamedTuple):
    text: str
    muted: str
    page: str
    surface: str
    border: str
    accent: str
    accent_text: str
    accent_hover: str
    focus: str
    focus_text: str
    focus_border: str
    selected: str
    error: str
    success: str
    link: str


STANDARD = Colours(
    text="#212b32",
    muted="#4c6272",
    page="#f0f4f5",
    surface="#ffffff",
    border="#aeb7bd",
    accent="#005eb8",
    accent_text="#ffffff",
    accent_hover="#003087",
    focus="#ffeb3b",
    focus_text="#212b32",
    focus_border="#212b32",
    selected="#e8f1fa",
    error="#d5281b",
    success="#007f3b",
    link="#005eb8",
)

HIGH_CONTRAST = Colours(
    text="#ffffff",
    muted="#ffffff",
    page="#000000",
    surface="#000000",
    border="#ffffff",
    accent="#ffff00",
    accent_text="#000000",
    accent_hover="#ffffff",
    focus="#ffff00",
    focus_text="#000000",
    focus_border="#ffffff",
    selected="#1a1a1a",
    error="#ff9d9d",
    success="#9dffb0",
    link="#ffff00",
)


class Shape(StrEnum):
    OCTAGON = "octagon"
    TRIANGLE = "triangle"
    DIAMOND = "diamond"
    CIRCLE = "circle"


class LevelStyle(NamedTuple):
    word: str
    shape: Shape
    fill: str
    ink: str
    glyph: str
    meaning: str


LEVEL_STYLES: dict[str, LevelStyle] = {
    "alert": LevelStyle("ALERT", Shape.OCTAGON, "#d5281b", "#ffffff", "!", "act now"),
    "warning": LevelStyle("WARNING", Shape.TRIANGLE, "#ed8b00", "#212b32", "!", "act today"),
    "attention": LevelStyle("ATTENTION", Shape.DIAMOND, "#ffb81c", "#212b32", "i",
                            "take into account"),
    "info": LevelStyle("INFO", Shape.CIRCLE, "#005eb8", "#ffffff", "i", "for information"),
}
"""By ``FlagLevel`` (a ``StrEnum``: its members index this). Keyed by the values, so the theme
loads without the domain model: the login window shows before it is needed."""


def colours_for(settings: ThemeSettings) -> Colours:
    return HIGH_CONTRAST if settings.high_contrast else STANDARD


def set_role(widget: QWidget, role: Role | str) -> None:
    """Gives a widget a text/box role the stylesheet styles (``QLabel[role="why"]``)."""
    widget.setProperty("role", str(role))


def repolish(widget: QWidget) -> None:
    """Re-applies the stylesheet after a dynamic property the stylesheet reads has changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def _pt(size: float, scale: float) -> str:
    """Body text grows with the scale; headings grow less, so 200 % stays usable."""
    extra = max(0.0, size - BASE_POINT_SIZE)
    base = min(size, BASE_POINT_SIZE)
    return f"{base * scale + extra * math.sqrt(scale):.1f}pt"


def _level_rules(high_contrast: bool) -> str:
    rules = []
    for level, style in LEVEL_STYLES.items():
        edge = "#ffffff" if high_contrast else style.fill
        rules.append(
            f'QWidget#level-stripe[level="{level}"] {{ background: {style.fill}; }}\n'
            f'QLabel#level-word[level="{level}"] {{ background: {style.fill}; color: {style.ink};'
            f" font-weight: bold; padding: 2px 8px; border-radius: 3px; border: 2px solid {edge}; }}"
        )
    return "\n".join(rules)


def stylesheet(settings: ThemeSettings) -> str:
    """The whole application stylesheet for these settings."""
    c = colours_for(settings)
    s = settings.font_scale
    hc = settings.high_contrast
    card_border = f"2px solid {c.border}" if hc else f"1px solid {c.border}"
    indicator = round(22 * max(1.0, s * 0.9))
    arrow = resource_path("resources", "icons",
                          "chevron-down-light.svg" if hc else "chevron-down.svg").as_posix()
    return f"""
QWidget {{
    color: {c.text};
}}
QMainWindow, QDialog, QWidget[role="page"] {{
    background: {c.page};
}}
QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {c.page};
    border: none;
}}
QWidget[role="panel"] {{
    background: {c.surface};
    border-right: {card_border};
}}
QFrame[role="card"] {{
    background: {c.surface};
    border: {card_border};
    border-radius: 4px;
}}
QFrame[role="card"][problem="true"] {{
    border: 3px solid {c.error};
}}
QLabel {{
    background: transparent;
    border: none;
}}
{_level_rules(hc)}
QLabel[role="title"] {{ font-size: {_pt(20, s)}; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {_pt(16, s)}; font-weight: bold; }}
QLabel[role="subheading"] {{ font-size: {_pt(13, s)}; font-weight: bold; }}
QLabel[role="question"] {{ font-size: {_pt(12.5, s)}; font-weight: bold; }}
QLabel[role="lead"] {{ font-size: {_pt(12.5, s)}; }}
QLabel[role="read-aloud"] {{
    font-size: {_pt(13, s)};
    background: {c.surface};
    border-left: 6px solid {c.accent};
    padding: 0.6em 0.8em;
}}
QLabel[role="why"] {{ font-size: {_pt(10, s)}; color: {c.muted}; }}
QLabel[role="help"] {{ font-size: {_pt(10, s)}; color: {c.muted}; font-style: italic; }}
QLabel[role="code"] {{ font-size: {_pt(9.5, s)}; color: {c.muted}; }}
QLabel[role="status"] {{ font-size: {_pt(10, s)}; color: {c.muted}; }}
QLabel[role="status"][state="saved"] {{ color: {c.success}; }}
QLabel[role="status"][state="failed"] {{ color: {c.error}; font-weight: bold; }}
QLabel[role="error"] {{ font-size: {_pt(10.5, s)}; color: {c.error}; font-weight: bold; }}
QLabel[role="tag"] {{
    font-size: {_pt(9, s)};
    font-weight: bold;
    color: {c.text};
    border: 1px solid {c.border};
    border-radius: 3px;
    padding: 1px 6px;
}}
QLabel[role="key"] {{
    font-size: {_pt(10, s)};
    font-weight: bold;
    color: {c.text};
    background: {c.page};
    border: 1px solid {c.border};
    border-radius: 3px;
    padding: 0px 6px;
}}
QLabel[role="option-text"] {{ font-size: {_pt(BASE_POINT_SIZE, s)}; }}

QPushButton {{
    background: {c.surface};
    color: {c.text};
    border: 2px solid {c.border};
    border-radius: 4px;
    padding: 0.3em 0.9em;
    min-height: 1.4em;
}}
QPushButton:hover {{ border-color: {c.text}; }}
QPushButton:disabled {{ color: {c.muted}; border: 2px dashed {c.border}; }}
QPushButton:checked {{ background: {c.selected}; border-color: {c.accent}; }}
QPushButton[role="primary"] {{
    background: {c.accent};
    color: {c.accent_text};
    border: 2px solid {c.accent};
    font-weight: bold;
}}
QPushButton[role="primary"]:hover {{ background: {c.accent_hover}; border-color: {c.accent_hover}; }}
QPushButton[role="primary"]:disabled {{
    background: {c.page};
    color: {c.muted};
    border: 2px dashed {c.border};
}}
QPushButton[role="link"] {{
    background: transparent;
    border: 2px solid transparent;
    color: {c.link};
    text-decoration: underline;
    text-align: left;
    padding: 0.2em 0.3em;
}}
QPushButton[role="link"] QLabel {{ color: {c.link}; text-decoration: underline; }}
QPushButton[role="outline"] {{
    background: {c.surface};
    border: none;
    border-left: 5px solid transparent;
    border-bottom: 1px solid {c.border};
    border-radius: 0px;
    text-align: left;
    padding: 0px;
}}
QPushButton[role="outline"]:checked {{
    background: {c.selected};
    border-left: 5px solid {c.accent};
}}
QPushButton[role="outline"]:hover {{ background: {c.selected}; }}
QPushButton:focus, QPushButton[role="primary"]:focus, QPushButton[role="link"]:focus,
QPushButton[role="outline"]:focus {{
    background: {c.focus};
    color: {c.focus_text};
    border: 3px solid {c.focus_border};
}}
QLabel[focused="true"], QPushButton[role="link"] QLabel[focused="true"] {{ color: {c.focus_text}; }}

QRadioButton, QCheckBox {{
    background: {c.surface};
    border: 2px solid {c.border};
    border-radius: 4px;
    padding: 0.45em 0.6em;
    spacing: 0.6em;
}}
QRadioButton:hover, QCheckBox:hover {{ border-color: {c.text}; }}
QRadioButton:checked, QCheckBox:checked {{
    background: {c.selected};
    border: 2px solid {c.accent};
}}
QRadioButton:focus, QCheckBox:focus {{
    background: {c.focus};
    border: 3px solid {c.focus_border};
}}
QRadioButton::indicator, QCheckBox::indicator {{
    width: {indicator}px;
    height: {indicator}px;
}}

QLineEdit, QPlainTextEdit, QComboBox {{
    background: {c.surface};
    color: {c.text};
    border: 2px solid {c.text if hc else c.muted};
    border-radius: 2px;
    padding: 0.25em 0.4em;
    min-height: 1.4em;
    selection-background-color: {c.accent};
    selection-color: {c.accent_text};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{
    border: 3px solid {c.focus_border};
    background: {c.surface if hc else "#fffbe0"};
}}
QLineEdit[problem="true"], QPlainTextEdit[problem="true"], QComboBox[problem="true"] {{
    border: 3px solid {c.error};
}}
QComboBox::drop-down {{
    border: none;
    width: 1.6em;
}}
QComboBox::down-arrow {{
    image: url("{arrow}");
    width: 0.9em;
    height: 0.9em;
}}
QComboBox QAbstractItemView {{
    background: {c.surface};
    color: {c.text};
    selection-background-color: {c.focus};
    selection-color: {c.focus_text};
}}

QWidget#outline-entries {{ background: {c.surface}; border: none; }}
QPushButton::menu-indicator {{
    image: url("{arrow}");
    width: 0.8em;
    height: 0.8em;
    subcontrol-origin: padding;
    subcontrol-position: right center;
    right: 0.3em;
}}
QPushButton[menu="true"] {{ padding-right: 2em; }}
QMenu {{ background: {c.surface}; color: {c.text}; border: 2px solid {c.border}; }}
QMenu::item {{ padding: 0.4em 1.5em 0.4em 2em; }}
QMenu::item:selected {{ background: {c.focus}; color: {c.focus_text}; }}
QWidget[role="panel"] QLabel[role="subheading"] {{ padding: 0.4em; }}
QToolTip {{ background: {c.surface}; color: {c.text}; border: 1px solid {c.border}; }}
"""


def new_application(argv: Sequence[str]) -> QApplication:
    """The app's ``QApplication``, drawn with Fusion from the start (see ``apply_theme``). Named
    on Qt's command line, the style is made inside Qt: making it from Python would first load
    QStyle's Python bindings, which delays the first window by some 20-50 ms."""
    app = QApplication([*argv[:1], "-style", "Fusion", *argv[1:]])
    app.setProperty(_STYLE_PROPERTY, "fusion")
    return app


def apply_theme(app: QApplication, settings: ThemeSettings, *, with_stylesheet: bool = True
                ) -> None:
    """Applies the settings to the whole running app (fonts, palette, stylesheet; the stylesheet
    only ``with_stylesheet``)."""
    if app.property(_STYLE_PROPERTY) != "fusion":
        # Fusion draws the same everywhere, so what the screenshots show is what users see.
        from PySide6.QtWidgets import QStyleFactory

        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
            app.setProperty(_STYLE_PROPERTY, "fusion")
    c = colours_for(settings)
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, c.page),
        (QPalette.ColorRole.WindowText, c.text),
        (QPalette.ColorRole.Base, c.surface),
        (QPalette.ColorRole.AlternateBase, c.page),
        (QPalette.ColorRole.Text, c.text),
        (QPalette.ColorRole.Button, c.surface),
        (QPalette.ColorRole.ButtonText, c.text),
        (QPalette.ColorRole.Highlight, c.accent),
        (QPalette.ColorRole.HighlightedText, c.accent_text),
        (QPalette.ColorRole.Link, c.link),
        (QPalette.ColorRole.ToolTipBase, c.surface),
        (QPalette.ColorRole.ToolTipText, c.text),
        (QPalette.ColorRole.PlaceholderText, c.muted),
    ):
        palette.setColor(role, QColor(colour))
    # Restyling every widget takes a moment with a long form open: say so with the cursor.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        app.setPalette(palette)
        font = QFont(app.font())
        font.setPointSizeF(BASE_POINT_SIZE * settings.font_scale)
        app.setFont(font)
        if with_stylesheet:
            _set_stylesheet(app, settings)
    finally:
        QApplication.restoreOverrideCursor()


def _set_stylesheet(app: QApplication, settings: ThemeSettings) -> None:
    # Replacing one stylesheet with another restyles every widget several times over (~1.5 s with
    # a long form open); clearing it first and then setting the new one takes a fraction of that.
    if app.styleSheet():
        app.setStyleSheet("")
    app.setStyleSheet(stylesheet(settings))


class ThemeController(QObject):
    """Owns the current ``ThemeSettings`` and applies changes to the running app at once.

    With ``stylesheet_later`` the palette and fonts are applied at once but the stylesheet only at
    ``apply_stylesheet()``: a window built first and styled once, before it is shown, is ready
    sooner than one whose widgets are styled as they are made and again each time one is put
    inside another (the login window: about a quarter less CPU; it looks the same).
    """

    theme_changed = Signal(object)

    def __init__(self, app: QApplication, settings: ThemeSettings | None = None,
                 parent: QObject | None = None, *, stylesheet_later: bool = False) -> None:
        super().__init__(parent)
        self._app = app
        self._settings = settings or ThemeSettings()
        self._stylesheet_pending = stylesheet_later
        apply_theme(app, self._settings, with_stylesheet=not stylesheet_later)

    def apply_stylesheet(self) -> None:
        """Sets the stylesheet put off at construction (``stylesheet_later``)."""
        if self._stylesheet_pending:
            self._stylesheet_pending = False
            _set_stylesheet(self._app, self._settings)

    @property
    def settings(self) -> ThemeSettings:
        return self._settings

    def apply(self, settings: ThemeSettings) -> None:
        if settings == self._settings:
            return
        self._settings = settings
        self._stylesheet_pending = False
        apply_theme(self._app, settings)
        self.theme_changed.emit(settings)

    def set_font_scale(self, scale: float) -> None:
        self.apply(self._settings.with_font_scale(scale))

    def set_high_contrast(self, on: bool) -> None:
        self.apply(self._settings.with_high_contrast(on))


def shape_path(shape: Shape, rect: QRectF) -> QPainterPath:
    """The outline of a level's shape inside ``rect``."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainterPath, QPolygonF

    path = QPainterPath()
    cx, cy = rect.center().x(), rect.center().y()
    r = min(rect.width(), rect.height()) / 2
    if shape is Shape.CIRCLE:
        path.addEllipse(rect.center(), r, r)
    elif shape is Shape.DIAMOND:
        path.addPolygon(QPolygonF([QPointF(cx, cy - r), QPointF(cx + r, cy),
                                   QPointF(cx, cy + r), QPointF(cx - r, cy)]))
        path.closeSubpath()
    elif shape is Shape.TRIANGLE:
        h = r * math.sqrt(3)
        top = cy - h * 0.55
        path.addPolygon(QPolygonF([QPointF(cx, top), QPointF(cx + r, top + h),
                                   QPointF(cx - r, top + h)]))
        path.closeSubpath()
    else:
        points = [
            QPointF(cx + r * math.cos(math.radians(22.5 + 45 * i)),
                    cy + r * math.sin(math.radians(22.5 + 45 * i)))
            for i in range(8)
        ]
        path.addPolygon(QPolygonF(points))
        path.closeSubpath()
    return path


def paint_level_icon(painter: QPainter, rect: QRectF, level: FlagLevel, *,
                     high_contrast: bool = False) -> None:
    """Paints a level's shape, filled with its colour, with its glyph in the middle."""
    from PySide6.QtGui import QPainter, QPen

    style = LEVEL_STYLES[level]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = shape_path(style.shape, rect.adjusted(1, 1, -1, -1))
    outline = QColor("#ffffff" if high_contrast else "#212b32")
    painter.setPen(QPen(outline, max(1.0, rect.width() / 16)))
    painter.setBrush(QColor(style.fill))
    painter.drawPath(path)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(6, round(rect.height() * 0.55)))
    painter.setFont(font)
    painter.setPen(QColor(style.ink))
    glyph_rect = rect.adjusted(0, rect.height() * 0.12 if style.shape is Shape.TRIANGLE else 0, 0, 0)
    painter.drawText(glyph_rect, Qt.AlignmentFlag.AlignCenter, style.glyph)
    painter.restore()
