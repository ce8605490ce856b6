"""The recall log records what was injected and what it cost; the summary feeds `aegis stats`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from aegis.recall import activity


def test_summary_counts_prompts_injections_memories_and_tokens_per_session(data_dir):
    activity.record(data_dir, "briefing", "s1", "injected", ["mem_a", "mem_b"], 120, 0, 30.0)
    activity.record(data_dir, "recall", "s1", "injected", ["mem_c"], 80, 2, 40.0)
    activity.record(data_dir, "recall", "s1", "nothing_relevant", elapsed_ms=20.0)
    activity.record(data_dir, "recall", "s2", "timeout", elapsed_ms=800.0, relayed=True)
    summary = activity.activity_summary(data_dir)
    s1 = summary["sessions"]["s1"]
    assert (s1["prompts"], s1["injections"], s1["briefings"]) == (2, 1, 1)
    assert (s1["memories"], s1["tokens"]) == (3, 200)
    assert s1["outcomes"] == {"injected": 2, "nothing_relevant": 1}
    assert summary["sessions"]["s2"]["outcomes"] == {"timeout": 1}
    totals = summary["totals"]
    assert totals["sessions"] == 2 and totals["prompts"] == 3 and totals["tokens"] == 200
    assert totals["avg_tokens_per_injection"] == 100.0
    assert totals["p50_ms"] == 40.0 and totals["p95_ms"] == 800.0
    assert totals["relayed"] == 1


def test_the_log_holds_ids_and_counts_but_no_text_and_is_private(data_dir):
    activity.record(data_dir, "recall", "s1", "injected", ["mem_a"], 50)
    path = Path(activity.log_path(data_dir))
    entry = json.loads(path.read_text().splitlines()[0])
    assert set(entry) <= {"ts", "event", "session_id", "outcome", "ids", "tokens", "omitted", "ms"}
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_garbage_lines_are_skipped_and_an_empty_dir_summarizes_to_zero(data_dir):
    assert activity.activity_summary(data_dir)["totals"]["prompts"] == 0
    path = Path(activity.log_path(data_dir))
    path.parent.mkdir(parents=True)
    path.write_bytes(b'not json\n{"event": "other"}\n\xff\xfe\n')
    activity.record(data_dir, "recall", "s1", "no_query")
    assert activity.activity_summary(data_dir)["totals"]["prompts"] == 1


def test_the_log_rotates_instead_of_growing_forever(data_dir, monkeypatch):
    monkeypatch.setattr(activity, "MAX_LOG_BYTES", 200)
    for _ in range(20):
        activity.record(data_dir, "recall", "s1", "injected", ["mem_a"], 10)
    path = Path(activity.log_path(data_dir))
    assert path.with_name(path.name + ".1").exists()
    assert path.stat().st_size <= 400
