"""A synthetic population of people screened across custody, courts, probation and prison, as the
FHIR records stations sync (Patient, QuestionnaireResponse, Flag, shaped as ``screening/interop``
writes them), with the ground truth the reporting store should derive from them.

Each person is screened at custody; some are seen later by Liaison & Diversion at court, by
probation, or in prison; some revisions are amended (only the latest counts). Every person record
carries unique canary markers (names, identifiers, date of birth, free-text answers) so a test can
prove none of them reaches the reporting store.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from screening.domain.reference import ETHNICITY_CATEGORIES, pnc_check_letter
from screening.domain.reference import ethnicity as ethnicity_category
from sync.server.db import agencies, resources, stations
from sync.server.reporting.facts import (
    ETHNICITY_ONS2021_SYSTEM,
    EXT_REPLACES,
    EXT_SCREENING_DATE,
    EXT_SEX_ISO5218,
    EXT_SOURCE_RESPONSE,
    FLAG_SYSTEM,
    NAMING_SYSTEM_BASE,
    QUESTIONNAIRE_BASE,
    UKCORE_ETHNIC_CATEGORY,
    UKCORE_ETHNIC_CATEGORY_ENGLAND,
    age_band,
    ethnic_group,
)

JSON = dict[str, Any]
CANARY = "QZXCANARY"
"""Every marker starts with this, so a scan for it finds any of them."""

CUSTODY_FLAGS = (
    "REFER_LIAISON_DIVERSION",
    "SELF_HARM_RISK",
    "APPROPRIATE_ADULT",
    "COMMUNICATION_SUPPORT",
    "WITHDRAWAL_RISK",
)
COURT_FLAGS = ("REFER_LIAISON_DIVERSION", "URGENT_MH_REVIEW")
FORM_STAGES = {"custody-screen": "custody", "ld-court-screen": "court", "psr-mental-health": "probation"}
"""The stage a form fixes (the neurodevelopmental form does not: the agency's stage)."""
OTHER_FLAGS = ("SUSPECTED_NEURODIVERGENCE", "MHTR_SUITABLE")
FLAG_RATES = {
    "REFER_LIAISON_DIVERSION": 0.35,
    "SELF_HARM_RISK": 0.12,
    "APPROPRIATE_ADULT": 0.08,
    "COMMUNICATION_SUPPORT": 0.1,
    "WITHDRAWAL_RISK": 0.15,
    "URGENT_MH_REVIEW": 0.1,
    "SUSPECTED_NEURODIVERGENCE": 0.25,
    "MHTR_SUITABLE": 0.2,
}
ETHNICITY_WEIGHTS = {
    "white": 0.72,
    "black": 0.11,
    "asian": 0.09,
    "mixed": 0.05,
    "other": 0.02,
}


@dataclass
class Agency:
    id: str
    type: str
    station_id: str


@dataclass
class Truth:
    """What one current screening revision should become in the store."""

    person: int
    stage: str
    agency_type: str
    month: str
    day: date
    age_band: str
    ethnicity_group: str
    ethnicity: str
    sex: str
    flags: frozenset[str]
    record_id: str
    linked: bool
    """Whether the person's records link across agencies (they have a PNC ID)."""


@dataclass
class Population:
    """The records to store, and what the store should make of them."""

    agencies: list[Agency]
    records: list[tuple[str, str, Agency, JSON]] = field(default_factory=list)
    truth: list[Truth] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    uncounted_ids: list[str] = field(default_factory=list)

    def counts(self, *dims: str) -> Counter[tuple[str, ...]]:
        """Screenings by the named truth attributes."""
        return Counter(tuple(getattr(t, d) for d in dims) for t in self.truth)

    def flag_counts(self, *dims: str) -> Counter[tuple[str, ...]]:
        """(flag, *dims) -> screenings raising it."""
        found: Counter[tuple[str, ...]] = Counter()
        for t in self.truth:
            for f in t.flags:
                found[(f, *(getattr(t, d) for d in dims))] += 1
        return found


def _pnc(rng: random.Random) -> str:
    year, serial = rng.randint(0, 24), rng.randint(1, 9_999_999)
    return f"{year:02d}/{serial:07d}{pnc_check_letter(year, serial)}"


def _nhs(rng: random.Random) -> str:
    from screening.domain.reference import nhs_check_digit

    while True:
        first = "".join(str(rng.randint(0, 9)) for _ in range(9))
        check = nhs_check_digit(first)
        if check is not None:
            return first + str(check)


def patient(
    patient_id: str,
    *,
    marker: str,
    ethnicity: str | None,
    sex_iso: str,
    birth: date | None,
    identifiers: list[tuple[str, str]],
) -> JSON:
    """A Patient as screening/interop/patient.py writes it."""
    extensions: list[JSON] = []
    if ethnicity is not None:
        category = ethnicity_category(ethnicity)
        extensions.append(
            {
                "url": UKCORE_ETHNIC_CATEGORY,
                "valueCodeableConcept": {
                    "coding": [
                        {"system": UKCORE_ETHNIC_CATEGORY_ENGLAND, "code": category.nhs_code},
                        {
                            "system": ETHNICITY_ONS2021_SYSTEM,
                            "code": ethnicity,
                            "display": category.full_label,
                        },
                    ],
                    "text": f"{marker}-WRITEIN",
                },
            }
        )
    extensions.append({"url": EXT_SEX_ISO5218, "valueCode": sex_iso})
    body: JSON = {
        "resourceType": "Patient",
        "id": patient_id,
        "meta": {"versionId": "1"},
        "extension": extensions,
        "identifier": [{"system": system, "value": value} for system, value in identifiers],
        "name": [
            {"use": "official", "family": f"{marker}-FAMILY", "given": [f"{marker}-GIVEN"]},
            {"use": "usual", "text": f"{marker}-ALIAS"},
        ],
        "gender": {"1": "male", "2": "female"}.get(sex_iso, "unknown"),
    }
    if birth is not None:
        body["birthDate"] = birth.isoformat()
    return body


def response(
    response_id: str,
    *,
    form: str,
    subject: str,
    on: date,
    marker: str,
    answers: list[JSON] | None = None,
    replaces: str | None = None,
    status: str = "completed",
) -> JSON:
    """A finalised revision's QuestionnaireResponse as screening/interop/revision.py writes it."""
    extensions: list[JSON] = [
        {"url": EXT_SCREENING_DATE, "valueDate": on.isoformat()},
    ]
    if replaces:
        extensions.append(
            {"url": EXT_REPLACES, "valueReference": {"reference": f"QuestionnaireResponse/{replaces}"}}
        )
        extensions.append(
            {"url": EXT_REPLACES.replace("replaces", "amend-reason"), "valueString": f"{marker}-REASON"}
        )
    items: list[JSON] = [
        {
            "linkId": "notes",
            "text": "Notes",
            "item": [{"linkId": "X_details", "answer": [{"valueString": f"{marker}-FREETEXT"}]}],
        }
    ]
    if answers:
        items.append({"linkId": "coded", "item": answers})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "extension": extensions,
        "language": "en",
        "identifier": {
            "system": "https://waypoint-screening.example/fhir/NamingSystem/screening-id",
            "value": response_id,
        },
        "questionnaire": f"{QUESTIONNAIRE_BASE}{form}|1.0.0",
        "status": "amended" if replaces and status == "completed" else status,
        "subject": {"reference": f"Patient/{subject}"},
        "authored": datetime.combine(on, datetime.min.time(), tzinfo=UTC).replace(hour=11).isoformat(),
        "item": items,
    }


