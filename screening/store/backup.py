"""The backup bundle: one file holding an encrypted copy of the station.

A bundle is a zip (stored, not compressed) with four members:

- ``station.db``: an encrypted SQLCipher copy (same database key as when it was made);
- ``station.keys.json``: the key slots of that moment, so it still needs a user's passphrase;
- ``audit-head.json``: the chain head of the copy, MAC'd like the live one;
- ``manifest.json``: station id, time made, schema version, last audit row: ids and numbers only.

Nothing in it is readable without a passphrase (or the recovery key) of that moment.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screening.store.errors import BackupError
from screening.store.files import PRIVATE_FILE_MODE, fsync_dir

BUNDLE_FORMAT = "screening-station-backup"
BUNDLE_VERSION = 1
BUNDLE_SUFFIX = ".screening-backup"
DB_MEMBER = "station.db"
SLOTS_MEMBER = "station.keys.json"
HEAD_MEMBER = "audit-head.json"
MANIFEST_MEMBER = "manifest.json"
_MEMBERS = (DB_MEMBER, SLOTS_MEMBER, HEAD_MEMBER, MANIFEST_MEMBER)


@dataclass(frozen=True)
class BundleManifest:
    """What a bundle says about itself (no personal data)."""

    station_id: str
    created_at: str
    schema_version: int
    audit_seq: int
    audit_hash: str | None

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored in the bundle."""
        return {
            "format": BUNDLE_FORMAT,
            "version": BUNDLE_VERSION,
            "station_id": self.station_id,
            "created_at": self.created_at,
            "schema_version": self.schema_version,
            "audit_seq": self.audit_seq,
            "audit_hash": self.audit_hash,
        }

    @classmethod
    def from_json(cls, data: Any) -> BundleManifest:
        """Parse and check the JSON form."""
        if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
            raise BackupError("This file is not a screening station backup.")
        if data.get("version") != BUNDLE_VERSION:
            raise BackupError("This backup was made by a different version of the app.")
        try:
            return cls(
                station_id=str(data["station_id"]),
                created_at=str(data["created_at"]),
                schema_version=int(data["schema_version"]),
                audit_seq=int(data["audit_seq"]),
                audit_hash=None if data["audit_hash"] is None else str(data["audit_hash"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupError("The backup's description (manifest) is damaged.") from exc


@dataclass(frozen=True)
class ExtractedBundle:
    """A bundle unpacked into a private folder."""

    folder: Path
    manifest: BundleManifest

    @property
    def database(self) -> Path:
        """The unpacked encrypted database copy."""
        return self.folder / DB_MEMBER

    @property
    def slots(self) -> Path:
        """The unpacked key slot file."""
        return self.folder / SLOTS_MEMBER

    @property
    def head(self) -> Path:
        """The unpacked chain-head file."""
        return self.folder / HEAD_MEMBER

    def remove(self) -> None:
        """Delete the unpacked files."""
        shutil.rmtree(self.folder, ignore_errors=True)


def write_bundle(
    destination: Path,
    *,
    database_copy: Path,
    slots_json: bytes,
    head_json: bytes,
    manifest: BundleManifest,
) -> None:
    """Write the bundle atomically (temporary file beside ``destination``, 0o600, fsync, rename)."""
    folder = destination.parent
    tmp = folder / f".{destination.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as bundle:
                bundle.writestr(MANIFEST_MEMBER, json.dumps(manifest.to_json(), indent=2))
                bundle.writestr(SLOTS_MEMBER, slots_json)
                bundle.writestr(HEAD_MEMBER, head_json)
                bundle.write(database_copy, DB_MEMBER)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


def read_manifest(path: Path) -> BundleManifest:
    """Read only the manifest of the bundle at ``path``."""
    try:
        with zipfile.ZipFile(path) as bundle:
            return BundleManifest.from_json(json.loads(bundle.read(MANIFEST_MEMBER)))
    except FileNotFoundError as exc:
        raise BackupError(f"There is no backup file at {path}.") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BackupError("This file is not a screening station backup, or it is damaged.") from exc


def extract_bundle(path: Path, into: Path) -> ExtractedBundle:
    """Unpack the bundle at ``path`` into the new private folder ``into``."""
    manifest = read_manifest(path)
    into.mkdir(mode=0o700, parents=True)
    try:
        with zipfile.ZipFile(path) as bundle:
            names = set(bundle.namelist())
            missing = [name for name in _MEMBERS if name not in names]
            if missing:
                raise BackupError("The backup is incomplete (missing " + ", ".join(missing) + ").")
            for name in _MEMBERS:
                target = into / name
                fd = os.open(
                    target,
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                    PRIVATE_FILE_MODE,
                )
                with os.fdopen(fd, "wb") as out, bundle.open(name) as member:
                    shutil.copyfileobj(member, out, 1024 * 1024)
    except (zipfile.BadZipFile, OSError) as exc:
        shutil.rmtree(into, ignore_errors=True)
        raise BackupError("The backup file is damaged and cannot be unpacked.") from exc
    except BaseException:
        shutil.rmtree(into, ignore_errors=True)
        raise
    return ExtractedBundle(into, manifest)
