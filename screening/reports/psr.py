"""The pre-sentence report section on mental health and neurodiversity, as plain text to paste into
the report. Made from the view the disclosure function decided for the court or probation: it
says no more than a disclosable summary for them would."""

from __future__ import annotations

from screening.domain.enums import FlagLevel
from screening.reports.common import Issue, answer_line, new_document
from screening.reports.document import ReportDocument
from screening.services.disclosure import DisclosureView, DocumentKind, format_date

TITLE = "Pre-sentence report: mental health and neurodiversity"


def build_psr_section(view: DisclosureView, issue: Issue) -> ReportDocument:
    """The section's blocks (plain wording; :meth:`ReportDocument.to_text` gives the text)."""
    if view.document is not DocumentKind.PSR_SECTION:
        raise ValueError("a PSR section is made from a view decided for a PSR section")
    doc = new_document(TITLE, issue)
    doc.heading("Mental health and neurodiversity", level=2)
    doc.paragraph(
        f"Source: {view.form_title} (version {view.form_version}), completed on "
        f"{format_date(view.screening_date)} by {view.author_name}, {view.agency}. "
        "Facts, observations and opinions are labelled as such.")
    if view.flags:
        doc.paragraph("Identified needs:")
        doc.bullets([f"{flag.label} ({_level(flag.level)}): {flag.definition}"
                     for flag in view.flags])
    else:
        doc.paragraph("No needs were flagged by the screening.")
    if view.adjustments:
        doc.paragraph("Adjustments recommended:")
        doc.bullets([a.text for a in view.adjustments])
    answered = [i for i in view.items if i.answered]
    section = None
    for item in answered:
        if item.section != section:
            section = item.section
            doc.paragraph(f"{section}:")
        doc.paragraph(f"{item.question} {answer_line(item)}"
                      if item.question.endswith(("?", ":")) else f"{item.question}: {answer_line(item)}")
    for group in view.withheld:
        doc.paragraph(group.reason)
    if view.legal_basis_statement:
        doc.paragraph(f"Legal basis: {view.legal_basis_statement}")
    for line in view.consent_statement:
        doc.paragraph(line)
    doc.paragraph(f"Document ID {issue.document_id} (disclosure log of {view.agency}).")
    return doc


def psr_text(view: DisclosureView, issue: Issue) -> str:
    """The section as plain text, marked OFFICIAL-SENSITIVE at the start and end."""
    return build_psr_section(view, issue).to_text()


def _level(level: FlagLevel) -> str:
    return level.value
