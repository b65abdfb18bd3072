"""The process the kill test SIGKILLs: it autosaves answers through the services, forever.

Run as ``python -m tests.reliability.autosave_child HOME USER_ID PASSPHRASE_FILE STATE_FILE``. It
imports everything and loads the forms once, then reads commands on stdin, one per line::

    run <run-number> <screening-id> <item-code>[,<item-code>...]

For each, it forks a worker (a fresh process, so each kill lands on its own process) and waits for
it. The worker unlocks the station, then loops: mark "saving" in the shared state file, call
``services.screenings.answer(...)`` with a value unique to this save, and only after the call has
returned write ``S saved <item> <value>`` to stdout (one ``write``, so a line is whole or absent)
and mark "saved". The fork server writes ``Z started <pid>`` and ``Z exited <pid> <wait status>``.

The state file is 16 bytes, memory-mapped by both sides: the save counter (8 bytes), then the
state byte (``STATE_*``). The parent reads it once the worker is dead, so it sees the state the
kill left.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screening.checklist.loader import FormLibrary

STATE_STARTING = 0
STATE_READY = 1
STATE_SAVING = 2
STATE_SAVED = 3
STATE_SIZE = 16
_COUNTER = struct.Struct("<Q")
MAX_SAVES = 100_000  # a worker nobody kills stops by itself


def read_state(view: mmap.mmap) -> tuple[int, int]:
    """(state, save counter) from the shared state file."""
    return view[8], _COUNTER.unpack_from(view, 0)[0]


def _write(line: str) -> None:
    os.write(1, line.encode("ascii") + b"\n")


def _worker(view: mmap.mmap, home: str, user_id: str, passphrase: str, library: FormLibrary,
            run: int, screening_id: str, items: list[str]) -> None:
    from uuid import UUID

    from screening.services.core import Services
    from screening.store.station import unlock

    station = unlock(home, user_id=user_id, passphrase=passphrase)
    services = Services(station, library)
    target = UUID(screening_id)
    view[8] = STATE_READY
    _write(f"S ready {run}")
    for count in range(1, MAX_SAVES + 1):
        item = items[count % len(items)]
        value = f"r{run}n{count}"
        _COUNTER.pack_into(view, 0, count)
        view[8] = STATE_SAVING
        services.screenings.answer(screening_id=target, item_code=item, value=value)
        _write(f"S saved {item} {value}")
        view[8] = STATE_SAVED


def main(argv: list[str]) -> int:
    home, user_id, passphrase_file, state_file = argv
    passphrase = Path(passphrase_file).read_text(encoding="utf-8").splitlines()[0]
    # Everything a worker needs is imported and loaded here, once, before any fork.
    from screening.checklist.loader import FormLibrary
    from screening.paths import resource_path
    from screening.services.core import Services  # noqa: F401
    from screening.store.station import unlock  # noqa: F401

    library = FormLibrary.load(resource_path("forms"))
    with open(state_file, "r+b") as handle:
        view = mmap.mmap(handle.fileno(), STATE_SIZE)
    _write("Z ready")
    for line in sys.stdin:
        command, run, screening_id, items = line.split()
        if command != "run":
            raise SystemExit(f"unknown command {command!r}")
        view[8] = STATE_STARTING
        _COUNTER.pack_into(view, 0, 0)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _worker(view, home, user_id, passphrase, library, int(run), screening_id,
                        items.split(","))
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        _write(f"Z started {pid}")
        _, status = os.waitpid(pid, 0)
        _write(f"Z exited {pid} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
