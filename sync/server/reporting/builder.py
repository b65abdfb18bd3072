"""Filling the reporting store from the synced records: after each push, and from scratch.

Rows are keyed by keyed hashes (:mod:`.pseudonym`) and hold the coded facts :mod:`.facts` reads.
The same functions serve both paths, so an incremental update and a rebuild give the same store:

* :func:`update_after_push` runs after a push has committed, on the records that push stored. It
  is idempotent (upserts keyed by record) and order-independent: a Flag may arrive before its
  response, a response before its Patient, an amendment before the revision it replaces.
* :func:`rebuild` empties the store and derives it again from every synced record, in one
  transaction (readers see the old store or the new one). ``screening-central report rebuild``.
* :func:`sweep` re-derives whatever changed since the last sweep, to repair an update that was
  lost (the worker died between the push's commit and the update). It runs every few minutes
  after a push, and from ``screening-central report refresh``.

Logs carry counts, never ids or contents.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Engine, String, bindparam, cast, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from sync.server.db import agencies, as_utc, changes, is_postgres, resources, utcnow
from sync.server.forms import rule_from_yaml, shipped_forms_root
from sync.server.reporting.facts import (
    Demographics,
    ScreeningFacts,
    age_band,
    ethnic_group,
    flag_facts,
    patient_demographics,
    screening_facts,
    stage_of,
    subject_of,
)
from sync.server.reporting.pseudonym import PseudonymKey
from sync.server.reporting.schema import TABLES

log = logging.getLogger(__name__)

REPORTED_TYPES = ("QuestionnaireResponse", "Patient", "Flag")
SWEEP_EVERY = timedelta(minutes=5)
SWEEP_OVERLAP = timedelta(minutes=10)
"""A sweep looks back this far before the last one: a push whose transaction began before the
last sweep but committed after it still gets seen."""
_CHUNK = 500

STATE_KEY = "key_fingerprint"
STATE_VERSION = "data_version"
STATE_SWEPT = "swept_through"
STATE_REBUILT = "rebuilt_at"


class StaleKeyError(RuntimeError):
    """The store was built with another pseudonymisation key: it must be rebuilt."""


@dataclass(frozen=True)
class UpdateSummary:
    """Counts of what one update wrote."""

    screenings: int = 0
    flags: int = 0
    people: int = 0


# ------------------------------------------------------------------------------------------------
# Rows


def screening_row(
    key: PseudonymKey,
    facts: ScreeningFacts,
    agency_type: str,
    demographics: Demographics,
    *,
    form_stage: str | None,
) -> dict[str, Any]:
    """The reporting row of one revision (ids replaced by keyed hashes). ``form_stage``: the stage
    the form's definition names, if the centre knows the form."""
    person_key = key.person_key(demographics.person_token)
    effective_ethnicity = facts.screening_ethnicity or demographics.ethnicity or "unknown"
    return {
        "record_key": key.record_key("QuestionnaireResponse", facts.resource_id),
        "subject_key": key.subject_key(facts.subject_id),
        "person_key": person_key,
        "replaces_key": (
            key.record_key("QuestionnaireResponse", facts.replaces_id) if facts.replaces_id else None
        ),
        "superseded": False,
        "form_id": facts.form_id,
        "stage": stage_of(form_stage, agency_type),
        "agency_type": agency_type,
        "month": facts.screening_date.strftime("%Y-%m"),
        "day": facts.screening_date.toordinal() + key.day_shift(person_key),
        "age_band": age_band(demographics.birth_date, facts.screening_date),
        "ethnicity_group": ethnic_group(effective_ethnicity),
        "ethnicity": effective_ethnicity,
        "sex": facts.screening_sex or demographics.sex or "not_known",
        "screening_ethnicity": facts.screening_ethnicity,
        "screening_sex": facts.screening_sex,
        "phq9_band": facts.bands.get("phq9"),
        "gad7_band": facts.bands.get("gad7"),
        "auditc_band": facts.bands.get("auditc"),
    }


def _restated(key: PseudonymKey, row: Any, demographics: Demographics) -> dict[str, Any]:
    """A stored row brought up to date with its person's (changed) Patient record."""
    true_day = row.day - key.day_shift(row.person_key)
    person_key = key.person_key(demographics.person_token)
    effective_ethnicity = row.screening_ethnicity or demographics.ethnicity or "unknown"
    return {
        "b_record_key": row.record_key,
        "person_key": person_key,
        "day": true_day + key.day_shift(person_key),
        "age_band": age_band(demographics.birth_date, date.fromordinal(true_day)),
        "ethnicity_group": ethnic_group(effective_ethnicity),
        "ethnicity": effective_ethnicity,
        "sex": row.screening_sex or demographics.sex or "not_known",
    }


