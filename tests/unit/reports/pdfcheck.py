"""Reading rendered PDFs back in the report tests."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader


def page_texts(pdf: bytes) -> list[str]:
    """The text pypdf extracts from each page of ``pdf``."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def page_fonts(pdf: bytes) -> set[str]:
    """The base font names used on any page, without the subset prefix ("AAAAAA+")."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names


def nfkc(text: str) -> str:
    """NFKC, which maps Arabic presentation forms (what is drawn) back to the base letters."""
    return unicodedata.normalize("NFKC", text)
