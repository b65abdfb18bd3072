"""The outbox: rows exactly for finalised revisions, their flags, consent records and the person
records of people with a finalised revision, in the same transaction; never for drafts."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from screening.domain.enums import DisclosureClass, Recipient
from screening.domain.models import ConsentScope
from screening.interop.flag import flag_resource_id
from screening.services import OutboxEntry, Services
from screening.services.errors import PassphraseRejectedError
from sync.protocol import content_hash
from tests.unit.services.conftest import PASSPHRASES, QUIET_CUSTODY, Bench, answer_all, details

OFFICER_PASS = PASSPHRASES["pc1234"]
SCOPE = ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,))


def kinds(services: Services) -> list[tuple[str, int, int | None]]:
    return [(e.kind, e.resource_version, e.base_version) for e in services.outbox.pending()]


def test_drafts_and_people_with_only_drafts_never_reach_the_outbox(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, {**QUIET_CUSTODY, "A8": "yes"})
    officer.consents.record(
        screening_id=draft.id,
        recipient=Recipient.LIAISON_DIVERSION,
        given=True,
        scope=SCOPE,
        capacity_considered=True,
    )
    officer.screenings.complete(screening_id=draft.id)
    officer.people.edit(person_id=person.id, details=details(family_name="Kowalska"))
    amended_draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    officer.screenings.discard(screening_id=amended_draft.id)
    assert officer.outbox.pending() == []
    assert officer.session.db.query_value("SELECT count(*) FROM sync_resources") == 0


def test_finalising_queues_the_revision_its_flags_the_person_and_its_consents(officer: Services) -> None:
    person = officer.people.create(details=details())
    officer.people.edit(person_id=person.id, details=details(family_name="Kowalska"))  # version 2
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, {**QUIET_CUSTODY, "A8": "yes"})
    consent = officer.consents.record(
        screening_id=draft.id,
        recipient=Recipient.LIAISON_DIVERSION,
        given=True,
        scope=SCOPE,
        capacity_considered=True,
    )
    officer.screenings.complete(screening_id=draft.id)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    entries = officer.outbox.pending()
    assert [(e.kind, e.resource_id) for e in entries] == [
        ("Patient", str(person.id)),
        ("QuestionnaireResponse", str(final.id)),
        *[("Flag", flag_resource_id(final.id, f.code)) for f in final.flags],
        ("Consent", str(consent.id)),
    ]
    assert [f.code for f in final.flags] == ["SELF_HARM_RISK"]
    patient = entries[0]
    assert (patient.resource_version, patient.base_version) == (2, None)  # first version sent
    assert patient.payload["meta"] == {"versionId": "2"}
    assert all((e.author_id, e.author_role) == ("pc1234", "custody_officer") for e in entries)
    assert all(e.sealed_at is None for e in entries)  # no sealer before enrolment
    for entry in entries:
        assert_valid_fhir(entry)
    response = entries[1].payload
    assert response["status"] == "completed" and response["subject"] == {"reference": f"Patient/{person.id}"}


def assert_valid_fhir(entry: OutboxEntry) -> None:
    payload: dict[str, Any] = dict(entry.payload)
    assert payload["resourceType"] == entry.kind and payload["id"] == entry.resource_id
    get_fhir_model_class(entry.kind).model_validate(payload)
    assert len(content_hash(payload)) == 64


def test_edits_after_finalisation_queue_the_next_person_version(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    before = len(officer.outbox.pending())
    unchanged = officer.people.edit(person_id=person.id, details=details())
    assert unchanged.version == 1 and len(officer.outbox.pending()) == before  # nothing changed
    officer.people.edit(person_id=person.id, details=details(other_names=("Johnny K",)))
    officer.people.edit(person_id=person.id, details=details(other_names=("Johnny K", "JK")))
    patients = [e for e in officer.outbox.pending() if e.kind == "Patient"]
    assert [(p.resource_version, p.base_version) for p in patients] == [(1, None), (2, 1), (3, 2)]


def test_an_amendment_is_a_new_response_that_replaces_the_old(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    amendment = officer.screenings.amend(screening_id=final.id, reason="A16 was wrong")
    officer.screenings.answer(screening_id=amendment.id, item_code="A16", value="yes")
    officer.screenings.complete(screening_id=amendment.id)
    assert [e.kind for e in officer.outbox.pending()] == ["Patient", "QuestionnaireResponse"]
    second = officer.screenings.finalise(screening_id=amendment.id, passphrase=OFFICER_PASS)
    entries = officer.outbox.pending()
    assert [e.kind for e in entries] == ["Patient", "QuestionnaireResponse", "QuestionnaireResponse", "Flag"]
    response = entries[2].payload
    assert response["id"] == str(second.id) and response["status"] == "amended"
    extensions = {e["url"].rsplit("/", 1)[-1]: e for e in response["extension"]}  # type: ignore[union-attr, index]
    assert extensions["replaces"]["valueReference"] == {"reference": f"QuestionnaireResponse/{final.id}"}
    assert extensions["amend-reason"]["valueString"] == "A16 was wrong"
    assert extensions["revision"]["valueInteger"] == 2


def test_consents_on_a_finalised_revision_are_queued_at_once_and_withdrawal_is_a_new_version(
    officer: Services,
) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    start = len(officer.outbox.pending())
    given = officer.consents.record(
        screening_id=final.id,
        recipient=Recipient.CPS,
        given=True,
        scope=ConsentScope(items=("A5",)),
        capacity_considered=True,
    )
    refused = officer.consents.record(
        screening_id=final.id,
        recipient=Recipient.DEFENCE,
        given=False,
        scope=ConsentScope(),
        capacity_considered=True,
    )
    withdrawn = officer.consents.withdraw(consent_id=given.id)
    entries = officer.outbox.pending()[start:]
    assert [(e.kind, e.resource_id, e.resource_version, e.base_version) for e in entries] == [
        ("Consent", str(given.id), 1, None),
        ("Consent", str(refused.id), 1, None),
        ("Consent", str(given.id), 2, 1),
    ]
    assert [e.payload["status"] for e in entries] == ["active", "rejected", "inactive"]
    assert withdrawn.version == 2
    for entry in entries:
        assert_valid_fhir(entry)


def test_a_sealer_seals_each_row_inside_the_writing_transaction(bench: Bench) -> None:
    sealed: list[OutboxEntry] = []

    class Sealer:
        def __init__(self) -> None:
            self.fail = False

        def seal(self, entry: OutboxEntry) -> None:
            if self.fail:
                raise RuntimeError("sealing failed")
            assert services.session.db.in_transaction
            sealed.append(entry)
            services.outbox.mark_sealed(entry.id)

    sealer = Sealer()
    services = Services(bench.station("pc1234"), bench.library, clock=bench.clock, sealer=sealer)
    person = services.people.create(details=details())
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(services, draft.id, QUIET_CUSTODY)
    services.screenings.complete(screening_id=draft.id)
    sealer.fail = True
    with pytest.raises(RuntimeError):
        services.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    # The whole finalisation rolled back with the failed seal.
    assert services.screenings.get(screening_id=draft.id).status.value == "completed"
    assert services.outbox.pending() == []
    sealer.fail = False
    services.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    assert [e.kind for e in sealed] == ["Patient", "QuestionnaireResponse"]
    assert all(e.sealed_at is not None for e in services.outbox.pending())
    assert services.outbox.unsealed() == []


def test_outbox_rows_never_change_and_acknowledgement_removes_them(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    final = officer.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    import sqlcipher3

    with pytest.raises(sqlcipher3.IntegrityError, match="never changes"):
        officer.session.db.execute("UPDATE outbox SET payload = '{}'")
    assert not officer.outbox.is_acknowledged("QuestionnaireResponse", str(final.id))
    officer.outbox.acknowledge_all(officer.outbox.pending())
    assert officer.outbox.pending() == []
    assert officer.outbox.is_acknowledged("QuestionnaireResponse", str(final.id))
    assert officer.outbox.is_acknowledged("Patient", str(person.id))


def test_a_refused_finalisation_writes_no_outbox_row(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    answer_all(officer, draft.id, QUIET_CUSTODY)
    officer.screenings.complete(screening_id=draft.id)
    with pytest.raises(PassphraseRejectedError):
        officer.screenings.finalise(screening_id=draft.id, passphrase="wrong wrong wrong")
    assert kinds(officer) == []
