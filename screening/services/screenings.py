"""Screenings: start, answer (autosave), complete, finalise, amend, discard, take over, sign off,
and the lists the UI shows (my drafts, drafts I may take over, recent, revisions, open alerts).

A screening's life (DESIGN.md): ``draft`` -> ``completed`` (every required item answered; hidden
answers dropped, each with an audit row; flags and scores stored) -> ``finalised`` (the author
re-enters their passphrase; immutable, here and by database triggers; the revision, its flags and
the person record go to the outbox in the same transaction) -> amended revisions (a reason is
required; a new draft that ``replaces`` the finalised one, which stays readable).

Every answer is saved at once in its own transaction with its audit row (old and new value in the
purgeable values table). Answering a completed screening puts it back to draft (its flags are
recomputed at the next completion). Drafts never write to the outbox.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from screening.checklist.answers import AnswerTypeError, Value, coerce, is_answered, to_json
from screening.checklist.engine import Evaluation, evaluate
from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry, Item, Prefill, text_in
from screening.domain.dates import LONDON, screening_date_for
from screening.domain.enums import ItemType, Role, ScreeningStatus
from screening.domain.models import Answer, FlagReason, Person, RaisedFlag, Screening
from screening.interop.flag import export_flag
from screening.interop.records import user_reference
from screening.interop.revision import export_revision
from screening.services import policy
from screening.services.chains import chain_ids
from screening.services.consents import enqueue_consents_of
from screening.services.errors import (
    IncompleteError,
    InvalidAnswerError,
    InvalidInputError,
    LockedOutError,
    LoginFailedError,
    NotFoundError,
    PassphraseRejectedError,
    WrongStateError,
)
from screening.services.outbox import Outbox
from screening.services.people import enqueue_patient, load_person
from screening.services.session import Session, iso, parse_iso
from screening.services.views import (
    PersonAlert,
    PersonSummary,
    Progress,
    ResumePosition,
    ScreeningSummary,
)
from screening.store.audit import AuditEvent
from screening.store.db import Database

log = logging.getLogger(__name__)

AMEND_REASON_MAX = 2000
FINALISED_MESSAGE = (
    "This screening is finalised and cannot be changed. To correct it, amend it: that makes a new "
    "revision and keeps this one."
)
_SCREENING_COLUMNS = (
    "id, person_id, form_id, form_version, registry_version, status, author_id, started_by,"
    " started_at, screening_date, completed_at, finalised_at, finalised_by, revision, replaces_id,"
    " amend_reason, scores, signed_off_by, signed_off_at, signoff_note, updated_at"
)

@dataclass(frozen=True)
class ScreeningHead:
    """A screening row without its answers and flags (services-internal)."""

    id: UUID
    person_id: UUID
    form_id: str
    form_version: str
    registry_version: str
    status: ScreeningStatus
    author_id: str
    started_by: str
    started_at: datetime
    screening_date: date
    completed_at: datetime | None
    finalised_at: datetime | None
    finalised_by: str | None
    revision: int
    replaces: UUID | None
    amend_reason: str | None
    scores: dict[str, int | None]
    signed_off_by: str | None
    signed_off_at: datetime | None
    signoff_note: str | None
    updated_at: datetime

    @classmethod
    def of(cls, row: Any) -> ScreeningHead:
        def when(value: Any) -> datetime | None:
            return None if value is None else parse_iso(str(value))

        return cls(
            id=UUID(str(row["id"])),
            person_id=UUID(str(row["person_id"])),
            form_id=str(row["form_id"]),
            form_version=str(row["form_version"]),
            registry_version=str(row["registry_version"] or ""),
            status=ScreeningStatus(row["status"]),
            author_id=str(row["author_id"]),
            started_by=str(row["started_by"]),
            started_at=parse_iso(str(row["started_at"])),
            screening_date=date.fromisoformat(str(row["screening_date"])),
            completed_at=when(row["completed_at"]),
            finalised_at=when(row["finalised_at"]),
            finalised_by=row["finalised_by"],
            revision=int(row["revision"]),
            replaces=None if row["replaces_id"] is None else UUID(str(row["replaces_id"])),
            amend_reason=row["amend_reason"],
            scores=json.loads(row["scores"]),
            signed_off_by=row["signed_off_by"],
            signed_off_at=when(row["signed_off_at"]),
            signoff_note=row["signoff_note"],
            updated_at=parse_iso(str(row["updated_at"])),
        )

    def as_screening(self, answers: Sequence[Answer], flags: Sequence[RaisedFlag]) -> Screening:
        return Screening(
            id=self.id,
            person_id=self.person_id,
            form_id=self.form_id,
            form_version=self.form_version,
            registry_version=self.registry_version,
            status=self.status,
            author_id=self.author_id,
            started_by=self.started_by,
            started_at=self.started_at,
            screening_date=self.screening_date,
            completed_at=self.completed_at,
            finalised_at=self.finalised_at,
            finalised_by=self.finalised_by,
            revision=self.revision,
            replaces=self.replaces,
            amend_reason=self.amend_reason,
            signed_off_by=self.signed_off_by,
            signed_off_at=self.signed_off_at,
            sign_off_note=self.signoff_note,
            updated_at=self.updated_at,
            answers=tuple(answers),
            flags=tuple(flags),
            scores=dict(self.scores),
        )


class ScreeningService:
    """The screening lifecycle for the logged-in user (see the module docstring)."""

    def __init__(self, session: Session, outbox: Outbox) -> None:
        self._session = session
        self._outbox = outbox

    # --- forms ---

    def startable_forms(self) -> list[CompiledForm]:
        """The latest version of every form the user's role may start, by id."""
        role = self._session.role
        return [form for form in self._session.library.latest() if policy.may_start(role, form)]

    def form_of(self, *, screening_id: UUID) -> CompiledForm:
        """The exact form version a screening was started with (to render it)."""
        head = self.readable_head(self._session.db, screening_id)
        return self._session.form(head.form_id, head.form_version)

    # --- the lifecycle ---

    def start(self, *, person_id: UUID, form_id: str) -> Screening:
        """Start a draft screening of a person with the latest version of ``form_id``.

        Pins the form and flag registry versions; the screening date is today in Europe/London.
        Items with a ``prefill`` take their answer from the person record (the officer checks
        them). Audited; nothing leaves the station.
        """
        session = self._session
        form = session.form(form_id)
        session.require(
            policy.may_start(session.role, form),
            f"Your role ({_role_name(session.role)}) cannot start the form "
            f"'{text_in(form.definition.title, 'en')}'. Ask a colleague whose role uses it.",
        )
        now = session.now()
        screening_id = uuid4()
        with session.transaction() as db:
            person = load_person(db, person_id)
            db.execute(
                "INSERT INTO screenings (id, person_id, form_id, form_version, registry_version,"
                " status, author_id, started_by, started_at, screening_date, revision, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, 1, ?)",
                (
                    str(screening_id),
                    str(person.id),
                    form.id,
                    form.version,
                    session.library.registry.version,
                    session.user_id,
                    session.user_id,
                    iso(now),
                    screening_date_for(now).isoformat(),
                    iso(now),
                ),
            )
            prefilled = _prefill(form, person)
            for code, value in prefilled.items():
                _write_answer(db, screening_id, code, value, at=now, user_id=session.user_id)
            session.audit(
                AuditEvent.CREATE,
                subjects={"screening": str(screening_id), "person": str(person.id)},
                details={
                    "form": form.id,
                    "form_version": form.version,
                    "registry_version": session.library.registry.version,
                    "revision": 1,
                    "prefilled": sorted(prefilled),
                },
            )
            screening = self._load(db, screening_id)
        log.info("screening %s started (form %s %s)", screening_id, form.id, form.version)
        return screening

    def answer(self, *, screening_id: UUID, item_code: str, value: Any) -> Progress:
        """Save one answer at once (the autosave): its own transaction, with its audit row.

        ``value`` is the item's typed value (an option code, a list of codes, a number, a date,
        a datetime or text); None, blank text or an empty selection clears the answer. Answers
        to items hidden by their conditions are kept (they never count, and are dropped at
        completion). Returns the screening's new ``Progress`` for the UI to update.
        """
        session = self._session
        with session.transaction() as db:
            head = self._own_editable_head(db, screening_id)
            form = session.form(head.form_id, head.form_version)
            item = form.items.get(item_code)
            if item is None:
                raise InvalidAnswerError(
                    f"The form has no question {item_code}. Reload the screening and try again."
                )
            typed = _typed(item, value)
            new_json = None if typed is None else to_json(typed)
            old_text = db.query_value(
                "SELECT value FROM answers WHERE screening_id = ? AND item_code = ?",
                (str(screening_id), item_code),
            )
            old_json = None if old_text is None else json.loads(old_text)
            saved_at: datetime | None = None
            if old_json != new_json:
                saved_at = session.now()
                if typed is None:
                    db.execute(
                        "DELETE FROM answers WHERE screening_id = ? AND item_code = ?",
                        (str(screening_id), item_code),
                    )
                else:
                    _write_answer(db, screening_id, item_code, typed, at=saved_at, user_id=session.user_id)
                if head.status is ScreeningStatus.COMPLETED:
                    # Changed after completion: back to draft; flags are worked out again.
                    db.execute("DELETE FROM flags WHERE screening_id = ?", (str(screening_id),))
                    db.execute(
                        "UPDATE screenings SET status = 'draft', completed_at = NULL, scores = '{}',"
                        " updated_at = ? WHERE id = ?",
                        (iso(saved_at), str(screening_id)),
                    )
                else:
                    db.execute(
                        "UPDATE screenings SET updated_at = ? WHERE id = ?",
                        (iso(saved_at), str(screening_id)),
                    )
                session.audit(
                    AuditEvent.EDIT,
                    subjects={"screening": str(screening_id)},
                    details={"item": item_code, "reopened": head.status is ScreeningStatus.COMPLETED},
                    values=(old_json, new_json),
                    at=saved_at,
                )
            answers = _load_answer_values(db, screening_id, form)
            status = ScreeningStatus.DRAFT if saved_at is not None else head.status
        registry = session.registry(head.registry_version)
        evaluation = evaluate(form, answers, on=head.screening_date, registry=registry)
        return _progress(screening_id, status, form, evaluation, registry, saved_at=saved_at)

    def progress(self, *, screening_id: UUID) -> Progress:
        """Where a screening stands now (what to show, what is missing, what it raises)."""
        session = self._session
        db = session.db
        head = self.readable_head(db, screening_id)
        form = session.form(head.form_id, head.form_version)
        answers = _load_answer_values(db, screening_id, form)
        registry = session.registry(head.registry_version)
        evaluation = evaluate(form, answers, on=head.screening_date, registry=registry)
        return _progress(screening_id, head.status, form, evaluation, registry)

    def save_position(self, *, screening_id: UUID, page: str | None, item_code: str | None) -> None:
        """Remember where the author is in their draft, so it reopens exactly there.

        ``page`` is a section id of the form, ``#intro`` or ``#review``; ``item_code`` a question
        of the form (or None). Only names from the form are kept, never an answer; nothing is
        audited, because no record changes. A finalised screening has no position to keep.
        """
        session = self._session
        with session.transaction() as db:
            head = self._own_editable_head(db, screening_id)
            form = session.form(head.form_id, head.form_version)
            pages = {RESUME_INTRO, RESUME_REVIEW, *(section.id for section in form.sections)}
            if page is not None and page not in pages:
                raise InvalidInputError(f"The form has no page '{page}'.", {"page": "unknown"})
            if item_code is not None and item_code not in form.items:
                raise InvalidInputError(
                    f"The form has no question {item_code}.", {"item_code": "unknown"}
                )
            db.execute(
                "UPDATE screenings SET resume_page = ?, resume_item = ? WHERE id = ?",
                (page, item_code, str(screening_id)),
            )

    def resume_position(self, *, screening_id: UUID) -> ResumePosition:
        """Where the draft was left (``save_position``); empty for a screening never moved in."""
        db = self._session.db
        self.readable_head(db, screening_id)
        row = db.query_one(
            "SELECT resume_page, resume_item FROM screenings WHERE id = ?", (str(screening_id),)
        )
        if row is None:
            return ResumePosition()
        return ResumePosition(page=row["resume_page"], item_code=row["resume_item"])

    def complete(self, *, screening_id: UUID) -> Screening:
        """Complete a draft: every required visible item must be answered (``IncompleteError``
        names the rest). Answers to hidden items are dropped, each with an audit row; flags
        and scores are stored."""
        session = self._session
        with session.transaction() as db:
            head = self._own_editable_head(db, screening_id)
            if head.status is not ScreeningStatus.DRAFT:
                return self._load(db, screening_id)
            form = session.form(head.form_id, head.form_version)
            registry = session.registry(head.registry_version)
            answers = _load_answer_values(db, screening_id, form)
            evaluation = evaluate(form, answers, on=head.screening_date, registry=registry)
            if not evaluation.complete:
                raise _incomplete(evaluation)
            now = session.now()
            for code in evaluation.ignored:
                old = to_json(answers[code])
                db.execute(
                    "DELETE FROM answers WHERE screening_id = ? AND item_code = ?",
                    (str(screening_id), code),
                )
                session.audit(
                    AuditEvent.EDIT,
                    subjects={"screening": str(screening_id)},
                    details={"item": code, "dropped": "hidden at completion"},
                    values=(old, None),
                    at=now,
                )
            flags = _raised_flags(evaluation, registry)
            db.executemany(
                "INSERT INTO flags (screening_id, code, level, reasons) VALUES (?, ?, ?, ?)",
                [
                    (
                        str(screening_id),
                        flag.code,
                        flag.level.value,
                        json.dumps([r.model_dump(mode="json") for r in flag.reasons]),
                    )
                    for flag in flags
                ],
            )
            db.execute(
                "UPDATE screenings SET status = 'completed', completed_at = ?, scores = ?,"
                " updated_at = ? WHERE id = ?",
                (iso(now), json.dumps(dict(evaluation.scores)), iso(now), str(screening_id)),
            )
            session.audit(
                AuditEvent.COMPLETE,
                subjects={"screening": str(screening_id), "person": str(head.person_id)},
                details={"flags": [f.code for f in flags], "dropped": list(evaluation.ignored)},
                at=now,
            )
            screening = self._load(db, screening_id)
        log.info("screening %s completed (%d flags)", screening_id, len(screening.flags))
        return screening

    def finalise(self, *, screening_id: UUID, passphrase: str) -> Screening:
        """Finalise a completed screening: the author signs it with their passphrase.

        Afterwards it never changes (amend it instead). In the same transaction the revision
        (QuestionnaireResponse), each flag (Flag), the person record (Patient: the first time,
        or if edited since) and the consents recorded on this revision go to the outbox.
        A wrong passphrase raises ``PassphraseRejectedError`` and changes nothing.
        """
        session = self._session
        head = self._own_editable_head(session.db, screening_id)
        if head.status is not ScreeningStatus.COMPLETED:
            raise WrongStateError(
                "Complete the screening first: every required question needs an answer before "
                "it can be finalised."
            )
        self._confirm_passphrase(passphrase)
        return self._finalise_confirmed(screening_id)

    def complete_and_finalise(self, *, screening_id: UUID, passphrase: str) -> Screening:
        """Complete a draft (if it is not completed yet) and finalise it, as one act of the author.

        The passphrase is checked BEFORE anything is written: a wrong one raises
        ``PassphraseRejectedError`` and leaves the draft exactly as it was (still a draft, with
        every answer, those to hidden questions too). An incomplete draft raises
        ``IncompleteError`` without asking for the passphrase. Then as ``complete`` and
        ``finalise``.
        """
        session = self._session
        db = session.db
        head = self._own_editable_head(db, screening_id)
        if head.status is ScreeningStatus.DRAFT:
            form = session.form(head.form_id, head.form_version)
            answers = _load_answer_values(db, screening_id, form)
            registry = session.registry(head.registry_version)
            evaluation = evaluate(form, answers, on=head.screening_date, registry=registry)
            if not evaluation.complete:
                raise _incomplete(evaluation)
        self._confirm_passphrase(passphrase)
        if head.status is ScreeningStatus.DRAFT:
            self.complete(screening_id=screening_id)
        return self._finalise_confirmed(screening_id)

    def _finalise_confirmed(self, screening_id: UUID) -> Screening:
        """Finalise once the author's passphrase has been checked."""
        session = self._session
        with session.transaction() as db:
            head = self._own_editable_head(db, screening_id)
            if head.status is not ScreeningStatus.COMPLETED:
                raise WrongStateError("The screening changed while you were signing. Check it and try again.")
            now = session.now()
            db.execute(
                "UPDATE screenings SET status = 'finalised', finalised_at = ?, finalised_by = ?,"
                " updated_at = ? WHERE id = ?",
                (iso(now), session.user_id, iso(now), str(screening_id)),
            )
            session.audit(
                AuditEvent.FINALISE,
                subjects={"screening": str(screening_id), "person": str(head.person_id)},
                details={
                    "revision": head.revision,
                    "form": head.form_id,
                    "form_version": head.form_version,
                },
                at=now,
            )
            screening = self._load(db, screening_id)
            self._enqueue_finalised(db, screening)
        log.info("screening %s finalised (revision %d)", screening_id, screening.revision)
        return screening

    def amend(self, *, screening_id: UUID, reason: str) -> Screening:
        """Start an amended revision of a finalised screening: a new draft that replaces it.

        The answers are copied; the reason is required and kept with the revision and in the
        audit log. The finalised revision stays as it was, readable. Only the latest revision
        can be amended.
        """
        session = self._session
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInputError(
                "Say why the screening is being amended (for example, which answer was wrong).",
                {"reason": "required"},
            )
        if len(reason) > AMEND_REASON_MAX:
            raise InvalidInputError(
                f"The reason can be at most {AMEND_REASON_MAX} characters.", {"reason": "too long"}
            )
        with session.transaction() as db:
            old = self.readable_head(db, screening_id)
            form = session.form(old.form_id, old.form_version)
            session.require(
                policy.may_start(session.role, form),
                f"Your role ({_role_name(session.role)}) cannot amend this form. Ask a colleague "
                "whose role uses it.",
            )
            if old.status is not ScreeningStatus.FINALISED:
                raise WrongStateError(
                    "Only a finalised screening is amended. This one is still a draft: change "
                    "its answers directly."
                )
            later = db.query_one(
                "SELECT id, revision, status FROM screenings WHERE replaces_id = ?", (str(old.id),)
            )
            if later is not None:
                state = "a draft" if later["status"] != "finalised" else "finalised"
                raise WrongStateError(
                    f"This revision has already been amended (revision {later['revision']}, "
                    f"{state}). Open the latest revision instead."
                )
            now = session.now()
            new_id = uuid4()
            db.execute(
                "INSERT INTO screenings (id, person_id, form_id, form_version, registry_version,"
                " status, author_id, started_by, started_at, screening_date, revision, replaces_id,"
                " amend_reason, updated_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    str(new_id),
                    str(old.person_id),
                    old.form_id,
                    old.form_version,
                    old.registry_version,
                    session.user_id,
                    session.user_id,
                    iso(now),
                    old.screening_date.isoformat(),
                    old.revision + 1,
                    str(old.id),
                    reason,
                    iso(now),
                ),
            )
            db.execute(
                "INSERT INTO answers (screening_id, item_code, value, updated_at, updated_by)"
                " SELECT ?, item_code, value, updated_at, updated_by FROM answers WHERE screening_id = ?",
                (str(new_id), str(old.id)),
            )
            session.audit(
                AuditEvent.AMEND,
                subjects={
                    "screening": str(new_id),
                    "replaces": str(old.id),
                    "person": str(old.person_id),
                },
                details={"revision": old.revision + 1},
                values=(None, {"reason": reason}),
                at=now,
            )
            screening = self._load(db, new_id)
        log.info("screening %s amended as %s (revision %d)", old.id, new_id, screening.revision)
        return screening

    def discard(self, *, screening_id: UUID) -> None:
        """Discard a draft (or a completed, not yet finalised, screening) of one's own.

        Its answers, flags and any consent or legal basis recorded on it go with it. Audited.
        A finalised revision cannot be discarded.
        """
        session = self._session
        with session.transaction() as db:
            head = self._own_editable_head(db, screening_id)
            sid = str(screening_id)
            db.execute("DELETE FROM consents WHERE screening_id = ?", (sid,))
            db.execute("DELETE FROM legal_bases WHERE screening_id = ?", (sid,))
            db.execute("DELETE FROM screenings WHERE id = ?", (sid,))
            session.audit(
                AuditEvent.DISCARD,
                subjects={"screening": sid, "person": str(head.person_id)},
                details={"revision": head.revision, "status": head.status.value},
            )
        log.info("screening %s discarded", screening_id)

    def take_over(self, *, screening_id: UUID) -> Screening:
        """Take over another user's draft: it becomes yours to continue. Only a user of the same
        role may (their role must also be one the form is for). Audited."""
        session = self._session
        with session.transaction() as db:
            head = self._head(db, screening_id)
            if head.status is ScreeningStatus.FINALISED:
                raise WrongStateError(FINALISED_MESSAGE)
            if head.author_id == session.user_id:
                return self._load(db, screening_id)
            form = session.form(head.form_id, head.form_version)
            author_role = db.query_value("SELECT role FROM users WHERE id = ?", (head.author_id,))
            session.require(
                policy.may_take_over(
                    session.role,
                    None if author_role is None else Role(author_role),
                    form.definition.roles,
                ),
                "Only a colleague with the same role as its author can take over this draft.",
            )
            now = session.now()
            db.execute(
                "UPDATE screenings SET author_id = ?, updated_at = ? WHERE id = ?",
                (session.user_id, iso(now), str(screening_id)),
            )
            session.audit(
                AuditEvent.TAKE_OVER,
                subjects={
                    "screening": str(screening_id),
                    "person": str(head.person_id),
                    "user": head.author_id,
                },
                details={"from_user": head.author_id},
                at=now,
            )
            screening = self._load(db, screening_id)
        log.info("screening %s taken over by %s from %s", screening_id, session.user_id, head.author_id)
        return screening

    def sign_off(self, *, screening_id: UUID, note: str | None = None) -> Screening:
        """A supervisor signs off a finalised revision someone else finalised (once). The record
        itself does not change; the sign-off is added beside it and audited."""
        session = self._session
        note = " ".join(note.split()) if note else None
        with session.transaction() as db:
            head = self.readable_head(db, screening_id)
            screening = self._load(db, screening_id)
            session.require(
                session.role is Role.SUPERVISOR,
                "Only a supervisor can sign off a screening.",
            )
            if head.status is not ScreeningStatus.FINALISED:
                raise WrongStateError("Only a finalised screening can be signed off.")
            session.require(
                policy.may_sign_off(session.role, session.user_id, screening),
                "You finalised this screening yourself: another supervisor signs it off.",
            )
            if head.signed_off_by is not None:
                raise WrongStateError("This screening has already been signed off.")
            now = session.now()
            db.execute(
                "UPDATE screenings SET signed_off_by = ?, signed_off_at = ?, signoff_note = ?"
                " WHERE id = ?",
                (session.user_id, iso(now), note, str(screening_id)),
            )
            session.audit(
                AuditEvent.SIGNOFF,
                subjects={"screening": str(screening_id), "person": str(head.person_id)},
                details={"revision": head.revision, "has_note": bool(note)},
                values=None if not note else (None, {"note": note}),
                at=now,
            )
            screening = self._load(db, screening_id)
        log.info("screening %s signed off", screening_id)
        return screening

    # --- reading ---

    def get(self, *, screening_id: UUID) -> Screening:
        """Open one revision (the opening is audited)."""
        session = self._session
        with session.transaction() as db:
            head = self.readable_head(db, screening_id)
            screening = self._load(db, screening_id)
            session.audit(
                AuditEvent.VIEW,
                subjects={"screening": str(screening_id), "person": str(head.person_id)},
            )
        return screening

    def revisions(self, *, screening_id: UUID) -> list[Screening]:
        """Every revision of the screening ``screening_id`` belongs to, oldest first."""
        session = self._session
        with session.transaction() as db:
            head = self.readable_head(db, screening_id)
            ids = chain_ids(db, screening_id)
            revisions = [self._load(db, UUID(i)) for i in ids]
            session.audit(
                AuditEvent.VIEW,
                subjects={"screening": str(screening_id), "person": str(head.person_id)},
                details={"revisions": len(revisions)},
            )
        return revisions

    def my_drafts(self) -> list[ScreeningSummary]:
        """The user's own drafts and completed (not yet finalised) screenings, newest first."""
        session = self._session
        return self._summaries(
            "s.status IN ('draft', 'completed') AND s.author_id = ?",
            [session.user_id],
            order="s.updated_at DESC",
        )

    def drafts_to_take_over(self) -> list[ScreeningSummary]:
        """Other users' drafts the user may take over (same role; a form for that role)."""
        session = self._session
        if session.role not in policy.SCREENING_ROLES:
            return []
        forms = sorted(
            {f.id for f in session.library.forms.values() if session.role in f.definition.roles}
        )
        if not forms:
            return []
        marks = ",".join("?" * len(forms))
        return self._summaries(
            "s.status IN ('draft', 'completed') AND s.author_id <> ? AND s.form_id IN"
            f" ({marks}) AND (u.role = ? OR u.role IS NULL)",
            [session.user_id, *forms, session.role.value],
            order="s.updated_at DESC",
            join_author=True,
        )

    def recent(self, *, limit: int = 20) -> list[ScreeningSummary]:
        """The most recently changed screenings the user may open."""
        where, params = self._visibility()
        return self._summaries(where, params, order="s.updated_at DESC", limit=limit)

    def for_person(self, *, person_id: UUID) -> list[ScreeningSummary]:
        """Every revision of every screening of a person that the user may open, newest first."""
        where, params = self._visibility()
        return self._summaries(
            f"s.person_id = ? AND ({where})", [str(person_id), *params], order="s.started_at DESC"
        )

    def people_with_open_alerts(self, *, since: date | None = None) -> list[PersonAlert]:
        """People whose current finalised revision (one not replaced by a later finalised one)
        raised an alert-level flag, optionally only screenings dated ``since`` or later."""
        session = self._session
        db = session.db
        where, params = self._visibility()
        rows = db.query(
            "SELECT s.id FROM screenings s WHERE s.id IN"
            " (SELECT screening_id FROM flags WHERE level = 'alert')"
            " AND s.status = 'finalised'"
            " AND NOT EXISTS (SELECT 1 FROM screenings r WHERE r.replaces_id = s.id"
            " AND r.status = 'finalised')"
            " AND (? IS NULL OR s.screening_date >= ?)"
            f" AND ({where}) ORDER BY s.screening_date DESC, s.finalised_at DESC",
            [None if since is None else since.isoformat()] * 2 + params,
        )
        alerts: list[PersonAlert] = []
        people: dict[UUID, Person] = {}
        for row in rows:
            screening = self._load(db, UUID(str(row["id"])))
            person = people.get(screening.person_id)
            if person is None:
                person = people[screening.person_id] = load_person(db, screening.person_id)
            alerts.append(
                PersonAlert(
                    person=PersonSummary.of(person),
                    screening_id=screening.id,
                    form_id=screening.form_id,
                    screening_date=screening.screening_date,
                    flags=tuple(f for f in screening.flags if f.level.value == "alert"),
                )
            )
        return alerts

    # --- internals ---

    def _confirm_passphrase(self, passphrase: str) -> None:
        try:
            self._session.station.confirm_passphrase(passphrase)
        except LockedOutError:
            raise
        except LoginFailedError:
            log.info("finalisation refused: passphrase did not match (user %s)", self._session.user_id)
            raise PassphraseRejectedError(
                "That passphrase is not right, so the screening was not finalised. It is "
                "unchanged: type your passphrase again."
            ) from None

    def _enqueue_finalised(self, db: Database, screening: Screening) -> None:
        session = self._session
        form = session.form(screening.form_id, screening.form_version)
        registry = session.registry(screening.registry_version)
        author = user_reference(session.station_id, screening.author_id)
        assert screening.finalised_at is not None
        # The Patient first: the centre resolves the other resources' subject against it.
        enqueue_patient(self._outbox, load_person(db, screening.person_id))
        self._outbox.enqueue(
            kind="QuestionnaireResponse",
            resource_id=str(screening.id),
            payload=export_revision(form, screening, author=author),
        )
        for flag in screening.flags:
            payload = export_flag(
                flag,
                revision_id=screening.id,
                person_id=screening.person_id,
                registry=registry,
                raised_at=screening.finalised_at,
                author=author,
            )
            self._outbox.enqueue(kind="Flag", resource_id=str(payload["id"]), payload=payload)
        enqueue_consents_of(session, self._outbox, db, screening)

    def _head(self, db: Database, screening_id: UUID) -> ScreeningHead:
        row = db.query_one(
            f"SELECT {_SCREENING_COLUMNS} FROM screenings WHERE id = ?", (str(screening_id),)
        )
        if row is None:
            raise NotFoundError(
                "This screening is not on this station (it may have been discarded, or removed "
                "by the retention rules)."
            )
        return ScreeningHead.of(row)

    def readable_head(self, db: Database, screening_id: UUID) -> ScreeningHead:
        """A screening's row without answers and flags, if the user may open it (for the sibling
        services); ``NotFoundError`` / ``NotAllowedError`` otherwise."""
        session = self._session
        head = self._head(db, screening_id)
        form = session.form(head.form_id, head.form_version)
        session.require(
            policy.may_open(
                session.role,
                session.user_id,
                involved=(head.author_id, head.started_by, head.finalised_by),
                form_roles=form.definition.roles,
            ),
            "Your role cannot open this screening. Ask for a disclosable summary instead.",
        )
        return head

    def _own_editable_head(self, db: Database, screening_id: UUID) -> ScreeningHead:
        session = self._session
        head = self.readable_head(db, screening_id)
        if head.status is ScreeningStatus.FINALISED:
            raise WrongStateError(FINALISED_MESSAGE)
        session.require(
            head.author_id == session.user_id,
            "This draft belongs to another user. Take it over first if you are to continue it.",
        )
        return head

    def _load(self, db: Database, screening_id: UUID) -> Screening:
        session = self._session
        head = self._head(db, screening_id)
        form = session.form(head.form_id, head.form_version)
        answers = _load_answers(db, screening_id, form)
        flag_rows = db.query(
            "SELECT code, level, reasons FROM flags WHERE screening_id = ?", (str(screening_id),)
        )
        registry = session.library.registry
        flags = [_flag_from_row(row, registry) for row in flag_rows]
        order = {f.code: i for i, f in enumerate(registry.flags)}
        flags.sort(key=lambda f: (_LEVEL_RANK[f.level.value], order.get(f.code, 999)))
        return head.as_screening(answers, flags)

    def _visibility(self) -> tuple[str, list[Any]]:
        session = self._session
        role = session.role
        if role not in policy.SCREENING_ROLES:
            return "0", []
        if role in policy.FULL_RECORD_ROLES:
            return "1", []
        forms = sorted(policy.visible_form_ids(role, session.library))
        marks = ",".join("?" * len(forms)) or "NULL"
        user = session.user_id
        return (
            f"s.form_id IN ({marks}) OR s.author_id = ? OR s.finalised_by = ? OR s.started_by = ?",
            [*forms, user, user, user],
        )

    def _summaries(
        self,
        where: str,
        params: Sequence[Any],
        *,
        order: str,
        limit: int | None = None,
        join_author: bool = False,
    ) -> list[ScreeningSummary]:
        session = self._session
        join = " LEFT JOIN users u ON u.id = s.author_id" if join_author else ""
        sql = (
            "SELECT s.id, s.person_id, s.form_id, s.form_version, s.status, s.revision,"
            " s.replaces_id, s.author_id, s.started_at, s.updated_at, s.screening_date,"
            " s.finalised_at, s.signed_off_by, p.given_names, p.family_name"
            f" FROM screenings s JOIN people p ON p.id = s.person_id{join}"
            f" WHERE {where} ORDER BY {order}"
        )
        args = list(params)
        if limit is not None:
            sql += " LIMIT ?"
            args.append(max(1, int(limit)))
        result = []
        for row in session.db.query(sql, args):
            try:
                title = text_in(session.form(row["form_id"], row["form_version"]).definition.title, "en")
            except NotFoundError:
                title = str(row["form_id"])
            name = " ".join(
                part for part in (str(row["given_names"]), str(row["family_name"]).upper()) if part
            )
            result.append(
                ScreeningSummary(
                    id=UUID(str(row["id"])),
                    person_id=UUID(str(row["person_id"])),
                    person_name=name,
                    form_id=str(row["form_id"]),
                    form_version=str(row["form_version"]),
                    form_title=title,
                    status=ScreeningStatus(row["status"]),
                    revision=int(row["revision"]),
                    replaces=None if row["replaces_id"] is None else UUID(str(row["replaces_id"])),
                    author_id=str(row["author_id"]),
                    started_at=parse_iso(str(row["started_at"])),
                    updated_at=parse_iso(str(row["updated_at"])),
                    screening_date=date.fromisoformat(str(row["screening_date"])),
                    finalised_at=None if row["finalised_at"] is None else parse_iso(str(row["finalised_at"])),
                    signed_off_by=row["signed_off_by"],
                )
            )
        return result


