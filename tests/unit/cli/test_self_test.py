"""`screening self-test` includes a temporary station that unlocks with its pragmas asserted."""

from __future__ import annotations

from pathlib import Path

from tests.unit.cli.conftest import base_env, run_cli


def test_self_test_passes_and_runs_the_station_step(tmp_path: Path) -> None:
    result = run_cli(["self-test"], base_env(tmp_path / "station"))
    assert result.code == 0, str(result)
    lines = result.out.splitlines()
    assert any(line.startswith("ok   station: a temporary station") for line in lines), result.out
    assert lines[-1] == "self-test passed"
    assert not (tmp_path / "station").exists()  # the self-test never touches the real station