def flag(response_id: str, subject: str, code: str, on: date) -> JSON:
    """A Flag as screening/interop/flag.py writes it (the id derived from response and code)."""
    return {
        "resourceType": "Flag",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{response_id}/{code}")),
        "extension": [
            {
                "url": EXT_SOURCE_RESPONSE,
                "valueReference": {"reference": f"QuestionnaireResponse/{response_id}"},
            }
        ],
        "status": "active",
        "code": {"coding": [{"system": FLAG_SYSTEM, "code": code, "display": code}], "text": code},
        "subject": {"reference": f"Patient/{subject}"},
        "period": {"start": f"{on.isoformat()}T11:00:00+00:00"},
    }


def _coded(link_id: str, *codes: str) -> JSON:
    return {"linkId": link_id, "answer": [{"valueCoding": {"system": "x", "code": c}} for c in codes]}


def generate(
    people: int,
    *,
    seed: int = 7,
    start: date = date(2024, 1, 1),
    months: int = 12,
    agency_ids: dict[str, list[str]] | None = None,
    ld_in_custody: float = 0.0,
) -> Population:
    """``people`` people and their screenings over ``months`` months from ``start``;
    ``ld_in_custody``: the share of them Liaison & Diversion also screens in the custody suite
    (with the custody checklist), the day after the police."""
    rng = random.Random(seed)
    by_type = agency_ids or {
        "police": ["force-a", "force-b"],
        "liaison_diversion": ["ld-north", "ld-south"],
        "probation": ["probation-1"],
        "prison": ["prison-1"],
        "court": ["court-1"],
    }
    population = Population(
        agencies=[Agency(i, t, f"station-{i}") for t, ids in by_type.items() for i in ids]
    )
    agencies_of = {t: [a for a in population.agencies if a.type == t] for t in by_type}
    groups = list(ETHNICITY_WEIGHTS)
    end = start + timedelta(days=30 * months - 1)
    for person in range(people):
        marker = f"{CANARY}{person:05d}X"
        population.markers += [f"{marker}-FAMILY", f"{marker}-GIVEN", f"{marker}-FREETEXT"]
        roll = rng.random()
        if roll < 0.02:
            ethnicity = "prefer_not_to_say"
        elif roll < 0.05:
            ethnicity = None
        else:
            group = rng.choices(groups, weights=[ETHNICITY_WEIGHTS[g] for g in groups])[0]
            ethnicity = rng.choice(
                [c.code.value for c in ETHNICITY_CATEGORIES if c.group and c.group.value == group]
            )
        sex_iso = rng.choices(["1", "2", "0"], weights=[0.85, 0.14, 0.01])[0]
        sex = {"1": "male", "2": "female", "0": "not_known"}[sex_iso]
        birth = (
            None
            if rng.random() < 0.03
            else date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28))
        )
        pnc = _pnc(rng) if rng.random() < 0.9 else None
        nhs = _nhs(rng) if rng.random() < 0.5 else None
        if birth is not None:
            population.markers.append(birth.isoformat())
        if pnc:
            population.markers.append(pnc)
        if nhs:
            population.markers.append(nhs)
        ids_everywhere: list[tuple[str, str]] = []
        if pnc:
            ids_everywhere.append((NAMING_SYSTEM_BASE + "pnc-id", pnc))
        custody_day = start + timedelta(days=rng.randint(0, (end - start).days))
        visits: list[tuple[str, str, date, tuple[str, ...]]] = [
            ("police", "custody-screen", custody_day, CUSTODY_FLAGS)
        ]
        if ld_in_custody and rng.random() < ld_in_custody:
            visits.append(
                ("liaison_diversion", "custody-screen", custody_day + timedelta(days=1), CUSTODY_FLAGS)
            )
        if rng.random() < 0.35:
            visits.append(
                (
                    "liaison_diversion",
                    "ld-court-screen",
                    custody_day + timedelta(days=rng.randint(0, 40)),
                    COURT_FLAGS,
                )
            )
        if rng.random() < 0.2:
            visits.append(
                (
                    "probation",
                    "psr-mental-health",
                    custody_day + timedelta(days=rng.randint(10, 120)),
                    ("MHTR_SUITABLE",),
                )
            )
        if rng.random() < 0.05:
            visits.append(
                (
                    "prison",
                    "neurodevelopmental",
                    custody_day + timedelta(days=rng.randint(20, 200)),
                    ("SUSPECTED_NEURODIVERGENCE",),
                )
            )
        if rng.random() < 0.04:
            visits.append(
                (
                    "court",
                    "neurodevelopmental",
                    custody_day + timedelta(days=rng.randint(1, 30)),
                    ("SUSPECTED_NEURODIVERGENCE",),
                )
            )
        for agency_type, form, day, possible in visits:
            if day > end:
                continue
            agency = rng.choice(agencies_of[agency_type])
            patient_id = str(uuid.uuid4())
            identifiers = list(ids_everywhere)
            if nhs and agency_type != "police":
                identifiers.append(("https://fhir.nhs.uk/Id/nhs-number", nhs))
            if agency_type == "police":
                reference = f"{CANARY}CUST{person:05d}"
                identifiers.append((NAMING_SYSTEM_BASE + "custody-record", reference))
                population.markers.append(reference)
            population.markers.append(patient_id)
            population.records.append(
                (
                    "Patient",
                    patient_id,
                    agency,
                    patient(
                        patient_id,
                        marker=marker,
                        ethnicity=ethnicity,
                        sex_iso=sex_iso,
                        birth=birth,
                        identifiers=identifiers,
                    ),
                )
            )
            flags = frozenset(f for f in possible if rng.random() < FLAG_RATES[f])
            answers = []
            if form == "ld-court-screen":
                answers.append(_coded("B15", rng.choice(["diversion", "bail_support", "no_further_action"])))
                answers.append({"linkId": "phq9_total", "answer": [{"valueInteger": rng.randint(0, 27)}]})
            response_id = str(uuid.uuid4())
            population.markers.append(response_id)
            population.records.append(
                (
                    "QuestionnaireResponse",
                    response_id,
                    agency,
                    response(
                        response_id, form=form, subject=patient_id, on=day, marker=marker, answers=answers
                    ),
                )
            )
            for code in sorted(flags):
                population.records.append(
                    (
                        "Flag",
                        flag(response_id, patient_id, code, day)["id"],
                        agency,
                        flag(response_id, patient_id, code, day),
                    )
                )
            current_id, current_flags = response_id, flags
            if rng.random() < 0.06:  # amended: a new revision replaces it, with other flags
                amended_id = str(uuid.uuid4())
                population.markers.append(amended_id)
                current_flags = frozenset(f for f in possible if rng.random() < FLAG_RATES[f])
                population.records.append(
                    (
                        "QuestionnaireResponse",
                        amended_id,
                        agency,
                        response(
                            amended_id,
                            form=form,
                            subject=patient_id,
                            on=day,
                            marker=marker,
                            answers=answers,
                            replaces=response_id,
                        ),
                    )
                )
                for code in sorted(current_flags):
                    body = flag(amended_id, patient_id, code, day)
                    population.records.append(("Flag", body["id"], agency, body))
                population.uncounted_ids.append(response_id)
                current_id = amended_id
            effective = ethnicity or "unknown"
            stage = (
                FORM_STAGES.get(form)
                or {
                    "police": "custody",
                    "liaison_diversion": "court",
                    "probation": "probation",
                    "prison": "prison",
                    "court": "court",
                }[agency_type]
            )
            population.truth.append(
                Truth(
                    person=person,
                    stage=stage,
                    agency_type=agency_type,
                    month=day.strftime("%Y-%m"),
                    day=day,
                    age_band=age_band(birth, day),
                    ethnicity_group=ethnic_group(effective),
                    ethnicity=effective,
                    sex=sex,
                    flags=current_flags,
                    record_id=current_id,
                    linked=pnc is not None,
                )
            )
    # A draft that somehow arrived must not count.
    draft_id = str(uuid.uuid4())
    agency = population.agencies[0]
    population.records.append(
        (
            "QuestionnaireResponse",
            draft_id,
            agency,
            response(
                draft_id,
                form="custody-screen",
                subject=str(uuid.uuid4()),
                on=start,
                marker=f"{CANARY}DRAFT",
                status="in-progress",
            ),
        )
    )
    population.uncounted_ids.append(draft_id)
    return population


