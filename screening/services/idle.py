"""The idle clock behind auto-lock.

The UI calls ``touch()`` on every key press, click or scroll it handles, and ``check()`` from a
timer (say every 15 seconds). Once ``idle_minutes`` pass without a touch, ``check()`` calls
``on_idle`` once (``Services.lock`` by default: the database closes and the key is wiped) and
reports it. The UI then shows the unlock screen, remembering where the user was; after the same
user unlocks, ``Services.resume`` carries on and the clock is ``reset()``.

No threads and no Qt: time comes from an injectable monotonic clock, so tests need no sleeping.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class IdleClock:
    """Calls ``on_idle`` when ``check()`` finds no ``touch()`` for ``idle_minutes``."""

    def __init__(
        self,
        *,
        idle_minutes: float,
        on_idle: Callable[[], None],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if idle_minutes <= 0:
            raise ValueError("idle_minutes must be positive")
        self.idle_seconds = idle_minutes * 60.0
        self._on_idle = on_idle
        self._monotonic = monotonic
        self._last = monotonic()
        self._fired = False

    @property
    def fired(self) -> bool:
        """True once the idle action has run (until ``reset``)."""
        return self._fired

    def touch(self) -> None:
        """The user did something: start the idle period again (ignored once locked)."""
        if not self._fired:
            self._last = self._monotonic()

    def seconds_left(self) -> float:
        """Seconds until the station locks without another touch (0 once due or locked)."""
        if self._fired:
            return 0.0
        return max(0.0, self.idle_seconds - (self._monotonic() - self._last))

    def check(self) -> bool:
        """Run the idle action if it is due (once); return True if the station is now locked."""
        if self._fired:
            return True
        if self._monotonic() - self._last < self.idle_seconds:
            return False
        self._fired = True
        log.info("idle for %.0f minutes: locking", self.idle_seconds / 60)
        self._on_idle()
        return True

    def reset(self, *, idle_minutes: float | None = None) -> None:
        """After an unlock: count from now again (optionally with a new period)."""
        if idle_minutes is not None:
            if idle_minutes <= 0:
                raise ValueError("idle_minutes must be positive")
            self.idle_seconds = idle_minutes * 60.0
        self._fired = False
        self._last = self._monotonic()
