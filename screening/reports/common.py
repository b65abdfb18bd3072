"""What the report builders share: the issue details (document id, when, by whom) and the blocks
every disclosure document prints the same way (the person, flags, items, what is withheld, the
legal basis and consent, the screening's provenance).

Everything printed comes from a :class:`~screening.services.disclosure.DisclosureView`: the
builders never see raw answers, and never decide what may be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from screening.domain.enums import DiscloseAs, ItemKind
from screening.reports.document import ReportDocument
from screening.reports.layout import DocumentSpec
from screening.services.disclosure import (
    DisclosureView,
    ItemShown,
    format_date,
    format_datetime,
)


@dataclass(frozen=True)
class Issue:
    """One making of a document: its id (printed on every page), when and by whom it was made,
    and whether the station is a demo station (marked DEMO everywhere)."""

    document_id: str
    made_at: datetime
    made_by: str
    demo: bool = False


def new_document(title: str, issue: Issue, *, lang: str = "en", large_type: bool = False
                 ) -> ReportDocument:
    """An empty document with the page furniture (marking, title, id, page x of y)."""
    shown_title = f"DEMO - {title}" if issue.demo else title
    doc = ReportDocument(DocumentSpec(title=shown_title, document_id=issue.document_id, lang=lang,
                                      large_type=large_type))
    return doc


def demo_banner(doc: ReportDocument, issue: Issue) -> None:
    if issue.demo:
        doc.note("DEMO station: every person in this document is fictional. Do not use it for a "
                 "real case.", title="DEMO")


def person_rows(view: DisclosureView) -> list[tuple[str, str]]:
    person = view.person
    rows = [("Name", person.display_name)]
    if person.date_of_birth is not None:
        dob = format_date(person.date_of_birth)
        rows.append(("Date of birth", dob + (" (age in doubt)" if person.age_in_doubt else "")))
    else:
        rows.append(("Date of birth", "Not known (age in doubt)"))
    rows += list(person.identifiers)
    if person.language:
        rows.append(("Preferred language", person.language))
    if view.recipient.value != "person":
        rows.append(("Interpreter needed", "Yes" if person.interpreter_needed else "No"))
        if person.help_to_read:
            rows.append(("Help to read", "Yes"))
    return rows


def disclosure_rows(view: DisclosureView, issue: Issue) -> list[tuple[str, str]]:
    rows = [("Recipient", view.recipient_label)]
    if view.purpose:
        rows.append(("Purpose", view.purpose))
    rows.append(("Legal basis", view.legal_basis.citation if view.legal_basis else
                 "None recorded" if view.recipient.value != "person" else "The person's own copy"))
    rows += [("Made on", format_datetime(issue.made_at)), ("Made by", issue.made_by),
             ("Document ID", issue.document_id)]
    return rows


def flags_section(doc: ReportDocument, view: DisclosureView, *, heading: str = "Flags") -> None:
    doc.heading(heading, level=2)
    if not view.flags:
        doc.paragraph("No flags were raised.")
        return
    for flag in view.flags:
        doc.flag(level=flag.level, title=flag.label, definition=flag.definition,
                 reasons=[r.text for r in flag.reasons], reasons_label="Why this flag was raised")


def adjustments_section(doc: ReportDocument, view: DisclosureView) -> None:
    if view.adjustments:
        doc.heading("Recommended adjustments", level=2)
        doc.bullets([a.text for a in view.adjustments])


def answer_line(item: ItemShown) -> str:
    """The answer as printed: opinions and observations labelled, derived texts marked."""
    answer = item.answer or ""
    if item.presentation is DiscloseAs.CATEGORY:
        answer += " (shown as a category)"
    elif item.presentation is DiscloseAs.FIXED_TEXT:
        answer += " (standard wording)"
    if item.kind is ItemKind.OPINION:
        return f"Opinion: {answer}"
    if item.kind is ItemKind.OBSERVATION:
        return f"Observation: {answer}"
    return answer


def items_section(doc: ReportDocument, view: DisclosureView, *, heading: str,
                  include_unanswered: bool = False, empty: str = "Nothing to show.") -> None:
    """The items, section by section: the question in bold, the answer under it."""
    doc.heading(heading, level=2)
    items = [i for i in view.items if i.answered or include_unanswered]
    if not items:
        doc.paragraph(empty)
        return
    section = None
    for item in items:
        if item.section != section:
            section = item.section
            doc.heading(section, level=3)
        if item.answered:
            doc.entry(item.question, answer_line(item))
        else:
            doc.entry(item.question,
                      "Did not apply (not asked)" if not item.applies else "Not answered", muted=True)


def scores_section(doc: ReportDocument, view: DisclosureView) -> None:
    if not view.scores:
        return
    doc.heading("Scores", level=2)
    rows = []
    for score in view.scores:
        if score.value is None:
            rows.append((score.label, "Not scored (a question was not answered)"))
            continue
        text = str(score.value)
        if score.band:
            text += f" ({score.band}{', positive screen' if score.positive else ''})"
        rows.append((score.label, text))
    doc.key_values(rows)


def withheld_section(doc: ReportDocument, view: DisclosureView) -> None:
    doc.heading("What is withheld and why", level=2)
    if not view.withheld:
        doc.paragraph(f"Nothing is withheld from {view.recipient_text}.")
        return
    for group in view.withheld:
        doc.note(group.reason, kind="withheld")


def basis_section(doc: ReportDocument, view: DisclosureView) -> None:
    doc.heading("Legal basis and consent", level=2)
    if view.legal_basis_statement:
        doc.paragraph(view.legal_basis_statement)
    elif view.recipient.value == "person":
        doc.paragraph("This is the person's own copy.")
    else:
        doc.paragraph("No legal basis was recorded for this disclosure.")
    for line in view.consent_statement:
        doc.paragraph(line)


def provenance_rows(view: DisclosureView) -> list[tuple[str, str]]:
    rows = [
        ("Form", f"{view.form_title}, version {view.form_version}"),
        ("Flag definitions", f"version {view.registry_version}"),
        ("Screening date", format_date(view.screening_date)),
        ("Screened by", view.author_name),
        ("Finalised", format_datetime(view.finalised_at)),
    ]
    if view.signed_off_name and view.signed_off_at:
        rows.append(("Signed off by", f"{view.signed_off_name}, {format_datetime(view.signed_off_at)}"))
    revision = f"Revision {view.revision}"
    if view.replaces is not None:
        revision += " (an amendment of an earlier revision)"
    if view.amended:
        revision += ". This revision has since been amended: ask for the current one."
    rows.append(("Revision", revision))
    rows.append(("Held by", view.agency))
    return rows


def provenance_section(doc: ReportDocument, view: DisclosureView) -> None:
    doc.heading("About the screening", level=2)
    doc.key_values(provenance_rows(view))
    doc.paragraph(
        "To check that this document is genuine and current, give its document ID to the agency "
        "that issued it: the disclosure log holds a fingerprint (SHA-256) of every document made.",
        small=True, muted=True)
