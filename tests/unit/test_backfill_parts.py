"""Backfill's parts in-process: discovery, namespace mapping, dating, time-ordered
supersede, the SessionStart offer. (tests/integration/test_backfill.py runs the
whole command through the built pyz.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aegis.backfill import notice, state
from aegis.backfill.dating import statement_times
from aegis.backfill.discover import Skipped, discover, read_header
from aegis.backfill.location import encoded_project_name, project_folder
from aegis.backfill.projects import ProjectMapper
from aegis.backfill.run import BackfillReport, run, select
from aegis.backfill.summary import report_lines
from aegis.capture.extract import extract
from aegis.capture.reconcile import apply
from aegis.capture.spool import Candidate
from aegis.config import load_config
from aegis.errors import InvalidInput
from aegis.transcript import read_messages
from tests.transcript_tree import encoded, write_session

OLD = "We decided to use Postgres 14 for the orders service because of JSONB."
NEW = "We now use Postgres 16 for the orders service instead."


@pytest.fixture
def claude(tmp_path) -> Path:
    return tmp_path / "claude"


def env_for(claude: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "CLAUDE_CONFIG_DIR": str(claude), **extra}


def test_the_encoding_matches_claude_codes_folder_names():
    assert encoded_project_name("/home/dev/shop-api") == "-home-dev-shop-api"
    assert encoded_project_name("/tmp/a.b_c d/é") == "-tmp-a-b-c-d--"
    assert encoded_project_name("/x/y") == encoded("/x/y")


def test_a_long_path_finds_its_shortened_folder(claude, tmp_path):
    cwd = "/" + "deep/" * 60
    folder = claude / "projects" / (encoded_project_name(cwd)[:200] + "-k3j2h1")
    folder.mkdir(parents=True)
    assert project_folder(env_for(claude), cwd) == str(folder)
    assert project_folder(env_for(claude), "/nowhere") is None


def test_discover_reads_heads_and_reports_what_it_cannot_read(claude, project):
    good = write_session(claude, project, "good", [("user", OLD, "2026-10-01T10:00:00.000Z")])
    folder = good.parent
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "nocwd.jsonl").write_text(json.dumps({"type": "summary", "summary": "x"}) + "\n")
    (folder / "noise.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (folder / "notes.txt").write_text("not a transcript")
    found, skipped = discover(env_for(claude))
    assert [(t.session_id, t.cwd) for t in found] == [("good", str(project))]
    assert found[0].started == pytest.approx(1790848800.0)
    assert {Path(s.path).name: s.reason for s in skipped} == {
        "empty.jsonl": "empty", "nocwd.jsonl": "no working directory recorded in its first lines",
        "noise.jsonl": "empty, binary or not JSON lines"}


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_skipped(claude, project):
    path = write_session(claude, project, "locked", [("user", OLD, "2026-10-01T10:00:00Z")])
    path.chmod(0)
    assert read_header(str(path), path.stat()) == Skipped(str(path), "permission denied")


def test_a_file_named_for_its_session_keeps_that_id_over_resumed_lines(claude, project):
    path = write_session(claude, project, "new-id", [("user", OLD, "2026-10-01T10:00:00Z")])
    text = path.read_text().replace('"sessionId": "new-id"', '"sessionId": "old-id"')
    path.write_text(text)
    assert read_header(str(path), path.stat()).session_id == "new-id"


def test_mapping_follows_the_live_rule_and_flags_gone_directories(tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    (clone / ".git" / "config").write_text('[remote "origin"]\n\turl = git@github.com:a/b.git\n')
    (clone / "sub").mkdir()
    named = tmp_path / "named"
    named.mkdir()
    (named / ".aegis.json").write_text('{"namespace": "team:named"}')
    from aegis import trust                 # another project's namespace, accepted by the user
    trust.trust(str(tmp_path / ".local" / "share" / "aegis"), str(named / ".aegis.json"),
                "team:named", "namespace")
    mapper = ProjectMapper({"HOME": str(tmp_path), "AEGIS_NAMESPACE": "env:ignored"})
    assert mapper.map(str(clone / "sub")).namespace == "git:github.com/a/b"
    assert mapper.map(str(named)).namespace == "team:named"
    gone = mapper.map(str(tmp_path / "gone" / "proj"))
    assert (gone.namespace, gone.exists) == (f"dir:{tmp_path}/gone/proj", False)


def test_statements_take_the_time_of_the_line_they_came_from(claude, project):
    path = write_session(claude, project, "s", [
        ("user", "hello there", "2026-10-01T10:00:00.000Z"),
        ("user", "It is fine. Note: the cache lives in `var/cache` for now.",
         "2026-10-01T11:00:00.000Z"),
        ("assistant", "The root cause was a stale lockfile in CI.", "2026-10-01T12:00:00.000Z")])
    size = path.stat().st_size
    statements = extract(read_messages(path), 0.5)
    assert len(statements) == 2
    times = statement_times(statements, str(path), 0, size, fallback=1.0)
    assert times == [pytest.approx(1790852400.0), pytest.approx(1790856000.0)]


def test_an_undatable_statement_takes_the_one_before_or_the_fallback(claude, project):
    path = write_session(claude, project, "s", [("user", OLD, "2026-10-01T10:00:00.000Z")])
    statements = extract(read_messages(path), 0.5)
    assert statement_times(statements, str(path), 0, 0, fallback=42.0) == [42.0]


def candidate(text: str, created_at: float | None, capture_id: str) -> Candidate:
    return Candidate(capture_id=capture_id, text=text, category="decision", kind="fact",
                     tags=("decision",), importance=0.7, confidence=0.8, scope="project",
                     role="user", session_id="s", project_namespace="test:project",
                     user_namespace="user:tester", source="backfill", created_at=created_at)


def test_a_later_statement_wins_whichever_arrives_first(service):
    newer = apply(service, candidate(NEW, 2_000_000.0, "cap_new"))
    older = apply(service, candidate(OLD, 1_000_000.0, "cap_old"))
    assert older.action == "added" and older.outdated_by == newer.memory_id
    assert service.get(older.memory_id).superseded_by == newer.memory_id
    assert service.get(newer.memory_id).superseded_by is None
    assert service.get(older.memory_id).created_at == 1_000_000.0
    assert service.get(older.memory_id).source == "backfill"


def test_in_time_order_the_newer_supersedes_the_older(service):
    older = apply(service, candidate(OLD, 1_000_000.0, "cap_old"))
    newer = apply(service, candidate(NEW, 2_000_000.0, "cap_new"))
    assert newer.superseded == (older.memory_id,) and newer.outdated_by is None


def test_save_takes_a_past_creation_time_only(service):
    saved = service.save("We pin Python 3.12 in CI.", created_at="2026-01-02T03:04:05Z")
    assert saved.memory.created_at == pytest.approx(1767323045.0)
    for bad in ("soon", float("nan"), -5, service.clock() + 10 * 86400):
        with pytest.raises(InvalidInput):
            service.save("We pin Python 3.13 in CI.", created_at=bad)


def test_all_projects_with_an_environment_namespace_is_refused(claude, project):
    settings = load_config(env={"HOME": os.environ["HOME"]}, cwd=project)
    with pytest.raises(InvalidInput, match="AEGIS_NAMESPACE"):
        select(settings, env_for(claude, AEGIS_NAMESPACE="x"), str(project), True, None,
               BackfillReport(False, ""))


def test_dry_run_summary_names_counts_and_samples(claude, project, data_dir):
    write_session(claude, project, "s", [("user", OLD, "2026-10-01T10:00:00Z")])
    settings = load_config(env=env_for(claude), cwd=project)
    report = run(settings, env_for(claude), str(project), dry_run=True)
    lines = report_lines(report)
    assert lines[0].startswith("backfill (dry run, nothing stored): 1 session on disk")
    assert "would store up to 1 memory" in lines[2]
    assert lines[3] == "  by kind: fact 1; by category: decision 1" and lines[4] == f"  e.g. {OLD}"
    assert not (data_dir / "capture" / "offsets.json").exists()


# ---------------------------------------------------------------- the SessionStart offer

class FakeHook:
    """The two things ``notice.offer`` uses of a recall HookRun, with its say_once rule."""

    def __init__(self, cwd: Path, session_id: str):
        self.cwd, self.session_id, self.notice = str(cwd), session_id, None

    def say_once(self, key: str, message: str) -> None:
        if self.notice is None:
            self.notice = message


def test_unread_sessions_count_skips_the_current_and_the_captured(claude, project, data_dir):
    for name in ("a", "b", "c", "current"):
        write_session(claude, project, name, [("user", OLD, "2026-10-01T10:00:00Z")])
    offsets = data_dir / "capture" / "offsets.json"
    offsets.parent.mkdir(parents=True)
    offsets.write_text(json.dumps({"b": {"offset": 10, "transcript": "x", "updated": 1}}))
    assert notice.unread_sessions(env_for(claude), str(data_dir), str(project), "current") == 2


def test_the_offer_is_made_once_per_project(claude, project, data_dir):
    write_session(claude, project, "a", [("user", OLD, "2026-10-01T10:00:00Z")])
    settings = load_config(env=env_for(claude), cwd=project)
    hook = FakeHook(project, "now")
    notice.offer(hook, settings, "dir:p", env_for(claude))
    assert hook.notice == ("Aegis: `aegis backfill` can bring in 1 earlier session of this "
                           "project from Claude Code's transcripts.")
    again = FakeHook(project, "later")
    notice.offer(again, settings, "dir:p", env_for(claude))
    assert again.notice is None
    assert "dir:p" in state.load(str(data_dir))["noticed"]


def test_no_offer_when_another_notice_is_due_or_notify_is_off(claude, project):
    write_session(claude, project, "a", [("user", OLD, "2026-10-01T10:00:00Z")])
    busy = FakeHook(project, "now")
    busy.notice = "the store is down"
    settings = load_config(env=env_for(claude), cwd=project)
    notice.offer(busy, settings, "dir:p", env_for(claude))
    assert busy.notice == "the store is down"
    quiet = FakeHook(project, "now")
    notice.offer(quiet, load_config(env=env_for(claude, AEGIS_NOTIFY="off"), cwd=project),
                 "dir:p", env_for(claude))
    assert quiet.notice is None
    fresh = FakeHook(project, "now")                 # neither call used up the offer
    notice.offer(fresh, settings, "dir:p", env_for(claude))
    assert fresh.notice is not None


def test_counting_for_the_offer_never_opens_a_transcript(claude, project, data_dir):
    import threading
    folder = claude / "projects" / encoded(project)
    folder.mkdir(parents=True)
    for name in ("a", "b"):
        os.mkfifo(folder / f"{name}.jsonl")       # opening one would block forever
    counted = []
    worker = threading.Thread(target=lambda: counted.append(notice.unread_sessions(
        env_for(claude), str(data_dir), str(project), "now")), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert counted == [2]


def test_a_session_live_capture_knew_by_another_spelling_is_not_reread(claude, project,
                                                                      data_dir, tmp_path):
    path = write_session(claude, project, "s", [("user", OLD, "2026-10-01T10:00:00Z")])
    alias = tmp_path / "alias"
    alias.symlink_to(claude)
    spelled = str(alias / "projects" / encoded(project) / "s.jsonl")
    offsets = data_dir / "capture" / "offsets.json"
    offsets.parent.mkdir(parents=True)
    offsets.write_text(json.dumps({"s": {"offset": path.stat().st_size, "transcript": spelled,
                                         "updated": 9e9}}))
    settings = load_config(env=env_for(claude), cwd=project)
    report = run(settings, env_for(claude), str(project))
    summary = report.projects[f"dir:{project}"]
    assert (summary.sessions, summary.up_to_date) == (0, 1)
    assert json.loads(offsets.read_text())["s"]["transcript"] == spelled
