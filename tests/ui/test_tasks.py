"""The database worker runs operations in order on one thread and reports back on the UI thread;
the pool runs elsewhere; shutdown joins both and finishes queued database work."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from screening.ui.tasks import BackgroundTasks, DatabaseWorker, TaskPool, WorkerStoppedError
from tests.ui.conftest import drain


def test_operations_run_in_order_on_one_thread_and_results_come_back_on_the_ui_thread(
    qtbot: QtBot, database: DatabaseWorker
) -> None:
    ran: list[int] = []
    threads: set[int] = set()
    results: list[tuple[int, int]] = []
    callback_threads: set[int] = set()

    def operation(n: int) -> int:
        threads.add(threading.get_ident())
        assert database.on_worker_thread()
        ran.append(n)
        return n * n

    def collect(n: int, square: int) -> None:
        callback_threads.add(threading.get_ident())
        results.append((n, square))

    for n in range(50):
        database.submit(lambda n=n: operation(n), on_success=lambda r, n=n: collect(n, r))
    drain(qtbot, database)

    assert ran == list(range(50))
    assert results == [(n, n * n) for n in range(50)]
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert callback_threads == {threading.get_ident()}
    assert not database.on_worker_thread()


def test_an_error_comes_back_by_signal_and_the_worker_carries_on(
    qtbot: QtBot, database: DatabaseWorker
) -> None:
    failures: list[BaseException] = []

    def broken() -> None:
        raise OSError("disk full")

    with qtbot.waitSignal(database.task_failed, timeout=5000) as failed:
        ticket = database.submit(broken, label="broken", on_failure=failures.append,
                                 on_success=lambda _r: pytest.fail("must not succeed"))
    assert failed.args is not None and failed.args[0] == ticket
    assert isinstance(failed.args[1], OSError)
    assert [type(f) for f in failures] == [OSError]

    with qtbot.waitSignal(database.task_succeeded, timeout=5000) as done:
        database.submit(lambda: "still working")
    assert done.args is not None and done.args[1] == "still working"


def test_the_pool_runs_off_the_database_thread(qtbot: QtBot, tasks: BackgroundTasks) -> None:
    seen: list[int] = []
    with qtbot.waitSignal(tasks.pool.task_succeeded, timeout=5000) as done:
        tasks.pool.submit(lambda: threading.get_ident(), on_success=seen.append)
    assert done.args is not None
    assert seen and seen[0] != threading.get_ident()


def test_a_pool_error_comes_back_by_signal(qtbot: QtBot, tasks: BackgroundTasks) -> None:
    def broken() -> None:
        raise ConnectionError("offline")

    with qtbot.waitSignal(tasks.pool.task_failed, timeout=5000) as failed:
        tasks.pool.submit(broken, label="sync")
    assert failed.args is not None and isinstance(failed.args[1], ConnectionError)


def test_a_slow_pool_job_does_not_hold_up_the_database(qtbot: QtBot, tasks: BackgroundTasks) -> None:
    release = threading.Event()
    tasks.pool.submit(lambda: release.wait(10), label="slow network")
    with qtbot.waitSignal(tasks.database.task_succeeded, timeout=5000) as done:
        tasks.database.submit(lambda: "saved")
    assert done.args is not None and done.args[1] == "saved"
    release.set()


def test_shutdown_finishes_queued_database_work_then_joins(qtbot: QtBot) -> None:
    background = BackgroundTasks()
    gate = threading.Event()
    done: list[int] = []
    background.start()
    background.database.submit(lambda: gate.wait(10))
    for n in range(20):
        background.database.submit(lambda n=n: done.append(n))
    gate.set()
    background.shutdown()
    assert done == list(range(20))
    assert background.database.isFinished()
    with pytest.raises(WorkerStoppedError):
        background.database.submit(lambda: None)
    background.shutdown()  # a second shutdown is harmless


def test_pool_shutdown_waits_for_running_jobs(qtbot: QtBot) -> None:
    pool = TaskPool(max_threads=1)
    finished: list[str] = []
    pool.submit(lambda: finished.append("pdf"))
    pool.shutdown()
    assert finished in (["pdf"], [])  # running jobs finish; jobs not yet started are dropped
    with pytest.raises(WorkerStoppedError):
        pool.submit(lambda: None)
