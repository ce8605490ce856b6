"""`aegis backfill` as a user meets it: the built pyz, real transcript trees on disk (SQLite,
and a real AegisDB server on loopback when AEGISDB_BIN is set),
the real capture hook and detached worker for the overlap with live capture.

Every wait polls with a deadline; nothing sleeps a fixed time or asserts a duration.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import poll, read_until_closed
from tests.transcript_tree import append_turns, encoded, write_session

SECRET = "ghp_" + "Zq8" * 12

OLD_DB = "We decided to use Postgres 14 for the orders service because of JSONB."
NEW_DB = "We now use Postgres 16 for the orders service instead."
DEPLOY = "Remember that we deploy with `make ship` from the main branch."
FIX = "The root cause was the missing index on `orders.created_at`."
OTHER = "We decided to use Redis streams for the billing queue."


@pytest.fixture
def claude(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "claude-config"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(path))
    return path


def backfill(run_pyz, *args: str, cwd: Path | None = None, env: dict | None = None) -> dict:
    done = run_pyz("backfill", "--json", *args, cwd=cwd, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b"", done.stderr.decode()        # no progress line when piped
    return json.loads(done.stdout)


def memories(run_pyz, cwd: Path) -> list[dict]:
    done = run_pyz("-C", str(cwd), "list", "--all", "--limit", "1000", "--json")
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    return data["memories"] if isinstance(data, dict) else data


def texts(run_pyz, cwd: Path) -> list[str]:
    return sorted(m["text"] for m in memories(run_pyz, cwd))


def only(report: dict) -> dict:
    assert len(report["projects"]) == 1, report["projects"]
    return report["projects"][0]


def offsets(data_dir: Path) -> dict:
    try:
        return json.loads((data_dir / "capture" / "offsets.json").read_text())
    except FileNotFoundError:
        return {}


def live_capture(run_pyz, data_dir: Path, project: Path, transcript: Path, session: str) -> None:
    """SessionEnd as Claude Code sends it, then wait for the detached worker to finish."""
    payload = {"session_id": session, "transcript_path": str(transcript), "cwd": str(project),
               "hook_event_name": "SessionEnd", "reason": "exit"}
    done = run_pyz("hook", "session-end", input=json.dumps(payload))
    assert done.returncode == 0 and done.stdout == b"" and done.stderr == b""
    jobs = data_dir / "capture" / "jobs"
    lock = data_dir / "capture" / "worker.lock"

    def finished() -> bool:
        entry = offsets(data_dir).get(session)
        return (entry is not None and entry["offset"] == transcript.stat().st_size
                and not list(jobs.glob("*.json"))
                and not (data_dir / "capture" / "spool.jsonl").exists() and _unlocked(lock))
    poll(finished, "the capture worker")


def _unlocked(lock: Path) -> bool:
    import fcntl
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def git_clone(path: Path, remote: str) -> Path:
    """A directory that reads as a git clone with ``origin`` at ``remote``."""
    (path / ".git").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / ".git" / "config").write_text(
        f'[core]\n\tbare = false\n[remote "origin"]\n\turl = {remote}\n'
        f'\tfetch = +refs/heads/*:refs/remotes/origin/*\n')
    return path


# ---------------------------------------------------------------- selection and bad files

def test_backfills_this_project_only_and_skips_unreadable_files(run_pyz, claude, project,
                                                                tmp_path, data_dir):
    write_session(claude, project, "s-one", [
        ("user", DEPLOY, "2026-10-01T09:00:00.000Z"),
        ("assistant", FIX, "2026-10-01T09:05:00.000Z")])
    other = tmp_path / "other"
    other.mkdir()
    write_session(claude, other, "s-other", [("user", OTHER, "2026-10-02T09:00:00.000Z")])
    folder = claude / "projects" / encoded(project)
    (folder / "binary.jsonl").write_bytes(os.urandom(4096).replace(b"\n", b"\x00"))
    (folder / "folder.jsonl").mkdir()
    os.mkfifo(folder / "pipe.jsonl")
    truncated = write_session(claude, project, "s-cut", [
        ("user", "We always run `make lint` before pushing to main.", "2026-10-03T09:00:00.000Z"),
        ("user", "We decided to pin Node 22 for the web app.", "2026-10-03T09:01:00.000Z")])
    raw = truncated.read_bytes()
    truncated.write_bytes(raw[: raw.rindex(b"We decided")])      # cut mid-line, as a crash leaves it

    report = backfill(run_pyz)

    summary = only(report)
    assert summary["namespace"] == f"dir:{project}"
    assert summary["sessions"] == 2 and summary["partial_tail"] == 1
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert set(reasons) == {"binary.jsonl", "folder.jsonl", "pipe.jsonl"}
    assert "directory" in reasons["folder.jsonl"] and "FIFO" in reasons["pipe.jsonl"]
    assert "binary" in reasons["binary.jsonl"]
    stored = texts(run_pyz, project)
    assert "We deploy with `make ship` from the main branch." in stored
    assert FIX in stored and "We always run `make lint` before pushing to main." in stored
    assert not any("Node 22" in t for t in stored)          # the half-written line waits
    assert not any("Redis" in t for t in stored)            # another project's session
    assert texts(run_pyz, other) == []

    human = run_pyz("backfill")
    assert human.returncode == 0
    out = human.stdout.decode()
    assert "skipped 3 files" in out and "pipe.jsonl" in out and "half-written" in out


def test_all_projects_maps_git_remotes_and_deleted_directories(run_pyz, claude, tmp_path,
                                                               project):
    clone_a = git_clone(tmp_path / "work" / "shop", "git@github.com:acme/shop.git")
    clone_b = git_clone(tmp_path / "elsewhere" / "shop-copy", "https://github.com/acme/shop")
    gone = tmp_path / "deleted-project"            # never created: the session's cwd is gone
    write_session(claude, clone_a, "s-a", [("user", OLD_DB, "2026-09-01T10:00:00.000Z")])
    write_session(claude, clone_b, "s-b", [("user", DEPLOY, "2026-09-02T10:00:00.000Z")])
    write_session(claude, gone, "s-gone", [("user", OTHER, "2026-09-03T10:00:00.000Z")])

    report = backfill(run_pyz, "--all-projects")

    by_namespace = {p["namespace"]: p for p in report["projects"]}
    assert set(by_namespace) == {"git:github.com/acme/shop", f"dir:{gone}"}
    assert by_namespace["git:github.com/acme/shop"]["sessions"] == 2
    assert by_namespace["git:github.com/acme/shop"]["missing_cwds"] == []
    assert by_namespace[f"dir:{gone}"]["missing_cwds"] == [str(gone)]
    # Both clones share one memory, wherever they live, as live sessions do.
    assert texts(run_pyz, clone_b) == sorted([OLD_DB, "We deploy with `make ship` from the "
                                                      "main branch."])
    assert texts(run_pyz, gone) == [OTHER]
    assert texts(run_pyz, project) == []

    # From inside one clone, the default picks that project's sessions only.
    again = backfill(run_pyz, cwd=clone_a)
    assert only(again)["namespace"] == "git:github.com/acme/shop"
    assert only(again)["up_to_date"] == 2 and only(again)["added"] == 0

    human = run_pyz("backfill", "--all-projects", "--dry-run").stdout.decode()
    assert f"{gone} no longer exists" in human and "path-based namespace" in human


def test_all_projects_refuses_a_namespace_from_the_environment(run_pyz, claude, project):
    write_session(claude, project, "s1", [("user", DEPLOY, "2026-09-01T10:00:00.000Z")])
    done = run_pyz("backfill", "--all-projects", env={"AEGIS_NAMESPACE": "team:shared"})
    assert done.returncode == 1 and done.stdout == b""
    assert done.stderr.decode().count("\n") == 1 and "AEGIS_NAMESPACE" in done.stderr.decode()


# ---------------------------------------------------------------- idempotence

def test_dry_run_stores_nothing_and_a_second_run_adds_nothing(run_pyz, claude, project,
                                                              data_dir):
    write_session(claude, project, "s1", [
        ("user", OLD_DB, "2026-10-01T10:00:00.000Z"),
        ("assistant", FIX, "2026-10-01T10:01:00.000Z")])
    write_session(claude, project, "s2", [("user", DEPLOY, "2026-10-02T10:00:00.000Z")])

    dry = only(backfill(run_pyz, "--dry-run"))
    assert dry["sessions"] == 2 and dry["extracted"] == 3
    assert dry["by_kind"] == {"fact": 2, "event": 1}
    # "remember that we deploy with …" states a team habit: a convention
    assert dry["by_category"] == {"decision": 1, "fix": 1, "convention": 1}
    assert OLD_DB in dry["samples"]
    assert texts(run_pyz, project) == [] and offsets(data_dir) == {}
    human = run_pyz("backfill", "--dry-run").stdout.decode()
    assert "dry run, nothing stored" in human and "would store up to 3 memories" in human
    assert "by kind: event 1, fact 2" in human and f"e.g. {OLD_DB}" in human

    first = only(backfill(run_pyz))
    assert (first["sessions"], first["added"]) == (2, 3)
    stored = memories(run_pyz, project)
    assert len(stored) == 3

    second = only(backfill(run_pyz))
    assert (second["sessions"], second["up_to_date"], second["added"]) == (0, 2, 0)
    assert memories(run_pyz, project) == stored
    assert only(backfill(run_pyz, "--dry-run"))["extracted"] == 0


def test_live_capture_first_then_backfill_adds_nothing(run_pyz, claude, project, data_dir):
    transcript = write_session(claude, project, "live-1", [
        ("user", OLD_DB, "2026-10-01T10:00:00.000Z"),
        ("assistant", FIX, "2026-10-01T10:01:00.000Z")])
    live_capture(run_pyz, data_dir, project, transcript, "live-1")
    before = memories(run_pyz, project)
    assert sorted(m["text"] for m in before) == sorted([OLD_DB, FIX])
    assert {m["source"] for m in before} == {"capture"}

    report = only(backfill(run_pyz))
    assert (report["sessions"], report["up_to_date"], report["added"]) == (0, 1, 0)
    assert memories(run_pyz, project) == before


def test_backfill_first_then_live_capture_reads_only_what_is_new(run_pyz, claude, project,
                                                                 data_dir):
    transcript = write_session(claude, project, "live-2", [
        ("user", OLD_DB, "2026-10-01T10:00:00.000Z")])
    assert only(backfill(run_pyz))["added"] == 1
    log = data_dir / "capture" / "capture.log.jsonl"
    logged = log.read_text().count('"added"')

    live_capture(run_pyz, data_dir, project, transcript, "live-2")      # nothing new yet
    assert log.read_text().count('"added"') == logged
    assert texts(run_pyz, project) == [OLD_DB]

    append_turns(transcript, project, "live-2", [("user", DEPLOY, "2026-10-01T10:30:00.000Z")])
    live_capture(run_pyz, data_dir, project, transcript, "live-2")
    by_text = {m["text"]: m for m in memories(run_pyz, project)}
    assert set(by_text) == {OLD_DB, "We deploy with `make ship` from the main branch."}
    assert by_text[OLD_DB]["source"] == "backfill"
    assert by_text["We deploy with `make ship` from the main branch."]["source"] == "capture"
    assert only(backfill(run_pyz))["added"] == 0


# ---------------------------------------------------------------- time order, redaction

def test_later_session_supersedes_earlier_one_whatever_the_file_order(run_pyz, claude,
                                                                       project):
    # File names sort the other way round from the sessions' own times.
    write_session(claude, project, "aaa-later", [("user", NEW_DB, "2026-10-05T10:00:00.000Z")])
    write_session(claude, project, "zzz-earlier", [
        ("user", OLD_DB, "2026-10-01T10:00:00.000Z"),
        ("assistant", FIX, "2026-10-01T10:07:30.000Z")])

    report = only(backfill(run_pyz))
    assert (report["added"], report["superseded"]) == (3, 1)

    by_text = {m["text"]: m for m in memories(run_pyz, project)}
    assert by_text[OLD_DB]["superseded_by"] == by_text[NEW_DB]["id"]
    assert by_text[NEW_DB]["superseded_by"] in (None, "")
    assert by_text[OLD_DB]["created_at"] == "2026-10-01T10:00:00Z"
    assert by_text[FIX]["created_at"] == "2026-10-01T10:07:30Z"     # its own line's time
    assert by_text[NEW_DB]["created_at"] == "2026-10-05T10:00:00Z"
    assert {m["source"] for m in by_text.values()} == {"backfill"}


def test_an_older_backfilled_session_does_not_override_newer_live_memory(run_pyz, claude,
                                                                         project, data_dir):
    live = write_session(claude, project, "live-new", [("user", NEW_DB,
                                                        "2026-11-20T10:00:00.000Z")])
    live_capture(run_pyz, data_dir, project, live, "live-new")
    write_session(claude, project, "old-one", [("user", OLD_DB, "2026-10-01T10:00:00.000Z")])

    report = only(backfill(run_pyz))
    assert (report["added"], report["superseded"]) == (1, 1)
    by_text = {m["text"]: m for m in memories(run_pyz, project)}
    assert by_text[OLD_DB]["superseded_by"] == by_text[NEW_DB]["id"]
    assert by_text[NEW_DB]["superseded_by"] in (None, "")
    log = [json.loads(line) for line in
           (data_dir / "capture" / "capture.log.jsonl").read_text().splitlines()]
    assert {"action": "superseded", "session_id": "old-one", "memory_id": by_text[OLD_DB]["id"],
            "by": by_text[NEW_DB]["id"]}.items() <= next(
        e for e in log if e["action"] == "superseded").items()


def test_secrets_in_transcripts_are_redacted_everywhere(run_pyz, claude, project, data_dir):
    write_session(claude, project, "s-secret", [
        ("user", f"Remember that the staging deploy token is {SECRET} for CI.",
         "2026-10-01T10:00:00.000Z")])
    dry = only(backfill(run_pyz, "--dry-run"))
    assert dry["samples"] and SECRET not in json.dumps(dry)
    backfill(run_pyz)
    stored = texts(run_pyz, project)
    assert len(stored) == 1 and "[REDACTED" in stored[0] and SECRET not in stored[0]
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_since_keeps_later_sessions_and_a_bad_date_is_one_line(run_pyz, claude, project):
    write_session(claude, project, "s-old", [("user", OLD_DB, "2026-08-01T10:00:00.000Z")])
    write_session(claude, project, "s-new", [("user", DEPLOY, "2026-10-01T10:00:00.000Z")])
    report = only(backfill(run_pyz, "--since", "2026-09-01"))
    assert report["sessions"] == 1
    assert texts(run_pyz, project) == ["We deploy with `make ship` from the main branch."]

    bad = run_pyz("backfill", "--since", "last tuesday")
    assert bad.returncode == 2 and bad.stdout == b""      # a usage error, at parse time
    assert bad.stderr.decode().count("\n") == 1 and "--since" in bad.stderr.decode()


def test_default_transcripts_dir_is_under_home(run_pyz, project, isolated_env, monkeypatch):
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    write_session(isolated_env / ".claude", project, "s-home",
                  [("user", DEPLOY, "2026-10-01T10:00:00.000Z")])
    report = backfill(run_pyz)
    assert report["transcripts_dir"] == str(isolated_env / ".claude" / "projects")
    assert only(report)["added"] == 1


# ---------------------------------------------------------------- the SessionStart offer

def session_start(run_pyz, project: Path, session: str, env: dict | None = None) -> dict:
    payload = {"session_id": session, "cwd": str(project), "source": "startup",
               "hook_event_name": "SessionStart", "transcript_path": ""}
    done = run_pyz("hook", "session-start", input=json.dumps(payload), env=env)
    assert done.returncode == 0 and done.stderr == b""
    return json.loads(done.stdout) if done.stdout.strip() else {}


def test_session_start_offers_backfill_once_per_project(run_pyz, claude, project):
    for number in range(3):
        write_session(claude, project, f"earlier-{number}",
                      [("user", DEPLOY, f"2026-10-0{number + 1}T10:00:00.000Z")])
    write_session(claude, project, "current", [("user", "hello", "2026-11-01T10:00:00.000Z")])

    first = session_start(run_pyz, project, "current")
    assert "3 earlier sessions" in first.get("systemMessage", "")
    assert "backfill` can bring in" in first["systemMessage"]
    assert "systemMessage" not in session_start(run_pyz, project, "next-session")


def test_the_offer_follows_notify_and_stops_after_a_backfill(run_pyz, claude, project):
    write_session(claude, project, "earlier", [("user", DEPLOY, "2026-10-01T10:00:00.000Z")])
    assert "systemMessage" not in session_start(run_pyz, project, "a",
                                                env={"AEGIS_NOTIFY": "off"})
    backfill(run_pyz)
    # (the status line may now say what was briefed; the offer itself is not repeated)
    told = session_start(run_pyz, project, "b").get("systemMessage", "")
    assert "backfill` can bring in" not in told


def test_the_verbose_offer_says_how_to_preview(run_pyz, claude, project):
    write_session(claude, project, "earlier", [("user", DEPLOY, "2026-10-01T10:00:00.000Z")])
    said = session_start(run_pyz, project, "a", env={"AEGIS_NOTIFY": "verbose"})
    assert "1 earlier session " in said["systemMessage"]
    assert "--dry-run" in said["systemMessage"]


def test_progress_shows_on_a_terminal(pyz, claude, project):
    import pty
    import subprocess
    import sys
    for number in range(3):
        write_session(claude, project, f"s{number}",
                      [("user", DEPLOY, f"2026-10-0{number + 1}T10:00:00.000Z")])
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, str(pyz), "backfill"], cwd=project,
                              stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                              timeout=120)
        os.close(follower)
        follower = -1
        out = read_until_closed(leader)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    text = out.decode()
    assert "\rbackfill: 3/3 sessions," in text and "backfill: 3 sessions on disk" in text


def test_a_deleted_project_can_be_backfilled_by_its_old_path(run_pyz, claude, tmp_path):
    gone = tmp_path / "moved-away"
    write_session(claude, gone, "s-gone", [("user", OTHER, "2026-09-03T10:00:00.000Z")])
    report = backfill(run_pyz, "--project", str(gone))
    assert only(report)["namespace"] == f"dir:{gone}"
    assert only(report)["missing_cwds"] == [str(gone)] and only(report)["added"] == 1
    assert texts(run_pyz, gone) == [OTHER]


# ---------------------------------------------------------------- the AegisDB backend

def test_backfill_into_aegisdb(run_pyz, tmp_path, project, monkeypatch, aegisdb_env):
    claude = tmp_path / "claude-config"
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(claude))
    for key, value in aegisdb_env.items():
        monkeypatch.setenv(key, value)
    probe = run_pyz("stats", "--json")
    assert probe.returncode == 0, probe.stderr.decode()
    write_session(claude, project, "aaa-later", [("user", NEW_DB, "2026-10-05T10:00:00.000Z")])
    write_session(claude, project, "zzz-earlier", [("user", OLD_DB, "2026-10-01T10:00:00.000Z")])

    first = only(backfill(run_pyz))
    assert (first["added"], first["superseded"]) == (2, 1)
    by_text = {m["text"]: m for m in memories(run_pyz, project)}
    assert by_text[OLD_DB]["superseded_by"] == by_text[NEW_DB]["id"]
    assert by_text[OLD_DB]["created_at"] == "2026-10-01T10:00:00Z"
    assert by_text[NEW_DB]["created_at"] == "2026-10-05T10:00:00Z"
    assert {m["source"] for m in by_text.values()} == {"backfill"}

    again = only(backfill(run_pyz))
    assert (again["added"], again["up_to_date"]) == (0, 2)
    assert json.dumps(sorted(memories(run_pyz, project), key=lambda m: m["id"])) == \
        json.dumps(sorted(by_text.values(), key=lambda m: m["id"]))
