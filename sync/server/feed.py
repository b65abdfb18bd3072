"""The change feed: publishing changes, and reading them with a cursor that never skips one.

Why a plain id cursor is not enough on PostgreSQL
-------------------------------------------------
``changes.id`` comes from a sequence, and a sequence hands out numbers when rows are *inserted*, not
when their transactions *commit*. If transaction A inserts id 10 and transaction B inserts id 11 and
commits first, a reader sees 11 but not 10; a cursor saved as "11" would skip 10 for ever once A
commits. Timestamps have the same flaw.

The scheme
----------
Every change row records the id of the transaction that wrote it, ``txid``
(``pg_current_xact_id()``, a 64-bit transaction id that never wraps; it is the column's default,
set by the migration). A reader takes, in the same statement, the *horizon*
``pg_snapshot_xmin(pg_current_snapshot())``: every transaction with an id below it has finished
(committed or rolled back), and every transaction still running, or yet to start, has an id at or
above it. The reader returns only rows with ``txid < horizon``, in ``(txid, id)`` order, after the
cursor ``(txid, id)`` of the last row it returned.

* Rows below the horizon are final: no transaction below it can still add or remove a row.
* Any row that becomes visible later belongs to a transaction at or above the horizon, so its
  ``(txid, id)`` sorts after every row returned now: the cursor cannot have passed it.

So a late commit holds the feed back (nothing of a transaction that started after the late one is
returned until the late one finishes) but is never skipped. The cursor is ordered by ``txid``
first, not by ``id``: a transaction that took its id early may insert its change row after a younger
transaction did, so in id order a safe row can follow an unsafe one (a test shows a bare id cursor
would skip it in that case). The ``id`` in the cursor breaks ties within one transaction.

On SQLite, writes are serialised by the database lock, so ids are handed out in commit order and
the cursor is ``(0, id)``. Cursors are opaque to stations: ``"<txid>.<id>"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, literal_column, or_, select, tuple_
from sqlalchemy.engine import Connection

from sync.protocol import (
    CHANGE_ADAPTER,
    CURSOR_PATTERN,
    Change,
    Directive,
    FormVersionChange,
    RegistryVersionChange,
)
from sync.server.db import changes, is_postgres, utcnow

TXID_DEFAULT_SQL = "(pg_current_xact_id()::text::bigint)"
"""The PostgreSQL column default of ``changes.txid`` (set in the initial migration)."""

_CURSOR = re.compile(CURSOR_PATTERN)


@dataclass(frozen=True, order=True)
class Cursor:
    """A position in the feed: the ``(txid, id)`` of the last change a station has applied."""

    txid: int = 0
    id: int = 0

    @classmethod
    def parse(cls, text: str | None) -> Cursor:
        """The cursor a station sent (empty or missing: the start). ``ValueError`` if malformed."""
        if not text:
            return cls()
        match = _CURSOR.match(text)
        if match is None:
            raise ValueError("not a cursor this service issued")
        return cls(int(match[2]), int(match[3]))

    def __str__(self) -> str:
        return f"{self.txid}.{self.id}"


def publish(
    connection: Connection,
    change: FormVersionChange | RegistryVersionChange | Directive,
    *,
    station_id: str | None = None,
) -> int:
    """Add a (signed) change to the feed in the caller's transaction; returns its row id.

    ``station_id`` targets it at one station (directives); ``None`` sends it to every station.
    """
    payload = change.model_dump(mode="json", exclude={"change_id"})
    result = connection.execute(
        insert(changes)
        .values(kind=change.kind, payload=payload, station_id=station_id, created_at=utcnow())
        .returning(changes.c.id)
    )
    return int(result.scalar_one())


@dataclass(frozen=True)
class FeedPage:
    cursor: Cursor
    changes: list[Change]
    more: bool


def read(connection: Connection, *, station_id: str, cursor: Cursor, limit: int) -> FeedPage:
    """Up to ``limit`` changes for ``station_id`` after ``cursor``, and the cursor after them.

    Call it before the transaction writes anything (its own transaction id would otherwise hold the
    horizon back to itself).
    """
    for_station = or_(changes.c.station_id.is_(None), changes.c.station_id == station_id)
    columns: list[Any] = [changes.c.id, changes.c.payload]
    if is_postgres(connection):
        horizon: Any = literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        statement = (
            select(*columns, changes.c.txid)
            .where(
                for_station,
                changes.c.txid < horizon,
                tuple_(changes.c.txid, changes.c.id) > tuple_(cursor.txid, cursor.id),
            )
            .order_by(changes.c.txid, changes.c.id)
            .limit(limit + 1)
        )
    else:
        statement = (
            select(*columns, changes.c.txid)
            .where(and_(for_station, changes.c.id > cursor.id))
            .order_by(changes.c.id)
            .limit(limit + 1)
        )
    rows = connection.execute(statement).all()
    more = len(rows) > limit
    rows = rows[:limit]
    found: list[Change] = []
    position = cursor
    for row in rows:
        found.append(CHANGE_ADAPTER.validate_python({**row.payload, "change_id": row.id}))
        position = Cursor(int(row.txid or 0), int(row.id))
    return FeedPage(cursor=position, changes=found, more=more)
