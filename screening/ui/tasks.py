"""Background work, as STYLE.md says: one worker owns the database, a separate pool does the rest.

- ``DatabaseWorker``: a single thread with a FIFO queue. Every operation that touches the station
  (the SQLCipher connection is opened *on* this thread and never leaves it) is submitted here as a
  callable; operations run one after another in submission order, so an answer saved before
  another is committed before it. Results and errors come back to the UI thread by Qt signal.
- ``TaskPool``: a ``QThreadPool`` for PDFs, sync and network, so they never queue behind the
  database (and the database never waits for the network).
- ``BackgroundTasks``: both together, with one ``shutdown()`` that joins them. Shutting down lets
  the database worker finish everything already queued (an answer in flight is still saved).

Callbacks given to ``submit`` run on the UI thread (the thread that created the worker), from the
event loop, never inside ``submit``. Nothing here logs arguments, results or exception messages:
they may hold personal data. The log gets the task's label and the exception's type.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]


class WorkerStoppedError(RuntimeError):
    """Work was submitted after ``shutdown()``."""


class _Job(NamedTuple, Generic[T]):
    ticket: int
    label: str
    operation: Callable[[], T]


_STOP = object()


class _Callbacks:
    """Per-ticket callbacks, kept on the UI thread only."""

    def __init__(self) -> None:
        self._success: dict[int, SuccessCallback] = {}
        self._failure: dict[int, FailureCallback] = {}

    def add(self, ticket: int, on_success: SuccessCallback | None,
            on_failure: FailureCallback | None) -> None:
        if on_success is not None:
            self._success[ticket] = on_success
        if on_failure is not None:
            self._failure[ticket] = on_failure

    def succeeded(self, ticket: int, result: object) -> None:
        self._failure.pop(ticket, None)
        callback = self._success.pop(ticket, None)
        if callback is not None:
            callback(result)

    def failed(self, ticket: int, error: BaseException) -> None:
        self._success.pop(ticket, None)
        callback = self._failure.pop(ticket, None)
        if callback is not None:
            callback(error)


class DatabaseWorker(QThread):
    """The one thread that owns the station's database connection.

    ``submit`` returns a ticket at once; when the operation has run, ``task_succeeded(ticket,
    result)`` or ``task_failed(ticket, error)`` is emitted and delivered on the UI thread, after
    the ``on_success`` / ``on_failure`` callback given to ``submit``.
    """

    task_succeeded = Signal(int, object)
    task_failed = Signal(int, object)
    _job_succeeded = Signal(int, object)
    _job_failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("database-worker")
        self._queue: queue.SimpleQueue[_Job[Any] | object] = queue.SimpleQueue()
        self._tickets = itertools.count(1)
        self._callbacks = _Callbacks()
        self._stopping = False
        self._thread_ident: int | None = None
        # This object lives on the UI thread, so these queued connections bring results home.
        self._job_succeeded.connect(self._deliver_success)
        self._job_failed.connect(self._deliver_failure)

    def submit(
        self,
        operation: Callable[[], T],
        *,
        label: str = "operation",
        on_success: Callable[[T], None] | None = None,
        on_failure: FailureCallback | None = None,
    ) -> int:
        """Queues ``operation`` to run on the database thread; returns its ticket.

        ``label`` names the operation in the log (never put personal data in it).
        """
        if self._stopping:
            raise WorkerStoppedError("the database worker has been shut down")
        ticket = next(self._tickets)
        self._callbacks.add(ticket, on_success, on_failure)
        self._queue.put(_Job(ticket, label, operation))
        return ticket

    def on_worker_thread(self) -> bool:
        """Whether the caller is running on the database thread (for assertions in operations)."""
        return self._thread_ident == threading.get_ident()

    def run(self) -> None:
        self._thread_ident = threading.get_ident()
        while True:
            job = self._queue.get()
            if job is _STOP:
                break
            assert isinstance(job, _Job)
            try:
                result = job.operation()
            except BaseException as error:  # noqa: BLE001 - reported to the UI, never swallowed
                log.warning("database task %s failed: %s", job.label, type(error).__name__)
                self._job_failed.emit(job.ticket, error)
            else:
                self._job_succeeded.emit(job.ticket, result)

    def shutdown(self) -> None:
        """Runs everything already queued, then stops the thread and joins it."""
        if self._stopping:
            return
        self._stopping = True
        if self.isRunning():
            self._queue.put(_STOP)
            self.wait()

    @Slot(int, object)
    def _deliver_success(self, ticket: int, result: object) -> None:
        self._callbacks.succeeded(ticket, result)
        self.task_succeeded.emit(ticket, result)

    @Slot(int, object)
    def _deliver_failure(self, ticket: int, error: object) -> None:
        assert isinstance(error, BaseException)
        self._callbacks.failed(ticket, error)
        self.task_failed.emit(ticket, error)


class _Relay(QObject):
    """Lives on the UI thread; pool threads emit through it so results arrive there."""

    job_succeeded = Signal(int, object)
    job_failed = Signal(int, object)


class _PoolJob(QRunnable):
    def __init__(self, job: _Job[Any], relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._job.operation()
        except BaseException as error:  # noqa: BLE001 - reported to the UI, never swallowed
            log.warning("background task %s failed: %s", self._job.label, type(error).__name__)
            self._relay.job_failed.emit(self._job.ticket, error)
        else:
            self._relay.job_succeeded.emit(self._job.ticket, result)


class TaskPool(QObject):
    """A thread pool for PDFs, sync and network; never for the database.

    Same contract as ``DatabaseWorker.submit``, except that jobs may run at the same time and in
    any order.
    """

    task_succeeded = Signal(int, object)
    task_failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.job_succeeded.connect(self._deliver_success)
        self._relay.job_failed.connect(self._deliver_failure)
        self._tickets = itertools.count(1)
        self._callbacks = _Callbacks()
        self._stopping = False

    def submit(
        self,
        operation: Callable[[], T],
        *,
        label: str = "task",
        on_success: Callable[[T], None] | None = None,
        on_failure: FailureCallback | None = None,
    ) -> int:
        if self._stopping:
            raise WorkerStoppedError("the task pool has been shut down")
        ticket = next(self._tickets)
        self._callbacks.add(ticket, on_success, on_failure)
        self._pool.start(_PoolJob(_Job(ticket, label, operation), self._relay))
        return ticket

    def shutdown(self) -> None:
        """Drops jobs that have not started, and waits for the running ones to finish."""
        self._stopping = True
        self._pool.clear()
        self._pool.waitForDone()

    @Slot(int, object)
    def _deliver_success(self, ticket: int, result: object) -> None:
        self._callbacks.succeeded(ticket, result)
        self.task_succeeded.emit(ticket, result)

    @Slot(int, object)
    def _deliver_failure(self, ticket: int, error: object) -> None:
        assert isinstance(error, BaseException)
        self._callbacks.failed(ticket, error)
        self.task_failed.emit(ticket, error)


class BackgroundTasks(QObject):
    """The app's background work: ``database`` (one thread, in order) and ``pool`` (the rest)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = DatabaseWorker(self)
        self.pool = TaskPool(self)

    def start(self) -> None:
        self.database.start()

    def shutdown(self) -> None:
        """Joins both: queued database work finishes first, so no answer in flight is lost."""
        self.pool.shutdown()
        self.database.shutdown()
