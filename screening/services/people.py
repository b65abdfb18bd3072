"""People: create, edit (versioned and audited), open, and search as you type.

Search takes whatever the user types into one box:
- a whole NHS number ("943 476 5919") or PNC ID (either year form: "2019/0012345X" finds
  "19/12345X") is looked up exactly;
- a date ("14/03/1990", "14.3.1990", "1990-03-14") narrows to that date of birth;
- a word with a digit is the start of any identifier (custody record number, CRO, court or
  probation reference, PNC ID, NHS number), ignoring spaces and punctuation;
- every other word is the start of one of the person's names (given, family or other names),
  accent- and case-insensitive, in any order.
Every lookup is an index range scan (see ``names.prefix_range``); nothing scans JSON.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError

from screening.domain import reference
from screening.domain.enums import IdentifierKind
from screening.domain.models import Identifier, Person
from screening.services import policy
from screening.services.errors import InvalidInputError, NotFoundError, StaleRecordError
from screening.services.names import NAME_INDEX_VERSION, name_key, name_tokens, prefix_range, words
from screening.services.outbox import Outbox
from screening.services.session import Session, iso, parse_iso
from screening.services.views import PersonDetails, PersonSummary
from screening.store.audit import AuditEvent
from screening.store.db import Database

log = logging.getLogger(__name__)

STORE_KIND: dict[IdentifierKind, str] = {
    IdentifierKind.PNC_ID: "pnc",
    IdentifierKind.CRO: "cro",
    IdentifierKind.NHS_NUMBER: "nhs",
    IdentifierKind.CUSTODY_RECORD: "custody",
    IdentifierKind.COURT_CASE: "court_case",
    IdentifierKind.PROBATION_CASE: "probation_case",
}
"""The identifier kinds as the schema names them."""
DOMAIN_KIND = {store: kind for kind, store in STORE_KIND.items()}

NAME_INDEX_SETTING = "people.name_index_version"

# Person fields kept in their own columns (everything else goes in ``data``).
_COLUMN_FIELDS = frozenset(
    {
        "id",
        "given_names",
        "family_name",
        "date_of_birth",
        "age_in_doubt",
        "identifiers",
        "created_at",
        "updated_at",
        "version",
    }
)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_FOUR_DIGIT_PNC_START = re.compile(r"^(?:19|20)([0-9]{2})/")
_SEARCH_ROWS_PER_RESULT = 3


def identifier_search_key(kind: IdentifierKind, value: str) -> str:
    """The form an identifier is stored and searched under: letters and digits only, upper
    case; a PNC ID in its two-digit-year form, so both year forms find it."""
    if kind is IdentifierKind.PNC_ID:
        value = reference.pnc_match_key(value)
    return _NOT_ALNUM.sub("", value.upper())


def parse_date(text: str) -> date | None:
    """A date typed as 14/03/1990, 14-3-1990, 14.03.1990 or 1990-03-14; None if it is not one."""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class PeopleService:
    """Person records (see the module docstring for search)."""

    def __init__(self, session: Session, outbox: Outbox) -> None:
        self._session = session
        self._outbox = outbox

    # --- writing ---

    def create(self, *, details: PersonDetails) -> Person:
        """Create a person record from what the user entered; return it.

        Raises ``InvalidInputError`` naming every problem (e.g. an NHS number whose check digit
        does not match) when the details are not valid.
        """
        session = self._session
        self._require_people_role()
        now = session.now()
        person = _build_person(details, id=uuid4(), created_at=now, updated_at=now, version=1)
        with session.transaction() as db:
            _insert_person(db, person, user_id=session.user_id)
            session.audit(AuditEvent.CREATE, subjects={"person": str(person.id)})
        log.info("person %s created", person.id)
        return person

    def edit(
        self, *, person_id: UUID, details: PersonDetails, expected_version: int | None = None
    ) -> Person:
        """Save changed details of a person as the next version; return the new record.

        The audit row keeps the old and new values of every changed field. If the person has a
        finalised screening, the new version is queued for the centre in the same transaction.
        ``expected_version`` (the version the user was editing) guards against overwriting a
        change saved in between: ``StaleRecordError``. Nothing changed: nothing is written.
        """
        session = self._session
        self._require_people_role()
        with session.transaction() as db:
            old = _load_person(db, person_id)
            if expected_version is not None and old.version != expected_version:
                raise StaleRecordError(
                    "Someone saved changes to this person while you were editing. Reload the "
                    "record, check it and make your change again."
                )
            new = _build_person(
                details,
                id=old.id,
                created_at=old.created_at,
                updated_at=session.now(),
                version=old.version + 1,
            )
            before = _comparable(old)
            after = _comparable(new)
            changed = sorted(k for k in after if before.get(k) != after.get(k))
            if not changed:
                return old
            _update_person(db, new, user_id=session.user_id)
            session.audit(
                AuditEvent.EDIT,
                subjects={"person": str(new.id)},
                details={"version": new.version, "fields": changed},
                values=({k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}),
            )
            if has_finalised_screening(db, new.id):
                enqueue_patient(self._outbox, new)
        log.info("person %s edited (version %d)", new.id, new.version)
        return new

    # --- reading ---

    def get(self, *, person_id: UUID) -> Person:
        """Open a person record (the opening is audited)."""
        session = self._session
        self._require_people_role()
        with session.transaction() as db:
            person = _load_person(db, person_id)
            session.audit(AuditEvent.VIEW, subjects={"person": str(person_id)})
        return person

    def search(
        self, *, query: str, date_of_birth: date | None = None, limit: int = 25
    ) -> list[PersonSummary]:
        """People matching what was typed (see the module docstring), best-known order: by family
        name, then given names. At most ``limit`` results; an empty query finds nobody."""
        self._require_people_role()
        limit = max(1, min(int(limit), 200))
        db = self._session.db
        criteria = _parse_query(query, date_of_birth)
        if criteria.exact is not None:
            kind, key = criteria.exact
            ids = [
                str(row[0])
                for row in db.query(
                    "SELECT person_id FROM person_identifiers WHERE kind = ? AND value_norm = ?"
                    " LIMIT ?",
                    (STORE_KIND[kind], key, limit),
                )
            ]
        elif criteria.empty:
            return []
        else:
            ids = _search_ids(db, criteria, limit)
        people = _load_people(db, ids)
        people.sort(key=lambda p: (name_key(p.family_name), name_key(p.given_names), str(p.id)))
        return [PersonSummary.of(p) for p in people]

    def ensure_search_index(self) -> int:
        """Rebuild the name index if it was built by other rules (or never); return how many
        people were indexed (0 when it was up to date)."""
        db = self._session.db
        built = db.query_value("SELECT value FROM settings WHERE key = ?", (NAME_INDEX_SETTING,))
        if built is not None and json.loads(built) == NAME_INDEX_VERSION:
            return 0
        count = 0
        with db.transaction():
            db.execute("DELETE FROM person_name_tokens")
            for row in db.query("SELECT id, given_names, family_name, data FROM people"):
                data = json.loads(row["data"])
                other = data.get("other_names", []) if isinstance(data, dict) else []
                names = [str(row["given_names"]), str(row["family_name"])]
                names += [str(n) for n in other if isinstance(n, str)]
                db.execute(
                    "UPDATE people SET given_names_norm = ?, family_name_norm = ? WHERE id = ?",
                    (name_key(names[0]), name_key(names[1]), row["id"]),
                )
                _insert_tokens(db, str(row["id"]), names)
                count += 1
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (NAME_INDEX_SETTING, json.dumps(NAME_INDEX_VERSION)),
            )
        log.info("person name index rebuilt (%d people)", count)
        return count

    def _require_people_role(self) -> None:
        self._session.require(
            policy.may_handle_people(self._session.role),
            "Administrators manage the station and do not work with people's records. "
            "Log in with a screening account to do this.",
        )


# --- shared with the screening and retention services ------------------------------------------


def load_person(db: Database, person_id: UUID) -> Person:
    """A person record (``NotFoundError`` if absent)."""
    return _load_person(db, person_id)


def has_finalised_screening(db: Database, person_id: UUID) -> bool:
    """Whether the person has at least one finalised revision (so their record syncs)."""
    return (
        db.query_value(
            "SELECT 1 FROM screenings WHERE person_id = ? AND status = 'finalised' LIMIT 1",
            (str(person_id),),
        )
        is not None
    )


def enqueue_patient(outbox: Outbox, person: Person) -> None:
    """Queue the person's current version for the centre, unless it is queued already."""
    from screening.interop.patient import export_patient

    queued = outbox.enqueued_version("Patient", str(person.id))
    if queued is not None and queued >= person.version:
        return
    outbox.enqueue(
        kind="Patient",
        resource_id=str(person.id),
        payload=export_patient(person),
        version=person.version,
    )


