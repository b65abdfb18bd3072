from pathlib import Path

from tests.layers import violations

ROOT = Path(__file__).resolve().parents[2]


def test_the_project_keeps_its_layers() -> None:
    assert violations(ROOT) == []


def test_the_checker_catches_each_broken_rule() -> None:
    found = violations(ROOT / "tests" / "fixtures" / "layers_bad")
    expected = {
        "screening/services/qt.py:1": "only screening.ui may use Qt",
        "screening/store/conn.py:1": "only screening.ui may use Qt",
        "screening/ui/view.py:1": "screening.ui must not import screening.store",
        "sync/client.py:1": "sync must not import screening.ui",
        "sync/server/app.py:1": "sync must not import screening.ui",
        "screening/checklist/engine.py:1": "screening.checklist must not import screening.services",
        "screening/domain/models.py:1": "screening.domain must not import screening.store",
    }
    for where, rule in expected.items():
        assert any(v.startswith(where) and rule in v for v in found), (where, found)
    assert not any(v.startswith("screening/ui/ok.py") for v in found)
