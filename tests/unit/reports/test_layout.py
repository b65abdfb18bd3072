"""Page furniture, metadata, building blocks, and rendering in memory only."""

from __future__ import annotations

import builtins
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from screening.domain.enums import FlagLevel
from screening.reports.layout import LEVEL_STYLES, DocumentBuilder, DocumentSpec
from tests.unit.reports.pdfcheck import nfkc, page_fonts, page_texts

DOC_ID = "DS-2024-000123"
NAME = "Siân Dafydd-Ŵyn"
ARABIC_NAME = "محمد عبد الله"
LOREM = ("The person was seen in the custody suite and asked the screening questions in plain words, "
         "with breaks when they asked for them. ")


def _long_document(spec: DocumentSpec | None = None) -> DocumentBuilder:
    doc = DocumentBuilder(spec or DocumentSpec(title="Disclosable summary", document_id=DOC_ID))
    doc.heading("Disclosable summary")
    doc.key_values([("Name", NAME), ("Arabic name", ARABIC_NAME), ("Chinese name", "王秀英")])
    for level in FlagLevel:
        doc.flag(level=level, title=f"Flag {level.value}", definition="A plain definition.",
                 reasons=["based on health information held by Liaison and Diversion"],
                 reasons_label="Why")
    doc.heading("Notes", level=2)
    for number in range(40):
        doc.paragraph(f"Paragraph {number}. " + LOREM * 3)
    doc.bullets(["One", "Two"])
    doc.note("Health answers are withheld.", title="What is withheld and why", kind="withheld")
    return doc


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return _long_document().build()


def test_every_page_carries_marking_document_id_and_page_x_of_y(long_pdf: bytes) -> None:
    texts = page_texts(long_pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: marking top and bottom"
        assert DOC_ID in text, f"page {number}"
        assert f"Page {number} of {len(texts)}" in text, f"page {number}"


def test_metadata_has_the_title_and_id_but_no_personal_data(long_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(long_pdf))
    metadata = {key: str(value) for key, value in (reader.metadata or {}).items()}
    assert metadata["/Title"] == "Disclosable summary"
    assert DOC_ID in metadata["/Subject"] and "OFFICIAL-SENSITIVE" in metadata["/Subject"]
    everything = nfkc(" ".join(metadata.values()))
    for personal in (NAME, "Siân", "Dafydd", ARABIC_NAME, "محمد", "王秀英"):
        assert personal not in everything
    assert b"/Lang (en)" in long_pdf


def test_only_embedded_fonts_are_used(long_pdf: bytes) -> None:
    fonts = page_fonts(long_pdf)
    assert not any(font.startswith(("Helvetica", "Times", "Courier")) for font in fonts), fonts


def test_flag_levels_are_shown_as_words(long_pdf: bytes) -> None:
    text = "".join(page_texts(long_pdf))
    for level in FlagLevel:
        assert LEVEL_STYLES[level].word in text
        assert f"Flag {level.value}" in text


def test_rendering_writes_nothing_to_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    temp = Path(tempfile.gettempdir())
    before = set(os.listdir(temp))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("rendering must not create temporary files")

    for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile", "SpooledTemporaryFile"):
        monkeypatch.setattr(tempfile, name, refuse)
    real_open = builtins.open

    def read_only_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"rendering opened {file!r} for writing")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", read_only_open)
    pdf = _long_document(DocumentSpec(title="Handover sheet", document_id="HS-1")).build()
    monkeypatch.undo()
    assert pdf.startswith(b"%PDF-")
    assert set(os.listdir(temp)) - before == set()


def test_markup_characters_print_literally() -> None:
    doc = DocumentBuilder(DocumentSpec(title="Test", document_id="T-1"))
    doc.paragraph("Answer: <b>yes</b> & more")
    doc.key_values([("A & B", "<i>x</i>")])
    text = page_texts(doc.build())[0]
    assert "Answer: <b>yes</b> & more" in text
    assert "A & B" in text and "<i>x</i>" in text


def test_long_rtl_paragraph_is_broken_in_logical_order() -> None:
    words = [f"كلمة{number}" for number in range(1, 4)] + ["نص"] * 60 + ["النهاية"]
    doc = DocumentBuilder(DocumentSpec(title="Test", document_id="T-1"))
    doc.paragraph(" ".join(words))
    text = page_texts(doc.build())[0]
    arabic_lines = [nfkc(line) for line in text.splitlines() if "نص" in nfkc(line)]
    assert len(arabic_lines) >= 3
    # The first printed line holds the first words and the last printed line the last word,
    # whatever the order pypdf returns within a line.
    assert "كلمة1" in arabic_lines[0] or "1ةملك" in arabic_lines[0]
    assert "النهاية" in arabic_lines[-1] or "ةياهنلا" in arabic_lines[-1]


def test_welsh_document_numbers_its_pages_in_welsh() -> None:
    doc = DocumentBuilder(DocumentSpec(title="Copi hawdd ei ddarllen", document_id="ER-1", lang="cy",
                                       large_type=True))
    doc.heading("Beth ddigwyddodd")
    doc.paragraph("Mae’r ddogfen hon i chi, Siân.")
    text = page_texts(doc.build())[0]
    assert "Tudalen 1 o 1" in text and "OFFICIAL-SENSITIVE" in text


def test_large_type_is_larger() -> None:
    standard = DocumentBuilder(DocumentSpec(title="T", document_id="T-1"))
    large = DocumentBuilder(DocumentSpec(title="T", document_id="T-1", large_type=True))
    assert 10 <= standard.theme.body <= 11
    assert large.theme.body >= 16
    for doc in (standard, large):
        for _ in range(30):
            doc.paragraph(LOREM * 2)
    assert len(page_texts(large.build())) > len(page_texts(standard.build()))


def test_invariant_builds_are_byte_identical() -> None:
    first = _long_document().build(invariant=True)
    assert first == _long_document().build(invariant=True)


@pytest.mark.parametrize("field", ["title", "document_id", "marking"])
def test_spec_refuses_blank_fields(field: str) -> None:
    values = {"title": "T", "document_id": "D-1", "marking": "OFFICIAL-SENSITIVE", field: "  "}
    with pytest.raises(ValueError):
        DocumentSpec(**values)


def test_heading_level_is_checked() -> None:
    with pytest.raises(ValueError):
        DocumentBuilder(DocumentSpec(title="T", document_id="D-1")).heading("x", level=4)


def test_empty_document_still_renders_one_page_with_furniture() -> None:
    (text,) = page_texts(DocumentBuilder(DocumentSpec(title="T", document_id="D-9")).build())
    assert "D-9" in text and "Page 1 of 1" in text
