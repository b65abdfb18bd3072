"""The append-only, hash-chained audit log.

Every row holds the station id, its sequence number, the time, the user id, the event, the ids of
what it concerns (``subjects``), details without personal data, and the SHA-256 of the previous
row; its own ``hash`` covers all of these. Old and new values of an edit go to ``audit_values``,
covered by the row's ``values_hash`` (salted, so once a retention purge deletes the values the
hash no longer reveals them, and the chain still verifies).

The chain head (last sequence number and hash) is also kept in a file beside the database, with
an HMAC keyed from the database key, so that removing the newest rows is detected. The head file
only ever moves forward along the chain; it is written after each commit (throttled for frequent
events such as ``edit`` and ``view``; flushed on lock). A head that lags behind the table is normal
after a crash; a head ahead of the table, or off the chain, is tampering.

``verify()`` walks the chain and reports the first broken row: edited, removed, reordered or
inserted rows, changed values, and a truncated tail.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from screening.store.db import Database, translated_errors
from screening.store.files import atomic_write_json, read_json

log = logging.getLogger(__name__)

HEAD_FORMAT = "screening-audit-head"
HEAD_VERSION = 1
_ROW_DOMAIN = "screening-audit/1"
_VALUES_DOMAIN = "screening-audit-values/1"
_HEAD_KDF_INFO = b"screening audit head hmac v1"


class AuditEvent(StrEnum):
    """Every kind of audit row. The schema's CHECK constraint lists the same values."""

    STATION_CREATE = "station_create"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    RECOVER = "recover"
    LOCK = "lock"
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    TAKE_OVER = "take_over"
    COMPLETE = "complete"
    FINALISE = "finalise"
    AMEND = "amend"
    SIGNOFF = "signoff"
    DISCLOSE = "disclose"
    EXPORT = "export"
    SYNC = "sync"
    USER_ADD = "user_add"
    USER_REMOVE = "user_remove"
    USER_RESET = "user_reset"
    PASSPHRASE_CHANGE = "passphrase_change"
    RECOVERY_KEY_CHANGE = "recovery_key_change"
    MIGRATE = "migrate"
    BACKUP = "backup"
    RESTORE = "restore"
    PURGE = "purge"
    DISCARD = "discard"


# Frequent events: their head-file update is throttled (see AuditLog.head_interval).
_FREQUENT_EVENTS = frozenset({AuditEvent.EDIT, AuditEvent.VIEW})

# Keys that suggest personal data in ``details``: put such content in ``values`` (purgeable).
FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "name",
        "names",
        "given_names",
        "family_name",
        "display_name",
        "date_of_birth",
        "dob",
        "address",
        "phone",
        "email",
        "passphrase",
        "password",
        "answer",
        "answers",
        "value",
        "text",
        "free_text",
    }
)


