"""yaml_dump writes definitions the loader reads back unchanged, laid out like the shipped files."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
import yaml

from screening.checklist.loader import check_paths
from screening.checklist.model import Form
from screening.interop import yaml_dump
from tests.unit.interop.support import (
    FIXTURE_FORMS,
    SHIPPED,
    SHIPPED_FORM_IDS,
    all_forms,
    form_param_id,
    library,
)


def _layout(text: str) -> list[str]:
    """Lines without comments and without the continuation lines of folded prose."""
    lines: list[str] = []
    folded_indent: int | None = None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if folded_indent is not None and (indent > folded_indent or not line.strip()):
            continue
        folded_indent = indent if line.rstrip().endswith(">-") else None
        if not line.lstrip().startswith("#"):
            lines.append(line)
    return lines


@pytest.mark.parametrize("which", all_forms(), ids=form_param_id)
def test_forms_survive_and_pass_forms_check(which: tuple[Path, str], tmp_path: Path) -> None:
    root, form_id = which
    form = library(root).get(form_id)
    text = yaml_dump(form.definition)
    assert Form.model_validate(yaml.safe_load(text)) == form.definition
    target = tmp_path / form.id / f"{form.version}.yaml"
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    if root != SHIPPED:
        shutil.copy(root / "flags.yaml", tmp_path / "flags.yaml")
        shutil.copytree(root / "instruments", tmp_path / "instruments")
    assert [str(e) for e in check_paths([target], SHIPPED)] == []


@pytest.mark.parametrize("root", [SHIPPED, FIXTURE_FORMS], ids=["shipped", "fixtures"])
def test_instruments_survive(root: Path, tmp_path: Path) -> None:
    for (name, version), instrument in library(root).instruments.items():
        text = yaml_dump(instrument)
        target = tmp_path / "instruments" / name / f"{version}.yaml"
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
        assert check_paths([target], SHIPPED) == []


@pytest.mark.parametrize("form_id", SHIPPED_FORM_IDS)
def test_layout_matches_the_shipped_files(form_id: str) -> None:
    form = library(SHIPPED).get(form_id)
    assert form.path is not None
    shipped = _layout(form.path.read_text(encoding="utf-8"))
    written = _layout(yaml_dump(form.definition))
    similarity = difflib.SequenceMatcher(a=shipped, b=written, autojunk=False).ratio()
    assert similarity > 0.95, "\n".join(difflib.unified_diff(shipped, written, lineterm="", n=1))


def test_yes_no_and_other_ambiguous_strings_are_quoted() -> None:
    text = yaml_dump(library(SHIPPED).get("custody-screen").definition)
    assert '{code: "yes", label:' in text
    assert 'value: "yes"}' in text
    assert '{code: "1", label:' in text
    for raw in ("on", "Off", "y", "N", "true", "NULL", "1", "0x1F", "1e3", "20240101", "YES"):
        data = library(FIXTURE_FORMS).get("kitchen-sink").definition.model_dump(by_alias=True)
        data["sections"][0]["items"][4]["options"][2]["code"] = raw  # q's third option
        data["sections"][1]["items"][1]["enable_when"]["value"] = ["yes", raw]  # p_in
        form = Form.model_validate(data)
        loaded = yaml.safe_load(yaml_dump(form))
        assert loaded["sections"][0]["items"][4]["options"][2]["code"] == raw
        assert loaded["sections"][1]["items"][1]["enable_when"]["value"] == ["yes", raw]


def test_awkward_text_survives() -> None:
    data = library(FIXTURE_FORMS).get("kitchen-sink").definition.model_dump(by_alias=True)
    data["title"] = {"en": 'Quotes " and \' and: colons # hashes', "cy": "  leading spaces"}
    data["introduction"] = {"en": "Line one\nLine two\n", "cy": "ŵ ŷ â " * 40}
    data["sections"][0]["title"] = {"en": "- dash first", "ar": "العربية", "cy": "yes"}
    form = Form.model_validate(data)
    assert Form.model_validate(yaml.safe_load(yaml_dump(form))) == form


def test_header_comment() -> None:
    form = library(FIXTURE_FORMS).get("kitchen-sink").definition
    text = yaml_dump(form, header="Imported from x\nby a test")
    assert text.startswith("# Imported from x\n# by a test\nid: kitchen-sink\n")
