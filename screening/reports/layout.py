"""A small toolkit for the documents: A4 pages with the protective marking, the document id and
"Page x of y" on every page, and calm, plain building blocks (headings, paragraphs, label / value
tables, flag blocks, bulleted lists, note and withheld boxes).

Documents are rendered to bytes in memory and never touch the disk here; the caller writes the bytes
where the user chose (:func:`screening.reports.output.write_atomic`).

Every string goes through :func:`screening.reports.text.shape` and
:func:`screening.reports.fonts.font_runs`, so a name in Latin, Arabic, Urdu or Chinese script is set
in a font that has its glyphs, joined and ordered correctly. Right-to-left paragraphs are broken into
lines in logical order and each line is ordered on its own, so a long Arabic text reads top to bottom.

The styling follows gov.uk / NHS documents: one typeface, black text, a clear hierarchy of bold
headings, generous spacing, thin grey rules, colour only ever next to a word that says the same.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import _listWrapOn

from screening.domain.enums import FlagLevel
from screening.reports.fonts import font_runs, primary_font, register_fonts
from screening.reports.text import Direction, base_direction, escape, has_rtl, markup, normalise, shape

MARKING = "OFFICIAL-SENSITIVE"

# Streams are compressed but not also ASCII85-encoded: smaller files, and the pure-Python encoder
# was a fifth of the time a summary took to make.
rl_config.useA85 = 0

# The gov.uk palette: text, secondary text, borders, light fill.
INK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
FILL = colors.HexColor("#f3f2f1")
BRAND = colors.HexColor("#005eb8")


@dataclass(frozen=True)
class LevelStyle:
    """How a flag level looks: the word always shown, the badge colours, the bar and the tint."""

    word: str
    badge: colors.Color
    badge_text: colors.Color
    tint: colors.Color


LEVEL_STYLES: dict[FlagLevel, LevelStyle] = {
    FlagLevel.INFO: LevelStyle("INFO", colors.HexColor("#1d70b8"), colors.white,
                               colors.HexColor("#eef4fa")),
    FlagLevel.ATTENTION: LevelStyle("ATTENTION", colors.HexColor("#ffdd00"), INK,
                                    colors.HexColor("#fffbe0")),
    FlagLevel.WARNING: LevelStyle("WARNING", colors.HexColor("#f47738"), INK,
                                  colors.HexColor("#fef1ea")),
    FlagLevel.ALERT: LevelStyle("ALERT", colors.HexColor("#d4351c"), colors.white,
                                colors.HexColor("#fbeceb")),
}

# Page furniture in the languages documents are made in; others fall back to English.
# The protective marking itself is never translated.
_LABELS: dict[str, dict[str, str]] = {
    "en": {"page": "Page {page} of {pages}", "document": "Document ID"},
    "cy": {"page": "Tudalen {page} o {pages}", "document": "Rhif y ddogfen"},
}


@dataclass(frozen=True)
class DocumentSpec:
    """What a document is, for its page furniture and its PDF metadata.

    ``title`` names the kind of document ("Disclosable summary"), never a person: it is written to
    the PDF's metadata, which travels with the file. ``document_id`` is printed on every page and
    written to the metadata subject. ``lang`` is a BCP 47 tag ("en", "cy"); it sets the PDF's
    language and the language of "Page x of y". ``large_type`` gives the easy-read sizes (16 pt
    body).
    """

    title: str
    document_id: str
    marking: str = MARKING
    lang: str = "en"
    large_type: bool = False

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ValueError("a document needs a title (the kind of document, not a name)")
        if not self.document_id.strip():
            raise ValueError("a document needs a document id")
        if not self.marking.strip():
            raise ValueError("a document needs a protective marking")

    def label(self, key: str) -> str:
        """A page-furniture label in the document's language (English if not translated)."""
        language = self.lang.split("-", 1)[0].lower()
        return _LABELS.get(language, _LABELS["en"])[key]