def head_key_from_db_key(db_key: bytes | bytearray, station_id: str) -> bytes:
    """The HMAC key for the chain-head file, derived from the database key with HKDF-SHA256."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=station_id.encode("utf-8"),
        info=_HEAD_KDF_INFO,
    ).derive(bytes(db_key))


def genesis_hash(station_id: str) -> str:
    """The ``prev_hash`` of row 1."""
    return hashlib.sha256(f"{_ROW_DOMAIN}|genesis|{station_id}".encode()).hexdigest()


def canonical_json(value: Any) -> str:
    """JSON text with sorted keys and no spaces: the form stored (and so hashed)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def row_hash(
    *,
    station_id: str,
    seq: int,
    at: str,
    user_id: str | None,
    event: str,
    subjects: str,
    details: str,
    values_hash: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) over a row's stored column values."""
    material = json.dumps(
        [_ROW_DOMAIN, station_id, seq, at, user_id, event, subjects, details, values_hash, prev_hash],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def values_hash(seq: int, salt: str, old: str | None, new: str | None) -> str:
    """SHA-256 (hex) over a row's stored old/new values and their salt."""
    material = json.dumps([_VALUES_DOMAIN, seq, salt, old, new], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainHead:
    """The last row of the chain: its sequence number and hash."""

    station_id: str
    seq: int
    hash: str


@dataclass(frozen=True)
class AuditRecord:
    """One audit row as read back (``old``/``new`` only when asked for and not purged)."""

    seq: int
    station_id: str
    at: str
    user_id: str | None
    event: str
    subjects: dict[str, Any]
    details: dict[str, Any]
    has_values: bool
    values_purged: bool
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of ``AuditLog.verify()``."""

    ok: bool
    rows_checked: int
    first_broken_seq: int | None = None
    problem: str | None = None
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        if self.ok:
            text = f"Audit log OK: {self.rows_checked} rows, chain and head verified."
        else:
            text = f"Audit log BROKEN at row {self.first_broken_seq}: {self.problem}"
        return "\n".join([text, *self.notes])


_UNSET: Any = object()


class AuditLog:
    """Appends to and verifies the audit chain of one open station."""

    def __init__(
        self,
        db: Database,
        *,
        station_id: str,
        head_path: Path,
        head_key: bytes,
        head_interval: float = 1.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db = db
        self.station_id = station_id
        self.head_path = head_path
        self._head_key = head_key
        self.head_interval = head_interval
        self._clock = clock or (lambda: datetime.now(UTC))
        self._last_head_write = float("-inf")
        self._head_dirty = False
        self._urgent = False
        self.create_head = False
        """Set when creating a station: lets ``flush_head`` write the first head file."""

    # --- writing ---

    def append(
        self,
        event: AuditEvent | str,
        *,
        user_id: str | None,
        subjects: Mapping[str, Any] | None = None,
        details: Mapping[str, Any] | None = None,
        values: tuple[Any, Any] | None = None,
        at: datetime | None = None,
    ) -> int:
        """Append one row and return its sequence number.

        ``subjects`` names what the event concerns by id (``{"person": id, "screening": id}``);
        ``details`` holds ids, codes and counts, never personal data. ``values=(old, new)``, any
        JSON values, goes to the purgeable ``audit_values`` table. Runs inside the caller's
        transaction if there is one, else in its own.
        """
        event = AuditEvent(event)
        subjects_text = canonical_json(dict(subjects or {}))
        details_map = dict(details or {})
        _check_details(details_map)
        details_text = canonical_json(details_map)
        stamp = _iso(at or self._clock())
        with self.db.transaction():
            last = self.db.query_one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            seq = 1 if last is None else int(last["seq"]) + 1
            prev = genesis_hash(self.station_id) if last is None else str(last["hash"])
            vhash: str | None = None
            if values is not None:
                salt = secrets.token_hex(16)
                old_text = None if values[0] is None else canonical_json(values[0])
                new_text = None if values[1] is None else canonical_json(values[1])
                vhash = values_hash(seq, salt, old_text, new_text)
            digest = row_hash(
                station_id=self.station_id,
                seq=seq,
                at=stamp,
                user_id=user_id,
                event=event.value,
                subjects=subjects_text,
                details=details_text,
                values_hash=vhash,
                prev_hash=prev,
            )
            self.db.execute(
                "INSERT INTO audit (seq, station_id, at, user_id, event, subjects, details,"
                " values_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    self.station_id,
                    stamp,
                    user_id,
                    event.value,
                    subjects_text,
                    details_text,
                    vhash,
                    prev,
                    digest,
                ),
            )
            if values is not None:
                self.db.execute(
                    "INSERT INTO audit_values (seq, salt, old, new) VALUES (?, ?, ?, ?)",
                    (seq, salt, old_text, new_text),
                )
            if event not in _FREQUENT_EVENTS:
                self._urgent = True
            self.db.after_commit(self._on_commit)
        return seq

    def purge_values(self, seqs: Iterable[int]) -> int:
        """Delete the stored old/new values of the given rows (the chain keeps verifying).

        Returns how many were deleted. The caller records the ``purge`` event.
        """
        wanted = sorted({int(seq) for seq in seqs})
        deleted = 0
        with self.db.transaction():
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                deleted += self.db.execute(f"DELETE FROM audit_values WHERE seq IN ({marks})", chunk)
        return deleted

    # --- the head file ---

    def _on_commit(self) -> None:
        self._head_dirty = True
        urgent, self._urgent = self._urgent, False
        if urgent or time.monotonic() - self._last_head_write >= self.head_interval:
            self.flush_head()

    def flush_head(self) -> None:
        """Write the head file for the newest committed row, if it moved (never backwards)."""
        if self.db.closed:
            return
        last = self.last()
        self._head_dirty = False
        self._last_head_write = time.monotonic()
        if last is None:
            return
        raw = self._read_raw_head()
        existing = None if raw is None else _parse_head(raw, self._head_key)
        if raw is None and self.create_head:
            self._write_head(last)
            return
        if existing is None:
            # Missing or altered: never paper over it (that would hide removed rows).
            log.error("audit head file missing or altered; leaving it for `audit verify`")
            return
        if existing == last:
            return
        if not self._head_on_chain(existing, last):
            log.error("audit head file disagrees with the audit table; leaving it as evidence")
            return
        self._write_head(last)

    def reset_head(self) -> None:
        """Write the head for the newest row unconditionally.

        For station creation and restore, or when IT has investigated a broken head and decided
        to start trusting the table again (record an audit event saying so first).
        """
        last = self.last()
        if last is not None:
            self._write_head(last)
        self._head_dirty = False

    def rekey_head(self, old_key: bytes, new_key: bytes) -> None:
        """Re-MAC the head file with ``new_key`` (after a rekey), if it is valid under either key."""
        data = self._read_raw_head()
        self._head_key = new_key
        if data is None:
            return
        for key in (old_key, new_key):
            head = _parse_head(data, key)
            if head is not None:
                self._write_head(head)
                return
        log.error("audit head file MAC invalid under old and new key; leaving it as evidence")

    def read_head(self) -> ChainHead | None:
        """The head stored in the file if present and its MAC is valid, else None."""
        return self._read_head_file()

    def check_head(self) -> str | None:
        """Quick tail check (no chain walk): a problem with the head, or None."""
        last = self.last()
        data = self._read_raw_head()
        if data is None:
            return None if last is None else "The audit chain head file is missing."
        head = _parse_head(data, self._head_key)
        if head is None:
            return "The audit chain head file was altered (its MAC does not match)."
        if head.station_id != self.station_id:
            return "The audit chain head file belongs to another station."
        if last is None or head.seq > last.seq:
            ending = 0 if last is None else last.seq
            return (
                f"The newest audit rows were removed: the chain head says row {head.seq}, "
                f"the log ends at row {ending}."
            )
        row = self.db.query_one("SELECT hash FROM audit WHERE seq = ?", (head.seq,))
        if row is None or str(row["hash"]) != head.hash:
            return f"Audit row {head.seq} does not match the chain head: rows were rewritten."
        return None

    def _head_on_chain(self, head: ChainHead, last: ChainHead) -> bool:
        if head.station_id != self.station_id or head.seq > last.seq:
            return False
        row = self.db.query_one("SELECT hash FROM audit WHERE seq = ?", (head.seq,))
        return row is not None and str(row["hash"]) == head.hash

    def _write_head(self, head: ChainHead) -> None:
        write_head_file(self.head_path, self._head_key, head)
        self._last_head_write = time.monotonic()

    def _read_raw_head(self) -> dict[str, Any] | None:
        try:
            data = read_json(self.head_path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _read_head_file(self) -> ChainHead | None:
        data = self._read_raw_head()
        return None if data is None else _parse_head(data, self._head_key)

    # --- reading ---

    def last(self) -> ChainHead | None:
        """The newest row in the table as a ``ChainHead``, or None if the log is empty."""
        row = self.db.query_one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        if row is None:
            return None
        return ChainHead(self.station_id, int(row["seq"]), str(row["hash"]))

    def records(
        self,
        *,
        since: datetime | None = None,
        after_seq: int = 0,
        limit: int = 1000,
        include_values: bool = False,
    ) -> list[AuditRecord]:
        """Rows in sequence order, from ``since`` (time) and after ``after_seq``."""
        rows = self.db.query(
            "SELECT a.*, v.seq AS v_seq, v.old AS v_old, v.new AS v_new FROM audit a"
            " LEFT JOIN audit_values v ON v.seq = a.seq"
            " WHERE a.seq > ? AND a.at >= ? ORDER BY a.seq LIMIT ?",
            (after_seq, _iso(since) if since else "", limit),
        )
        result = []
        for row in rows:
            has_values = row["values_hash"] is not None
            present = row["v_seq"] is not None
            result.append(
                AuditRecord(
                    seq=int(row["seq"]),
                    station_id=str(row["station_id"]),
                    at=str(row["at"]),
                    user_id=row["user_id"],
                    event=str(row["event"]),
                    subjects=json.loads(row["subjects"]),
                    details=json.loads(row["details"]),
                    has_values=has_values,
                    values_purged=has_values and not present,
                    old=_loads(row["v_old"]) if include_values and present else None,
                    new=_loads(row["v_new"]) if include_values and present else None,
                )
            )
        return result

    # --- verification ---

    def verify(self) -> VerifyResult:
        """Walk the whole chain and the head file; return OK or the first broken row."""
        if self._head_dirty:
            self.flush_head()
        notes: list[str] = []
        prev = genesis_hash(self.station_id)
        expected = 1
        checked = 0
        with translated_errors():
            values = self._values_iter()
            pending_value = next(values, None)
            cursor = self.db.connection.execute(
                "SELECT seq, station_id, at, user_id, event, subjects, details, values_hash,"
                " prev_hash, hash FROM audit ORDER BY seq"
            )
            for row in cursor:
                seq = int(row["seq"])
                if seq != expected:
                    if seq > expected:
                        gap = f"row {expected}" if seq == expected + 1 else f"rows {expected} to {seq - 1}"
                        return self._broken(checked, expected, f"{gap} missing: audit rows were removed.")
                    return self._broken(checked, seq, "sequence numbers out of order.")
                if row["station_id"] != self.station_id:
                    return self._broken(checked, seq, "the row belongs to another station.")
                recomputed = row_hash(
                    station_id=str(row["station_id"]),
                    seq=seq,
                    at=str(row["at"]),
                    user_id=row["user_id"],
                    event=str(row["event"]),
                    subjects=str(row["subjects"]),
                    details=str(row["details"]),
                    values_hash=row["values_hash"],
                    prev_hash=str(row["prev_hash"]),
                )
                if recomputed != row["hash"]:
                    return self._broken(
                        checked, seq, "the row does not match its hash: it was edited or moved."
                    )
                if row["prev_hash"] != prev:
                    return self._broken(
                        checked,
                        seq,
                        f"the row does not follow row {seq - 1}: rows were removed, inserted or reordered.",
                    )
                if pending_value is not None and pending_value[0] < seq:
                    return self._broken(
                        checked,
                        pending_value[0],
                        "stored values exist for an audit row that does not exist.",
                    )
                if pending_value is not None and pending_value[0] == seq:
                    vseq, salt, old, new = pending_value
                    pending_value = next(values, None)
                    if row["values_hash"] is None:
                        return self._broken(checked, seq, "values were added to a row that recorded none.")
                    if values_hash(vseq, salt, old, new) != row["values_hash"]:
                        return self._broken(checked, seq, "the row's old/new values were changed.")
                prev = str(row["hash"])
                expected += 1
                checked += 1
        if pending_value is not None:
            return self._broken(
                checked, pending_value[0], "stored values exist for an audit row that does not exist."
            )
        last = checked
        data = self._read_raw_head()
        if data is None:
            if last:
                return self._broken(
                    checked,
                    last,
                    "the chain head file is missing, so removed newest rows could not be detected.",
                )
            return VerifyResult(True, 0, notes=("The audit log is empty.",))
        head = _parse_head(data, self._head_key)
        if head is None:
            return self._broken(checked, last, "the chain head file was altered (MAC mismatch).")
        if head.station_id != self.station_id:
            return self._broken(checked, last, "the chain head file belongs to another station.")
        if head.seq > last:
            return self._broken(
                checked,
                last + 1,
                f"the newest audit rows were removed: the chain head says row {head.seq}, "
                f"the log ends at row {last}.",
            )
        row = self.db.query_one("SELECT hash FROM audit WHERE seq = ?", (head.seq,))
        if row is None or str(row["hash"]) != head.hash:
            return self._broken(
                checked, head.seq, "the row does not match the chain head: rows were rewritten."
            )
        if head.seq < last:
            notes.append(
                f"{last - head.seq} newest row(s) were written after the chain head was last "
                "saved (normal if the app was stopped abruptly)."
            )
        return VerifyResult(True, checked, notes=tuple(notes))

    def _broken(self, checked: int, seq: int, problem: str) -> VerifyResult:
        log.error("audit chain broken at row %d", seq)
        return VerifyResult(False, checked, first_broken_seq=seq, problem=problem)

    def _values_iter(self) -> Any:
        cursor = self.db.connection.execute("SELECT seq, salt, old, new FROM audit_values ORDER BY seq")
        for row in cursor:
            yield (int(row["seq"]), str(row["salt"]), row["old"], row["new"])


def write_head_file(path: Path, head_key: bytes, head: ChainHead) -> None:
    """Write a chain-head file for ``head`` with its HMAC (atomically)."""
    document = {
        "format": HEAD_FORMAT,
        "version": HEAD_VERSION,
        "station_id": head.station_id,
        "seq": head.seq,
        "hash": head.hash,
        "mac": _head_mac(head_key, head),
    }
    atomic_write_json(path, document)


def _check_details(details: Mapping[str, Any]) -> None:
    stack: list[Any] = [details]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                if str(key).lower() in FORBIDDEN_DETAIL_KEYS:
                    raise ValueError(
                        f"audit details must not hold personal data (key {key!r}); "
                        "pass old/new values as values=(old, new)"
                    )
                stack.append(value)
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _head_mac(key: bytes, head: ChainHead) -> str:
    material = canonical_json([HEAD_FORMAT, HEAD_VERSION, head.station_id, head.seq, head.hash])
    return hmac.new(key, material.encode("utf-8"), hashlib.sha256).hexdigest()


def _parse_head(data: Mapping[str, Any], key: bytes) -> ChainHead | None:
    try:
        if data.get("format") != HEAD_FORMAT or data.get("version") != HEAD_VERSION:
            return None
        head = ChainHead(str(data["station_id"]), int(data["seq"]), str(data["hash"]))
        mac = str(data["mac"])
    except (KeyError, TypeError, ValueError):
        return None
    if not hmac.compare_digest(_head_mac(key, head), mac):
        return None
    return head


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
