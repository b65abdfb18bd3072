"""What sync keeps OUTSIDE the encrypted database, in the station folder, so the sync worker can send
while the station is locked. Nothing here is readable as personal data:

``sync/enrolment.json``
    the centre's URL, this station's id at the centre, its agency, the send-only station
    credential and the centre's public keys (written once, at enrolment).
``sync/signing-key.json``
    the station's Ed25519 signing key, encrypted (AES-256-GCM) with a wrapping key that is kept
    inside the encrypted database: it opens only while the station is unlocked (see
    ``services.sealing``).
``sync/state.json``
    when the last push was tried and succeeded, the last error, and whether the centre revoked
    the station.
``outbox/<seq>-<Type>-<id>-v<version>.env``
    one sealed envelope per outbox row (``seq`` is the row's id, ``version`` the station's version
    of the record): encrypted to the centre and signed by the station, so a copied folder reveals
    nothing but record ids. ``.env.pending`` while the writing transaction is still open.
``outbox/acks/*.json``
    what the centre acknowledged since the last unlock; applied to the database (for the
    retention purge) and deleted at the next unlock.
``outbox/quarantine/``
    envelopes the centre refused (409/412/422/403) with ``reasons.json`` saying why; ``retry``
    puts them back.

Every file is written atomically (temporary file with mode 0600, fsync, rename); folders are 0700.
No database, no network, no Qt: the services and ``sync.client`` both use this.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, ValidationError

from screening.paths import ensure_dir
from screening.store.files import atomic_write_bytes, atomic_write_json, fsync_dir, read_json

log = logging.getLogger(__name__)

SYNC_DIR = "sync"
OUTBOX_DIR = "outbox"
ENROLMENT_FILE = "enrolment.json"
SIGNING_KEY_FILE = "signing-key.json"
STATE_FILE = "state.json"
ACKS_DIR = "acks"
QUARANTINE_DIR = "quarantine"
REASONS_FILE = "reasons.json"
PUSH_LOCK_FILE = ".push.lock"
ENVELOPE_SUFFIX = ".env"
PENDING_SUFFIX = ".env.pending"

ENROLMENT_FORMAT = "screening-sync-enrolment/1"

_ENVELOPE_NAME = re.compile(
    r"^(?P<seq>\d{10})-(?P<type>[A-Z][A-Za-z]{1,63})-(?P<id>[A-Za-z0-9\-.]{1,64})-v(?P<version>\d{1,9})"
    r"(?P<suffix>\.env|\.env\.pending)$"
)


class SyncFileError(Exception):
    """A sync file outside the database is missing or unreadable; the message says what to do."""


class Enrolment(BaseModel):
    """What enrolment left on disk (the send-only credential included)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: str = ENROLMENT_FORMAT
    url: str
    local_station_id: str
    station_id: str
    agency_id: str
    agency_type: str
    site: str
    credential: str
    centre_encryption_key: str
    centre_encryption_key_id: str
    centre_signing_key: str
    centre_signing_key_id: str
    station_public_key: str
    enrolled_at: datetime


