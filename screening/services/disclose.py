"""Disclosure use cases: make a document for a recipient, log it, send its record to the centre;
re-print; verify a PDF against the log; list disclosures.

What may be shown is decided by ``services.disclosure.disclosure_view`` alone; this module gathers
its inputs (the revision, the person, consents, the legal basis, the second user's sign-off), has
the document made in memory by ``screening.reports``, and records it.

Every document made (a re-print too, with a new document id) writes, in one transaction:

* a row in ``disclosures`` (id = the document id printed on every page; the SHA-256 of the bytes);
* the legal basis it rests on (``legal_bases``), with the second user's sign-off where given;
* an audit event ``disclose`` (who, recipient, purpose, legal basis, consents relied on, the items
  included, the revision, the SHA-256 and the document id); the purpose, which is free text, goes
  in the purgeable values;
* an outbox row: a FHIR ``DocumentReference`` (the disclosure record of ``sync/protocol.py``).

The desktop app splits the work so that no PDF is drawn on the database worker: ``prepare`` (on
the worker) decides the view and reserves the document id; ``render`` (a pure function, on the task
pool) makes the bytes; ``record`` (on the worker) checks the second user's passphrase, checks that
nothing changed since ``prepare``, and logs it. ``disclose`` does the three in one call (command
line, tests). The bytes are only returned: they are written where the user chooses, never here.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, SecretStr

from screening.domain.enums import LegalBasisKind, Recipient, Role, ScreeningStatus
from screening.domain.models import Consent, LegalBasis, RecordedLegalBasis
from screening.interop.fhir_common import BASE_URL, CODE_SYSTEM_BASE, JSON, fhir_datetime
from screening.interop.records import RECIPIENT_SYSTEM, STRUCTURE_BASE, user_reference, validate_record
from screening.reports.output import sha256_of
from screening.services import policy
from screening.services.chains import chain_ids
from screening.services.consents import KIND_OF_FRAMEWORK, ConsentService
from screening.services.disclosure import (
    RECIPIENT_IN_TEXT,
    DisclosureView,
    DocumentKind,
    allowed_recipients,
    disclosure_view,
)
from screening.services.errors import (
    InvalidInputError,
    LoginFailedError,
    NotAllowedError,
    NotFoundError,
    PassphraseRejectedError,
    StaleRecordError,
    WrongStateError,
)
from screening.services.outbox import Outbox
from screening.services.people import load_person
from screening.services.screenings import ScreeningService
from screening.services.session import Session, iso, parse_iso
from screening.store.audit import AuditEvent
from screening.store.db import Database
from screening.store.errors import UserError
from screening.store.keyslots import KeySlotFile, normalise_user_id, open_slot, spend_kdf_time
from screening.store.throttle import LoginThrottle

if TYPE_CHECKING:  # the reports import this package's disclosure views: import them late
    from screening.reports.common import Issue
    from screening.reports.render import RenderedDocument

log = logging.getLogger(__name__)

DISCLOSURE_RECORD_SYSTEM = f"{BASE_URL}/CodeSystem/sync"
"""The same code system ``sync.protocol.SYNC_CODE_SYSTEM`` names (a test keeps them equal)."""
DISCLOSURE_RECORD_CODE = "disclosure-record"
PDF_SHA256_EXTENSION = f"{BASE_URL}/StructureDefinition/pdf-sha256"
"""The same extension ``sync.protocol.PDF_SHA256_EXTENSION`` names (a test keeps them equal)."""
DOCUMENT_KIND_SYSTEM = CODE_SYSTEM_BASE + "document-kind"
LEGAL_BASIS_SYSTEMS = {
    LegalBasisKind.DPA2018_SCH8: CODE_SYSTEM_BASE + "dpa2018-schedule8",
    LegalBasisKind.UK_GDPR_ART9: CODE_SYSTEM_BASE + "uk-gdpr-article9",
}
EXT_RECIPIENT = STRUCTURE_BASE + "disclosure-recipient"
EXT_LEGAL_BASIS = STRUCTURE_BASE + "disclosure-legal-basis"
EXT_PURPOSE = STRUCTURE_BASE + "disclosure-purpose"
EXT_ITEM_INCLUDED = STRUCTURE_BASE + "disclosure-item-included"
EXT_CONSENT = STRUCTURE_BASE + "disclosure-consent"
EXT_REPRINT_OF = STRUCTURE_BASE + "disclosure-reprint-of"
EXT_SECOND_SIGNOFF = STRUCTURE_BASE + "disclosure-second-signoff"

SECOND_SIGNOFF_ROLES = frozenset(
    {Role.SUPERVISOR, Role.LD_PRACTITIONER, Role.CUSTODY_OFFICER, Role.PROBATION_OFFICER}
)
"""Who may sign off a disclosure as the second user (administrators do not open records)."""

PURPOSE_MAX = 500


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SecondUserSignoff(_Model):
    """A second user's sign-off, typed on the discloser's screen: their id and passphrase."""

    user_id: str
    passphrase: SecretStr


class DisclosureRequest(_Model):
    """What the user asks for. ``legal_basis`` is a new basis for this disclosure;
    ``legal_basis_id`` reuses one already recorded for the revision and recipient (a re-print).
    The second user's passphrase is given to ``record`` / ``disclose`` (it is checked there)."""

    screening_id: UUID
    recipient: Recipient
    purpose: str = Field(min_length=1, max_length=PURPOSE_MAX)
    document: DocumentKind = DocumentKind.SUMMARY
    legal_basis: LegalBasis | None = None
    legal_basis_id: UUID | None = None
    second_user_id: str | None = None
    """The second user who will sign off the legal basis (their passphrase is checked when the
    disclosure is recorded), so that it may release health detail without consent."""
    lang: str = "en"
    reprint_of: UUID | None = None


