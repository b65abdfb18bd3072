"""Small pieces the station screens share (first run, login, lock, home, admin): a scrolling page
with a readable column, labelled form fields with their own error line, a new-passphrase pair
with a strength hint in words, a quiet busy line, times in UK local time, and the clipboard guard.

Nothing here imports the services: the login window must show before they load.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from screening.ui.i18n import (
    SOURCE_LANGUAGE,
    current_language,
    language_changed,
    tr,
    translatable,
    translated,
)
from screening.ui.theme import Role, repolish, set_role

if TYPE_CHECKING:
    from datetime import date, datetime

    from screening.ui.context import AppContext

log = logging.getLogger(__name__)

MIN_PASSPHRASE = 12
"""The store's rule (``check_passphrase``); the store checks it again."""

READING_CHARS = 78

# --- the services' messages in the interface language ----------------------------------------

# The services write their messages in English (they know nothing of Qt or the interface
# language). The ones people meet on the screens are translated here, at the UI boundary; an
# error whose message is not listed is shown in English, or in Welsh with a sentence for its kind.
SERVICE_MESSAGES: frozenset[str] = frozenset({
    # people and screenings
    translatable("Errors", "Someone saved changes to this person while you were editing. Reload "
                 "the record, check it and make your change again."),
    translatable("Errors", "This person's record is not on this station (it may have been removed "
                 "by the retention rules). Search again."),
    translatable("Errors", "Administrators manage the station and do not work with people's "
                 "records. Log in with a screening account to do this."),
    translatable("Errors", "This screening is finalised and cannot be changed. To correct it, "
                 "amend it: that makes a new revision and keeps this one."),
    translatable("Errors", "Your role cannot open this screening. Ask for a disclosable summary "
                 "instead."),
    translatable("Errors", "This draft belongs to another user. Take it over first if you are to "
                 "continue it."),
    translatable("Errors", "Complete the screening first: every required question needs an answer "
                 "before it can be finalised."),
    translatable("Errors", "Say why the screening is being amended (for example, which answer was "
                 "wrong)."),
    translatable("Errors", "Only a colleague with the same role as its author can take over this "
                 "draft."),
    translatable("Errors", "Only a supervisor can sign off a screening."),
    translatable("Errors", "You finalised this screening yourself: another supervisor signs it "
                 "off."),
    translatable("Errors", "This screening is not on this station (it may have been discarded, or "
                 "removed by the retention rules)."),
    translatable("Errors", "The screening changed while you were signing. Check it and try "
                 "again."),
    translatable("Errors", "Only a finalised screening is amended. This one is still a draft: "
                 "change its answers directly."),
    translatable("Errors", "Only a finalised screening can be signed off."),
    translatable("Errors", "This screening has already been signed off."),
    translatable("Errors", "That passphrase is not right, so the screening was not finalised. It "
                 "is unchanged: type your passphrase again."),
    # consent and disclosure
    translatable("Errors", "The time of the decision is in the future. Check the date and time."),
    translatable("Errors", "This consent has already been withdrawn."),
    translatable("Errors", "Your role cannot disclose screenings."),
    translatable("Errors", "Choose the legal basis for this disclosure (a DPA 2018 Schedule 8 "
                 "paragraph or a UK GDPR Article 9 condition), or rely on the person's recorded "
                 "consent."),
    translatable("Errors", "A second user signs off a legal basis: choose one first."),
    translatable("Errors", "Health information would be shared on a legal basis without the "
                 "person's consent: a second user must sign this off with their passphrase."),
    translatable("Errors", "Ask the second user to type their passphrase."),
    translatable("Errors", "Only a finalised screening can be disclosed. A draft, or a screening "
                 "that is completed but not yet signed by its author, stays on the station."),
    translatable("Errors", "This revision has been amended. Disclose the current revision "
                 "instead."),
    translatable("Errors", "The second sign-off must be by another user, not by you."),
    translatable("Errors", "That user cannot sign off a disclosure: ask a colleague who screens or "
                 "supervises (not an administrator) and is a user of this station."),
    translatable("Errors", "That user must change their passphrase before signing off."),
    translatable("Errors", "Name the second user before they sign off."),
    translatable("Errors", "The second user who signs must be the one named for this "
                 "disclosure."),
    translatable("Errors", "What may be disclosed changed while the document was being made (for "
                 "example a consent was recorded or withdrawn). Nothing was recorded: make it "
                 "again."),
    translatable("Errors", "Type the second user's user name."),
    translatable("Errors", "The second user's passphrase is not right, so nothing was disclosed. "
                 "Ask them to type it again."),
    # the station, its users and settings
    translatable("Errors", "The station is locked. Unlock it with your passphrase to carry on "
                 "where you were."),
    translatable("Errors", "Your passphrase was reset by an administrator. Choose a new passphrase "
                 "before working with records."),
    translatable("Errors", "A different user unlocked the station, so the previous user's work "
                 "was not reopened. Start from the home screen."),
    translatable("Errors", "Only an administrator can change the station settings."),
    translatable("Errors", "Only an administrator or a supervisor can read the audit trail."),
    translatable("Errors", "Only a supervisor or an administrator can send refused records "
                 "again."),
    translatable("Errors", "Your access to this station has been withdrawn by the central "
                 "service. Ask your administrator."),
    translatable("Errors", "Only an administrator can manage users."),
    translatable("Errors", "The new passphrase must differ from the current one."),
    translatable("Errors", "A user needs a display name."),
    translatable("Errors", "You cannot remove yourself. Ask another administrator."),
    translatable("Errors", "The last administrator cannot be removed."),
    translatable("Errors", "Someone else has this station open (perhaps in another session on "
                 "this PC). Ask them to lock it, then remove the user again."),
    translatable("Errors", "The user id or passphrase is not right. Check both and try again."),
})


