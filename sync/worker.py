"""Background push without Qt: a thread that pushes the outbox folder every ``interval`` seconds, at
once when poked (e.g. right after a finalisation), and backs off with jitter while the centre
cannot be reached. It needs no unlock; the UI runs one per app and shows what ``on_status`` says.

    worker = SyncWorker(SyncFolder(home), interval=60, on_status=show)
    worker.start()
    ...
    worker.poke()      # something was finalised
    ...
    worker.stop()      # at exit (joins the thread)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from screening.services.sync_state import SyncFolder
from sync.client import PushReport, SyncClient, SyncStatus

log = logging.getLogger(__name__)


class SyncWorker:
    """Pushes in the background (see the module docstring). ``client_options`` go to SyncClient."""

    def __init__(
        self,
        folder: SyncFolder,
        *,
        interval: float = 60.0,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_report: Callable[[PushReport], None] | None = None,
        **client_options: Any,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.interval = interval
        self._client = SyncClient(folder, on_status=on_status, **client_options)
        self._on_report = on_report
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def client(self) -> SyncClient:
        return self._client

    def start(self) -> None:
        """Start the thread (a first push runs at once)."""
        if self._thread is not None:
            return
        self._wake.set()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Push now (if a push is running, another follows it)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the current push and join the thread."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._client.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            delay = self._client.next_delay() or self.interval
            self._wake.wait(timeout=delay)
            if self._stopping.is_set():
                break
            self._wake.clear()
            try:
                report = self._client.push()
            except Exception:  # a bug must not end background sync for the session
                log.exception("background push failed")
                continue
            if self._on_report is not None:
                try:
                    self._on_report(report)
                except Exception:
                    log.exception("push report listener failed")