@dataclass(frozen=True)
class Theme:
    """Sizes in points for one type scale."""

    body: float
    leading: float
    small: float
    h1: float
    h2: float
    h3: float
    furniture: float
    gap: float  # space between blocks


STANDARD = Theme(body=10.5, leading=15, small=9, h1=19, h2=14, h3=11.5, furniture=8.5, gap=9)
LARGE = Theme(body=16, leading=23, small=13.5, h1=27, h2=21, h3=17.5, furniture=10.5, gap=14)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X


@dataclass
class _Styles:
    theme: Theme
    body: ParagraphStyle = field(init=False)
    small: ParagraphStyle = field(init=False)
    muted: ParagraphStyle = field(init=False)
    label: ParagraphStyle = field(init=False)
    entry_label: ParagraphStyle = field(init=False)
    headings: dict[int, ParagraphStyle] = field(init=False)

    def __post_init__(self) -> None:
        t = self.theme
        regular, bold = primary_font(False), primary_font(True)
        self.body = ParagraphStyle("body", fontName=regular, fontSize=t.body, leading=t.leading,
                                   textColor=INK, spaceAfter=t.gap * 0.8)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=t.small,
                                    leading=t.small * 1.4, spaceAfter=0)
        self.muted = ParagraphStyle("muted", parent=self.body, textColor=MUTED)
        self.label = ParagraphStyle("label", parent=self.body, fontName=bold, spaceAfter=0)
        self.entry_label = ParagraphStyle("entry-label", parent=self.body, spaceAfter=2)
        self.headings = {
            1: ParagraphStyle("h1", parent=self.body, fontName=bold, fontSize=t.h1,
                              leading=t.h1 * 1.25, spaceBefore=0, spaceAfter=t.gap * 1.2,
                              keepWithNext=1),
            2: ParagraphStyle("h2", parent=self.body, fontName=bold, fontSize=t.h2,
                              leading=t.h2 * 1.3, spaceBefore=t.gap * 1.6, spaceAfter=t.gap * 0.6,
                              keepWithNext=1),
            3: ParagraphStyle("h3", parent=self.body, fontName=bold, fontSize=t.h3,
                              leading=t.h3 * 1.35, spaceBefore=t.gap, spaceAfter=t.gap * 0.4,
                              keepWithNext=1),
        }


def _is_cjk(char: str) -> bool:
    point = ord(char)
    return (0x3040 <= point <= 0x30FF or 0x3400 <= point <= 0x9FFF or 0xAC00 <= point <= 0xD7AF
            or 0xF900 <= point <= 0xFAFF or 0x20000 <= point <= 0x2FFFF)


def _text_width(drawn: str, size: float, bold: bool) -> float:
    """Width in points of already shaped text, set with the fonts :func:`font_runs` picks."""
    return float(sum(stringWidth(run, font, size) for font, run in font_runs(drawn, bold=bold)))


def _paragraph(text: str, style: ParagraphStyle, *, bold: bool = False, align_rtl: bool = True) -> Flowable:
    """A Paragraph for any text: fonts per run, RTL text shaped line by line, CJK text breakable.

    ``align_rtl`` right-aligns a paragraph whose direction is right to left (off for table values,
    which line up with the other values of their column).
    """
    if has_rtl(text):
        return _DirectionalParagraph(text, style, bold=bold, align_rtl=align_rtl)
    if text and max(text) >= "\u3040" and any(_is_cjk(char) for char in text):
        style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    runs = font_runs(normalise(text), bold=bold)
    if len(runs) == 1 and runs[0][0] == primary_font(bold):
        # The common case: one font for the whole text. Set it on the style instead of wrapping
        # the text in <font> tags, which reportlab would parse for every paragraph.
        if style.fontName != runs[0][0]:
            style = _with_font(style, runs[0][0])
        drawn = runs[0][1]
        frags = _plain_frags(drawn, style)
        if frags is not None:
            return _Paragraph(" ".join(drawn.split()), style, frags=frags)
        return _Paragraph("<br/>".join(escape(line) for line in drawn.split("\n")), style)
    return _Paragraph(markup(text, bold=bold), style)