def _kind_text(error: BaseException) -> str:
    """A sentence for an error's kind, for a message the catalogue does not have."""
    from screening.services import errors

    kinds: list[tuple[type[BaseException], Callable[[], str]]] = [
        (errors.PassphraseRejectedError, lambda: tr(
            "Errors", "That passphrase is not right, so nothing was changed. Type it again.")),
        (errors.StaleRecordError, lambda: tr(
            "Errors", "Someone else saved this record while you were working on it. Nothing was "
                      "changed: reload it, check it and try again.")),
        (errors.StationLockedError, lambda: tr(
            "Errors", "The station is locked. Unlock it with your passphrase to carry on where "
                      "you were.")),
        (errors.NotFoundError, lambda: tr(
            "Errors", "That record is not on this station (it may have been removed). Go back "
                      "and look for it again.")),
        (errors.NotAllowedError, lambda: tr(
            "Errors", "Your role or this record does not allow that. Nothing was changed; ask a "
                      "supervisor if you think it should.")),
        (errors.WrongStateError, lambda: tr(
            "Errors", "The record is not in a state that allows that now. Nothing was changed: "
                      "reload it and check it.")),
        (errors.InvalidInputError, lambda: tr(
            "Errors", "Something entered is not valid, so nothing was saved. Check what you "
                      "typed and try again.")),
        (errors.IncompleteError, lambda: tr(
            "Errors", "The screening is not complete yet: answer the questions it still needs.")),
        (errors.LoginFailedError, lambda: tr(
            "Errors", "The user id or passphrase is not right. Check both and try again.")),
        (errors.PassphrasePolicyError, lambda: tr(
            "Errors", "That passphrase is not allowed. Choose a longer one that is harder to "
                      "guess.")),
        (errors.StationBusyError, lambda: tr(
            "Errors", "The station is busy with other work. Wait a moment and try again.")),
        (errors.StationDamagedError, lambda: tr(
            "Errors", "The station's database is damaged. Stop, and tell IT.")),
        (errors.StationIOError, lambda: tr(
            "Errors", "The station's files could not be read or written (the disk may be full). "
                      "Tell IT.")),
    ]
    for kind, text in kinds:
        if isinstance(error, kind):
            return text()
    return tr("Errors", "That could not be done, and nothing was changed. Try again; if it keeps "
                        "happening, tell IT.")


def service_error_text(error: BaseException) -> str | None:
    """A message meant for the user (``USER_ERRORS``), in the interface language: the services'
    own words, translated where the catalogue has them; None for any other error (the caller
    says something plain, and logs the kind)."""
    from screening.services.errors import USER_ERRORS

    if not isinstance(error, USER_ERRORS):
        return None
    message = str(error)
    if message in SERVICE_MESSAGES:
        return translated("Errors", message)
    if current_language() == SOURCE_LANGUAGE:
        return message
    return _kind_text(error)


