"""The screening flow: from pressing an option to the answer being committed in the station.

The real wizard (``WizardController``, shown offscreen) over a real encrypted station on disk,
through the app's own path: the key press goes to an option of the custody screen; the wizard
re-evaluates the form, refreshes the page and hands the answer to the ``ServicesAnswerSink`` on
the database worker, which commits it with ``services.screenings.answer`` (one transaction with
its audit row, WAL, synchronous=FULL); the result comes back to the UI thread as "Saved".

Two figures per press, p95 of many presses on questions that show and hide a follow-up (A4, A5)
and that do not (A8, A11), each press changing the answer:
- press -> committed: when ``services.screenings.answer`` has returned on the worker (the answer
  is on disk), target p95 < 30 ms;
- press -> "Saved" shown: the same plus the trip back to the UI thread (no target; for context).
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from tests.bench.bench_store import ADMIN, ADMIN_PASS, OFFICER, OFFICER_PASS, _disk_folder
from tests.bench.run import Options, Result, percentile

PRESSES = (("A4", 1), ("A4", 2), ("A8", 1), ("A8", 2), ("A11", 1), ("A11", 2), ("A5", 1),
           ("A5", 2), ("A8", 3), ("A2", 1), ("A2", 2))
"""(question, option number) in the order pressed; consecutive presses on a question differ."""


class TimedSink:
    """Wraps the app's sink: notes when each commit has returned (on the worker)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.committed: list[float] = []

    def save_answer(self, *, code: str, value: Any) -> None:
        self.inner.save_answer(code=code, value=value)
        self.committed.append(time.perf_counter())

    def save_position(self, *, section_id: str | None, item_code: str | None) -> None:
        self.inner.save_position(section_id=section_id, item_code=item_code)


def _measure(opts: Options, home: Path) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from screening.checklist.loader import FormLibrary
    from screening.paths import resource_path
    from screening.services import PersonDetails, Services
    from screening.store.keyslots import INSECURE_TEST_KDF
    from screening.store.station import create_station, unlock
    from screening.ui.sink import ServicesAnswerSink
    from screening.ui.tasks import BackgroundTasks
    from screening.ui.wizard_controller import WizardController, WizardPosition

    app = QApplication.instance() or QApplication([])
    library = FormLibrary.load(resource_path("forms"))
    create_station(home, name="Bench", agency="Fictional", site="A", admin_id=ADMIN,
                   admin_name="Admin", admin_passphrase=ADMIN_PASS, kdf=INSECURE_TEST_KDF)
    with unlock(home, user_id=ADMIN, passphrase=ADMIN_PASS) as admin:
        admin.add_user(user_id=OFFICER, display_name="Officer", role="custody_officer",
                       passphrase=OFFICER_PASS, must_change=False, kdf=INSECURE_TEST_KDF)
    tasks = BackgroundTasks()
    tasks.start()

    def wait(predicate: Any, timeout_ms: int = 10_000) -> None:
        loop = QEventLoop()
        deadline = time.perf_counter() + timeout_ms / 1000
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: loop.quit() if predicate() or time.perf_counter() > deadline
                              else None)
        timer.start()
        if not predicate():
            loop.exec()
        timer.stop()
        if not predicate():
            raise TimeoutError("the wizard did not report the save in time")

    opened: dict[str, Any] = {}

    def open_draft() -> None:
        station = unlock(home, user_id=OFFICER, passphrase=OFFICER_PASS)
        services = Services(station, library)
        person = services.people.create(details=PersonDetails(
            given_names="Bench", family_name="Person", date_of_birth=date(1990, 1, 2)))
        draft = services.screenings.start(person_id=person.id, form_id="custody-screen")
        opened.update(services=services, draft=draft,
                      sink=ServicesAnswerSink(services, UUID(str(draft.id))))

    tasks.database.submit(open_draft, label="bench open draft")
    wait(lambda: "sink" in opened)
    sink = TimedSink(opened["sink"])
    form = library.get("custody-screen")
    wizard = WizardController(form=form, registry=library.registry,
                              screening_date=opened["draft"].screening_date, sink=sink,
                              database=tasks.database, answers=opened["draft"].answer_values(),
                              position=WizardPosition("health", "A4"))
    wizard.view.resize(1280, 860)
    wizard.view.show()
    saved: list[float] = []
    wizard.answer_saved.connect(lambda _code: saved.append(time.perf_counter()))

    to_commit: list[float] = []
    to_saved: list[float] = []
    warmup = 20
    presses = warmup + opts.repeats(300, 80)
    keys = {1: Qt.Key.Key_1, 2: Qt.Key.Key_2, 3: Qt.Key.Key_3}
    try:
        for n in range(presses):
            code, option = PRESSES[n % len(PRESSES)]
            page = form.section_of[code]
            if wizard.view.current_page() != page:
                wizard.go_to(page, item_code=code)
            button = wizard.view.items[code].editor.focus_widgets()[0]
            commits, saves = len(sink.committed), len(saved)
            start = time.perf_counter()
            QTest.keyClick(button, keys[option])
            wait(lambda commits=commits, saves=saves: len(sink.committed) > commits
                 and len(saved) > saves)
            if n >= warmup:
                to_commit.append(sink.committed[commits] - start)
                to_saved.append(saved[saves] - start)
        stored = {}

        def read_back() -> None:
            services = opened["services"]
            stored.update(services.screenings.get(screening_id=opened["draft"].id).answer_values())

        tasks.database.submit(read_back, label="bench read back")
        wait(lambda: bool(stored))
        assert all(stored.get(code) == value for code, value in wizard.answers.items()), \
            "the station does not hold what the wizard shows"
    finally:
        wizard.view.close()
        tasks.database.submit(lambda: opened["services"].lock(), label="bench lock")
        tasks.shutdown()
        app.processEvents()
    commit_p95 = percentile(to_commit, 95) * 1000
    saved_p95 = percentile(to_saved, 95) * 1000
    return [
        Result("press an option -> answer committed (p95)", commit_p95, "ms", target=30,
               note=f"median {percentile(to_commit, 50) * 1000:.2f} ms, max "
                    f"{max(to_commit) * 1000:.2f} ms over {len(to_commit)} presses; real wizard "
                    "offscreen, real encrypted station, WAL + synchronous FULL"),
        Result("press an option -> 'Saved' shown (p95)", saved_p95, "ms",
               note=f"median {percentile(to_saved, 50) * 1000:.2f} ms (commit plus the trip back "
                    "to the UI thread)"),
    ]


def benchmarks(opts: Options) -> list[Result]:
    with _disk_folder() as (folder, filesystem):
        results = _measure(opts, folder / "ui-flow")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for result in results:
        result.note = f"{result.note}; {filesystem} disk, load average {load:.1f}"
    return results
