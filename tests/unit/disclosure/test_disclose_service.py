"""The disclosure use cases over a real encrypted station: who may disclose what, the second user's
sign-off, the log (table, audit event, outbox DocumentReference), re-prints, verify-pdf, stale
decisions, and documents made in memory only."""

from __future__ import annotations

import builtins
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from screening.domain.enums import LegalBasisKind, Recipient
from screening.domain.models import ConsentScope, LegalBasis, Screening
from screening.interop.records import validate_record
from screening.services import Services
from screening.services.disclose import (
    DISCLOSURE_RECORD_CODE,
    DISCLOSURE_RECORD_SYSTEM,
    PDF_SHA256_EXTENSION,
    DisclosureRequest,
    SecondUserSignoff,
)
from screening.services.disclosure import DocumentKind
from screening.services.errors import (
    InvalidInputError,
    NotAllowedError,
    PassphraseRejectedError,
    StaleRecordError,
    WrongStateError,
)
from tests.unit.disclosure.conftest import (
    BUSY_CUSTODY,
    PASSPHRASES,
    Bench,
    answer_all,
    details,
    finalised_custody,
)
from tests.unit.reports.pdfcheck import page_texts

BASIS = LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="2",
                   purpose="Case file for the first hearing")


def _request(screening: Screening, recipient: Recipient = Recipient.CPS, **changes: Any
             ) -> DisclosureRequest:
    fields: dict[str, Any] = {"screening_id": screening.id, "recipient": recipient,
                              "purpose": "Charging decision", "legal_basis": BASIS}
    fields.update(changes)
    return DisclosureRequest(**fields)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page_texts(pdf)).split())


def _signoff(user: str = "ps1", passphrase: str | None = None) -> SecondUserSignoff:
    return SecondUserSignoff(user_id=user, passphrase=SecretStr(passphrase or PASSPHRASES[user]))


def _audit(services: Services, event: str) -> list[Any]:
    return [r for r in services.session.station.audit.records(include_values=True)
            if r.event == event]


def test_a_disclosure_is_made_in_memory_and_logged_three_ways(officer: Services,
                                                              custody: Screening) -> None:
    made = officer.disclosures.disclose(_request(custody))
    assert made.content.startswith(b"%PDF-") and made.media_type == "application/pdf"
    text = _text(made.content)
    assert str(made.document_id) in text and "OFFICIAL-SENSITIVE" in text
    assert "MARKER" not in text  # no health detail: no consent, basis not signed off

    entry = made.entry
    assert entry.recipient is Recipient.CPS and entry.document is DocumentKind.SUMMARY
    assert entry.legal_basis == BASIS and entry.second_signoff_by is None
    assert entry.disclosed_by == "pc1234" and entry.revision_id == custody.id
    assert "A12" in entry.items_included and "A5" not in entry.items_included

    # 1. the audit event: who, to whom, legal basis, items, revision, hash; the purpose as a value
    [event] = _audit(officer, "disclose")
    assert event.user_id == "pc1234"
    assert event.subjects == {"disclosure": str(made.document_id), "screening": str(custody.id),
                              "person": str(custody.person_id)}
    assert event.details["recipient"] == "cps" and event.details["sha256"] == entry.sha256
    assert event.details["legal_basis"]["framework"] == "dpa2018_sch8"
    assert event.details["legal_basis"]["condition"] == "2"
    assert event.details["items_included"] == list(entry.items_included)
    assert "A5" in event.details["items_withheld"] and "A15_i" in event.details["items_as_outcome"]
    assert event.new == {"purpose": "Charging decision"}
    assert "Charging decision" not in str(event.details)

    # 2. the log
    assert officer.disclosures.disclosures() == [entry]
    assert officer.disclosures.disclosures(person_id=custody.person_id) == [entry]

    # 3. the outbox: a valid DocumentReference with the PDF's SHA-256
    [row] = [r for r in officer.outbox.pending() if r.kind == "DocumentReference"]
    payload = row.payload
    validate_record(payload)
    assert payload["id"] == str(made.document_id)
    assert payload["subject"] == {"reference": f"Patient/{custody.person_id}"}
    assert payload["context"]["related"] == [{"reference": f"QuestionnaireResponse/{custody.id}"}]
    assert payload["type"]["coding"][0]["code"] == DISCLOSURE_RECORD_CODE
    attachment = payload["content"][0]["attachment"]  # type: ignore[index]
    assert attachment["extension"][0] == {"url": PDF_SHA256_EXTENSION, "valueString": entry.sha256}


