"""Names in five scripts render: text extraction gives them back and the fonts have every glyph.

What is checked, and why:

* The name is put in a one-page document (as a paragraph and as a table value) and the text of the
  page is extracted with pypdf.
* Latin names (Welsh, Polish) must come back exactly (after NFC).
* Arabic-script names (Arabic, Urdu) are drawn as *presentation forms* (the joined letter shapes
  arabic-reshaper chooses) in *visual order* (right to left turned into a left-to-right sequence).
  Extraction therefore returns presentation forms, either in that visual order or, since pypdf
  reorders right-to-left runs itself, in logical order. So a line counts as the name if, after NFKC
  (which maps each presentation form back to its base letter, and the Allah ligature to its four
  letters), it equals the name read forwards or backwards. Separately we require that presentation
  forms were drawn, i.e. that the text was really shaped, and for Urdu that the Urdu-only letters
  (ے ں ٹ ...) survive.
* Chinese must come back exactly.
* fontTools, reading the font files directly (not through our cache), confirms that each font the
  layout chose has a glyph for every character drawn with it, and the PDF's font list shows the
  expected font was embedded.
"""

from __future__ import annotations

import unicodedata

import pytest
from fontTools.ttLib import TTFont

from screening.reports.fonts import font_file, font_runs
from screening.reports.layout import DocumentBuilder, DocumentSpec
from screening.reports.text import shape
from tests.unit.reports.pdfcheck import nfkc, page_fonts, page_texts

NAMES = {
    "welsh": ("Siân Dafydd-Ŵyn", "DejaVuSans"),
    "welsh-y": ("Dŷ Ŵyn ap Hywel", "DejaVuSans"),
    "polish": ("Zażółć Gęślą-Jaźń", "DejaVuSans"),
    "arabic": ("محمد عبد الله", "NotoSansArabic"),
    "urdu-imran": ("عمران خان", "NotoSansArabic"),
    "urdu-pervez": ("پرویز مشرف", "NotoSansArabic"),
    "urdu-letters": ("نوں ٹیپو ڈاکٹر گڑھے", "NotoSansArabic"),
    "chinese": ("王秀英", "DroidSansFallback"),
}


def _render(name: str) -> bytes:
    doc = DocumentBuilder(DocumentSpec(title="Script test", document_id="TEST-SCRIPT-1"))
    doc.paragraph(name)
    doc.key_values([("Name", name)])
    doc.paragraph(name, bold=True)
    return doc.build(invariant=True)


def _matches(line: str, name: str) -> bool:
    line = line.strip()
    return nfkc(line) == nfkc(name) or nfkc(line[::-1]) == nfkc(name)


@pytest.mark.parametrize("key", NAMES)
def test_name_comes_back_from_the_pdf(key: str) -> None:
    name, expected_font = NAMES[key]
    pdf = _render(name)
    (text,) = page_texts(pdf)
    lines = text.splitlines()
    hits = [line for line in lines if _matches(line, name)]
    assert len(hits) >= 3, f"{key}: extracted {lines!r}"
    assert any(embedded.startswith(expected_font) for embedded in page_fonts(pdf))
    if any(unicodedata.bidirectional(char) == "AL" for char in name):
        drawn = "".join(hits)
        presentation = [char for char in drawn if 0xFB50 <= ord(char) <= 0xFEFF]
        letters = [char for char in drawn if unicodedata.category(char).startswith("L")]
        assert len(presentation) == len(letters), "Arabic text was drawn unshaped"
        for urdu_only in set("ےںٹڈڑھ") & set(name):
            assert all(urdu_only in nfkc(hit) for hit in hits)
    else:
        assert sum(line.strip() == name for line in lines) >= 3


@pytest.mark.parametrize("key", NAMES)
@pytest.mark.parametrize("bold", [False, True])
def test_chosen_fonts_have_every_glyph(key: str, bold: bool) -> None:
    name, _ = NAMES[key]
    for font, run in font_runs(shape(name), bold=bold):
        with TTFont(str(font_file(font)), lazy=True) as ttf:
            cmap = ttf.getBestCmap()
        missing = {char for char in run if ord(char) not in cmap}
        assert not missing, f"{font} lacks {sorted(map(hex, map(ord, missing)))}"
        assert "\ufffd" not in run
