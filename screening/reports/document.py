"""A document as a list of blocks, so the same content becomes a PDF, plain text or HTML.

The report builders (:mod:`~screening.reports.summary`, :mod:`~screening.reports.handover`, ...)
describe a document once, as blocks, with the same calls :class:`~screening.reports.layout.
DocumentBuilder` takes. Then:

* :meth:`ReportDocument.to_pdf` replays the blocks into a ``DocumentBuilder`` (the PDF: in memory);
* :meth:`ReportDocument.to_text` gives plain text (the PSR section);
* :meth:`ReportDocument.to_html` gives simple HTML (the disclose dialog's text view of a document,
  beside the PDF's own pages, for screen readers).

So the text of a document can never say more, or less, than the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Literal

from screening.domain.enums import FlagLevel
from screening.reports.layout import LEVEL_STYLES, DocumentBuilder, DocumentSpec


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    muted: bool = False
    small: bool = False


@dataclass(frozen=True)
class Entry:
    label: str
    text: str
    muted: bool = False


@dataclass(frozen=True)
class KeyValues:
    rows: tuple[tuple[str, str], ...]
    label_share: float = 0.34


@dataclass(frozen=True)
class FlagBlock:
    level: FlagLevel
    title: str
    definition: str | None
    reasons: tuple[str, ...]
    reasons_label: str | None = None
    level_word: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    text: str
    title: str | None = None
    kind: Literal["note", "withheld"] = "note"


@dataclass(frozen=True)
class PageBreak:
    unless_space: float | None = None


Block = Heading | Paragraph | Entry | KeyValues | FlagBlock | Bullets | Note | PageBreak


@dataclass
class ReportDocument:
    """The blocks of one document and its page furniture (``spec``)."""

    spec: DocumentSpec
    blocks: list[Block] = field(default_factory=list)

    # -- building (the DocumentBuilder calls) -----------------------------------------------------

    def heading(self, text: str, *, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def paragraph(self, text: str, *, bold: bool = False, muted: bool = False,
                  small: bool = False) -> None:
        self.blocks.append(Paragraph(text, bold, muted, small))

    def entry(self, label: str, text: str, *, muted: bool = False) -> None:
        self.blocks.append(Entry(label, text, muted))

    def key_values(self, rows: Sequence[tuple[str, str]], *, label_share: float = 0.34) -> None:
        if rows:
            self.blocks.append(KeyValues(tuple(rows), label_share))

    def flag(self, *, level: FlagLevel, title: str, definition: str | None = None,
             reasons: Sequence[str] = (), reasons_label: str | None = None,
             level_word: str | None = None) -> None:
        self.blocks.append(FlagBlock(level, title, definition, tuple(reasons), reasons_label,
                                     level_word))

    def bullets(self, items: Sequence[str]) -> None:
        if items:
            self.blocks.append(Bullets(tuple(items)))

    def note(self, text: str, *, title: str | None = None,
             kind: Literal["note", "withheld"] = "note") -> None:
        self.blocks.append(Note(text, title, kind))

    def page_break(self, *, unless_space: float | None = None) -> None:
        self.blocks.append(PageBreak(unless_space))

    # -- output -----------------------------------------------------------------------------------

    def to_pdf(self, *, invariant: bool = False) -> bytes:
        """The PDF, rendered in memory (nothing is written anywhere)."""
        builder = DocumentBuilder(self.spec)
        for block in self.blocks:
            if isinstance(block, Heading):
                builder.heading(block.text, level=block.level)
            elif isinstance(block, Paragraph):
                builder.paragraph(block.text, bold=block.bold, muted=block.muted, small=block.small)
            elif isinstance(block, Entry):
                builder.entry(block.label, block.text, muted=block.muted)
            elif isinstance(block, KeyValues):
                builder.key_values(block.rows, label_share=block.label_share)
            elif isinstance(block, FlagBlock):
                builder.flag(level=block.level, title=block.title, definition=block.definition,
                             reasons=block.reasons, reasons_label=block.reasons_label,
                             level_word=block.level_word)
            elif isinstance(block, Bullets):
                builder.bullets(block.items)
            elif isinstance(block, Note):
                builder.note(block.text, title=block.title, kind=block.kind)
            else:
                builder.page_break(unless_space=block.unless_space)
        return builder.build(invariant=invariant)

    def to_text(self, *, furniture: bool = True) -> str:
        """Plain text: headings underlined, label / value rows as "Label: value", flags with their
        level word, bullets as "- ". With ``furniture`` the marking and document id head and end
        the text, as on every page of the PDF."""
        lines: list[str] = []
        spec = self.spec
        if furniture:
            lines += [spec.marking, f"{spec.title} - {spec.label('document')} {spec.document_id}",
                      ""]
        for block in self.blocks:
            if isinstance(block, Heading):
                underline = "=" if block.level == 1 else "-"
                if block.level < 3:
                    lines += [block.text, underline * min(len(block.text), 80)]
                else:
                    lines.append(block.text)
            elif isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Entry):
                lines += [block.label, block.text]
            elif isinstance(block, KeyValues):
                lines += [f"{label}: {value.strip() or '-'}" for label, value in block.rows]
            elif isinstance(block, FlagBlock):
                word = block.level_word or LEVEL_STYLES[block.level].word
                lines.append(f"[{word}] {block.title}")
                if block.definition:
                    lines.append(block.definition)
                if block.reasons_label and block.reasons:
                    lines.append(block.reasons_label)
                lines += [f"- {reason}" for reason in block.reasons]
            elif isinstance(block, Bullets):
                lines += [f"- {item}" for item in block.items]
            elif isinstance(block, Note):
                if block.title:
                    lines.append(block.title)
                lines.append(block.text)
            else:
                continue
            lines.append("")
        if furniture:
            lines += [spec.marking]
        return "\n".join(lines).rstrip() + "\n"

    def to_html(self) -> str:
        """Simple HTML of the body (the page furniture is the printer's job): headings, paragraphs,
        tables, flag boxes with the level as a word, lists and notes."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading):
                level = min(block.level, 3)
                parts.append(f"<h{level}>{_html(block.text)}</h{level}>")
            elif isinstance(block, Paragraph):
                text = _html(block.text)
                if block.bold:
                    text = f"<b>{text}</b>"
                style = ' style="color:#505a5f"' if block.muted else ""
                if block.small:
                    text = f"<small>{text}</small>"
                parts.append(f"<p{style}>{text}</p>")
            elif isinstance(block, Entry):
                style = ' style="color:#505a5f"' if block.muted else ""
                parts.append(f"<p><b>{_html(block.label)}</b><br/><span{style}>{_html(block.text)}"
                             "</span></p>")
            elif isinstance(block, KeyValues):
                rows = "".join(
                    f'<tr><td width="34%"><b>{_html(label)}</b></td><td>{_html(value) or "–"}</td></tr>'
                    for label, value in block.rows)
                parts.append(f'<table cellspacing="0" cellpadding="4" width="100%">{rows}</table>')
            elif isinstance(block, FlagBlock):
                look = LEVEL_STYLES[block.level]
                word = block.level_word or look.word
                inner = (f'<p><span style="background-color:{look.badge.hexval().replace("0x", "#")};'
                         f'color:{look.badge_text.hexval().replace("0x", "#")}"><b>&nbsp;{_html(word)}'
                         f"&nbsp;</b></span> <b>{_html(block.title)}</b></p>")
                if block.definition:
                    inner += f"<p>{_html(block.definition)}</p>"
                if block.reasons_label and block.reasons:
                    inner += f"<p><b>{_html(block.reasons_label)}</b></p>"
                if block.reasons:
                    inner += "<ul>" + "".join(f"<li>{_html(r)}</li>" for r in block.reasons) + "</ul>"
                parts.append(
                    '<table width="100%" cellpadding="8" cellspacing="0" '
                    f'style="background-color:{look.tint.hexval().replace("0x", "#")};'
                    f'border-left:5px solid {look.badge.hexval().replace("0x", "#")}">'
                    f"<tr><td>{inner}</td></tr></table><p></p>")
            elif isinstance(block, Bullets):
                parts.append("<ul>" + "".join(f"<li>{_html(i)}</li>" for i in block.items) + "</ul>")
            elif isinstance(block, Note):
                fill = "#f3f2f1" if block.kind == "withheld" else "#ffffff"
                title = f"<p><b>{_html(block.title)}</b></p>" if block.title else ""
                parts.append(f'<table width="100%" cellpadding="8" style="background-color:{fill}">'
                             f"<tr><td>{title}<p>{_html(block.text)}</p></td></tr></table><p></p>")
        return "\n".join(parts)


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br/>")
