"""The path to the login window stays light: plain `screening` skips the command-line parser and
the command modules, and nothing heavier than Qt and the theme is imported before the window is
shown (issue 4 item 9: forms, PDF and FHIR machinery load afterwards).

Each check runs in a fresh interpreter, since this one has long since imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from screening import cli

ROOT = Path(__file__).resolve().parents[2]

NOT_BEFORE_THE_WINDOW = (
    # the services and what they stand on: imported on the database worker once the window shows
    "screening.services", "screening.store", "screening.checklist", "screening.interop",
    "screening.reports", "screening.domain.models", "sync", "pydantic", "sqlcipher3", "argon2",
    "cryptography", "nacl", "yaml",
    # PDFs, FHIR, the network and the central service's libraries: only when used
    "reportlab", "fontTools", "pypdf", "fhir", "fhir_core", "httpx", "sqlalchemy", "psycopg",
    # the command line's parser and commands
    "screening.cli_station",
    # the platform's folders: the station folder is looked up once the window shows
    "platformdirs",
    # the workers and the lock screen: made once the window shows (with the domain's enums,
    # dataclasses and dates, a few milliseconds each at start-up)
    "screening.ui.tasks", "queue", "screening.ui.lockscreen", "screening.domain", "dataclasses",
    "datetime",
)

NOT_MADE_BEFORE_THE_WINDOW = (
    # Qt widget classes only a language switch (``i18n.retranslate``) or later screens use:
    # PySide6 makes a class's Python type when it is first imported, so they are imported then
    "QAbstractItemView", "QGroupBox", "QMenu", "QPlainTextEdit", "QTabWidget", "QTextEdit",
)

AT_SHOWN = """
import json, sys
from pathlib import Path
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
from screening import app, paths
from screening.ui.startup import StartupOptions, run

events = []
find_home = paths.station_home
def station_home(*args):
    events.append("station folder looked up")
    return find_home(*args)
paths.station_home = station_home

def probe(event):
    events.append(event)
    if event == "shown":
        print(json.dumps(sorted(sys.modules)), flush=True)
        print(json.dumps(sorted(vars(PySide6.QtWidgets))), flush=True)
        made = [*vars(PySide6.QtCore), *vars(PySide6.QtGui), *vars(PySide6.QtWidgets)]
        print(json.dumps(sorted(made)), flush=True)

code = run(StartupOptions(home=None, load_library=app.load_library, probe=probe, exit_when_ready=True))
print(json.dumps(events), flush=True)
sys.exit(code)
"""

GUI_ENTRY = """
import json, sys
from screening import app, cli
opened = []
app.main = lambda *, demo=False, home=None: opened.append(demo) or 0
codes = [cli.main([]), cli.main(["--demo"]), cli.main(["-v", "--demo"])]
print(json.dumps({"opened": opened, "codes": codes, "modules": sorted(sys.modules)}))
"""


def _python(code: str, *args: str, **env_extra: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **env_extra)
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules
            if any(m == name or m.startswith(name + ".") for name in NOT_BEFORE_THE_WINDOW)]


def test_nothing_heavy_is_imported_before_the_login_window_shows(tmp_path: Path) -> None:
    out = _python(AT_SHOWN, SCREENING_HOME=str(tmp_path / "station"))
    modules = json.loads(out.splitlines()[0])
    assert "screening.ui.login" in modules  # the probe really ran with the window up
    assert _heavy(modules) == []
    widget_classes = set(json.loads(out.splitlines()[1]))
    assert "QLabel" in widget_classes  # PySide6 lists the classes it has made
    assert widget_classes.isdisjoint(NOT_MADE_BEFORE_THE_WINDOW)
    # No Qt event reaches Python before the window shows (no event filter or event handler
    # written in Python on it): the first that does makes PySide6 build all its event classes.
    made = json.loads(out.splitlines()[2])
    assert "QLabel" in made and [name for name in made if name.endswith("Event")] == []
    events = json.loads(out.splitlines()[-1])
    assert events[:2] == ["shown", "station folder looked up"] and events[-1] == "ready"


def test_plain_screening_opens_the_app_without_the_parser() -> None:
    result = json.loads(_python(GUI_ENTRY).splitlines()[-1])
    assert result["opened"] == [False, True, True]
    assert result["codes"] == [0, 0, 0]
    assert _heavy(result["modules"]) == []


@pytest.mark.parametrize("arguments", [
    ["--help"], ["--version"], ["--dem"], ["--demo", "forms", "list"], ["self-test"], ["-h"],
])
def test_anything_else_goes_to_the_parser(arguments: list[str]) -> None:
    assert cli._gui_only(arguments) is None


def test_the_fast_path_reads_the_same_options_as_the_parser() -> None:
    for arguments in ([], ["--demo"], ["-v"], ["--verbose", "--demo"]):
        fast = cli._gui_only(arguments)
        parsed = cli.build_parser().parse_args(arguments)
        assert fast is not None
        assert (fast.demo, fast.verbose, fast.func) == (parsed.demo, parsed.verbose, parsed.func)


def test_the_app_is_drawn_with_fusion_whatever_the_environment_asks() -> None:
    code = ("import sys\nfrom screening.ui.theme import new_application\n"
            "print(new_application(sys.argv).style().name())")
    assert _python(code, QT_STYLE_OVERRIDE="Windows").strip().splitlines()[-1] == "fusion"
