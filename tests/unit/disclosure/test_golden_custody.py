"""Golden test: one custody screening, nine recipients, the flags and reasons each one's summary
prints, written out by hand from DESIGN.md ("What each class may reach") and the custody form.

The screening: an adult who is in contact with mental-health services, harmed themselves in the
last month (not in custody), has autism and needs help to understand their rights, speaks Polish
with an interpreter, had alcohol with a risk of withdrawal, seemed distressed, and whom the officer
was unsure about under PACE Code C 1.13(d)(i) and had a concern about fitness for interview; halal
food noted.

Consent and legal bases (all for this screening):
  police, custody escort: nothing recorded (they see operational items anyway)
  CPS: a legal basis (DPA 2018 Sch 8 para 2), not signed off by a second user
  defence: consent to share one named question (A10, the learning disability / autism question)
  court: consent refused
  probation: consent to the health class given, then withdrawn
  prison healthcare: nothing recorded (health staff: the full record)
  Liaison and Diversion: consent refused (so not the full record)
  the person: consent to the health class on their own copy
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screening.checklist.loader import FormLibrary
from screening.domain.enums import Recipient
from screening.domain.models import Consent, RecordedLegalBasis, Screening
from screening.reports.common import Issue
from screening.reports.summary import render_summary
from screening.services.disclosure import DisclosureView, DocumentKind, disclosure_view
from screening.services.errors import NotAllowedError
from tests.unit.disclosure import support
from tests.unit.reports.pdfcheck import page_texts

ROOT = Path(__file__).resolve().parents[3]

ANSWERS = {
    "A1": "1980-05-20", "A1b": "no", "A2": "no", "A3_observation": ["anxious"], "A4": "no",
    "A5": "yes", "A5_which": "Community mental health team", "A7": "within_month",
    "A7_custody": "no", "A8": "no", "A9a": "yes", "A9b": "yes", "A10": ["autism"], "A11": "no",
    "A12": "yes", "A13_language": "pl", "A13_interpreter": "yes", "A14": ["distressed"],
    "A15_i": "unsure", "A15_ii": "no", "A15_iii": "no", "A16": "yes", "A17": "Halal food",
    "A18": "2", "A19_referred": ["liaison_diversion"], "A19": "2025-03-14T09:45:00+00:00",
}

# The reason lines, as printed.
HEALTH = "Based on health information held by Fictional Constabulary."
OPERATIONAL = ("Based on information held by Fictional Constabulary for custody and escort staff "
               "only.")
OUTCOME = ("Based on an assessment recorded at the screening, which is disclosed only as this "
           "outcome.")
A5 = ("Do you have a mental-health condition, or are you in contact with mental-health services? "
      "Yes")
A7 = ("Have you ever harmed yourself or tried to end your life? If so, when was the last time? "
      "Yes, in the last month")
A9B = ("Do you usually get withdrawal symptoms, such as shaking, sweating or feeling sick, when you "
       "stop? Yes")
A10 = ("Do you have a learning disability, autism or ADHD, or did you get special help at school? "
       "Autism")
A12 = "Do you need help to read or understand your rights? Yes"
A10_AND_A12 = f"{A10}. And: {A12}"
A13_INTERPRETER = ("Do you need an interpreter, including a British Sign Language (BSL) interpreter? "
                   "Yes")
A13_LANGUAGE = "Which language would you like to use? Polish (pl)"
A14 = ("Have you observed that the person is confused, suggestible, distressed or intoxicated? "
       "Distressed")
A15_I = ("Might the person have difficulty understanding or communicating about what their arrest, "
         "detention and rights mean for them? (PACE Code C 1.13(d)(i)): Unsure")
A16 = ("Is there any concern about the person's fitness to be interviewed? (PACE Code C Annex G): "
       "Yes, there is a concern")
A17 = "Do you have any faith or cultural needs we should know about while you are here? Halal food"

ORDER = ["Appropriate adult required", "Current risk of self-harm", "Recent history of self-harm",
         "Risk of alcohol or drug withdrawal", "Health review before interview",
         "Refer to Liaison and Diversion", "Known or suspected neurodivergence",
         "Communication support", "Faith or cultural needs"]
"""Alerts first, then warnings, attention and info, each in the registry's order."""

COMMUNICATION = [A12, A13_INTERPRETER, A13_LANGUAGE]