def failure_text(error: BaseException) -> str:
    """What to tell the user about a failed operation (see ``service_error_text``); for an
    unexpected error a plain sentence, and the log gets its kind (never its message)."""
    text = service_error_text(error)
    if text is not None:
        return text
    log.warning("unexpected error in a screen: %s", type(error).__name__)
    return tr("Errors", "Something went wrong, and nothing was changed. Try again; if it keeps "
                        "happening, tell IT ({kind}).", kind=type(error).__name__)


# The same two helpers as ``screening.ui.widgets``, kept here so the login window does not wait
# for widgets.py, whose option buttons load QStyle and friends (about 30 ms of start-up).


def set_accessible(widget: QWidget, name: str, description: str = "") -> None:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


def wrapped_label(text: str = "", role: Role | None = None, *, parent: QWidget | None = None
                  ) -> QLabel:
    """A plain-text label that wraps and never clips (height-for-width, so it reflows)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.setWordWrap(True)
    label.setText(text)
    if role is not None:
        set_role(label, role)
    return label


_SHORT_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "cy": ("Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach",
           "Rhag"),
}


def short_date(day: date) -> str:
    """``14 Mar 2025`` (``14 Maw 2025`` in Welsh), the same on every PC."""
    months = _SHORT_MONTHS.get(current_language(), _SHORT_MONTHS["en"])
    return f"{day.day} {months[day.month - 1]} {day.year}"


def local_time(moment: datetime | None, *, seconds: bool = False) -> str:
    """A stored instant as UK local time, e.g. ``14 Mar 2025 09:30``."""
    if moment is None:
        return ""
    from zoneinfo import ZoneInfo  # not needed before the login window shows

    local = moment.astimezone(ZoneInfo("Europe/London"))
    return f"{short_date(local.date())} {local:%H:%M:%S}" if seconds else (
        f"{short_date(local.date())} {local:%H:%M}")


def wait_text(seconds: float) -> str:
    """``28 seconds`` / ``2 minutes``: the remaining wait in words."""
    whole = max(0, int(seconds + 0.999))
    if whole < 60:
        if whole == 1:
            return tr("Common", "1 second")
        return tr("Common", "{count} seconds", count=whole)
    minutes = (whole + 59) // 60
    if minutes == 1:
        return tr("Common", "1 minute")
    return tr("Common", "{count} minutes", count=minutes)


class ReadingColumn(QWidget):
    """A column whose width is capped in characters, so lines stay short at any text size.

    Its font is the application's (the stylesheet sizes labels, not plain widgets), so the cap
    follows the application font's changes (the text-size setting). That signal, rather than a
    ``changeEvent`` override, keeps Qt's events out of Python until the login window is shown: the
    first event handed to Python makes PySide6 build some fifty event classes (about 5 ms).
    """

    def __init__(self, parent: QWidget | None = None, *, chars: int = READING_CHARS) -> None:
        super().__init__(parent)
        self._chars = chars
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(32, 24, 32, 32)
        self.column.setSpacing(14)
        self._cap(self.font())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.fontChanged.connect(self._cap)

    def _cap(self, font: QFont) -> None:
        self.setMaximumWidth(QFontMetrics(font).averageCharWidth() * self._chars + 64)


class ScrollPage(QScrollArea):
    """A page that scrolls vertically and reflows horizontally (never scrolls sideways), with a
    readable column, centred when the window is wide."""

    def __init__(self, parent: QWidget | None = None, *, chars: int = READING_CHARS,
                 centred: bool = False) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder = QWidget()
        set_role(holder, Role.PAGE)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        if centred:
            row.addStretch(1)
        self.body = ReadingColumn(holder, chars=chars)
        row.addWidget(self.body, 4)
        row.addStretch(1 if centred else 0)
        self.setWidget(holder)

    @property
    def column(self) -> QVBoxLayout:
        return self.body.column


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A white box with a border (``Role.CARD``) and its layout."""
    frame = QFrame(parent)
    set_role(frame, Role.CARD)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(20, 16, 20, 16)
    layout.setSpacing(10)
    return frame, layout


def heading(text: str, role: Role = Role.HEADING, parent: QWidget | None = None) -> QLabel:
    label = wrapped_label(text, role, parent=parent)
    label.setAccessibleName(text)
    return label


def primary_button_role(button: QWidget) -> None:
    set_role(button, Role.PRIMARY)


