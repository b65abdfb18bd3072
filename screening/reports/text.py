"""Text as it is drawn: Unicode normalisation, right-to-left shaping and ordering, Paragraph markup.

reportlab draws glyphs left to right, one per code point, with no shaping. So for Arabic-script
text we do the two steps a text engine would:

1. **joining** with ``arabic-reshaper``: each letter becomes its isolated, initial, medial or final
   presentation form (U+FB50-U+FDFF, U+FE70-U+FEFF), lam-alef and similar ligatures are formed;
2. **ordering** with ``python-bidi``'s ``get_display`` (the Unicode Bidirectional Algorithm): the
   logical string becomes the left-to-right visual sequence, so Arabic runs are reversed while Latin
   runs and digits inside them keep their order, and brackets are mirrored.

Both steps are applied per line and only when the text contains right-to-left characters; other
text only gets NFC normalisation (so a Welsh "â" typed as "a" + combining circumflex is one glyph).

Text extracted from the PDF therefore holds presentation forms in visual order; see
``tests/unit/reports`` for how it is compared with the original.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Literal
from xml.sax.saxutils import escape as _xml_escape

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED

from screening.reports.fonts import font_runs

Direction = Literal["ltr", "rtl"]

_RTL_CLASSES = frozenset({"R", "AL"})
_FIRST_RTL = "\u0590"  # no character below the Hebrew block is right-to-left
_KEEP_CONTROLS = frozenset("\n\t")

_reshaper = arabic_reshaper.ArabicReshaper()

_MIRRORED: dict[str, str] = dict(MIRRORED)
_LEVEL = re.compile(r"Level\(\s*(\d+)")
_L1_WHITESPACE = frozenset({"WS", "FSI", "LRI", "RLI", "PDI", "BN"})

log = logging.getLogger(__name__)


def normalise(text: str) -> str:
    """NFC-normalise, unify line breaks to ``\\n`` and drop invisible control and format characters
    (bidi marks, zero-width spaces, soft hyphens) that would otherwise need a glyph."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if text.isprintable():  # no control or format character at all (the common case)
        return text
    return "".join(
        char for char in text
        if char in _KEEP_CONTROLS or unicodedata.category(char) not in ("Cc", "Cf")
    )


def has_rtl(text: str) -> bool:
    """True if ``text`` contains a right-to-left character (Hebrew, Arabic, Urdu, ...)."""
    if not text or max(text) < _FIRST_RTL:  # the common case, without a look-up per character
        return False
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def base_direction(text: str) -> Direction:
    """The paragraph direction by the Unicode rule: that of the first strong character, else LTR."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in _RTL_CLASSES:
            return "rtl"
    return "ltr"


def shape(text: str, direction: Direction | None = None) -> str:
    """``text`` in drawing order: normalised, and for right-to-left text joined (arabic-reshaper)
    then put in visual order (python-bidi), line by line.

    ``direction`` sets the paragraph direction; by default each line takes the direction of its
    first strong character, so "محمد Ali" reads right to left and "Ali محمد" left to right.
    Brackets inside right-to-left runs are mirrored (Unicode rule L4), so "علي (12)" shows its
    brackets facing the right way. Text without right-to-left characters is returned normalised and
    otherwise unchanged.
    """
    # Invisible bidi marks are dropped only after ordering, since they steer it.
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not has_rtl(text):
        return normalise(text)
    base = {"ltr": "L", "rtl": "R"}[direction] if direction else None
    lines = [_visual_line(_reshaper.reshape(line), base) if has_rtl(line) else line
             for line in text.split("\n")]
    return normalise("\n".join(lines))


def _visual_line(line: str, base: str | None) -> str:
    """One reshaped line in visual order, with mirrored glyphs for brackets in right-to-left runs.

    python-bidi's Rust implementation resolves the levels (including paired brackets, rule N0) but
    leaves mirroring (L4) to the renderer, which here is us. Its resolved levels are read from its
    debug output; the reordering is redone from them (L1, L2) and must equal its own display
    string, else its display string is used unmirrored rather than trusting a misread.
    """
    display = str(get_display(line, base_dir=base))
    levels = _resolved_levels(line, base)
    if levels is None:
        return display
    order = _visual_order(levels)
    if "".join(line[index] for index in order) != display:
        log.debug("bidi levels did not reproduce the display order; brackets left unmirrored")
        return display
    return "".join(
        _MIRRORED.get(line[index], line[index]) if levels[index] % 2 else line[index]
        for index in order
    )


def _resolved_levels(line: str, base: str | None) -> list[int] | None:
    """Per-character embedding levels after rule L1, or None if they cannot be read."""
    debug = str(get_display(line, base_dir=base, debug=True))
    start = debug.rfind("\n    levels: [")
    end = debug.find("]", start)
    if start < 0 or end < 0:
        return None
    per_byte = [int(level) for level in _LEVEL.findall(debug, start, end)]
    levels: list[int] = []
    position = 0
    for char in line:
        if position >= len(per_byte):
            return None
        levels.append(per_byte[position])
        position += len(char.encode("utf-8"))
    if position != len(per_byte):
        return None
    paragraph_level = 1 if (base == "R" or (base is None and base_direction(line) == "rtl")) else 0
    # L1: separators, and whitespace before them or at the end of the line, take the paragraph level.
    trailing = True
    for index in range(len(line) - 1, -1, -1):
        kind = unicodedata.bidirectional(line[index])
        if kind in ("S", "B"):
            levels[index] = paragraph_level
            trailing = True
        elif trailing and kind in _L1_WHITESPACE:
            levels[index] = paragraph_level
        else:
            trailing = False
    return levels


def _visual_order(levels: list[int]) -> list[int]:
    """Logical indexes in visual order (rule L2: from the highest level down to the lowest odd
    level, reverse every run at that level or higher)."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    current = list(levels)
    for level in range(max(levels), min(odd) - 1, -1):
        index = 0
        while index < len(order):
            if current[index] < level:
                index += 1
                continue
            stop = index
            while stop < len(order) and current[stop] >= level:
                stop += 1
            order[index:stop] = order[index:stop][::-1]
            current[index:stop] = current[index:stop][::-1]
            index = stop
    return order


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so text is literal inside reportlab Paragraph markup."""
    return _xml_escape(text)


def markup(text: str, *, bold: bool = False, shaped: bool = False) -> str:
    """Paragraph markup that draws ``text`` with fonts that have every glyph.

    The text is shaped (unless ``shaped`` says it already is), split into runs by
    :func:`screening.reports.fonts.font_runs`, escaped, and each run wrapped in
    ``<font name="...">``; line breaks become ``<br/>``. Bold text uses the bold faces.
    """
    drawn = text if shaped else shape(text)
    parts: list[str] = []
    for font, run in font_runs(drawn, bold=bold):
        pieces = [escape(piece) for piece in run.split("\n")]
        parts.append(f'<font name="{font}">' + "<br/>".join(pieces) + "</font>")
    return "".join(parts)