NO_HEALTH_NO_OPERATIONAL = {
    "Appropriate adult required": [OUTCOME, HEALTH],
    "Current risk of self-harm": [HEALTH],
    "Recent history of self-harm": [HEALTH],
    "Risk of alcohol or drug withdrawal": [HEALTH],
    "Health review before interview": [OUTCOME],
    "Refer to Liaison and Diversion": [HEALTH, OPERATIONAL],
    "Known or suspected neurodivergence": [HEALTH],
    "Communication support": COMMUNICATION,
    "Faith or cultural needs": [OPERATIONAL],
}
OPERATIONAL_STAFF = {
    **NO_HEALTH_NO_OPERATIONAL,
    "Refer to Liaison and Diversion": [HEALTH, A14],
    "Faith or cultural needs": [A17],
}
FULL_RECORD = {
    "Appropriate adult required": [A15_I, A10_AND_A12],
    "Current risk of self-harm": [A7],
    "Recent history of self-harm": [A7],
    "Risk of alcohol or drug withdrawal": [A9B],
    "Health review before interview": [A16],
    "Refer to Liaison and Diversion": [A5, A7, A10, A14],
    "Known or suspected neurodivergence": [A10],
    "Communication support": COMMUNICATION,
    "Faith or cultural needs": [A17],
}

EXPECTED: dict[Recipient, dict[str, list[str]]] = {
    Recipient.POLICE: OPERATIONAL_STAFF,
    Recipient.CUSTODY_ESCORT: OPERATIONAL_STAFF,
    Recipient.CPS: NO_HEALTH_NO_OPERATIONAL,
    Recipient.COURT: NO_HEALTH_NO_OPERATIONAL,
    Recipient.PROBATION: NO_HEALTH_NO_OPERATIONAL,
    Recipient.LIAISON_DIVERSION: NO_HEALTH_NO_OPERATIONAL,
    Recipient.DEFENCE: {
        **NO_HEALTH_NO_OPERATIONAL,
        "Appropriate adult required": [OUTCOME, A10_AND_A12],
        "Refer to Liaison and Diversion": [HEALTH, A10, OPERATIONAL],
        "Known or suspected neurodivergence": [A10],
    },
    Recipient.PRISON_HEALTHCARE: FULL_RECORD,
    Recipient.PERSON: {
        "Appropriate adult required": [OUTCOME, A10_AND_A12],
        "Current risk of self-harm": [A7],
        "Recent history of self-harm": [A7],
        "Risk of alcohol or drug withdrawal": [A9B],
        "Health review before interview": [OUTCOME],
        "Refer to Liaison and Diversion": [A5, A7, A10, OPERATIONAL],
        "Known or suspected neurodivergence": [A10],
        "Communication support": COMMUNICATION,
        "Faith or cultural needs": [OPERATIONAL],
    },
}

WITHHELD_HEALTH: dict[Recipient, str | None] = {
    Recipient.POLICE: "Health information is withheld: there is no consent in force and no "
                      "signed-off legal basis for sharing it with the police.",
    Recipient.CUSTODY_ESCORT: "Health information is withheld: there is no consent in force and no "
                              "signed-off legal basis for sharing it with custody and escort staff.",
    Recipient.CPS: "Health information is withheld: the legal basis for this disclosure was not "
                   "signed off by a second user, so it covers the disclosable information only.",
    Recipient.COURT: "Health information is withheld: the person refused consent to share it with "
                     "the court on 14 March 2025.",
    Recipient.PROBATION: "Health information is withheld: the person withdrew consent to share it "
                         "with the Probation Service on 14 March 2025.",
    Recipient.LIAISON_DIVERSION: "Health information is withheld: the person refused consent to "
                                 "share it with the Liaison and Diversion service on 14 March 2025.",
    Recipient.DEFENCE: "Other health information is withheld: the person's consent to share with "
                       "the defence does not cover it, and there is no signed-off legal basis for it.",
    Recipient.PRISON_HEALTHCARE: None,
    Recipient.PERSON: None,
}


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return FormLibrary.load(ROOT / "forms")


@pytest.fixture(scope="module")
def screening(library: FormLibrary) -> Screening:
    return support.finalised(library, "custody-screen", ANSWERS)


def _records(screening: Screening) -> tuple[list[Consent], dict[Recipient, RecordedLegalBasis]]:
    consents = [
        support.consent(screening, Recipient.DEFENCE, items=("A10",)),
        support.consent(screening, Recipient.COURT, given=False),
        support.consent(screening, Recipient.PROBATION, classes=("confidential",), withdrawn=True),
        support.consent(screening, Recipient.LIAISON_DIVERSION, given=False),
        support.consent(screening, Recipient.PERSON, classes=("confidential",)),
    ]
    bases = {Recipient.CPS: support.legal_basis(screening, Recipient.CPS, signed=False)}
    return consents, bases


def _view(library: FormLibrary, screening: Screening, recipient: Recipient) -> DisclosureView:
    consents, bases = _records(screening)
    return disclosure_view(
        screening=screening, form=library.get("custody-screen"), registry=library.registry,
        person=support.person(), recipient=recipient, consents=consents,
        legal_basis=bases.get(recipient), agency=support.AGENCY, at=support.AT,
        purpose="Golden test")