# --- rows ----------------------------------------------------------------------------------------


def _build_person(
    details: PersonDetails, *, id: UUID, created_at: datetime, updated_at: datetime, version: int
) -> Person:
    problems: dict[str, str] = {}
    identifiers: list[Identifier] = []
    for entry in details.identifiers:
        if not entry.value.strip():
            continue
        try:
            identifiers.append(Identifier(kind=entry.kind, value=entry.value))
        except ValidationError as exc:
            label = reference.IDENTIFIER_LABELS[entry.kind]
            problems[f"identifiers.{entry.kind.value}"] = f"{label}: {_first_message(exc)}"
    fields: dict[str, Any] = details.model_dump(exclude={"identifiers"})
    fields.update(
        id=id,
        identifiers=_ordered(identifiers),
        created_at=created_at,
        updated_at=updated_at,
        version=version,
    )
    person: Person | None = None
    try:
        person = Person.model_validate(fields)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "person"
            if where.startswith("identifiers"):
                continue
            problems.setdefault(where, _clean(str(error["msg"])))
    if problems or person is None:
        log.info("person details refused (fields: %s)", ", ".join(sorted(problems)))
        listed = "; ".join(problems.values())
        raise InvalidInputError(
            f"The person's details could not be saved: {listed}. Correct them and save again.",
            problems,
        )
    return person


