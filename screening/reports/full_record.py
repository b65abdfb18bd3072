"""The full record, for health staff (Liaison and Diversion, prison healthcare): every item as
answered (and which did not apply), scores with their bands, declined questions, every revision
with its amend reason, and the consent and legal basis on record.

Made only from a view the disclosure function decided as a full record (it refuses one for anyone
else, or when the person refused to share with that service)."""

from __future__ import annotations

from screening.reports.common import (
    Issue,
    basis_section,
    demo_banner,
    disclosure_rows,
    flags_section,
    items_section,
    new_document,
    person_rows,
    provenance_section,
    scores_section,
)
from screening.reports.document import ReportDocument
from screening.services.disclosure import DisclosureView, DocumentKind, format_datetime

TITLE = "Full record (health staff)"


def build_full_record(view: DisclosureView, issue: Issue) -> ReportDocument:
    """The full record's blocks."""
    if view.document is not DocumentKind.FULL_RECORD or not view.full_record:
        raise ValueError("a full record is made only from a full-record view")
    doc = new_document(TITLE, issue)
    doc.heading(TITLE)
    demo_banner(doc, issue)
    doc.paragraph(f"Every answer of this {view.form_title.lower()}, for {view.recipient_text}. "
                  "It holds health information: keep it within the health record.", muted=True)
    doc.key_values(disclosure_rows(view, issue))
    doc.heading("The person", level=2)
    doc.key_values(person_rows(view))
    flags_section(doc, view)
    scores_section(doc, view)
    doc.heading("Declined questions", level=2)
    if view.declined:
        doc.paragraph("The person chose not to answer these. Act on what you observe.")
        doc.bullets(list(view.declined))
    else:
        doc.paragraph("None.")
    items_section(doc, view, heading="Every question", include_unanswered=True)
    doc.heading("Revisions", level=2)
    rows = []
    for note in view.revisions:
        when = format_datetime(note.finalised_at) if note.finalised_at else "not finalised"
        text = f"{when}, by {note.finalised_by or 'not finalised'}"
        if note.amend_reason:
            text += f". Reason for amending: {note.amend_reason}"
        current = " (this document)" if note.id == view.revision_id else ""
        rows.append((f"Revision {note.revision}{current}", text))
    doc.key_values(rows or [(f"Revision {view.revision}", format_datetime(view.finalised_at))])
    basis_section(doc, view)
    provenance_section(doc, view)
    return doc


def render_full_record(view: DisclosureView, issue: Issue, *, invariant: bool = False) -> bytes:
    """The full record as PDF bytes, made in memory."""
    return build_full_record(view, issue).to_pdf(invariant=invariant)
