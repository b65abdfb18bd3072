"""`screening forms export-fhir` and `import-fhir` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from screening.cli import main
from tests.conftest import ROOT


@pytest.mark.parametrize("form_id", ["custody-screen", "ld-court-screen"])
def test_export_then_import_gives_a_valid_form(
    form_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["forms", "export-fhir", form_id]) == 0
    exported = capsys.readouterr().out
    Questionnaire.model_validate_json(exported)
    source = tmp_path / "q.json"
    source.write_text(exported, encoding="utf-8")

    assert main(["forms", "import-fhir", str(source), "-o", str(tmp_path / "out")]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == tmp_path / "out" / form_id / "1.0.0.yaml"
    assert main(["forms", "check", str(written)]) == 0


def test_plain_sdc_questionnaire_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = ROOT / "tests" / "fixtures" / "fhir" / "phq2-sdc.json"
    assert main(["forms", "import-fhir", str(source), "-o", str(tmp_path)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.exists()
    assert main(["forms", "check", str(written)]) == 0


def test_not_a_questionnaire_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "patient.json"
    source.write_text(json.dumps({"resourceType": "Patient"}), encoding="utf-8")
    assert main(["forms", "import-fhir", str(source), "-o", str(tmp_path)]) == 1
    assert "is not a Questionnaire we can import" in capsys.readouterr().err
