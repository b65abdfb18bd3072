"""Building finalised revisions without a station, for the disclosure tests.

The answers go through the forms engine exactly as the services do at completion: hidden answers
are dropped, flags and scores computed, and the revision is built as finalised.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from screening.checklist.answers import coerce
from screening.checklist.engine import evaluate
from screening.checklist.loader import CompiledForm, FormLibrary
from screening.domain.enums import IdentifierKind, Recipient
from screening.domain.models import (
    Answer,
    Consent,
    ConsentScope,
    FlagReason,
    Identifier,
    Person,
    RaisedFlag,
    RecordedLegalBasis,
    Screening,
)
from screening.domain.models import LegalBasis as Basis

NAMESPACE = UUID("3d0b6f0e-8d49-4b6b-9c53-1f3c0c7d2a11")
STARTED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
AT = STARTED + timedelta(hours=2)
AGENCY = "Fictional Constabulary"


def person(**changes: Any) -> Person:
    fields: dict[str, Any] = {
        "id": uuid5(NAMESPACE, "person"),
        "given_names": "Jan Piotr",
        "family_name": "Kowalski",
        "date_of_birth": date(1980, 5, 20),
        "identifiers": (
            Identifier(kind=IdentifierKind.PNC_ID, value="2019/0012345G"),
            Identifier(kind=IdentifierKind.NHS_NUMBER, value="943 476 5919"),
            Identifier(kind=IdentifierKind.CUSTODY_RECORD, value="01/123456/25"),
        ),
        "language": "pl",
        "interpreter_needed": True,
        "created_at": STARTED - timedelta(days=1),
        "updated_at": STARTED - timedelta(days=1),
    }
    fields.update(changes)
    return Person.model_validate(fields)


def finalised(library: FormLibrary, form_id: str, answers: Mapping[str, Any], *,
              person_id: UUID | None = None, author: str = "pc1234",
              key: str = "revision") -> Screening:
    """A finalised revision 1 with these answers (hidden ones dropped, as completion does)."""
    form = library.get(form_id)
    typed = {code: coerce(form.items[code], value) for code, value in answers.items()
             if code in form.items}
    on = STARTED.date()
    evaluation = evaluate(form, typed, on=on, registry=library.registry)
    kept = [Answer(item_code=code, value=value, updated_at=STARTED, updated_by=author)
            for code, value in evaluation.answers.items()]
    flags = [
        RaisedFlag(code=f.code, level=f.level, label=f.code,
                   reasons=tuple(FlagReason(text=r.text, items=r.items) for r in f.reasons))
        for f in evaluation.flags
    ]
    return Screening(
        id=uuid5(NAMESPACE, key),
        person_id=person_id or uuid5(NAMESPACE, "person"),
        form_id=form.id,
        form_version=form.version,
        registry_version=library.registry.version,
        status="finalised",
        author_id=author,
        started_at=STARTED,
        screening_date=on,
        completed_at=STARTED + timedelta(minutes=20),
        finalised_at=STARTED + timedelta(minutes=25),
        finalised_by=author,
        answers=tuple(kept),
        flags=tuple(flags),
        scores=dict(evaluation.scores),
    )


def consent(screening: Screening, recipient: Recipient, *, classes: tuple[str, ...] = (),
            items: tuple[str, ...] = (), given: bool = True, capacity: bool = True,
            withdrawn: bool = False, decided: datetime | None = None) -> Consent:
    decided_at = decided or STARTED + timedelta(minutes=10)
    return Consent(
        id=uuid5(NAMESPACE, f"consent/{recipient}/{classes}/{items}/{given}/{capacity}/{withdrawn}"
                             f"/{decided_at.isoformat()}"),
        screening_id=screening.id,
        person_id=screening.person_id,
        recipient=recipient,
        scope=ConsentScope(classes=classes, items=items),  # type: ignore[arg-type]
        decided_at=decided_at,
        capacity_considered=capacity,
        given=given,
        recorded_by="pc1234",
        withdrawn_at=decided_at + timedelta(minutes=30) if withdrawn else None,
        withdrawn_by="pc1234" if withdrawn else None,
        version=2 if withdrawn else 1,
    )


def legal_basis(screening: Screening, recipient: Recipient, *, signed: bool,
                kind: str = "dpa2018_sch8", condition: str = "2") -> RecordedLegalBasis:
    return RecordedLegalBasis(
        id=uuid5(NAMESPACE, f"basis/{recipient}/{signed}"),
        screening_id=screening.id,
        recipient=recipient,
        basis=Basis(kind=kind, condition=condition, purpose="Case file for the first hearing"),  # type: ignore[arg-type]
        recorded_at=AT - timedelta(minutes=5),
        recorded_by="pc1234",
        second_signoff_by="ps1" if signed else None,
        second_signed_at=AT - timedelta(minutes=4) if signed else None,
    )


def form_of(library: FormLibrary, form_id: str) -> CompiledForm:
    return library.get(form_id)