# --- helpers -----------------------------------------------------------------------------------

RESUME_INTRO = "#intro"
RESUME_REVIEW = "#review"
"""The wizard pages besides the form's sections (``save_position``)."""


def _incomplete(evaluation: Evaluation) -> IncompleteError:
    missing = evaluation.missing_required
    invalid = dict(evaluation.invalid)
    parts = []
    if missing:
        parts.append(f"{len(missing)} question(s) still need an answer ({', '.join(missing)})")
    if invalid:
        parts.append(f"{len(invalid)} answer(s) need correcting ({', '.join(invalid)})")
    return IncompleteError(
        "The screening cannot be completed yet: " + "; ".join(parts) + ".",
        missing=missing,
        invalid=invalid,
    )

_LEVEL_RANK = {"alert": 0, "warning": 1, "attention": 2, "info": 3}
_ROLE_NAMES = {
    Role.CUSTODY_OFFICER: "custody officer",
    Role.LD_PRACTITIONER: "L&D practitioner",
    Role.PROBATION_OFFICER: "probation officer",
    Role.SUPERVISOR: "supervisor",
    Role.ADMIN: "administrator",
}


def _role_name(role: Role) -> str:
    return _ROLE_NAMES.get(role, role.value)


def _typed(item: Item, value: Any) -> Value | None:
    if value is None or (isinstance(value, str | list | tuple) and not is_answered(value)):
        return None
    if isinstance(value, bool):
        raise InvalidAnswerError(
            f"Question {item.code} takes one of its options (such as 'yes' or 'no'), not true/false."
        )
    if isinstance(value, tuple):
        value = list(value)
    try:
        typed = coerce(item, value)
    except AnswerTypeError as exc:
        raise InvalidAnswerError(f"That answer does not fit question {item.code}: {exc}.") from None
    if isinstance(typed, datetime) and typed.tzinfo is None:
        typed = typed.replace(tzinfo=LONDON)
    if isinstance(typed, str):
        typed = typed.strip()
        if not typed:
            return None
    return typed


