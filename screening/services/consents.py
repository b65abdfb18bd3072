"""Consent records and legal bases (DESIGN.md, "People, recipients and consent").

A consent decision is recorded on a screening revision, per recipient: given or refused, its
scope (disclosure classes and/or single items), when it was decided, whether capacity was
considered; a given consent may later be withdrawn. It holds for the later revisions of the same
screening too (``for_screening`` lists the whole chain's).

Consent records sync (Consent, versioned: 1 when recorded, 2 once withdrawn) once the revision
they were recorded on is finalised: at once if it already is, else when it is finalised (drafts
never write to the outbox). A consent recorded on a draft that is then discarded goes with it.

Legal bases are recorded per recipient here and used per disclosure by the disclosure issue; a
second user signs off a legal basis that releases confidential items without consent.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from pydantic import ValidationError

from screening.domain.enums import LegalBasisKind, Recipient, ScreeningStatus
from screening.domain.models import Consent, ConsentScope, LegalBasis, RecordedLegalBasis, Screening
from screening.interop.consent import export_consent
from screening.interop.records import user_reference
from screening.services.chains import chain_ids
from screening.services.errors import InvalidInputError, NotFoundError, WrongStateError
from screening.services.outbox import Outbox
from screening.services.session import Session, iso, parse_iso
from screening.store.audit import AuditEvent
from screening.store.db import Database

if TYPE_CHECKING:
    from screening.services.screenings import ScreeningService

log = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=5)
"""How far in the future a decision time may be before it is refused (PC clocks drift)."""

FRAMEWORK: dict[LegalBasisKind, str] = {
    LegalBasisKind.DPA2018_SCH8: "dpa2018_part3_sch8",
    LegalBasisKind.UK_GDPR_ART9: "uk_gdpr_art9",
}
"""Legal basis kinds as the schema names them."""
KIND_OF_FRAMEWORK = {framework: kind for kind, framework in FRAMEWORK.items()}


class ConsentService:
    """Consent decisions and legal bases for screenings the user may open."""

    def __init__(self, session: Session, outbox: Outbox, screenings: ScreeningService) -> None:
        self._session = session
        self._outbox = outbox
        self._screenings = screenings

    # --- consent ---

    def record(
        self,
        *,
        screening_id: UUID,
        recipient: Recipient,
        given: bool,
        scope: ConsentScope,
        capacity_considered: bool,
        capacity_note: str | None = None,
        decided_at: datetime | None = None,
    ) -> Consent:
        """Record a person's decision (given or refused) about sharing with one recipient.

        ``scope`` names disclosure classes and/or item codes of the screening's form (a refusal
        may have an empty scope: it refuses everything). Audited; synced once the revision is
        finalised (at once if it is).
        """
        session = self._session
        now = session.now()
        when = decided_at or now
        if when > now + CLOCK_SKEW:
            raise InvalidInputError(
                "The time of the decision is in the future. Check the date and time.",
                {"decided_at": "in the future"},
            )
        note = " ".join(capacity_note.split()) if capacity_note else None
        with session.transaction() as db:
            head = self._screenings.readable_head(db, screening_id)
            form = session.form(head.form_id, head.form_version)
            unknown = [code for code in scope.items if code not in form.items]
            if unknown:
                raise InvalidInputError(
                    f"The consent names questions the form does not have ({', '.join(unknown)}).",
                    {"scope.items": ", ".join(unknown)},
                )
            try:
                consent = Consent(
                    id=uuid4(),
                    screening_id=screening_id,
                    person_id=head.person_id,
                    recipient=recipient,
                    scope=scope,
                    decided_at=when,
                    capacity_considered=capacity_considered,
                    capacity_note=note,
                    given=given,
                    recorded_by=session.user_id,
                )
            except ValidationError as exc:
                message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
                raise InvalidInputError(
                    f"The consent could not be recorded: {message}.", {"consent": message}
                ) from None
            db.execute(
                "INSERT INTO consents (id, screening_id, person_id, recipient, scope, consent_date,"
                " capacity_considered, capacity_note, given, recorded_at, recorded_by, version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (
                    str(consent.id),
                    str(screening_id),
                    str(head.person_id),
                    recipient.value,
                    consent.scope.model_dump_json(),
                    iso(when),
                    int(capacity_considered),
                    note,
                    int(given),
                    iso(now),
                    session.user_id,
                ),
            )
            session.audit(
                AuditEvent.CREATE,
                subjects={
                    "consent": str(consent.id),
                    "screening": str(screening_id),
                    "person": str(head.person_id),
                },
                details={
                    "record": "consent",
                    "recipient": recipient.value,
                    "given": given,
                    "capacity_considered": capacity_considered,
                    "classes": [c.value for c in consent.scope.classes],
                    "items": list(consent.scope.items),
                },
                values=None if note is None else (None, {"capacity_note": note}),
                at=now,
            )
            if head.status is ScreeningStatus.FINALISED:
                self._enqueue(consent)
        log.info("consent %s recorded on screening %s", consent.id, screening_id)
        return consent

    def withdraw(self, *, consent_id: UUID, withdrawn_at: datetime | None = None) -> Consent:
        """Record that a given consent was withdrawn (from ``withdrawn_at``, default now).
        Audited; synced as the next version of the Consent once its revision is finalised."""
        session = self._session
        now = session.now()
        when = withdrawn_at or now
        if when > now + CLOCK_SKEW:
            raise InvalidInputError(
                "The time of the withdrawal is in the future. Check the date and time.",
                {"withdrawn_at": "in the future"},
            )
        with session.transaction() as db:
            consent = self._load(db, consent_id)
            head = self._screenings.readable_head(db, consent.screening_id)
            if not consent.given:
                raise WrongStateError("A refusal cannot be withdrawn: record a new decision instead.")
            if consent.withdrawn_at is not None:
                raise WrongStateError("This consent has already been withdrawn.")
            if when < consent.decided_at:
                raise InvalidInputError(
                    "A consent cannot be withdrawn before it was given. Check the date and time.",
                    {"withdrawn_at": "before the decision"},
                )
            db.execute(
                "UPDATE consents SET withdrawn_at = ?, withdrawn_by = ?, version = version + 1"
                " WHERE id = ? AND withdrawn_at IS NULL",
                (iso(when), session.user_id, str(consent_id)),
            )
            consent = self._load(db, consent_id)
            session.audit(
                AuditEvent.EDIT,
                subjects={
                    "consent": str(consent_id),
                    "screening": str(consent.screening_id),
                    "person": str(head.person_id),
                },
                details={"record": "consent", "withdrawn": True, "version": consent.version},
                at=now,
            )
            if head.status is ScreeningStatus.FINALISED:
                self._enqueue(consent)
        log.info("consent %s withdrawn", consent_id)
        return consent

    def for_screening(self, *, screening_id: UUID) -> list[Consent]:
        """Every consent decision recorded on any revision of the screening, oldest first."""
        db = self._session.db
        self._screenings.readable_head(db, screening_id)
        ids = chain_ids(db, screening_id)
        marks = ",".join("?" * len(ids))
        rows = db.query(
            f"SELECT * FROM consents WHERE screening_id IN ({marks}) ORDER BY recorded_at, rowid", ids
        )
        return [_consent_from_row(row) for row in rows]

    # --- legal bases ---

    def record_legal_basis(
        self, *, screening_id: UUID, recipient: Recipient, basis: LegalBasis
    ) -> RecordedLegalBasis:
        """Record the legal basis for releasing a finalised screening to a recipient. Audited."""
        session = self._session
        now = session.now()
        with session.transaction() as db:
            head = self._screenings.readable_head(db, screening_id)
            if head.status is not ScreeningStatus.FINALISED:
                raise WrongStateError(
                    "Only a finalised screening is disclosed: finalise it before recording the "
                    "legal basis for sharing it."
                )
            recorded = RecordedLegalBasis(
                id=uuid4(),
                screening_id=screening_id,
                recipient=recipient,
                basis=basis,
                recorded_at=now,
                recorded_by=session.user_id,
            )
            db.execute(
                "INSERT INTO legal_bases (id, screening_id, recipient, framework, provision,"
                " purpose, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(recorded.id),
                    str(screening_id),
                    recipient.value,
                    FRAMEWORK[basis.kind],
                    basis.condition,
                    basis.purpose,
                    iso(now),
                    session.user_id,
                ),
            )
            session.audit(
                AuditEvent.CREATE,
                subjects={
                    "legal_basis": str(recorded.id),
                    "screening": str(screening_id),
                    "person": str(head.person_id),
                },
                details={
                    "record": "legal_basis",
                    "recipient": recipient.value,
                    "framework": basis.kind.value,
                    "condition": basis.condition,
                },
                values=(None, {"purpose": basis.purpose}),
                at=now,
            )
        return recorded

    def sign_legal_basis(self, *, legal_basis_id: UUID) -> RecordedLegalBasis:
        """The second user's sign-off of a legal basis (never the user who recorded it)."""
        session = self._session
        now = session.now()
        with session.transaction() as db:
            recorded = self._load_basis(db, legal_basis_id)
            head = self._screenings.readable_head(db, recorded.screening_id)
            if recorded.second_signoff_by is not None:
                raise WrongStateError("This legal basis has already been signed off.")
            session.require(
                recorded.recorded_by != session.user_id,
                "A second user must sign off the legal basis: you recorded it yourself.",
            )
            db.execute(
                "UPDATE legal_bases SET second_user_id = ?, second_signed_at = ?"
                " WHERE id = ? AND second_user_id IS NULL",
                (session.user_id, iso(now), str(legal_basis_id)),
            )
            session.audit(
                AuditEvent.SIGNOFF,
                subjects={
                    "legal_basis": str(legal_basis_id),
                    "screening": str(recorded.screening_id),
                    "person": str(head.person_id),
                },
                details={"record": "legal_basis"},
                at=now,
            )
            recorded = self._load_basis(db, legal_basis_id)
        return recorded

    def legal_bases(self, *, screening_id: UUID) -> list[RecordedLegalBasis]:
        """The legal bases recorded for a revision, oldest first."""
        db = self._session.db
        self._screenings.readable_head(db, screening_id)
        rows = db.query(
            "SELECT * FROM legal_bases WHERE screening_id = ? ORDER BY recorded_at, rowid",
            (str(screening_id),),
        )
        return [_basis_from_row(row) for row in rows]

    # --- internals ---

    def _enqueue(self, consent: Consent) -> None:
        enqueue_consent(self._session, self._outbox, consent)

    def _load(self, db: Database, consent_id: UUID) -> Consent:
        row = db.query_one("SELECT * FROM consents WHERE id = ?", (str(consent_id),))
        if row is None:
            raise NotFoundError("This consent record is not on this station.")
        return _consent_from_row(row)

    def _load_basis(self, db: Database, legal_basis_id: UUID) -> RecordedLegalBasis:
        row = db.query_one("SELECT * FROM legal_bases WHERE id = ?", (str(legal_basis_id),))
        if row is None:
            raise NotFoundError("This legal basis record is not on this station.")
        return _basis_from_row(row)