class _Paragraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph that remembers its last line breaking.

    Tables measure each cell when they size their rows and again when they draw them, and blocks
    kept together are measured before they are placed: the same paragraph is asked for the same
    width two or three times, and breaking it into lines was the largest single cost of a summary.
    The result depends only on the width (the text and style never change after construction),
    so a repeated width returns the remembered size and lines.
    """

    _wrapped: tuple[float, Any, float, float] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        memo = self._wrapped
        # Valid only while the lines made are still in place (splitting drops them).
        if memo is not None and memo[0] == avail_width and self.__dict__.get("blPara") is memo[1]:
            self.width, self.height = memo[2], memo[3]
            return memo[2], memo[3]
        width, height = super().wrap(avail_width, avail_height)
        lines = self.__dict__.get("blPara")
        self._wrapped = None if lines is None else (avail_width, lines, width, height)
        return width, height


_PLAIN_MARKUP = frozenset("&<>\n")
_FRAG_TEMPLATES: dict[tuple[str, float, str], Any] = {}


def _plain_frags(text: str, style: ParagraphStyle) -> list[Any] | None:
    """The fragments reportlab's markup parser would make for ``text``, without running it.

    For one line of text with no markup characters the parser makes a single fragment that carries
    the style's font, size and colour and the text with its white space collapsed. It is slow
    (an HTML parser per paragraph), so such a fragment is copied from one parsed once per font, size
    and colour. Anything else (line breaks, ``&``, ``<``, ``>``, a text transform) returns None:
    the parser does it.
    """
    if not text.strip() or not _PLAIN_MARKUP.isdisjoint(text) or getattr(style, "textTransform",
                                                                            None):
        return None
    key = (str(style.fontName), float(style.fontSize), repr(style.textColor))
    template = _FRAG_TEMPLATES.get(key)
    if template is None:
        parsed = Paragraph("x", style).frags
        if len(parsed) != 1:
            return None
        template = _FRAG_TEMPLATES[key] = parsed[0]
    frag = template.clone(text=" ".join(text.split()), link=[], us_lines=[])
    return [frag]


_FONT_STYLES: dict[tuple[int, str], ParagraphStyle] = {}


def _with_font(style: ParagraphStyle, font: str) -> ParagraphStyle:
    key = (id(style), font)
    found = _FONT_STYLES.get(key)
    if found is None or found.parent is not style:
        found = _FONT_STYLES[key] = ParagraphStyle(f"{style.name}-{font}", parent=style, fontName=font)
    return found


class _DirectionalParagraph(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph containing right-to-left text.

    reportlab breaks lines left to right over the string it is given. If that string were the
    visual order of a whole right-to-left paragraph, its first printed line would hold the end of the
    text. So lines are broken here, in logical order, for the width offered; each line is then shaped
    and ordered on its own and the lines are handed to an ordinary Paragraph, one per ``<br/>``.
    A paragraph whose direction is right to left is right-aligned if ``align_rtl``.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, bold: bool, align_rtl: bool) -> None:
        super().__init__()
        self._text = normalise(text)
        self._bold = bold
        self._direction: Direction = base_direction(self._text)
        self._style = style
        if align_rtl and self._direction == "rtl" and style.alignment == TA_LEFT:
            self._style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
        self.keepWithNext = bool(getattr(style, "keepWithNext", False))
        self._inner: Paragraph | None = None
        self._bodies: dict[float, str] = {}  # markup per available width: wrap is called often

    def _build(self, avail_width: float) -> Paragraph:
        style = self._style
        body = self._bodies.get(avail_width)
        if body is None:
            width = avail_width - style.leftIndent - style.rightIndent - 1.0  # 1 pt for rounding
            lines: list[str] = []
            for logical in self._text.split("\n"):
                lines.extend(self._break(logical, width))
            body = "<br/>".join(
                markup(shape(line, self._direction), bold=self._bold, shaped=True) for line in lines
            )
            self._bodies[avail_width] = body
        return Paragraph(body, style)

    def _break(self, logical: str, width: float) -> list[str]:
        words = logical.split()
        if not words:
            return [""]
        size = self._style.fontSize
        space = _text_width(" ", size, self._bold)
        lines: list[list[str]] = [[]]
        used = 0.0
        for word in words:
            word_width = _text_width(shape(word), size, self._bold)
            if lines[-1] and used + space + word_width > width:
                lines.append([])
                used = 0.0
            used += (space if lines[-1] else 0.0) + word_width
            lines[-1].append(word)
        return [" ".join(line) for line in lines]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._inner = self._build(avail_width)
        width, height = self._inner.wrap(avail_width, avail_height)
        self.width, self.height = width, height
        return width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        result: list[Flowable] = self._build(avail_width).split(avail_width, avail_height)
        return result

    def draw(self) -> None:
        if self._inner is None:
            self.wrap(self.width, self.height)
        assert self._inner is not None
        self._inner.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802  (reportlab's name)
        return float(self._style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802  (reportlab's name)
        return float(self._style.spaceAfter)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """A canvas that holds every page until the end, so each can say "Page x of y"."""

    def __init__(self, *args: Any, decorate: Callable[[Canvas, int, int], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._decorate = decorate

    def showPage(self) -> None:  # noqa: N802  (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._decorate(self, self._pageNumber, total)
            super().showPage()
        super().save()


class DocumentBuilder:
    """Collects the blocks of one document and renders it to PDF bytes.

    >>> doc = DocumentBuilder(DocumentSpec(title="Disclosable summary", document_id="D-1"))
    >>> doc.heading("Disclosable summary")
    >>> doc.key_values([("Name", "Siân Dafydd-Ŵyn")])
    >>> pdf = doc.build()

    Blocks take plain strings; markup characters are printed as they are.
    """

    def __init__(self, spec: DocumentSpec) -> None:
        register_fonts()
        self.spec = spec
        self.theme = LARGE if spec.large_type else STANDARD
        self._styles = _Styles(self.theme)
        self._story: list[Flowable] = []

    # -- blocks -----------------------------------------------------------------------------------

    def heading(self, text: str, *, level: int = 1) -> None:
        """A heading: level 1 for the document's title, 2 for sections, 3 for sub-sections."""
        if level not in self._styles.headings:
            raise ValueError("heading level must be 1, 2 or 3")
        self._story.append(_paragraph(text, self._styles.headings[level], bold=True))
        if level == 1:
            self._story.append(_Rule(CONTENT_WIDTH, BRAND, 2, space_after=self.theme.gap * 1.2))

    def paragraph(self, text: str, *, bold: bool = False, muted: bool = False, small: bool = False) -> None:
        """A paragraph of body text; ``muted`` for secondary text (grey), ``small`` for fine print.

        Line breaks in ``text`` are kept. Right-to-left text is right-aligned.
        """
        style = self._styles.small if small else self._styles.muted if muted else self._styles.body
        if small and muted:
            style = ParagraphStyle("small-muted", parent=style, textColor=MUTED)
        if small:
            style = ParagraphStyle("small-spaced", parent=style, spaceAfter=self.theme.gap * 0.6)
        self._story.append(_paragraph(text, style, bold=bold))

    def entry(self, label: str, text: str, *, muted: bool = False) -> None:
        """A bold label with its text under it, kept on one page (a question and its answer)."""
        style = self._styles.muted if muted else self._styles.body
        label_style = self._styles.entry_label
        self._story.append(_Stack([_paragraph(label, label_style, bold=True), _paragraph(text, style)],
                                  space_after=float(style.spaceAfter)))

    def key_values(self, rows: Sequence[tuple[str, str]], *, label_share: float = 0.34) -> None:
        """A label / value table (like gov.uk's summary list): bold labels, values beside them, a
        thin rule between rows. An empty value prints as an en dash. Rows may break across pages."""
        if not rows:
            return
        label_width = CONTENT_WIDTH * label_share
        data = [[_paragraph(label, self._styles.label, bold=True),
                 _paragraph(value if value.strip() else "–", self._cell_style(), align_rtl=False)]
                for label, value in rows]
        pad = self.theme.gap * 0.55
        table = Table(data, colWidths=[label_width, CONTENT_WIDTH - label_width], hAlign="LEFT")
        table.setStyle(_table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (1, 0), (1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE),
        ]))
        self._story.append(table)
        self._story.append(Spacer(1, self.theme.gap * 1.2))

    def flag(
        self,
        *,
        level: FlagLevel | str,
        title: str,
        definition: str | None = None,
        reasons: Sequence[str] = (),
        reasons_label: str | None = None,
        level_word: str | None = None,
    ) -> None:
        """A flag: a badge with the level as a WORD ("ALERT") in the level's colour, the flag's
        title, its plain definition and its reasons, in a box with a coloured bar on the left.

        The word is always printed, so the level never rests on colour alone. ``level_word``
        replaces the English word (for a translated document); ``reasons_label`` heads the
        reasons (e.g. "Why this flag was raised").
        """
        look = LEVEL_STYLES[FlagLevel(level)]
        word = level_word or look.word
        t = self.theme
        badge_style = ParagraphStyle("badge", parent=self._styles.label, fontSize=t.small,
                                     leading=t.small * 1.2, textColor=look.badge_text)
        badge_width = _text_width(shape(word), t.small, True) + 16  # 6 pt padding each side + slack
        badge = Table([[_paragraph(word, badge_style, bold=True)]], colWidths=[badge_width])
        badge.setStyle(_table_style([
            ("BACKGROUND", (0, 0), (-1, -1), look.badge),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        bar = 5.0
        inner_width = CONTENT_WIDTH - bar - 14 - 12
        title_style = ParagraphStyle("flag-title", parent=self._styles.label, fontSize=t.h3,
                                     leading=t.h3 * 1.3)
        head = Table([[badge, _paragraph(title, title_style, bold=True)]],
                     colWidths=[badge_width + 10, inner_width - badge_width - 10], hAlign="LEFT")
        head.setStyle(_table_style([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        cell = self._cell_style()
        parts: list[Flowable] = [head]
        if definition:
            parts.append(_paragraph(definition, cell))
        if reasons:
            if reasons_label:
                parts.append(_paragraph(reasons_label, self._styles.label, bold=True))
            parts.append(self._bullet_list(reasons))
        # The coloured bar is a narrow first column, so it lines up with the text margin.
        box = Table([["", part] for part in parts], colWidths=[bar, CONTENT_WIDTH - bar], hAlign="LEFT")
        box.setStyle(_table_style([
            ("BACKGROUND", (0, 0), (0, -1), look.badge),
            ("BACKGROUND", (1, 0), (1, -1), look.tint),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 0),
            ("LEFTPADDING", (1, 0), (1, -1), 14),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, 0), 10),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
        ]))
        self._append_together([box])
        self._story.append(Spacer(1, t.gap * 1.2))

    def bullets(self, items: Sequence[str]) -> None:
        """A bulleted list, one item per string."""
        if items:
            self._story.append(self._bullet_list(items))
            self._story.append(Spacer(1, self.theme.gap * 0.6))

    def note(self, text: str, *, title: str | None = None,
             kind: Literal["note", "withheld"] = "note") -> None:
        """A note set apart from the body: ``note`` as inset text with a grey bar; ``withheld`` as a
        shaded box with a dark bar, for saying what is not shown and why."""
        parts: list[Flowable] = []
        if title:
            parts.append(_paragraph(title, self._styles.label, bold=True))
        parts.append(_paragraph(text, self._cell_style()))
        bar = 5.0
        box = Table([["", part] for part in parts], colWidths=[bar, CONTENT_WIDTH - bar], hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 0),
            ("LEFTPADDING", (1, 0), (1, -1), 14),
            ("RIGHTPADDING", (1, 0), (1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]
        if kind == "withheld":
            commands += [("BACKGROUND", (1, 0), (1, -1), FILL), ("BACKGROUND", (0, 0), (0, -1), MUTED)]
        else:
            commands += [("BACKGROUND", (0, 0), (0, -1), RULE)]
        box.setStyle(_table_style(commands))
        self._story.append(box)
        self._story.append(Spacer(1, self.theme.gap * 1.2))

    def spacer(self, height: float | None = None) -> None:
        """Vertical space in points (one block gap by default)."""
        self._story.append(Spacer(1, self.theme.gap if height is None else height))

    def page_break(self, *, unless_space: float | None = None) -> None:
        """Start a new page; with ``unless_space`` (points), only if less than that remains."""
        self._story.append(PageBreak() if unless_space is None else CondPageBreak(unless_space))

    def add(self, flowable: Flowable) -> None:
        """Append a reportlab flowable made elsewhere (its text must already be safe to draw)."""
        self._story.append(flowable)

    # -- rendering --------------------------------------------------------------------------------

    def build(self, *, invariant: bool = False) -> bytes:
        """Render the document to PDF bytes, in memory.

        ``invariant`` fixes the creation date and file id so the same input gives the same bytes
        (for tests and golden files); real documents leave it off.
        """
        buffer = io.BytesIO()
        spec = self.spec
        template = BaseDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=spec.title,
            subject=f"{spec.marking} - {spec.label('document')} {spec.document_id}",
            author="Waypoint screening",
            creator="screening",
            keywords=[spec.document_id],
            lang=spec.lang,
            invariant=1 if invariant else 0,
            initialFontName=primary_font(False),
            initialFontSize=self.theme.body,
            displayDocTitle=1,
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        story = list(self._story) or [Spacer(1, 1)]

        def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
            return _NumberedCanvas(*args, decorate=self._decorate, **kwargs)

        template.build(story, canvasmaker=make_canvas)
        return buffer.getvalue()

    # -- internals --------------------------------------------------------------------------------

    def _append_together(self, flowables: list[Flowable]) -> None:
        """Append ``flowables`` kept on one page (when they fit), together with the headings just
        before them, which reportlab's keepWithNext cannot join to a KeepTogether block."""
        start = len(self._story)
        while start > 0 and self._story[start - 1].getKeepWithNext():
            start -= 1
        leading = self._story[start:]
        del self._story[start:]
        self._story.append(_KeepTogether([*leading, *flowables]))

    def _cell_style(self) -> ParagraphStyle:
        return ParagraphStyle("cell", parent=self._styles.body, spaceAfter=0)

    def _bullet_list(self, items: Sequence[str]) -> ListFlowable:
        t = self.theme
        style = ParagraphStyle("item", parent=self._styles.body, spaceAfter=t.gap * 0.35)
        return ListFlowable(
            [ListItem(_paragraph(item, style), value="•") for item in items],
            bulletType="bullet",
            start="•",
            bulletFontName=primary_font(False),
            bulletFontSize=t.body,
            bulletColor=INK,
            leftIndent=t.body * 1.4,
            bulletDedent=t.body * 1.1,
        )

    def _decorate(self, canvas: Canvas, page: int, pages: int) -> None:
        """Draw the page furniture: the marking centred at the very top and bottom; under the top
        one the kind of document, above the bottom one the document id and "Page x of y"."""
        spec, t = self.spec, self.theme
        size = t.furniture
        bold, regular = primary_font(True), primary_font(False)
        marking_top, title_line, top_rule = (PAGE_HEIGHT - offset * mm for offset in (10, 16, 18.5))
        bottom_rule, id_line, marking_bottom = (offset * mm for offset in (18.5, 13.5, 7.5))
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(bold, size + 1)
        for y in (marking_top, marking_bottom):
            canvas.drawCentredString(PAGE_WIDTH / 2, y, spec.marking)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        for y in (top_rule, bottom_rule):
            canvas.line(MARGIN_X, y, PAGE_WIDTH - MARGIN_X, y)
        canvas.setFillColor(MUTED)
        _draw_text(canvas, MARGIN_X, title_line, shape(spec.title), size, bold=False)
        id_label = f"{spec.label('document')} "
        canvas.setFont(regular, size)
        canvas.drawString(MARGIN_X, id_line, id_label)
        label_width = stringWidth(id_label, regular, size)
        _draw_text(canvas, MARGIN_X + label_width, id_line, shape(spec.document_id), size, bold=True,
                   colour=INK)
        canvas.setFillColor(MUTED)
        canvas.setFont(regular, size)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, id_line,
                               spec.label("page").format(page=page, pages=pages))
        canvas.restoreState()


def _table_style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose cells default to the primary font (reportlab's default is Helvetica,
    which would be referenced, unembedded, by every table)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), primary_font(False)), *commands])


