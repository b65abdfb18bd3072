"""The SHA-256 helper and the atomic write to the user's chosen path."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import pytest

from screening.reports import output
from screening.reports.output import sha256_of, write_atomic


def test_sha256_of_is_the_hex_digest() -> None:
    assert sha256_of(b"%PDF-1.4") == hashlib.sha256(b"%PDF-1.4").hexdigest()
    assert len(sha256_of(b"")) == 64


def test_write_atomic_writes_private_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    assert write_atomic(target, b"first") == target.resolve()
    assert write_atomic(target, b"second") == target.resolve()
    assert target.read_bytes() == b"second"
    assert [path.name for path in tmp_path.iterdir()] == ["summary.pdf"]
    if sys.platform != "win32":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_failed_write_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "summary.pdf"
    target.write_bytes(b"old")

    def broken_replace(source: str, destination: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["summary.pdf"]


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nope" / "summary.pdf", b"x")
