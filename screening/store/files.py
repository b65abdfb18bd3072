"""Small file helpers: atomic, private writes of the files kept beside the database."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

PRIVATE_FILE_MODE = 0o600


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so readers see the old or the new file, never a mix.

    The temporary file is created in the same folder with mode 0o600 before anything is written,
    flushed to disk, renamed over ``path`` and the folder entry flushed too.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, PRIVATE_FILE_MODE)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


def atomic_write_json(path: Path, document: Any) -> None:
    """Write ``document`` as indented UTF-8 JSON with ``atomic_write_bytes``."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))


def read_json(path: Path) -> Any:
    """Read a JSON file written by ``atomic_write_json``."""
    with open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries to disk (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """Best effort: restrict ``path`` to its owner (ignored where modes mean nothing)."""
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_FILE_MODE)
