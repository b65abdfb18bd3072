"""The writing half of the canary test, run in its own process so that "the process ended" is real.

    python -m tests.reliability.canary_child HOME MARKER SNAPSHOTS

Logs at DEBUG to ``<station>/logs/screening.log`` and to stderr (the root logger). Creates a
station, writes MARKER into every text field of a person, of a screening (its text answers, the
amendment reason, the supervisor's sign-off note), of a consent and of a legal basis; finalises
(after a failed attempt with a wrong passphrase), forces errors the way the UI meets them (caught,
logged by type the way ``ui/tasks.py`` does), copies the WAL and SHM files while the station is
open into SNAPSHOTS, makes a backup in the station folder, locks and exits. Prints counts only:
stdout is scanned too.
"""

from __future__ import annotations

import logging
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from screening.checklist.loader import CompiledForm, FormLibrary
from screening.domain.enums import DisclosureClass, IdentifierKind, LegalBasisKind, Recipient
from screening.domain.models import ConsentScope, LegalBasis
from screening.domain.reference import Ethnicity, Faith, GenderIdentity
from screening.paths import log_dir, resource_path
from screening.services.core import Services
from screening.services.errors import USER_ERRORS
from screening.services.views import IdentifierEntry, PersonDetails
from screening.store.keyslots import INSECURE_TEST_KDF
from screening.store.station import Station, StationFiles, create_station, unlock

log = logging.getLogger("canary")

ADMIN, ADMIN_PASS = "admin1", "admin passphrase one"
OFFICER, OFFICER_PASS = "pc1234", "officer passphrase two"
SUPERVISOR, SUPERVISOR_PASS = "sup1", "supervisor passphrase three"


def _logging(home: Path) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in (logging.FileHandler(log_dir(home) / "screening.log", encoding="utf-8"),
                    logging.StreamHandler(sys.stderr)):
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(formatter)
        root.addHandler(handler)


def _refused(what: str, exc: BaseException, marker: str, leaks: list[str]) -> None:
    """What the UI's task runner does with a failure: log its type, never its message."""
    log.warning("%s failed: %s", what, type(exc).__name__)
    if marker.lower() in str(exc).lower():
        leaks.append(what)


def _value_for(form: CompiledForm, code: str, marker: str, n: int) -> Any:
    item = form.items[code]
    kind = str(item.type)
    if kind == "text":
        return f"{marker} free text {n}"
    if kind == "choice":
        codes = list(item.option_codes)
        return "yes" if "yes" in codes else codes[0]
    if kind == "multi-choice":
        inclusive = [o.code for o in item.options if not o.exclusive]
        return inclusive[:2] or [item.options[0].code]
    if kind == "language":
        return "en"
    if kind == "date":
        return "1990-01-02"
    if kind == "datetime":
        return "2026-01-02T10:30"
    if kind in ("integer", "decimal"):
        return 1
    raise AssertionError(f"no sample value for {code} ({kind})")


def _fill(services: Services, screening_id: UUID, marker: str) -> list[str]:
    """Answer every visible item, text items with the marker, until nothing new appears."""
    form = services.screenings.form_of(screening_id=screening_id)
    answered = {a.item_code for a in services.screenings.get(screening_id=screening_id).answers}
    texts: list[str] = []
    while True:
        progress = services.screenings.progress(screening_id=screening_id)
        todo = [code for code in progress.visible if code not in answered]
        if not todo:
            break
        for code in todo:
            services.screenings.answer(screening_id=screening_id, item_code=code,
                                       value=_value_for(form, code, marker, len(answered)))
            answered.add(code)
            if str(form.items[code].type) == "text":
                texts.append(code)
    all_texts = [code for code, item in form.items.items() if str(item.type) == "text"]
    assert sorted(texts) == sorted(all_texts), f"text items not reached: {set(all_texts) - set(texts)}"
    return texts


