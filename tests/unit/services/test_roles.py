"""Role rules: which forms a role may start, which screenings it may open, take-over by the same
role only, supervisor sign-off, and the drafts lists."""

from __future__ import annotations

import pytest

from screening.domain.enums import ScreeningStatus
from screening.services import Services
from screening.services.errors import NotAllowedError, WrongStateError
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details

# Hand-written from forms/*/1.0.0.yaml `roles`, with the rule that administrators never screen.
STARTABLE = {
    "pc1234": {"custody-screen", "neurodevelopmental"},
    "ld1": {"ld-court-screen", "neurodevelopmental"},
    "po1": {"psr-mental-health", "neurodevelopmental"},
    "ps1": {"custody-screen", "ld-court-screen", "psr-mental-health", "neurodevelopmental"},
    "admin1": set(),
}


@pytest.mark.parametrize("user_id", sorted(STARTABLE))
def test_which_forms_each_role_may_start(bench: Bench, user_id: str) -> None:
    services = bench.services(user_id)
    assert {f.id for f in services.screenings.startable_forms()} == STARTABLE[user_id]
    officer = bench.services("pc1234")
    person = officer.people.create(details=details())
    for form in bench.library.latest():
        if form.id in STARTABLE[user_id]:
            draft = services.screenings.start(person_id=person.id, form_id=form.id)
            assert draft.author_id == user_id
        else:
            with pytest.raises(NotAllowedError):
                services.screenings.start(person_id=person.id, form_id=form.id)


def test_the_neurodevelopmental_form_lists_admin_but_admins_do_not_screen(bench: Bench) -> None:
    assert "admin" in bench.library.get("neurodevelopmental").definition.roles
    officer = bench.services("pc1234")
    person = officer.people.create(details=details())
    with pytest.raises(NotAllowedError, match="administrator"):
        bench.services("admin1").screenings.start(person_id=person.id, form_id="neurodevelopmental")


def custody_draft(officer: Services):  # type: ignore[no-untyped-def]
    person = officer.people.create(details=details())
    return officer.screenings.start(person_id=person.id, form_id="custody-screen")


def test_who_may_open_a_custody_screening(bench: Bench, officer: Services) -> None:
    draft = custody_draft(officer)
    for user_id in ("pc5678", "ps1", "ld1"):  # same team, supervisor, health staff
        assert bench.services(user_id).screenings.get(screening_id=draft.id).id == draft.id
    for user_id in ("po1", "admin1"):
        with pytest.raises(NotAllowedError):
            bench.services(user_id).screenings.get(screening_id=draft.id)
    assert bench.services("po1").screenings.recent() == []
    assert [s.id for s in bench.services("pc5678").screenings.recent()] == [draft.id]


def test_an_ld_court_screen_is_not_opened_by_custody_or_probation(bench: Bench) -> None:
    ld = bench.services("ld1")
    person = ld.people.create(details=details())
    draft = ld.screenings.start(person_id=person.id, form_id="ld-court-screen")
    for user_id in ("pc1234", "po1"):
        with pytest.raises(NotAllowedError, match="disclosable summary"):
            bench.services(user_id).screenings.get(screening_id=draft.id)
    assert bench.services("ps1").screenings.get(screening_id=draft.id).id == draft.id


def test_only_the_author_changes_a_draft(bench: Bench, officer: Services) -> None:
    draft = custody_draft(officer)
    colleague = bench.services("pc5678")
    with pytest.raises(NotAllowedError, match="Take it over"):
        colleague.screenings.answer(screening_id=draft.id, item_code="A8", value="no")
    with pytest.raises(NotAllowedError):
        colleague.screenings.discard(screening_id=draft.id)