def enqueue_consent(session: Session, outbox: Outbox, consent: Consent) -> None:
    """Queue the consent's current version for the centre, unless it is queued already."""
    queued = outbox.enqueued_version("Consent", str(consent.id))
    if queued is not None and queued >= consent.version:
        return
    assert consent.person_id is not None
    recorder = user_reference(session.station_id, consent.recorded_by or session.user_id)
    outbox.enqueue(
        kind="Consent",
        resource_id=str(consent.id),
        payload=export_consent(consent, person_id=consent.person_id, recorder=recorder),
        version=consent.version,
    )


def enqueue_consents_of(session: Session, outbox: Outbox, db: Database, screening: Screening) -> None:
    """Queue the consents recorded on a revision being finalised (inside its transaction)."""
    rows = db.query(
        "SELECT * FROM consents WHERE screening_id = ? ORDER BY recorded_at, rowid", (str(screening.id),)
    )
    for row in rows:
        enqueue_consent(session, outbox, _consent_from_row(row))


def _consent_from_row(row: Any) -> Consent:
    return Consent(
        id=UUID(str(row["id"])),
        screening_id=UUID(str(row["screening_id"])),
        person_id=UUID(str(row["person_id"])),
        recipient=Recipient(row["recipient"]),
        scope=ConsentScope.model_validate(json.loads(row["scope"])),
        decided_at=parse_iso(str(row["consent_date"])),
        capacity_considered=bool(row["capacity_considered"]),
        capacity_note=row["capacity_note"],
        given=bool(row["given"]),
        recorded_by=row["recorded_by"],
        withdrawn_at=None if row["withdrawn_at"] is None else parse_iso(str(row["withdrawn_at"])),
        withdrawn_by=row["withdrawn_by"],
        version=int(row["version"]),
    )


def _basis_from_row(row: Any) -> RecordedLegalBasis:
    return RecordedLegalBasis(
        id=UUID(str(row["id"])),
        screening_id=UUID(str(row["screening_id"])),
        recipient=Recipient(row["recipient"]),
        basis=LegalBasis(
            kind=KIND_OF_FRAMEWORK[str(row["framework"])],
            condition=str(row["provision"]),
            purpose=str(row["purpose"]),
        ),
        recorded_at=parse_iso(str(row["recorded_at"])),
        recorded_by=str(row["recorded_by"]),
        second_signoff_by=row["second_user_id"],
        second_signed_at=None
        if row["second_signed_at"] is None
        else parse_iso(str(row["second_signed_at"])),
    )
