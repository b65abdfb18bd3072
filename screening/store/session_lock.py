"""Who else has the station open: a lock file shared by open sessions, exclusive for a rekey.

Every unlocked ``Station`` holds a shared lock on ``station.lock``. Rekeying (removing a user) and
restoring need it exclusively: a session still open with the old key would otherwise write pages
the others cannot read, or keep writing to files a restore has set aside.

POSIX uses ``flock``; the lock goes away with the process, so a crash never leaves it held.
On Windows this is not implemented yet (every request succeeds); see the store's notes.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from screening.store.errors import StationBusyError

if sys.platform != "win32":
    import fcntl

log = logging.getLogger(__name__)

LOCK_FILE = "station.lock"


class SessionLock:
    """The lock one session holds on its station folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this session holds the lock."""
        return self._fd is not None

    def acquire_shared(self, *, timeout: float = 10.0) -> None:
        """Join the open sessions; waits (up to ``timeout``) while a rekey or restore runs."""
        fd = self._open()
        deadline = time.monotonic() + timeout
        while not self._flock(fd, exclusive=False):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StationBusyError(
                    "The station is being re-keyed or restored by an administrator. Try again in a minute."
                )
            time.sleep(0.05)
        self._fd = fd

    def try_exclusive(self) -> bool:
        """Become the only session, without waiting; False if other sessions are open."""
        if self._fd is None:
            self._fd = self._open()
        if self._flock(self._fd, exclusive=True):
            return True
        # A failed conversion may have dropped the shared lock: take it again.
        self._flock(self._fd, exclusive=False)
        return False

    def downgrade(self) -> None:
        """Back from exclusive to shared."""
        if self._fd is not None:
            self._flock(self._fd, exclusive=False)

    def release(self) -> None:
        """Leave (closing the file releases the lock)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def _open(self) -> int:
        return os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)

    @staticmethod
    def _flock(fd: int, *, exclusive: bool) -> bool:
        if sys.platform == "win32":
            return True
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            log.warning("station lock file could not be locked; continuing without it")
            return True
        return True