_KIND_ORDER = {kind: index for index, kind in enumerate(IdentifierKind)}


def _ordered(identifiers: Iterable[Identifier]) -> tuple[Identifier, ...]:
    """Identifiers in one fixed order (kind as the enum lists them, then value)."""
    return tuple(sorted(identifiers, key=lambda i: (_KIND_ORDER[i.kind], i.value)))


def _first_message(exc: ValidationError) -> str:
    errors = exc.errors()
    return _clean(str(errors[0]["msg"])) if errors else "not valid"


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _comparable(person: Person) -> dict[str, Any]:
    """The fields a user edits, as JSON; identifiers in a fixed order (they are a set)."""
    data = person.model_dump(mode="json", exclude={"id", "created_at", "updated_at", "version"})
    data["identifiers"] = sorted(data["identifiers"], key=lambda i: (i["kind"], i["value"]))
    return dict(data)


def _data_json(person: Person) -> str:
    data = person.model_dump(mode="json", exclude=set(_COLUMN_FIELDS))
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _insert_person(db: Database, person: Person, *, user_id: str) -> None:
    db.execute(
        "INSERT INTO people (id, given_names, family_name, given_names_norm, family_name_norm,"
        " date_of_birth, age_in_doubt, data, version, created_at, created_by, updated_at, updated_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            str(person.id),
            person.given_names,
            person.family_name,
            name_key(person.given_names),
            name_key(person.family_name),
            person.date_of_birth.isoformat() if person.date_of_birth else None,
            int(person.age_in_doubt),
            _data_json(person),
            person.version,
            iso(person.created_at),
            user_id,
            iso(person.updated_at),
            user_id,
        ),
    )
    _insert_identifiers(db, person)
    _insert_tokens(db, str(person.id), _all_names(person))


