"""Make the sample documents in this folder from a throwaway DEMO station (fictional people only).

    .venv/bin/python docs/samples/make_samples.py

Creates a demo station in a temporary folder (removed afterwards), with a custody officer, a
supervisor, a Liaison and Diversion practitioner and a probation officer; screens five fictional
people whose names are in five scripts (Welsh, Polish, Arabic, Urdu, Chinese) with every shipped
form; records consent decisions and legal bases; and discloses through the services exactly as the
app does. Writes each document here, then a PNG of every page with ``pdftoppm -r 80 -png`` (Debian
``poppler-utils``, which the disclose dialog also uses for its page preview when QtPdf is
not installed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
os.environ["SCREENING_INSECURE_TEST_KDF"] = "1"  # cheap Argon2id: a throwaway demo station

from screening.checklist.loader import FormLibrary  # noqa: E402
from screening.domain.enums import IdentifierKind, ItemType, LegalBasisKind, Recipient  # noqa: E402
from screening.domain.models import ConsentScope, LegalBasis  # noqa: E402
from screening.services import IdentifierEntry, PersonDetails, Services  # noqa: E402
from screening.services.disclose import DisclosureRequest, SecondUserSignoff  # noqa: E402
from screening.services.disclosure import DocumentKind  # noqa: E402
from screening.store.keyslots import INSECURE_TEST_KDF  # noqa: E402
from screening.store.station import create_station, unlock  # noqa: E402

USERS = {
    "pc4521": ("PC Rhiannon Evans", "custody_officer", "custody officer passphrase"),
    "ps1702": ("PS Tomasz Nowak", "supervisor", "supervisor passphrase one"),
    "ld0311": ("Amara Okafor (L&D)", "ld_practitioner", "liaison practitioner passphrase"),
    "po0907": ("Gareth Price (Probation)", "probation_officer", "probation officer passphrase"),
}
ADMIN = ("admin1", "Station Admin", "administrator passphrase")

SCH8_JUSTICE = LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="2",
                          purpose="Case file for the charging decision")
SCH8_SAFEGUARDING = LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="4",
                               purpose="Safeguarding an individual at risk during transfer")
ART9_HEALTH = LegalBasis(kind=LegalBasisKind.UK_GDPR_ART9, condition="h",
                         purpose="Continuity of care by the Liaison and Diversion service")
ART9_COURTS = LegalBasis(kind=LegalBasisKind.UK_GDPR_ART9, condition="f",
                         purpose="Pre-sentence report for the court")


def person(services: Services, given: str, family: str, born: date, language: str,
           identifiers: dict[IdentifierKind, str], interpreter: bool = False) -> UUID:
    details = PersonDetails(
        given_names=given, family_name=family, date_of_birth=born, language=language,
        interpreter_needed=interpreter,
        identifiers=tuple(IdentifierEntry(kind=k, value=v) for k, v in identifiers.items()),
    )
    return services.people.create(details=details).id


def screen(services: Services, person_id: UUID, form_id: str, answers: dict[str, Any],
           passphrase: str) -> UUID:
    """Start, answer (filling any other required question with a plain default), complete and
    finalise a screening; returns the revision id."""
    draft = services.screenings.start(person_id=person_id, form_id=form_id)
    for code, value in answers.items():
        services.screenings.answer(screening_id=draft.id, item_code=code, value=value)
    form = services.screenings.form_of(screening_id=draft.id)
    for _ in range(5):
        progress = services.screenings.progress(screening_id=draft.id)
        if not progress.missing_required:
            break
        for code in progress.missing_required:
            item = form.items[code]
            if item.type is ItemType.MULTI_CHOICE:
                exclusive = [o.code for o in item.options if o.exclusive]
                value: Any = [exclusive[0] if exclusive else item.option_codes[0]]
            elif item.type is ItemType.CHOICE:
                value = "no" if "no" in item.option_codes else item.option_codes[0]
            else:
                value = "Not known"
            services.screenings.answer(screening_id=draft.id, item_code=code, value=value)
    services.screenings.complete(screening_id=draft.id)
    return services.screenings.finalise(screening_id=draft.id, passphrase=passphrase).id


CUSTODY = {
    "A1b": "no", "A2": "yes", "A3": "Frightened and tired; says they have not slept for two days.",
    "A3_observation": ["anxious", "low_or_tearful"], "A4": "no", "A5": "yes",
    "A5_which": "Sees a community psychiatric nurse every fortnight.",
    "A6": "Sertraline 100 mg each morning (last dose yesterday).", "A7": "within_12_months",
    "A7_custody": "no", "A8": "no", "A9a": "yes", "A9b": "no", "A10": ["adhd", "special_education"],
    "A11": "no", "A12": "yes", "A13_interpreter": "yes", "A14": ["distressed"],
    "A15_i": "unsure", "A15_ii": "no", "A15_iii": "no", "A16": "no",
    "A17": "Needs a prayer mat and a female officer for any search.", "A18": "2",
    "A19_referred": ["liaison_diversion"],
}
CUSTODY_WELSH = {
    "A1b": "no", "A2": "no", "A3": "Iawn, ond wedi blino.", "A3_observation": ["no_concerns"],
    "A4": "no", "A5": "no", "A7": "never", "A8": "no", "A9a": "no", "A10": ["none"], "A11": "yes",
    "A12": "no", "A13_language": "cy", "A13_interpreter": "no", "A14": ["none"], "A15_i": "no",
    "A15_ii": "no", "A15_iii": "no", "A16": "no", "A18": "1", "A19_referred": ["none"],
}
LD_COURT = {
    "B3": ["mental_health", "substance_use"],
    "B3_details": "Referred from custody: low mood and alcohol use.",
    "B4_diagnoses": ["6A71"], "B4_services": "Known to the community mental health team since 2021.",
    "B4_mha_history": "no", "B5": ["low_mood", "anxious"],
    "B5_notes": "Good eye contact, quiet, answers slowly but clearly.",
    **{f"phq9_{n}": "more_than_half" for n in range(1, 9)}, "phq9_9": "not_at_all",
    **{f"gad7_{n}": "several_days" for n in range(1, 8)},
    "auditc_1": "2_3_a_week", "auditc_2": "5_6", "auditc_3": "monthly",
    "B7": "low", "B7_plan": "Safety plan agreed; GP to review within a week.", "B8": ["none"],
    "B9": ["none"], "B10": ["alcohol"], "B10_details": "Drinks most weekends, more since losing work.",
    "B16": "no", "B11": ["housing_need"], "B11_details": "Sofa-surfing with a cousin.",
    "B13": ["simple_language", "breaks"],
    "B13_details": "Short questions, one at a time; a break every 45 minutes.", "B14": "no",
    "B15": ["bail_support", "consider_mhtr"],
    "B15_reasons": "Engages with treatment; stable accommodation would reduce risk.",
}
PSR = {
    "C1": ["interview", "case_papers", "ld_report"], "C2": "ongoing",
    "C2_details": "Recurrent depression, treated by the GP since 2019.", "C3": ["gp", "medication"],
    "C3_details": "Citalopram 20 mg.", "C4": "suspected",
    "C4_adjustments": ["written_summary", "reminders"],
    "C4_details": "Finds appointments hard to keep; text reminders help.", "C5": "no",
    "C6": "past", "C6_plan": "No current thoughts; knows how to get help.",
    "C7": "Spoke about a difficult childhood and asked for it to be considered.", "C7_consider": "yes",
    "C8": "The offence happened during a period of untreated low mood and heavy drinking.",
    "C9": "Custody would end GP treatment and the tenancy now being arranged.",
    "C10": ["family", "faith", "treatment_engagement"],
    "C10_details": "Attends the mosque weekly; close to two sisters.",
    "C11_requires_treatment": "yes", "C11_requires_treatment_source": "GP letter, 3 March 2025",
    "C11_not_hospital_order": "yes", "C11_not_hospital_order_source": "L&D assessment",
    "C11_arranged": "yes", "C11_treatment_type": "outpatient",
    "C11_arranged_source": "Community mental health team", "C11_willing": "yes",
    "C11_willing_source": "Interview", "C12": "A community order with a Mental Health Treatment "
                                              "Requirement and an alcohol treatment requirement.",
}
NEURO = {
    "D1": "known", "D1_conditions": ["autism", "learning_difficulty"],
    "D1_source": ["records", "family"], "D2_sen": "yes", "D2_ehcp": "yes", "D2_special_school": "no",
    "D3": ["understanding", "dates_time", "sensory"],
    "D4": ["intermediary", "easy_read", "quiet_room", "breaks"],
    "D4_details": "Bright lights and noise are distressing; use a quiet room.",
    "D5": "Likely to agree to questions they do not understand; needs an intermediary.",
}


def main() -> int:
    library = FormLibrary.load(ROOT / "forms")
    out = HERE
    made: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory(prefix="screening-samples-") as folder:
        home = Path(folder) / "station"
        create_station(home, name="Demo Custody Suite", agency="Demo Constabulary (fictional)",
                       site="Suite A", admin_id=ADMIN[0], admin_name=ADMIN[1],
                       admin_passphrase=ADMIN[2], demo=True, kdf=INSECURE_TEST_KDF)
        with unlock(home, user_id=ADMIN[0], passphrase=ADMIN[2]) as admin:
            for user_id, (name, role, passphrase) in USERS.items():
                admin.add_user(user_id=user_id, display_name=name, role=role, passphrase=passphrase,
                               must_change=False, kdf=INSECURE_TEST_KDF)

        def services(user_id: str) -> Services:
            return Services(unlock(home, user_id=user_id, passphrase=USERS[user_id][2]), library)

        def signoff(user_id: str) -> SecondUserSignoff:
            return SecondUserSignoff(user_id=user_id, passphrase=USERS[user_id][2])

        def save(name: str, content: bytes) -> None:
            path = out / name
            path.write_bytes(content)
            made.append((name, path))

        officer = services("pc4521")
        polish = person(officer, "Małgorzata", "Wójcik-Łęcka", date(1991, 2, 7), "pl",
                        {IdentifierKind.PNC_ID: "2019/0012345G",
                         IdentifierKind.CUSTODY_RECORD: "01/204519/25",
                         IdentifierKind.NHS_NUMBER: "943 476 5919"}, interpreter=True)
        welsh = person(officer, "Siân", "Dafydd-Ŵyn", date(2008, 11, 30), "cy",
                       {IdentifierKind.CUSTODY_RECORD: "01/204533/25"})
        referred = (datetime.now(UTC) - timedelta(minutes=20)).replace(second=0, microsecond=0)
        custody = screen(officer, polish, "custody-screen", {**CUSTODY, "A19": referred.isoformat()},
                         USERS["pc4521"][2])
        custody_cy = screen(officer, welsh, "custody-screen", CUSTODY_WELSH, USERS["pc4521"][2])
        officer.consents.record(screening_id=custody, recipient=Recipient.LIAISON_DIVERSION,
                                given=True, scope=ConsentScope(classes=("confidential",)),
                                capacity_considered=True)
        officer.consents.record(screening_id=custody, recipient=Recipient.DEFENCE, given=True,
                                scope=ConsentScope(items=("A5", "A10")), capacity_considered=True)
        officer.consents.record(screening_id=custody, recipient=Recipient.PERSON, given=True,
                                scope=ConsentScope(classes=("confidential",)),
                                capacity_considered=True,
                                capacity_note="Asked for a copy with all their answers.")

        def disclose(services_: Services, screening: UUID, recipient: Recipient,
                     document: DocumentKind, purpose: str, basis: LegalBasis | None,
                     second: str | None = None, lang: str = "en") -> bytes:
            request = DisclosureRequest(screening_id=screening, recipient=recipient, purpose=purpose,
                                        document=document, legal_basis=basis, lang=lang,
                                        second_user_id=second)
            return services_.disclosures.disclose(
                request, second_user=signoff(second) if second else None).content

        save("summary-cps.pdf", disclose(officer, custody, Recipient.CPS, DocumentKind.SUMMARY,
                                         "Charging decision", SCH8_JUSTICE))
        save("summary-defence-consent.pdf", disclose(
            officer, custody, Recipient.DEFENCE, DocumentKind.SUMMARY,
            "Defence solicitor preparing for the first hearing", None))
        save("handover-escort.pdf", disclose(
            officer, custody, Recipient.CUSTODY_ESCORT, DocumentKind.HANDOVER,
            "Transfer to the magistrates' court cells", SCH8_SAFEGUARDING))
        save("easy-read-en.pdf", disclose(officer, custody, Recipient.PERSON, DocumentKind.EASY_READ,
                                          "The person's own copy", None))
        save("summary-police-welsh.pdf", disclose(
            officer, custody_cy, Recipient.POLICE, DocumentKind.SUMMARY,
            "Investigating officer", SCH8_JUSTICE))
        save("easy-read-cy.pdf", disclose(officer, custody_cy, Recipient.PERSON,
                                          DocumentKind.EASY_READ, "Copi'r person", None, lang="cy"))
        officer.lock()

        ld = services("ld0311")
        arabic = person(ld, "محمد", "عبد الله", date(1985, 7, 14), "ar",
                        {IdentifierKind.COURT_CASE: "CC-2025-00412",
                         IdentifierKind.NHS_NUMBER: "401 023 2137"}, interpreter=True)
        ld_court = screen(ld, arabic, "ld-court-screen", LD_COURT, USERS["ld0311"][2])
        ld.consents.record(screening_id=ld_court, recipient=Recipient.COURT, given=True,
                           scope=ConsentScope(items=("B4_diagnoses", "B7")),
                           capacity_considered=True)
        save("full-record-ld.pdf", disclose(ld, ld_court, Recipient.LIAISON_DIVERSION,
                                            DocumentKind.FULL_RECORD, "Continuity of care",
                                            ART9_HEALTH))
        save("summary-court.pdf", disclose(ld, ld_court, Recipient.COURT, DocumentKind.SUMMARY,
                                           "Bail hearing: adjustments and recommendation",
                                           ART9_COURTS))
        chinese = person(ld, "", "王秀英", date(1999, 4, 2), "zh",
                         {IdentifierKind.PNC_ID: "2021/0054321N"}, interpreter=True)
        neuro = screen(ld, chinese, "neurodevelopmental", NEURO, USERS["ld0311"][2])
        save("summary-cps-signed-basis.pdf", disclose(
            ld, neuro, Recipient.CPS, DocumentKind.SUMMARY,
            "Special measures and intermediary application", SCH8_JUSTICE, second="ps1702"))
        ld.lock()

        probation = services("po0907")
        urdu = person(probation, "عمران", "خان", date(1979, 9, 21), "ur",
                      {IdentifierKind.PROBATION_CASE: "PR-88120", IdentifierKind.COURT_CASE:
                       "CC-2025-00977"})
        psr = screen(probation, urdu, "psr-mental-health", PSR, USERS["po0907"][2])
        save("summary-probation.pdf", disclose(probation, psr, Recipient.PROBATION,
                                               DocumentKind.SUMMARY, "Case management",
                                               ART9_COURTS))
        save("psr-section.txt", disclose(probation, psr, Recipient.COURT, DocumentKind.PSR_SECTION,
                                         "Pre-sentence report", ART9_COURTS))
        probation.lock()

    for png in out.glob("*.png"):
        png.unlink()
    pdftoppm = shutil.which("pdftoppm")
    for _, path in made:
        if path.suffix == ".pdf" and pdftoppm:
            subprocess.run([pdftoppm, "-r", "80", "-png", str(path), str(out / path.stem)],
                           check=True)
    for name, _ in made:
        print(name)
    if not pdftoppm:
        print("pdftoppm not found (apt-get install poppler-utils): no PNGs made", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
