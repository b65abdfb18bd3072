"""The station's sync payloads read back into the domain (``screening.interop.importers``): what
the centre renders through the disclosure function is what the station recorded. Made through the
real services (no central service needed), then read back from the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from screening.checklist.loader import FormLibrary
from screening.domain.enums import DisclosureClass, Recipient
from screening.domain.models import ConsentScope
from screening.interop.importers import (
    RecordImportError,
    flag_source,
    import_consent,
    import_flag,
    import_patient,
    import_revision,
)
from screening.services.disclosure import disclosure_view
from tests.sync.stations import SyncedStation, amended_revision, custody_revision, make_station


@pytest.fixture
def station(tmp_path: Path, library: FormLibrary) -> Iterator[SyncedStation]:
    made = make_station(tmp_path / "station", library)
    yield made
    made.lock_all()


def test_payloads_read_back_as_the_records_they_were_made_from(
    station: SyncedStation, library: FormLibrary
) -> None:
    officer = station.services("pc1")
    first = custody_revision(officer, flagged=True, feeling="low today")
    consent = officer.consents.record(
        screening_id=first.id, recipient=Recipient.LIAISON_DIVERSION, given=True,
        scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,), items=("A17",)),
        capacity_considered=True, capacity_note="understood and agreed")
    withdrawn = officer.consents.withdraw(consent_id=consent.id)
    second = amended_revision(officer, first.id, flagged=False)
    person = officer.people.get(person_id=first.person_id)
    payloads = {(e.kind, e.resource_id): e.payload for e in officer.outbox.pending()}
    form = library.get("custody-screen", first.form_version)

    patient = import_patient(payloads[("Patient", str(person.id))], recorded_at=person.created_at,
                             version=person.version)
    assert (patient.id, patient.given_names, patient.family_name, patient.date_of_birth) == (
        person.id, person.given_names, person.family_name, person.date_of_birth)
    assert set(patient.identifiers) == set(person.identifiers)
    assert (patient.language, patient.interpreter_needed, patient.sex) == (
        person.language, person.interpreter_needed, person.sex)

    read_consent = import_consent(payloads[("Consent", str(consent.id))])
    assert read_consent.model_dump(exclude={"withdrawn_by"}) == withdrawn.model_dump(exclude={"withdrawn_by"})

    flags = {}
    for (kind, _rid), payload in payloads.items():
        if kind == "Flag":
            flags.setdefault(flag_source(payload), []).append(import_flag(payload))
    assert sorted(f.code for f in flags[str(first.id)]) == sorted(f.code for f in first.flags)
    assert {f.code: f for f in flags[str(first.id)]} == {f.code: f for f in first.flags}

    for original in (first, second):
        payload = payloads[("QuestionnaireResponse", str(original.id))]
        read = import_revision(payload, form, flags=flags.get(str(original.id), []),
                               registry=library.registry)
        assert read.answer_values() == original.answer_values()
        assert (read.revision, read.replaces, read.amend_reason, read.screening_date) == (
            original.revision, original.replaces, original.amend_reason, original.screening_date)
        assert (read.author_id, read.finalised_at, read.scores) == (
            original.author_id, original.finalised_at, original.scores)
        assert {f.code for f in read.flags} == {f.code for f in original.flags}
        # The disclosure function decides the same on what was read back.
        at = original.finalised_at
        assert at is not None
        for recipient in (Recipient.LIAISON_DIVERSION, Recipient.PROBATION, Recipient.POLICE):
            kwargs = dict(form=form, registry=library.registry, recipient=recipient, consents=[withdrawn],
                          legal_basis=None, agency="Test", at=at)
            here = disclosure_view(screening=original, person=person, **kwargs)  # type: ignore[arg-type]
            there = disclosure_view(screening=read, person=patient, **kwargs)  # type: ignore[arg-type]
            assert here.model_dump(exclude={"person"}) == there.model_dump(exclude={"person"})


def test_a_record_missing_what_it_needs_is_refused_by_field_not_value() -> None:
    with pytest.raises(RecordImportError, match="Consent.provision.actor") as caught:
        import_consent({"resourceType": "Consent", "id": "x", "status": "active"})
    assert "x" not in str(caught.value).replace("actor", "")
    with pytest.raises(RecordImportError, match="Flag.code"):
        import_flag({"resourceType": "Flag", "code": {"coding": []}})