class PreparedDisclosure(_Model):
    """A decided disclosure waiting to be rendered and recorded."""

    request: DisclosureRequest
    document_id: UUID
    view: DisclosureView
    issue_made_at: AwareDatetime
    issue_made_by: str
    demo: bool

    @property
    def issue(self) -> Issue:
        from screening.reports.common import Issue

        return Issue(document_id=str(self.document_id), made_at=self.issue_made_at,
                     made_by=self.issue_made_by, demo=self.demo)

    @property
    def needs_second_signoff(self) -> bool:
        """Health detail is released on the legal basis (not on consent): a second user must
        sign off before it may be recorded."""
        return self.view.releases_health_on_legal_basis


class DisclosureEntry(_Model):
    """One row of the disclosure log."""

    document_id: UUID
    revision_id: UUID
    person_id: UUID
    revision: int
    form_id: str
    recipient: Recipient
    document: DocumentKind
    purpose: str
    legal_basis: LegalBasis | None
    legal_basis_id: UUID | None
    consents: tuple[UUID, ...]
    second_signoff_by: str | None
    disclosed_by: str
    at: AwareDatetime
    sha256: str | None
    items_included: tuple[str, ...]
    reprint_of: UUID | None
    delivery: str


class DisclosureMade(_Model):
    """A recorded document: the log entry and the bytes (to save, print or copy)."""

    entry: DisclosureEntry
    content: bytes
    media_type: str
    title: str

    @property
    def document_id(self) -> UUID:
        return self.entry.document_id


class PdfCheck(_Model):
    """What ``verify_pdf`` found."""

    sha256: str
    entry: DisclosureEntry | None
    revision_status: ScreeningStatus | None = None
    amended: bool = False
    """A finalised later revision replaces the one disclosed."""
    amended_by: UUID | None = None
    amendment_in_progress: bool = False

    @property
    def found(self) -> bool:
        return self.entry is not None


PREVIEW_AUDIT_WINDOW = timedelta(minutes=10)
"""Previews of the same document (screening, recipient, kind) by the same user within this time
of the last one audited are one look at it: the disclose dialog makes the preview again as the
purpose is typed or a choice changes, and each remake would otherwise add an identical row."""


