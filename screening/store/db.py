"""The SQLCipher connection: open with a raw key, assert the pragmas, translate failures.

Use ``open_database(path, key)`` and the returned ``Database``. It owns one ``sqlcipher3``
connection in autocommit mode; writes go through ``transaction()`` (``BEGIN IMMEDIATE`` ... ``COMMIT``).
One thread at a time may use it (the UI's database worker owns it).

SQLite errors that mean the file is damaged become ``StationDamagedError``; disk and permission
problems become ``StationIOError``; a held lock becomes ``StationBusyError``. Errors that are bugs
(bad SQL) or rule violations (``IntegrityError`` from a constraint or trigger) pass through unchanged.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import sqlcipher3

from screening.store.errors import (
    PragmaDriftError,
    StationBusyError,
    StationDamagedError,
    StationIOError,
    StationNotFoundError,
    WrongKeyError,
)
from screening.store.files import make_private

log = logging.getLogger(__name__)

Row: TypeAlias = Any
"""A result row (``sqlcipher3.Row``): index by column name or position."""
Params: TypeAlias = Sequence[Any] | dict[str, Any]

REQUIRED_CIPHER_MAJOR = "4."
BUSY_TIMEOUT_MS = 5000

# (pragma, value to set, value it must then read back)
_SET_PRAGMAS: tuple[tuple[str, str, str], ...] = (
    ("temp_store", "MEMORY", "2"),
    ("secure_delete", "ON", "1"),
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", "2"),
    ("foreign_keys", "ON", "1"),
)

_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_IO_CODES = {3, 8, 10, 13, 14, 15, 22}  # PERM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL, NOLFS
_BUSY_CODES = {5, 6}  # BUSY, LOCKED

DAMAGED_MESSAGE = (
    "The station database is damaged: part of the file failed its check. Nothing more can be "
    "saved safely. Ask IT to run `screening station check` and restore the latest backup."
)
IO_MESSAGE = (
    "The station's files could not be read or written (the disk may be full, missing or "
    "read-only). Free some space or ask IT, then try again."
)
BUSY_MESSAGE = "The station is busy in another program. Close it, or wait a moment, and try again."


def translate_error(exc: BaseException) -> BaseException:
    """Map a ``sqlcipher3`` error to the store's exception for it, or return it unchanged."""
    if not isinstance(exc, sqlcipher3.DatabaseError):
        return exc
    assert isinstance(exc, BaseException)
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    name = getattr(exc, "sqlite_errorname", "unknown")
    if primary in _CORRUPT_CODES or (primary is None and "malformed" in str(exc)):
        log.error("station database damaged (%s)", name)
        return StationDamagedError(DAMAGED_MESSAGE)
    if primary in _IO_CODES:
        log.error("station database I/O failure (%s)", name)
        return StationIOError(IO_MESSAGE)
    if primary in _BUSY_CODES:
        log.warning("station database busy (%s)", name)
        return StationBusyError(BUSY_MESSAGE)
    return exc


@contextlib.contextmanager
def translated_errors() -> Iterator[None]:
    """Re-raise damage, I/O and lock errors from SQLCipher as the store's exceptions."""
    try:
        yield
    except sqlcipher3.DatabaseError as exc:
        mapped = translate_error(exc)
        if mapped is exc:
            raise
        raise mapped from exc


def _raw_key_literal(key: bytes | bytearray) -> bytearray:
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return bytearray(b"x'") + bytearray(bytes(key).hex().encode("ascii")) + bytearray(b"'")


