"""Shared summaries over real HTTP against the real service (two workers, PostgreSQL): a custody
station (police) finalises a screening, an L&D station (NHS) and a probation station look the person
up through their own services, and see what the disclosure function lets their agency see.

The screening carries a canary in a confidential answer (A3, how the person feels). It reaches L&D
only while the person's consent to share with L&D stands (health staff or not), never probation
(no consent), and no longer L&D once the consent is withdrawn. A name + date of birth match shows
nothing until the user confirms it; an amendment replaces what it amends; every look-up is in the
centre's audit; nothing about the person reaches the service's log.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from screening.checklist.loader import FormLibrary
from screening.domain.enums import DisclosureClass, IdentifierKind, Recipient
from screening.domain.models import ConsentScope
from screening.services import IdentifierEntry, Services
from screening.services.shared_records import (
    OFFLINE_TEXT,
    LookupQuery,
    LookupState,
    SharedRecords,
    look_up,
    prepare_lookup,
)
from sync.client import SyncClient
from sync.protocol import LOOKUP_PATH, ROLE_HEADER, USER_HEADER, AgencyType, MatchKind, SyncError
from sync.server.db import access_log, lookup_audit
from tests.sync.conftest import Central
from tests.sync.stations import SyncedStation, amended_revision, custody_revision, make_station
from tests.unit.services.conftest import details

PNC_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def fresh_pnc(rng: random.Random) -> str:
    """A valid PNC ID no other test uses (CONTENT.md: check letter = YY+serial mod 23)."""
    year, serial = rng.randint(0, 99), rng.randint(0, 9_999_999)
    return f"{year:02d}/{serial:07d}{PNC_LETTERS[int(f'{year:02d}{serial:07d}') % 23]}"


def fresh_nhs(rng: random.Random) -> str:
    """A valid NHS number (weights 10..2, check 11 - sum mod 11; 10 is never issued)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        return "".join(map(str, digits)) + str(0 if check == 11 else check)


@pytest.fixture
def homes(tmp_path: Path, library: FormLibrary) -> Iterator[dict[str, SyncedStation]]:
    made = {
        "custody": make_station(tmp_path / "custody", library, name="Custody"),
        "ld": make_station(tmp_path / "ld", library, name="L&D court team"),
        "probation": make_station(tmp_path / "probation", library, name="Probation office"),
    }
    yield made
    for station in made.values():
        station.lock_all()


def push_all(station: SyncedStation) -> None:
    with SyncClient(station.folder) as client:
        report = client.push()
    assert not station.folder.envelopes(), report.describe()


def person_at(services: Services, **changes: object) -> uuid.UUID:
    return services.people.create(details=details(**changes)).id


def lookup_of(services: Services, person_id: uuid.UUID, *, confirmed: tuple[str, ...] = ()) -> SharedRecords:
    """What the person's page does: read the query on the database side, ask over the network."""
    query = prepare_lookup(services, person_id=person_id)
    return look_up(query, confirmed=confirmed)


def answers_of(records: SharedRecords) -> list[str]:
    return [item.answer or "" for summary in records.summaries for item in summary.items]


def audit_rows(central: Central, station_id: str) -> list[object]:
    with central.engine.connect() as connection:
        return list(connection.execute(
            select(lookup_audit).where(lookup_audit.c.station_id == station_id).order_by(lookup_audit.c.id)))


