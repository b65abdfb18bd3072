"""`screening forms check`: the shipped forms pass; each deliberate break gives one clear line."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from screening.cli import main
from tests.conftest import FORMS

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?P<message>.+)$")


def check(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, list[str], str]:
    code = main(["forms", "check", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_shipped_forms_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = check(capsys)
    assert (code, lines) == (0, [])
    assert "all forms valid" in err


def _item(data: dict[str, Any], code: str) -> dict[str, Any]:
    for section in data["sections"]:
        for item in section.get("items", []):
            if item["code"] == code:
                return item  # type: ignore[no-any-return]
    raise KeyError(code)


def _unknown_item(data: dict[str, Any]) -> None:
    _item(data, "A9b")["enable_when"] = {"item": "A99", "op": "eq", "value": "yes"}


def _cycle(data: dict[str, Any]) -> None:
    _item(data, "A7")["enable_when"] = {"item": "A7_custody", "op": "eq", "value": "yes"}


def _bad_option(data: dict[str, Any]) -> None:
    _item(data, "A7_custody")["enable_when"] = {
        "item": "A7", "op": "in", "value": ["over_12_months", "last_week"]
    }


BREAKS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    # name: (mutation, expected message fragment, text expected on the reported line)
    "unknown item": (_unknown_item, "unknown item 'A99'", "A99"),
    "cycle": (_cycle, "conditions form a cycle: A7 -> A7_custody -> A7", "enable_when"),
    "bad option code": (_bad_option, "'last_week' is not an option of A7", "last_week"),
}


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "forms"
    shutil.copytree(FORMS, copy)
    return copy


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_gives_one_clear_line(
    name: str, forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate, message, on_line = BREAKS[name]
    path = forms_copy / "custody-screen" / "1.0.0.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    code, lines, err = check(capsys, forms_copy)
    assert code == 1
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match, lines[0]
    assert Path(match["file"]) == path
    assert message in match["message"]
    reported = path.read_text(encoding="utf-8").splitlines()[int(match["line"]) - 1]
    assert on_line in reported, (lines[0], reported)
    assert "Traceback" not in err


def test_yaml_syntax_error_names_the_line(
    forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = forms_copy / "custody-screen" / "1.0.0.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    text.insert(5, "title: [unclosed")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")

    code, lines, err = check(capsys, path)
    assert code == 1
    assert len(lines) == 1, lines
    match = LINE.match(lines[0])
    assert match and match["field"] == "(yaml)"
    assert int(match["line"]) in (6, 7)
    assert "Traceback" not in err


def test_wrong_field_names_its_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "custody-screen" / "1.0.0.yaml"
    path.parent.mkdir()
    data = yaml.safe_load((FORMS / "custody-screen" / "1.0.0.yaml").read_text(encoding="utf-8"))
    _item(data, "A2")["disclosure"] = "public"
    _item(data, "A8")["colour"] = "red"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    code, lines, _ = check(capsys, path)
    assert code == 1
    fields = sorted(LINE.match(line)["field"] for line in lines)  # type: ignore[index]
    assert len(fields) == 2
    assert any("(A2).disclosure" in f for f in fields)
    assert any("(A8).colour" in f for f in fields)


def test_missing_path_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = check(capsys, tmp_path / "nowhere.yaml")
    assert code == 1
    assert lines == [f"{tmp_path / 'nowhere.yaml'}:1: (file): no such file or folder"]