def _write_answer(
    db: Database, screening_id: UUID, code: str, value: Value, *, at: datetime, user_id: str
) -> None:
    db.execute(
        "INSERT INTO answers (screening_id, item_code, value, updated_at, updated_by)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (screening_id, item_code) DO UPDATE SET"
        " value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        (str(screening_id), code, json.dumps(to_json(value), ensure_ascii=False), iso(at), user_id),
    )


def _answer_rows(db: Database, screening_id: UUID) -> list[Any]:
    return db.query(
        "SELECT item_code, value, updated_at, updated_by FROM answers WHERE screening_id = ?",
        (str(screening_id),),
    )


def _stored_value(form: CompiledForm, code: str, raw: Any) -> Value | None:
    item = form.items.get(code)
    if item is None:
        return None
    try:
        value = coerce(item, raw)
    except AnswerTypeError:
        log.error("stored answer to %s does not fit its item type", code)
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value


def _load_answer_values(db: Database, screening_id: UUID, form: CompiledForm) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for row in _answer_rows(db, screening_id):
        value = _stored_value(form, str(row["item_code"]), json.loads(row["value"]))
        if value is not None:
            values[str(row["item_code"])] = value
    return values


def _load_answers(db: Database, screening_id: UUID, form: CompiledForm) -> list[Answer]:
    order = {code: index for index, code in enumerate(form.items)}
    answers = []
    for row in _answer_rows(db, screening_id):
        code = str(row["item_code"])
        value = _stored_value(form, code, json.loads(row["value"]))
        if value is None:
            continue
        answers.append(
            Answer(
                item_code=code,
                value=value,
                updated_at=parse_iso(str(row["updated_at"])),
                updated_by=str(row["updated_by"]),
            )
        )
    answers.sort(key=lambda a: order.get(a.item_code, len(order)))
    return answers