def _wipe(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0


class Database:
    """An open, keyed station database. Create with ``open_database``."""

    def __init__(self, connection: Any, path: Path) -> None:
        self._conn = connection
        self.path = path
        self._after_commit: list[Callable[[], None]] = []
        self._depth = 0

    # --- queries ---

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        with translated_errors():
            cursor = self._conn.execute(sql, params)
            return int(cursor.rowcount)

    def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT; return the new row's rowid."""
        with translated_errors():
            cursor = self._conn.execute(sql, params)
            return int(cursor.lastrowid)

    def executemany(self, sql: str, rows: Sequence[Params]) -> int:
        """Run one statement for each parameter set; return the rows changed."""
        with translated_errors():
            cursor = self._conn.executemany(sql, rows)
            return int(cursor.rowcount)

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        """Run a query and fetch every row."""
        with translated_errors():
            return list(self._conn.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Params = ()) -> Row | None:
        """Run a query and return its first row, or None."""
        with translated_errors():
            return self._conn.execute(sql, params).fetchone()

    def query_value(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row (None if no row)."""
        row = self.query_one(sql, params)
        return None if row is None else row[0]

    # --- transactions ---

    @property
    def in_transaction(self) -> bool:
        """True inside ``transaction()``."""
        return bool(self._conn.in_transaction)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` if the block raises.

        Nested use joins the outer transaction through a savepoint. Callbacks registered with
        ``after_commit`` run once the outermost transaction has committed.
        """
        if self._depth > 0:
            name = f"sp{self._depth}"
            self.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                with translated_errors():
                    self._conn.execute(f"ROLLBACK TO {name}")
                    self._conn.execute(f"RELEASE {name}")
                raise
            self._depth -= 1
            self.execute(f"RELEASE {name}")
            return
        self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
            self.execute("COMMIT")
        except BaseException:
            self._depth = 0
            self._after_commit.clear()
            if self._conn.in_transaction:
                with contextlib.suppress(sqlcipher3.Error):
                    self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.exception("after-commit callback failed")

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` after the current transaction commits (now, if there is none)."""
        if self._depth == 0:
            callback()
        elif callback not in self._after_commit:
            self._after_commit.append(callback)

    # --- maintenance ---

    def checkpoint(self) -> None:
        """Copy the WAL into the main file and truncate it."""
        with translated_errors():
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def schema_version(self) -> int:
        """``PRAGMA user_version``."""
        return int(self.query_value("PRAGMA user_version"))

    def assert_pragmas(self) -> None:
        """Raise ``PragmaDriftError`` unless every required setting reads back as required."""
        problems = pragma_problems(self._conn)
        if problems:
            log.error("station database settings drifted: %s", "; ".join(problems))
            raise PragmaDriftError(
                "The station database is not running with its required security settings ("
                + "; ".join(problems)
                + "). The app will not use it this way. Ask IT to check the installation."
            )

    def integrity_check(self) -> list[str]:
        """Run ``PRAGMA cipher_integrity_check`` and ``PRAGMA integrity_check``.

        Returns readable problems, empty when both pass.
        """
        return _integrity_problems(self._conn)

    def rekey(self, new_key: bytes | bytearray) -> None:
        """Re-encrypt the whole database under ``new_key`` (``PRAGMA rekey``)."""
        if self.in_transaction:
            raise RuntimeError("rekey inside a transaction")
        literal = _raw_key_literal(new_key)
        try:
            with translated_errors():
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                self._conn.reset_key(literal)
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            _wipe(literal)
        log.info("station database rekeyed")

    def export_encrypted(self, destination: Path, key: bytes | bytearray) -> None:
        """Write a complete encrypted copy to ``destination`` (which must not exist).

        The copy is keyed with ``key`` and keeps the schema version.
        """
        if destination.exists():
            raise FileExistsError(destination)
        if self.in_transaction:
            raise RuntimeError("export inside a transaction")
        literal = _raw_key_literal(key)
        version = self.schema_version()
        try:
            with translated_errors():
                self._conn.execute(
                    "ATTACH DATABASE ? AS export_copy KEY ?", (str(destination), bytes(literal))
                )
                try:
                    self._conn.execute("SELECT sqlcipher_export('export_copy')").fetchall()
                    self._conn.execute(f"PRAGMA export_copy.user_version = {int(version)}")
                finally:
                    self._conn.execute("DETACH DATABASE export_copy")
        finally:
            _wipe(literal)
        make_private(destination)

    @property
    def connection(self) -> Any:
        """The raw ``sqlcipher3`` connection, for what this class does not wrap. Prefer the methods."""
        return self._conn

    @property
    def closed(self) -> bool:
        """True after ``close()``."""
        return self._conn is None

    def close(self) -> None:
        """Close the connection (checkpointing the WAL into the main file where possible)."""
        if self._conn is None:
            return
        conn, self._conn = self._conn, None
        try:
            with contextlib.suppress(sqlcipher3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()


def open_database(path: Path, key: bytes | bytearray, *, create: bool = False) -> Database:
    """Open the SQLCipher database at ``path`` with the 32-byte raw ``key``.

    Sets and then asserts the required pragmas (SQLCipher 4.x, ``temp_store`` MEMORY,
    ``secure_delete``, WAL, ``synchronous`` FULL, log level NONE, foreign keys). With
    ``create=False`` a missing file raises ``StationNotFoundError``.

    Raises ``WrongKeyError`` if the key does not open the file, ``StationDamagedError`` if the file
    is damaged, ``PragmaDriftError`` if a setting cannot be made to hold.
    """
    if not create and not path.exists():
        raise StationNotFoundError(
            f"There is no station database in {path.parent}. Create a station first, or check "
            "the station folder setting."
        )
    is_new = not path.exists()
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher3.Error as exc:
        raise translate_error(exc) from exc
    literal = _raw_key_literal(key)
    try:
        # Set before keying, so that a wrong key logs nothing to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(literal)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlcipher3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) == 26:  # SQLITE_NOTADB: HMAC of page 1
                raise WrongKeyError("This key does not open the station database.") from exc
            raise translate_error(exc) from exc
        conn.row_factory = sqlcipher3.Row
        with translated_errors():
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            for name, value, _expected in _SET_PRAGMAS:
                conn.execute(f"PRAGMA {name} = {value}").fetchall()
        database = Database(conn, path)
        database.assert_pragmas()
    except BaseException:
        conn.close()
        raise
    finally:
        _wipe(literal)
    if is_new:
        # SQLite gives the -wal and -shm files the main file's mode.
        make_private(path)
    log.debug("station database opened")
    return database


def pragma_problems(conn: Any) -> list[str]:
    """What differs from the required settings on ``conn`` (empty when all hold)."""
    problems: list[str] = []

    def read(pragma: str) -> str:
        row = conn.execute(f"PRAGMA {pragma}").fetchone()
        return "" if row is None else str(row[0])

    version = read("cipher_version")
    if not version.startswith(REQUIRED_CIPHER_MAJOR):
        problems.append(f"cipher_version is {version or 'missing'}, need {REQUIRED_CIPHER_MAJOR}x")
    level = read("cipher_log_level")
    if level.upper() != "NONE":
        problems.append(f"cipher_log_level is {level}, need NONE")
    if read("cipher_use_hmac") != "1":
        problems.append("cipher_use_hmac is off, need on")
    for name, _value, expected in _SET_PRAGMAS:
        actual = read(name).lower()
        if actual != expected:
            problems.append(f"{name} is {actual}, need {expected}")
    options = {str(row[0]) for row in conn.execute("PRAGMA compile_options").fetchall()}
    if not ({"TEMP_STORE=2", "TEMP_STORE=3"} & options):
        problems.append("SQLCipher is built so temporary data may go to disk (TEMP_STORE)")
    return problems


def integrity_check_file(path: Path, key: bytes | bytearray) -> list[str]:
    """Check the database at ``path`` without the pragma assertions, reporting rather than raising.

    For ``screening station check``: also reports a file that cannot be opened at all.
    """
    if not path.exists():
        return [f"There is no station database at {path}."]
    try:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    except sqlcipher3.Error as exc:
        return [f"The database file cannot be opened ({getattr(exc, 'sqlite_errorname', exc)})."]
    literal = _raw_key_literal(key)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.set_key(literal)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlcipher3.DatabaseError as exc:
            if getattr(exc, "sqlite_errorcode", None) == 26:
                return [
                    "Page 1 of the database failed its authentication check: either page 1 is "
                    "damaged or the key does not belong to this database."
                ]
        return _integrity_problems(conn)
    finally:
        _wipe(literal)
        conn.close()


def _integrity_problems(conn: Any) -> list[str]:
    problems: list[str] = []
    try:
        for row in conn.execute("PRAGMA cipher_integrity_check").fetchall():
            problems.append(_readable_cipher_problem(str(row[0])))
    except sqlcipher3.DatabaseError as exc:
        problems.append(
            "The page authentication check could not finish "
            f"({getattr(exc, 'sqlite_errorname', 'error')}: {exc})."
        )
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        messages = [str(row[0]) for row in rows]
        if messages != ["ok"]:
            problems.extend(f"SQLite integrity check: {message}" for message in messages)
    except sqlcipher3.DatabaseError as exc:
        problems.append(
            "The SQLite integrity check could not finish "
            f"({getattr(exc, 'sqlite_errorname', 'error')}: {exc})."
        )
    return problems


def _readable_cipher_problem(message: str) -> str:
    lowered = message.lower()
    if "hmac" in lowered and "page" in lowered:
        page = message.rsplit(" ", 1)[-1]
        return f"Page {page} failed its authentication check: it was changed or damaged on disk ({message})."
    return f"Page authentication check: {message}"