def test_shared_summaries_follow_the_disclosure_function_consent_and_amendments(
    homes: dict[str, SyncedStation], central_pg: Central
) -> None:
    rng = random.Random()
    canary = f"CANARY-feeling-{uuid.uuid4().hex[:8]}"
    pnc, nhs = fresh_pnc(rng), fresh_nhs(rng)
    family = f"Lookupson{uuid.uuid4().hex[:6]}"
    born = date(1979, 3, 14)
    ids = (IdentifierEntry(kind=IdentifierKind.PNC_ID, value=pnc),
           IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=nhs))
    custody, ld, probation = homes["custody"], homes["ld"], homes["probation"]
    custody.enrol(central_pg, AgencyType.POLICE)
    ld_enrolment = ld.enrol(central_pg, AgencyType.LIAISON_DIVERSION)
    probation.enrol(central_pg, AgencyType.PROBATION)

    # Custody finalises a screening with the canary, and the person's consent to share with L&D.
    officer = custody.services("pc1")
    subject = person_at(officer, family_name=family, date_of_birth=born, identifiers=ids)
    first = custody_revision(officer, person_id=subject, feeling=canary)
    officer.lock()
    push_all(custody)

    # L&D looks the person up by PNC ID (its own record has only the PNC ID). Health staff as it
    # is, nothing confidential leaves custody for it before the person consents.
    practitioner = ld.services("ld1")
    ld_person = person_at(practitioner, family_name="Someone", given_names="Else",
                          identifiers=(IdentifierEntry(kind=IdentifierKind.PNC_ID, value=pnc),))
    before_consent = lookup_of(practitioner, ld_person)
    (unconsented,) = before_consent.summaries
    assert not unconsented.full_record and canary not in repr(before_consent)
    assert any("no consent in force" in line for line in unconsented.withheld)

    officer = custody.services("pc1")
    consent = officer.consents.record(
        screening_id=first.id, recipient=Recipient.LIAISON_DIVERSION, given=True,
        scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,)), capacity_considered=True)
    officer.lock()
    push_all(custody)
    seen = lookup_of(practitioner, ld_person)
    assert seen.state is LookupState.CHECKED and not seen.candidates
    (summary,) = seen.summaries
    assert summary.match is MatchKind.IDENTIFIER and summary.recipient is Recipient.LIAISON_DIVERSION
    assert summary.agency_type is AgencyType.POLICE and summary.revision_id == str(first.id)
    assert seen.headline == f"Seen before at {summary.agency_name}."
    assert summary.person.display_name.endswith(family.upper())
    assert canary in answers_of(seen)  # positive control: consent given to L&D

    # Probation (no consent) sees the disclosable summary, never the canary.
    officer_p = probation.services("po1")
    p_person = person_at(officer_p, family_name="Other", identifiers=(
        IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=nhs),))
    probation_seen = lookup_of(officer_p, p_person)
    (p_summary,) = probation_seen.summaries
    assert p_summary.recipient is Recipient.PROBATION and not p_summary.full_record
    assert canary not in repr(probation_seen)
    assert all(item.basis in ("disclosable",) for item in p_summary.items)
    assert any("Health information is withheld" in line for line in p_summary.withheld)

    # Name + date of birth only: a candidate, nothing shown until the user confirms.
    by_name = person_at(practitioner, family_name=family, date_of_birth=born, identifiers=())
    candidate_only = lookup_of(practitioner, by_name)
    assert not candidate_only.summaries and len(candidate_only.candidates) == 1
    assert canary not in repr(candidate_only) and family not in repr(candidate_only)
    candidate = candidate_only.candidates[0]
    assert candidate.agency_type is AgencyType.POLICE
    confirmed = lookup_of(practitioner, by_name, confirmed=(candidate.candidate_id,))
    (named_summary,) = confirmed.summaries
    assert named_summary.match is MatchKind.NAME_DOB and named_summary.revision_id == str(first.id)
    # A candidate id alone opens nothing: another name with the same id is refused a match.
    stranger = person_at(practitioner, family_name="Stranger", date_of_birth=born, identifiers=())
    assert not lookup_of(practitioner, stranger, confirmed=(candidate.candidate_id,)).summaries

    # The person withdraws consent at custody: the consent-based items go on the next look-up.
    officer = custody.services("pc1")
    officer.consents.withdraw(consent_id=consent.id)
    officer.lock()
    push_all(custody)
    withdrawn = lookup_of(practitioner, ld_person)
    (after,) = withdrawn.summaries
    assert canary not in repr(withdrawn)
    assert not after.full_record
    assert any("withdrew consent" in line for line in after.withheld)

    # An amendment: the look-up follows the latest revision.
    officer = custody.services("pc1")
    second = amended_revision(officer, first.id, flagged=True)
    officer.lock()
    push_all(custody)
    amended = lookup_of(practitioner, ld_person)
    (latest,) = amended.summaries
    assert latest.revision_id == str(second.id) and latest.revision == 2 and latest.amended_revision
    assert "SELF_HARM_RISK" in {f.code for f in latest.flags}
    assert canary not in repr(amended)  # the withdrawal holds for the chain

    # Every look-up audited at the centre: who, what matched, what came back.
    rows = audit_rows(central_pg, ld_enrolment.station_id)
    assert len(rows) == 7
    assert {(r.user_id, r.role, r.recipient) for r in rows} == {  # type: ignore[attr-defined]
        ("ld1", "ld_practitioner", "liaison_diversion")}
    assert "A3" not in rows[0].returned[0]["items"]  # type: ignore[attr-defined]
    rows = rows[1:]
    assert rows[0].matched[0]["by"] == "identifier"  # type: ignore[attr-defined]
    assert rows[0].returned[0]["revision"] == str(first.id)  # type: ignore[attr-defined]
    assert "A3" in rows[0].returned[0]["items"]  # type: ignore[attr-defined]
    assert rows[1].candidates == 1 and rows[1].returned == []  # type: ignore[attr-defined]
    assert rows[2].matched[0]["by"] == "name_dob" and rows[2].matched[0]["shown"]  # type: ignore[attr-defined]
    assert "A3" not in rows[4].returned[0]["items"]  # type: ignore[attr-defined]
    assert rows[5].returned[0]["revision"] == str(second.id)  # type: ignore[attr-defined]

    # Nothing about the person in the service's log.
    log_text = central_pg.log_path.read_text(errors="replace")
    for secret in (canary, pnc, nhs, family, family.upper()):
        assert secret not in log_text


def test_a_station_does_not_see_its_own_agencys_records_as_seen_before(
    homes: dict[str, SyncedStation], central_pg: Central
) -> None:
    rng = random.Random()
    pnc = fresh_pnc(rng)
    custody = homes["custody"]
    custody.enrol(central_pg, AgencyType.POLICE)
    officer = custody.services("pc1")
    subject = person_at(officer, family_name="Ownagency", identifiers=(
        IdentifierEntry(kind=IdentifierKind.PNC_ID, value=pnc),))
    custody_revision(officer, person_id=subject)
    officer.lock()
    push_all(custody)
    officer = custody.services("pc1")
    records = lookup_of(officer, subject)
    assert records.state is LookupState.CHECKED and not records.summaries and not records.candidates


