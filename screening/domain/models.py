"""The pydantic models the services pass around: people, screenings, answers, flags, users,
consent, legal bases, disclosures and audit events.

They are frozen: change one with ``model_copy(update=...)`` (which does not re-validate) or by
building a new one with ``model_validate`` (which does). Every timestamp is timezone-aware; every
rule here is one that holds whatever the caller, so the store, the services and sync can rely on
it. Rules that need the form definition (which items are required, which class an item has) live
in ``screening.checklist``; who may see what lives in the services' disclosure function.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self
from uuid import UUID, uuid4

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from screening.domain import reference
from screening.domain.dates import age_on, screening_date_for
from screening.domain.enums import (
    DisclosureClass,
    FlagLevel,
    IdentifierKind,
    LegalBasisKind,
    Recipient,
    Role,
    ScreeningStatus,
)
from screening.domain.reference import Ethnicity, Faith, GenderIdentity, Sex

__all__ = [
    "Answer",
    "AnswerValue",
    "AuditAction",
    "AuditEvent",
    "Consent",
    "ConsentScope",
    "Disclosure",
    "DomainModel",
    "FlagReason",
    "Identifier",
    "LegalBasis",
    "Person",
    "RaisedFlag",
    "RecordedLegalBasis",
    "Screening",
    "User",
    "UserId",
    "age_on",
    "screening_date_for",
]

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_]*$"
"""Item, score and flag codes (the same pattern the forms use)."""

USER_ID_PATTERN = r"^[a-z0-9][a-z0-9._@-]{0,63}$"
"""Station user ids as the store normalises them: lower case, typed by admins ("pc1234")."""

NAME_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 2000


class DomainModel(BaseModel):
    """Frozen, strict about unknown fields, and stripping whitespace from strings."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _no_control_chars(value: str) -> str:
    if re.search(r"[\x00-\x1f\x7f-\x9f]", value):
        raise ValueError("must not contain control characters")
    return value


def _single_line(value: str) -> str:
    return _no_control_chars(" ".join(value.split()))


NonBlank = Annotated[str, Field(min_length=1, max_length=TEXT_MAX_LENGTH)]
Code = Annotated[str, Field(pattern=CODE_PATTERN, max_length=64)]
NamePart = Annotated[str, BeforeValidator(lambda v: _single_line(v) if isinstance(v, str) else v),
                     Field(max_length=NAME_MAX_LENGTH)]
UserId = Annotated[str, Field(pattern=USER_ID_PATTERN)]
"""A station user's id: text chosen by an administrator, not a UUID (see the store's key slots)."""


def _check_order(earlier: datetime | None, later: datetime | None, what: str) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise ValueError(what)


# ============================================================================================
# People
# ============================================================================================


