"""Smoke test of the frozen station build in dist/screening/ (made by packaging/build).

Runs only when the bundle exists and is newer than the sources it was built from; with
``SCREENING_BUILD_BUNDLE=1`` it builds the bundle first. Otherwise every test here is skipped with
the reason.

Covers: the console `screening-cli` (version, help, the full `self-test` with the production
key-derivation settings, resources found inside the bundle); the windowed `screening` (version,
help, and a Qt start offscreen and under Xvfb through the launcher's SCREENING_SMOKE_QT check:
theme applied, SVG icons loaded by Qt's plugins, a window shown); and what the bundle holds (every
module of the app, forms/ and resources/, only the Qt plugins the app uses, nothing from tests,
docs, .venv, the central service or unused Qt modules).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from screening import selftest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "screening"
INTERNAL = BUNDLE / "_internal"
SUFFIX = ".exe" if sys.platform == "win32" else ""
BUILD_ENV = "SCREENING_BUILD_BUNDLE"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

# What the bundle is built from: a bundle older than any of these is stale.
SOURCES = ("screening", "sync", "forms", "resources", "packaging", "pyproject.toml")

pytestmark = pytest.mark.timeout(900)  # building the bundle first takes a minute or two


def _newest_source_after(moment: float) -> Path | None:
    for top in SOURCES:
        base = ROOT / top
        for path in [base] if base.is_file() else base.rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            if path.stat().st_mtime > moment:
                return path
    return None


@pytest.fixture(scope="module")
def bundle() -> Path:
    """dist/screening/, built first when SCREENING_BUILD_BUNDLE=1; skips when missing or stale."""
    cli = BUNDLE / f"screening-cli{SUFFIX}"
    if os.environ.get(BUILD_ENV) == "1":
        done = subprocess.run(["bash", str(ROOT / "packaging" / "build")], cwd=ROOT,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1200)
        assert done.returncode == 0, f"packaging/build failed\n{done.stdout}\n{done.stderr}"
        return BUNDLE  # just built: fresh, whatever changed in the work tree while it built
    if not cli.exists():
        pytest.skip("no frozen bundle in dist/screening/: run packaging/build first, or set "
                    f"{BUILD_ENV}=1 to build it as part of the test")
    started = ROOT / "build" / "started"  # written by packaging/build when it starts
    built_from = min(cli.stat().st_mtime, started.stat().st_mtime if started.exists() else float("inf"))
    newer = _newest_source_after(built_from)
    if newer is not None:
        pytest.skip(f"dist/screening/ is older than {newer.relative_to(ROOT)}: rebuild it with "
                    f"packaging/build (or set {BUILD_ENV}=1)")
    return BUNDLE


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a clean machine: no Python or screening settings from this one."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SCREENING_", "PYTHON", "QT_", "VIRTUAL_ENV"))}
    env.update(
        SCREENING_HOME=str(tmp_path / "station"),
        # A frozen build must ignore the tests-only resource override and use its own files.
        SCREENING_RESOURCE_ROOT=str(tmp_path / "not-the-bundle"),
        SCREENING_LOG_DIR=str(tmp_path / "logs"),
    )
    env.update(extra)
    return env


def _run(bundle: Path, exe: str, args: list[str], tmp_path: Path, *, timeout: float = 120,
         prefix: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*prefix, str(bundle / f"{exe}{SUFFIX}"), *args], cwd=tmp_path, env=_clean_env(tmp_path, **env),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _explain(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


# ------------------------------------------------------------------------------ screening-cli


def test_cli_reports_the_version_from_pyproject(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, "screening-cli", ["--version"], tmp_path)
    assert done.returncode == 0, _explain(done)
    assert done.stdout.strip() == f"screening {VERSION}"


def test_cli_prints_help_with_every_command(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, "screening-cli", ["--help"], tmp_path)
    assert done.returncode == 0, _explain(done)
    for command in ("forms", "score", "station", "users", "audit", "backup", "restore", "self-test"):
        assert f"    {command} " in done.stdout, _explain(done)


def test_frozen_self_test_passes_every_step(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, "screening-cli", ["self-test"], tmp_path)  # production Argon2id settings
    assert done.returncode == 0, _explain(done)
    lines = done.stdout.splitlines()
    for name, _ in selftest.STEPS:
        assert any(line.startswith(f"ok   {name}: ") for line in lines), _explain(done)
    assert lines[-1] == "self-test passed"
    assert f"under {INTERNAL}" in done.stdout  # resources came from the bundle, not the override
    assert not (tmp_path / "station").exists()  # the self-test never touches the real station


def test_cli_lists_the_shipped_forms(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, "screening-cli", ["forms", "list"], tmp_path)
    assert done.returncode == 0, _explain(done)
    shipped = {p.parent.name for p in (ROOT / "forms").glob("*/*.yaml")} - {"instruments"}
    listed = {line.split("\t", 1)[0] for line in done.stdout.splitlines()}
    assert listed == shipped


# ------------------------------------------------------------------------------ screening (GUI)


def test_windowed_app_reports_version_and_help(bundle: Path, tmp_path: Path) -> None:
    # On Windows the windowed executable has no console: only the exit code can be checked there.
    for args in (["--version"], ["--help"]):
        done = _run(bundle, "screening", args, tmp_path, QT_QPA_PLATFORM="offscreen")
        assert done.returncode == 0, _explain(done)
    if sys.platform != "win32":
        assert _run(bundle, "screening", ["--version"], tmp_path).stdout.strip() == f"screening {VERSION}"


def test_windowed_app_starts_qt_offscreen(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, "screening", [], tmp_path, timeout=60,
                QT_QPA_PLATFORM="offscreen", SCREENING_SMOKE_QT="1")
    assert done.returncode == 0, _explain(done)
    if sys.platform != "win32":
        assert done.stdout.startswith("qt smoke passed: platform offscreen, theme applied"), _explain(done)


@pytest.mark.skipif(sys.platform != "linux" or shutil.which("xvfb-run") is None,
                    reason="needs Linux with xvfb-run (Debian xvfb and xauth)")
def test_windowed_app_starts_on_x11_under_xvfb(bundle: Path, tmp_path: Path) -> None:
    done = _run(bundle, "screening", [], tmp_path, timeout=60, prefix=("xvfb-run", "-a"),
                SCREENING_SMOKE_QT="1")
    assert done.returncode == 0, _explain(done)
    assert done.stdout.startswith("qt smoke passed: platform xcb"), _explain(done)


@pytest.mark.parametrize("station", ["none (first-run screen)", "created (login window)"])
def test_windowed_app_starts_to_its_first_window(bundle: Path, tmp_path: Path, station: str) -> None:
    home = tmp_path / "station"
    if station.startswith("created"):
        from screening.store.keyslots import INSECURE_TEST_KDF
        from screening.store.station import create_station

        create_station(home, name="Smoke suite", agency="Smoke Police", site="Smoke", admin_id="admin1",
                       admin_name="Smoke Admin", admin_passphrase="smoke test passphrase",
                       kdf=INSECURE_TEST_KDF)
    before = sorted(p.name for p in home.iterdir()) if home.exists() else []
    done = _run(bundle, "screening", [], tmp_path, timeout=90,
                QT_QPA_PLATFORM="offscreen", SCREENING_STARTUP_PROBE="exit")
    assert done.returncode == 0, _explain(done)
    if sys.platform != "win32":
        events = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
        assert events[:2] == ["shown", "ready"], _explain(done)
    if station.startswith("created"):  # the login window opened the station's folder, changing nothing
        assert sorted(p.name for p in home.iterdir()) == before


# ------------------------------------------------------------------------------ contents


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_bundle_ships_forms_and_resources_as_folders(bundle: Path) -> None:
    for folder in ("forms", "resources"):
        assert _files_under(INTERNAL / folder) == _files_under(ROOT / folder), folder


def test_bundle_holds_nothing_from_tests_docs_or_the_virtualenv(bundle: Path) -> None:
    unwanted_parts = {"tests", "fixtures", "docs", ".venv", "site-packages"}
    for path in bundle.rglob("*"):
        relative = path.relative_to(bundle)
        assert not unwanted_parts & set(relative.parts), relative
        assert path.suffix not in {".db", ".sqlite", ".wal"}, relative  # no station files
    assert not (INTERNAL / "PySide6" / "Qt" / "translations").exists()  # Qt's own catalogues


def test_bundle_ships_only_the_qt_plugins_and_modules_the_app_uses(bundle: Path) -> None:
    qt = INTERNAL / "PySide6"
    plugins = {p.relative_to(qt / "Qt" / "plugins").parent.as_posix() + "/"
               + p.name.split(".", 1)[0].removeprefix("lib")
               for p in (qt / "Qt" / "plugins").rglob("*") if p.is_file()}
    allowed = {"platforms/qxcb", "platforms/qoffscreen", "platforms/qminimal", "platforms/qwindows",
               "imageformats/qsvg", "imageformats/qico", "iconengines/qsvgicon",
               "platforminputcontexts/composeplatforminputcontextplugin"}
    assert {p for p in plugins if not p.startswith(("styles/", "printsupport/"))} <= allowed
    assert "platforms/qoffscreen" in plugins and "imageformats/qsvg" in plugins
    # QtPdf (the disclosure preview) is used; libQt6Network only as a library QtPdf links, never as
    # a module (checked in the next test). QtPdfWidgets and QtPdfQuick are not used.
    for unused in ("Qml", "Quick", "WebEngine", "Multimedia", "3D", "PdfWidgets", "PdfQuick", "Charts",
                   "OpenGL", "Wayland", "EglFS"):
        found = [p.name for p in bundle.rglob(f"*Qt6{unused}*")] + [p.name for p in qt.glob(f"Qt{unused}*")]
        assert not found, found
    assert not list(qt.glob("QtNetwork*")), "the QtNetwork module ships"


def _app_modules_built_into(bundle: Path) -> set[str]:
    """The modules of screening/ that existed when the bundle was built (others may be added to a
    shared work tree while it builds)."""
    cli = bundle / f"screening-cli{SUFFIX}"
    started = ROOT / "build" / "started"
    built_from = started.stat().st_mtime if started.exists() else cli.stat().st_mtime
    names = set()
    for path in (ROOT / "screening").rglob("*.py"):
        if path.stat().st_mtime <= built_from:
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_bundle_holds_every_app_module_and_none_of_the_development_ones(bundle: Path) -> None:
    readers = pytest.importorskip("PyInstaller.archive.readers")
    archive = readers.CArchiveReader(str(bundle / f"screening-cli{SUFFIX}"))
    modules = set(archive.open_embedded_archive("PYZ.pyz").toc)
    missing = sorted(_app_modules_built_into(bundle) - modules)
    assert not missing, missing
    for needed in ("sync.protocol", "sqlcipher3.dbapi2", "fhir.resources.R4B.questionnaire",
                   "argon2.low_level", "nacl.public", "reportlab.platypus",
                   "fontTools.ttLib.tables._c_m_a_p", "bidi", "arabic_reshaper", "pydantic"):
        assert needed in modules, needed
    # Extension modules are files beside the archive.
    for extension in ("PySide6/QtCore", "PySide6/QtGui", "PySide6/QtWidgets", "PySide6/QtSvg",
                      "PySide6/QtPdf", "sqlcipher3/_sqlite3", "cryptography/hazmat/bindings/_rust",
                      "_argon2_cffi_bindings/_ffi", "nacl/_sodium", "bidi/bidi",
                      "pydantic_core/_pydantic_core"):
        folder, name = extension.rsplit("/", 1)
        assert list((INTERNAL / folder).glob(f"{name}.*")), extension
    # QtPdf draws the disclosure preview; its library needs QtNetwork's library (not the module).
    for library in ("libQt6Pdf", "libQt6Network"):
        assert list(bundle.rglob(f"*{library}*")), library
    unwanted = ("tests", "pytest", "_pytest", "pytestqt", "hypothesis", "sync.server", "fastapi",
                "sqlalchemy", "uvicorn", "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick",
                "fhir.resources.STU3", "fhir.resources.patient", "tkinter", "rich")
    shipped = sorted(m for m in modules if m in unwanted or m.startswith(tuple(f"{u}." for u in unwanted)))
    assert not shipped, shipped
