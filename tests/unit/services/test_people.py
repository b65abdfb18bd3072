"""People: create with checked identifiers, versioned audited edits, and search by every key."""

from __future__ import annotations

from datetime import date

import pytest

from screening.domain.enums import IdentifierKind
from screening.services import IdentifierEntry, PersonDetails, Services
from screening.services.errors import InvalidInputError, NotAllowedError, StaleRecordError
from screening.services.names import fold, name_tokens
from screening.services.people import identifier_search_key, parse_date
from tests.unit.services.conftest import VALID_NHS, VALID_PNC, Bench, details


def ids(services: Services, query: str, **kw: object) -> list[str]:
    return [p.family_name for p in services.people.search(query=query, **kw)]  # type: ignore[arg-type]


@pytest.fixture
def people(officer: Services) -> Services:
    officer.people.create(details=details())
    officer.people.create(
        details=PersonDetails(
            given_names="Zoë",
            family_name="O'Brien-Łukasz",
            other_names=("Zoe Smith",),
            date_of_birth=date(1999, 12, 31),
            identifiers=(
                IdentifierEntry(kind=IdentifierKind.PNC_ID, value="05/123J"),
                IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value="CU 777/24"),
            ),
        )
    )
    officer.people.create(
        details=PersonDetails(
            given_names="Anna", family_name="Kowalczyk", age_in_doubt=True,
            identifiers=(IdentifierEntry(kind=IdentifierKind.CRO, value="123456/89X"),),
        )
    )
    officer.people.create(
        details=PersonDetails(given_names="José", family_name="García", date_of_birth=date(1980, 5, 20))
    )
    return officer


def test_names_fold_to_plain_lower_case_words() -> None:
    assert fold("Zoë O’Brien") == "zoe obrien"
    assert fold("ŁUKASZ Straße") == "lukasz strasse"
    assert name_tokens(["O'Brien-Łukasz"]) == {"obrien", "lukasz", "obrienlukasz"}


def test_search_by_name_is_a_prefix_match_on_any_name_word_in_any_order(people: Services) -> None:
    assert ids(people, "kowal") == ["Kowalczyk", "Kowalski"]
    assert ids(people, "kowals") == ["Kowalski"]
    assert ids(people, "KOWALSKI jan") == ["Kowalski"]
    assert ids(people, "piotr kow") == ["Kowalski"]  # a middle name, first
    assert ids(people, "jan kowalczyk") == []
    assert ids(people, "zoe obrien") == ["O'Brien-Łukasz"]  # accents and apostrophes ignored
    assert ids(people, "ŁUKASZ") == ["O'Brien-Łukasz"]  # either half of a double-barrelled name
    assert ids(people, "smith") == ["O'Brien-Łukasz"]  # other names
    assert ids(people, "garcia jose") == ["García"]
    assert ids(people, "") == [] and ids(people, "  ") == []
    assert len(people.people.search(query="k", limit=1)) == 1


def test_search_by_date_of_birth_in_the_ways_people_type_it(people: Services) -> None:
    for typed in ("20/05/1980", "20-5-1980", "20.05.1980", "1980-05-20"):
        assert ids(people, typed) == ["García", "Kowalski"], typed
    assert ids(people, "kow 20/05/1980") == ["Kowalski"]
    assert ids(people, "", date_of_birth=date(1999, 12, 31)) == ["O'Brien-Łukasz"]
    assert ids(people, "01/01/1900") == []
    assert parse_date("31/02/1990") is None


def test_search_by_pnc_id_in_either_year_form(people: Services) -> None:
    for typed in (VALID_PNC, "19/12345G", "19/0012345g", "2019/12345G"):
        assert ids(people, typed) == ["Kowalski"], typed
    assert ids(people, "2005/0000123J") == ["O'Brien-Łukasz"]
    assert ids(people, "2019/00123") == ["Kowalski"]  # being typed
    assert identifier_search_key(IdentifierKind.PNC_ID, "2019/12345G") == "190012345G"


def test_search_by_nhs_number_with_or_without_spaces(people: Services) -> None:
    assert ids(people, VALID_NHS) == ["Kowalski"]
    assert ids(people, VALID_NHS.replace(" ", "")) == ["Kowalski"]
    assert ids(people, "943476") == ["Kowalski"]  # being typed
    assert ids(people, "943 476 5918") == []  # wrong check digit: no such person


def test_search_by_custody_record_and_other_references(people: Services) -> None:
    assert ids(people, "01/123456/25") == ["Kowalski"]
    assert ids(people, "0112345625") == ["Kowalski"]
    assert ids(people, "cu777") == ["O'Brien-Łukasz"]
    assert ids(people, "123456/89x") == ["Kowalczyk"]  # CRO
    assert ids(people, "kowal 01/123") == ["Kowalski"]


