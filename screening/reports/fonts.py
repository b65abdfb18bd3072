"""The fonts shipped in ``resources/fonts/``: registration with reportlab and glyph coverage.

Every string a document prints goes through :func:`font_runs` (or :func:`pick_font`), so a name in
any script we ship a font for is drawn with a font that really has its glyphs: never an empty box.

The fonts, in order of preference (see ``resources/fonts/README.md`` for versions and licences):

* **DejaVu Sans** (regular and bold): Latin with every European diacritic (Welsh ŵ ŷ, Polish ą ę ł),
  Greek, Cyrillic, basic Arabic.
* **Noto Sans Arabic** (regular and bold): Arabic, Urdu and Persian letters and all their
  presentation forms and ligatures (the output of ``arabic-reshaper``).  It is the *first* choice for
  Arabic-script characters, because DejaVu's Arabic lacks Urdu forms (ے in final position) and the
  Allah ligature, and mixing two Arabic designs within one name looks broken.
* **Droid Sans Fallback**: Chinese and Japanese kana (not Korean Hangul). It has no bold; bold text
  falls back to it in regular weight.

All are TrueType (``glyf``) fonts: reportlab cannot embed CFF-flavoured OpenType.

Coverage is read from each font's ``cmap`` with fontTools, once per process and font, and only when a
font is first needed (the CJK font is 4 MB, so documents without CJK text never load it).
Registration with reportlab is likewise lazy and thread-safe: documents are made on a worker pool.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

from screening.paths import resource_path

log = logging.getLogger(__name__)

REPLACEMENT_CHARACTER = "\ufffd"
"""Drawn (from the primary font) for a character no shipped font covers."""


@dataclass(frozen=True)
class FontFile:
    """One shipped font: the name reportlab knows it by, its file in ``resources/fonts/`` and the
    licence file beside it."""

    name: str
    filename: str
    licence: str


DEJAVU_SANS = FontFile("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-LICENSE.txt")
DEJAVU_SANS_BOLD = FontFile("DejaVuSans-Bold", "DejaVuSans-Bold.ttf", "DejaVuSans-LICENSE.txt")
NOTO_SANS_ARABIC = FontFile("NotoSansArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-LICENSE.txt")
NOTO_SANS_ARABIC_BOLD = FontFile("NotoSansArabic-Bold", "NotoSansArabic-Bold.ttf",
                                 "NotoSansArabic-LICENSE.txt")
DROID_SANS_FALLBACK = FontFile("DroidSansFallback", "DroidSansFallbackFull.ttf",
                               "DroidSansFallback-LICENSE.txt")

SHIPPED_FONTS: tuple[FontFile, ...] = (
    DEJAVU_SANS,
    DEJAVU_SANS_BOLD,
    NOTO_SANS_ARABIC,
    NOTO_SANS_ARABIC_BOLD,
    DROID_SANS_FALLBACK,
)
_BY_NAME = {font.name: font for font in SHIPPED_FONTS}

PRIMARY_FONT = DEJAVU_SANS.name
PRIMARY_BOLD_FONT = DEJAVU_SANS_BOLD.name

# Preference chains: the first font is the primary, the rest are fallbacks in order.
_CHAIN: dict[bool, tuple[str, ...]] = {
    False: (DEJAVU_SANS.name, NOTO_SANS_ARABIC.name, DROID_SANS_FALLBACK.name),
    True: (DEJAVU_SANS_BOLD.name, NOTO_SANS_ARABIC_BOLD.name, DROID_SANS_FALLBACK.name),
}
# For Arabic-script text the Arabic font comes first (see the module docstring).
_ARABIC_CHAIN: dict[bool, tuple[str, ...]] = {
    False: (NOTO_SANS_ARABIC.name, DEJAVU_SANS.name, DROID_SANS_FALLBACK.name),
    True: (NOTO_SANS_ARABIC_BOLD.name, DEJAVU_SANS_BOLD.name, DROID_SANS_FALLBACK.name),
}

# Characters that draw nothing and need no glyph: line breaks and tabs are handled by the layout.
_NO_GLYPH_NEEDED = frozenset("\n\r\t")

_ARABIC_RANGES = (
    (0x0600, 0x06FF),  # Arabic (includes the Urdu letters ٹ ڈ ڑ ں ھ ہ ے)
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x08FF),  # Arabic Extended-B and -A
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A (reshaped Urdu / Persian forms, ligatures)
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B (reshaped Arabic forms)
)

_register_lock = threading.Lock()
_registered: set[str] = set()
_families_registered = False


def font_file(name: str) -> Path:
    """The path of the shipped font called ``name`` (a reportlab font name from this module)."""
    try:
        font = _BY_NAME[name]
    except KeyError:
        raise ValueError(f"not a shipped font: {name!r}") from None
    return resource_path("resources", "fonts", font.filename)


def register_fonts(*, include_cjk: bool = False) -> None:
    """Register the shipped fonts with reportlab (idempotent, thread-safe).

    The Latin and Arabic fonts and their bold/regular family mappings are registered on the first
    call, so ``<b>`` in Paragraph markup picks the bold face. The CJK font is registered on demand by
    :func:`font_runs` / :func:`pick_font`, or here with ``include_cjk=True``.
    """
    global _families_registered
    names = [DEJAVU_SANS.name, DEJAVU_SANS_BOLD.name, NOTO_SANS_ARABIC.name, NOTO_SANS_ARABIC_BOLD.name]
    if include_cjk:
        names.append(DROID_SANS_FALLBACK.name)
    for name in names:
        ensure_registered(name)
    with _register_lock:
        if _families_registered:
            return
        for regular, bold in ((DEJAVU_SANS.name, DEJAVU_SANS_BOLD.name),
                              (NOTO_SANS_ARABIC.name, NOTO_SANS_ARABIC_BOLD.name)):
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)  # no italic faces are shipped
            addMapping(regular, 1, 1, bold)
        _families_registered = True


def ensure_registered(name: str) -> str:
    """Register one shipped font with reportlab if it is not yet registered; return its name."""
    if name in _registered:
        return name
    with _register_lock:
        if name not in _registered:
            pdfmetrics.registerFont(ReportlabTTFont(name, str(font_file(name))))
            if name == DROID_SANS_FALLBACK.name:
                # No bold CJK face is shipped: <b> inside a CJK run keeps the regular face.
                for bold in (0, 1):
                    for italic in (0, 1):
                        addMapping(name, bold, italic, name)
            _registered.add(name)
    return name


@cache
def _coverage(name: str) -> frozenset[int]:
    """The code points the font maps to a glyph (its best Unicode ``cmap``)."""
    with FontToolsFont(str(font_file(name)), lazy=True) as font:
        if "glyf" not in font:
            raise ValueError(f"{name} is not a TrueType (glyf) font; reportlab cannot embed it")
        return frozenset(font.getBestCmap())


def covers(font: str, char: str) -> bool:
    """True if ``font`` (a shipped font name) has a glyph for the single character ``char``."""
    return char in _NO_GLYPH_NEEDED or ord(char) in _coverage(font)


def missing_glyphs(text: str, font: str) -> set[str]:
    """The characters of ``text`` that ``font`` (a shipped font name) has no glyph for.

    Checked with fontTools against the font file's ``cmap``. Line breaks and tabs never count as
    missing. Pass the text as it will be drawn, i.e. after :func:`screening.reports.text.shape`,
    because shaping turns Arabic letters into presentation forms the font must also have.
    """
    absent = set(map(ord, text)) - _coverage(font)  # a set difference, in C: this runs per string
    return {chr(point) for point in absent} - _NO_GLYPH_NEEDED


def is_arabic_script(char: str) -> bool:
    """True for a letter from the Arabic blocks or the Arabic presentation forms."""
    point = ord(char)
    if point < 0x0600:  # most text: Latin, Greek, Cyrillic, Hebrew
        return False
    return any(low <= point <= high for low, high in _ARABIC_RANGES)


def _has_arabic_script(text: str) -> bool:
    return bool(text) and max(text) >= "\u0600" and any(is_arabic_script(char) for char in text)


def _chain_for(text: str, bold: bool) -> tuple[str, ...]:
    if _has_arabic_script(text):
        return _ARABIC_CHAIN[bold]
    return _CHAIN[bold]


def primary_font(bold: bool = False) -> str:
    """The font most text is set in (DejaVu Sans, or its bold face)."""
    return _CHAIN[bold][0]


def pick_font(text: str, bold: bool = False) -> str:
    """The one font to draw ``text`` in: the primary font if it covers every character, else the
    first fallback that does.

    For text containing Arabic-script letters the Arabic font is the primary (see the module
    docstring). If no single font covers the whole text (say a Latin name followed by a Chinese
    one) the primary is returned; use :func:`font_runs`, which splits the text by font, to draw it.
    The chosen font is registered with reportlab.
    """
    chain = _chain_for(text, bold)
    for name in chain:
        if not missing_glyphs(text, name):
            return ensure_registered(name)
    return ensure_registered(chain[0])


def font_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """Split ``text`` (as it will be drawn, i.e. shaped) into ``(font name, text)`` runs such that
    each font has a glyph for every character of its run.

    Each letter takes the first font of its script's chain that covers it (so in "Ali علي" the Latin
    is set in DejaVu Sans and the Arabic in Noto Sans Arabic); other characters (spaces, digits,
    punctuation, combining marks) stay in the current run's font when it has them, so a name is not
    split needlessly. A character no shipped font covers is replaced by U+FFFD from the primary font,
    and the event is logged with the Unicode script only, never the text. Every font used is
    registered with reportlab.
    """
    if not text:
        return []
    if not _has_arabic_script(text):
        primary = primary_font(bold)
        if not missing_glyphs(text, primary):  # the common case: one run in the primary font
            return [(ensure_registered(primary), text)]
    runs: list[tuple[str, str]] = []
    current_font: str | None = None
    current: list[str] = []
    uncovered_scripts: dict[str, int] = {}
    for char in text:
        is_letter = unicodedata.category(char).startswith("L")
        if current_font is not None and not is_letter and covers(current_font, char):
            current.append(char)
            continue
        chain = _ARABIC_CHAIN[bold] if is_arabic_script(char) else _CHAIN[bold]
        font = next((name for name in chain if covers(name, char)), None)
        if font is None:
            script = _script_of(char)
            uncovered_scripts[script] = uncovered_scripts.get(script, 0) + 1
            font, char = primary_font(bold), REPLACEMENT_CHARACTER
        if font != current_font:
            if current_font is not None and current:
                runs.append((current_font, "".join(current)))
            current_font, current = font, []
        current.append(char)
    if current_font is not None and current:
        runs.append((current_font, "".join(current)))

    if uncovered_scripts:
        log.warning(
            "no shipped font covers %d character(s) (scripts: %s); drawn as U+FFFD",
            sum(uncovered_scripts.values()), ", ".join(sorted(uncovered_scripts)),
        )
    for name, _ in runs:
        ensure_registered(name)
    return runs


def _script_of(char: str) -> str:
    """A coarse script label for logs: the first word of the character's Unicode name."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else f"category {unicodedata.category(char)}"
