"""The shipped fonts, their licences, glyph coverage and font choice."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from screening.paths import resource_path
from screening.reports import fonts
from screening.reports.fonts import (
    DROID_SANS_FALLBACK,
    NOTO_SANS_ARABIC,
    PRIMARY_FONT,
    REPLACEMENT_CHARACTER,
    SHIPPED_FONTS,
    font_runs,
    missing_glyphs,
    pick_font,
)
from screening.reports.text import shape

FONT_DIR = resource_path("resources", "fonts")


@pytest.mark.parametrize("font", SHIPPED_FONTS, ids=lambda font: font.name)
def test_every_shipped_font_is_truetype_with_a_licence_and_a_readme_row(font: fonts.FontFile) -> None:
    path = FONT_DIR / font.filename
    with TTFont(str(path), lazy=True) as ttf:
        assert "glyf" in ttf, "reportlab can embed only TrueType (glyf) fonts"
        assert "CFF " not in ttf
    licence = FONT_DIR / font.licence
    assert licence.is_file() and licence.stat().st_size > 500, licence
    assert f"`{font.filename}`" in (FONT_DIR / "README.md").read_text(encoding="utf-8")


def test_font_folder_holds_only_listed_files_and_stays_small() -> None:
    listed = {font.filename for font in SHIPPED_FONTS}
    ttfs = {path.name for path in Path(FONT_DIR).glob("*.ttf")}
    assert ttfs == listed
    total = sum(path.stat().st_size for path in Path(FONT_DIR).iterdir())
    assert total < 15 * 1024 * 1024


def test_missing_glyphs_reads_the_cmap() -> None:
    assert missing_glyphs("Siân Dafydd-Ŵyn\n", PRIMARY_FONT) == set()
    assert missing_glyphs("王秀英", PRIMARY_FONT) == {"王", "秀", "英"}
    assert missing_glyphs("王秀英", DROID_SANS_FALLBACK.name) == set()
    # Urdu final yeh barree (as reshaped) is in Noto Sans Arabic but not DejaVu Sans.
    final_yeh_barree = "\ufbaf"
    assert missing_glyphs(final_yeh_barree, PRIMARY_FONT) == {final_yeh_barree}
    assert missing_glyphs(final_yeh_barree, NOTO_SANS_ARABIC.name) == set()


@pytest.mark.parametrize(
    ("text", "bold", "expected"),
    [
        ("Siân Dafydd-Ŵyn", False, "DejaVuSans"),
        ("Zażółć Gęślą-Jaźń", True, "DejaVuSans-Bold"),
        ("Дмитрий", False, "DejaVuSans"),
        (shape("محمد عبد الله"), False, "NotoSansArabic"),
        (shape("پرویز مشرف"), True, "NotoSansArabic-Bold"),
        ("王秀英", False, "DroidSansFallback"),
        ("王秀英", True, "DroidSansFallback"),  # no bold CJK face is shipped
    ],
)
def test_pick_font_takes_the_first_font_that_covers_everything(text: str, bold: bool, expected: str) -> None:
    chosen = pick_font(text, bold=bold)
    assert chosen == expected
    assert missing_glyphs(text, chosen) == set()


def test_font_runs_split_mixed_scripts_and_every_run_is_covered() -> None:
    drawn = shape("Ali علي 王 Li")
    runs = font_runs(drawn)
    assert "".join(run for _, run in runs) == drawn
    assert {font for font, _ in runs} == {"DejaVuSans", "NotoSansArabic", "DroidSansFallback"}
    for font, run in runs:
        assert missing_glyphs(run, font) == set()


def test_uncovered_character_becomes_a_visible_replacement_and_the_log_has_no_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    malayalam_ka = "\u0d15"  # no shipped font has Malayalam
    with caplog.at_level(logging.WARNING, logger="screening.reports.fonts"):
        runs = font_runs(f"Anu {malayalam_ka}")
    assert runs == [(PRIMARY_FONT, f"Anu {REPLACEMENT_CHARACTER}")]
    assert "MALAYALAM" in caplog.text
    assert malayalam_ka not in caplog.text and "Anu" not in caplog.text


def test_font_file_refuses_unknown_names() -> None:
    with pytest.raises(ValueError):
        fonts.font_file("Comic Sans")