class SyncState(BaseModel):
    """The push worker's own record: when it last tried and succeeded, and what went wrong."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    last_attempt_at: datetime | None = None
    last_synced_at: datetime | None = None
    last_error: str | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True, order=True)
class EnvelopeFile:
    """One sealed envelope waiting in the outbox folder (ordered by the outbox row it seals)."""

    seq: int
    resource_type: str
    resource_id: str
    version: int
    path: Path

    @property
    def url(self) -> str:
        """``<Type>/<id>``: where the push puts it."""
        return f"{self.resource_type}/{self.resource_id}"

    def read(self) -> bytes:
        """The envelope bytes exactly as sealed."""
        return self.path.read_bytes()


@dataclass(frozen=True)
class Acknowledgement:
    """The centre holds ``version`` (the station's numbering) of a record."""

    kind: str
    resource_id: str
    version: int


@dataclass(frozen=True)
class QuarantinedEnvelope:
    """An envelope the centre refused, and why (ids and the centre's reason; no content)."""

    name: str
    resource_type: str
    resource_id: str
    version: int
    status: int
    reason: str | None
    diagnostics: str | None
    at: datetime


def envelope_name(*, seq: int, resource_type: str, resource_id: str, version: int) -> str:
    """The file name of the envelope of outbox row ``seq``."""
    name = f"{seq:010d}-{resource_type}-{resource_id}-v{version}{ENVELOPE_SUFFIX}"
    if _ENVELOPE_NAME.match(name) is None:
        raise ValueError("not a resource type and id that sync can carry")
    return name


def parse_envelope_name(path: Path) -> EnvelopeFile | None:
    """The envelope a file name describes, or None if it is not one of ours."""
    match = _ENVELOPE_NAME.match(path.name)
    if match is None:
        return None
    return EnvelopeFile(
        seq=int(match["seq"]),
        resource_type=match["type"],
        resource_id=match["id"],
        version=int(match["version"]),
        path=path,
    )


def _send_order(envelope: EnvelopeFile) -> tuple[int, str]:
    return envelope.seq, envelope.path.name


def _utcnow() -> datetime:
    return datetime.now(UTC)


class SyncFolder:
    """The sync files of one station folder (see the module docstring)."""

    def __init__(self, home: str | os.PathLike[str]) -> None:
        self.home = Path(home).expanduser().resolve()
        self.sync_dir = self.home / SYNC_DIR
        self.outbox_dir = self.home / OUTBOX_DIR
        self.acks_dir = self.outbox_dir / ACKS_DIR
        self.quarantine_dir = self.outbox_dir / QUARANTINE_DIR

    # --- enrolment and keys ---

    @property
    def enrolment_path(self) -> Path:
        return self.sync_dir / ENROLMENT_FILE

    @property
    def signing_key_path(self) -> Path:
        return self.sync_dir / SIGNING_KEY_FILE

    @property
    def state_path(self) -> Path:
        return self.sync_dir / STATE_FILE

    def is_enrolled(self) -> bool:
        """True once enrolment has written its file."""
        return self.enrolment_path.exists()

    def enrolment(self) -> Enrolment:
        """The stored enrolment; ``SyncFileError`` if the station is not enrolled (or the file is bad)."""
        try:
            return Enrolment.model_validate(read_json(self.enrolment_path))
        except FileNotFoundError:
            raise SyncFileError(
                "This station is not enrolled with the central service. An administrator enrols it "
                "with `screening sync enrol`."
            ) from None
        except (OSError, ValueError, ValidationError):
            log.error("enrolment file unreadable")
            raise SyncFileError(
                "The station's enrolment file is damaged. Ask the central service for a new code and "
                "enrol the station again."
            ) from None

    def save_enrolment(self, enrolment: Enrolment) -> None:
        """Write the enrolment file (atomic, 0600)."""
        ensure_dir(self.sync_dir)
        atomic_write_json(self.enrolment_path, enrolment.model_dump(mode="json"))

    def read_signing_key_file(self) -> dict[str, Any] | None:
        """The encrypted signing key document, or None if there is none."""
        try:
            data = read_json(self.signing_key_path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.error("signing key file unreadable")
            return None
        return cast(dict[str, Any], data) if isinstance(data, dict) else None

    def save_signing_key_file(self, document: dict[str, Any]) -> None:
        """Write the encrypted signing key document (atomic, 0600)."""
        ensure_dir(self.sync_dir)
        atomic_write_json(self.signing_key_path, document)

    # --- state ---

    def state(self) -> SyncState:
        """The push worker's state (empty if never written or unreadable)."""
        try:
            return SyncState.model_validate(read_json(self.state_path))
        except (OSError, ValueError, ValidationError):
            return SyncState()

    def update_state(self, **changes: Any) -> SyncState:
        """Change some fields of the state file (atomic)."""
        state = self.state().model_copy(update=changes)
        ensure_dir(self.sync_dir)
        atomic_write_json(self.state_path, state.model_dump(mode="json"))
        return state

    def mark_revoked(self, at: datetime | None = None) -> None:
        """Record that the centre revoked this station: the worker stops sending."""
        if self.state().revoked_at is None:
            self.update_state(revoked_at=at or _utcnow())
            log.warning("the central service revoked this station; sending stopped")

    # --- envelopes ---

    def _ensure_outbox(self) -> None:
        ensure_dir(self.outbox_dir)

    def write_pending(
        self, *, seq: int, resource_type: str, resource_id: str, version: int, envelope: bytes
    ) -> Path:
        """Write an envelope as ``.env.pending`` (its transaction is still open); return the path."""
        self._ensure_outbox()
        name = envelope_name(seq=seq, resource_type=resource_type, resource_id=resource_id, version=version)
        path = self.outbox_dir / (name + ".pending")
        atomic_write_bytes(path, envelope)
        return path

    def write_envelope(
        self, *, seq: int, resource_type: str, resource_id: str, version: int, envelope: bytes
    ) -> Path:
        """Write a ready-to-send envelope directly (sealing outside a transaction, e.g. in tests)."""
        self._ensure_outbox()
        name = envelope_name(seq=seq, resource_type=resource_type, resource_id=resource_id, version=version)
        path = self.outbox_dir / name
        atomic_write_bytes(path, envelope)
        return path

    def promote(self, pending: Path) -> Path:
        """Make a ``.env.pending`` file sendable (after its transaction committed)."""
        target = pending.with_name(pending.name.removesuffix(".pending"))
        os.replace(pending, target)
        fsync_dir(pending.parent)
        return target

    def _scan(self, folder: Path, suffix: str | None = None) -> Iterator[EnvelopeFile]:
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            return
        for name in names:
            if suffix is not None and not name.endswith(suffix):
                continue
            match = _ENVELOPE_NAME.match(name)
            if match is None:
                continue
            yield EnvelopeFile(
                seq=int(match["seq"]),
                resource_type=match["type"],
                resource_id=match["id"],
                version=int(match["version"]),
                path=folder / name,
            )

    def envelopes(self) -> list[EnvelopeFile]:
        """Envelopes ready to send, oldest outbox row first."""
        return sorted(self._scan(self.outbox_dir, ENVELOPE_SUFFIX), key=_send_order)

    def pending_files(self) -> list[EnvelopeFile]:
        """Envelopes whose transaction had not committed when written (resolved at unlock)."""
        return sorted(self._scan(self.outbox_dir, PENDING_SUFFIX), key=_send_order)

    def waiting_count(self) -> int:
        """How many envelopes wait to be sent."""
        try:
            return sum(1 for name in os.listdir(self.outbox_dir) if name.endswith(ENVELOPE_SUFFIX)
                       and _ENVELOPE_NAME.match(name))
        except FileNotFoundError:
            return 0

    def remove(self, envelopes: list[EnvelopeFile]) -> None:
        """Delete envelopes (acknowledged, or superseded); missing files are fine."""
        for envelope in envelopes:
            with contextlib.suppress(FileNotFoundError):
                envelope.path.unlink()
        if envelopes:
            fsync_dir(self.outbox_dir)

    # --- acknowledgements ---

    def record_acknowledgements(
        self, acknowledged: list[Acknowledgement], *, at: datetime | None = None
    ) -> None:
        """Keep what the centre acknowledged for the next unlock (before the envelopes go)."""
        if not acknowledged:
            return
        ensure_dir(self.acks_dir)
        moment = at or _utcnow()
        name = f"{moment.strftime('%Y%m%dT%H%M%S%f')}-{secrets.token_hex(4)}.json"
        atomic_write_json(
            self.acks_dir / name,
            {
                "at": moment.isoformat(),
                "acknowledged": [
                    {"kind": a.kind, "resource_id": a.resource_id, "version": a.version} for a in acknowledged
                ],
            },
        )

    def acknowledgement_files(self) -> list[tuple[Path, list[Acknowledgement]]]:
        """Each acknowledgement file not yet applied, with what it holds (bad files are skipped)."""
        found: list[tuple[Path, list[Acknowledgement]]] = []
        try:
            paths = sorted(
                p for p in self.acks_dir.iterdir() if p.suffix == ".json" and not p.name.startswith(".")
            )
        except FileNotFoundError:
            return found
        for path in paths:
            try:
                data = read_json(path)
                items = [
                    Acknowledgement(str(i["kind"]), str(i["resource_id"]), int(i["version"]))
                    for i in data["acknowledged"]
                ]
            except (OSError, ValueError, KeyError, TypeError):
                log.error("acknowledgement file %s unreadable; left in place", path.name)
                continue
            found.append((path, items))
        return found

    def drop_acknowledgement_file(self, path: Path) -> None:
        """Delete an acknowledgement file once the database has taken it in."""
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    # --- quarantine ---

    @property
    def reasons_path(self) -> Path:
        return self.quarantine_dir / REASONS_FILE

    def _reasons(self) -> list[dict[str, Any]]:
        try:
            data = read_json(self.reasons_path)
        except (OSError, ValueError):
            return []
        return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []

    def quarantine(
        self, envelope: EnvelopeFile, *, status: int, reason: str | None, diagnostics: str | None
    ) -> None:
        """Move a refused envelope aside with the centre's reason (kept until ``retry``)."""
        ensure_dir(self.quarantine_dir)
        reasons = [r for r in self._reasons() if r.get("name") != envelope.path.name]
        reasons.append(
            {
                "name": envelope.path.name,
                "resource_type": envelope.resource_type,
                "resource_id": envelope.resource_id,
                "version": envelope.version,
                "status": status,
                "reason": reason,
                "diagnostics": diagnostics,
                "at": _utcnow().isoformat(),
            }
        )
        # The reason first: a crash between the two leaves a listed file still in the outbox,
        # which the next push simply sends again.
        atomic_write_json(self.reasons_path, reasons)
        os.replace(envelope.path, self.quarantine_dir / envelope.path.name)
        fsync_dir(self.outbox_dir)
        log.warning(
            "%s %s quarantined: centre answered %d (%s)",
            envelope.resource_type,
            envelope.resource_id,
            status,
            reason or "no reason",
        )

    def quarantined(self) -> list[QuarantinedEnvelope]:
        """Envelopes the centre refused, with why, oldest outbox row first."""
        present = {e.path.name for e in self._scan(self.quarantine_dir)}
        items: list[QuarantinedEnvelope] = []
        for record in self._reasons():
            name = str(record.get("name", ""))
            if name not in present:
                continue
            try:
                items.append(
                    QuarantinedEnvelope(
                        name=name,
                        resource_type=str(record["resource_type"]),
                        resource_id=str(record["resource_id"]),
                        version=int(record["version"]),
                        status=int(record["status"]),
                        reason=None if record.get("reason") is None else str(record["reason"]),
                        diagnostics=None if record.get("diagnostics") is None else str(record["diagnostics"]),
                        at=datetime.fromisoformat(str(record["at"])),
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
        listed = {item.name for item in items}
        for name in sorted(present - listed):  # a file without its reason (crash): still shown
            parsed = parse_envelope_name(self.quarantine_dir / name)
            assert parsed is not None
            items.append(
                QuarantinedEnvelope(
                    name=name,
                    resource_type=parsed.resource_type,
                    resource_id=parsed.resource_id,
                    version=parsed.version,
                    status=0,
                    reason=None,
                    diagnostics="the reason was not recorded",
                    at=_utcnow(),
                )
            )
        return sorted(items, key=lambda item: item.name)

    def quarantined_count(self) -> int:
        """How many envelopes need attention."""
        return sum(1 for _ in self._scan(self.quarantine_dir))

    def retry(self, names: list[str] | None = None) -> int:
        """Put quarantined envelopes (all, or those named) back in the outbox; return how many."""
        moved = 0
        wanted = None if names is None else set(names)
        for envelope in list(self._scan(self.quarantine_dir)):
            if wanted is not None and envelope.path.name not in wanted:
                continue
            os.replace(envelope.path, self.outbox_dir / envelope.path.name)
            moved += 1
        if moved:
            fsync_dir(self.outbox_dir)
            keep = [
                r for r in self._reasons() if (self.quarantine_dir / str(r.get("name", ""))).exists()
            ]
            atomic_write_json(self.reasons_path, keep)
            log.info("%d quarantined envelopes put back in the outbox", moved)
        return moved

    # --- one pusher at a time ---

    @contextlib.contextmanager
    def push_lock(self) -> Iterator[bool]:
        """Hold the outbox's push lock for the block; yields False if another process holds it."""
        self._ensure_outbox()
        path = self.outbox_dir / PUSH_LOCK_FILE
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            acquired = _try_lock(fd)
            try:
                yield acquired
            finally:
                if acquired:
                    _unlock(fd)
        finally:
            os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        return
    fcntl.flock(fd, fcntl.LOCK_UN)
