"""Failed-login back-off: 5 failures -> 30 s, doubling to 15 min, kept in a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screening.store.errors import LockedOutError
from screening.store.throttle import LoginThrottle, lock_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def _fail(throttle: LoginThrottle, user_id: str, times: int) -> None:
    for _ in range(times):
        throttle.begin_attempt(user_id)  # recorded as a failure until succeeded()


def test_schedule() -> None:
    assert [lock_seconds(n) for n in range(0, 5)] == [0, 0, 0, 0, 0]
    assert [lock_seconds(n) for n in range(5, 11)] == [30, 60, 120, 240, 480, 900]
    assert lock_seconds(50) == 900


def test_five_failures_lock_for_30_seconds_then_doubling(tmp_path: Path) -> None:
    clock = Clock()
    throttle = LoginThrottle(tmp_path / "f.json", clock=clock)
    _fail(throttle, "pc1", 4)
    throttle.check("pc1")  # four failures: still free
    _fail(throttle, "pc1", 1)
    with pytest.raises(LockedOutError) as locked:
        throttle.begin_attempt("pc1")
    assert locked.value.retry_after == pytest.approx(30)
    assert "30 seconds" in str(locked.value)
    clock.now += 31
    _fail(throttle, "pc1", 1)  # sixth failure
    with pytest.raises(LockedOutError) as locked:
        throttle.check("pc1")
    assert locked.value.retry_after == pytest.approx(60)
    assert throttle.failure_count("pc1") == 6


def test_lock_survives_a_new_object_reading_the_same_file(tmp_path: Path) -> None:
    clock = Clock()
    _fail(LoginThrottle(tmp_path / "f.json", clock=clock), "pc1", 5)
    with pytest.raises(LockedOutError):
        LoginThrottle(tmp_path / "f.json", clock=clock).check("pc1")


def test_success_withdraws_the_attempt_and_resets_the_count(tmp_path: Path) -> None:
    throttle = LoginThrottle(tmp_path / "f.json", clock=Clock())
    _fail(throttle, "pc1", 3)
    throttle.begin_attempt("pc1")
    throttle.succeeded("pc1")
    assert throttle.failure_count("pc1") == 0
    pending = throttle.take_pending(["pc1"])
    assert [(f.user_id, f.count) for f in pending] == [("pc1", 1)] * 3
    assert throttle.take_pending(["pc1"]) == []


def test_unknown_ids_are_throttled_alike_and_reported_without_id(tmp_path: Path) -> None:
    throttle = LoginThrottle(tmp_path / "f.json", clock=Clock())
    _fail(throttle, "nobody", 5)
    with pytest.raises(LockedOutError):
        throttle.check("NOBODY ")
    _fail(throttle, "my secret passphrase typed in the wrong box", 1)
    pending = throttle.take_pending(["pc1"])
    assert {f.user_id for f in pending} == {None}
    assert len(pending) == 6


def test_file_holds_no_typed_text(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    throttle = LoginThrottle(path, clock=Clock())
    _fail(throttle, "pc1234", 2)
    _fail(throttle, "correct horse battery staple", 1)
    text = path.read_text()
    assert "pc1234" not in text and "horse" not in text
    assert set(json.loads(text)) == {"format", "version", "salt", "entries"}


def test_clock_set_back_never_lengthens_the_wait(tmp_path: Path) -> None:
    clock = Clock()
    throttle = LoginThrottle(tmp_path / "f.json", clock=clock)
    _fail(throttle, "pc1", 5)
    clock.now -= 10_000
    with pytest.raises(LockedOutError) as locked:
        throttle.check("pc1")
    assert locked.value.retry_after <= 30


def test_clear_lifts_the_lock_but_keeps_failures_for_the_audit(tmp_path: Path) -> None:
    throttle = LoginThrottle(tmp_path / "f.json", clock=Clock())
    _fail(throttle, "pc1", 5)
    throttle.clear("pc1")
    throttle.check("pc1")
    assert len(throttle.take_pending(["pc1"])) == 5


def test_unreadable_file_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_text("garbage")
    throttle = LoginThrottle(path, clock=Clock())
    throttle.check("pc1")
    _fail(throttle, "pc1", 1)
    assert throttle.failure_count("pc1") == 1
