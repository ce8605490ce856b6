"""The capture worker in-process: offsets, lag fallback, redaction, spool and replay."""

from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from aegis.capture import activity_summary, spool
from aegis.capture.jobs import job_from_payload, pending_jobs, write_job
from aegis.capture.layout import CaptureFiles
from aegis.capture.worker import capture_id, run
from aegis.config import load_config
from aegis.service import MemoryService


def line(role: str, content, **extra) -> str:
    record = {"type": role, "isSidechain": False, "sessionId": "s1", "version": "2.1.332",
              "message": {"role": role, "content": content}}
    record.update(extra)
    return json.dumps(record) + "\n"


@pytest.fixture
def transcript(tmp_path) -> Path:
    return tmp_path / "session.jsonl"


@pytest.fixture
def files(data_dir) -> CaptureFiles:
    return CaptureFiles.in_data_dir(data_dir)


def queue(files: CaptureFiles, transcript: Path, project: Path, event: str = "session-end",
          session: str = "s1", **payload) -> None:
    job = job_from_payload({"session_id": session, "transcript_path": str(transcript),
                            "cwd": str(project), **payload}, event)
    assert write_job(files, job) is not None


def work(data_dir: Path):
    return run(data_dir, env=dict(os.environ), lock_wait=30)


def stored(project: Path, include_superseded: bool = False) -> list[str]:
    with MemoryService.open(load_config(cwd=project), cwd=project) as service:
        return sorted(m.text for m in service.list(limit=1000, scope="all",
                                                   include_superseded=include_superseded))


