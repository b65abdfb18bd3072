"""Fixtures for the Qt tests: background work that is joined at the end of every test, and a
recording answer sink standing in for the services layer (end-to-end tests over a real station
come with the services)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot

from screening.checklist.answers import Value
from screening.ui.tasks import BackgroundTasks, DatabaseWorker


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[BackgroundTasks]:
    """Started background workers; joined (queued work finished) when the test ends."""
    background = BackgroundTasks()
    background.start()
    yield background
    background.shutdown()


@pytest.fixture
def database(tasks: BackgroundTasks) -> DatabaseWorker:
    return tasks.database


def drain(qtbot: QtBot, worker: DatabaseWorker) -> None:
    """Waits until everything submitted so far has run and its result has reached the UI thread.

    The worker runs jobs in order, so once a marker job submitted now has come back, so has every
    job before it. Deterministic, with no sleeping.
    """
    marker: list[int] = []
    with qtbot.waitSignal(
        worker.task_succeeded, timeout=5000,
        check_params_cb=lambda ticket, _result: bool(marker) and ticket == marker[0],
    ):
        marker.append(worker.submit(lambda: None, label="drain"))


@dataclass
class RecordingSink:
    """An ``AnswerSink`` that records what it is given (on the database thread)."""

    answers: dict[str, Value | None] = field(default_factory=dict)
    calls: list[tuple[str, Value | None]] = field(default_factory=list)
    positions: list[tuple[str | None, str | None]] = field(default_factory=list)
    threads: set[int] = field(default_factory=set)
    fail_next: int = 0

    def save_answer(self, *, code: str, value: Value | None) -> None:
        self.threads.add(threading.get_ident())
        if self.fail_next:
            self.fail_next -= 1
            raise OSError("disk full")
        self.calls.append((code, value))
        self.answers[code] = value

    def save_position(self, *, section_id: str | None, item_code: str | None) -> None:
        self.threads.add(threading.get_ident())
        self.positions.append((section_id, item_code))


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture(autouse=True)
def english_interface() -> Iterator[None]:
    """The interface language is the application's: every test starts and ends in English."""
    from screening.ui.i18n import current_language, set_language

    if current_language() != "en":
        set_language("en")
    yield
    if current_language() != "en":
        set_language("en")
