"""Names in five scripts render in a real disclosable summary (not only a test document): the
person's name, set by the summary's own layout (the person table, in the family-name-in-capitals
form custody records use), comes back from pypdf's text extraction, every character drawn has a
glyph in the font chosen for it (checked with fontTools on the font files), and the expected font is
embedded. The PNGs in docs/samples show the same names (make_samples.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from screening.checklist.loader import FormLibrary
from screening.domain.enums import Recipient
from screening.reports.common import Issue
from screening.reports.fonts import font_file, font_runs
from screening.reports.summary import render_summary
from screening.reports.text import shape
from screening.services.disclosure import disclosure_view
from tests.unit.disclosure import support
from tests.unit.disclosure.test_golden_custody import ANSWERS
from tests.unit.reports.pdfcheck import nfkc, page_fonts, page_texts

ROOT = Path(__file__).resolve().parents[3]

PEOPLE = {
    "welsh": ({"given_names": "Siân", "family_name": "Dafydd-Ŵyn"}, "Siân DAFYDD-ŴYN", "DejaVuSans"),
    "polish": ({"given_names": "Małgorzata", "family_name": "Wójcik-Łęcka"},
               "Małgorzata WÓJCIK-ŁĘCKA", "DejaVuSans"),
    "arabic": ({"given_names": "محمد", "family_name": "عبد الله"}, "محمد عبد الله", "NotoSansArabic"),
    "urdu": ({"given_names": "عمران", "family_name": "خان"}, "عمران خان", "NotoSansArabic"),
    "chinese": ({"given_names": "", "family_name": "王秀英"}, "王秀英", "DroidSansFallback"),
}


@pytest.fixture(scope="module")
def library() -> FormLibrary:
    return FormLibrary.load(ROOT / "forms")


def _summary(library: FormLibrary, names: dict[str, str]) -> bytes:
    screening = support.finalised(library, "custody-screen", ANSWERS)
    view = disclosure_view(
        screening=screening, form=library.get("custody-screen"), registry=library.registry,
        person=support.person(**names), recipient=Recipient.CPS, consents=[], legal_basis=None,
        agency=support.AGENCY, at=support.AT)
    return render_summary(view, Issue("SCRIPTS-1", support.AT, "Tester"))


@pytest.mark.parametrize("key", PEOPLE)
def test_the_name_comes_back_and_every_glyph_is_there(library: FormLibrary, key: str) -> None:
    names, shown, expected_font = PEOPLE[key]
    pdf = _summary(library, names)
    first_page = page_texts(pdf)[0]
    lines = [line.strip() for line in first_page.splitlines()]
    target = nfkc(shown)
    assert any(line.endswith(shown) or nfkc(line).endswith(target)
               or nfkc(line[::-1]).startswith(target) or target in nfkc(line[::-1])
               for line in lines), f"{key}: {lines!r}"
    assert any(font.startswith(expected_font) for font in page_fonts(pdf))
    for font, run in font_runs(shape(shown)):
        with TTFont(str(font_file(font)), lazy=True) as ttf:
            cmap = ttf.getBestCmap()
        assert not {char for char in run if ord(char) not in cmap}, (key, font)
        assert "\ufffd" not in run