def test_record_systems_match_the_sync_protocol() -> None:
    from sync import protocol

    assert DISCLOSURE_RECORD_SYSTEM == protocol.SYNC_CODE_SYSTEM
    assert DISCLOSURE_RECORD_CODE == protocol.DISCLOSURE_RECORD_CODE
    assert PDF_SHA256_EXTENSION == protocol.PDF_SHA256_EXTENSION


def test_drafts_and_completed_screenings_are_not_disclosed(officer: Services) -> None:
    person = officer.people.create(details=details())
    draft = officer.screenings.start(person_id=person.id, form_id="custody-screen")
    with pytest.raises(WrongStateError):
        officer.disclosures.disclose(_request(draft))
    answer_all(officer, draft.id, BUSY_CUSTODY)
    completed = officer.screenings.complete(screening_id=draft.id)
    with pytest.raises(WrongStateError):
        officer.disclosures.prepare(_request(completed))
    with pytest.raises(WrongStateError):
        officer.disclosures.preview(screening_id=completed.id, recipient=Recipient.CPS)
    assert officer.disclosures.disclosures() == []


def test_an_amended_revision_is_not_disclosed_but_its_pdf_says_amended(
        officer: Services, custody: Screening) -> None:
    made = officer.disclosures.disclose(_request(custody))
    amended = officer.screenings.amend(screening_id=custody.id, reason="A7 was misheard")
    check = officer.disclosures.verify_pdf(made.content)
    assert check.entry == made.entry and not check.amended and check.amendment_in_progress
    officer.screenings.complete(screening_id=amended.id)
    officer.screenings.finalise(screening_id=amended.id, passphrase=PASSPHRASES["pc1234"])
    check = officer.disclosures.verify_pdf(made.content)
    assert check.amended and check.amended_by == amended.id and not check.amendment_in_progress
    with pytest.raises(WrongStateError, match="amended"):
        officer.disclosures.disclose(_request(custody))


def test_verify_pdf_finds_nothing_for_a_changed_file(officer: Services, custody: Screening,
                                                     tmp_path: Path) -> None:
    made = officer.disclosures.disclose(_request(custody))
    saved = tmp_path / "summary.pdf"
    saved.write_bytes(made.content)
    assert officer.disclosures.verify_pdf(saved).entry == made.entry
    assert officer.disclosures.verify_pdf(made.content + b"\n").entry is None


def test_a_disclosure_needs_a_legal_basis_or_consent(officer: Services, custody: Screening) -> None:
    with pytest.raises(InvalidInputError, match="legal basis"):
        officer.disclosures.prepare(_request(custody, legal_basis=None))
    # The person's own copy needs neither.
    officer.disclosures.disclose(_request(custody, Recipient.PERSON, legal_basis=None,
                                          document=DocumentKind.EASY_READ))
    # Consent relied on is enough.
    officer.consents.record(screening_id=custody.id, recipient=Recipient.DEFENCE, given=True,
                            scope=ConsentScope(items=("A5",)), capacity_considered=True)
    made = officer.disclosures.disclose(_request(custody, Recipient.DEFENCE, legal_basis=None))
    assert made.entry.consents and "A5" in made.entry.items_included
    assert "MARKER-A5-WHICH" not in _text(made.content)  # A5_which is not in the scope


