"""Reports: making a disclosable summary for a full custody screening.

- the summary, made the way the app makes it: the disclosure function decides the view for the
  Liaison and Diversion service (health staff: every item of a custody screening with every
  follow-up answered, so the fullest summary), the summary's blocks are laid out and the PDF
  rendered in memory; p95 over repeated makings (target < 150 ms);
- against a bare reportlab document (``SimpleDocTemplate``) holding the same text as the same
  number of paragraphs, in the same fonts (DejaVu Sans regular and bold), with no tables, boxes,
  page furniture, script checks or shaping; ratio of p95s (target <= 2);
- the same as CPU (process) time, which a busy shared machine does not inflate;
- and, as their own figures, the decision alone and the rendering of an already decided view.

The two documents are made alternately, so both see the same machine state.
"""

from __future__ import annotations

import io
import os
import time
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from screening.checklist.loader import FormLibrary
from screening.domain.enums import Recipient
from screening.reports.common import Issue
from screening.reports.document import ReportDocument
from screening.reports.fonts import register_fonts
from screening.reports.summary import build_summary
from screening.reports.text import escape
from screening.services.disclosure import DisclosureView, disclosure_view
from tests.bench.run import ROOT, Options, Result, percentile
from tests.unit.disclosure import support

FULL_CUSTODY: dict[str, Any] = {
    "A1": "1980-05-20", "A1b": "no", "A2": "yes",
    "A3": "Frightened and tired; says they have not slept for two days and wants to see their kids.",
    "A3_observation": ["anxious", "low_or_tearful"], "A4": "yes",
    "A4_details": "Cut to the left hand from a fall on arrest, cleaned by the nurse.", "A5": "yes",
    "A5_which": "Sees a community psychiatric nurse every fortnight.",
    "A6": "Sertraline 100 mg each morning; inhaler when needed.", "A7": "within_month",
    "A7_custody": "yes", "A8": "no", "A9a": "yes", "A9b": "yes",
    "A10": ["adhd", "special_education"], "A11": "yes", "A12": "yes", "A13_language": "pl",
    "A13_interpreter": "yes", "A14": ["confused", "distressed"], "A15_i": "unsure",
    "A15_ii": "yes", "A15_iii": "no", "A16": "yes",
    "A17": "Needs a prayer mat and a female officer for any search.", "A18": "3",
    "A19_referred": ["liaison_diversion", "healthcare_professional"],
    "A19": "2025-03-14T10:05:00+00:00",
}


def _view(library: FormLibrary) -> DisclosureView:
    screening = support.finalised(library, "custody-screen", FULL_CUSTODY)
    return disclosure_view(
        screening=screening, form=library.get("custody-screen"), registry=library.registry,
        person=support.person(), recipient=Recipient.LIAISON_DIVERSION, consents=[],
        legal_basis=None, agency=support.AGENCY, at=support.AT, purpose="Continuity of care")


def _bare(texts: list[tuple[str, bool]]) -> bytes:
    """The same text as plain paragraphs in the same fonts, nothing else."""
    regular = ParagraphStyle("r", fontName="DejaVuSans", fontSize=10.5, leading=15)
    bold = ParagraphStyle("b", parent=regular, fontName="DejaVuSans-Bold")
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [Paragraph(escape(text), bold if is_bold else regular) for text, is_bold in texts])
    return buffer.getvalue()


def _paragraphs(doc: ReportDocument) -> list[tuple[str, bool]]:
    """One (text, bold) per paragraph the summary draws: headings, paragraphs, question and
    answer, each label and value, each part of a flag, each bullet, each note."""
    from screening.reports import document as blocks

    texts: list[tuple[str, bool]] = []
    for block in doc.blocks:
        if isinstance(block, blocks.Heading):
            texts.append((block.text, True))
        elif isinstance(block, blocks.Paragraph):
            texts.append((block.text, block.bold))
        elif isinstance(block, blocks.Entry):
            texts += [(block.label, True), (block.text, False)]
        elif isinstance(block, blocks.KeyValues):
            for label, value in block.rows:
                texts += [(label, True), (value, False)]
        elif isinstance(block, blocks.FlagBlock):
            texts += [(block.level.value.upper(), True), (block.title, True)]
            texts += [(block.definition or "", False)]
            if block.reasons_label:
                texts.append((block.reasons_label, True))
            texts += [(reason, False) for reason in block.reasons]
        elif isinstance(block, blocks.Bullets):
            texts += [(item, False) for item in block.items]
        elif isinstance(block, blocks.Note):
            if block.title:
                texts.append((block.title, True))
            texts.append((block.text, False))
    return texts


def benchmarks(opts: Options) -> list[Result]:
    library = FormLibrary.load(ROOT / "forms")
    register_fonts()
    view = _view(library)
    issue = Issue("BENCH-0001", support.AT, "Bench")
    doc = build_summary(view, issue)
    texts = _paragraphs(doc)

    def make_summary() -> bytes:
        return build_summary(_view(library), issue).to_pdf()

    for _ in range(3):  # warm-up: fonts registered, coverage read, caches filled
        make_summary()
        _bare(texts)
    runs = opts.repeats(60, 20)
    summary_times: list[float] = []
    bare_times: list[float] = []
    summary_cpu: list[float] = []
    bare_cpu: list[float] = []
    decide_times: list[float] = []
    render_times: list[float] = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        make_summary()
        summary_times.append(time.perf_counter() - start)
        summary_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        _bare(texts)
        bare_times.append(time.perf_counter() - start)
        bare_cpu.append(time.process_time() - cpu)
        start = time.perf_counter()
        _view(library)
        decide_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        build_summary(view, issue).to_pdf()
        render_times.append(time.perf_counter() - start)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    p95 = percentile(summary_times, 95) * 1000
    bare_p95 = percentile(bare_times, 95) * 1000
    pages = doc.to_pdf().count(b"/Type /Page\n") or doc.to_pdf().count(b"/Type /Page")
    note = (f"{len(texts)} paragraphs, {pages} pages; median {percentile(summary_times, 50) * 1000:.1f}"
            f" ms vs {percentile(bare_times, 50) * 1000:.1f} ms"
            + ("" if load is None else f"; load average {load:.1f} on {os.cpu_count()} CPUs: "
               "wall time is shared with everything else running"))
    return [
        Result("summary for a full custody screening (p95)", p95, "ms", target=150, note=note),
        Result("summary vs bare reportlab, same paragraphs (p95)", p95, "ms", baseline=bare_p95,
               target=2, applies_to="ratio",
               note="baseline: SimpleDocTemplate, same text and fonts, plain paragraphs"),
        Result("summary, CPU time (p95)", percentile(summary_cpu, 95) * 1000, "ms",
               baseline=percentile(bare_cpu, 95) * 1000, target=150,
               note="process time: what the figures above are on an idle machine"),
        Result("disclosure decision alone (p95)", percentile(decide_times, 95) * 1000, "ms",
               note="disclosure_view for L&D, including the engine run the full record needs"),
        Result("summary rendering of a decided view (p95)", percentile(render_times, 95) * 1000,
               "ms"),
    ]
