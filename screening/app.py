"""The composition root of the desktop app: where the station lives, whether a demo station may
be offered, how the forms load, then the window (``screening.ui.startup``).

    screening            open the app (the login window shows first; forms load behind it)
    screening --demo     the same, creating a demo station if the station folder is empty

A demo station is offered on the first-run screen only with ``--demo`` or in a development
build (running from source, not a frozen PyInstaller bundle). Qt is imported by ``screening.ui``
only; nothing heavy is imported here, so the window shows as soon as Qt is up.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from screening.paths import is_frozen, resource_path

log = logging.getLogger(__name__)

PROBE_ENV = "SCREENING_STARTUP_PROBE"
"""Set to ``1`` to print ``shown <seconds>`` and ``ready <seconds>`` (since the process started)
on stdout, or to ``exit`` to do so and close once ready: for ``tests/bench/bench_ui.py``."""

_STARTED = time.perf_counter()


def load_library() -> Any:
    """The shipped form library (runs in the background pool after the window shows)."""
    from screening.checklist.loader import FormLibrary

    return FormLibrary.load(resource_path("forms"))


def development_build() -> bool:
    """True when running from source rather than a frozen bundle."""
    return not is_frozen()


def _probe(event: str) -> None:
    with contextlib.suppress(OSError):  # a closed pipe must not stop the app
        print(f"{event} {time.perf_counter() - _STARTED:.4f}", flush=True)


def main(*, demo: bool = False, home: Path | None = None) -> int:
    """Open the app; returns when its window closes (the workers joined)."""
    # What is made on the way to the window (modules, classes, Qt's enums, the widgets) lives as
    # long as the app, so the cyclic garbage collector's passes over it find nothing: they are
    # put off until the window shows (some 15 ms of CPU sooner).
    collecting = gc.isenabled()
    gc.disable()
    try:
        from screening.ui.startup import StartupOptions, run

        probe = os.environ.get(PROBE_ENV, "").strip().lower()
        options = StartupOptions(
            home=home,
            load_library=load_library,
            demo_requested=demo,
            demo_allowed=demo or development_build(),
            probe=_probe if probe in ("1", "exit") else None,
            exit_when_ready=probe == "exit",
            after_shown=gc.enable if collecting else None,
        )
        log.info("starting the app (demo requested: %s, development build: %s)", demo,
                 development_build())
        return run(options)
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main(demo="--demo" in sys.argv[1:]))
