"""The home page: a prominent "New screening", my drafts, drafts I may take over, people with
open alerts, recent screenings and the sync status.

``HomeView`` lays it out; ``HomeController`` loads the lists on the database worker whenever the
page is shown and turns a chosen row into a navigation request (the screening flow opens it).
Tables use ``RowsModel``, a ``QAbstractTableModel`` fed the services' plain pydantic objects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
    QTimer,
)
from PySide6.QtGui import QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from screening.domain.enums import FlagLevel
from screening.ui.common import (
    ScrollPage,
    card,
    failure_text,
    heading,
    local_time,
    message_label,
    short_date,
    show_message,
)
from screening.ui.i18n import again, language_changed, tr
from screening.ui.theme import Role, paint_level_icon, set_role
from screening.ui.widgets import set_accessible, wrapped_label

if TYPE_CHECKING:
    from screening.services.core import Services
    from screening.services.station_admin import SessionInfo
    from screening.services.views import PersonAlert, ScreeningSummary
    from screening.ui.context import AppContext

log = logging.getLogger(__name__)

R = TypeVar("R")
ModelIndex = QModelIndex | QPersistentModelIndex

ALERT_DAYS = 30
RECENT_LIMIT = 20



def status_word(status: str) -> str:
    words = {"draft": tr("Home", "Draft"), "completed": tr("Home", "Ready to finalise"),
             "finalised": tr("Home", "Finalised")}
    return words.get(status, status)


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str | Callable[[], str]
    """The heading, or a function giving it in the interface language."""
    text: Callable[[R], str]
    icon: Callable[[R], QIcon | None] | None = None
    stretch: bool = False
    """Shares the spare width and wraps (names, titles); otherwise sized to its contents."""


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table of plain objects, one per row."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def columns(self) -> list[Column[R]]:
        return list(self._columns)

    def row(self, index: int) -> R:
        return self._rows[index]

    def rows(self) -> list[R]:
        return list(self._rows)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return column.text(row)
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            title = self._columns[section].title
            return title if isinstance(title, str) else title()
        return None


def level_icon(level: FlagLevel, size: int = 32) -> QIcon:
    """The level's shape in its colour (the word is always written beside it)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_level_icon(painter, QRectF(0, 0, size, size), level)
    painter.end()
    return QIcon(pixmap)


