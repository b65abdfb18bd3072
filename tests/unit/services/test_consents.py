"""Consent decisions (given, refused, withdrawn) and legal bases with a second sign-off."""

from __future__ import annotations

from datetime import timedelta

import pytest

from screening.domain.enums import DisclosureClass, LegalBasisKind, Recipient
from screening.domain.models import ConsentScope, LegalBasis
from screening.services import Services
from screening.services.errors import InvalidInputError, NotAllowedError, WrongStateError
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details

SCOPE = ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,), items=("A5",))


def finalised(officer: Services):  # type: ignore[no-untyped-def]
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    return officer.screenings.finalise(screening_id=draft.id, passphrase=PASSPHRASES["pc1234"])


def test_recording_and_withdrawing_consent(bench: Bench, officer: Services) -> None:
    final = finalised(officer)
    given = officer.consents.record(
        screening_id=final.id,
        recipient=Recipient.LIAISON_DIVERSION,
        given=True,
        scope=SCOPE,
        capacity_considered=True,
        capacity_note="Understood and repeated back what sharing means",
    )
    assert given.in_force(bench.clock.now) and given.recorded_by == "pc1234"
    assert given.permits("A8", DisclosureClass.CONFIDENTIAL, bench.clock.now)
    refused = officer.consents.record(
        screening_id=final.id,
        recipient=Recipient.DEFENCE,
        given=False,
        scope=ConsentScope(),
        capacity_considered=False,
    )
    assert not refused.in_force(bench.clock.now)
    bench.clock.advance(days=1)
    withdrawn = officer.consents.withdraw(consent_id=given.id)
    assert withdrawn.withdrawn_at == bench.clock.now and withdrawn.withdrawn_by == "pc1234"
    assert not withdrawn.in_force(bench.clock.now)
    assert withdrawn.in_force(bench.clock.now - timedelta(hours=1))
    with pytest.raises(WrongStateError, match="already been withdrawn"):
        officer.consents.withdraw(consent_id=given.id)
    with pytest.raises(WrongStateError, match="refusal"):
        officer.consents.withdraw(consent_id=refused.id)
    assert officer.consents.for_screening(screening_id=final.id) == [withdrawn, refused]
    records = officer.session.station.audit.records(include_values=True)
    created = [r for r in records if r.details.get("record") == "consent" and r.event == "create"]
    assert [r.details["recipient"] for r in created] == ["liaison_diversion", "defence"]
    assert created[0].new == {"capacity_note": "Understood and repeated back what sharing means"}
    assert "Understood" not in str(created[0].details)


def test_consent_holds_for_later_revisions_of_the_screening(officer: Services) -> None:
    final = finalised(officer)
    consent = officer.consents.record(
        screening_id=final.id,
        recipient=Recipient.CPS,
        given=True,
        scope=SCOPE,
        capacity_considered=True,
    )
    amendment = officer.screenings.amend(screening_id=final.id, reason="typo in A6")
    assert officer.consents.for_screening(screening_id=amendment.id) == [consent]


def test_consent_scope_names_items_of_the_form(officer: Services) -> None:
    final = finalised(officer)
    with pytest.raises(InvalidInputError, match="Z99"):
        officer.consents.record(
            screening_id=final.id,
            recipient=Recipient.CPS,
            given=True,
            scope=ConsentScope(items=("Z99",)),
            capacity_considered=True,
        )
    with pytest.raises(InvalidInputError, match="needs a scope"):
        officer.consents.record(
            screening_id=final.id,
            recipient=Recipient.CPS,
            given=True,
            scope=ConsentScope(),
            capacity_considered=True,
        )


def test_consent_needs_a_user_who_may_open_the_screening(bench: Bench, officer: Services) -> None:
    final = finalised(officer)
    with pytest.raises(NotAllowedError):
        bench.services("po1").consents.record(
            screening_id=final.id,
            recipient=Recipient.PROBATION,
            given=True,
            scope=SCOPE,
            capacity_considered=True,
        )


def test_a_legal_basis_is_recorded_and_signed_off_by_a_second_user(bench: Bench, officer: Services) -> None:
    final = finalised(officer)
    basis = LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="2", purpose="Case file for the CPS")
    recorded = officer.consents.record_legal_basis(
        screening_id=final.id, recipient=Recipient.CPS, basis=basis
    )
    assert recorded.basis == basis and recorded.second_signoff_by is None
    with pytest.raises(NotAllowedError, match="second user"):
        officer.consents.sign_legal_basis(legal_basis_id=recorded.id)
    signed = bench.services("ps1").consents.sign_legal_basis(legal_basis_id=recorded.id)
    assert signed.second_signoff_by == "ps1" and signed.recorded_by == "pc1234"
    assert officer.consents.legal_bases(screening_id=final.id) == [signed]
    draft = officer.screenings.amend(screening_id=final.id, reason="typo")
    with pytest.raises(WrongStateError, match="finalise it"):
        officer.consents.record_legal_basis(screening_id=draft.id, recipient=Recipient.CPS, basis=basis)
