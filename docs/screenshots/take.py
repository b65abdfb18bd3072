"""Takes the screening wizard's screenshots at 100 % and 200 % text size.

Run from the repository root under a real X server (the xcb platform, real fonts):

    xvfb-run -a .venv/bin/python docs/screenshots/take.py

or, to retake some shots only (the others are left as they are), name them:
``take.py wizard-review-welsh-100 person-page-welsh-200``.

Writes PNGs next to this file: the read-aloud introduction, a section with a conditional question
shown (A7_custody, which appears because A7 = "within the last month"), and the review page with
its flags; plus the review page in high contrast. Answers go to a sink that keeps nothing; the
people and answers are fictional. Then the people and screening-flow pages over a throwaway
station (``flow_shots.py``), and the station screens (first run, recovery key, login, home, lock,
admin) of the whole app (``station_shots.py``).
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from screening.checklist.answers import Value  # noqa: E402
from screening.checklist.loader import FormLibrary  # noqa: E402
from screening.paths import resource_path  # noqa: E402
from screening.ui.i18n import set_language  # noqa: E402
from screening.ui.tasks import BackgroundTasks  # noqa: E402
from screening.ui.theme import ThemeController, ThemeSettings  # noqa: E402
from screening.ui.wizard import INTRO_PAGE, REVIEW_PAGE  # noqa: E402
from screening.ui.wizard_controller import WizardController  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flow_shots import FlowShots  # noqa: E402
from station_shots import StationShots  # noqa: E402

OUT = Path(__file__).resolve().parent
SIZE = (1280, 860)
SETTLE_MS = 250
WAIT_S = 15

ANSWERS: dict[str, Value] = {
    "A1": date(1990, 2, 1), "A1b": "no", "A2": "no", "A3": "Worried about my children",
    "A3_observation": ["anxious", "low_or_tearful"], "A4": "no", "A5": "unsure",
    "A7": "within_month", "A7_custody": "no", "A8": "yes", "A9a": "no", "A10": ["none"],
    "A11": "no", "A12": "no", "A13_language": "en", "A13_interpreter": "no",
    "A14": ["distressed"], "A15_i": "yes", "A15_ii": "no", "A15_iii": "unsure", "A16": "no",
    "A18": "3", "A19_referred": ["liaison_diversion"],
}


class NothingKept:
    """An answer sink that keeps nothing: screenshots need no station."""

    def save_answer(self, *, code: str, value: Value | None) -> None:
        return None

    def save_position(self, *, section_id: str | None, item_code: str | None) -> None:
        return None


def main() -> int:
    only = {name.removesuffix(".png") for name in sys.argv[1:] if not name.startswith("-")}
    app = QApplication(sys.argv)
    app.setQuitOnLastWindowClosed(False)  # pages come and go between shots
    if app.platformName() == "offscreen":
        print("run under xvfb-run (the xcb platform), not offscreen", file=sys.stderr)
    library = FormLibrary.load(resource_path("forms"))
    form = library.get("custody-screen")
    theme = ThemeController(app, ThemeSettings())
    tasks = BackgroundTasks()
    tasks.start()
    steps: list[Callable[[], object]] = []
    wizard: WizardController | None = None
    written: list[Path] = []

    def open_wizard(scale: float, high_contrast: bool = False) -> None:
        nonlocal wizard
        if wizard is not None:
            wizard.view.close()
        theme.apply(ThemeSettings(font_scale=scale, high_contrast=high_contrast))
        wizard = WizardController(form=form, registry=library.registry,
                                  screening_date=date(2026, 5, 9), sink=NothingKept(),
                                  database=tasks.database, answers=ANSWERS, theme=theme)
        wizard.view.resize(*SIZE)
        wizard.view.show()
        wizard.view.activateWindow()

    def show(page: str, item: str | None = None, top: str | None = None) -> None:
        assert wizard is not None
        if item is not None:
            wizard.go_to_item(item)
        else:
            wizard.go_to(page)
        if top is not None:
            # Start the view at the question that brings the conditional one up.
            section = wizard.view.sections[page]
            QTimer.singleShot(SETTLE_MS // 2, lambda: section.verticalScrollBar().setValue(
                wizard.view.items[top].y() - 16 if wizard else 0))

    def save_whole_review(name: str) -> None:
        assert wizard is not None
        if only and name not in only:
            return
        page = wizard.review.view.widget()
        path = OUT / f"{name}.png"
        page.grab().save(str(path))
        written.append(path)

    def save(name: str) -> None:
        assert wizard is not None
        if only and name not in only:
            return
        path = OUT / f"{name}.png"
        wizard.view.grab().save(str(path))
        written.append(path)

    for scale in (1.0, 2.0):
        percent = round(scale * 100)
        steps += [
            lambda scale=scale: open_wizard(scale),
            lambda: show(INTRO_PAGE),
            lambda percent=percent: save(f"wizard-intro-{percent}"),
            lambda: show("health", "A7_custody", top="A7"),
            lambda percent=percent: save(f"wizard-section-conditional-{percent}"),
            lambda: show(REVIEW_PAGE),
            lambda percent=percent: save(f"wizard-review-flags-{percent}"),
        ]
    # The interface in Welsh (the form's own text stays in the form language, English here).
    for scale in (1.0, 2.0):
        percent = round(scale * 100)
        steps += [
            lambda: set_language("cy"),
            lambda scale=scale: open_wizard(scale),
            lambda: show(INTRO_PAGE),
            lambda percent=percent: save(f"wizard-intro-welsh-{percent}"),
            lambda: show("health", "A7_custody", top="A7"),
            lambda percent=percent: save(f"wizard-section-welsh-{percent}"),
            lambda: show(REVIEW_PAGE),
            lambda percent=percent: save(f"wizard-review-welsh-{percent}"),
            lambda: set_language("en"),
        ]

    def person_facing() -> None:
        assert wizard is not None
        wizard.set_language("cy")
        wizard.set_easy_read(True)

    steps += [
        lambda: open_wizard(1.0),
        person_facing,
        lambda: show("about_you", "A2"),
        lambda: save("wizard-section-easy-read-welsh-100"),
        lambda: show(REVIEW_PAGE),
        lambda: save_whole_review("wizard-review-whole-page-100"),
        lambda: open_wizard(1.0, high_contrast=True),
        lambda: show(REVIEW_PAGE),
        lambda: save("wizard-review-flags-high-contrast-100"),
    ]

    steps.append(lambda: wizard.view.close() if wizard is not None else None)
    flow = FlowShots(out=OUT, size=SIZE, theme=theme, tasks=tasks, library=library,
                     written=written, only=only)
    steps += flow.steps()
    # The station screens: first run, recovery key, login, home, lock, admin
    # (station_shots.py).
    steps += StationShots(out=OUT, size=SIZE, library=library, written=written, only=only).steps()

    def run_next() -> None:
        if not steps:
            if wizard is not None:
                wizard.view.close()
            app.quit()
            return
        try:
            waiting = steps.pop(0)()
        except Exception:
            traceback.print_exc()
            failed.append(True)
            app.quit()
            return
        settle(waiting, time.monotonic())

    def settle(waiting: object, started: float) -> None:
        # A step may return a check (e.g. "the search results are in"): wait for it first.
        if callable(waiting) and not waiting() and time.monotonic() - started < WAIT_S:
            QTimer.singleShot(50, lambda: settle(waiting, started))
            return
        # Let layouts and the window system settle between steps (the event loop runs meanwhile).
        QTimer.singleShot(SETTLE_MS, run_next)

    failed: list[bool] = []
    QTimer.singleShot(0, run_next)
    app.exec()
    tasks.shutdown()
    for path in written:
        print(path.relative_to(ROOT))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