class Field(QWidget):
    """A labelled input with a hint and an error line under it (the label is the buddy, so
    Alt+letter and screen readers find the input)."""

    def __init__(self, label: str, editor: QWidget, *, hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = wrapped_label(label, Role.SUBHEADING, parent=self)
        self.label.setBuddy(editor)
        layout.addWidget(self.label)
        self.hint = wrapped_label(hint, Role.HELP, parent=self)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)
        editor.setParent(self)
        layout.addWidget(editor)
        self.error = wrapped_label("", Role.ERROR, parent=self)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        plain = label.replace("&", "")
        set_accessible(editor, plain, hint)
        language_changed().connect(self._describe)

    def set_error(self, message: str) -> None:
        """Shows (or clears) the problem under the field; the field gets a red border too."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setProperty("problem", "true" if message else "false")
        repolish(self.editor)
        self._describe()

    def _describe(self) -> None:
        """The editor's accessible name and description from the label, hint and problem (again
        after a language switch has retranslated them)."""
        message = self.error.text()
        name = self.label.text().replace("&", "")
        self.editor.setAccessibleDescription(message or self.hint.text())
        self.editor.setAccessibleName(tr("Common", "{name} (problem: {message})", name=name,
                                         message=message) if message else name)


def line_edit(*, password: bool = False, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Passphrases are never offered to input methods' dictionaries or predictions.
        edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData
                                 | Qt.InputMethodHint.ImhNoPredictiveText)
    return edit


class Strength(NamedTuple):
    """How good a new passphrase looks: a word (never colour alone) and what would help."""

    word: str
    advice: str
    acceptable: bool


def passphrase_strength(text: str) -> Strength:
    """A plain hint, not a gate beyond the store's rule (at least 12 characters)."""
    stripped = text.strip()
    words = [w for w in stripped.split() if w]
    if not stripped:
        return Strength("", passphrase_hint(), False)
    if len(stripped) < MIN_PASSPHRASE:
        left = MIN_PASSPHRASE - len(stripped)
        needed = (tr("Common", "1 more character needed (at least {minimum}).",
                     minimum=MIN_PASSPHRASE) if left == 1 else
                  tr("Common", "{count} more characters needed (at least {minimum}).", count=left,
                     minimum=MIN_PASSPHRASE))
        return Strength(tr("Common", "Too short"), needed, False)
    varied = len(set(stripped.lower())) >= 8
    if (len(words) >= 4 or len(stripped) >= 20) and varied:
        return Strength(tr("Common", "Strong"), tr("Common", "Good: long and hard to guess."), True)
    if len(words) >= 3 or len(stripped) >= 16:
        return Strength(tr("Common", "Good"),
                        tr("Common", "Another unrelated word would make it stronger."), True)
    return Strength(tr("Common", "Fair"),
                    tr("Common", "Allowed, but longer is stronger: add another unrelated word or two."),
                    True)


def passphrase_hint() -> str:
    return tr("Common", "At least {minimum} characters. A few unrelated words are strong and easy to "
                        "remember.", minimum=MIN_PASSPHRASE)


