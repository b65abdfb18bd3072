"""Everything a screening's page needs, loaded in one operation on the database worker.

``open_screening`` runs inside ``gateway.call``: it reads the revision (audited as a view), the
person, the exact form version and flag registry it was taken with, where a draft was left, the
consent decisions, the revision chain, and what the user may do with it. For the author's own
draft it also makes the ``ServicesAnswerSink`` there, on the worker, where it will be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from screening.checklist.loader import CompiledForm
from screening.checklist.model import FlagRegistry
from screening.domain.enums import Role, ScreeningStatus
from screening.domain.models import Consent, Person, Screening
from screening.services.core import Services
from screening.services.settings import UserPreferences
from screening.services.views import ResumePosition
from screening.ui.sink import ServicesAnswerSink


@dataclass(frozen=True)
class OpenedScreening:
    screening: Screening
    person: Person
    form: CompiledForm
    registry: FlagRegistry
    position: ResumePosition
    consents: tuple[Consent, ...]
    revisions: tuple[Screening, ...]
    user_id: str
    role: Role
    preferences: UserPreferences
    sink: ServicesAnswerSink | None
    """Set for the user's own draft (or completed, not finalised) screening."""
    may_amend: bool
    may_sign_off: bool
    may_take_over: bool

    @property
    def editable(self) -> bool:
        return self.sink is not None

    @property
    def replaced_by(self) -> Screening | None:
        return next((r for r in self.revisions if r.replaces == self.screening.id), None)

    @property
    def latest(self) -> Screening:
        return self.revisions[-1] if self.revisions else self.screening


def open_screening(services: Services, screening_id: UUID) -> OpenedScreening:
    """Runs on the database worker."""
    screenings = services.screenings
    screening = screenings.get(screening_id=screening_id)
    form = screenings.form_of(screening_id=screening_id)
    person = services.people.get(person_id=screening.person_id)
    revisions = tuple(screenings.revisions(screening_id=screening_id))
    consents = tuple(services.consents.for_screening(screening_id=screening_id))
    user_id, role = services.user_id, services.role
    finalised = screening.status is ScreeningStatus.FINALISED
    mine = screening.author_id == user_id
    position = ResumePosition()
    sink: ServicesAnswerSink | None = None
    if not finalised and mine:
        position = screenings.resume_position(screening_id=screening_id)
        sink = ServicesAnswerSink(services, screening_id)
    startable = {f.id for f in screenings.startable_forms()}
    replaced = any(r.replaces == screening.id for r in revisions)
    return OpenedScreening(
        screening=screening,
        person=person,
        form=form,
        registry=services.library.registry,
        position=position,
        consents=consents,
        revisions=revisions,
        user_id=user_id,
        role=role,
        preferences=services.settings.preferences(),
        sink=sink,
        may_amend=finalised and not replaced and screening.form_id in startable,
        may_sign_off=(finalised and role is Role.SUPERVISOR and screening.finalised_by != user_id
                      and screening.signed_off_by is None),
        may_take_over=(not finalised and not mine
                       and any(d.id == screening.id for d in screenings.drafts_to_take_over())),
    )
