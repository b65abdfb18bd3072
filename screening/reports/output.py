"""Getting a rendered PDF out: its SHA-256 for the disclosure log, and an atomic write to the place
the user chose. PDFs are never written anywhere else (no temp folder, no cache)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600


def sha256_of(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lowercase hex digits (what the disclosure log records)."""
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or complete, never half.

    The bytes go to a temporary file in the same folder (created with mode 0o600, so nobody else
    can read it even for a moment), are flushed and fsynced, and the file is then renamed over
    ``path`` with ``os.replace``; the folder is fsynced too where the platform allows. The folder
    must exist. Returns the resolved path. On any error the temporary file is removed and the
    error raised.
    """
    target = Path(path).expanduser().resolve()
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"the folder to save in does not exist: {folder}")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.chmod(temp_name, FILE_MODE)  # mkstemp already uses 0o600; say so explicitly
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows cannot open a folder for fsync."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