class FittedTable(QTableView):
    """A table as tall as its rows (the page scrolls, not the table), whose text columns share
    the width and wrap, so it reflows at any text size instead of scrolling sideways."""

    def __init__(self, max_rows: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._max_rows = max_rows
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def fit(self) -> None:
        """Row heights for the wrapped text at the current width and font, and the table's
        height for its rows (at most ``max_rows``; beyond that the table scrolls)."""
        self.resizeRowsToContents()
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if self._max_rows is not None:
            rows = min(rows, self._max_rows)
        height = sum(self.rowHeight(r) for r in range(rows))
        header = self.horizontalHeader()
        height += header.sizeHint().height() if not header.isHidden() else 0
        self.setFixedHeight(height + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            QTimer.singleShot(0, self, self.fit)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.fit)


def table(name: str, model: RowsModel[Any], *, max_rows: int | None = None) -> FittedTable:
    view = FittedTable(max_rows)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = view.horizontalHeader()
    for column, spec in enumerate(model.columns):
        header.setSectionResizeMode(
            column, QHeaderView.ResizeMode.Stretch if spec.stretch
            else QHeaderView.ResizeMode.ResizeToContents)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    model.modelReset.connect(view.fit)
    return view


def fit_rows(view: QTableView) -> None:
    """Row heights for the current rows (after the model changed)."""
    if isinstance(view, FittedTable):
        view.fit()
    else:
        view.resizeRowsToContents()


def _dob(alert: PersonAlert) -> str:
    person = alert.person
    if person.date_of_birth is not None:
        return short_date(person.date_of_birth)
    return tr("Home", "Age in doubt") if person.age_in_doubt else tr("Home", "Not known")


def _flags_text(alert: PersonAlert) -> str:
    from screening.ui.words import level_word

    return "; ".join(f"{level_word(f.level)}: {f.label}" for f in alert.flags)


def _flags_icon(alert: PersonAlert) -> QIcon | None:
    levels = [f.level for f in alert.flags]
    return level_icon(levels[0]) if levels else None


def _day(value: date) -> str:
    return short_date(value)


SCREENING_COLUMNS: list[Column[ScreeningSummary]] = [
    Column(lambda: tr("Home", "Person"), lambda s: s.person_name, stretch=True),
    Column(lambda: tr("Home", "Form"), lambda s: s.form_title, stretch=True),
    Column(lambda: tr("Home", "Status"), lambda s: status_word(str(s.status.value))),
    Column(lambda: tr("Home", "Last change"), lambda s: local_time(s.updated_at)),
]
TAKE_OVER_COLUMNS: list[Column[ScreeningSummary]] = [
    Column(lambda: tr("Home", "Person"), lambda s: s.person_name, stretch=True),
    Column(lambda: tr("Home", "Form"), lambda s: s.form_title, stretch=True),
    Column(lambda: tr("Home", "Started by"), lambda s: s.author_id),
    Column(lambda: tr("Home", "Last change"), lambda s: local_time(s.updated_at)),
]
RECENT_COLUMNS: list[Column[ScreeningSummary]] = [
    Column(lambda: tr("Home", "Person"), lambda s: s.person_name, stretch=True),
    Column(lambda: tr("Home", "Form"), lambda s: s.form_title, stretch=True),
    Column(lambda: tr("Home", "Status"), lambda s: status_word(str(s.status.value))),
    Column(lambda: tr("Home", "Screening date"), lambda s: _day(s.screening_date)),
    Column(lambda: tr("Home", "By"), lambda s: s.author_id),
]
ALERT_COLUMNS: list[Column[PersonAlert]] = [
    Column(lambda: tr("Home", "Person"), lambda a: a.person.display_name, stretch=True),
    Column(lambda: tr("Home", "Date of birth"), _dob),
    Column(lambda: tr("Home", "Open flags"), _flags_text, _flags_icon, stretch=True),
    Column(lambda: tr("Home", "Screened on"), lambda a: _day(a.screening_date)),
]


class ListCard(QWidget):
    """A heading, a table (or a sentence when it is empty) and an Open button."""

    def __init__(self, title: str, empty: str, name: str, model: RowsModel[Any],
                 open_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box, layout = card(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.title = heading(title, Role.SUBHEADING)
        layout.addWidget(self.title)
        self._title = title
        self.empty = wrapped_label(empty, Role.HELP)
        layout.addWidget(self.empty)
        self.table = table(name, model)
        set_accessible(self.table, title, tr("Home", "Arrow keys choose a row; Enter opens it."))
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.open_button = QPushButton(open_text)
        self.open_button.setObjectName(f"{name}_open")
        set_accessible(self.open_button, tr("Home", "{action} (the row chosen in {list})",
                                            action=open_text.replace("&", ""), list=title))
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._count = 0
        self.set_count(0)
        language_changed().connect(self.relabel)

    def relabel(self) -> None:
        self.set_count(self._count)

    def set_count(self, count: int) -> None:
        self._count = count
        self.title.setText(tr("Home", "{title} ({count})", title=again(self._title), count=count)
                           if count else again(self._title))
        self.empty.setVisible(count == 0)
        self.table.setVisible(count > 0)
        self.open_button.setVisible(count > 0)
        if count and not self.table.currentIndex().isValid():
            # The first row is current (Enter opens it) without looking selected.
            self.table.selectionModel().setCurrentIndex(
                self.table.model().index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)


class HomeView(ScrollPage):
    """Layout only; ``HomeController`` fills it."""

    def __init__(self, *, screens: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent, chars=150)
        self.setObjectName("home_page")
        column = self.column
        column.addWidget(heading(tr("Home", "Home"), Role.TITLE))
        self.my_drafts_model: RowsModel[ScreeningSummary] = RowsModel(SCREENING_COLUMNS, self)
        self.take_over_model: RowsModel[ScreeningSummary] = RowsModel(TAKE_OVER_COLUMNS, self)
        self.alerts_model: RowsModel[PersonAlert] = RowsModel(ALERT_COLUMNS, self)
        self.recent_model: RowsModel[ScreeningSummary] = RowsModel(RECENT_COLUMNS, self)
        self.new_button = QPushButton(tr("Home", "&New screening"))
        self.new_button.setObjectName("new_screening_button")
        set_role(self.new_button, Role.PRIMARY)
        set_accessible(self.new_button, tr("Home", "New screening"),
                       tr("Home", "Find or add the person, then choose the form"))
        self.message = message_label(name="home_message")
        if screens:
            start = QHBoxLayout()
            self.new_button.setMinimumHeight(self.new_button.fontMetrics().height() * 3)
            start.addWidget(self.new_button)
            start.addWidget(wrapped_label(
                tr("Home", "Start with the person: find them or add them, then choose the form. Every "
                "answer is saved as you go."), Role.HELP), 1)
            column.addLayout(start)
            column.addWidget(self.message)
            self.my_drafts = ListCard(tr("Home", "My drafts"), tr("Home", "You have no drafts."), "my_drafts",
                                      self.my_drafts_model, tr("Home", "&Continue draft"))
            column.addWidget(self.my_drafts)
            self.take_over = ListCard(
                tr("Home", "Drafts you may take over"),
                tr("Home", "No colleague's draft is waiting for someone to take it over."),
                "take_over", self.take_over_model, tr("Home", "Open and &take over"))
            column.addWidget(self.take_over)
            self.alerts = ListCard(tr("Home", "People with open alerts (screened in the last {days} "
                                              "days)", days=ALERT_DAYS),
                                   tr("Home", "No one screened in the last {days} days has an "
                                              "open alert.", days=ALERT_DAYS),
                                   "alerts", self.alerts_model, tr("Home", "Open p&erson"))
            column.addWidget(self.alerts)
            self.recent = ListCard(tr("Home", "Recent screenings"), tr("Home", "No screenings yet."),
                                   "recent",
                                   self.recent_model, tr("Home", "Open &screening"))
            column.addWidget(self.recent)
        else:
            self.new_button.setVisible(False)
            column.addWidget(wrapped_label(
                tr("Home", "Administrators look after the station: users, the audit trail and the "
                "settings are on the Admin page. Administrators do not open people's records."),
                Role.LEAD))
            self.admin_button = QPushButton(tr("Home", "Go to &Admin"))
            self.admin_button.setObjectName("go_admin_button")
            set_accessible(self.admin_button, tr("Home", "Go to the Admin page"))
            row = QHBoxLayout()
            row.addWidget(self.admin_button)
            row.addStretch(1)
            column.addLayout(row)
            column.addWidget(self.message)
        sync_box, sync = card()
        sync.addWidget(heading(tr("Home", "Central service"), Role.SUBHEADING))
        self.sync_status = QLabel()
        self.sync_status.setObjectName("home_sync_status")
        self.sync_status.setWordWrap(True)
        set_role(self.sync_status, Role.STATUS)
        self.sync_status.setAccessibleName(tr("Home", "Sync status"))
        sync.addWidget(self.sync_status)
        column.addWidget(sync_box)
        column.addStretch(1)

    def set_sync_status(self, text: str) -> None:
        self.sync_status.setText(text)
        self.sync_status.setAccessibleDescription(text)


@dataclass
class HomeLists:
    """What the home page shows (the services' own objects)."""

    my_drafts: list[ScreeningSummary] = field(default_factory=list)
    take_over: list[ScreeningSummary] = field(default_factory=list)
    alerts: list[PersonAlert] = field(default_factory=list)
    recent: list[ScreeningSummary] = field(default_factory=list)


def load_home_lists(services: Services) -> HomeLists:
    """Runs on the database worker. Alerts from the last ``ALERT_DAYS`` days: the people who may
    still be in the suite or its cases, not every alert the station has ever raised."""
    from screening.domain.dates import screening_date_for, utc_now

    screenings = services.screenings
    since = screening_date_for(utc_now()) - timedelta(days=ALERT_DAYS)
    return HomeLists(
        my_drafts=screenings.my_drafts(),
        take_over=screenings.drafts_to_take_over(),
        alerts=screenings.people_with_open_alerts(since=since),
        recent=screenings.recent(limit=RECENT_LIMIT),
    )


class HomeController(QObject):
    """Fills the home page and turns the user's choices into navigation requests."""

    def __init__(self, context: AppContext, info: SessionInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.screens = info.role.value != "admin"
        self.view = HomeView(screens=self.screens)
        self.loads = 0
        navigator = context.navigator
        self.view.new_button.clicked.connect(lambda: navigator.new_screening_requested.emit(""))
        if self.screens:
            for box, model in ((self.view.my_drafts, self.view.my_drafts_model),
                               (self.view.take_over, self.view.take_over_model),
                               (self.view.recent, self.view.recent_model)):
                box.table.activated.connect(
                    lambda index, m=model: self.open_screening(m.row(index.row())))
                box.open_button.clicked.connect(
                    lambda _c=False, b=box, m=model: self._open_current(b, m))
            self.view.alerts.table.activated.connect(
                lambda index: self.open_person(self.view.alerts_model.row(index.row())))
            self.view.alerts.open_button.clicked.connect(self._open_current_alert)
        else:
            self.view.admin_button.clicked.connect(navigator.admin_requested)

    def shown(self) -> None:
        """The page came into view: load the lists afresh."""
        self.refresh()

    def refresh(self) -> None:
        if not self.screens:
            return
        self.context.gateway.call(load_home_lists, label="home lists", on_done=self._loaded,
                                  on_error=self._failed)

    def _loaded(self, lists: HomeLists) -> None:
        view = self.view
        show_message(view.message, "")
        for box, model, rows in (
            (view.my_drafts, view.my_drafts_model, lists.my_drafts),
            (view.take_over, view.take_over_model, lists.take_over),
            (view.recent, view.recent_model, lists.recent),
        ):
            model.set_rows(rows)
            box.set_count(len(rows))
        view.alerts_model.set_rows(lists.alerts)
        view.alerts.set_count(len(lists.alerts))
        self.loads += 1

    def _failed(self, error: BaseException) -> None:
        from screening.services.errors import StationLockedError
        from screening.ui.context import NotUnlockedError

        if isinstance(error, NotUnlockedError | StationLockedError):
            return  # locked meanwhile: the lists load again when the page is shown
        show_message(self.view.message, tr("Home", "The lists could not be loaded. {error}",
                                           error=failure_text(error)))

    def open_screening(self, summary: ScreeningSummary) -> None:
        self.context.navigator.screening_requested.emit(str(summary.id))

    def open_person(self, alert: PersonAlert) -> None:
        self.context.navigator.person_requested.emit(str(alert.person.id))

    def _open_current(self, box: ListCard, model: RowsModel[ScreeningSummary]) -> None:
        index = box.table.currentIndex()
        if index.isValid():
            self.open_screening(model.row(index.row()))

    def _open_current_alert(self) -> None:
        index = self.view.alerts.table.currentIndex()
        if index.isValid():
            self.open_person(self.view.alerts_model.row(index.row()))