class DisclosureService:
    """Disclosures of finalised revisions by the logged-in user."""

    def __init__(self, session: Session, outbox: Outbox, screenings: ScreeningService,
                 consents: ConsentService) -> None:
        self._session = session
        self._outbox = outbox
        self._screenings = screenings
        self._consents = consents
        self._last_preview_audit: tuple[tuple[str, ...], datetime] | None = None

    # --- deciding -------------------------------------------------------------------------------

    def preview(self, *, screening_id: UUID, recipient: Recipient,
                document: DocumentKind = DocumentKind.SUMMARY, legal_basis: LegalBasis | None = None,
                second_user_id: str | None = None, purpose: str | None = None, lang: str = "en"
                ) -> DisclosureView:
        """What the recipient would get, as the disclosure function decides it (nothing recorded
        but an audited view). ``second_user_id``: preview as if that user signs off (ignored
        while it is not yet a well-formed user id)."""
        if second_user_id is not None:
            try:
                second_user_id = normalise_user_id(second_user_id)
            except UserError:
                second_user_id = None
        request = DisclosureRequest(screening_id=screening_id, recipient=recipient,
                                    purpose=purpose or "(preview)", document=document,
                                    legal_basis=legal_basis,
                                    second_user_id=second_user_id or None, lang=lang)
        at = self._session.now()
        audit = not self._preview_audited(request, at)
        with self._session.transaction() as db:
            view = self._view(db, request, at=at, audit_preview=audit)
        if audit:  # only once the audit row is committed
            self._last_preview_audit = (self._preview_key(request), at)
        return view

    def consents_for(self, *, screening_id: UUID, recipient: Recipient) -> list[Consent]:
        """The consent decisions on record for sharing the screening with ``recipient``."""
        return [c for c in self._consents.for_screening(screening_id=screening_id)
                if c.recipient is recipient]

    def prepare(self, request: DisclosureRequest) -> PreparedDisclosure:
        """Decide the view and reserve a document id (nothing is recorded yet)."""
        session = self._session
        now = session.now()
        if request.second_user_id is not None:
            request = request.model_copy(
                update={"second_user_id": self._eligible_second_user(request.second_user_id)})
        with session.transaction() as db:
            view = self._view(db, request, at=now)
        _check_grounds(request, view)
        user = session.station.get_user(session.user_id)
        return PreparedDisclosure(
            request=request,
            document_id=uuid4(),
            view=view,
            issue_made_at=now,
            issue_made_by=user.display_name if user else session.user_id,
            demo=session.station.info.demo,
        )

    @staticmethod
    def render(prepared: PreparedDisclosure) -> RenderedDocument:
        """Make the document in memory (pure: run it on the task pool)."""
        from screening.reports.render import render_document

        return render_document(prepared.view, prepared.issue)

    def record(self, prepared: PreparedDisclosure, rendered: RenderedDocument, *,
               second_user: SecondUserSignoff | None = None, delivery: str = "file"
               ) -> DisclosureEntry:
        """Log a made document: the disclosure row, legal basis and sign-off, audit event and
        outbox record, in one transaction. Refuses (``StaleRecordError``) if what may be shown
        changed since ``prepare``, and (``PassphraseRejectedError``) a wrong second passphrase."""
        session = self._session
        request = prepared.request
        if prepared.needs_second_signoff and second_user is None:
            raise NotAllowedError(
                "Health information would be shared on a legal basis without the person's consent: "
                "a second user must sign this off with their passphrase."
            )
        if request.second_user_id is not None and second_user is None:
            raise InvalidInputError("Ask the second user to type their passphrase.",
                                    {"second_user": "required"})
        second_id: str | None = None
        if second_user is not None:
            if request.second_user_id is None:
                raise InvalidInputError("Name the second user before they sign off.",
                                        {"second_user": "not named"})
            second_id = self._verify_second_user(second_user)
            if second_id != request.second_user_id:
                raise InvalidInputError(
                    "The second user who signs must be the one named for this disclosure.",
                    {"second_user": "different user"})
        sha = sha256_of(rendered.content)
        document_id = prepared.document_id
        with session.transaction() as db:
            now = session.now()
            check = self._view(db, request, at=now)
            if _comparable(check) != _comparable(prepared.view):
                raise StaleRecordError(
                    "What may be disclosed changed while the document was being made (for example a "
                    "consent was recorded or withdrawn). Nothing was recorded: make it again."
                )
            head = self._screenings.readable_head(db, request.screening_id)
            basis = self._record_basis(db, request, head.person_id, second_id, now)
            view = check.model_copy(update={"legal_basis_id": basis.id if basis else None})
            consents = view.consents_relied_on
            entry = DisclosureEntry(
                document_id=document_id,
                revision_id=view.revision_id,
                person_id=view.person_id,
                revision=view.revision,
                form_id=view.form_id,
                recipient=request.recipient,
                document=request.document,
                purpose=" ".join(request.purpose.split()),
                legal_basis=basis.basis if basis else None,
                legal_basis_id=basis.id if basis else None,
                consents=consents,
                second_signoff_by=second_id,
                disclosed_by=session.user_id,
                at=now,
                sha256=sha,
                items_included=view.items_included,
                reprint_of=request.reprint_of,
                delivery=delivery,
            )
            details = {
                "document_id": str(document_id),
                "document_kind": request.document.value,
                "recipient": request.recipient.value,
                "revision": view.revision,
                "sha256": sha,
                "media_type": rendered.media_type,
                "legal_basis": None if basis is None else {
                    "id": str(basis.id), "framework": basis.basis.kind.value,
                    "condition": basis.basis.condition},
                "consents": [str(c) for c in consents],
                "second_signoff_by": second_id,
                "items_included": list(view.items_included),
                "items_as_outcome": list(view.items_as_outcome),
                "items_withheld": list(view.items_withheld),
                "health_on_legal_basis": view.releases_health_on_legal_basis,
                "reprint_of": None if request.reprint_of is None else str(request.reprint_of),
                "delivery": delivery,
                "lang": request.lang,
                "made_at": iso(prepared.issue_made_at),
            }
            db.execute(
                "INSERT INTO disclosures (id, screening_id, recipient, document_kind, purpose,"
                " legal_basis_id, consent_id, reprint_of, file_sha256, details, created_at,"
                " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(document_id), str(view.revision_id), request.recipient.value,
                    request.document.value, entry.purpose,
                    None if basis is None else str(basis.id),
                    str(consents[0]) if consents else None,
                    None if request.reprint_of is None else str(request.reprint_of),
                    sha, json.dumps(details, sort_keys=True), iso(now), session.user_id,
                ),
            )
            session.audit(
                AuditEvent.DISCLOSE,
                subjects={"disclosure": str(document_id), "screening": str(view.revision_id),
                          "person": str(view.person_id)},
                details=details,
                values=(None, {"purpose": entry.purpose}),
                at=now,
            )
            self._outbox.enqueue(
                kind="DocumentReference",
                resource_id=str(document_id),
                payload=document_reference(entry, station_id=session.station_id,
                                           title=rendered.title, media_type=rendered.media_type,
                                           size=len(rendered.content)),
            )
        log.info("disclosure %s recorded (revision %s, %s, %s)", document_id, view.revision_id,
                 request.recipient.value, request.document.value)
        return entry

    def disclose(self, request: DisclosureRequest, *, second_user: SecondUserSignoff | None = None,
                 delivery: str = "file") -> DisclosureMade:
        """Prepare, render (in memory) and record in one call; returns the bytes and the entry."""
        if second_user is not None and request.second_user_id is None:
            request = request.model_copy(update={"second_user_id": second_user.user_id})
        prepared = self.prepare(request)
        rendered = self.render(prepared)
        entry = self.record(prepared, rendered, second_user=second_user, delivery=delivery)
        return DisclosureMade(entry=entry, content=rendered.content, media_type=rendered.media_type,
                              title=rendered.title)

    def reprint(self, *, document_id: UUID, delivery: str = "file") -> DisclosureMade:
        """Make the document again for the same recipient, purpose and legal basis: a new document
        id, decided as things stand now (a consent withdrawn since withdraws what it allowed),
        logged like any disclosure."""
        original = self._entry(document_id)
        if original is None:
            raise NotFoundError("There is no disclosure with that document ID on this station.")
        details = self._details(document_id)
        request = DisclosureRequest(
            screening_id=original.revision_id,
            recipient=original.recipient,
            purpose=original.purpose,
            document=original.document,
            legal_basis_id=original.legal_basis_id,
            lang=str(details.get("lang") or "en"),
            reprint_of=document_id,
        )
        return self.disclose(request, delivery=delivery)

    # --- the log --------------------------------------------------------------------------------

    def disclosures(self, *, person_id: UUID | None = None) -> list[DisclosureEntry]:
        """Disclosures of screenings the user may open (administrators: all), newest first."""
        session = self._session
        db = session.db
        where: str
        params: list[Any]
        if session.role is Role.ADMIN:
            where, params = "1", []
        else:
            where, params = self._screenings._visibility()  # noqa: SLF001 - the one visibility rule
        if person_id is not None:
            where, params = f"s.person_id = ? AND ({where})", [str(person_id), *params]
        rows = db.query(
            "SELECT d.*, s.person_id, s.revision, s.form_id FROM disclosures d"
            f" JOIN screenings s ON s.id = d.screening_id WHERE {where}"
            " ORDER BY d.created_at DESC, d.rowid DESC",
            params,
        )
        entries = [_entry_from_row(db, row) for row in rows]
        session.audit(AuditEvent.VIEW, subjects={} if person_id is None else {"person": str(person_id)},
                      details={"record": "disclosures", "rows": len(entries)})
        return entries

    def verify_pdf(self, content: bytes | str | os.PathLike[str]) -> PdfCheck:
        """Recompute the SHA-256 of a document (bytes or a file), find its disclosure entry and its
        revision, and say whether that revision has since been amended. Audited."""
        data = content if isinstance(content, bytes) else Path(content).read_bytes()
        sha = sha256_of(data)
        session = self._session
        db = session.db
        row = db.query_one(
            "SELECT d.*, s.person_id, s.revision, s.form_id, s.status AS revision_status"
            " FROM disclosures d JOIN screenings s ON s.id = d.screening_id"
            " WHERE d.file_sha256 = ? ORDER BY d.created_at LIMIT 1",
            (sha,),
        )
        if row is None:
            session.audit(AuditEvent.VIEW, details={"record": "disclosure", "verify": "no_match"})
            return PdfCheck(sha256=sha, entry=None)
        entry = _entry_from_row(db, row)
        later = db.query(
            "SELECT id, status FROM screenings WHERE replaces_id = ? ORDER BY revision",
            (str(entry.revision_id),),
        )
        finalised = [r for r in later if r["status"] == ScreeningStatus.FINALISED.value]
        session.audit(
            AuditEvent.VIEW,
            subjects={"disclosure": str(entry.document_id), "screening": str(entry.revision_id)},
            details={"record": "disclosure", "verify": "match"},
        )
        return PdfCheck(
            sha256=sha,
            entry=entry,
            revision_status=ScreeningStatus(row["revision_status"]),
            amended=bool(finalised),
            amended_by=UUID(str(finalised[0]["id"])) if finalised else None,
            amendment_in_progress=bool(later) and not finalised,
        )

    # --- internals ------------------------------------------------------------------------------

    def _view(self, db: Database, request: DisclosureRequest, *, at: datetime,
              audit_preview: bool = False) -> DisclosureView:
        session = self._session
        if request.recipient not in allowed_recipients(request.document):
            raise NotAllowedError(
                f"This kind of document cannot be made for {RECIPIENT_IN_TEXT[request.recipient]}.")
        head = self._screenings.readable_head(db, request.screening_id)
        session.require(session.role in policy.SCREENING_ROLES,
                        "Your role cannot disclose screenings.")
        if head.status is not ScreeningStatus.FINALISED:
            raise WrongStateError(
                "Only a finalised screening can be disclosed. A draft, or a screening that is "
                "completed but not yet signed by its author, stays on the station."
            )
        newer = db.query_value(
            "SELECT id FROM screenings WHERE replaces_id = ? AND status = 'finalised'",
            (str(request.screening_id),),
        )
        if newer is not None:
            raise WrongStateError(
                "This revision has been amended. Disclose the current revision instead."
            )
        form = session.form(head.form_id, head.form_version)
        registry = session.registry(head.registry_version)
        screening = self._screenings._load(db, request.screening_id)  # noqa: SLF001
        person = load_person(db, head.person_id)
        consents = [c for c in self._consents.for_screening(screening_id=request.screening_id)]
        basis = self._basis_for(db, request, at)
        chain = [self._screenings._load(db, UUID(i))  # noqa: SLF001
                 for i in chain_ids(db, request.screening_id)]
        names = {u.id: u.display_name for u in session.station.list_users(include_removed=True)}
        view = disclosure_view(
            screening=screening, form=form, registry=registry, person=person,
            recipient=request.recipient, consents=consents, legal_basis=basis,
            agency=session.station.info.agency or session.station.info.name, at=at,
            document=request.document, revisions=chain, user_names=names, lang=request.lang,
            easy_read=request.document is DocumentKind.EASY_READ, purpose=request.purpose,
        )
        if audit_preview:
            session.audit(
                AuditEvent.VIEW,
                subjects={"screening": str(request.screening_id), "person": str(head.person_id)},
                details={"record": "disclosure_preview", "recipient": request.recipient.value,
                         "document_kind": request.document.value},
            )
        return view

    def _preview_key(self, request: DisclosureRequest) -> tuple[str, ...]:
        return (self._session.user_id, str(request.screening_id), request.recipient.value,
                request.document.value)

    def _preview_audited(self, request: DisclosureRequest, at: datetime) -> bool:
        """True for a preview of the document last audited, by the same user, within
        ``PREVIEW_AUDIT_WINDOW`` of that audit (the window runs from the audited one, so a dialog
        left open is recorded again every so often)."""
        last = self._last_preview_audit
        return (last is not None and last[0] == self._preview_key(request)
                and timedelta(0) <= at - last[1] < PREVIEW_AUDIT_WINDOW)

    def _basis_for(self, db: Database, request: DisclosureRequest, at: datetime
                   ) -> RecordedLegalBasis | None:
        """The legal basis the disclosure rests on: a reused recorded one, or the proposed new one
        (signed off only if a second user will sign)."""
        if request.legal_basis_id is not None:
            row = db.query_one("SELECT * FROM legal_bases WHERE id = ?", (str(request.legal_basis_id),))
            if row is None:
                raise NotFoundError("That legal basis is not recorded on this station.")
            recorded = _basis_from_row(row)
            if (recorded.screening_id != request.screening_id
                    or recorded.recipient is not request.recipient):
                raise InvalidInputError(
                    "That legal basis was recorded for another screening or recipient.",
                    {"legal_basis": "another screening or recipient"})
            return recorded
        if request.legal_basis is None:
            return None
        session = self._session
        return RecordedLegalBasis(
            id=uuid4(),
            screening_id=request.screening_id,
            recipient=request.recipient,
            basis=request.legal_basis,
            recorded_at=at,
            recorded_by=session.user_id,
            second_signoff_by=request.second_user_id,
            second_signed_at=at if request.second_user_id is not None else None,
        )

    def _record_basis(self, db: Database, request: DisclosureRequest, person_id: UUID,
                      second_id: str | None, now: datetime) -> RecordedLegalBasis | None:
        session = self._session
        if request.legal_basis_id is not None:
            return self._basis_for(db, request, now)
        if request.legal_basis is None:
            return None
        recorded = self._consents.record_legal_basis(
            screening_id=request.screening_id, recipient=request.recipient, basis=request.legal_basis)
        if second_id is None:
            return recorded
        db.execute(
            "UPDATE legal_bases SET second_user_id = ?, second_signed_at = ?"
            " WHERE id = ? AND second_user_id IS NULL",
            (second_id, iso(now), str(recorded.id)),
        )
        session.station.audit.append(
            AuditEvent.SIGNOFF,
            user_id=second_id,
            subjects={"legal_basis": str(recorded.id), "screening": str(request.screening_id),
                      "person": str(person_id)},
            details={"record": "legal_basis", "signed_at_station_of": session.user_id},
            at=now,
        )
        return recorded.model_copy(update={"second_signoff_by": second_id, "second_signed_at": now})

    def _eligible_second_user(self, raw_id: str) -> str:
        """The normalised id of a user who may sign off this user's disclosure."""
        session = self._session
        station = session.station
        try:
            user_id = normalise_user_id(raw_id)
        except UserError:
            raise InvalidInputError("Type the second user's user name.",
                                    {"second_user": "invalid"}) from None
        if user_id == session.user_id:
            raise NotAllowedError("The second sign-off must be by another user, not by you.")
        user = station.get_user(user_id)
        if user is None or not user.active or user.role not in SECOND_SIGNOFF_ROLES:
            raise NotAllowedError(
                "That user cannot sign off a disclosure: ask a colleague who screens or supervises "
                "(not an administrator) and is a user of this station."
            )
        if user.must_change:
            raise NotAllowedError("That user must change their passphrase before signing off.")
        return user_id

    def _verify_second_user(self, signoff: SecondUserSignoff) -> str:
        """The second user's id, once their passphrase is checked against their key slot (failures
        count towards their back-off, as a login's would)."""
        station = self._session.station
        user_id = self._eligible_second_user(signoff.user_id)
        throttle = LoginThrottle(station.files.failures)
        throttle.begin_attempt(user_id)
        slots = KeySlotFile.load(station.files.slots)
        slot = slots.get(user_id)
        secret = signoff.passphrase.get_secret_value()
        try:
            if slot is None:
                spend_kdf_time(slots.typical_kdf(), secret)
                raise LoginFailedError()
            open_slot(slot, station_id=station.station_id, secret=secret).wipe()
        except LoginFailedError:
            log.info("second sign-off refused: passphrase did not match (user %s)", user_id)
            raise PassphraseRejectedError(
                "The second user's passphrase is not right, so nothing was disclosed. Ask them to "
                "type it again."
            ) from None
        throttle.succeeded(user_id)
        return user_id

    def _entry(self, document_id: UUID) -> DisclosureEntry | None:
        db = self._session.db
        row = db.query_one(
            "SELECT d.*, s.person_id, s.revision, s.form_id FROM disclosures d"
            " JOIN screenings s ON s.id = d.screening_id WHERE d.id = ?",
            (str(document_id),),
        )
        if row is None:
            return None
        self._screenings.readable_head(db, UUID(str(row["screening_id"])))
        return _entry_from_row(db, row)

    def _details(self, document_id: UUID) -> dict[str, Any]:
        value = self._session.db.query_value("SELECT details FROM disclosures WHERE id = ?",
                                             (str(document_id),))
        loaded = json.loads(str(value)) if value else {}
        return loaded if isinstance(loaded, dict) else {}


