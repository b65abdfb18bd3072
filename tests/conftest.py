"""Shared fixtures. Qt runs offscreen; every test that touches a station gets its own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "forms"

settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh station folder: SCREENING_HOME points at it for the test's duration."""
    home = tmp_path / "station"
    home.mkdir()
    monkeypatch.setenv("SCREENING_HOME", str(home))
    yield home


@pytest.fixture(scope="session")
def library():  # type: ignore[no-untyped-def]
    """The shipped forms, loaded once."""
    from screening.checklist.loader import FormLibrary

    return FormLibrary.load(FORMS)
