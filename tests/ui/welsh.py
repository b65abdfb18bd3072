"""Checks for a screen shown in Welsh: which texts of the interface catalogue are still on screen
in English (texts that have a different Welsh translation, matched whole, placeholders and all)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLabel, QTabWidget, QWidget

from screening.paths import resource_path


@cache
def _english_patterns() -> tuple[re.Pattern[str], ...]:
    path = resource_path("resources", "translations", "qt", "screening_cy.ts")
    patterns = []
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        welsh = message.findtext("translation") or ""
        plain = source.replace("&", "").strip()
        if not plain or welsh.replace("&", "").strip() == plain:
            continue  # the same in both languages ("Person", "{word}: {label}")
        words = re.findall(r"[A-Za-z]+", re.sub(r"\{[a-z_]+\}", "", plain))
        if sum(len(w) for w in words) < 4:
            continue  # "{day} at {time}", "{status} of {latest}": " at " is Welsh too
        parts = re.split(r"(\{[a-z_]+\})", plain)
        regex = "".join(".+" if re.fullmatch(r"\{[a-z_]+\}", p) else re.escape(p) for p in parts)
        patterns.append(re.compile(regex, re.DOTALL))
    return tuple(patterns)


def shown_texts(root: QWidget, skip: tuple[type[QWidget], ...] = ()) -> list[str]:
    """The texts a person (or a screen reader) could get from ``root`` now: labels, buttons,
    tabs, combo box items, table headings and cells, accessible names and descriptions,
    placeholders (not inside widgets of the ``skip`` types: the form's own words)."""
    texts: list[str] = []
    skipped = [w for t in skip for w in root.findChildren(t)]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if any(w is widget or w.isAncestorOf(widget) for w in skipped):
            continue
        if widget.objectName() == "language_button":
            continue  # names the other language, in that language ("English")
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        placeholder = getattr(widget, "placeholderText", None)
        if callable(placeholder):
            texts.append(placeholder())
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(model.columnCount())]
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    texts.append(str(model.data(model.index(row, column)) or ""))
    return [t for t in texts if t]


def english_left(root: QWidget, skip: tuple[type[QWidget], ...] = ()) -> list[str]:
    """Texts under ``root`` that are a catalogue text still in English (each line is matched
    whole; "&" mnemonics ignored; widgets of the ``skip`` types left out)."""
    left = []
    patterns = _english_patterns()
    for text in shown_texts(root, skip):
        for line in text.replace("&", "").split("\n"):
            line = line.strip().lstrip("•✔✖ ").strip()
            if line and any(p.fullmatch(line) for p in patterns):
                left.append(line)
    return sorted(set(left))

