"""The disclosable summary: what one recipient may see of one finalised screening, and why.

Built from a :class:`~screening.services.disclosure.DisclosureView` only. Every page carries the
protective marking OFFICIAL-SENSITIVE, the document id and "Page x of y" (the layout's furniture).
"""

from __future__ import annotations

from screening.reports.common import (
    Issue,
    adjustments_section,
    basis_section,
    demo_banner,
    disclosure_rows,
    flags_section,
    items_section,
    new_document,
    person_rows,
    provenance_section,
    scores_section,
    withheld_section,
)
from screening.reports.document import ReportDocument
from screening.services.disclosure import DisclosureView, DocumentKind

TITLE = "Disclosable summary"


def build_summary(view: DisclosureView, issue: Issue) -> ReportDocument:
    """The summary's blocks (see :meth:`ReportDocument.to_pdf`, ``to_text``, ``to_html``)."""
    if view.document is not DocumentKind.SUMMARY:
        raise ValueError("a summary is made from a view decided for a summary")
    doc = new_document(TITLE, issue)
    doc.heading(f"{TITLE} for {view.recipient_text}")
    demo_banner(doc, issue)
    doc.paragraph(
        f"This summary of a {view.form_title.lower()} holds only what "
        f"{view.recipient_text} may see, and says why. Health information is shared only with the "
        "person's consent or on a recorded legal basis. Do not pass it on without checking that "
        "the next recipient may see it.", muted=True)
    doc.key_values(disclosure_rows(view, issue))
    doc.heading("The person", level=2)
    doc.key_values(person_rows(view))
    flags_section(doc, view)
    adjustments_section(doc, view)
    items_section(doc, view, heading="What was recorded",
                  empty="No answers may be shown to this recipient.")
    scores_section(doc, view)
    withheld_section(doc, view)
    basis_section(doc, view)
    provenance_section(doc, view)
    return doc


def render_summary(view: DisclosureView, issue: Issue, *, invariant: bool = False) -> bytes:
    """The summary as PDF bytes, made in memory."""
    return build_summary(view, issue).to_pdf(invariant=invariant)
