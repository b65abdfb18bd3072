"""The station folder, log/temp folders and shipped resources."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import platformdirs
import pytest

from screening import paths


def test_explicit_override_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "from-env"))
    assert paths.station_home(tmp_path / "explicit") == (tmp_path / "explicit").resolve()


def test_screening_home_overrides_the_machine_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "from-env"))
    assert paths.station_home() == (tmp_path / "from-env").resolve()


def test_machine_config_file_is_used_when_no_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    config = tmp_path / "station-home"
    config.write_text("# set by IT\n\n" + str(tmp_path / "shared") + "\n", encoding="utf-8")
    monkeypatch.setattr(paths, "home_config_file", lambda: config)
    assert paths.station_home() == (tmp_path / "shared").resolve()


def test_default_is_the_machine_wide_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.setattr(paths, "home_config_file", lambda: tmp_path / "absent")
    expected = Path(platformdirs.site_data_dir("screening", "Waypoint"))
    assert paths.station_home() == expected


def test_temp_and_log_folders_live_in_the_station_and_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.LOG_DIR_ENV, raising=False)
    home = tmp_path / "home"
    scratch = paths.temp_dir(home)
    logs = paths.log_dir(home)
    assert scratch == home / "tmp" and scratch.is_dir()
    assert logs == home / "logs" and logs.is_dir()
    if sys.platform != "win32":
        assert stat.S_IMODE(scratch.stat().st_mode) & 0o077 == 0
    monkeypatch.setenv(paths.LOG_DIR_ENV, str(tmp_path / "elsewhere"))
    assert paths.log_dir(home) == (tmp_path / "elsewhere").resolve()


def test_resource_path_from_source_finds_the_forms() -> None:
    assert paths.resource_path("forms").is_dir()
    assert paths.resource_path("forms", "flags.yaml").is_file()


def test_resource_path_when_frozen_uses_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.is_frozen()
    assert paths.resource_path("resources", "style.qss") == tmp_path / "resources" / "style.qss"


@pytest.mark.parametrize("part", ["../secrets", "/etc/passwd", "forms/../../x"])
def test_resource_path_stays_inside_the_bundle(part: str) -> None:
    with pytest.raises(ValueError):
        paths.resource_path(part)