class _MemoKey(PseudonymKey):
    """A key that remembers the hashes it made, for one update: a push's revisions share their
    person, so each subject's and person's hashes (and each record's, asked for twice) are made
    once. Same values as the key it wraps."""

    _memo: dict[tuple[str, str], str]

    def __init__(self, key: PseudonymKey) -> None:
        super().__init__(key.secret)
        object.__setattr__(self, "_memo", {})

    def digest(self, purpose: str, value: str) -> str:
        found = self._memo.get((purpose, value))
        if found is None:
            found = self._memo[(purpose, value)] = super().digest(purpose, value)
        return found


class _FormStages:
    """The stage each form version's definition names: the shipped forms, then those published on
    the change feed (read on the caller's connection: a second connection would wait for the
    caller's own write lock on SQLite)."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], str] | None = None
        self._scanned = float("-inf")
        self._lock = threading.Lock()

    def stage(self, connection: Connection, form_id: str, version: str) -> str | None:
        with self._lock:
            if self._known is None:
                self._known = {}
                for path in sorted(shipped_forms_root().glob("*/*.yaml")):
                    rule = rule_from_yaml(path.read_text(encoding="utf-8"))
                    if rule is not None:
                        self._known[(rule.form_id, rule.version)] = rule.stage.value
            found = self._known.get((form_id, version))
            if found is not None or time.monotonic() - self._scanned < 30.0:
                return found
            self._scanned = time.monotonic()
        for row in connection.execute(select(changes.c.payload).where(changes.c.kind == "form_version")):
            payload = row.payload if isinstance(row.payload, dict) else {}
            rule = rule_from_yaml(str(payload.get("content", "")))
            if rule is not None:
                with self._lock:
                    self._known[(rule.form_id, rule.version)] = rule.stage.value
        with self._lock:
            return self._known.get((form_id, version))


_FORMS = _FormStages()


def _form_stage(connection: Connection, facts: ScreeningFacts) -> str | None:
    if facts.form_version is None:
        return None
    return _FORMS.stage(connection, facts.form_id, facts.form_version)


# ------------------------------------------------------------------------------------------------
# State


def _state(connection: Connection) -> dict[str, str]:
    state = TABLES.state
    return {row.name: row.value for row in connection.execute(select(state.c.name, state.c.value))}


def _set_state(connection: Connection, **values: str) -> None:
    _upsert(connection, TABLES.state, [{"name": k, "value": v} for k, v in values.items()], ("name",))


def _bump_version(connection: Connection) -> None:
    state = TABLES.state
    bumped = connection.execute(
        update(state)
        .where(state.c.name == STATE_VERSION)
        # BIGINT: a rebuild sets a millisecond timestamp, beyond PostgreSQL's 32-bit INTEGER.
        .values(value=cast(cast(state.c.value, BigInteger) + 1, String(200)))
        .returning(state.c.value)
    ).first()
    if bumped is None:
        _set_state(connection, **{STATE_VERSION: "1"})


def data_version(connection: Connection) -> int:
    """A number that changes whenever the store does (0 for an empty, never-built store)."""
    state = TABLES.state
    value = connection.execute(select(state.c.value).where(state.c.name == STATE_VERSION)).scalar()
    return int(value) if value else 0


def check_key(connection: Connection, key: PseudonymKey) -> None:
    """Raise :class:`StaleKeyError` if the store was built with another key; adopt the key if the
    store has none yet."""
    held = _state(connection).get(STATE_KEY)
    if held is None:
        _set_state(connection, **{STATE_KEY: key.fingerprint})
    elif held != key.fingerprint:
        raise StaleKeyError(
            "the reporting store was built with a different pseudonymisation key; "
            "run `screening-central report rebuild`"
        )


# ------------------------------------------------------------------------------------------------
# Incremental updates


def apply_changes(engine: Engine, key: PseudonymKey, refs: Iterable[tuple[str, str]]) -> UpdateSummary:
    """Bring the store up to date with these synced records (resource type, id), in one
    transaction. Types other than QuestionnaireResponse, Patient and Flag are ignored."""
    wanted = sorted({(t, i) for t, i in refs if t in REPORTED_TYPES})
    if not wanted:
        return UpdateSummary()
    with engine.begin() as connection:
        check_key(connection, key)
        summary = _apply(connection, key, wanted)
        _bump_version(connection)
    return summary


def _load(connection: Connection, refs: Sequence[tuple[str, str]]) -> list[Any]:
    rows: list[Any] = []
    for resource_type in REPORTED_TYPES:
        ids = [i for t, i in refs if t == resource_type]
        for start in range(0, len(ids), _CHUNK):
            rows += connection.execute(
                select(resources.c.resource_type, resources.c.resource_id, resources.c.body, agencies.c.type)
                .join(agencies, agencies.c.id == resources.c.agency_id)
                .where(
                    resources.c.resource_type == resource_type,
                    resources.c.resource_id.in_(ids[start : start + _CHUNK]),
                )
            ).all()
    return rows


def _patients(connection: Connection, ids: Iterable[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _CHUNK):
        for row in connection.execute(
            select(resources.c.resource_id, resources.c.body).where(
                resources.c.resource_type == "Patient",
                resources.c.resource_id.in_(wanted[start : start + _CHUNK]),
            )
        ):
            found[row.resource_id] = row.body
    return found


def _lock_subjects(connection: Connection, subject_keys: Iterable[str]) -> None:
    """On PostgreSQL, serialise updates about the same person record (in one global order), so a
    Patient change and a new response processed by two workers at once cannot both miss the
    other. SQLite's writers are serialised already."""
    names = sorted(set(subject_keys))
    if names and is_postgres(connection):
        connection.execute(
            text(
                "SELECT pg_advisory_xact_lock(hashtextextended(name, 7)) "
                "FROM (SELECT unnest(CAST(:names AS text[])) AS name ORDER BY 1) AS sorted_names"
            ),
            {"names": names},
        )


