"""Making a document of any kind from a view: the blocks (for a preview or a printout) and the
bytes (PDF, or UTF-8 text for the PSR section), all in memory."""

from __future__ import annotations

from dataclasses import dataclass

from screening.reports.common import Issue
from screening.reports.document import ReportDocument
from screening.reports.easy_read import build_easy_read
from screening.reports.full_record import build_full_record
from screening.reports.handover import build_handover
from screening.reports.psr import build_psr_section
from screening.reports.summary import build_summary
from screening.services.disclosure import DisclosureView, DocumentKind

PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class RenderedDocument:
    """A made document: its bytes, their media type and the kind of document in words (no name:
    this may become a file name or PDF metadata)."""

    content: bytes
    media_type: str
    title: str

    @property
    def is_pdf(self) -> bool:
        return self.media_type == PDF


_BUILDERS = {
    DocumentKind.SUMMARY: build_summary,
    DocumentKind.HANDOVER: build_handover,
    DocumentKind.FULL_RECORD: build_full_record,
    DocumentKind.EASY_READ: build_easy_read,
    DocumentKind.PSR_SECTION: build_psr_section,
}


def build_document(view: DisclosureView, issue: Issue) -> ReportDocument:
    """The blocks of the document the view was decided for."""
    return _BUILDERS[view.document](view, issue)


def render_document(view: DisclosureView, issue: Issue, *, invariant: bool = False
                    ) -> RenderedDocument:
    """The document the view was decided for, as bytes: a PDF, or for the PSR section UTF-8 text."""
    doc = build_document(view, issue)
    if view.document is DocumentKind.PSR_SECTION:
        return RenderedDocument(doc.to_text().encode("utf-8"), TEXT, doc.spec.title)
    return RenderedDocument(doc.to_pdf(invariant=invariant), PDF, doc.spec.title)