def store(engine: Engine, population: Population) -> None:
    """Insert the population's records straight into the central ``resources`` table (as pushes
    would have stored them), with the agencies and stations they belong to."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for agency in population.agencies:
            connection.execute(
                insert(agencies).values(
                    id=agency.id, name=f"Agency {agency.id}", type=agency.type, created_at=now
                )
            )
            connection.execute(
                insert(stations).values(
                    id=agency.station_id,
                    agency_id=agency.id,
                    site="Test site",
                    credential_hash=hashlib.sha256(agency.station_id.encode()).hexdigest(),
                    signing_key=hashlib.sha256(b"k" + agency.station_id.encode()).hexdigest()[:43],
                    enrolled_at=now,
                    revoked_at=None,
                )
            )
        rows = [
            {
                "resource_type": resource_type,
                "resource_id": resource_id,
                "station_id": agency.station_id,
                "agency_id": agency.id,
                "content_hash": hashlib.sha256(resource_id.encode()).hexdigest(),
                "version": 1,
                "body": body,
                "author_id": "user-1",
                "author_role": "custody_officer",
                "signature": "x",
                "sealed_at": now,
                "received_at": now,
                "updated_at": now,
            }
            for resource_type, resource_id, agency, body in population.records
        ]
        for start in range(0, len(rows), 2000):
            connection.execute(insert(resources), rows[start : start + 2000])