def _apply(connection: Connection, key: PseudonymKey, refs: Sequence[tuple[str, str]]) -> UpdateSummary:
    key = _MemoKey(key)
    loaded = _load(connection, refs)
    responses = [
        (r.resource_id, r.body, r.type) for r in loaded if r.resource_type == "QuestionnaireResponse"
    ]
    changed_patients = [r.resource_id for r in loaded if r.resource_type == "Patient"]
    flag_bodies = [r.body for r in loaded if r.resource_type == "Flag"]

    subjects = {sid for _, body, _ in responses if (sid := subject_of(body)) is not None}
    subjects.update(changed_patients)
    _lock_subjects(connection, (key.subject_key(s) for s in subjects))
    # Read the Patients only now, under the locks: a Patient committed by another worker is seen.
    patients = _patients(connection, subjects)

    rows: list[dict[str, Any]] = []
    outcome_rows: list[dict[str, str]] = []
    uncounted: list[str] = []
    people: dict[str, Demographics] = {}
    for resource_id, body, agency_type in responses:
        facts = screening_facts(resource_id, body)
        record_key = key.record_key("QuestionnaireResponse", resource_id)
        if facts is None:
            uncounted.append(record_key)
            continue
        demographics = people.get(facts.subject_id)
        if demographics is None:
            demographics = people[facts.subject_id] = patient_demographics(
                facts.subject_id, patients.get(facts.subject_id)
            )
        rows.append(
            screening_row(key, facts, agency_type, demographics, form_stage=_form_stage(connection, facts))
        )
        outcome_rows += [{"record_key": record_key, "outcome": o} for o in facts.outcomes]

    screening, outcome, flag = TABLES.screening, TABLES.outcome, TABLES.flag
    for batch in _chunks(uncounted):
        connection.execute(delete(outcome).where(outcome.c.record_key.in_(batch)))
        connection.execute(delete(screening).where(screening.c.record_key.in_(batch)))
    written_keys = [row["record_key"] for row in rows]
    for batch in _chunks(written_keys):
        connection.execute(delete(outcome).where(outcome.c.record_key.in_(batch)))
    _upsert(connection, screening, rows, ("record_key",))
    _insert_absent(connection, outcome, outcome_rows)
    _mark_superseded(connection, written_keys, [r["replaces_key"] for r in rows if r["replaces_key"]])

    restated = _restate_subjects(connection, key, {p: patients.get(p) for p in changed_patients})

    flag_rows = []
    for body in flag_bodies:
        raised = flag_facts(body)
        if raised is not None:
            flag_rows.append(
                {
                    "record_key": key.record_key("QuestionnaireResponse", raised.response_id),
                    "flag": raised.code,
                }
            )
    _insert_absent(connection, flag, flag_rows)
    return UpdateSummary(screenings=len(rows), flags=len(flag_rows), people=restated)


