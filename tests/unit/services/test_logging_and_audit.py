"""Logs carry ids only; the audit chain verifies after a day's work; an old station migrates."""

from __future__ import annotations

import logging
import shutil
from datetime import date
from pathlib import Path

import pytest

from screening.domain.enums import DisclosureClass, IdentifierKind, Recipient
from screening.domain.models import ConsentScope
from screening.services import IdentifierEntry, PersonDetails, Services
from screening.services.errors import USER_ERRORS, InvalidInputError, PassphraseRejectedError
from screening.store.station import unlock
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details

MARKER = "Qzxmarker"
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stations"


def test_logs_carry_ids_never_names_identifiers_or_answers(
    bench: Bench, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    officer = bench.services("pc1234")
    marked = PersonDetails(
        given_names=f"{MARKER}given",
        family_name=f"{MARKER}family",
        other_names=(f"{MARKER}alias",),
        date_of_birth=date(1971, 2, 3),
        identifiers=(
            IdentifierEntry(kind=IdentifierKind.CUSTODY_RECORD, value=f"{MARKER}77"),
            IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value="943 476 5919"),
        ),
        ethnicity_write_in=None,
    )
    person = officer.people.create(details=marked)
    officer.people.search(query=f"{MARKER}fam")
    renamed = marked.model_copy(update={"given_names": f"{MARKER}new"})
    officer.people.edit(person_id=person.id, details=renamed)
    with pytest.raises(InvalidInputError):
        bad_nhs = IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value="4010232138")
        officer.people.create(details=details(identifiers=(bad_nhs,)))
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, {**QUIET_CUSTODY, "A6": f"{MARKER} medicine", "A17": f"{MARKER} faith"})
    officer.consents.record(
        screening_id=draft.id,
        recipient=Recipient.LIAISON_DIVERSION,
        given=True,
        scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,)),
        capacity_considered=True,
        capacity_note=f"{MARKER} note",
    )
    officer.screenings.complete(screening_id=draft.id)
    with pytest.raises(PassphraseRejectedError):
        officer.screenings.finalise(screening_id=draft.id, passphrase=f"{MARKER} wrong passphrase")
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])
    officer.screenings.amend(screening_id=final.id, reason=f"{MARKER} reason")
    officer.lock()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert str(final.id) in text  # the logs do say what happened, by id
    for secret in (MARKER, MARKER.lower(), "9434765919", "943 476 5919", "1971-02-03", "4010232138"):
        assert secret not in text, secret


def test_user_errors_say_what_happened_and_what_to_do(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    with pytest.raises(USER_ERRORS) as caught:
        officer.screenings.complete(screening_id=draft.id)
    assert "cannot be completed yet" in str(caught.value) and "need an answer" in str(caught.value)


def test_the_audit_chain_verifies_after_a_days_work(bench: Bench) -> None:
    officer = bench.services("pc1234")
    for index in range(3):
        person = officer.people.create(details=details(family_name=f"Kowalski{'x' * index}"))
        draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
        answer_all(officer, draft.id, {**QUIET_CUSTODY, "A7": "within_month", "A7_custody": "yes"})
        officer.screenings.answer(screening_id=draft.id, item_code="A7", value="never")
        officer.screenings.complete(screening_id=draft.id)
        final = officer.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])
        bench.services("ps1").screenings.sign_off(screening_id=final.id)
        amendment = officer.screenings.amend(screening_id=final.id, reason="checked")
        bench.services("pc5678").screenings.take_over(screening_id=amendment.id)
    officer.lock()
    with unlock(bench.home, user_id="admin1", passphrase=PASSPHRASES["admin1"]) as admin:
        result = admin.verify_audit()
        assert result.ok, str(result)
        assert admin.check().ok


def test_a_schema_1_station_migrates_and_its_people_are_found(tmp_path: Path, bench: Bench) -> None:
    home = tmp_path / "old"
    shutil.copytree(FIXTURES / "schema-1", home)
    station = unlock(home, user_id="pc1234", passphrase="officer passphrase two")
    try:
        services = Services(station, bench.library, clock=bench.clock)
        found = services.people.search(query="test pers")
        assert [p.display_name for p in found] == ["Test PERSON"]
        assert [s.status.value for s in services.screenings.my_drafts()] == ["draft"]
        assert station.verify_audit().ok
    finally:
        station.lock()