def _check_grounds(request: DisclosureRequest, view: DisclosureView) -> None:
    """A disclosure to anyone but the person needs a legal basis or consent it relies on."""
    if request.recipient is Recipient.PERSON:
        return
    if view.legal_basis is None and not view.consents_relied_on:
        raise InvalidInputError(
            "Choose the legal basis for this disclosure (a DPA 2018 Schedule 8 paragraph or a UK "
            "GDPR Article 9 condition), or rely on the person's recorded consent.",
            {"legal_basis": "required"},
        )
    if request.second_user_id is not None and view.legal_basis is None:
        raise InvalidInputError("A second user signs off a legal basis: choose one first.",
                                {"legal_basis": "required"})


def _comparable(view: DisclosureView) -> dict[str, Any]:
    return view.model_dump(exclude={"at", "legal_basis_id", "legal_basis_signed_off_by",
                                    "legal_basis_statement"})


def _basis_from_row(row: Any) -> RecordedLegalBasis:
    return RecordedLegalBasis(
        id=UUID(str(row["id"])),
        screening_id=UUID(str(row["screening_id"])),
        recipient=Recipient(row["recipient"]),
        basis=LegalBasis(kind=KIND_OF_FRAMEWORK[str(row["framework"])], condition=str(row["provision"]),
                         purpose=str(row["purpose"])),
        recorded_at=parse_iso(str(row["recorded_at"])),
        recorded_by=str(row["recorded_by"]),
        second_signoff_by=row["second_user_id"],
        second_signed_at=None if row["second_signed_at"] is None
        else parse_iso(str(row["second_signed_at"])),
    )