def _restate_subjects(connection: Connection, key: PseudonymKey, bodies: dict[str, Any]) -> int:
    """Bring the stored rows of these Patients' screenings up to date with the Patients (None:
    not synced); the number of Patients that had rows. One read and one update per chunk."""
    screening = TABLES.screening
    by_subject = {key.subject_key(p): patient_demographics(p, body) for p, body in bodies.items()}
    subject_keys = sorted(by_subject)
    restated: list[dict[str, Any]] = []
    found: set[str] = set()
    for batch in _chunks(subject_keys):
        for row in connection.execute(
            select(
                screening.c.record_key,
                screening.c.subject_key,
                screening.c.person_key,
                screening.c.day,
                screening.c.screening_ethnicity,
                screening.c.screening_sex,
            ).where(screening.c.subject_key.in_(batch))
        ):
            found.add(row.subject_key)
            restated.append(_restated(key, row, by_subject[row.subject_key]))
    if restated:
        connection.execute(
            update(screening)
            .where(screening.c.record_key == bindparam("b_record_key"))
            .values(
                person_key=bindparam("person_key"),
                day=bindparam("day"),
                age_band=bindparam("age_band"),
                ethnicity_group=bindparam("ethnicity_group"),
                ethnicity=bindparam("ethnicity"),
                sex=bindparam("sex"),
            ),
            restated,
        )
    return len(found)


def _mark_superseded(connection: Connection, written: list[str], replaced: list[str]) -> None:
    """A revision is superseded once any stored revision replaces it, whichever arrived first."""
    screening = TABLES.screening
    for batch in _chunks(replaced):
        connection.execute(update(screening).where(screening.c.record_key.in_(batch)).values(superseded=True))
    replacing = select(screening.c.replaces_key).where(screening.c.replaces_key.is_not(None))
    for batch in _chunks(written):
        connection.execute(
            update(screening)
            .where(screening.c.record_key.in_(batch), screening.c.record_key.in_(replacing))
            .values(superseded=True)
        )


def update_after_push(engine: Engine, key: PseudonymKey, batch_response: bytes) -> UpdateSummary | None:
    """Update the store with what one push stored (read from its batch-response body), after the
    push committed. Never raises: a failure is logged (without personal data) and repaired by the
    next sweep or a rebuild; the push itself has succeeded either way."""
    try:
        refs = stored_refs(batch_response)
        summary = apply_changes(engine, key, refs)
        if summary.screenings or summary.flags or summary.people:
            log.info(
                "reporting store updated: %d screenings, %d flags, %d people",
                summary.screenings,
                summary.flags,
                summary.people,
            )
        maybe_sweep(engine, key)
        return summary
    except StaleKeyError as exc:
        log.warning("reporting store not updated: %s", exc)
    except Exception as exc:  # noqa: BLE001 - the push has committed; reporting must not fail it
        log.error("reporting store update failed (%s); the next sweep will repair it", type(exc).__name__)
    return None


def stored_refs(batch_response: bytes) -> list[tuple[str, str]]:
    """(type, id) of every entry a batch-response says was stored (201) or held already (200)."""
    bundle = json.loads(batch_response)
    refs = []
    for entry in bundle.get("entry") or []:
        response = entry.get("response") or {}
        location = response.get("location")
        if str(response.get("status", "")).startswith("20") and isinstance(location, str):
            parts = location.split("/")
            if len(parts) >= 2:
                refs.append((parts[0], parts[1]))
    return refs


# ------------------------------------------------------------------------------------------------
# Sweep


def maybe_sweep(engine: Engine, key: PseudonymKey, *, now: datetime | None = None) -> int | None:
    """Sweep if the last sweep is older than :data:`SWEEP_EVERY`; the number of records swept.

    A store that has never been swept or rebuilt starts its watermark now: records synced
    before the reporting store existed come in with ``screening-central report rebuild``, not
    with a push's background task."""
    now = now or utcnow()
    with engine.connect() as connection:
        last = _state(connection).get(STATE_SWEPT)
    if last is None:
        with engine.begin() as connection:
            _set_state(connection, **{STATE_SWEPT: now.isoformat()})
        return None
    if now - as_utc(datetime.fromisoformat(last)) < SWEEP_EVERY:
        return None
    return sweep(engine, key, now=now)


