"""MUST SHOW: authorisation at the centre against a table written by hand from DESIGN.md, not from
``sync/server/policy.py``. Every cell is tried over real HTTP against the real service (two
workers, PostgreSQL); no cell may differ. Then what no table cell covers: another agency's
records, another station's directives, a revoked station, a pull without a user, an unknown
credential.

How the table was decided (DESIGN.md "Who uses it", "People, recipients and consent", "Trust"):

* Who works at a station of each agency type: custody officers at police; L&D practitioners (NHS) at
  liaison & diversion, in prison healthcare and in court cell areas; probation officers at
  probation and in court teams; supervisors and administrators everywhere.
* Administrators sign nothing clinical: they manage users, settings, retention and sync, so the
  only record an administrator's name is on is an audit anchor; they pull (forms, directives).
* A screening (QuestionnaireResponse) is taken with a form its role may use, at a stage that fits the
  agency: custody screen at police; L&D court screen at L&D or court; the PSR mental-health section
  at probation or court; the neurodevelopmental screen anywhere; a form the centre does not know,
  nowhere.
* Flags, person records, consents and disclosure records follow the screenings: any role of the
  agency that screens.
* Pulls and look-ups need a named user of the agency.
* A look-up opens a person's records held by other agencies (through the disclosure function), so
  it is for the roles that screen people: administrators do not open people's records (DESIGN.md),
  so they do not look people up; a role the agency does not employ looks nothing up.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from screening.domain.enums import Role
from sync.protocol import LOOKUP_PATH, ROLE_HEADER, USER_HEADER, AgencyType, PushEntry, SyncError
from sync.server import admin
from tests.sync.conftest import Central
from tests.sync.helpers import (
    BASE,
    Station,
    audit_anchor,
    consent,
    disclosure_record,
    enrol,
    flag,
    new_id,
    patient,
    questionnaire_response,
)

ACTIONS = (
    "QR:custody-screen",
    "QR:ld-court-screen",
    "QR:psr-mental-health",
    "QR:neurodevelopmental",
    "QR:unknown-form",
    "Flag",
    "Patient",
    "Consent",
    "DocumentReference",
    "AuditEvent",
    "pull",
    "lookup",
)
REQUESTS = ("pull", "lookup")

# One row per agency type and role; one column per action, in the order of ACTIONS.
#   Y = allowed, . = refused
TABLE = """
agency             role               cust ldct psr  neur unkn flag pat  cons doc  anch pull look
police             custody_officer    Y    .    .    Y    .    Y    Y    Y    Y    Y    Y    Y
police             ld_practitioner    .    .    .    .    .    .    .    .    .    .    .    .
police             probation_officer  .    .    .    .    .    .    .    .    .    .    .    .
police             supervisor         Y    .    .    Y    .    Y    Y    Y    Y    Y    Y    Y
police             admin              .    .    .    .    .    .    .    .    .    Y    Y    .
liaison_diversion  custody_officer    .    .    .    .    .    .    .    .    .    .    .    .
liaison_diversion  ld_practitioner    .    Y    .    Y    .    Y    Y    Y    Y    Y    Y    Y
liaison_diversion  probation_officer  .    .    .    .    .    .    .    .    .    .    .    .
liaison_diversion  supervisor         .    Y    .    Y    .    Y    Y    Y    Y    Y    Y    Y
liaison_diversion  admin              .    .    .    .    .    .    .    .    .    Y    Y    .
probation          custody_officer    .    .    .    .    .    .    .    .    .    .    .    .
probation          ld_practitioner    .    .    .    .    .    .    .    .    .    .    .    .
probation          probation_officer  .    .    Y    Y    .    Y    Y    Y    Y    Y    Y    Y
probation          supervisor         .    .    Y    Y    .    Y    Y    Y    Y    Y    Y    Y
probation          admin              .    .    .    .    .    .    .    .    .    Y    Y    .
prison             custody_officer    .    .    .    .    .    .    .    .    .    .    .    .
prison             ld_practitioner    .    .    .    Y    .    Y    Y    Y    Y    Y    Y    Y
prison             probation_officer  .    .    .    .    .    .    .    .    .    .    .    .
prison             supervisor         .    .    .    Y    .    Y    Y    Y    Y    Y    Y    Y
prison             admin              .    .    .    .    .    .    .    .    .    Y    Y    .
court              custody_officer    .    .    .    .    .    .    .    .    .    .    .    .
court              ld_practitioner    .    Y    .    Y    .    Y    Y    Y    Y    Y    Y    Y
court              probation_officer  .    .    Y    Y    .    Y    Y    Y    Y    Y    Y    Y
court              supervisor         .    Y    Y    Y    .    Y    Y    Y    Y    Y    Y    Y
court              admin              .    .    .    .    .    .    .    .    .    Y    Y    .
"""


def _cells() -> dict[tuple[AgencyType, Role], dict[str, bool]]:
    lines = [line.split() for line in TABLE.strip().splitlines()[1:]]
    cells = {}
    for agency, role, *marks in lines:
        assert len(marks) == len(ACTIONS), (agency, role)
        cells[(AgencyType(agency), Role(role))] = {
            action: mark == "Y" for action, mark in zip(ACTIONS, marks, strict=True)
        }
    assert len(cells) == len(AgencyType) * len(Role)
    return cells


CELLS = _cells()


def _resource(action: str) -> dict[str, object]:
    if action.startswith("QR:"):
        form = action.removeprefix("QR:")
        version = "9.9.9" if form == "unknown-form" else "1.0.0"
        response = questionnaire_response()
        response["questionnaire"] = f"{BASE}/Questionnaire/{form}|{version}"
        return response
    factory = {
        "Flag": flag,
        "Patient": patient,
        "Consent": consent,
        "DocumentReference": disclosure_record,
        "AuditEvent": audit_anchor,
    }[action]
    return factory()  # type: ignore[no-any-return]


def _lookup(station: Station, *, role: Role | None = None, user: bool = True) -> httpx.Response:
    """A look-up by a PNC ID nobody holds, as ``role`` (with no user named unless ``user``)."""
    headers = dict(station.auth)
    if user:
        headers |= {USER_HEADER: station.user_id, ROLE_HEADER: (role or station.role).value}
    return station.http.post(LOOKUP_PATH, json={"identifiers": [{"kind": "pnc_id", "value": "19/0012345G"}]},
                             headers=headers)


@pytest.fixture(scope="module")
def stations(central_pg: Central) -> dict[AgencyType, Station]:
    return {agency_type: enrol(central_pg, agency_type) for agency_type in AgencyType}


@pytest.mark.parametrize("agency_type", list(AgencyType), ids=lambda a: a.value)
def test_every_cell_of_the_table(agency_type: AgencyType, stations: dict[AgencyType, Station]) -> None:
    station = stations[agency_type]
    differences = []
    for role in Role:
        expected = CELLS[(agency_type, role)]
        pushes = [action for action in ACTIONS if action not in REQUESTS]
        entries: list[PushEntry] = [station.entry(_resource(action), role=role) for action in pushes]
        results = station.push(*entries)
        for action, result in zip(pushes, results, strict=True):
            allowed = result.status in (200, 201)
            if not allowed:
                assert (result.status, result.reason) == (403, SyncError.ROLE_NOT_ALLOWED), (action, result)
            if allowed != expected[action]:
                differences.append(f"{agency_type.value} {role.value} {action}: server says {allowed}")
        pulled = station.changes(role=role)
        if (pulled.status_code == 200) != expected["pull"]:
            differences.append(f"{agency_type.value} {role.value} pull: HTTP {pulled.status_code}")
        if pulled.status_code != 200:
            assert pulled.status_code == 403
        looked = _lookup(station, role=role)
        if (looked.status_code == 200) != expected["lookup"]:
            differences.append(f"{agency_type.value} {role.value} lookup: HTTP {looked.status_code}")
        if looked.status_code != 200:
            assert looked.status_code == 403
            reason = looked.json()["issue"][0]["details"]["coding"][0]["code"]
            assert reason == SyncError.ROLE_NOT_ALLOWED.value
    assert differences == []


def test_another_agencys_records_and_directives_are_out_of_reach(
    central_pg: Central, stations: dict[AgencyType, Station]
) -> None:
    police, probation = stations[AgencyType.POLICE], stations[AgencyType.PROBATION]
    person, response = patient(), questionnaire_response()
    response["questionnaire"] = f"{BASE}/Questionnaire/neurodevelopmental|1.0.0"
    assert [r.status for r in police.push(police.entry(person), police.entry(response))] == [201, 201]
    for attempt in (
        probation.entry(person),
        probation.entry(patient(person["id"], family="Changed"), base_version=1),
        probation.entry({**response, "status": "amended"}),
        probation.entry(response),
    ):
        (result,) = probation.push(attempt)
        assert (result.status, result.reason) == (409, SyncError.CONFLICT_OTHER_AGENCY)
    # Directives go to their own station only: probation never sees the police station's.
    admin.revoke_station_user(central_pg.engine, central_pg.keys, station_id=police.id, user_id="pc-gone")
    police_feed = police.changes().json()["changes"]
    probation_feed = probation.changes().json()["changes"]
    assert any(c.get("user_id") == "pc-gone" for c in police_feed)
    directives = [c for c in probation_feed if c.get("kind") == "directive"]
    assert all(c.get("station_id") == probation.id for c in directives)


def test_pulls_need_a_user_and_a_live_station(central_pg: Central) -> None:
    station = enrol(central_pg, AgencyType.POLICE)
    http, auth = station.http, station.auth
    no_user = http.get("/sync/v1/changes", headers=auth)
    assert (no_user.status_code, no_user.json()["issue"][0]["details"]["coding"][0]["code"]) == (
        401,
        SyncError.USER_MISSING.value,
    )
    no_role = http.get("/sync/v1/changes", headers={**auth, "X-Waypoint-User": "pc1"})
    assert no_role.status_code == 401
    assert http.get("/sync/v1/changes", headers={"X-Waypoint-User": "pc1",
                                                 "X-Waypoint-Role": "custody_officer"}).status_code == 401
    unknown = {"Authorization": f"Bearer wps_{uuid.uuid4().hex}", "X-Waypoint-User": "pc1",
               "X-Waypoint-Role": "custody_officer"}
    assert http.get("/sync/v1/changes", headers=unknown).status_code == 401
    assert station.changes().status_code == 200

    admin.revoke_station(central_pg.engine, central_pg.keys, station.id)
    revoked_pull = station.changes()
    assert (revoked_pull.status_code, revoked_pull.json()["issue"][0]["details"]["coding"][0]["code"]) == (
        403,
        SyncError.STATION_REVOKED.value,
    )
    from sync.protocol import PushBundle

    body = PushBundle(entry=[station.entry(flag())]).to_json()
    revoked_push = station.post(body, key=new_id())
    assert revoked_push.status_code == 403
    assert revoked_push.json()["issue"][0]["details"]["coding"][0]["code"] == SyncError.STATION_REVOKED.value


def test_lookups_need_a_user_a_role_of_the_agency_and_a_live_station(central_pg: Central) -> None:
    station = enrol(central_pg, AgencyType.LIAISON_DIVERSION)
    no_user = _lookup(station, user=False)
    assert (no_user.status_code, no_user.json()["issue"][0]["details"]["coding"][0]["code"]) == (
        401,
        SyncError.USER_MISSING.value,
    )
    no_credential = station.http.post(LOOKUP_PATH, json={}, headers={USER_HEADER: "ld1",
                                                                      ROLE_HEADER: "ld_practitioner"})
    assert no_credential.status_code == 401
    # Another agency's role through this station (a custody officer at an L&D station): refused.
    assert _lookup(station, role=Role.CUSTODY_OFFICER).status_code == 403
    assert _lookup(station).status_code == 200

    admin.revoke_station(central_pg.engine, central_pg.keys, station.id)
    revoked = _lookup(station)
    assert (revoked.status_code, revoked.json()["issue"][0]["details"]["coding"][0]["code"]) == (
        403,
        SyncError.STATION_REVOKED.value,
    )