def _update_person(db: Database, person: Person, *, user_id: str) -> None:
    db.execute(
        "UPDATE people SET given_names = ?, family_name = ?, given_names_norm = ?,"
        " family_name_norm = ?, date_of_birth = ?, age_in_doubt = ?, data = ?, version = ?,"
        " updated_at = ?, updated_by = ? WHERE id = ?",
        (
            person.given_names,
            person.family_name,
            name_key(person.given_names),
            name_key(person.family_name),
            person.date_of_birth.isoformat() if person.date_of_birth else None,
            int(person.age_in_doubt),
            _data_json(person),
            person.version,
            iso(person.updated_at),
            user_id,
            str(person.id),
        ),
    )
    db.execute("DELETE FROM person_identifiers WHERE person_id = ?", (str(person.id),))
    db.execute("DELETE FROM person_name_tokens WHERE person_id = ?", (str(person.id),))
    _insert_identifiers(db, person)
    _insert_tokens(db, str(person.id), _all_names(person))


def _all_names(person: Person) -> list[str]:
    return [person.given_names, person.family_name, *person.other_names]


def _insert_identifiers(db: Database, person: Person) -> None:
    rows = [
        (str(person.id), STORE_KIND[i.kind], i.value, identifier_search_key(i.kind, i.value))
        for i in person.identifiers
    ]
    if rows:
        db.executemany(
            "INSERT OR IGNORE INTO person_identifiers (person_id, kind, value, value_norm)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )


def _insert_tokens(db: Database, person_id: str, names: Iterable[str]) -> None:
    rows = [(token, person_id) for token in sorted(name_tokens(names))]
    if rows:
        db.executemany(
            "INSERT OR IGNORE INTO person_name_tokens (token, person_id) VALUES (?, ?)", rows
        )


def _load_person(db: Database, person_id: UUID) -> Person:
    people = _load_people(db, [str(person_id)])
    if not people:
        raise NotFoundError(
            "This person's record is not on this station (it may have been removed by the "
            "retention rules). Search again."
        )
    return people[0]


def _load_people(db: Database, ids: Sequence[str]) -> list[Person]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.query(f"SELECT * FROM people WHERE id IN ({marks})", list(ids))
    identifiers: dict[str, list[Identifier]] = {}
    for row in db.query(
        f"SELECT person_id, kind, value FROM person_identifiers WHERE person_id IN ({marks})"
        " ORDER BY person_id, kind, value",
        list(ids),
    ):
        identifiers.setdefault(str(row["person_id"]), []).append(
            Identifier(kind=DOMAIN_KIND[str(row["kind"])], value=str(row["value"]))
        )
    order = {person_id: index for index, person_id in enumerate(ids)}
    people = [_person_from_row(row, identifiers.get(str(row["id"]), [])) for row in rows]
    people.sort(key=lambda p: order[str(p.id)])
    return people


def _person_from_row(row: Any, identifiers: list[Identifier]) -> Person:
    data = json.loads(row["data"])
    fields: dict[str, Any] = {k: v for k, v in data.items() if k not in _COLUMN_FIELDS}
    dob = row["date_of_birth"]
    fields.update(
        id=str(row["id"]),
        given_names=str(row["given_names"]),
        family_name=str(row["family_name"]),
        date_of_birth=None if dob is None else date.fromisoformat(str(dob)),
        age_in_doubt=bool(row["age_in_doubt"]),
        identifiers=_ordered(identifiers),
        created_at=parse_iso(str(row["created_at"])),
        updated_at=parse_iso(str(row["updated_at"])),
        version=int(row["version"]),
    )
    return Person.model_validate(fields)


# --- search ----------------------------------------------------------------------------------------


class _Criteria:
    def __init__(self) -> None:
        self.exact: tuple[IdentifierKind, str] | None = None
        self.date_of_birth: date | None = None
        self.identifier_prefixes: list[str] = []
        self.name_prefixes: list[str] = []

    @property
    def empty(self) -> bool:
        return (
            self.date_of_birth is None and not self.identifier_prefixes and not self.name_prefixes
        )


def _parse_query(query: str, date_of_birth: date | None) -> _Criteria:
    criteria = _Criteria()
    criteria.date_of_birth = date_of_birth
    text = " ".join(query.split())
    if text and reference.is_valid_nhs_number(text):
        criteria.exact = (IdentifierKind.NHS_NUMBER, reference.normalise_nhs_number(text))
        return criteria
    if text and reference.is_valid_pnc_id(text):
        key = identifier_search_key(IdentifierKind.PNC_ID, text)
        criteria.exact = (IdentifierKind.PNC_ID, key)
        return criteria
    for token in text.split(" "):
        if not token:
            continue
        day = parse_date(token)
        if day is not None:
            criteria.date_of_birth = day
            continue
        if any(ch.isdigit() for ch in token):
            upper = token.upper()
            four_digit = _FOUR_DIGIT_PNC_START.match(upper)
            if four_digit:  # a PNC ID being typed with a four-digit year: stored as two digits
                upper = four_digit.group(1) + upper[four_digit.end() :]
            compact = _NOT_ALNUM.sub("", upper)
            if compact:
                criteria.identifier_prefixes.append(compact)
            continue
        criteria.name_prefixes.extend(words(token))
    # Longest first: the longest prefix is usually the most selective, so it drives the scan.
    criteria.name_prefixes.sort(key=len, reverse=True)
    return criteria


def _search_ids(db: Database, criteria: _Criteria, limit: int) -> list[str]:
    conditions: list[str] = []
    params: list[Any] = []
    if criteria.identifier_prefixes:
        first, *rest_ids = criteria.identifier_prefixes
        source = "SELECT i.person_id AS pid FROM person_identifiers i"
        pid = "i.person_id"
        conditions.append("i.value_norm >= ? AND i.value_norm < ?")
        params += prefix_range(first)
        order = "i.value_norm"
        rest_names = criteria.name_prefixes
        dob_filter = criteria.date_of_birth
    elif criteria.date_of_birth is not None:
        source = "SELECT p.id AS pid FROM people p"
        pid = "p.id"
        conditions.append("p.date_of_birth = ?")
        params.append(criteria.date_of_birth.isoformat())
        order = "p.family_name_norm, p.given_names_norm"
        rest_ids, rest_names, dob_filter = [], criteria.name_prefixes, None
    else:
        first_name, *rest_names = criteria.name_prefixes
        source = "SELECT t.person_id AS pid FROM person_name_tokens t"
        pid = "t.person_id"
        conditions.append("t.token >= ? AND t.token < ?")
        params += prefix_range(first_name)
        order = "t.token"
        rest_ids, dob_filter = [], None
    for prefix in rest_names:
        conditions.append(
            f"EXISTS (SELECT 1 FROM person_name_tokens u WHERE u.person_id = {pid}"
            " AND u.token >= ? AND u.token < ?)"
        )
        params += prefix_range(prefix)
    for prefix in rest_ids:
        conditions.append(
            f"EXISTS (SELECT 1 FROM person_identifiers j WHERE j.person_id = {pid}"
            " AND j.value_norm >= ? AND j.value_norm < ?)"
        )
        params += prefix_range(prefix)
    if dob_filter is not None:
        conditions.append(
            f"EXISTS (SELECT 1 FROM people q WHERE q.id = {pid} AND q.date_of_birth = ?)"
        )
        params.append(dob_filter.isoformat())
    sql = f"{source} WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT ?"
    params.append(limit * _SEARCH_ROWS_PER_RESULT)
    ids = list(dict.fromkeys(str(row[0]) for row in db.query(sql, params)))
    return ids[:limit]