class Identifier(DomainModel):
    """One identifier of a person, checked and normalised on construction (see
    ``reference.normalise_identifier``): an invalid NHS number or PNC ID cannot be built."""

    kind: IdentifierKind
    value: str

    @field_validator("value")
    @classmethod
    def _valid_for_kind(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind is None:  # the kind itself failed validation; that error is reported
            return value
        return reference.normalise_identifier(kind, value)

    @property
    def label(self) -> str:
        """"NHS number", "PNC ID", ..."""
        return reference.IDENTIFIER_LABELS[self.kind]


class Person(DomainModel):
    """A person as recorded on the station.

    Rules: at least one of given or family name; an unknown date of birth (None) only with
    ``age_in_doubt`` (a DOB may also be recorded *with* age in doubt, e.g. a claimed DOB); a date
    of birth no later than the record's creation date; each write-in only with the option that
    takes one; identifiers unique by (kind, value); ``updated_at`` not before ``created_at``.
    ``version`` starts at 1 and rises with each edit (sync uses it to detect stale updates).
    """

    id: UUID = Field(default_factory=uuid4)
    given_names: NamePart = ""
    family_name: NamePart = ""
    other_names: tuple[NamePart, ...] = ()
    """Aliases and previous names."""
    date_of_birth: date | None = None
    age_in_doubt: bool = False
    identifiers: tuple[Identifier, ...] = ()
    ethnicity: Ethnicity | None = None
    """None: not asked / not recorded (NHS "99"); ``prefer_not_to_say`` is a recorded answer."""
    ethnicity_write_in: str | None = None
    sex: Sex = Sex.NOT_KNOWN
    gender_identity: GenderIdentity | None = None
    gender_identity_write_in: str | None = None
    language: str | None = None
    """Preferred language, a BCP 47 tag with an ISO 639 primary subtag (normalised case, see
    ``reference.normalise_language_code``); None if not recorded."""
    interpreter_needed: bool = False
    help_to_read: bool = False
    faith: Faith | None = None
    faith_write_in: str | None = None
    created_at: AwareDatetime
    updated_at: AwareDatetime
    version: int = Field(default=1, ge=1)

    @field_validator("other_names")
    @classmethod
    def _drop_blank_other_names(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in names if n))

    @field_validator("ethnicity_write_in", "gender_identity_write_in", "faith_write_in")
    @classmethod
    def _write_in(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else reference.normalise_write_in(value)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return None if value is None else reference.normalise_language_code(value)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not (self.given_names or self.family_name):
            raise ValueError("a person needs a given name or a family name")
        if self.date_of_birth is None and not self.age_in_doubt:
            raise ValueError("without a date of birth, mark the age as in doubt")
        if self.date_of_birth is not None and self.date_of_birth > screening_date_for(
            self.created_at
        ):
            raise ValueError("the date of birth is in the future")
        _check_order(self.created_at, self.updated_at, "updated_at is before created_at")
        seen = [(i.kind, i.value) for i in self.identifiers]
        if len(seen) != len(set(seen)):
            raise ValueError("an identifier is listed twice")
        write_ins = (
            (
                "ethnicity",
                self.ethnicity_write_in,
                self.ethnicity is not None and reference.ethnicity(self.ethnicity).write_in,
            ),
            (
                "gender identity",
                self.gender_identity_write_in,
                self.gender_identity is GenderIdentity.OTHER,
            ),
            ("faith", self.faith_write_in, self.faith is Faith.OTHER),
        )
        for what, text, allowed in write_ins:
            if text is not None and not allowed:
                raise ValueError(f"a {what} description goes only with an 'other' option")
        return self

    def identifier(self, kind: IdentifierKind) -> str | None:
        """The first identifier of ``kind`` (normalised), or None."""
        return next((i.value for i in self.identifiers if i.kind is kind), None)

    def age_on(self, on: date) -> int | None:
        """Whole years of age on ``on``, or None without a date of birth."""
        return None if self.date_of_birth is None else age_on(self.date_of_birth, on)

    @property
    def display_name(self) -> str:
        """Family name in capitals after the given names ("Jan KOWALSKI"), as custody records do."""
        return " ".join(p for p in (self.given_names, self.family_name.upper()) if p)


# ============================================================================================
# Screenings, answers and flags
# ============================================================================================


def _refuse_bool(value: Any) -> Any:
    # Yes/no questions are choice items with string codes: a bare boolean is always a mistake.
    if isinstance(value, bool):
        raise ValueError("answers are codes or values, never true/false (use 'yes' / 'no')")
    return value


AnswerValue = Annotated[
    StrictStr | StrictInt | float | datetime | date | list[StrictStr],
    BeforeValidator(_refuse_bool),
]
"""An answer: an option code or text (str), a list of option codes (multi-choice), an integer,
a decimal (float), a date or a datetime; the same types as ``screening.checklist.answers.Value``.
In JSON, dates and datetimes come back as strings: turn them back with the item's type
(``checklist.answers.coerce``)."""


class Answer(DomainModel):
    """The current answer to one item of a screening."""

    item_code: Code
    value: AnswerValue
    updated_at: AwareDatetime
    updated_by: UserId

    @field_validator("value")
    @classmethod
    def _answered(cls, value: Any) -> Any:
        # Unanswered means no Answer at all; blank text or an empty selection is not an answer.
        if isinstance(value, str) and not value:
            raise ValueError("a blank answer is no answer: remove the Answer instead")
        if isinstance(value, list) and not value:
            raise ValueError("an empty selection is no answer: remove the Answer instead")
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError("a date and time needs a timezone")
        return value


class FlagReason(DomainModel):
    """Why a flag was raised, in words ("because A8 = yes") and as the items it rests on (so the
    disclosure function can tell whether a reason rests on a confidential answer)."""

    text: NonBlank
    items: tuple[Code, ...] = ()


class RaisedFlag(DomainModel):
    """A flag from the registry that a screening raised, with its reasons."""

    code: Code
    level: FlagLevel
    label: NonBlank
    reasons: tuple[FlagReason, ...] = ()

    @property
    def items(self) -> tuple[str, ...]:
        """Every item any reason rests on, once each, in order."""
        return tuple(dict.fromkeys(code for r in self.reasons for code in r.items))


class Screening(DomainModel):
    """One revision of a screening of a person with one form version.

    Finalisation and sign-off are two different acts by (usually) two different people: the
    author finalises their own screening with their passphrase (``finalised_by``, who is always
    the author at that moment); a supervisor may later sign it off (``signed_off_by``), which
    changes nothing in the record itself.

    Rules (checked here):
      - status draft: no ``completed_at``, ``finalised_at``, ``finalised_by`` or sign-off;
        completed: ``completed_at`` only; finalised: ``completed_at``, ``finalised_at`` and
        ``finalised_by`` (the author), and may carry a sign-off;
      - a sign-off (``signed_off_by`` with ``signed_off_at``) only on a finalised revision, by
        someone other than the user who finalised it, not before it was finalised;
      - started_at <= completed_at <= finalised_at;
      - revision 1 replaces nothing and has no amend reason; a later revision names the revision
        it ``replaces`` and gives an ``amend_reason``;
      - the screening date of revision 1 is the Europe/London date of ``started_at``; an amended
        revision keeps the original screening date, so it may be earlier than its own start;
      - one answer per item, one flag per code.
    """

    id: UUID = Field(default_factory=uuid4)
    person_id: UUID
    form_id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    form_version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    registry_version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]
    status: ScreeningStatus = ScreeningStatus.DRAFT
    author_id: UserId
    """Who the screening belongs to now: the user who started it, or who took it over."""
    started_by: UserId | None = None
    """Who started it (None: the author)."""
    started_at: AwareDatetime
    screening_date: date
    completed_at: AwareDatetime | None = None
    finalised_at: AwareDatetime | None = None
    finalised_by: UserId | None = None
    revision: int = Field(default=1, ge=1)
    replaces: UUID | None = None
    amend_reason: str | None = Field(default=None, max_length=TEXT_MAX_LENGTH)
    signed_off_by: UserId | None = None
    signed_off_at: AwareDatetime | None = None
    sign_off_note: str | None = Field(default=None, max_length=TEXT_MAX_LENGTH)
    updated_at: AwareDatetime | None = None
    answers: tuple[Answer, ...] = ()
    flags: tuple[RaisedFlag, ...] = ()
    scores: dict[Code, int | None] = Field(default_factory=dict)
    """Score id -> value; None while any of its items is unanswered."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        status = self.status
        signed = self.signed_off_by is not None or self.signed_off_at is not None
        if status is ScreeningStatus.DRAFT:
            if self.completed_at or self.finalised_at or self.finalised_by or signed:
                raise ValueError("a draft has no completion, finalisation or sign-off")
        elif status is ScreeningStatus.COMPLETED:
            if self.completed_at is None:
                raise ValueError("a completed screening needs completed_at")
            if self.finalised_at or self.finalised_by or signed:
                raise ValueError("a completed screening is not yet finalised or signed off")
        else:
            if self.completed_at is None or self.finalised_at is None:
                raise ValueError("a finalised screening needs completed_at and finalised_at")
            if self.finalised_by is None:
                raise ValueError("a finalised screening needs the user who finalised it")
            if self.finalised_by != self.author_id:
                raise ValueError("a screening is finalised by its author")
        if signed:
            if self.signed_off_by is None or self.signed_off_at is None:
                raise ValueError("a sign-off needs both who signed off and when")
            if self.signed_off_by == self.finalised_by:
                raise ValueError("a sign-off is by someone other than the user who finalised it")
            _check_order(self.finalised_at, self.signed_off_at, "signed off before it was finalised")
        if self.sign_off_note and not signed:
            raise ValueError("a sign-off note goes only with a sign-off")
        _check_order(self.started_at, self.completed_at, "completed_at is before started_at")
        _check_order(self.completed_at, self.finalised_at, "finalised_at is before completed_at")

        if self.revision == 1:
            if self.replaces is not None or self.amend_reason:
                raise ValueError("the first revision replaces nothing and has no amend reason")
            if self.screening_date != screening_date_for(self.started_at):
                raise ValueError(
                    "the screening date is the Europe/London date the screening was started"
                )
        else:
            if self.replaces is None or not self.amend_reason:
                raise ValueError("an amended revision needs the revision it replaces and a reason")
            if self.replaces == self.id:
                raise ValueError("a revision cannot replace itself")
            if self.screening_date > screening_date_for(self.started_at):
                raise ValueError("the screening date is after the revision was started")

        codes = [a.item_code for a in self.answers]
        if len(codes) != len(set(codes)):
            raise ValueError("an item has two answers")
        flag_codes = [f.code for f in self.flags]
        if len(flag_codes) != len(set(flag_codes)):
            raise ValueError("a flag is raised twice (merge its reasons)")
        return self

    def answer(self, item_code: str) -> Answer | None:
        """The answer to ``item_code``, or None if unanswered."""
        return next((a for a in self.answers if a.item_code == item_code), None)

    def answer_values(self) -> dict[str, Any]:
        """Item code -> value, the shape the forms engine evaluates."""
        return {a.item_code: a.value for a in self.answers}

    def flag(self, code: str) -> RaisedFlag | None:
        """The raised flag ``code``, or None."""
        return next((f for f in self.flags if f.code == code), None)

    @property
    def is_editable(self) -> bool:
        """Only drafts and completed (not yet finalised) screenings change; finalised ones are
        amended by a new revision."""
        return self.status is not ScreeningStatus.FINALISED

    @property
    def is_signed_off(self) -> bool:
        """A supervisor has signed this finalised revision off."""
        return self.signed_off_by is not None


# ============================================================================================
# Users
# ============================================================================================


class User(DomainModel):
    """A station user. Passphrases and key slots are the store's business, not the model's."""

    id: UserId
    display_name: Annotated[NamePart, Field(min_length=1)]
    role: Role
    must_change_passphrase: bool = False
    active: bool = True


# ============================================================================================
# Consent, legal basis and disclosure
# ============================================================================================


class ConsentScope(DomainModel):
    """What a consent covers: whole disclosure classes, and/or single items (by code).

    Kept sorted and without repeats, so equal scopes serialise identically.
    """

    classes: tuple[DisclosureClass, ...] = ()
    items: tuple[Code, ...] = ()

    @field_validator("classes", "items")
    @classmethod
    def _sorted_unique(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(values)))

    @property
    def is_empty(self) -> bool:
        """True when the scope covers nothing."""
        return not self.classes and not self.items

    def covers(self, item_code: str, disclosure_class: DisclosureClass) -> bool:
        """Whether an item with this code and class is within the scope."""
        return disclosure_class in self.classes or item_code in self.items


class Consent(DomainModel):
    """A person's decision about sharing a screening with one recipient.

    Refusals are recorded too (``given`` False). A given consent needs a non-empty scope; it can
    be withdrawn later (``withdrawn_at``), never before it was decided. Whether consent recorded
    without capacity having been considered may be relied on is for the disclosure function; the
    model records what happened.
    """

    id: UUID = Field(default_factory=uuid4)
    screening_id: UUID
    """The revision the decision was recorded on (it holds for the later revisions too)."""
    person_id: UUID | None = None
    recipient: Recipient
    scope: ConsentScope
    decided_at: AwareDatetime
    capacity_considered: bool
    capacity_note: str | None = Field(default=None, max_length=TEXT_MAX_LENGTH)
    given: bool
    recorded_by: UserId | None = None
    withdrawn_at: AwareDatetime | None = None
    withdrawn_by: UserId | None = None
    version: int = Field(default=1, ge=1)
    """1 when recorded, 2 once withdrawn (sync uses it to detect stale updates)."""

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.given and self.scope.is_empty:
            raise ValueError("a consent that is given needs a scope (classes or items)")
        if self.withdrawn_at is not None:
            if not self.given:
                raise ValueError("only a consent that was given can be withdrawn")
            _check_order(self.decided_at, self.withdrawn_at, "withdrawn before it was decided")
        elif self.withdrawn_by is not None:
            raise ValueError("withdrawn_by goes only with withdrawn_at")
        return self

    def in_force(self, at: datetime) -> bool:
        """Given, already decided at ``at`` and not withdrawn by then."""
        if not self.given or at < self.decided_at:
            return False
        return self.withdrawn_at is None or at < self.withdrawn_at

    def permits(self, item_code: str, disclosure_class: DisclosureClass, at: datetime) -> bool:
        """In force at ``at`` and covering the item."""
        return self.in_force(at) and self.scope.covers(item_code, disclosure_class)


class LegalBasis(DomainModel):
    """The lawful basis recorded for a disclosure: a DPA 2018 Schedule 8 paragraph ("1"-"9") or a
    UK GDPR Article 9(2) condition ("a"-"j"), with the purpose in words."""

    kind: LegalBasisKind
    condition: str
    purpose: NonBlank

    @field_validator("condition")
    @classmethod
    def _known_condition(cls, condition: str, info: ValidationInfo) -> str:
        kind = info.data.get("kind")
        if kind is None:
            return condition
        normal = condition.strip().lower()
        if normal not in reference.LEGAL_BASIS_CONDITIONS[kind]:
            known = ", ".join(reference.LEGAL_BASIS_CONDITIONS[kind])
            raise ValueError(f"'{condition}' is not a condition of {kind} (one of {known})")
        return normal

    @property
    def label(self) -> str:
        """The condition in plain words, e.g. "administration of justice"."""
        return reference.LEGAL_BASIS_CONDITIONS[self.kind][self.condition]

    @property
    def citation(self) -> str:
        """E.g. "DPA 2018 Schedule 8, paragraph 2 (administration of justice)"."""
        return reference.legal_basis_citation(self.kind, self.condition)


class RecordedLegalBasis(DomainModel):
    """A legal basis as recorded on the station for releasing (part of) a screening to one
    recipient: who recorded it and, where confidential items are released without consent, the
    second user who signed it off (never the same user)."""

    id: UUID = Field(default_factory=uuid4)
    screening_id: UUID
    recipient: Recipient
    basis: LegalBasis
    recorded_at: AwareDatetime
    recorded_by: UserId
    second_signoff_by: UserId | None = None
    second_signed_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.second_signoff_by is None) != (self.second_signed_at is None):
            raise ValueError("a second sign-off needs both who signed and when")
        if self.second_signoff_by is not None and self.second_signoff_by == self.recorded_by:
            raise ValueError("the second sign-off must be by a different user")
        _check_order(self.recorded_at, self.second_signed_at, "signed off before it was recorded")
        return self


_SHA256 = re.compile(r"[0-9a-f]{64}")


class Disclosure(DomainModel):
    """One release of (part of) a finalised revision to a recipient: a PDF, a shared summary or
    an export. Re-printing makes a new Disclosure with a new ``document_id``.

    Rules: a legal basis or a consent is recorded, except for the person's own copy; a second
    sign-off is by someone other than the discloser; ``pdf_sha256`` is 64 hex digits (lower case)
    when there is a PDF. Whether this disclosure *needed* a second sign-off (a legal basis
    releasing confidential items without consent) is decided by the disclosure function, which
    knows the items' classes.
    """

    id: UUID = Field(default_factory=uuid4)
    revision_id: UUID
    recipient: Recipient
    purpose: NonBlank
    legal_basis: LegalBasis | None = None
    consent_id: UUID | None = None
    disclosed_by: UserId
    second_signoff_by: UserId | None = None
    at: AwareDatetime
    document_id: UUID = Field(default_factory=uuid4)
    pdf_sha256: str | None = None
    items_included: tuple[Code, ...] = ()

    @field_validator("pdf_sha256")
    @classmethod
    def _sha256(cls, value: str | None) -> str | None:
        if value is None:
            return None
        normal = value.lower()
        if not _SHA256.fullmatch(normal):
            raise ValueError("a SHA-256 is 64 hexadecimal digits")
        return normal

    @field_validator("items_included")
    @classmethod
    def _unique_items(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(items))

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (
            self.legal_basis is None
            and self.consent_id is None
            and self.recipient is not Recipient.PERSON
        ):
            raise ValueError("a disclosure records a legal basis or the consent it relies on")
        if self.second_signoff_by is not None and self.second_signoff_by == self.disclosed_by:
            raise ValueError("the second sign-off must be by a different user")
        return self


# ============================================================================================
# Audit
# ============================================================================================


class AuditAction(StrEnum):
    """The audit event names DESIGN.md lists. ``AuditEvent.event`` is a plain string, so a layer
    may log an event not listed here; add it here when it becomes common."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCK = "lock"
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    TAKE_OVER = "take_over"
    COMPLETE = "complete"
    ANSWER_DROPPED = "answer_dropped"
    FINALISE = "finalise"
    SIGN_OFF = "sign_off"
    AMEND = "amend"
    CONSENT = "consent"
    DISCLOSE = "disclose"
    EXPORT = "export"
    SYNC = "sync"
    USER_ADMIN = "user_admin"
    RESTORE = "restore"
    PURGE = "purge"


class AuditEvent(DomainModel):
    """One row of the station's audit log, as the services see it (the hash chain and the old and
    new values table are the store's). ``details`` carries ids, codes and reasons, never names or
    answers; ``user_id`` is None for events with no logged-in user (e.g. a failed login)."""

    seq: int = Field(ge=1)
    at: AwareDatetime
    user_id: Annotated[str, Field(min_length=1, max_length=64)] | None
    """A user id, or the store's marker for the recovery key (``#recovery``)."""
    event: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*$", max_length=64)]
    subject_ids: tuple[str, ...] = ()
    """Ids of what the event concerns (record UUIDs as text, user ids)."""
    details: dict[str, JsonValue] = Field(default_factory=dict)