def test_a_colleague_of_the_same_role_may_take_over_a_draft_and_it_is_audited(
    bench: Bench, officer: Services
) -> None:
    draft = custody_draft(officer)
    officer.screenings.answer(screening_id=draft.id, item_code="A8", value="no")
    colleague = bench.services("pc5678")
    assert [s.id for s in colleague.screenings.drafts_to_take_over()] == [draft.id]
    assert [s.id for s in officer.screenings.my_drafts()] == [draft.id]
    taken = colleague.screenings.take_over(screening_id=draft.id)
    assert taken.author_id == "pc5678" and taken.started_by == "pc1234"
    assert taken.answer("A8").value == "no"  # type: ignore[union-attr]
    colleague.screenings.answer(screening_id=draft.id, item_code="A5", value="no")
    with pytest.raises(NotAllowedError):
        officer.screenings.answer(screening_id=draft.id, item_code="A5", value="yes")
    assert officer.screenings.my_drafts() == [] and colleague.screenings.drafts_to_take_over() == []
    row = next(r for r in colleague.session.station.audit.records() if r.event == "take_over")
    assert row.user_id == "pc5678" and row.subjects["user"] == "pc1234"
    assert row.subjects["screening"] == str(draft.id)
    # The new author finalises it, with their own passphrase.
    answer_all(colleague, draft.id, QUIET_CUSTODY)
    colleague.screenings.complete(screening_id=draft.id)
    final = colleague.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc5678"])
    assert final.finalised_by == "pc5678"


@pytest.mark.parametrize("user_id", ["ps1", "ld1", "po1", "admin1"])
def test_another_role_may_not_take_over(bench: Bench, officer: Services, user_id: str) -> None:
    draft = custody_draft(officer)
    other = bench.services(user_id)
    assert other.screenings.drafts_to_take_over() == []
    with pytest.raises(NotAllowedError):
        other.screenings.take_over(screening_id=draft.id)
    assert officer.screenings.get(screening_id=draft.id).author_id == "pc1234"
    assert not any(r.event == "take_over" for r in officer.session.station.audit.records())


def test_supervisor_sign_off_is_separate_from_finalisation(bench: Bench, officer: Services) -> None:
    draft = custody_draft(officer)
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    supervisor = bench.services("ps1")
    with pytest.raises(WrongStateError, match="Only a finalised"):
        supervisor.screenings.sign_off(screening_id=draft.id)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])
    with pytest.raises(NotAllowedError, match="supervisor"):
        bench.services("pc5678").screenings.sign_off(screening_id=final.id)
    signed = supervisor.screenings.sign_off(screening_id=final.id)
    assert signed.status is ScreeningStatus.FINALISED and signed.is_signed_off
    assert (signed.finalised_by, signed.signed_off_by) == ("pc1234", "ps1")
    assert signed.signed_off_at == bench.clock.now
    assert signed.answers == final.answers and signed.flags == final.flags
    row = next(r for r in supervisor.session.station.audit.records() if r.event == "signoff")
    assert row.user_id == "ps1" and row.subjects["screening"] == str(final.id)
    # Signing off sends nothing more: the finalised revision was queued once, unchanged.
    assert [e.kind for e in supervisor.outbox.pending()] == ["Patient", "QuestionnaireResponse"]


def test_a_supervisor_does_not_sign_off_their_own_screening(bench: Bench) -> None:
    supervisor = bench.services("ps1")
    person = supervisor.people.create(details=details())
    draft = supervisor.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(supervisor, draft.id, QUIET_CUSTODY)
    supervisor.screenings.complete(screening_id=draft.id)
    final = supervisor.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["ps1"])
    with pytest.raises(NotAllowedError, match="another supervisor"):
        supervisor.screenings.sign_off(screening_id=final.id)
    assert bench.services("ps2").screenings.sign_off(screening_id=final.id).signed_off_by == "ps2"


def test_people_with_open_alerts(bench: Bench, officer: Services) -> None:
    draft = custody_draft(officer)
    answer_all(officer, draft.id, {**QUIET_CUSTODY, "A8": "yes"})
    assert officer.screenings.people_with_open_alerts() == []  # drafts do not count
    officer.screenings.complete(screening_id=draft.id)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])
    alerts = officer.screenings.people_with_open_alerts()
    assert [(a.screening_id, [f.code for f in a.flags]) for a in alerts] == [(final.id, ["SELF_HARM_RISK"])]
    assert alerts[0].person.family_name == "Kowalski"
    assert bench.services("po1").screenings.people_with_open_alerts() == []
    # An amendment still in draft leaves the finalised revision current; once finalised, it rules.
    amendment = officer.screenings.amend(screening_id=final.id, reason="A8 misheard")
    assert len(officer.screenings.people_with_open_alerts()) == 1
    officer.screenings.answer(screening_id=amendment.id, item_code="A8", value="no")
    officer.screenings.complete(screening_id=amendment.id)
    officer.screenings.finalise(screening_id=amendment.id, passphrase=PASSPHRASES["pc1234"])
    assert officer.screenings.people_with_open_alerts() == []