class NewPassphrase(QWidget):
    """A new passphrase typed twice, with a strength hint in words and a "show" option."""

    changed = Signal()

    def __init__(self, *, label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = label or tr("Common", "New passphrase")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.first = Field(label, line_edit(password=True), hint=passphrase_hint(), parent=self)
        layout.addWidget(self.first)
        self.strength = wrapped_label("", Role.STATUS, parent=self)
        self.strength.setObjectName("passphrase_strength")
        self.strength.setAccessibleName(tr("Common", "Passphrase strength"))
        layout.addWidget(self.strength)
        self.second = Field(tr("Common", "{label}, again", label=label), line_edit(password=True),
                            parent=self)
        layout.addWidget(self.second)
        self.show_text = QCheckBox(tr("Common", "Show what I type"), self)
        set_accessible(self.show_text, tr("Common", "Show the passphrases as I type them"))
        layout.addWidget(self.show_text)
        self.show_text.toggled.connect(self._show)
        self.first_edit.textChanged.connect(self._update)
        self.second_edit.textChanged.connect(lambda _t: self.second.set_error(""))
        self._update("")

    @property
    def first_edit(self) -> QLineEdit:
        assert isinstance(self.first.editor, QLineEdit)
        return self.first.editor

    @property
    def second_edit(self) -> QLineEdit:
        assert isinstance(self.second.editor, QLineEdit)
        return self.second.editor

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.first_edit.setEchoMode(mode)
        self.second_edit.setEchoMode(mode)

    def _update(self, text: str) -> None:
        strength = passphrase_strength(text)
        self.strength.setText(tr("Common", "Strength: {word}. {advice}", word=strength.word,
                                 advice=strength.advice) if strength.word else strength.advice)
        self.first.set_error("")
        self.changed.emit()

    def value(self) -> str | None:
        """The passphrase if both entries agree and it is long enough; else shows the problem
        under the field and returns None."""
        first, second = self.first_edit.text(), self.second_edit.text()
        if len(first.strip()) < MIN_PASSPHRASE:
            self.first.set_error(tr("Common", "The passphrase needs at least {minimum} characters.",
                                    minimum=MIN_PASSPHRASE))
            self.first_edit.setFocus()
            return None
        if first != second:
            self.second.set_error(tr("Common", "The two passphrases are not the same. Type it again."))
            self.second_edit.setFocus()
            return None
        return first

    def clear(self) -> None:
        self.first_edit.clear()
        self.second_edit.clear()
        self.show_text.setChecked(False)


class BusyLine(QLabel):
    """A quiet "working on it" line: plain text that gains a dot every half second, so the
    window visibly lives while the worker runs (never a frozen window, never a spinner alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, Role.STATUS)
        self.setWordWrap(True)
        self.setAccessibleName("Progress")
        self._text = ""
        self._dots = 0
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setVisible(False)

    def start(self, text: str) -> None:
        self._text = text
        self._dots = 0
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(True)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.setVisible(False)
        self.setText("")

    @property
    def busy(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        self._dots = (self._dots + 1) % 4
        self.setText(self._text + " " + "." * self._dots)


def message_label(parent: QWidget | None = None, *, name: str = "message") -> QLabel:
    """The line a screen says what went wrong on (plain text, read by screen readers)."""
    label = wrapped_label("", Role.ERROR, parent=parent)
    label.setObjectName(name)
    label.setAccessibleName("Message")
    label.setVisible(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleDescription(text)
    label.setVisible(bool(text))


class ClipboardGuard(QObject):
    """Remembers what the app put on the clipboard, and clears the clipboard at lock if it holds
    anything the app put there (a recovery key, a name copied from a record)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._placed: set[str] = set()

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._placed.add(text)

    def forget(self, text: str) -> None:
        """Clear ``text`` from the clipboard if it is still there (e.g. after the recovery key
        has been written down)."""
        clipboard = QGuiApplication.clipboard()
        if clipboard.text() == text:
            clipboard.clear()
        self._placed.discard(text)

    def clear_ours(self) -> bool:
        """Clear the clipboard if this app owns it or it holds text the app put there."""
        clipboard = QGuiApplication.clipboard()
        ours = clipboard.ownsClipboard() or clipboard.text() in self._placed
        if ours and (clipboard.text() or clipboard.mimeData() is not None):
            clipboard.clear()
        self._placed.clear()
        return ours


def clipboard_guard(context: AppContext) -> ClipboardGuard:
    """The app's one clipboard guard (the shell creates it; dialogs opened without a shell, as
    in tests, get one made here)."""
    guard = context.extras.get("clipboard")
    if not isinstance(guard, ClipboardGuard):
        guard = context.extras["clipboard"] = ClipboardGuard()
    return guard


def on_enter(edit: QLineEdit, action: Callable[[], None]) -> None:
    """Enter in ``edit`` does ``action`` (the screen's main button)."""
    edit.returnPressed.connect(action)


class Countdown(QObject):
    """The remaining wait of a lock-out, ticking once a second on the injected clock."""

    ticked = Signal(float)
    """Seconds left (emitted at start and every second)."""
    finished = Signal()

    def __init__(self, monotonic: Callable[[], float], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._until = 0.0
        self.key = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)

    def start(self, seconds: float, *, key: str = "") -> None:
        self.key = key
        self._until = self._monotonic() + seconds
        self._timer.start()
        self.tick()

    def stop(self) -> None:
        self._timer.stop()
        self._until = 0.0
        self.key = ""

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def remaining(self) -> float:
        return max(0.0, self._until - self._monotonic())

    def tick(self) -> None:
        """Called every second (tests call it after moving their clock)."""
        if not self._timer.isActive():
            return
        left = self.remaining()
        if left <= 0:
            self.stop()
            self.finished.emit()
            return
        self.ticked.emit(left)