def sweep(
    engine: Engine, key: PseudonymKey, *, since: datetime | None = None, now: datetime | None = None
) -> int:
    """Re-derive every reported record changed since the last sweep (less an overlap), or since
    ``since``; the number of records looked at."""
    now = now or utcnow()
    with engine.connect() as connection:
        last = _state(connection).get(STATE_SWEPT)
    if since is None:
        since = (
            as_utc(datetime.fromisoformat(last)) - SWEEP_OVERLAP
            if last
            else datetime(1970, 1, 1, tzinfo=now.tzinfo)
        )
    with engine.connect() as connection:
        refs = [
            (row.resource_type, row.resource_id)
            for row in connection.execute(
                select(resources.c.resource_type, resources.c.resource_id).where(
                    resources.c.updated_at >= since, resources.c.resource_type.in_(REPORTED_TYPES)
                )
            )
        ]
    for start in range(0, len(refs), _CHUNK * 4):
        apply_changes(engine, key, refs[start : start + _CHUNK * 4])
    with engine.begin() as connection:
        _set_state(connection, **{STATE_SWEPT: now.isoformat()})
    if refs:
        log.info("reporting sweep: %d records re-derived", len(refs))
    return len(refs)


# ------------------------------------------------------------------------------------------------
# Rebuild


@dataclass(frozen=True)
class RebuildSummary:
    """Counts of what a rebuild wrote."""

    screenings: int
    flags: int
    outcomes: int


def rebuild(engine: Engine, key: PseudonymKey) -> RebuildSummary:
    """Empty the store and derive it again from every synced record, in one transaction."""
    screening, flag, outcome = TABLES.screening, TABLES.flag, TABLES.outcome
    started = utcnow()
    with engine.begin() as connection:
        for table in (flag, outcome, screening, TABLES.state):
            connection.execute(delete(table))
        _set_state(connection, **{STATE_KEY: key.fingerprint})
        patients = {
            row.resource_id: patient_demographics(row.resource_id, row.body)
            for row in _stream(connection, "Patient")
        }
        rows: list[dict[str, Any]] = []
        outcome_rows: list[dict[str, str]] = []
        screenings = outcomes = flags = 0
        for row in _stream(connection, "QuestionnaireResponse"):
            facts = screening_facts(row.resource_id, row.body)
            if facts is None:
                continue
            demographics = patients.get(facts.subject_id) or patient_demographics(facts.subject_id, None)
            rows.append(
                screening_row(key, facts, row.type, demographics, form_stage=_form_stage(connection, facts))
            )
            record_key = rows[-1]["record_key"]
            outcome_rows += [{"record_key": record_key, "outcome": o} for o in facts.outcomes]
            if len(rows) >= _CHUNK * 4:
                screenings += _flush(connection, screening, rows)
                outcomes += _flush(connection, outcome, outcome_rows)
        screenings += _flush(connection, screening, rows)
        outcomes += _flush(connection, outcome, outcome_rows)
        flag_rows: dict[tuple[str, str], dict[str, str]] = {}
        for row in _stream(connection, "Flag"):
            found = flag_facts(row.body)
            if found is not None:
                record_key = key.record_key("QuestionnaireResponse", found.response_id)
                flag_rows[(record_key, found.code)] = {"record_key": record_key, "flag": found.code}
        flags = _flush(connection, flag, list(flag_rows.values()))
        connection.execute(
            update(screening)
            .where(
                screening.c.record_key.in_(
                    select(screening.c.replaces_key).where(screening.c.replaces_key.is_not(None))
                )
            )
            .values(superseded=True)
        )
        # The version must differ from any the old store had, so caches built on it are dropped.
        _set_state(
            connection,
            **{
                STATE_VERSION: str(int(started.timestamp() * 1000)),
                STATE_REBUILT: started.isoformat(),
                STATE_SWEPT: started.isoformat(),
            },
        )
    log.info("reporting store rebuilt: %d screenings, %d flags, %d outcomes", screenings, flags, outcomes)
    return RebuildSummary(screenings, flags, outcomes)


def _stream(connection: Connection, resource_type: str) -> Iterator[Any]:
    query = (
        select(resources.c.resource_id, resources.c.body, agencies.c.type)
        .join(agencies, agencies.c.id == resources.c.agency_id)
        .where(resources.c.resource_type == resource_type)
        .execution_options(yield_per=1000)
    )
    yield from connection.execute(query)


def _flush(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> int:
    count = len(rows)
    if rows:
        connection.execute(insert(table), rows)
        rows.clear()
    return count


# ------------------------------------------------------------------------------------------------
# Dialect helpers


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _dialect_insert(connection: Connection, table: Any) -> Any:
    if is_postgres(connection):
        return postgresql.insert(table)
    return sqlite.insert(table)


def _upsert(connection: Connection, table: Any, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    if not rows:
        return
    statement = _dialect_insert(connection, table)
    columns = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=columns), rows)


def _insert_absent(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        unique = list({tuple(sorted(r.items())): r for r in rows}.values())
        connection.execute(_dialect_insert(connection, table).on_conflict_do_nothing(), unique)
