"""A finalised screening revision as the QuestionnaireResponse that syncs.

``export_response`` (response.py) maps the answers; this adds what a revision carries beyond them:
the status (``completed``, or ``amended`` for a later revision), the revision it ``replaces`` and
the reason (FHIR R4 has no ``replaces`` on a QuestionnaireResponse, so a project extension says
it), the revision number, the flag registry version it was evaluated with, the screening date, and
the author.
"""

from __future__ import annotations

from screening.checklist.loader import CompiledForm
from screening.domain.models import Screening
from screening.interop.fhir_common import JSON, fhir_date, validate_resource
from screening.interop.records import (
    EXT_AMEND_REASON,
    EXT_REGISTRY_VERSION,
    EXT_REPLACES,
    EXT_REVISION,
    EXT_SCREENING_DATE,
)
from screening.interop.response import export_response


def export_revision(form: CompiledForm, screening: Screening, *, author: JSON | None = None) -> JSON:
    """QuestionnaireResponse JSON for a finalised (or completed) revision of a screening."""
    authored = screening.finalised_at or screening.completed_at or screening.started_at
    resource = export_response(
        form,
        {a.item_code: a.value for a in screening.answers},
        screening_id=str(screening.id),
        subject_ref=f"Patient/{screening.person_id}",
        authored=authored,
        status="amended" if screening.revision > 1 else "completed",
        on=screening.screening_date,
    )
    extensions: list[JSON] = [
        {"url": EXT_REVISION, "valueInteger": screening.revision},
        {"url": EXT_REGISTRY_VERSION, "valueString": screening.registry_version},
        {"url": EXT_SCREENING_DATE, "valueDate": fhir_date(screening.screening_date)},
    ]
    if screening.replaces is not None:
        extensions.append(
            {
                "url": EXT_REPLACES,
                "valueReference": {"reference": f"QuestionnaireResponse/{screening.replaces}"},
            }
        )
    if screening.amend_reason:
        extensions.append({"url": EXT_AMEND_REASON, "valueString": screening.amend_reason})
    ordered: JSON = {"resourceType": resource["resourceType"]}
    if "id" in resource:
        ordered["id"] = resource["id"]
    ordered["extension"] = extensions
    ordered.update({k: v for k, v in resource.items() if k not in ordered})
    if author is not None:
        ordered["author"] = author
    validate_resource(ordered)
    return ordered
