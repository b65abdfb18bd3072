"""The audit chain: any single edited, removed or moved row, and a cut tail, is found."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from screening.store.audit import AuditEvent, AuditLog, head_key_from_db_key, row_hash
from screening.store.db import open_database
from screening.store.keyslots import new_database_key
from screening.store.migrations import migrate

STATION = "station-under-test"
ROWS = 8
COLUMNS = (
    "seq",
    "station_id",
    "at",
    "user_id",
    "event",
    "subjects",
    "details",
    "values_hash",
    "prev_hash",
    "hash",
)


class Chain:
    def __init__(self, tmp_path: Path) -> None:
        self.key = new_database_key()
        self.head_path = tmp_path / "audit-head.json"
        self.db = open_database(tmp_path / "a.db", self.key, create=True)
        migrate(self.db, backup=None)
        self.log = self.new_log()
        self.log.create_head = True

    def new_log(self, key: bytes | None = None) -> AuditLog:
        return AuditLog(
            self.db,
            station_id=STATION,
            head_path=self.head_path,
            head_key=key or head_key_from_db_key(self.key, STATION),
        )

    def fill(self, rows: int = ROWS) -> None:
        start = datetime(2025, 1, 31, 9, 0, tzinfo=UTC)
        for i in range(rows):
            event = AuditEvent.EDIT if i % 2 else AuditEvent.VIEW
            self.log.append(
                event,
                user_id=f"user{i % 3}",
                subjects={"screening": f"s{i}"},
                details={"item": f"A{i}"},
                values=("no", "yes") if event == AuditEvent.EDIT else None,
                at=start + timedelta(seconds=i),
            )
        self.log.flush_head()

    def verify(self) -> object:
        return self.new_log().verify()

    # tampering, as someone holding the key and a SQL tool would do it
    def unguard(self) -> sqlcipher3.Connection:
        conn = self.db.connection
        conn.execute("PRAGMA foreign_keys = OFF")
        for trigger in ("audit_no_update", "audit_no_delete", "audit_values_no_update"):
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        return conn

    def rows(self) -> list[dict[str, object]]:
        return [
            dict(zip(COLUMNS, tuple(r), strict=True))
            for r in self.db.query(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY seq")
        ]

    def rewrite(self, rows: list[dict[str, object]]) -> None:
        conn = self.unguard()
        conn.execute("DELETE FROM audit")
        for row in rows:
            conn.execute(
                f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                [row[c] for c in COLUMNS],
            )


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Chain]:
    made = Chain(tmp_path)
    made.fill()
    yield made
    made.db.close()


def _broken_at(result: object, seq: int, words: str) -> None:
    assert not result.ok, str(result)  # type: ignore[attr-defined]
    assert result.first_broken_seq == seq, str(result)  # type: ignore[attr-defined]
    assert words in (result.problem or ""), str(result)  # type: ignore[attr-defined]


def test_an_untouched_chain_verifies(chain: Chain) -> None:
    result = chain.verify()
    assert result.ok and result.rows_checked == ROWS, str(result)  # type: ignore[attr-defined]


def test_the_table_refuses_updates_and_deletes(chain: Chain) -> None:
    with pytest.raises(sqlcipher3.IntegrityError):
        chain.db.execute("UPDATE audit SET details = '{}' WHERE seq = 2")
    with pytest.raises(sqlcipher3.IntegrityError):
        chain.db.execute("DELETE FROM audit WHERE seq = 2")


@pytest.mark.parametrize("seq", range(1, ROWS + 1))
def test_editing_any_single_row_is_found(chain: Chain, seq: int) -> None:
    chain.unguard().execute('UPDATE audit SET details = \'{"item":"Z9"}\' WHERE seq = ?', (seq,))
    _broken_at(chain.verify(), seq, "edited")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", "2030-01-01T00:00:00.000000Z"),
        ("user_id", "someone_else"),
        ("event", "finalise"),
        ("subjects", '{"screening":"other"}'),
        ("values_hash", None),
        ("prev_hash", "0" * 64),
        ("hash", "f" * 64),
    ],
)
def test_editing_any_column_is_found(chain: Chain, column: str, value: object) -> None:
    chain.unguard().execute(f"UPDATE audit SET {column} = ? WHERE seq = 4", (value,))
    result = chain.verify()
    assert not result.ok and result.first_broken_seq == 4, str(result)  # type: ignore[attr-defined]


def test_a_row_from_another_station_is_found(chain: Chain) -> None:
    chain.unguard().execute("UPDATE audit SET station_id = 'elsewhere' WHERE seq = 3")
    _broken_at(chain.verify(), 3, "another station")


@pytest.mark.parametrize("seq", range(1, ROWS))
def test_removing_any_single_row_is_found(chain: Chain, seq: int) -> None:
    chain.unguard().execute("DELETE FROM audit WHERE seq = ?", (seq,))
    _broken_at(chain.verify(), seq, "removed")


@pytest.mark.parametrize("count", [1, 2, 5])
def test_removing_the_newest_rows_is_found_by_the_head(chain: Chain, count: int) -> None:
    conn = chain.unguard()
    conn.execute("DELETE FROM audit WHERE seq > ?", (ROWS - count,))
    conn.execute("DELETE FROM audit_values WHERE seq > ?", (ROWS - count,))
    _broken_at(chain.verify(), ROWS - count + 1, "newest audit rows were removed")
    assert "removed" in (chain.new_log().check_head() or "")


@pytest.mark.parametrize(("first", "second"), [(1, 2), (3, 4), (2, 7), (7, 8)])
def test_swapping_two_rows_is_found(chain: Chain, first: int, second: int) -> None:
    rows = chain.rows()
    a, b = rows[first - 1], rows[second - 1]
    rows[first - 1] = {**b, "seq": first}
    rows[second - 1] = {**a, "seq": second}
    chain.rewrite(rows)
    _broken_at(chain.verify(), first, "edited or moved")


def test_moving_one_row_later_is_found(chain: Chain) -> None:
    rows = chain.rows()
    moved = rows.pop(2)
    rows.insert(5, moved)
    chain.rewrite([{**row, "seq": i} for i, row in enumerate(rows, start=1)])
    _broken_at(chain.verify(), 3, "edited or moved")


def test_rewriting_the_chain_with_fresh_hashes_is_found_by_the_head(chain: Chain) -> None:
    rows = chain.rows()
    prev = rows[2]["hash"]
    for row in rows[3:]:
        if row["seq"] == 4:
            row["details"] = '{"item":"forged"}'
        row["prev_hash"] = prev
        row["hash"] = row_hash(
            station_id=str(row["station_id"]),
            seq=int(row["seq"]),
            at=str(row["at"]),  # type: ignore[call-overload]
            user_id=row["user_id"],
            event=str(row["event"]),
            subjects=str(row["subjects"]),  # type: ignore[arg-type]
            details=str(row["details"]),
            values_hash=row["values_hash"],
            prev_hash=str(prev),  # type: ignore[arg-type]
        )
        prev = row["hash"]
    chain.rewrite(rows)
    _broken_at(chain.verify(), ROWS, "rewritten")


def test_purging_values_keeps_the_chain_verifying(chain: Chain) -> None:
    seqs = [r.seq for r in chain.log.records() if r.has_values]
    assert seqs and chain.log.purge_values(seqs) == len(seqs)
    assert chain.verify().ok  # type: ignore[attr-defined]
    records = chain.log.records(include_values=True)
    assert all(r.values_purged and r.new is None for r in records if r.has_values)


def test_changing_stored_values_is_found(chain: Chain) -> None:
    chain.unguard().execute("UPDATE audit_values SET new = '\"no\"' WHERE seq = 2")
    _broken_at(chain.verify(), 2, "values were changed")


def test_adding_values_to_a_row_without_them_is_found(chain: Chain) -> None:
    chain.unguard().execute("INSERT INTO audit_values (seq, salt, old, new) VALUES (3, 'x', NULL, '1')")
    _broken_at(chain.verify(), 3, "recorded none")


def test_values_for_a_missing_row_are_found(chain: Chain) -> None:
    chain.unguard().execute("INSERT INTO audit_values (seq, salt, old, new) VALUES (99, 'x', NULL, '1')")
    _broken_at(chain.verify(), 99, "does not exist")


def test_an_altered_or_missing_head_file_is_found(chain: Chain) -> None:
    document = json.loads(chain.head_path.read_text())
    document["seq"] = ROWS - 2
    chain.head_path.write_text(json.dumps(document))
    _broken_at(chain.verify(), ROWS, "MAC")
    chain.head_path.unlink()
    _broken_at(chain.verify(), ROWS, "head file is missing")


def test_a_head_lagging_after_a_crash_is_not_tampering(chain: Chain) -> None:
    saved = chain.head_path.read_bytes()
    chain.log.append(AuditEvent.LOCK, user_id="user1")
    chain.head_path.write_bytes(saved)  # as if the app died before updating the head
    result = chain.verify()
    assert result.ok, str(result)  # type: ignore[attr-defined]
    assert "1 newest row(s)" in "\n".join(result.notes)  # type: ignore[attr-defined]


def test_the_head_never_moves_backwards_nor_hides_an_altered_head(chain: Chain) -> None:
    conn = chain.unguard()
    conn.execute("DELETE FROM audit WHERE seq > 5")
    conn.execute("DELETE FROM audit_values WHERE seq > 5")
    chain.log.append(AuditEvent.LOCK, user_id="user1")  # seq 6, off the recorded chain
    chain.log.flush_head()
    _broken_at(chain.verify(), 7, "newest audit rows were removed")
    chain.head_path.write_text("{}")
    chain.log.append(AuditEvent.LOCK, user_id="user1")
    assert chain.head_path.read_text() == "{}"


def test_frequent_events_update_the_head_lazily_and_others_at_once(tmp_path: Path) -> None:
    chain = Chain(tmp_path)
    chain.log.head_interval = 3600
    chain.log.append(AuditEvent.LOGIN, user_id="u")
    assert chain.log.read_head().seq == 1  # type: ignore[union-attr]
    chain.log.append(AuditEvent.EDIT, user_id="u", values=(None, 1))
    assert chain.log.read_head().seq == 1  # type: ignore[union-attr]
    chain.log.append(AuditEvent.FINALISE, user_id="u")
    assert chain.log.read_head().seq == 3  # type: ignore[union-attr]
    chain.log.append(AuditEvent.VIEW, user_id="u")
    chain.log.flush_head()
    assert chain.log.read_head().seq == 4  # type: ignore[union-attr]
    chain.db.close()


def test_a_rolled_back_append_leaves_no_trace(chain: Chain) -> None:
    with pytest.raises(RuntimeError), chain.db.transaction():
        chain.log.append(AuditEvent.FINALISE, user_id="u")
        raise RuntimeError("the finalisation failed")
    assert chain.log.last().seq == ROWS  # type: ignore[union-attr]
    assert chain.log.read_head().seq == ROWS  # type: ignore[union-attr]
    assert chain.verify().ok  # type: ignore[attr-defined]


def test_rekeying_the_head_keeps_it_valid(chain: Chain) -> None:
    old = head_key_from_db_key(chain.key, STATION)
    new = head_key_from_db_key(new_database_key(), STATION)
    chain.log.rekey_head(old, new)
    assert chain.new_log(new).verify().ok  # type: ignore[attr-defined]
    assert not chain.new_log(old).verify().ok  # type: ignore[attr-defined]


def test_details_must_not_carry_personal_data(chain: Chain) -> None:
    for details in ({"name": "x"}, {"nested": [{"date_of_birth": "1990-01-01"}]}, {"Value": 1}):
        with pytest.raises(ValueError, match="personal data"):
            chain.log.append(AuditEvent.EDIT, user_id="u", details=details)
    with pytest.raises(ValueError, match="timezone"):
        chain.log.append(AuditEvent.EDIT, user_id="u", at=datetime(2025, 1, 1))


def test_records_read_back_in_order_with_filters(chain: Chain) -> None:
    records = chain.log.records()
    assert [r.seq for r in records] == list(range(1, ROWS + 1))
    assert records[1].event == "edit" and records[1].has_values and not records[1].values_purged
    later = chain.log.records(since=datetime(2025, 1, 31, 9, 0, 5, tzinfo=UTC))
    assert [r.seq for r in later] == [6, 7, 8]
    assert [r.seq for r in chain.log.records(after_seq=6)] == [7, 8]
    with_values = chain.log.records(include_values=True)
    assert (with_values[1].old, with_values[1].new) == ("no", "yes")


def test_events_match_the_schema(chain: Chain) -> None:
    from screening.store.schema import AUDIT_EVENTS

    assert tuple(e.value for e in AuditEvent) == AUDIT_EVENTS
    assert sqlite3 is not None