def _entry_from_row(db: Database, row: Any) -> DisclosureEntry:
    details = json.loads(str(row["details"] or "{}"))
    basis: RecordedLegalBasis | None = None
    if row["legal_basis_id"] is not None:
        basis_row = db.query_one("SELECT * FROM legal_bases WHERE id = ?", (str(row["legal_basis_id"]),))
        basis = _basis_from_row(basis_row) if basis_row is not None else None
    return DisclosureEntry(
        document_id=UUID(str(row["id"])),
        revision_id=UUID(str(row["screening_id"])),
        person_id=UUID(str(row["person_id"])),
        revision=int(row["revision"]),
        form_id=str(row["form_id"]),
        recipient=Recipient(row["recipient"]),
        document=DocumentKind(row["document_kind"]),
        purpose=str(row["purpose"]),
        legal_basis=basis.basis if basis else None,
        legal_basis_id=basis.id if basis else None,
        consents=tuple(UUID(c) for c in details.get("consents", [])),
        second_signoff_by=basis.second_signoff_by if basis else None,
        disclosed_by=str(row["created_by"]),
        at=parse_iso(str(row["created_at"])),
        sha256=row["file_sha256"],
        items_included=tuple(details.get("items_included", [])),
        reprint_of=None if row["reprint_of"] is None else UUID(str(row["reprint_of"])),
        delivery=str(details.get("delivery", "file")),
    )