def main(argv: list[str]) -> int:
    home, marker, snapshots = Path(argv[0]), argv[1], Path(argv[2])
    _logging(home)
    leaks: list[str] = []
    library = FormLibrary.load(resource_path("forms"))
    create_station(home, name="Canary", agency="Fictional", site="A", admin_id=ADMIN,
                   admin_name="Admin", admin_passphrase=ADMIN_PASS, kdf=INSECURE_TEST_KDF)
    with unlock(home, user_id=ADMIN, passphrase=ADMIN_PASS) as admin:
        for user_id, role, passphrase in ((OFFICER, "custody_officer", OFFICER_PASS),
                                          (SUPERVISOR, "supervisor", SUPERVISOR_PASS)):
            admin.add_user(user_id=user_id, display_name=f"User {user_id}", role=role,
                           passphrase=passphrase, must_change=False, kdf=INSECURE_TEST_KDF)

    identifier_text = marker.upper() + "7"
    details = PersonDetails(
        given_names=marker, family_name=marker, other_names=(marker, f"{marker} Alias"),
        date_of_birth=date(1990, 1, 2),
        identifiers=tuple(IdentifierEntry(kind=kind, value=identifier_text) for kind in (
            IdentifierKind.CRO, IdentifierKind.CUSTODY_RECORD, IdentifierKind.COURT_CASE,
            IdentifierKind.PROBATION_CASE)),
        ethnicity=Ethnicity.OTHER_ANY, ethnicity_write_in=marker,
        gender_identity=GenderIdentity.OTHER, gender_identity_write_in=marker,
        faith=Faith.OTHER, faith_write_in=marker,
    )
    fields = 0

    station: Station = unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS)
    services = Services(station, library)
    person = services.people.create(details=details)
    draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
    texts = _fill(services, draft.id, marker)
    services.screenings.complete(screening_id=draft.id)
    try:
        services.screenings.finalise(screening_id=draft.id, passphrase="not my passphrase at all")
    except USER_ERRORS as exc:
        _refused("finalise", exc, marker, leaks)
    else:
        raise AssertionError("a wrong passphrase finalised the screening")
    services.screenings.finalise(screening_id=draft.id, passphrase=OFFICER_PASS)
    services.consents.record(screening_id=draft.id, recipient=Recipient.COURT, given=True,
                             scope=ConsentScope(classes=(DisclosureClass.CONFIDENTIAL,)),
                             capacity_considered=True, capacity_note=f"{marker} capacity note")
    services.consents.record_legal_basis(
        screening_id=draft.id, recipient=Recipient.CPS,
        basis=LegalBasis(kind=LegalBasisKind.DPA2018_SCH8, condition="1", purpose=f"{marker} purpose"))
    # Errors with the marker in flight: a typed date that is not one, a stale edit, an NHS number
    # that is not one; each is caught and logged by type, as the UI does.
    amended = services.screenings.amend(screening_id=draft.id, reason=f"{marker} amendment reason")
    for what, call in (
        ("answer", lambda: services.screenings.answer(
            screening_id=amended.id, item_code="A1", value=f"14/03/19 {marker}")),
        ("edit", lambda: services.people.edit(
            person_id=person.id, details=details.model_copy(update={"family_name": f"{marker} B"}),
            expected_version=99)),
        ("nhs", lambda: services.people.edit(person_id=person.id, details=details.model_copy(
            update={"identifiers": (IdentifierEntry(kind=IdentifierKind.NHS_NUMBER, value=marker),)}))),
    ):
        try:
            call()
        except USER_ERRORS as exc:
            _refused(what, exc, marker, leaks)
        else:
            raise AssertionError(f"{what} should have failed")
    # Read everything back: the marker really is in every field (so the scan is not vacuous).
    stored = services.people.get(person_id=person.id)
    person_fields = [stored.given_names, stored.family_name, *stored.other_names,
                     stored.ethnicity_write_in, stored.gender_identity_write_in, stored.faith_write_in,
                     *(i.value for i in stored.identifiers)]
    screening = services.screenings.get(screening_id=draft.id)
    answers = {a.item_code: a for a in screening.answers}
    screening_fields = [str(answers[code].value) for code in texts]
    screening_fields.append(str(services.screenings.get(screening_id=amended.id).amend_reason))
    screening_fields += [str(c.capacity_note) for c in services.consents.for_screening(
        screening_id=draft.id)]
    screening_fields += [b.basis.purpose for b in services.consents.legal_bases(screening_id=draft.id)]
    for value in [*person_fields, *screening_fields]:
        assert value is not None and marker.lower() in value.lower(), "a field lost the marker"
        fields += 1
    files = StationFiles.at(home)
    snapshots.mkdir(parents=True, exist_ok=True)
    for path in (files.wal, files.shm):
        if path.exists():
            shutil.copyfile(path, snapshots / path.name)
    files.backups.mkdir(mode=0o700, exist_ok=True)
    station.backup(files.backups / "canary.screening-backup")
    services.lock()

    with unlock(home, user_id=SUPERVISOR, passphrase=SUPERVISOR_PASS) as supervisor_station:
        supervisor = Services(supervisor_station, library)
        supervisor.screenings.sign_off(screening_id=draft.id, note=f"{marker} sign-off note")
        note = supervisor.screenings.get(screening_id=draft.id).sign_off_note
        assert note is not None and marker in note
        fields += 1
    logging.shutdown()
    print(f"fields written {fields}; text answers {len(texts)}; "
          f"error messages quoting the marker: {','.join(leaks) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
