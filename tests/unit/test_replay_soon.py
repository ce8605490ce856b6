"""aegis.capture.replay_soon: a worker starts only while captures wait, at most once
an interval when one is given (the recall hook's case)."""

from __future__ import annotations

import os

import pytest

from aegis.capture import GUARD_ENV, replay_soon
from aegis.capture.layout import CaptureFiles


@pytest.fixture
def started(monkeypatch):
    calls = []
    import aegis.capture.spawn as spawn
    monkeypatch.setattr(spawn, "start_worker", lambda data_dir, cwd: calls.append(cwd))
    monkeypatch.delenv(GUARD_ENV, raising=False)
    return calls


def spool_with(tmp_path, text: str) -> str:
    files = CaptureFiles.in_data_dir(tmp_path).ensure()
    with open(files.spool, "w") as handle:
        handle.write(text)
    return files.root


def test_nothing_waits_nothing_starts(tmp_path, started):
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p") is False
    spool_with(tmp_path, "")
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p") is False
    assert started == []


def test_a_waiting_spool_starts_one_worker_per_interval(tmp_path, started):
    root = spool_with(tmp_path, '{"capture_id": "c1"}\n')
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p", interval=60) is True
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p", interval=60) is False
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p") is True    # session start: always
    marker = os.path.join(root, "replay-started")
    os.utime(marker, (0, 0))                                              # a minute went by
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p", interval=60) is True
    assert started == ["/p", "/p", "/p"]


def test_inside_a_worker_nothing_starts(tmp_path, started, monkeypatch):
    spool_with(tmp_path, '{"capture_id": "c1"}\n')
    monkeypatch.setenv(GUARD_ENV, "1")
    assert replay_soon.start_replay_if_waiting(tmp_path, "/p") is False
    assert started == []
