"""Building blocks of the record pages: a labelled field with its hint and its problem, an error
summary that links to the fields, page headings, and a plain page with a readable column.

Labels sit above their controls (not beside them), so at 200 % text nothing is squeezed; every
control gets its label as its accessible name and its hint (or problem) as its description.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from screening.ui.i18n import again, error_text, tr
from screening.ui.theme import Role, repolish, set_role
from screening.ui.widgets import WrapButton, set_accessible, wrapped_label
from screening.ui.wizard import ScrollingPage


class LabelledField(QWidget):
    """A label above one or more controls, an optional hint, and the problem (hidden until set)."""

    def __init__(self, label: str, controls: list[QWidget], *, hint: str = "",
                 parent: QWidget | None = None, row: bool = True) -> None:
        super().__init__(parent)
        self.controls = controls
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = wrapped_label(label, Role.QUESTION, parent=self)
        layout.addWidget(self.label)
        self.hint = wrapped_label(hint, Role.WHY, parent=self)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)
        holder = QHBoxLayout() if row else QVBoxLayout()
        holder.setSpacing(12)
        for control in controls:
            control.setParent(self)
            holder.addWidget(control)
        if row:
            holder.addStretch(1)
        layout.addLayout(holder)
        self.problem = wrapped_label("", Role.ERROR, parent=self)
        self.problem.hide()
        layout.addWidget(self.problem)
        if controls:
            set_accessible(controls[0], label, hint)
            self.label.setBuddy(controls[0])

    @property
    def label_text(self) -> str:
        """The label as shown (in the interface language)."""
        return self.label.text()

    @property
    def hint_text(self) -> str:
        return self.hint.text() if not self.hint.isHidden() else ""

    def add_widget(self, widget: QWidget) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, widget)

    def show_problem(self, message: str | None) -> None:
        shown = bool(message)
        self._problem = message or ""
        self.problem.setText(error_text(message) if message else "")
        self.problem.setVisible(shown)
        for control in self.controls:
            control.setProperty("problem", "true" if shown else "false")
            repolish(control)
        if self.controls:
            description = error_text(message) if message else self.hint_text
            self.controls[0].setAccessibleDescription(description)

    def problem_text(self) -> str:
        return again(getattr(self, "_problem", "")) if self.problem.isVisibleTo(self) else ""

    def focus(self) -> None:
        if self.controls:
            self.controls[0].setFocus(Qt.FocusReason.OtherFocusReason)


class ErrorSummary(QFrame):
    """"There is a problem": one link per problem, each taking focus to its field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error-summary")
        set_role(self, Role.CARD)
        self.setProperty("problem", "true")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(6)
        self.heading = wrapped_label("", Role.SUBHEADING, parent=self)
        layout.addWidget(self.heading)
        self.links_layout = QVBoxLayout()
        self.links_layout.setSpacing(2)
        layout.addLayout(self.links_layout)
        self.links: list[WrapButton] = []
        self.hide()

    def show_problems(self, problems: list[tuple[str, Callable[[], None] | None]]) -> None:
        """``problems``: (message, what to do when it is chosen) pairs; empty hides the summary."""
        for link in self.links:
            link.deleteLater()
        self.links = []
        if not problems:
            self.hide()
            return
        count = len(problems)
        self.heading.setText(tr("Common", "There is a problem") if count == 1
                             else tr("Common", "There are {count} problems", count=count))
        for message, go in problems:
            if go is None:
                label = wrapped_label(message, Role.ERROR, parent=self)
                self.links_layout.addWidget(label)
                continue
            link = WrapButton(message, Role.LINK, self)
            set_accessible(link, tr("Common", "Go to the problem: {message}", message=message))
            link.clicked.connect(lambda _checked=False, go=go: go())
            self.links.append(link)
            self.links_layout.addWidget(link)
        self.setAccessibleName(self.heading.text())
        self.show()

    def clear(self) -> None:
        while self.links_layout.count():
            item = self.links_layout.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.links = []
        self.hide()


class RecordPage(ScrollingPage):
    """A page of the records area: a title, a lead line, then content in a readable column."""

    def __init__(self, title: str, lead: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = wrapped_label(title, Role.TITLE, parent=self.body)
        self.column.addWidget(self.title)
        self.lead = wrapped_label(lead, Role.LEAD, parent=self.body)
        self.lead.setVisible(bool(lead))
        self.column.addWidget(self.lead)

    def heading(self, text: str, name: str = "") -> QLabel:
        label = wrapped_label(text, Role.HEADING, parent=self.body)
        if name:
            label.setObjectName(f"heading-{name}")
        self.column.addWidget(label)
        return label


class Busy(QObject):
    """Counts operations in flight so a page can say "Working…" and refuse double submits."""

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count = 0

    def start(self) -> None:
        self._count += 1
        if self._count == 1:
            self.changed.emit(True)

    def stop(self) -> None:
        self._count = max(0, self._count - 1)
        if self._count == 0:
            self.changed.emit(False)

    @property
    def busy(self) -> bool:
        return self._count > 0
