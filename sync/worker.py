"""Background sync without Qt: a thread that pushes the outbox folder every ``interval`` seconds,
at once when poked (e.g. right after a finalisation), and backs off with jitter while the centre
cannot be reached. Pushing needs no unlock; the UI runs one worker per app and shows what
``on_status`` says.

After each push the worker calls its ``puller`` (if one is set) on the same thread: the app sets
one while a user is logged in, to pull the change feed through the station database (see
``screening.services.station_sync.pull_changes``), and clears it at lock and logout.

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
from sync.client import PushOutcome, PushReport, SyncClient, SyncStatus

log = logging.getLogger(__name__)

Puller = Callable[[SyncClient], object]
"""Runs a pull with the worker's client (on the worker thread); what it returns goes to
``on_pulled``."""


class SyncWorker:
    """Pushes (and pulls, with a puller) in the background (see the module docstring).

    ``client_options`` go to ``SyncClient``; unless they name a ``sleep``, the backoff between
    retries of one batch sleeps on the worker's stop event, so ``stop`` never waits out a backoff.
    """

    def __init__(
        self,
        folder: SyncFolder,
        *,
        interval: float = 60.0,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_report: Callable[[PushReport], None] | None = None,
        on_pulled: Callable[[object], None] | None = None,
        **client_options: Any,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.interval = interval
        self._wake = threading.Event()
        self._stopping = threading.Event()
        client_options.setdefault("sleep", self._stopping.wait)
        self._on_status = on_status
        self._client = SyncClient(folder, on_status=on_status, **client_options)
        self._on_report = on_report
        self._on_pulled = on_pulled
        self._puller: Puller | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def client(self) -> SyncClient:
        return self._client

    @property
    def running(self) -> bool:
        """True while the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (a first pass runs at once)."""
        if self._thread is not None:
            return
        self._stopping.clear()
        self._wake.set()
        self._thread = threading.Thread(target=self._run, name="sync-worker", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Sync now (if a pass is running, another follows it)."""
        self._wake.set()

    def set_puller(self, puller: Puller | None) -> None:
        """Pull after every push with ``puller`` (None: push only). Takes effect at the next pass."""
        with self._lock:
            self._puller = puller

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the current pass and join the thread."""
        self._stopping.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("the sync worker did not stop within %.0f s", timeout)
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
                self._pass()
            except Exception:  # a bug must not end background sync for the session
                log.exception("background sync pass failed")

    def _pass(self) -> None:
        report = self._client.push()
        if self._on_report is not None:
            try:
                self._on_report(report)
            except Exception:
                log.exception("push report listener failed")
        with self._lock:
            puller = self._puller
        if puller is not None and report.outcome in (PushOutcome.DONE, PushOutcome.BUSY):
            if self._stopping.is_set():
                return
            try:
                pulled = puller(self._client)
            except Exception:
                log.exception("background pull failed")
            else:
                if self._on_pulled is not None:
                    try:
                        self._on_pulled(pulled)
                    except Exception:
                        log.exception("pull listener failed")
        if self._on_status is not None:
            # Also when nothing was sent (not enrolled, revoked): the status line follows the files.
            try:
                self._on_status(self._client.status())
            except Exception:
                log.exception("sync status listener failed")