def _text(pdf: bytes) -> str:
    furniture = re.compile(r"OFFICIAL-SENSITIVE|Disclosable summary\s+Document ID\s+GOLDEN-1"
                           r"|Page \d+ of \d+")
    return " ".join(" ".join(furniture.sub(" ", page) for page in page_texts(pdf)).split())


@pytest.mark.parametrize("recipient", list(Recipient), ids=str)
def test_flags_and_reasons_for_each_recipient(library: FormLibrary, screening: Screening,
                                              recipient: Recipient) -> None:
    view = _view(library, screening, recipient)
    decided = {flag.label: [reason.text for reason in flag.reasons] for flag in view.flags}
    assert [flag.label for flag in view.flags] == ORDER
    assert decided == EXPECTED[recipient]

    # What the PDF prints: each flag's label, then "Why this flag was raised", then its reasons,
    # in that order.
    text = _text(render_summary(view, Issue("GOLDEN-1", support.AT, "Golden")))
    position = text.index("Flags")
    for label in ORDER:
        position = text.index(label, position)
        position = text.index("Why this flag was raised", position)
        for reason in EXPECTED[recipient][label]:
            position = text.index(reason, position) + len(reason)


@pytest.mark.parametrize("recipient", list(Recipient), ids=str)
def test_withheld_health_line_for_each_recipient(library: FormLibrary, screening: Screening,
                                                 recipient: Recipient) -> None:
    view = _view(library, screening, recipient)
    health = [g.reason for g in view.withheld if g.disclosure.value == "confidential"
              and g.cause.value != "derived_only"]
    expected = WITHHELD_HEALTH[recipient]
    assert health == ([] if expected is None else [expected])


def test_a_signed_off_legal_basis_gives_the_cps_the_reasons(library: FormLibrary,
                                                              screening: Screening) -> None:
    """With the CPS's legal basis signed off by a second user, the health reasons are printed in
    full; the operational ones and the outcome-only assessments stay as they were."""
    consents, _ = _records(screening)
    view = disclosure_view(
        screening=screening, form=library.get("custody-screen"), registry=library.registry,
        person=support.person(), recipient=Recipient.CPS, consents=consents,
        legal_basis=support.legal_basis(screening, Recipient.CPS, signed=True),
        agency=support.AGENCY, at=support.AT)
    decided = {flag.label: [reason.text for reason in flag.reasons] for flag in view.flags}
    assert decided == {
        "Appropriate adult required": [OUTCOME, A10_AND_A12],
        "Current risk of self-harm": [A7],
        "Recent history of self-harm": [A7],
        "Risk of alcohol or drug withdrawal": [A9B],
        "Health review before interview": [OUTCOME],
        "Refer to Liaison and Diversion": [A5, A7, A10, OPERATIONAL],
        "Known or suspected neurodivergence": [A10],
        "Communication support": COMMUNICATION,
        "Faith or cultural needs": [OPERATIONAL],
    }
    assert view.releases_health_on_legal_basis


def test_a_shared_summary_gives_health_staff_no_health_detail_without_their_consent(
    library: FormLibrary, screening: Screening
) -> None:
    """Prison healthcare gets the full record from the station (nothing recorded, no refusal), but
    what it sees on looking the person up through the central service leaves the agency that
    recorded it: health detail only on consent. The reasons read as for any recipient without
    consent or a signed-off legal basis, and the withheld line says so."""
    consents, _ = _records(screening)

    def shared(given: list[Consent]) -> DisclosureView:
        return disclosure_view(
            screening=screening, form=library.get("custody-screen"), registry=library.registry,
            person=support.person(), recipient=Recipient.PRISON_HEALTHCARE, consents=given,
            legal_basis=None, agency=support.AGENCY, at=support.AT, document=DocumentKind.SHARED_SUMMARY)

    view = shared(consents)
    assert not view.full_record
    assert {flag.label: [reason.text for reason in flag.reasons] for flag in view.flags} == (
        NO_HEALTH_NO_OPERATIONAL)
    assert [g.reason for g in view.withheld if g.disclosure.value == "confidential"
            and g.cause.value != "derived_only"] == [
        "Health information is withheld: there is no consent in force and no signed-off legal basis "
        "for sharing it with prison healthcare staff."]
    # With the person's consent to share health information with prison healthcare, it travels.
    given = shared([*consents, support.consent(screening, Recipient.PRISON_HEALTHCARE,
                                               classes=("confidential",))])
    reasons = {flag.label: [reason.text for reason in flag.reasons] for flag in given.flags}
    assert reasons["Current risk of self-harm"] == [A7] and not given.full_record
    # The person's own copy is never a shared summary.
    with pytest.raises(NotAllowedError):
        disclosure_view(
            screening=screening, form=library.get("custody-screen"), registry=library.registry,
            person=support.person(), recipient=Recipient.PERSON, consents=consents, legal_basis=None,
            agency=support.AGENCY, at=support.AT, document=DocumentKind.SHARED_SUMMARY)
