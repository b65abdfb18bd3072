"""The reporting store follows the real push path: stations push over HTTP to the two-worker
service on PostgreSQL, and after each batch has committed the store holds what it should."""

from __future__ import annotations

import time
import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from screening.domain.reference import pnc_check_letter
from sync.protocol import AgencyType
from sync.server.reporting.facts import NAMING_SYSTEM_BASE
from sync.server.reporting.schema import TABLES
from tests.sync.conftest import Central
from tests.sync.helpers import enrol
from tests.sync.reporting.population import flag, patient, response


def _rows(central: Central) -> list[Any]:
    with central.engine.connect() as connection:
        return list(connection.execute(select(TABLES.screening)))


def _wait_for(central: Central, predicate: Any, what: str, timeout: float = 20.0) -> list[Any]:
    deadline = time.monotonic() + timeout
    while True:
        rows = _rows(central)
        if predicate(rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"the reporting store never showed {what}:\n{central.log_tail()}")
        time.sleep(0.1)


def test_each_pushed_batch_reaches_the_reporting_store(central_pg: Central) -> None:
    central = central_pg
    police = enrol(central, AgencyType.POLICE)
    liaison = enrol(central, AgencyType.LIAISON_DIVERSION)
    pnc = f"21/0054321{pnc_check_letter(21, 54321)}"
    identifiers = [(NAMING_SYSTEM_BASE + "pnc-id", pnc)]
    custody_patient, court_patient = str(uuid.uuid4()), str(uuid.uuid4())
    custody_response, court_response, amended = (str(uuid.uuid4()) for _ in range(3))
    before = {r.record_key for r in _rows(central)}

    # Custody: the person, the screening and its flags in one batch.
    person = patient(
        custody_patient,
        marker="m",
        ethnicity="asian_indian",
        sex_iso="1",
        birth=date(1990, 6, 1),
        identifiers=identifiers,
    )
    screening = response(
        custody_response, form="custody-screen", subject=custody_patient, on=date(2024, 4, 2), marker="m"
    )
    raised = [
        flag(custody_response, custody_patient, code, date(2024, 4, 2))
        for code in ("SELF_HARM_RISK", "REFER_LIAISON_DIVERSION")
    ]
    results = police.push(*(police.entry(r) for r in (person, screening, *raised)))
    assert [r.status for r in results] == [201] * 4
    rows = _wait_for(
        central, lambda rows: len({r.record_key for r in rows} - before) == 1, "the custody screening"
    )
    (custody,) = [r for r in rows if r.record_key not in before]
    assert (custody.stage, custody.agency_type, custody.month, custody.ethnicity_group, custody.age_band) == (
        "custody",
        "police",
        "2024-04",
        "asian",
        "25_34",
    )
    with central.engine.connect() as connection:
        flags = set(
            connection.execute(
                select(TABLES.flag.c.flag).where(TABLES.flag.c.record_key == custody.record_key)
            ).scalars()
        )
    assert flags == {"SELF_HARM_RISK", "REFER_LIAISON_DIVERSION"}

    # Court, another agency, another person record with the same PNC ID: the same person.
    court_person = patient(
        court_patient,
        marker="m",
        ethnicity="asian_indian",
        sex_iso="1",
        birth=date(1990, 6, 1),
        identifiers=identifiers,
    )
    court = response(
        court_response, form="ld-court-screen", subject=court_patient, on=date(2024, 4, 9), marker="m"
    )
    liaison.push(liaison.entry(court_person), liaison.entry(court))
    rows = _wait_for(
        central, lambda rows: len({r.record_key for r in rows} - before) == 2, "the court screening"
    )
    new = {r.stage: r for r in rows if r.record_key not in before}
    assert new["court"].person_key == new["custody"].person_key
    assert new["court"].day - new["custody"].day == 7

    # An amendment replaces the custody screening; the person record is then corrected.
    police.push(
        police.entry(
            response(
                amended,
                form="custody-screen",
                subject=custody_patient,
                on=date(2024, 4, 2),
                marker="m",
                replaces=custody_response,
            )
        )
    )
    rows = _wait_for(
        central,
        lambda rows: any(r.record_key == custody.record_key and r.superseded for r in rows),
        "the amendment",
    )
    corrected = patient(
        custody_patient,
        marker="m",
        ethnicity="black_caribbean",
        sex_iso="1",
        birth=date(1990, 6, 1),
        identifiers=identifiers,
    )
    corrected["meta"] = {"versionId": "2"}
    (result,) = police.push(police.entry(corrected, base_version=1))
    assert result.status == 200
    rows = _wait_for(
        central,
        lambda rows: (
            {r.ethnicity_group for r in rows if r.record_key not in before and r.stage == "custody"}
            == {"black"}
        ),
        "the corrected person record",
    )
    assert "reporting store update failed" not in central.log_tail(200_000)