def test_search_uses_indexes_and_never_scans_a_table(people: Services) -> None:
    db = people.session.db
    plans: list[str] = []
    original = db.query

    def spy(sql: str, params: object = ()) -> list[object]:
        if sql.lstrip().upper().startswith("SELECT") and ("person" in sql or "people" in sql):
            plans.append(" | ".join(str(r[3]) for r in original("EXPLAIN QUERY PLAN " + sql, params)))  # type: ignore[arg-type]
        return original(sql, params)  # type: ignore[arg-type]

    db.query = spy  # type: ignore[method-assign]
    try:
        queries = ("kow jan", "20/05/1980", "kow 20/05/1980", VALID_NHS, VALID_PNC, "cu777", "kowal 01/123")
        for typed in queries:
            people.people.search(query=typed)
    finally:
        db.query = original  # type: ignore[method-assign]
    assert plans
    for plan in plans:
        scans = [step for step in plan.split(" | ") if step.startswith("SCAN") and "USING" not in step]
        assert not scans, plan


def test_identifiers_are_checked_and_every_problem_is_named(officer: Services) -> None:
    bad = details(
        identifiers=(
            IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value="943 476 5918"),
            IdentifierEntry(kind=IdentifierKind.PNC_ID, value="2019/0012345X"),
            IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value="no digits"),
        )
    )
    with pytest.raises(InvalidInputError) as caught:
        officer.people.create(details=bad)
    problems = caught.value.problems
    assert set(problems) == {"identifiers.nhs_number", "identifiers.pnc_id", "identifiers.custody_record"}
    assert "check digit" in problems["identifiers.nhs_number"]
    assert "check letter" in problems["identifiers.pnc_id"]
    assert "NHS number" in str(caught.value) and "Correct them" in str(caught.value)
    with pytest.raises(InvalidInputError, match="given name or a family name"):
        officer.people.create(details=PersonDetails(date_of_birth=date(1990, 1, 1)))
    with pytest.raises(InvalidInputError, match="age as in doubt"):
        officer.people.create(details=PersonDetails(family_name="Doe"))
    with pytest.raises(InvalidInputError, match="future"):
        officer.people.create(details=details(date_of_birth=date(2030, 1, 1)))
    with pytest.raises(InvalidInputError, match="listed twice"):
        officer.people.create(
            details=details(
                identifiers=(
                    IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=VALID_NHS),
                    IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=VALID_NHS.replace(" ", "")),
                )
            )
        )
    assert officer.session.db.query_value("SELECT count(*) FROM people") == 0


def test_edits_are_versioned_and_audited_with_old_and_new_values(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    bench.clock.advance(hours=1)
    edited = officer.people.edit(
        person_id=person.id,
        details=details(family_name="Kowalska", date_of_birth=date(1981, 5, 20)),
        expected_version=1,
    )
    assert (edited.version, edited.family_name, edited.created_at) == (2, "Kowalska", person.created_at)
    assert edited.updated_at == bench.clock.now
    assert officer.people.get(person_id=person.id) == edited
    row = [r for r in officer.session.station.audit.records(include_values=True) if r.event == "edit"][-1]
    assert row.subjects == {"person": str(person.id)}
    assert row.details == {"version": 2, "fields": ["date_of_birth", "family_name"]}
    assert row.old == {"date_of_birth": "1980-05-20", "family_name": "Kowalski"}
    assert row.new == {"date_of_birth": "1981-05-20", "family_name": "Kowalska"}
    assert ids(officer, "kowalska") == ["Kowalska"] and ids(officer, "kowalski") == []
    with pytest.raises(StaleRecordError, match="Reload"):
        officer.people.edit(person_id=person.id, details=details(), expected_version=1)


def test_administrators_do_not_handle_peoples_records(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    admin = bench.services("admin1")
    for attempt in (
        lambda: admin.people.search(query="kow"),
        lambda: admin.people.get(person_id=person.id),
        lambda: admin.people.create(details=details()),
    ):
        with pytest.raises(NotAllowedError, match="Administrators"):
            attempt()


def test_the_name_index_is_rebuilt_when_missing(bench: Bench, officer: Services) -> None:
    officer.people.create(details=details())
    db = officer.session.db
    db.execute("DELETE FROM person_name_tokens")
    db.execute("DELETE FROM settings WHERE key = 'people.name_index_version'")
    assert ids(officer, "kow") == []
    again = bench.services("pc1234")  # a new session rebuilds it
    assert ids(again, "kow") == ["Kowalski"]
    assert again.people.ensure_search_index() == 0