def _draw_text(canvas: Canvas, x: float, y: float, drawn: str, size: float, *, bold: bool,
               colour: colors.Color | None = None) -> None:
    """Draw already shaped text at (x, y) run by run, each run in a font that covers it."""
    if colour is not None:
        canvas.setFillColor(colour)
    for font, run in font_runs(drawn, bold=bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)


class _KeepTogether(KeepTogether):  # type: ignore[misc]  # reportlab is untyped
    """reportlab's KeepTogether without a deep copy of the page frame at every measurement.

    KeepTogether measures its contents with a copy of the current frame, for content that
    generates more content as it is placed (tables of contents, indexes); these documents have none.
    Measured without the canvas, the contents come out the same, and the copy (a third of the
    time spent keeping a flag together) is saved.
    """

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        dims: list[tuple[float, float]] = []
        width, height = _listWrapOn(self._content, avail_width, None, dims=dims)
        self._H = height
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = avail_width, avail_height
        return width, 0xFFFFFF  # as KeepTogether: force a split, which decides the page


class _Stack(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Flowables kept on one page, one under the other (a question and its answer).

    Cheaper than reportlab's KeepTogether, which copies the whole frame each time it measures.
    If the stack does not fit in the space left it moves to the next page; if it is taller than a
    whole page it gives up and lets its parts flow on their own.
    """

    def __init__(self, parts: list[Flowable], *, space_after: float) -> None:
        super().__init__()
        self._parts = parts
        self.spaceAfter = space_after
        self._sizes: list[tuple[float, float]] = []

    def _gaps(self) -> list[float]:
        return [float(part.getSpaceAfter()) for part in self._parts[:-1]]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._sizes = [part.wrap(avail_width, avail_height) for part in self._parts]
        self.width = max(w for w, _ in self._sizes)
        self.height = sum(h for _, h in self._sizes) + sum(self._gaps())
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        if self.height > PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM:
            return list(self._parts)
        return []

    def draw(self) -> None:
        y = self.height
        gaps = [*self._gaps(), 0.0]
        for part, (_, height), gap in zip(self._parts, self._sizes, gaps, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)
            y -= gap


class _Rule(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A horizontal rule."""

    def __init__(self, width: float, colour: colors.Color, thickness: float, *, space_after: float) -> None:
        super().__init__()
        self.width = width
        self.height = thickness
        self._colour = colour
        self._thickness = thickness
        self.spaceAfter = space_after
        self.keepWithNext = True  # a rule under a heading stays with what follows

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return min(self.width, avail_width), self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self._colour)
        self.canv.setLineWidth(self._thickness)
        self.canv.line(0, self.height / 2, self.width, self.height / 2)
