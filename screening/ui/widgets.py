"""Small reusable widgets: buttons whose text wraps (so 200 % text reflows instead of clipping),
flag-level badges (word + shape + colour), a flow layout, and accessibility helpers."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from screening.domain.enums import FlagLevel
from screening.ui.theme import LEVEL_STYLES, Role, set_role


def set_accessible(widget: QWidget, name: str, description: str = "") -> None:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


def wrapped_label(text: str = "", role: Role | None = None, *, rich: bool = False,
                  parent: QWidget | None = None) -> QLabel:
    """A label that wraps and never clips; plain text unless ``rich`` (never rich for answers)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    # Height-for-width is what makes wrapped text reflow; a bare setSizePolicy would drop it.
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.setWordWrap(True)
    label.setText(text)
    if role is not None:
        set_role(label, role)
    return label


def _layout(widget: QWidget) -> QLayout:
    layout = widget.layout()
    assert layout is not None, "the wrapped-text buttons always have a layout"
    return layout


class _WrappedText:
    """Mixin for buttons that lay out a word-wrapped label (and an optional key badge) inside
    themselves. The button stays a real button (focus, Space, accessibility); the label is
    transparent to the mouse, so a click anywhere on the row presses the button."""

    _label: QLabel
    _key: QLabel | None

    def _init_text(self, button: QAbstractButton, text: str, key: str | None) -> None:
        self._button = button
        self._key = None
        layout = QHBoxLayout(button)
        layout.setSpacing(10)
        if key is not None:
            self._key = QLabel(key, button)
            set_role(self._key, Role.KEY)
            self._key.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._key.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(self._key, 0, Qt.AlignmentFlag.AlignVCenter)
        self._label = wrapped_label(text, Role.OPTION_TEXT, parent=button)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self._label, 1)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def label_text(self) -> str:
        return self._label.text()

    def _show_focus(self, event: QEvent) -> None:
        """Labels cannot see their button's focus in a stylesheet, so tell them."""
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            focused = "true" if event.type() == QEvent.Type.FocusIn else "false"
            for label in (self._label, self._key):
                if label is not None:
                    label.setProperty("focused", focused)
                    style = label.style()
                    style.unpolish(label)
                    style.polish(label)

    def set_label_text(self, text: str) -> None:
        self._label.setText(text)

    def label(self) -> QLabel:
        return self._label

    def key_label(self) -> QLabel | None:
        return self._key


class _IndicatorButtonMixin(_WrappedText):
    """For radio buttons and check boxes: the label starts where the style puts the text."""

    _contents_element: QStyle.SubElement

    def _sync_margins(self, button: QRadioButton | QCheckBox) -> None:
        option = QStyleOptionButton()
        button.initStyleOption(option)
        option.rect = QRect(0, 0, max(button.width(), 200), 200)
        contents = button.style().subElementRect(self._contents_element, option, button)
        layout = _layout(button)
        if contents.isValid():
            left = contents.left()
            top = max(4, contents.top())
            bottom = max(4, 200 - contents.bottom() - 1)
            right = max(4, option.rect.right() - contents.right())
            layout.setContentsMargins(left, top, right, bottom)


class OptionRadio(QRadioButton, _IndicatorButtonMixin):
    """One option of a choice item: a large clickable row whose text wraps."""

    _contents_element = QStyle.SubElement.SE_RadioButtonContents

    def __init__(self, text: str, key: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_text(self, text, key)
        self._sync_margins(self)

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return _layout(self).totalSizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return _layout(self).totalMinimumSize()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange,
                            QEvent.Type.Polish):
            self._sync_margins(self)
        self._show_focus(event)
        return super().event(event)


class OptionCheck(QCheckBox, _IndicatorButtonMixin):
    """One option of a multi-choice item: a large clickable row whose text wraps."""

    _contents_element = QStyle.SubElement.SE_CheckBoxContents

    def __init__(self, text: str, key: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_text(self, text, key)
        self._sync_margins(self)

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return _layout(self).totalSizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return _layout(self).totalMinimumSize()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange,
                            QEvent.Type.Polish):
            self._sync_margins(self)
        self._show_focus(event)
        return super().event(event)


class WrapButton(QPushButton, _WrappedText):
    """A push button whose text wraps (links on the review page, outline rows)."""

    def __init__(self, text: str, role: Role | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_text(self, text, None)
        _layout(self).setContentsMargins(10, 6, 10, 6)
        if role is not None:
            set_role(self, role)
        self.setAccessibleName(text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return _layout(self).totalSizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return _layout(self).totalMinimumSize()

    def event(self, event: QEvent) -> bool:
        self._show_focus(event)
        return super().event(event)


class LevelIcon(QWidget):
    """A flag level's shape (octagon, triangle, diamond, circle) in its colour, sized to the text."""

    def __init__(self, level: FlagLevel, parent: QWidget | None = None, *,
                 high_contrast: bool = False) -> None:
        super().__init__(parent)
        self.level = level
        self.high_contrast = high_contrast
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        style = LEVEL_STYLES[level]
        self.setAccessibleName(f"{style.word} ({style.shape} symbol)")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        side = round(self.fontMetrics().height() * 1.6)
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        from screening.ui.theme import paint_level_icon

        painter = QPainter(self)
        side = min(self.width(), self.height())
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        paint_level_icon(painter, rect, self.level, high_contrast=self.high_contrast)
        painter.end()


class LevelBadge(QWidget):
    """The level shown three ways at once: shape, WORD, colour."""

    def __init__(self, level: FlagLevel, parent: QWidget | None = None, *,
                 high_contrast: bool = False) -> None:
        super().__init__(parent)
        style = LEVEL_STYLES[level]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.icon = LevelIcon(level, self, high_contrast=high_contrast)
        self.word = QLabel(style.word, self)
        self.word.setObjectName("level-word")
        self.word.setProperty("level", str(level))
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        layout.addStretch(0)
        self.setAccessibleName(f"Level: {style.word}, {style.meaning}")


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping onto new lines when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x = area.x()
                y += line + self._gap
                line = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()