def document_reference(entry: DisclosureEntry, *, station_id: str, title: str, media_type: str,
                       size: int) -> JSON:
    """The disclosure record as a FHIR R4 DocumentReference (validated with the R4B model): the
    Patient, the revision disclosed, the author, the document's title, size and SHA-256, and the
    recipient, legal basis, purpose, consents relied on and items included in extensions."""
    extensions: list[JSON] = [
        {"url": EXT_RECIPIENT,
         "valueCoding": {"system": RECIPIENT_SYSTEM, "code": entry.recipient.value}},
        {"url": EXT_PURPOSE, "valueString": entry.purpose},
    ]
    if entry.legal_basis is not None:
        extensions.append({"url": EXT_LEGAL_BASIS, "valueCoding": {
            "system": LEGAL_BASIS_SYSTEMS[entry.legal_basis.kind],
            "code": entry.legal_basis.condition,
            "display": entry.legal_basis.citation,
        }})
    extensions += [{"url": EXT_CONSENT, "valueReference": {"reference": f"Consent/{c}"}}
                   for c in entry.consents]
    extensions += [{"url": EXT_ITEM_INCLUDED, "valueCode": code} for code in entry.items_included]
    if entry.reprint_of is not None:
        extensions.append({"url": EXT_REPRINT_OF,
                           "valueReference": {"reference": f"DocumentReference/{entry.reprint_of}"}})
    resource: JSON = {
        "resourceType": "DocumentReference",
        "id": str(entry.document_id),
        "extension": extensions,
        "status": "current",
        "docStatus": "final",
        "type": {"coding": [{"system": DISCLOSURE_RECORD_SYSTEM, "code": DISCLOSURE_RECORD_CODE,
                             "display": "Disclosure record"}]},
        "category": [{"coding": [{"system": DOCUMENT_KIND_SYSTEM, "code": entry.document.value}]}],
        "subject": {"reference": f"Patient/{entry.person_id}"},
        "date": fhir_datetime(entry.at),
        "author": [user_reference(station_id, entry.disclosed_by)],
        "description": title,
        "content": [{"attachment": {
            "extension": [{"url": PDF_SHA256_EXTENSION, "valueString": entry.sha256}],
            "contentType": media_type.split(";")[0],
            "title": title,
            "size": size,
            "creation": fhir_datetime(entry.at),
        }}],
        "context": {"related": [{"reference": f"QuestionnaireResponse/{entry.revision_id}"}]},
    }
    if entry.second_signoff_by is not None:
        resource["authenticator"] = user_reference(station_id, entry.second_signoff_by)
        extensions.append({"url": EXT_SECOND_SIGNOFF, "valueBoolean": True})
    validate_record(resource)
    return resource


