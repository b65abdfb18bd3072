"""A screening's life through the services, on a real encrypted station: start, autosave, complete,
finalise with the author's passphrase, amend with a reason, and the rules at every step."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
import sqlcipher3

from screening.domain.enums import ScreeningStatus
from screening.services import Services
from screening.services.errors import (
    IncompleteError,
    InvalidAnswerError,
    InvalidInputError,
    NotFoundError,
    PassphraseRejectedError,
    WrongStateError,
)
from tests.unit.services.conftest import (
    PASSPHRASES,
    QUIET_CUSTODY,
    Bench,
    answer_all,
    details,
)

OFFICER_PASS = PASSPHRASES["pc1234"]


def audit_rows(services: Services, event: str | None = None) -> list[object]:
    records = services.session.station.audit.records(limit=100_000, include_values=True)
    return [r for r in records if event is None or r.event == event]


def finalised(services: Services, answers: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    person = services.people.create(details=details())
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(services, draft.id, answers or QUIET_CUSTODY)
    services.screenings.complete(screening_id=draft.id)
    return services.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)


def test_the_whole_life_of_a_custody_screening(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    form = officer.library.get("custody-screen")
    assert draft.status is ScreeningStatus.DRAFT and draft.revision == 1
    assert (draft.form_version, draft.registry_version) == (form.version, officer.library.registry.version)
    assert draft.screening_date == date(2025, 3, 14) and draft.author_id == "pc1234"
    # Pre-filled from the person record: date of birth, language, interpreter.
    assert draft.answer_values() == {
        "A1": date(1980, 5, 20),
        "A13_language": "pl",
        "A13_interpreter": "yes",
    }

    bench.clock.advance(minutes=1)
    progress = officer.screenings.answer(screening_id=draft.id, item_code="A8", value="yes")
    assert progress.saved_at == bench.clock.now
    assert "A8" not in progress.missing_required
    assert [f.code for f in progress.flags] == ["SELF_HARM_RISK", "COMMUNICATION_SUPPORT"]
    answers = {**QUIET_CUSTODY, "A8": "yes"}
    answers.pop("A13_language")
    answers.pop("A13_interpreter")
    answer_all(officer, draft.id, answers)
    progress = officer.screenings.progress(screening_id=draft.id)
    assert progress.complete and progress.status is ScreeningStatus.DRAFT

    bench.clock.advance(minutes=4)
    completed = officer.screenings.complete(screening_id=draft.id)
    assert completed.status is ScreeningStatus.COMPLETED and completed.completed_at == bench.clock.now
    assert [f.code for f in completed.flags] == ["SELF_HARM_RISK", "COMMUNICATION_SUPPORT"]
    assert completed.flag("SELF_HARM_RISK") is not None
    assert completed.flag("SELF_HARM_RISK").reasons[0].items == ("A8",)  # type: ignore[union-attr]

    bench.clock.advance(minutes=1)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    assert final.status is ScreeningStatus.FINALISED
    assert (final.finalised_by, final.finalised_at) == ("pc1234", bench.clock.now)
    assert final.signed_off_by is None and not final.is_editable

    bench.clock.advance(days=2)
    with pytest.raises(InvalidInputError, match="why"):
        officer.screenings.amend(screening_id=final.id, reason="   ")
    amended = officer.screenings.amend(screening_id=final.id, reason="A8 was recorded wrongly")
    assert (amended.revision, amended.replaces, amended.status) == (2, final.id, ScreeningStatus.DRAFT)
    assert amended.amend_reason == "A8 was recorded wrongly"
    assert amended.screening_date == final.screening_date  # keeps the original screening date
    assert amended.answer_values() == final.answer_values()
    officer.screenings.answer(screening_id=amended.id, item_code="A8", value="no")
    officer.screenings.complete(screening_id=amended.id)
    second = officer.screenings.finalise(screening_id=amended.id, passphrase=OFFICER_PASS)
    assert second.flag("SELF_HARM_RISK") is None

    # The old revision stays readable, unchanged; the chain lists both.
    old = officer.screenings.get(screening_id=final.id)
    assert old == final and old.answer("A8").value == "yes"  # type: ignore[union-attr]
    assert [s.id for s in officer.screenings.revisions(screening_id=final.id)] == [final.id, second.id]
    assert [s.revision for s in officer.screenings.for_person(person_id=person.id)] == [2, 1]
    with pytest.raises(WrongStateError, match="already been amended"):
        officer.screenings.amend(screening_id=final.id, reason="again")

    events = [r.event for r in audit_rows(officer)]  # type: ignore[attr-defined]
    for expected in ("create", "edit", "complete", "finalise", "amend", "view"):
        assert expected in events
    amend_row = audit_rows(officer, "amend")[0]
    assert amend_row.new == {"reason": "A8 was recorded wrongly"}  # type: ignore[attr-defined]
    assert "reason" not in str(amend_row.details)  # type: ignore[attr-defined]
    assert officer.session.station.verify_audit().ok


def test_the_screening_date_is_the_london_date_at_the_start(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    bench.clock.now = datetime(2025, 7, 15, 23, 30, tzinfo=UTC)  # 00:30 BST on 16 July
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    assert draft.screening_date == date(2025, 7, 16)


def test_every_answer_is_saved_at_once_with_its_audit_row(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    officer.screenings.answer(screening_id=draft.id, item_code="A6", value="Sertraline 50mg")
    officer.screenings.answer(screening_id=draft.id, item_code="A6", value="Sertraline 100mg")
    officer.screenings.answer(screening_id=draft.id, item_code="A6", value="")  # cleared
    same = officer.screenings.answer(screening_id=draft.id, item_code="A8", value="no")
    again = officer.screenings.answer(screening_id=draft.id, item_code="A8", value="no")
    assert same.saved_at is not None and again.saved_at is None  # unchanged: nothing written
    edits = [r for r in audit_rows(officer, "edit") if r.details.get("item") == "A6"]  # type: ignore[attr-defined]
    assert [(r.old, r.new) for r in edits] == [  # type: ignore[attr-defined]
        (None, "Sertraline 50mg"),
        ("Sertraline 50mg", "Sertraline 100mg"),
        ("Sertraline 100mg", None),
    ]
    # The audit details carry ids and codes, never the answer.
    assert all("Sertraline" not in str(r.details) for r in edits)  # type: ignore[attr-defined]
    # A second connection (as after a crash) sees every saved answer.
    other = bench.services("pc1234")
    reopened = other.screenings.get(screening_id=draft.id)
    assert reopened.answer("A6") is None and reopened.answer("A8").value == "no"  # type: ignore[union-attr]


def test_answers_must_fit_their_question(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    for code, value in (("A8", "perhaps"), ("A8", True), ("A10", "autism"), ("A18", 3), ("Z99", "x")):
        with pytest.raises(InvalidAnswerError):
            officer.screenings.answer(screening_id=draft.id, item_code=code, value=value)
    # A well-typed value the item's rules reject is kept, and reported.
    progress = officer.screenings.answer(screening_id=draft.id, item_code="A1", value=date(2099, 1, 1))
    assert "A1" in progress.invalid
    with pytest.raises(IncompleteError) as caught:
        officer.screenings.complete(screening_id=draft.id)
    assert "A1" in caught.value.invalid and "A8" in caught.value.missing
    assert "A8" in str(caught.value)


def test_hidden_answers_stay_in_the_draft_and_are_dropped_at_completion(
    bench: Bench, officer: Services
) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, {**QUIET_CUSTODY, "A7": "within_12_months"})
    shown = officer.screenings.answer(screening_id=draft.id, item_code="A7_custody", value="yes")
    assert "A7_custody" in shown.visible and "SELF_HARM_RISK" in [f.code for f in shown.flags]

    hidden = officer.screenings.answer(screening_id=draft.id, item_code="A7", value="never")
    assert "A7_custody" not in hidden.visible and hidden.ignored == ("A7_custody",)
    assert "SELF_HARM_RISK" not in [f.code for f in hidden.flags]
    kept = officer.screenings.get(screening_id=draft.id)
    assert kept.answer("A7_custody").value == "yes"  # type: ignore[union-attr]

    back = officer.screenings.answer(screening_id=draft.id, item_code="A7", value="within_12_months")
    assert back.ignored == () and "SELF_HARM_RISK" in [f.code for f in back.flags]  # nothing lost
    officer.screenings.answer(screening_id=draft.id, item_code="A7", value="never")

    completed = officer.screenings.complete(screening_id=draft.id)
    assert completed.answer("A7_custody") is None and completed.flag("SELF_HARM_RISK") is None
    dropped = [r for r in audit_rows(officer, "edit") if r.details.get("dropped")]  # type: ignore[attr-defined]
    assert [(r.details["item"], r.old, r.new) for r in dropped] == [("A7_custody", "yes", None)]  # type: ignore[attr-defined]
    assert audit_rows(officer, "complete")[0].details["dropped"] == ["A7_custody"]  # type: ignore[attr-defined]


def test_changing_a_completed_screening_puts_it_back_to_draft(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    progress = officer.screenings.answer(screening_id=draft.id, item_code="A16", value="yes")
    assert progress.status is ScreeningStatus.DRAFT
    reopened = officer.screenings.get(screening_id=draft.id)
    assert reopened.status is ScreeningStatus.DRAFT and reopened.completed_at is None and not reopened.flags
    with pytest.raises(WrongStateError, match="Complete the screening first"):
        officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    again = officer.screenings.complete(screening_id=draft.id)
    assert again.flag("HEALTH_REVIEW_BEFORE_INTERVIEW") is not None


def test_finalising_with_a_wrong_passphrase_is_refused_and_changes_nothing(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    with pytest.raises(PassphraseRejectedError, match="not finalised"):
        officer.screenings.finalise(screening_id=draft.id, passphrase="not my passphrase at all")
    with pytest.raises(PassphraseRejectedError):  # another user's passphrase does not sign either
        officer.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc5678"])
    assert officer.screenings.get(screening_id=draft.id).status is ScreeningStatus.COMPLETED
    assert officer.outbox.pending() == []
    assert not audit_rows(officer, "finalise")
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    assert final.status is ScreeningStatus.FINALISED


def test_only_the_author_finalises(bench: Bench, officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    colleague = bench.services("pc5678")
    with pytest.raises(Exception, match="belongs to another user"):
        colleague.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc5678"])


def test_a_finalised_revision_cannot_be_changed_by_the_services(bench: Bench, officer: Services) -> None:
    final = finalised(officer)
    for attempt in (
        lambda: officer.screenings.answer(screening_id=final.id, item_code="A8", value="yes"),
        lambda: officer.screenings.complete(screening_id=final.id),
        lambda: officer.screenings.finalise(screening_id=final.id, passphrase=OFFICER_PASS),
        lambda: officer.screenings.discard(screening_id=final.id),
        lambda: bench.services("pc5678").screenings.take_over(screening_id=final.id),
    ):
        with pytest.raises(WrongStateError):
            attempt()
    assert officer.screenings.get(screening_id=final.id).answer("A8").value == "no"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE screenings SET status = 'draft' WHERE id = :id",
        "UPDATE screenings SET finalised_by = 'pc5678' WHERE id = :id",
        "UPDATE screenings SET author_id = 'pc5678' WHERE id = :id",
        "UPDATE answers SET value = '\"yes\"' WHERE screening_id = :id AND item_code = 'A8'",
        "DELETE FROM answers WHERE screening_id = :id",
        "INSERT INTO answers (screening_id, item_code, value, updated_at, updated_by)"
        " VALUES (:id, 'A6', '\"x\"', 't', 'pc1234')",
        "INSERT INTO flags (screening_id, code, level) VALUES (:id, 'SELF_HARM_RISK', 'alert')",
        "DELETE FROM screenings WHERE id = :id",
    ],
)
def test_a_finalised_revision_cannot_be_changed_in_the_database(officer: Services, statement: str) -> None:
    final = finalised(officer)
    with pytest.raises(sqlcipher3.IntegrityError, match="finalised"):
        officer.session.db.execute(statement, {"id": str(final.id)})


def test_a_sign_off_is_added_once_and_then_fixed_in_the_database(bench: Bench, officer: Services) -> None:
    final = finalised(officer)
    db = officer.session.db
    with pytest.raises(sqlcipher3.IntegrityError):  # the finaliser cannot sign off their own
        db.execute(
            "UPDATE screenings SET signed_off_by = 'pc1234', signed_off_at = 't' WHERE id = ?",
            (str(final.id),),
        )
    supervisor = bench.services("ps1")
    signed = supervisor.screenings.sign_off(screening_id=final.id, note="Reviewed with the officer")
    assert (signed.signed_off_by, signed.finalised_by) == ("ps1", "pc1234")
    assert signed.sign_off_note == "Reviewed with the officer"
    with pytest.raises(sqlcipher3.IntegrityError, match="finalised"):
        db.execute("UPDATE screenings SET signed_off_by = 'ps2' WHERE id = ?", (str(final.id),))
    with pytest.raises(WrongStateError, match="already been signed off"):
        bench.services("ps2").screenings.sign_off(screening_id=final.id)


def test_amending_needs_a_finalised_latest_revision(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    with pytest.raises(WrongStateError, match="still a draft"):
        officer.screenings.amend(screening_id=draft.id, reason="typo")
    final = finalised(officer)
    amendment = officer.screenings.amend(screening_id=final.id, reason="wrong answer to A5")
    with pytest.raises(WrongStateError, match="already been amended"):
        officer.screenings.amend(screening_id=final.id, reason="another")
    # Discarding the amendment draft leaves the finalised revision current; it can be amended again.
    officer.screenings.discard(screening_id=amendment.id)
    again = officer.screenings.amend(screening_id=final.id, reason="wrong answer to A5")
    assert again.revision == 2


def test_discarding_a_draft(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    officer.screenings.answer(screening_id=draft.id, item_code="A8", value="yes")
    officer.screenings.discard(screening_id=draft.id)
    with pytest.raises(NotFoundError):
        officer.screenings.get(screening_id=draft.id)
    assert officer.session.db.query_value("SELECT count(*) FROM answers") == 0
    assert audit_rows(officer, "discard")[0].subjects["screening"] == str(draft.id)  # type: ignore[attr-defined]
    assert officer.people.get(person_id=person.id).id == person.id  # the person stays
    with pytest.raises(NotFoundError):
        officer.screenings.start(person_id=uuid4(), form_id="custody-screen")


def test_date_and_time_answers_keep_their_timezone(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    officer.screenings.answer(
        screening_id=draft.id, item_code="A19_referred", value=["liaison_diversion"]
    )
    progress = officer.screenings.answer(
        screening_id=draft.id, item_code="A19", value=datetime(2025, 3, 14, 9, 45)
    )
    assert "A19" in progress.visible and "A19" not in progress.invalid
    saved = officer.screenings.get(screening_id=draft.id).answer("A19")
    assert saved is not None and saved.value == datetime(2025, 3, 14, 9, 45, tzinfo=UTC)  # GMT in March
    assert isinstance(saved.value, datetime) and saved.value.tzinfo is not None
