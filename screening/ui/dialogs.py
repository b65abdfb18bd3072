"""Small modal dialogs of the screening flow: the passphrase to sign with, and a reason or note.

Both are opened with ``open()`` (never ``exec()``, which would spin a nested event loop), say what
they are for in plain words, and stay open to show a problem in place (a wrong passphrase, a
missing reason) so nothing typed elsewhere is lost. The caller does the work on the database
worker and closes the dialog when it has succeeded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from screening.ui.i18n import error_text, tr
from screening.ui.theme import Role, repolish, set_role
from screening.ui.widgets import set_accessible, wrapped_label


class FlowDialog(QDialog):
    """A plain dialog: heading, lead, content, then the action and Cancel; grows for its text."""

    def __init__(self, title: str, heading: str, lead: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(24, 20, 24, 20)
        self.column.setSpacing(10)
        self.heading = wrapped_label(heading, Role.HEADING, parent=self)
        self.column.addWidget(self.heading)
        self.lead = wrapped_label(lead, Role.BODY, parent=self)
        self.lead.setVisible(bool(lead))
        self.column.addWidget(self.lead)
        width = self.fontMetrics().averageCharWidth() * 64
        self.setMinimumWidth(min(width, 900))

    def fit_height(self) -> None:
        """A window does not grow for wrapped text by itself (height-for-width stops at top-level
        windows): make it tall enough for its text at its width, at any text size."""
        layout = self.layout()
        if layout is None:
            return
        needed = layout.totalHeightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
            if self.height() < needed:
                self.resize(self.width(), needed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        QTimer.singleShot(0, self, self.fit_height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self, self.fit_height)

    def add_buttons(self, action: str, cancel: str | None = None) -> None:
        cancel = cancel or tr("Dialogs", "Cancel")
        self.problem = wrapped_label("", Role.ERROR, parent=self)
        self.problem.setObjectName("dialog-problem")
        self.problem.hide()
        self.column.addWidget(self.problem)
        self.status = wrapped_label("", Role.STATUS, parent=self)
        self.status.hide()
        self.column.addWidget(self.status)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.action_button = QPushButton(action, self)
        self.action_button.setObjectName("dialog-action")
        set_role(self.action_button, Role.PRIMARY)
        self.action_button.setDefault(True)
        self.action_button.setAutoDefault(True)
        set_accessible(self.action_button, action.replace("&", ""))
        self.cancel_button = QPushButton(cancel, self)
        self.cancel_button.setObjectName("dialog-cancel")
        self.cancel_button.setAutoDefault(False)
        set_accessible(self.cancel_button, cancel.replace("&", ""))
        self.cancel_button.clicked.connect(self.reject)
        row.addWidget(self.action_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.column.addLayout(row)

    def show_problem(self, message: str | None) -> None:
        self.problem.setText(error_text(message) if message else "")
        self.problem.setVisible(bool(message))
        QTimer.singleShot(0, self, self.fit_height)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.action_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.status.setText(text if busy else "")
        self.status.setVisible(busy and bool(text))


class PassphraseDialog(FlowDialog):
    """Asks the user for their own passphrase to sign (finalise) a screening."""

    submitted = Signal(str)

    def __init__(self, *, title: str, heading: str, lead: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, heading, lead, parent)
        self.setObjectName("passphrase-dialog")
        label = QLabel(tr("Dialogs", "Your &passphrase"), self)
        set_role(label, Role.QUESTION)
        self.column.addWidget(label)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                                            | Qt.InputMethodHint.ImhNoPredictiveText)
        set_accessible(self.passphrase, tr("Dialogs", "Your passphrase"),
                       tr("Dialogs", "The passphrase you log in with. It signs the screening as yours."))
        label.setBuddy(self.passphrase)
        self.column.addWidget(self.passphrase)
        self.add_buttons(action)
        self.action_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        self.passphrase.setFocus()

    def _submit(self) -> None:
        if not self.action_button.isEnabled():
            return
        text = self.passphrase.text()
        if not text:
            self.show_problem(tr("Dialogs", "Type your passphrase."))
            self.passphrase.setFocus()
            return
        self.show_problem(None)
        self.submitted.emit(text)

    def refused(self, message: str) -> None:
        """The passphrase was not accepted: say so, clear it and let the user type it again."""
        self.set_busy(False)
        self.passphrase.clear()
        self.show_problem(message)
        self.passphrase.setProperty("problem", "true")
        repolish(self.passphrase)
        self.passphrase.setAccessibleDescription(error_text(message))
        self.passphrase.setFocus()

    def done(self, result: int) -> None:  # noqa: A003 - Qt override
        # The passphrase never outlives the dialog's use of it.
        self.passphrase.clear()
        super().done(result)


class ReasonDialog(FlowDialog):
    """Asks for a reason (amending) or a note (signing off)."""

    submitted = Signal(str)

    def __init__(self, *, title: str, heading: str, lead: str, label: str, action: str,
                 required: bool, required_message: str = "", max_length: int = 2000,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, heading, lead, parent)
        self.setObjectName("reason-dialog")
        self.required = required
        self.required_message = required_message or tr("Dialogs", "Type the reason.")
        self.max_length = max_length
        field_label = wrapped_label(label, Role.QUESTION, parent=self)
        self.column.addWidget(field_label)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reason")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        set_accessible(self.text, label)
        self.column.addWidget(self.text)
        self.add_buttons(action)
        self.action_button.clicked.connect(self._submit)
        self.text.setFocus()

    def _submit(self) -> None:
        if not self.action_button.isEnabled():
            return
        text = " ".join(self.text.toPlainText().split())
        if self.required and not text:
            self.show_problem(self.required_message)
            self.text.setFocus()
            return
        if len(text) > self.max_length:
            self.show_problem(tr("Dialogs", "Keep it to {limit} characters or fewer (it has {count}).",
                                 limit=self.max_length, count=len(text)))
            return
        self.show_problem(None)
        self.submitted.emit(text)