def append(path: Path, *lines: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("".join(lines))


# ---------------------------------------------------------------- incremental

def test_each_turn_is_processed_once_from_the_session_offset(data_dir, files, project, transcript):
    append(transcript, line("user", "We always use `uv` for installs."))
    queue(files, transcript, project, event="stop")
    first = work(data_dir)
    append(transcript, line("assistant", [{"type": "text", "text": "Noted."}]),
           line("user", "Never commit the `.env` file."))
    queue(files, transcript, project, event="stop")
    second = work(data_dir)
    queue(files, transcript, project)                       # nothing new at session end
    third = work(data_dir)
    assert (first.extracted, second.extracted, third.extracted) == (1, 1, 0)
    assert stored(project) == ["Never commit the `.env` file.", "We always use `uv` for installs."]
    assert pending_jobs(files) == []


def test_a_half_written_last_line_waits_for_the_next_run(data_dir, files, project, transcript):
    whole = line("user", "We always use `uv` for installs.")
    append(transcript, whole[:20])
    queue(files, transcript, project, event="stop")
    assert work(data_dir).extracted == 0
    append(transcript, whole[20:])
    queue(files, transcript, project, event="stop")
    assert work(data_dir).extracted == 1
    assert stored(project) == ["We always use `uv` for installs."]


def test_last_assistant_message_fills_in_when_the_transcript_lags(data_dir, files, project,
                                                                   transcript):
    append(transcript, line("user", "Why is the build red?"))
    reply = "The root cause was a stale lockfile in the web folder."
    queue(files, transcript, project, event="stop", last_assistant_message=reply)
    work(data_dir)
    assert stored(project) == [reply]
    append(transcript, line("assistant", [{"type": "text", "text": reply}]))  # catches up
    queue(files, transcript, project)
    work(data_dir)
    assert stored(project) == [reply]                       # no copy


def test_a_rewritten_shorter_transcript_is_read_from_the_start(data_dir, files, project,
                                                               transcript):
    append(transcript, line("user", "We always use `uv` for installs. " + "x" * 400))
    queue(files, transcript, project)
    work(data_dir)
    transcript.write_text(line("user", "Never commit the `.env` file."))
    queue(files, transcript, project)
    work(data_dir)
    assert "Never commit the `.env` file." in stored(project)


# ---------------------------------------------------------------- privacy

def test_secrets_are_redacted_and_private_spans_never_stored(data_dir, files, project, transcript):
    append(transcript, line("user", "<private>We always log in as admin with hunter2.</private>"
                                    " Remember that the deploy key is "
                                    "AKIAIOSFODNN7EXAMPLE for the staging bucket."))
    queue(files, transcript, project)
    work(data_dir)
    [text] = stored(project)
    assert "hunter2" not in text and "AKIAIOSFODNN7EXAMPLE" not in text
    assert "REDACTED" in text
    for path in Path(files.root).rglob("*"):                      # nor anywhere in capture state
        if path.is_file():
            assert b"hunter2" not in path.read_bytes()


def test_the_spool_only_ever_holds_redacted_text(data_dir, files, project, transcript):
    append(transcript, line("user", "Remember that the deploy key is AKIAIOSFODNN7EXAMPLE "
                                    "for the staging bucket."))
    queue(files, transcript, project)
    break_store(data_dir)
    work(data_dir)
    [entry] = spool.read(files)
    assert "AKIAIOSFODNN7EXAMPLE" not in Path(files.spool).read_text() and "REDACTED" in entry.text


def test_capture_state_is_private(data_dir, files, project, transcript):
    append(transcript, line("user", "We always use `uv` for installs."))
    queue(files, transcript, project)
    work(data_dir)
    if os.name == "posix":
        assert Path(files.root).stat().st_mode & 0o777 == 0o700
        for path in Path(files.root).rglob("*"):
            if path.is_file():
                assert path.stat().st_mode & 0o777 == 0o600, path


# ---------------------------------------------------------------- dedup / supersede end to end

def test_a_later_session_supersedes_and_strengthens(data_dir, files, project, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    append(first, line("user", "Deploy with `make ship`. We always run `ruff check` first."))
    append(second, line("user", "We now deploy with `make release`. Always run `ruff check` "
                                "first!"))
    queue(files, first, project, session="a")
    work(data_dir)
    queue(files, second, project, session="b")
    report = work(data_dir)
    assert (report.added, report.strengthened, report.superseded) == (1, 1, 1)
    assert stored(project) == ["We always run `ruff check` first.",
                               "We now deploy with `make release`."]
    assert "Deploy with `make ship`." in stored(project, include_superseded=True)


# ---------------------------------------------------------------- nothing lost

def break_store(data_dir: Path) -> Path:
    db = data_dir / "memory.db"
    db.mkdir(parents=True)                                   # a directory cannot be opened
    return db


def test_an_unavailable_store_spools_and_a_later_run_replays_once(data_dir, files, project,
                                                                  transcript):
    append(transcript, line("user", "We always use `uv` for installs. Never commit the `.env` file."))
    queue(files, transcript, project)
    broken = break_store(data_dir)
    report = work(data_dir)
    assert (report.extracted, report.added, report.spooled) == (2, 0, 2)
    assert len(spool.read(files)) == 2
    assert activity_summary(data_dir)["spool_pending"] == 2
    shutil.rmtree(broken)
    report = work(data_dir)                                  # no new job: the spool alone
    assert (report.added, report.spooled) == (2, 0)
    assert not Path(files.spool).exists()
    work(data_dir)
    assert stored(project) == ["Never commit the `.env` file.", "We always use `uv` for installs."]


def test_a_deferred_capture_is_counted_once_however_long_the_store_is_down(data_dir, files,
                                                                           project, transcript):
    append(transcript, line("user", "We always use `uv` for installs."))
    queue(files, transcript, project)
    break_store(data_dir)
    work(data_dir)
    work(data_dir)
    summary = activity_summary(data_dir)
    assert (summary["sessions"]["s1"]["spooled"], summary["spool_pending"]) == (1, 1)


def test_a_session_that_fails_keeps_its_jobs_and_does_not_block_others(data_dir, files, project,
                                                                       tmp_path, monkeypatch):
    from aegis.capture import worker
    real_extract = worker.extract

    def extract(messages, min_salience):
        messages = list(messages)
        if any("boom" in m.text for m in messages):
            raise RuntimeError("a bug")
        return real_extract(messages, min_salience)

    monkeypatch.setattr(worker, "extract", extract)
    bad, good = tmp_path / "bad.jsonl", tmp_path / "good.jsonl"
    append(bad, line("user", "boom, we always use `pip`."))
    append(good, line("user", "We always use `uv` for installs."))
    queue(files, bad, project, session="bad")
    queue(files, good, project, session="good")
    report = work(data_dir)
    assert report.errors == ["bad: RuntimeError"]
    assert stored(project) == ["We always use `uv` for installs."]
    assert [job.session_id for job in pending_jobs(files)] == ["bad"]


def test_a_spool_line_cut_short_by_a_kill_is_ignored(data_dir, files, project, transcript):
    append(transcript, line("user", "We always use `uv` for installs."))
    queue(files, transcript, project)
    break_store(data_dir)
    work(data_dir)
    with open(files.spool, "a") as handle:
        handle.write('{"capture_id": "cap_x", "text": "half')
    shutil.rmtree(data_dir / "memory.db")
    report = work(data_dir)
    assert (report.added, report.dropped) == (1, 0)
    assert stored(project) == ["We always use `uv` for installs."]


def test_a_duplicate_spool_entry_is_stored_once(data_dir, files, project, transcript):
    append(transcript, line("user", "We always use `uv` for installs."))
    queue(files, transcript, project)
    break_store(data_dir)
    work(data_dir)
    [entry] = spool.read(files)
    spool.append(files, [entry, entry])                      # a re-read after a kill
    shutil.rmtree(data_dir / "memory.db")
    work(data_dir)
    assert stored(project) == ["We always use `uv` for installs."]


def test_a_full_spool_leaves_jobs_queued_instead_of_growing(data_dir, files, project,
                                                            transcript, monkeypatch):
    append(transcript, line("user", "We always use `uv` for installs."))
    queue(files, transcript, project)
    break_store(data_dir)
    monkeypatch.setattr(spool, "MAX_SPOOL_BYTES", 0)
    spool.append(files, [])
    Path(files.spool).write_text("\n")
    report = work(data_dir)
    assert report.extracted == 0 and len(pending_jobs(files)) == 1
    shutil.rmtree(data_dir / "memory.db")
    monkeypatch.setattr(spool, "MAX_SPOOL_BYTES", 64 * 1024 * 1024)
    work(data_dir)
    assert stored(project) == ["We always use `uv` for installs."]


def test_capture_ids_are_stable_and_scoped():
    a = capture_id("p", "s1", "We always use  `uv`.")
    assert a == capture_id("p", "s1", "we always use `uv`.")
    assert a != capture_id("p", "s2", "We always use `uv`.")
    assert a != capture_id("q", "s1", "We always use `uv`.")


# ---------------------------------------------------------------- bad input

def test_malformed_and_odd_lines_do_not_stop_capture(data_dir, files, project, transcript):
    append(transcript, "not json\n", "[1, 2]\n", '{"type": "user"}\n',
           '{"type": "user", "message": {"content": 42}}\n',
           '{"type": "assistant", "message": {"content": [null, 1, {"type": "text"}]}}\n',
           b"\xff\xfe binary\n".decode("latin-1"),
           line("user", "We always use `uv` for installs."))
    queue(files, transcript, project)
    report = work(data_dir)
    assert report.errors == [] and report.added == 1


def test_a_missing_transcript_is_a_no_op(data_dir, files, project, tmp_path):
    queue(files, tmp_path / "gone.jsonl", project)
    report = work(data_dir)
    assert (report.errors, report.extracted) == ([], 0)
    assert pending_jobs(files) == []


def test_a_job_without_transcript_still_uses_the_payload_reply(data_dir, files, project):
    job = job_from_payload({"session_id": "s9", "cwd": str(project),
                            "last_assistant_message": "The fix was to pin `urllib3<2`."}, "stop")
    write_job(files, job)
    work(data_dir)
    assert stored(project) == ["The fix was to pin `urllib3<2`."]


def test_a_50mb_transcript_is_read_in_bounded_memory(data_dir, files, project, transcript,
                                                     monkeypatch):
    # memory is what is checked, not speed: tracemalloc on a loaded box must not trip the budget
    monkeypatch.setenv("AEGIS_CAPTURE_JOB_BUDGET_MS", "600000")
    filler = line("assistant", [{"type": "text", "text": "Looking at the file now. " * 40}])
    tool = line("user", [{"type": "tool_result", "tool_use_id": "t", "content": "x" * 4000}])
    block = (filler + tool) * 200
    with open(transcript, "w", encoding="utf-8") as handle:
        handle.write(line("user", "We always use `uv` for installs."))
        handle.write('{"type": "user", "message": {"content": "' + "y" * 6_000_000 + '"}}\n')
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)
        handle.write(line("user", "Never commit the `.env` file."))
    queue(files, transcript, project)
    tracemalloc.start()
    try:
        report = work(data_dir)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.added == 2
    assert peak < 64 * 1024 * 1024                           # the file is never held whole


# ---------------------------------------------------------------- activity

def test_activity_summary_reports_per_session(data_dir, files, project, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    append(first, line("user", "Deploy with `make ship`. We always use `uv` for installs."))
    append(second, line("user", "We now deploy with `make release`."))
    queue(files, first, project, session="a")
    queue(files, second, project, session="b")
    work(data_dir)
    summary = activity_summary(data_dir)
    assert summary["sessions"]["a"]["added"] == 2
    assert summary["sessions"]["b"]["added"] == 1
    assert summary["sessions"]["b"]["superseded"] == 1
    assert summary["sessions"]["a"]["categories"] == {"convention": 2}
    assert summary["totals"]["added"] == 3
    assert (summary["spool_pending"], summary["jobs_pending"]) == (0, 0)
    log = Path(files.log).read_text()
    assert "make ship" not in log                            # ids and counts, never text


def test_activity_summary_of_an_empty_data_dir(tmp_path):
    assert activity_summary(tmp_path) == {"sessions": {}, "totals": {
        "added": 0, "strengthened": 0, "superseded": 0, "spooled": 0, "dropped": 0,
        "quarantined": 0}, "spool_pending": 0, "jobs_pending": 0, "jobs_quarantined": 0}


def test_a_read_only_store_drops_captures_instead_of_spooling_them_forever(
        data_dir, files, project, transcript, monkeypatch):
    from aegis.capture import worker
    from aegis.errors import ReadOnly

    def refuse(service, candidate):
        raise ReadOnly("this token is read-only")

    monkeypatch.setattr(worker, "apply", refuse)
    append(transcript, line("user", "We always use `uv` for installs. Never commit the `.env` file."))
    queue(files, transcript, project)
    report = work(data_dir)
    assert (report.extracted, report.dropped, report.spooled) == (2, 2, 0)
    assert not spool.read(files)
    summary = activity_summary(data_dir)
    assert (summary["sessions"]["s1"]["dropped"], summary["spool_pending"]) == (2, 0)
