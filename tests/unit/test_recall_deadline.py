"""The hard ceiling: measured from process start, enforced around storage work."""

from __future__ import annotations

import threading
import time

import pytest

from aegis.recall.deadline import Deadline, process_age, process_start
from aegis.recall.guard import DeadlineExceeded, within


def test_process_start_is_never_after_the_fallback():
    now = time.monotonic()
    assert process_start(now) <= now


def test_a_long_lived_process_calling_in_process_counts_from_the_fallback():
    later = time.monotonic() + 10.0          # as if aegis.hooks were imported long after start
    assert process_start(later) == later


def test_process_age_is_plausible_where_the_kernel_tells_it(tmp_path):
    age = process_age()
    assert age is None or 0.0 <= age < 3600
    assert process_age(str(tmp_path)) is None          # no /proc: unknown, not an error


def test_remaining_counts_down_to_zero_not_below():
    clock = [100.0]
    deadline = Deadline(100.5, clock=lambda: clock[0])
    assert deadline.remaining() == 0.5 and not deadline.expired()
    clock[0] = 101.0
    assert deadline.remaining() == 0.0 and deadline.expired()


def test_work_that_finishes_returns_its_value_and_errors_propagate():
    far = Deadline(time.monotonic() + 60)
    assert within(far, lambda: 42) == 42
    with pytest.raises(KeyError):
        within(far, lambda: {}["missing"])


def test_work_that_outlives_the_deadline_is_abandoned():
    release = threading.Event()
    try:
        with pytest.raises(DeadlineExceeded):
            within(Deadline(time.monotonic()), lambda: release.wait(60))
    finally:
        release.set()


def test_running_counts_workers_until_they_finish_abandoned_ones_included():
    from aegis.recall.guard import running
    settle = time.monotonic() + 10              # an earlier test's released worker ending
    while running() and time.monotonic() < settle:
        time.sleep(0.01)
    before = running()
    release = threading.Event()
    try:
        with pytest.raises(DeadlineExceeded):
            within(Deadline(time.monotonic()), lambda: release.wait(60))
        assert running() == before + 1           # abandoned, still holding on
        assert within(Deadline(time.monotonic() + 60), lambda: running()) == before + 2
    finally:
        release.set()
    end = time.monotonic() + 10
    while running() != before and time.monotonic() < end:
        time.sleep(0.01)
    assert running() == before


def test_a_hook_run_does_not_import_threading():
    import subprocess
    import sys
    from pathlib import Path
    runtime = str(Path(__file__).resolve().parents[2] / "runtime")
    probe = ("import sys, time; sys.path.insert(0, %r); "
             "from aegis.recall.deadline import Deadline; from aegis.recall.guard import within; "
             "print(within(Deadline(time.monotonic() + 5), lambda: 7), 'threading' in sys.modules)"
             % runtime)
    done = subprocess.run([sys.executable, "-S", "-E", "-c", probe], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.split() == ["7", "False"], done.stderr
