"""The domain models' rules (screening.domain.models)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from screening.domain.enums import (
    DisclosureClass,
    FlagLevel,
    IdentifierKind,
    LegalBasisKind,
    Recipient,
    Role,
    ScreeningStatus,
)
from screening.domain.models import (
    Answer,
    AuditAction,
    AuditEvent,
    Consent,
    ConsentScope,
    Disclosure,
    FlagReason,
    Identifier,
    LegalBasis,
    Person,
    RaisedFlag,
    RecordedLegalBasis,
    Screening,
    User,
)
from screening.domain.reference import Ethnicity, Faith, GenderIdentity, Sex

NOW = datetime(2025, 7, 15, 10, 0, tzinfo=UTC)
AUTHOR = "pc1234"
SUPERVISOR = "ps5678"


# --------------------------------------------------------------------------------------------
# Identifier
# --------------------------------------------------------------------------------------------


def test_identifier_is_checked_and_normalised() -> None:
    nhs = Identifier(kind=IdentifierKind.NHS_NUMBER, value="943 476 5919")
    assert nhs.value == "9434765919"
    assert nhs.label == "NHS number"
    pnc = Identifier.model_validate({"kind": "pnc_id", "value": "01/12345h"})
    assert pnc.value == "01/0012345H"
    assert Identifier(kind=IdentifierKind.PROBATION_CASE, value=" x123456 ").value == "X123456"


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("nhs_number", "943 476 5918"),
        ("pnc_id", "01/12345A"),
        ("cro", ""),
        ("custody_record", "no digits"),
        ("passport", "123"),
    ],
)
def test_invalid_identifiers_cannot_be_built(kind: str, value: str) -> None:
    with pytest.raises(ValidationError):
        Identifier.model_validate({"kind": kind, "value": value})


def test_identifier_is_frozen() -> None:
    ident = Identifier(kind=IdentifierKind.CRO, value="123456/89X")
    with pytest.raises(ValidationError):
        ident.value = "1/1"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Person
# --------------------------------------------------------------------------------------------


def person(**changes: Any) -> Person:
    fields: dict[str, Any] = {
        "given_names": "Jan",
        "family_name": "Kowalski",
        "date_of_birth": date(1990, 4, 1),
        "created_at": NOW,
        "updated_at": NOW,
    }
    fields.update(changes)
    return Person.model_validate(fields)


def test_a_person_round_trips_through_json() -> None:
    p = person(
        other_names=["Janek", " Janek ", ""],
        identifiers=[
            {"kind": "nhs_number", "value": "943 476 5919"},
            {"kind": "pnc_id", "value": "2001/12345H"},
        ],
        ethnicity="white_other",
        ethnicity_write_in="  Polish ",
        sex="male",
        gender_identity="man",
        language="PL",
        interpreter_needed=True,
        faith=Faith.CHRISTIAN,
    )
    assert p.other_names == ("Janek",)
    assert p.language == "pl"
    assert p.ethnicity is Ethnicity.WHITE_OTHER and p.ethnicity_write_in == "Polish"
    assert p.identifier(IdentifierKind.PNC_ID) == "2001/0012345H"
    assert p.identifier(IdentifierKind.CRO) is None
    assert Person.model_validate_json(p.model_dump_json()) == p
    assert p.display_name == "Jan KOWALSKI"


def test_defaults() -> None:
    p = person()
    assert p.sex is Sex.NOT_KNOWN
    assert p.ethnicity is None and p.gender_identity is None and p.faith is None
    assert p.language is None and not p.interpreter_needed and not p.help_to_read
    assert p.version == 1 and isinstance(p.id, UUID)


def test_unknown_date_of_birth_needs_age_in_doubt() -> None:
    with pytest.raises(ValidationError, match="age as in doubt"):
        person(date_of_birth=None)
    p = person(date_of_birth=None, age_in_doubt=True)
    assert p.age_on(date(2025, 1, 1)) is None
    # A claimed date of birth may still be in doubt.
    assert person(age_in_doubt=True).date_of_birth == date(1990, 4, 1)


def test_date_of_birth_cannot_be_in_the_future() -> None:
    with pytest.raises(ValidationError, match="future"):
        person(date_of_birth=date(2025, 7, 16))
    # The creation date counts in London time: 23:30 UTC on 15 July is 16 July in London.
    late = datetime(2025, 7, 15, 23, 30, tzinfo=UTC)
    assert person(date_of_birth=date(2025, 7, 16), created_at=late, updated_at=late)


def test_person_age_on() -> None:
    p = person(date_of_birth=date(2007, 7, 16))
    assert p.age_on(date(2025, 7, 15)) == 17
    assert p.age_on(date(2025, 7, 16)) == 18


def test_a_person_needs_a_name() -> None:
    with pytest.raises(ValidationError, match="name"):
        person(given_names="  ", family_name="")
    assert person(given_names="", family_name="Unknown").display_name == "UNKNOWN"


def test_names_are_single_line_and_bounded() -> None:
    assert person(given_names=" Anna\n Maria ").given_names == "Anna Maria"
    with pytest.raises(ValidationError):
        person(family_name="x" * 101)
    with pytest.raises(ValidationError):
        person(family_name="Nowak\x00")


@pytest.mark.parametrize(
    "changes",
    [
        {"ethnicity": "white_british", "ethnicity_write_in": "Cornish"},
        {"ethnicity_write_in": "Cornish"},
        {"gender_identity": "woman", "gender_identity_write_in": "x"},
        {"faith": "sikh", "faith_write_in": "x"},
    ],
)
def test_write_ins_go_only_with_an_other_option(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="description"):
        person(**changes)


def test_write_ins_with_other_options() -> None:
    p = person(
        gender_identity=GenderIdentity.OTHER,
        gender_identity_write_in="genderfluid",
        faith=Faith.OTHER,
        faith_write_in="Rastafari",
        ethnicity=Ethnicity.OTHER_ANY,
        ethnicity_write_in="Kurdish",
    )
    assert p.faith_write_in == "Rastafari"
    # A blank write-in is no write-in.
    assert person(faith="sikh", faith_write_in="  ").faith_write_in is None


def test_identifiers_are_not_repeated() -> None:
    with pytest.raises(ValidationError, match="twice"):
        person(
            identifiers=[
                {"kind": "pnc_id", "value": "01/12345H"},
                {"kind": "pnc_id", "value": "01/0012345h"},
            ]
        )


def test_language_must_be_a_language_tag() -> None:
    with pytest.raises(ValidationError, match="BCP 47"):
        person(language="en_GB")
    # "Polish" is well-formed BCP 47 (a 5-8 letter primary subtag) but is a name, not a code.
    with pytest.raises(ValidationError, match="not a language code"):
        person(language="Polish")
    with pytest.raises(ValidationError, match="not a language code"):
        person(language="x-klingon")
    assert person(language="zh-hant-hk").language == "zh-Hant-HK"


def test_person_timestamps() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        person(created_at=datetime(2025, 7, 15, 10, 0), updated_at=NOW)
    with pytest.raises(ValidationError, match="before created_at"):
        person(updated_at=NOW - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        person(version=0)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        person(nickname="JK")


# --------------------------------------------------------------------------------------------
# Answers and flags
# --------------------------------------------------------------------------------------------


def answer(code: str, value: Any) -> Answer:
    return Answer(item_code=code, value=value, updated_at=NOW, updated_by=AUTHOR)


def test_answer_values_keep_their_types() -> None:
    assert answer("A8", "yes").value == "yes"
    assert answer("A10", ["autism", "adhd"]).value == ["autism", "adhd"]
    assert answer("A18", 2).value == 2 and type(answer("A18", 2).value) is int
    assert answer("W1", 1.5).value == 1.5
    assert answer("A1", date(2007, 1, 1)).value == date(2007, 1, 1)
    assert type(answer("A19", NOW).value) is datetime


@pytest.mark.parametrize(
    "value",
    [True, False, "", [], datetime(2025, 7, 15, 10, 0), None, {"a": 1}, [1, 2]],
)
def test_what_is_not_an_answer(value: Any) -> None:
    with pytest.raises(ValidationError):
        answer("A8", value)


def test_item_codes_follow_the_form_pattern() -> None:
    with pytest.raises(ValidationError):
        answer("A 8", "yes")
    with pytest.raises(ValidationError):
        answer("_A8", "yes")


def test_flag_items() -> None:
    flag = RaisedFlag(
        code="SELF_HARM_RISK",
        level=FlagLevel.ALERT,
        label="Risk of self-harm",
        reasons=(
            FlagReason(text="because A8 = yes", items=("A8",)),
            FlagReason(text="because A7 = within_month", items=("A7", "A8")),
        ),
    )
    assert flag.items == ("A8", "A7")
    with pytest.raises(ValidationError):
        FlagReason(text="   ")


# --------------------------------------------------------------------------------------------
# Screening
# --------------------------------------------------------------------------------------------


def screening(**changes: Any) -> Screening:
    fields: dict[str, Any] = {
        "person_id": uuid4(),
        "form_id": "custody-screen",
        "form_version": "1.0.0",
        "registry_version": "1.0.0",
        "author_id": AUTHOR,
        "started_at": NOW,
        "screening_date": date(2025, 7, 15),
    }
    fields.update(changes)
    return Screening.model_validate(fields)


DONE = {"completed_at": NOW + timedelta(minutes=5)}
FINAL = {
    **DONE,
    "status": "finalised",
    "finalised_at": NOW + timedelta(minutes=6),
    "finalised_by": AUTHOR,
}
SIGNED = {"signed_off_by": SUPERVISOR, "signed_off_at": NOW + timedelta(hours=1)}


def test_a_draft() -> None:
    s = screening(answers=[answer("A8", "yes"), answer("A10", ["autism"])])
    assert s.status is ScreeningStatus.DRAFT and s.revision == 1 and s.is_editable
    assert s.answer("A8") is not None and s.answer("A9a") is None
    assert s.answer_values() == {"A8": "yes", "A10": ["autism"]}
    assert Screening.model_validate_json(s.model_dump_json()).answer_values() == s.answer_values()


def test_the_screening_date_is_the_london_date_it_started() -> None:
    late = datetime(2025, 7, 15, 23, 30, tzinfo=UTC)  # 00:30 BST on 16 July
    assert screening(started_at=late, screening_date=date(2025, 7, 16))
    with pytest.raises(ValidationError, match="Europe/London"):
        screening(started_at=late, screening_date=date(2025, 7, 15))


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({**DONE}, "draft has no"),
        ({**SIGNED}, "draft has no"),
        ({"finalised_by": AUTHOR}, "draft has no"),
        ({"status": "completed"}, "needs completed_at"),
        ({**DONE, "status": "completed", "finalised_at": NOW}, "not yet finalised"),
        ({**DONE, "status": "completed", "finalised_by": AUTHOR}, "not yet finalised"),
        ({**DONE, "status": "completed", **SIGNED}, "not yet finalised"),
        ({**FINAL, "finalised_at": None}, "needs completed_at and finalised_at"),
        ({**FINAL, "finalised_by": None}, "user who finalised"),
        ({**FINAL, "finalised_by": SUPERVISOR}, "finalised by its author"),
        ({**FINAL, "signed_off_by": SUPERVISOR}, "both who signed off and when"),
        ({**FINAL, **SIGNED, "signed_off_by": AUTHOR}, "someone other than"),
        ({**FINAL, **SIGNED, "signed_off_at": NOW}, "signed off before it was finalised"),
        ({**FINAL, "sign_off_note": "seen"}, "note goes only with a sign-off"),
        ({**FINAL, "completed_at": NOW - timedelta(seconds=1)}, "before started_at"),
        ({**FINAL, "finalised_at": NOW + timedelta(minutes=4)}, "before completed_at"),
    ],
)
def test_status_rules(changes: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        screening(**changes)


def test_completed_and_finalised() -> None:
    assert screening(**DONE, status="completed").is_editable
    final = screening(**FINAL)
    assert not final.is_editable and not final.is_signed_off
    signed = screening(**FINAL, **SIGNED, sign_off_note="Reviewed")
    assert signed.is_signed_off and signed.finalised_by == AUTHOR and signed.signed_off_by == SUPERVISOR


def test_amended_revisions() -> None:
    first = screening(**FINAL)
    later = NOW + timedelta(days=3)
    amended = screening(
        **{**FINAL, "completed_at": later, "finalised_at": later},
        started_at=later,
        screening_date=first.screening_date,  # keeps the original screening date
        person_id=first.person_id,
        revision=2,
        replaces=first.id,
        amend_reason="Wrong date of birth entered",
    )
    assert amended.replaces == first.id
    with pytest.raises(ValidationError, match="replaces and a reason"):
        screening(revision=2, replaces=first.id)
    with pytest.raises(ValidationError, match="replaces and a reason"):
        screening(revision=2, amend_reason="typo")
    with pytest.raises(ValidationError, match="first revision"):
        screening(replaces=first.id)
    with pytest.raises(ValidationError, match="after the revision was started"):
        screening(revision=2, replaces=first.id, amend_reason="x", screening_date=date(2025, 7, 16))
    same = uuid4()
    with pytest.raises(ValidationError, match="itself"):
        screening(id=same, revision=2, replaces=same, amend_reason="x")


def test_one_answer_per_item_and_one_flag_per_code() -> None:
    with pytest.raises(ValidationError, match="two answers"):
        screening(answers=[answer("A8", "yes"), answer("A8", "no")])
    flag = RaisedFlag(code="SELF_HARM_RISK", level=FlagLevel.ALERT, label="Risk of self-harm")
    with pytest.raises(ValidationError, match="twice"):
        screening(flags=[flag, flag])
    s = screening(flags=[flag], scores={"phq9_total": None, "gad7_total": 12})
    assert s.flag("SELF_HARM_RISK") == flag and s.flag("OTHER") is None
    assert s.scores == {"phq9_total": None, "gad7_total": 12}


@pytest.mark.parametrize(
    "changes",
    [
        {"form_id": "Custody Screen"},
        {"form_version": "1.0"},
        {"registry_version": "v1"},
        {"revision": 0},
        {"status": "signed"},
    ],
)
def test_screening_fields(changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        screening(**changes)


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------


def test_user() -> None:
    user = User(id="pc1234", display_name="PS 1234 Patel", role=Role.CUSTODY_OFFICER)
    assert user.active and not user.must_change_passphrase
    with pytest.raises(ValidationError):
        User(id="pc1234", display_name="  ", role=Role.ADMIN)
    with pytest.raises(ValidationError):
        User.model_validate({"id": "a1", "display_name": "A", "role": "sergeant"})
    for bad_id in ("PC 1234", "", "#recovery", "-x"):
        with pytest.raises(ValidationError):
            User(id=bad_id, display_name="A", role=Role.ADMIN)


# --------------------------------------------------------------------------------------------
# Consent
# --------------------------------------------------------------------------------------------


def consent(**changes: Any) -> Consent:
    fields: dict[str, Any] = {
        "screening_id": uuid4(),
        "recipient": "liaison_diversion",
        "scope": {"classes": ["confidential"], "items": []},
        "decided_at": NOW,
        "capacity_considered": True,
        "given": True,
    }
    fields.update(changes)
    return Consent.model_validate(fields)


def test_consent_scope_is_sorted_and_covers() -> None:
    scope = ConsentScope.model_validate(
        {"classes": ["operational", "confidential", "operational"], "items": ["B7", "A8", "B7"]}
    )
    assert scope.classes == (DisclosureClass.CONFIDENTIAL, DisclosureClass.OPERATIONAL)
    assert scope.items == ("A8", "B7")
    assert scope.covers("A5", DisclosureClass.CONFIDENTIAL)
    assert scope.covers("A8", DisclosureClass.DISCLOSABLE)
    assert not scope.covers("A5", DisclosureClass.DISCLOSABLE)
    assert ConsentScope().is_empty


def test_consent_in_force_and_withdrawn() -> None:
    c = consent(withdrawn_at=NOW + timedelta(days=1))
    assert not c.in_force(NOW - timedelta(seconds=1))
    assert c.in_force(NOW)
    assert c.permits("A5", DisclosureClass.CONFIDENTIAL, NOW + timedelta(hours=1))
    assert not c.permits("A5", DisclosureClass.DISCLOSABLE, NOW + timedelta(hours=1))
    assert not c.in_force(NOW + timedelta(days=1))
    assert consent().in_force(NOW + timedelta(days=365))


def test_a_refusal_is_recorded_and_never_in_force() -> None:
    refused = consent(given=False, scope={})
    assert not refused.in_force(NOW)
    with pytest.raises(ValidationError, match="only a consent that was given"):
        consent(given=False, withdrawn_at=NOW)


def test_consent_rules() -> None:
    with pytest.raises(ValidationError, match="needs a scope"):
        consent(scope={})
    with pytest.raises(ValidationError, match="withdrawn before"):
        consent(withdrawn_at=NOW - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        consent(recipient="newspaper")
    with pytest.raises(ValidationError):
        consent(scope={"classes": ["secret"]})
    with pytest.raises(ValidationError, match="withdrawn_by goes only"):
        consent(withdrawn_by=AUTHOR)
    withdrawn = consent(withdrawn_at=NOW, withdrawn_by=AUTHOR, recorded_by=AUTHOR, version=2)
    assert withdrawn.version == 2 and not withdrawn.in_force(NOW)


# --------------------------------------------------------------------------------------------
# Legal basis and disclosure
# --------------------------------------------------------------------------------------------


def test_legal_basis() -> None:
    basis = LegalBasis(
        kind=LegalBasisKind.DPA2018_SCH8, condition="2", purpose="Case file for the CPS"
    )
    assert basis.label == "administration of justice"
    assert basis.citation.startswith("DPA 2018 Schedule 8, paragraph 2")
    art9 = LegalBasis.model_validate({"kind": "uk_gdpr_art9", "condition": " H ", "purpose": "x"})
    assert art9.condition == "h" and art9.label == "health or social care"


def test_recorded_legal_basis_second_signoff() -> None:
    basis = LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="2", purpose="Case file")
    fields: dict[str, Any] = {
        "screening_id": uuid4(),
        "recipient": "cps",
        "basis": basis,
        "recorded_at": NOW,
        "recorded_by": AUTHOR,
    }
    assert RecordedLegalBasis.model_validate(fields).second_signoff_by is None
    signed = {**fields, "second_signoff_by": SUPERVISOR, "second_signed_at": NOW}
    assert RecordedLegalBasis.model_validate(signed).second_signoff_by == SUPERVISOR
    with pytest.raises(ValidationError, match="different user"):
        RecordedLegalBasis.model_validate({**signed, "second_signoff_by": AUTHOR})
    with pytest.raises(ValidationError, match="both who signed and when"):
        RecordedLegalBasis.model_validate({**fields, "second_signoff_by": SUPERVISOR})
    with pytest.raises(ValidationError, match="before it was recorded"):
        RecordedLegalBasis.model_validate({**signed, "second_signed_at": NOW - timedelta(seconds=1)})


@pytest.mark.parametrize(
    ("kind", "condition"),
    [("dpa2018_sch8", "10"), ("dpa2018_sch8", "a"), ("uk_gdpr_art9", "2"), ("uk_gdpr_art9", "k")],
)
def test_unknown_legal_basis_conditions(kind: str, condition: str) -> None:
    with pytest.raises(ValidationError, match="not a condition"):
        LegalBasis.model_validate({"kind": kind, "condition": condition, "purpose": "x"})


def disclosure(**changes: Any) -> Disclosure:
    fields: dict[str, Any] = {
        "revision_id": uuid4(),
        "recipient": Recipient.CPS,
        "purpose": "Case file",
        "legal_basis": {"kind": "dpa2018_sch8", "condition": "2", "purpose": "Prosecution"},
        "disclosed_by": AUTHOR,
        "at": NOW,
        "pdf_sha256": "AB" * 32,
        "items_included": ["A1", "A12", "A1"],
    }
    fields.update(changes)
    return Disclosure.model_validate(fields)


def test_disclosure() -> None:
    d = disclosure()
    assert d.pdf_sha256 == "ab" * 32
    assert d.items_included == ("A1", "A12")
    assert d.document_id != d.id
    assert Disclosure.model_validate_json(d.model_dump_json()) == d


def test_disclosure_needs_a_basis_or_consent_except_the_persons_own_copy() -> None:
    with pytest.raises(ValidationError, match="legal basis or the consent"):
        disclosure(legal_basis=None)
    assert disclosure(legal_basis=None, consent_id=uuid4()).consent_id is not None
    assert disclosure(legal_basis=None, recipient=Recipient.PERSON).legal_basis is None


def test_second_signoff_is_by_someone_else() -> None:
    with pytest.raises(ValidationError, match="different user"):
        disclosure(second_signoff_by=AUTHOR)
    assert disclosure(second_signoff_by=SUPERVISOR).second_signoff_by == SUPERVISOR


@pytest.mark.parametrize("sha", ["ab" * 31, "zz" * 32, "ab" * 33, ""])
def test_pdf_sha256_shape(sha: str) -> None:
    with pytest.raises(ValidationError, match="SHA-256"):
        disclosure(pdf_sha256=sha)


def test_a_disclosure_without_a_pdf() -> None:
    assert disclosure(pdf_sha256=None).pdf_sha256 is None


# --------------------------------------------------------------------------------------------
# Audit
# --------------------------------------------------------------------------------------------


def test_audit_event() -> None:
    event = AuditEvent(
        seq=1,
        at=NOW,
        user_id=AUTHOR,
        event=AuditAction.FINALISE,
        subject_ids=(str(uuid4()), AUTHOR),
        details={"form_version": "1.0.0", "items": ["A8"], "count": 2, "ok": True},
    )
    assert event.event == "finalise"
    assert AuditEvent.model_validate_json(event.model_dump_json()) == event
    assert AuditEvent(seq=2, at=NOW, user_id=None, event="login_failed").user_id is None


@pytest.mark.parametrize(
    "changes",
    [{"seq": 0}, {"event": "Login"}, {"event": ""}, {"event": "log in"}, {"at": NOW.replace(tzinfo=None)}],
)
def test_audit_event_rules(changes: dict[str, Any]) -> None:
    fields: dict[str, Any] = {"seq": 1, "at": NOW, "user_id": None, "event": "login"}
    fields.update(changes)
    with pytest.raises(ValidationError):
        AuditEvent.model_validate(fields)