def test_offline_and_not_enrolled_are_said_calmly(
    homes: dict[str, SyncedStation], central_pg: Central
) -> None:
    ld = homes["ld"]
    practitioner = ld.services("ld1")
    person = person_at(practitioner)
    assert lookup_of(practitioner, person).state is LookupState.NOT_ENROLLED
    ld.enrol(central_pg, AgencyType.LIAISON_DIVERSION)
    query = prepare_lookup(practitioner, person_id=person)

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network", request=request)

    records = look_up(query, transport=httpx.MockTransport(offline))
    assert records.state is LookupState.OFFLINE and records.headline == OFFLINE_TEXT
    assert "Kowalski" not in repr(query)  # a query never prints the person


def test_lookups_need_a_user_a_screening_role_and_a_live_station(
    homes: dict[str, SyncedStation], central_pg: Central
) -> None:
    ld = homes["ld"]
    enrolment = ld.enrol(central_pg, AgencyType.LIAISON_DIVERSION)
    http = httpx.Client(base_url=central_pg.base_url)
    auth = {"Authorization": f"Bearer {enrolment.credential}"}
    body = {"identifiers": [{"kind": "pnc_id", "value": fresh_pnc(random.Random())}]}
    try:
        no_user = http.post(LOOKUP_PATH, json=body, headers=auth)
        assert no_user.status_code == 401
        assert no_user.json()["issue"][0]["details"]["coding"][0]["code"] == SyncError.USER_MISSING.value
        admin_user = http.post(LOOKUP_PATH, json=body,
                               headers={**auth, USER_HEADER: "admin1", ROLE_HEADER: "admin"})
        assert admin_user.status_code == 403
        wrong_role = http.post(LOOKUP_PATH, json=body,
                               headers={**auth, USER_HEADER: "pc1", ROLE_HEADER: "custody_officer"})
        assert wrong_role.status_code == 403
        ld_user = {**auth, USER_HEADER: "ld1", ROLE_HEADER: "ld_practitioner"}
        bad = http.post(LOOKUP_PATH, json={"identifiers": [{"kind": "pnc_id", "value": "99/1234567Q"}]},
                        headers=ld_user)
        assert bad.status_code == 200 and bad.json()["summaries"] == []  # matches nothing
        nothing = http.post(LOOKUP_PATH, json={}, headers=ld_user)
        assert nothing.status_code == 200 and nothing.json()["candidates"] == []
        from sync.server import admin

        admin.revoke_station(central_pg.engine, central_pg.keys, enrolment.station_id)
        revoked = http.post(LOOKUP_PATH, json=body,
                            headers={**auth, USER_HEADER: "ld1", ROLE_HEADER: "ld_practitioner"})
        assert revoked.status_code == 403
        assert revoked.json()["issue"][0]["details"]["coding"][0]["code"] == SyncError.STATION_REVOKED.value
    finally:
        http.close()
    with central_pg.engine.connect() as connection:
        refused = connection.execute(
            select(func.count()).select_from(access_log).where(
                access_log.c.station_id == enrolment.station_id, access_log.c.action == "lookup",
                access_log.c.outcome == "refused")).scalar_one()
    assert refused == 4
    assert len(audit_rows(central_pg, enrolment.station_id)) == 2  # the two answered, empty


def test_a_query_is_built_from_the_person_record(homes: dict[str, SyncedStation]) -> None:
    ld = homes["ld"]
    practitioner = ld.services("ld1")
    person = person_at(practitioner)
    query = prepare_lookup(practitioner, person_id=person)
    assert isinstance(query, LookupQuery) and query.searchable
    assert query.user_id == "ld1" and query.role == "ld_practitioner"


@pytest.mark.parametrize("backend", ["postgres", "sqlite"])
def test_a_pnc_match_on_either_database(
    homes: dict[str, SyncedStation], backend: str, request: pytest.FixtureRequest
) -> None:
    central: Central = request.getfixturevalue("central_pg" if backend == "postgres" else "central_sqlite")
    pnc = fresh_pnc(random.Random())
    custody, ld = homes["custody"], homes["ld"]
    custody.enrol(central, AgencyType.POLICE)
    ld.enrol(central, AgencyType.LIAISON_DIVERSION)
    officer = custody.services("pc1")
    same = (IdentifierEntry(kind=IdentifierKind.PNC_ID, value=pnc),)
    revision = custody_revision(officer, person_id=person_at(officer, identifiers=same), flagged=True)
    officer.lock()
    push_all(custody)
    practitioner = ld.services("ld1")
    records = lookup_of(practitioner, person_at(practitioner, identifiers=same))
    assert [s.revision_id for s in records.summaries] == [str(revision.id)]
    assert "SELF_HARM_RISK" in {f.code for f in records.summaries[0].flags}
