"""The change feed over real HTTP: signed changes, paging, directives, who may pull, and the
PostgreSQL cursor that never skips a change committed late."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from screening.domain.enums import Role
from sync.protocol import (
    ChangeFeed,
    Directive,
    DirectiveAction,
    FormVersionChange,
    RegistryVersionChange,
    SyncError,
    sign_change,
    verify_change,
)
from sync.server import admin, feed
from sync.server.db import access_log, changes
from tests.sync.conftest import Central
from tests.sync.helpers import Station, enrol

ROOT = Path(__file__).resolve().parents[2]


def _feed(station: Station, cursor: str = "", **kwargs: object) -> ChangeFeed:
    response = station.changes(cursor, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return ChangeFeed.model_validate_json(response.content)


def _to_the_end(station: Station) -> str:
    """The cursor after everything already in the feed."""
    cursor = ""
    while True:
        page = _feed(station, cursor, limit=1000)
        cursor = page.cursor
        if not page.more:
            return cursor


def _reason(response_json: dict[str, object]) -> str:
    return str(response_json["issue"][0]["details"]["coding"][0]["code"])  # type: ignore[index]


def _registry_change(central: Central, label: str) -> RegistryVersionChange:
    content = f"version: 9.9.9\n# {label}\nflags: []\n"
    import hashlib

    change = RegistryVersionChange(
        version="9.9.9",
        content=content,
        content_sha256=hashlib.sha256(content.encode()).hexdigest(),
        published_at=datetime.now(UTC),
    )
    signed = sign_change(change, central.keys.signing)
    assert isinstance(signed, RegistryVersionChange)
    return signed


def _labels(page: ChangeFeed) -> list[str]:
    return [
        c.content.rsplit("# ", 1)[1].split("\n")[0]
        for c in page.changes
        if isinstance(c, RegistryVersionChange)
    ]


def test_published_forms_and_registries_reach_stations_signed(central: Central) -> None:
    station = enrol(central)
    cursor = _to_the_end(station)
    form_file = ROOT / "forms" / "custody-screen" / "1.0.0.yaml"
    admin.publish_form(central.engine, central.keys, form_file)
    admin.publish_registry(central.engine, central.keys, ROOT / "forms" / "flags.yaml")

    page = _feed(station, cursor)
    assert [c.kind for c in page.changes] == ["form_version", "registry_version"]
    centre_key = station.enrolment.centre.signing_verify_key()
    for change in page.changes:
        verify_change(change, centre_key)
    form = page.changes[0]
    assert isinstance(form, FormVersionChange)
    assert (form.form_id, form.version) == ("custody-screen", "1.0.0")
    assert form.content == form_file.read_text(encoding="utf-8")
    assert page.cursor != cursor

    again = _feed(station, page.cursor)
    assert (again.changes, again.cursor, again.more) == ([], page.cursor, False)


def test_the_feed_pages(central: Central) -> None:
    station = enrol(central)
    cursor = _to_the_end(station)
    for label in ("one", "two", "three"):
        with central.engine.begin() as connection:
            feed.publish(connection, _registry_change(central, label))
    first = _feed(station, cursor, limit=2)
    assert (_labels(first), first.more) == (["one", "two"], True)
    second = _feed(station, first.cursor, limit=2)
    assert (_labels(second), second.more) == (["three"], False)


def test_directives_reach_only_their_station_and_a_revoked_user_is_refused(central: Central) -> None:
    station = enrol(central)
    bystander = enrol(central)
    cursors = {s.id: _to_the_end(s) for s in (station, bystander)}
    leaver = str(uuid.uuid4())
    admin.revoke_station_user(central.engine, central.keys, station_id=station.id, user_id=leaver)

    page = _feed(station, cursors[station.id])
    (directive,) = page.changes
    assert isinstance(directive, Directive)
    assert (directive.action, directive.station_id, directive.user_id) == (
        DirectiveAction.USER_REVOKED,
        station.id,
        leaver,
    )
    verify_change(directive, station.enrolment.centre.signing_verify_key())
    assert _feed(bystander, cursors[bystander.id]).changes == []

    refused = station.changes(page.cursor, user_id=leaver)
    assert (refused.status_code, _reason(refused.json())) == (403, SyncError.USER_REVOKED)

    admin.revoke_station(central.engine, central.keys, station.id)
    with central.engine.connect() as connection:
        row = connection.execute(
            select(changes.c.payload)
            .where(changes.c.station_id == station.id, changes.c.kind == "directive")
            .order_by(changes.c.id.desc())
        ).first()
    assert row is not None and row.payload["action"] == DirectiveAction.STATION_REVOKED


def test_a_pull_needs_a_user_and_a_role_the_agency_has(central: Central) -> None:
    station = enrol(central)
    bare = station.http.get("/sync/v1/changes", headers=station.auth)
    assert (bare.status_code, _reason(bare.json())) == (401, SyncError.USER_MISSING)
    unknown = station.changes(role="chief_constable")
    assert (unknown.status_code, _reason(unknown.json())) == (422, SyncError.REQUEST_INVALID)
    foreign = station.changes(role=Role.PROBATION_OFFICER)
    assert (foreign.status_code, _reason(foreign.json())) == (403, SyncError.ROLE_NOT_ALLOWED)
    assert station.changes(role=Role.SUPERVISOR).status_code == 200
    bad_cursor = station.changes("12.x")
    assert (bad_cursor.status_code, _reason(bad_cursor.json())) == (422, SyncError.REQUEST_INVALID)
    assert station.changes(limit=0).status_code == 422

    with central.engine.connect() as connection:
        rows = connection.execute(
            select(access_log.c.user_id, access_log.c.role, access_log.c.outcome).where(
                access_log.c.station_id == station.id, access_log.c.action == "pull"
            )
        ).all()
    assert (station.user_id, "supervisor", "ok") in rows
    assert (station.user_id, "probation_officer", "refused") in rows


# --- PostgreSQL: the cursor never skips a late commit ---------------------------------------


def test_a_late_commit_holds_the_feed_back_and_is_not_skipped(central_pg: Central) -> None:
    """Transaction A inserts a change and stays open; B inserts a later one and commits. The feed
    must not hand B out (which would move the cursor past A) until A commits; then both come, A
    first, none skipped."""
    station = enrol(central_pg)
    cursor = _to_the_end(station)
    with central_pg.engine.connect() as a, central_pg.engine.connect() as b:
        a.begin()
        feed.publish(a, _registry_change(central_pg, "A"))
        b.begin()
        feed.publish(b, _registry_change(central_pg, "B"))
        b.commit()

        held_back = _feed(station, cursor)
        assert _labels(held_back) == []
        assert held_back.cursor == cursor

        a.commit()
    page = _feed(station, held_back.cursor)
    assert _labels(page) == ["A", "B"]


def test_the_cursor_follows_commit_order_not_id_order(central_pg: Central) -> None:
    """A takes its transaction id first but inserts its change after B did, so A's change has the
    higher row id. A commits; B is still open. The feed hands out A (safe: below the horizon) but
    its cursor must still let B through once B commits. A cursor of bare row ids would skip B."""
    station = enrol(central_pg)
    cursor = _to_the_end(station)
    with central_pg.engine.connect() as a, central_pg.engine.connect() as b:
        a.begin()
        a.execute(text("SELECT pg_current_xact_id()"))  # A's transaction id is now assigned
        b.begin()
        b_id = feed.publish(b, _registry_change(central_pg, "B"))
        a_id = feed.publish(a, _registry_change(central_pg, "A"))
        a.commit()
        assert b_id < a_id

        first = _feed(station, cursor)
        assert _labels(first) == ["A"]
        b.commit()
    second = _feed(station, first.cursor)
    assert _labels(second) == ["B"]


def test_cursors_are_opaque_but_checked() -> None:
    assert feed.Cursor.parse("") == feed.Cursor(0, 0)
    assert str(feed.Cursor.parse("123.45")) == "123.45"
    for bad in ("1", "a.b", "-1.2", "01.2", "1.2.3", "99999999999999999999.1"):
        with pytest.raises(ValueError):
            feed.Cursor.parse(bad)