def _flag_from_row(row: Any, registry: FlagRegistry) -> RaisedFlag:
    code = str(row["code"])
    definition = registry.get(code)
    label = text_in(definition.label, "en") if definition is not None else code
    reasons = tuple(FlagReason.model_validate(r) for r in json.loads(row["reasons"]))
    return RaisedFlag(code=code, level=row["level"], label=label or code, reasons=reasons)


def _raised_flags(evaluation: Evaluation, registry: FlagRegistry) -> list[RaisedFlag]:
    flags = []
    for result in evaluation.flags:
        definition = registry.get(result.code)
        label = text_in(definition.label, "en") if definition is not None else result.code
        flags.append(
            RaisedFlag(
                code=result.code,
                level=result.level,
                label=label or result.code,
                reasons=tuple(FlagReason(text=r.text, items=r.items) for r in result.reasons),
            )
        )
    return flags


def _progress(
    screening_id: UUID,
    status: ScreeningStatus,
    form: CompiledForm,
    evaluation: Evaluation,
    registry: FlagRegistry,
    *,
    saved_at: datetime | None = None,
) -> Progress:
    return Progress(
        screening_id=screening_id,
        status=status,
        visible=tuple(code for code in form.items if code in evaluation.visible),
        missing_required=evaluation.missing_required,
        invalid=dict(evaluation.invalid),
        ignored=evaluation.ignored,
        declined=evaluation.declined,
        scores=dict(evaluation.scores),
        flags=tuple(_raised_flags(evaluation, registry)),
        saved_at=saved_at,
    )


def _prefill(form: CompiledForm, person: Person) -> dict[str, Value]:
    """Answers taken from the person record for items marked ``prefill`` (only what the record
    positively holds: an unrecorded or "not needed" value is left for the officer to ask)."""
    found: dict[str, Value] = {}
    for code, item in form.items.items():
        source = item.prefill
        raw: Any = None
        if source is Prefill.DATE_OF_BIRTH and person.date_of_birth is not None:
            raw = person.date_of_birth
        elif source is Prefill.LANGUAGE and person.language is not None:
            raw = person.language
        elif source is Prefill.INTERPRETER and person.interpreter_needed:
            raw = "yes"
        elif source is Prefill.ETHNICITY and person.ethnicity is not None:
            raw = person.ethnicity.value
        if raw is None:
            continue
        if item.type is ItemType.DATE and isinstance(raw, date):
            found[code] = raw
            continue
        try:
            found[code] = coerce(item, raw)
        except AnswerTypeError:
            log.warning("prefill of %s skipped: the person record's value does not fit", code)
    return found
