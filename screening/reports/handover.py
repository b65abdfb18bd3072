"""The custody / escort handover sheet: what the next custody or escort officer needs to keep the
person safe. Disclosable and operational items only: the disclosure function never puts
confidential detail in a handover view, whatever consent says."""

from __future__ import annotations

from screening.reports.common import (
    Issue,
    adjustments_section,
    demo_banner,
    disclosure_rows,
    flags_section,
    items_section,
    new_document,
    person_rows,
    provenance_section,
    withheld_section,
)
from screening.reports.document import ReportDocument
from screening.services.disclosure import DisclosureView, DocumentKind

TITLE = "Custody handover sheet"


def build_handover(view: DisclosureView, issue: Issue) -> ReportDocument:
    """The handover sheet's blocks."""
    if view.document is not DocumentKind.HANDOVER:
        raise ValueError("a handover sheet is made from a view decided for a handover sheet")
    doc = new_document(TITLE, issue)
    doc.heading(f"{TITLE} for {view.recipient_text}")
    demo_banner(doc, issue)
    doc.paragraph("Read this before you take over the person's care. It holds what custody and "
                  "escort staff need; health details stay with the healthcare professional.",
                  muted=True)
    doc.heading("The person", level=2)
    doc.key_values(person_rows(view))
    flags_section(doc, view, heading="Flags: act on these")
    adjustments_section(doc, view)
    items_section(doc, view, heading="Recorded at booking-in",
                  empty="Nothing recorded for handover.")
    withheld_section(doc, view)
    doc.heading("This sheet", level=2)
    doc.key_values(disclosure_rows(view, issue))
    provenance_section(doc, view)
    return doc


def render_handover(view: DisclosureView, issue: Issue, *, invariant: bool = False) -> bytes:
    """The handover sheet as PDF bytes, made in memory."""
    return build_handover(view, issue).to_pdf(invariant=invariant)
