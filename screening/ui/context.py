"""What every screen of the app shares: the services gateway, background tasks, navigation.

Screens (page controllers) receive one ``AppContext``. They never touch the station directly:
every use case goes through ``context.gateway.call(...)``, which runs it on the database worker
(the one thread that owns the SQLCipher connection) and delivers the result on the UI thread.

Navigation is by request signals on the context, so screens stay independent of each other:
the shell (``ui/shell.py``) connects each request to the controller that handles it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from screening.checklist.loader import FormLibrary
from screening.services.core import Services
from screening.ui.tasks import BackgroundTasks, WorkerStoppedError
from screening.ui.theme import ThemeController

T = TypeVar("T")


class NotUnlockedError(RuntimeError):
    """A use case was asked for while the station is locked."""


class ServicesGateway(QObject):
    """Runs use cases on the database worker with the unlocked ``Services``.

    ``services`` is created on the worker by the login screen (``set_services``) and dropped on
    lock; it is only ever touched on the worker thread.
    """

    def __init__(self, tasks: BackgroundTasks, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._services: Services | None = None

    def set_services(self, services: Services | None) -> None:
        """Called on the worker thread (inside a submitted operation) at unlock and at lock."""
        self._services = services

    def call(
        self,
        operation: Callable[[Services], T],
        *,
        label: str,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Submits ``operation(services)``; callbacks run on the UI thread. ``label`` (no personal
        data) names the operation in logs."""

        def run() -> T:
            if self._services is None or self._services.locked:
                raise NotUnlockedError("the station is locked")
            return operation(self._services)

        return self._tasks.database.submit(
            run, label=label, on_success=on_done, on_failure=on_error
        )

    def call_from_thread(self, operation: Callable[[Services], T], *, label: str) -> Future[T]:
        """For a background thread (never the UI thread): submits ``operation(services)`` to the
        database worker and returns a future that the worker itself resolves, so the caller may
        wait on it without the UI thread's help (``NotUnlockedError`` when locked)."""
        future: Future[T] = Future()

        def run() -> None:
            try:
                if self._services is None or self._services.locked:
                    raise NotUnlockedError("the station is locked")
                future.set_result(operation(self._services))
            except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
                future.set_exception(error)

        try:
            self._tasks.database.submit(run, label=label)
        except WorkerStoppedError as error:
            future.set_exception(error)
        return future

    def run_raw(
        self,
        operation: Callable[[], T],
        *,
        label: str,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Submits work that needs the worker but not an unlocked station (unlock itself,
        creating a station)."""
        return self._tasks.database.submit(
            operation, label=label, on_success=on_done, on_failure=on_error
        )


class Navigator(QObject):
    """Requests to move between screens; the shell decides which controller answers each."""

    home_requested = Signal()
    people_requested = Signal()  # search / pick a person (e.g. for a new screening)
    person_requested = Signal(str)  # person id
    new_screening_requested = Signal(str)  # person id ("" = choose a person first)
    screening_requested = Signal(str)  # screening id: resume a draft or open a record
    admin_requested = Signal()
    lock_requested = Signal()


@dataclass
class AppContext:
    """Everything a screen needs. Created once by ``screening.app``."""

    gateway: ServicesGateway
    tasks: BackgroundTasks
    navigator: Navigator
    theme: ThemeController | None
    library: FormLibrary | None = None
    """Loaded in the background after the login window shows; None until then."""
    station_name: str = ""
    demo: bool = False
    user_id: str = ""
    role: str = ""
    extras: dict[str, Any] = field(default_factory=dict)
    sync: Any = None
    """The background sync controller (``screening.ui.syncing.SyncController``) once started."""