def test_health_on_a_legal_basis_needs_a_second_users_passphrase(
        bench: Bench, officer: Services, custody: Screening) -> None:
    request = _request(custody, second_user_id="ps1")
    prepared = officer.disclosures.prepare(request)
    assert prepared.needs_second_signoff
    rendered = officer.disclosures.render(prepared)
    assert "MARKER-A3-FEELING" in _text(rendered.content)
    with pytest.raises(NotAllowedError, match="second user"):
        officer.disclosures.record(prepared, rendered)
    with pytest.raises(PassphraseRejectedError):
        officer.disclosures.record(prepared, rendered, second_user=_signoff(passphrase="wrong words"))
    with pytest.raises(InvalidInputError, match="named"):
        officer.disclosures.record(prepared, rendered, second_user=_signoff("ps2"))
    assert officer.disclosures.disclosures() == []  # nothing recorded by the refusals

    entry = officer.disclosures.record(prepared, rendered, second_user=_signoff())
    assert entry.second_signoff_by == "ps1"
    [basis] = officer.consents.legal_bases(screening_id=custody.id)
    assert basis.second_signoff_by == "ps1" and basis.recorded_by == "pc1234"
    [signoff] = [r for r in _audit(officer, "signoff") if r.details.get("record") == "legal_basis"]
    assert signoff.user_id == "ps1"
    assert _audit(officer, "disclose")[0].details["health_on_legal_basis"] is True


@pytest.mark.parametrize(("user", "message"), [("pc1234", "another user"),
                                               ("admin1", "cannot sign off"),
                                               ("nobody", "cannot sign off")])
def test_who_may_be_the_second_user(officer: Services, custody: Screening, user: str,
                                    message: str) -> None:
    with pytest.raises(NotAllowedError, match=message):
        officer.disclosures.prepare(_request(custody, second_user_id=user))


def test_a_consent_withdrawn_between_prepare_and_record_stops_the_record(
        officer: Services, custody: Screening) -> None:
    consent = officer.consents.record(screening_id=custody.id, recipient=Recipient.CPS, given=True,
                                      scope=ConsentScope(classes=("confidential",)),
                                      capacity_considered=True)
    prepared = officer.disclosures.prepare(_request(custody))
    rendered = officer.disclosures.render(prepared)
    assert "MARKER-A3-FEELING" in _text(rendered.content)
    officer.consents.withdraw(consent_id=consent.id)
    with pytest.raises(StaleRecordError):
        officer.disclosures.record(prepared, rendered)
    assert officer.disclosures.disclosures() == []


def test_a_reprint_is_a_new_document_decided_as_things_stand_now(
        officer: Services, custody: Screening) -> None:
    consent = officer.consents.record(screening_id=custody.id, recipient=Recipient.CPS, given=True,
                                      scope=ConsentScope(classes=("confidential",)),
                                      capacity_considered=True)
    first = officer.disclosures.disclose(_request(custody))
    assert "MARKER-A3-FEELING" in _text(first.content)
    officer.consents.withdraw(consent_id=consent.id)
    again = officer.disclosures.reprint(document_id=first.document_id)
    assert again.document_id != first.document_id
    assert again.entry.reprint_of == first.document_id
    assert again.entry.purpose == first.entry.purpose and again.entry.legal_basis_id == (
        first.entry.legal_basis_id)
    assert "MARKER-A3-FEELING" not in _text(again.content)
    assert [e.document_id for e in officer.disclosures.disclosures()] == [again.document_id,
                                                                          first.document_id]
    assert len(_audit(officer, "disclose")) == 2


def test_documents_go_only_to_their_recipients(officer: Services, custody: Screening) -> None:
    with pytest.raises(NotAllowedError):
        officer.disclosures.prepare(_request(custody, document=DocumentKind.FULL_RECORD))
    with pytest.raises(NotAllowedError):
        officer.disclosures.prepare(_request(custody, document=DocumentKind.HANDOVER))
    handover = officer.disclosures.disclose(_request(custody, Recipient.CUSTODY_ESCORT,
                                                     document=DocumentKind.HANDOVER,
                                                     second_user_id="ps1"),
                                            second_user=_signoff())
    text = _text(handover.content)
    assert "MARKER-A17-FAITH" in text  # operational
    assert "MARKER-A3" not in text and "MARKER-A6" not in text  # never health, even signed off
    psr = officer.disclosures.disclose(_request(custody, Recipient.COURT,
                                                document=DocumentKind.PSR_SECTION))
    assert psr.media_type.startswith("text/plain")
    assert psr.content.decode().startswith("OFFICIAL-SENSITIVE")


