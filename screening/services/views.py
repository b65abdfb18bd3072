"""What the services take in and hand back besides the domain models: input for a person record,
search results, a screening's progress, list rows, outbox entries, purge reports.

All frozen pydantic models: the UI, the reports and sync get objects, never database rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, JsonValue

from screening.domain.enums import IdentifierKind, ScreeningStatus
from screening.domain.models import Identifier, Person, RaisedFlag, UserId
from screening.domain.reference import Ethnicity, Faith, GenderIdentity, Sex


class View(BaseModel):
    """Frozen and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


# --- people ------------------------------------------------------------------------------------


class IdentifierEntry(View):
    """An identifier as typed: checked (and put in its stored form) when the person is saved."""

    kind: IdentifierKind
    value: str


class PersonDetails(View):
    """Everything about a person that a user enters, for ``people.create`` and ``people.edit``.

    Checked when saved, with every problem reported at once (``InvalidInputError.problems``).
    """

    given_names: str = ""
    family_name: str = ""
    other_names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    age_in_doubt: bool = False
    identifiers: tuple[IdentifierEntry, ...] = ()
    ethnicity: Ethnicity | None = None
    ethnicity_write_in: str | None = None
    sex: Sex = Sex.NOT_KNOWN
    gender_identity: GenderIdentity | None = None
    gender_identity_write_in: str | None = None
    language: str | None = None
    interpreter_needed: bool = False
    help_to_read: bool = False
    faith: Faith | None = None
    faith_write_in: str | None = None

    @classmethod
    def of(cls, person: Person) -> PersonDetails:
        """The details of an existing record (to edit and save back)."""
        fields = person.model_dump(
            exclude={"id", "created_at", "updated_at", "version", "identifiers"}
        )
        fields["identifiers"] = tuple(
            IdentifierEntry(kind=i.kind, value=i.value) for i in person.identifiers
        )
        return cls.model_validate(fields)


class PersonSummary(View):
    """A person as a search result or a row in a list."""

    id: UUID
    display_name: str
    given_names: str
    family_name: str
    date_of_birth: date | None
    age_in_doubt: bool
    identifiers: tuple[Identifier, ...] = ()
    version: int

    @classmethod
    def of(cls, person: Person) -> PersonSummary:
        """The summary of a full record."""
        return cls(
            id=person.id,
            display_name=person.display_name,
            given_names=person.given_names,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            age_in_doubt=person.age_in_doubt,
            identifiers=person.identifiers,
            version=person.version,
        )


# --- screenings --------------------------------------------------------------------------------


class Progress(View):
    """Where a screening stands after an answer: what to show, what is missing, what it raises.

    ``ignored`` lists answered items that are hidden by their conditions: kept in the draft, never
    counted, dropped when the screening is completed.
    """

    screening_id: UUID
    status: ScreeningStatus
    visible: tuple[str, ...]
    missing_required: tuple[str, ...]
    invalid: dict[str, str] = Field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    declined: tuple[str, ...] = ()
    scores: dict[str, int | None] = Field(default_factory=dict)
    flags: tuple[RaisedFlag, ...] = ()
    saved_at: AwareDatetime | None = None
    """When the answer that produced this was saved (None when nothing was saved)."""

    @property
    def complete(self) -> bool:
        """Every required visible item is answered, and every answer is valid."""
        return not self.missing_required and not self.invalid


class ResumePosition(View):
    """Where a draft was left: a wizard page (a section id of the form, ``#intro`` or ``#review``)
    and the question that last had focus there. Names from the form only, never an answer."""

    page: str | None = None
    item_code: str | None = None


class ScreeningSummary(View):
    """A screening revision as a row in a list (drafts, recent screenings, revisions)."""

    id: UUID
    person_id: UUID
    person_name: str
    form_id: str
    form_version: str
    form_title: str
    status: ScreeningStatus
    revision: int
    replaces: UUID | None
    author_id: UserId
    started_at: AwareDatetime
    updated_at: AwareDatetime
    screening_date: date
    finalised_at: AwareDatetime | None = None
    signed_off_by: UserId | None = None


class PersonAlert(View):
    """A person whose current finalised screening raised at least one alert-level flag."""

    person: PersonSummary
    screening_id: UUID
    form_id: str
    screening_date: date
    flags: tuple[RaisedFlag, ...]


# --- outbox, retention -------------------------------------------------------------------------


class OutboxEntry(View):
    """One row of the outbox: a FHIR resource for the centre, written in the same transaction as
    the change it carries. ``base_version`` is the version a Patient or Consent update was based
    on (None for a first version and for immutable resources)."""

    id: int
    kind: str
    resource_id: str
    resource_version: int
    base_version: int | None
    author_id: UserId
    author_role: str
    payload: dict[str, JsonValue]
    created_at: AwareDatetime
    sealed_at: AwareDatetime | None = None


class PurgeReport(View):
    """What ``retention.purge_expired`` did."""

    retention_days: int | None
    cutoff: datetime | None
    revisions_purged: int = 0
    people_purged: int = 0
    audit_values_purged: int = 0
    waiting_for_centre: int = 0
    """Screenings past retention kept because the centre has not acknowledged all of them."""
    details: dict[str, Any] = Field(default_factory=dict)