def test_full_record_for_health_staff_unless_they_were_refused(bench: Bench, custody: Screening
                                                               ) -> None:
    ld = bench.services("ld1")
    made = ld.disclosures.disclose(_request(custody, Recipient.LIAISON_DIVERSION,
                                            document=DocumentKind.FULL_RECORD))
    text = _text(made.content)
    for marker in ("MARKER-A3-FEELING", "MARKER-A5-WHICH", "MARKER-A6-MEDS", "MARKER-A17-FAITH"):
        assert marker in text
    ld.consents.record(screening_id=custody.id, recipient=Recipient.LIAISON_DIVERSION, given=False,
                       scope=ConsentScope(), capacity_considered=True)
    with pytest.raises(NotAllowedError, match="refused"):
        ld.disclosures.prepare(_request(custody, Recipient.LIAISON_DIVERSION,
                                        document=DocumentKind.FULL_RECORD))


def test_a_probation_officer_cannot_disclose_a_custody_screening(bench: Bench, custody: Screening
                                                                 ) -> None:
    probation = bench.services("po1")
    with pytest.raises(NotAllowedError):
        probation.disclosures.prepare(_request(custody))
    assert probation.disclosures.disclosures() == []


def test_rendering_writes_nothing_to_disk(officer: Services, custody: Screening,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind of document is made in memory: no temporary file, nothing opened for writing."""
    requests = [
        _request(custody),
        _request(custody, Recipient.POLICE, document=DocumentKind.HANDOVER),
        _request(custody, Recipient.PERSON, document=DocumentKind.EASY_READ, lang="cy"),
        _request(custody, Recipient.COURT, document=DocumentKind.PSR_SECTION),
    ]
    prepared = [officer.disclosures.prepare(r) for r in requests]
    temp = Path(tempfile.gettempdir())
    before = set(os.listdir(temp))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("rendering must not create temporary files")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    real_open = builtins.open

    def read_only_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"rendering opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only_open)
    rendered = [officer.disclosures.render(p) for p in prepared]
    monkeypatch.undo()
    assert all(r.content for r in rendered)
    assert set(os.listdir(temp)) - before == set()


def test_the_log_keeps_no_answers_or_names(officer: Services, custody: Screening) -> None:
    officer.disclosures.disclose(_request(custody, second_user_id="ps1"), second_user=_signoff())
    for record in officer.session.station.audit.records():
        flat = str(record.details) + str(record.subjects)
        assert "MARKER" not in flat and "Kowalski" not in flat and "Charging" not in flat


def test_finalised_custody_helper_works_for_other_users(bench: Bench) -> None:
    supervisor = bench.services("ps1")
    screening = finalised_custody(supervisor)
    made = supervisor.disclosures.disclose(_request(screening, Recipient.POLICE))
    assert "MARKER-A17-FAITH" in _text(made.content)


def test_previews_of_one_document_remade_as_the_user_types_are_one_audited_view(
        bench: Bench, officer: Services, custody: Screening) -> None:
    def views() -> int:
        records = officer.session.station.audit.records(limit=100_000, include_values=True)
        return sum(1 for r in records if r.event == "view"
                   and (r.details or {}).get("record") == "disclosure_preview")

    before = views()
    for purpose in ("C", "Ca", "Case file"):  # the dialog remakes the preview as this is typed
        officer.disclosures.preview(screening_id=custody.id, recipient=Recipient.CPS, purpose=purpose)
    assert views() == before + 1
    officer.disclosures.preview(screening_id=custody.id, recipient=Recipient.DEFENCE)
    assert views() == before + 2  # another recipient: another document
    officer.disclosures.preview(screening_id=custody.id, recipient=Recipient.CPS)
    assert views() == before + 3  # back to the first: a new look at it
    bench.clock.advance(minutes=9)
    officer.disclosures.preview(screening_id=custody.id, recipient=Recipient.CPS)
    assert views() == before + 3
    bench.clock.advance(minutes=2)  # ten minutes since the last audited view
    officer.disclosures.preview(screening_id=custody.id, recipient=Recipient.CPS)
    assert views() == before + 4
