"""Capture as Claude Code runs it: hook subprocesses, a detached worker, kill -9.

Every wait polls with a deadline; nothing sleeps a fixed time or asserts a duration.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from aegis.capture.layout import CaptureFiles
from aegis.config import load_config
from aegis.service import MemoryService
from tests.conftest import ROOT, RUNTIME, built_pyz, poll

DEADLINE_S = 90


def line(role: str, text: str) -> str:
    content = text if role == "user" else [{"type": "text", "text": text}]
    return json.dumps({"type": role, "isSidechain": False, "sessionId": "s1",
                       "message": {"role": role, "content": content}}) + "\n"


def stored(project: Path, data_dir: Path) -> list[str]:
    settings = load_config(env={"AEGIS_DATA_DIR": str(data_dir), "HOME": os.environ["HOME"]},
                           cwd=project)
    with MemoryService.open(settings, cwd=project) as service:
        return sorted(m.text for m in service.list(limit=10_000, scope="all"))


@pytest.fixture(scope="session")
def stdlib_zipapp(tmp_path_factory) -> Path:
    """A zipapp of the source with the shipped entry point (the pyz's stdlib-only path)."""
    path = tmp_path_factory.mktemp("zipapp") / "aegis.pyz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(ROOT / "build" / "pyz" / "__main__.py", "__main__.py")
        for name in ("__init__.py", "start.py", "boot.py"):
            archive.write(ROOT / "build" / "pyz" / "_aegis_pyz" / name, f"_aegis_pyz/{name}")
        for source in (RUNTIME / "aegis").rglob("*.py"):
            archive.write(source, str(source.relative_to(RUNTIME)))
    return path


@pytest.fixture(params=["source", "zipapp", "pyz"])
def runtime(request, stdlib_zipapp) -> list[str]:
    """How a hook is started: from source, from a zipapp, from the built pyz (if any)."""
    if request.param == "source":
        return [sys.executable, "-m", "aegis"]
    if request.param == "zipapp":
        return [sys.executable, str(stdlib_zipapp)]
    if not built_pyz().is_file():
        pytest.skip("no built pyz (set AEGIS_PYZ or run make pyz)")
    return [sys.executable, str(built_pyz())]


def hook_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, AEGIS_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = str(RUNTIME)        # used by the source runtime only
    env.update(extra)
    return env


def run_hook(runtime, event: str, payload: dict, project: Path, env: dict):
    return subprocess.run(runtime + ["hook", event], input=json.dumps(payload).encode(),
                          capture_output=True, cwd=project, env=env, timeout=60)


def payload(transcript: Path, project: Path, session: str = "s1", **extra) -> dict:
    return {"session_id": session, "transcript_path": str(transcript), "cwd": str(project),
            "hook_event_name": "SessionEnd", **extra}


# ---------------------------------------------------------------- the hook contract

def test_session_end_returns_silently_and_the_detached_worker_captures(runtime, data_dir,
                                                                       project, tmp_path):
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(line("user", "We always use `uv` for installs.") +
                          line("assistant", "The root cause was a stale lockfile in web/."))
    result = run_hook(runtime, "session-end", payload(transcript, project), project,
                      hook_env(data_dir))
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    expected = ["The root cause was a stale lockfile in web/.",
                "We always use `uv` for installs."]
    poll(lambda: stored(project, data_dir) == expected, "the worker's captures")


def test_stop_captures_each_turn_only_with_turn_scope(data_dir, project, tmp_path):
    runtime = [sys.executable, "-m", "aegis"]
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(line("user", "We always use `uv` for installs."))
    files = CaptureFiles.in_data_dir(data_dir)
    result = run_hook(runtime, "stop", payload(transcript, project), project,
                      hook_env(data_dir, AEGIS_CAPTURE_SCOPE="session"))
    assert (result.returncode, result.stdout) == (0, b"")
    assert len(list(Path(files.jobs).iterdir())) == 1              # queued for session end, no worker
    assert not (data_dir / "memory.db").exists()
    result = run_hook(runtime, "stop", payload(transcript, project), project,
                      hook_env(data_dir, AEGIS_CAPTURE_SCOPE="turn"))
    assert (result.returncode, result.stdout) == (0, b"")
    poll(lambda: stored(project, data_dir) == ["We always use `uv` for installs."], "capture")
    poll(lambda: not list(Path(files.jobs).iterdir()), "the job queue to drain")


def test_the_recursion_guard_stops_a_worker_capturing_itself(data_dir, project, tmp_path):
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(line("user", "We always use `uv` for installs."))
    for event in ("stop", "pre-compact", "session-end"):
        result = run_hook([sys.executable, "-m", "aegis"], event, payload(transcript, project),
                          project, hook_env(data_dir, AEGIS_CAPTURE_WORKER="1",
                                            AEGIS_CAPTURE_SCOPE="turn"))
        assert (result.returncode, result.stdout) == (0, b"")
    jobs = Path(CaptureFiles.in_data_dir(data_dir).jobs)
    assert not jobs.exists() or not list(jobs.iterdir())


def test_capture_disabled_queues_nothing(data_dir, project, tmp_path):
    result = run_hook([sys.executable, "-m", "aegis"], "session-end",
                      payload(tmp_path / "t.jsonl", project), project,
                      hook_env(data_dir, AEGIS_CAPTURE_ENABLED="false"))
    assert (result.returncode, result.stdout) == (0, b"")
    assert not Path(CaptureFiles.in_data_dir(data_dir).jobs).exists()


@pytest.mark.parametrize("stdin", [b"", b"not json", b"[1]", b'{"session_id": 5}',
                                   b'{"session_id": "s", "transcript_path": ["x"]}'])
def test_bad_payloads_exit_0_silently(stdin, data_dir, project):
    result = subprocess.run([sys.executable, "-m", "aegis", "hook", "session-end"], input=stdin,
                            capture_output=True, cwd=project, env=hook_env(data_dir), timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


# ---------------------------------------------------------------- detachment

@pytest.mark.skipif(os.name != "posix", reason="POSIX sessions")
def test_the_detached_child_survives_its_parent_and_has_its_own_session(tmp_path):
    report = tmp_path / "child.json"
    child = textwrap.dedent(f"""
        import json, os, sys, time
        parent = int(sys.argv[1])
        deadline = time.monotonic() + {DEADLINE_S}
        while time.monotonic() < deadline:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        info = dict(pid=os.getpid(), sid=os.getsid(0), pgid=os.getpgid(0), ppid=os.getppid(),
                    parent=parent, tty=os.isatty(0) or os.isatty(1) or os.isatty(2))
        open({str(report)!r}, "w").write(json.dumps(info))
    """)
    parent = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(RUNTIME)!r})
        from aegis.capture.spawn import spawn_detached
        spawn_detached([sys.executable, "-c", {child!r}, str(os.getpid())], os.environ, None)
    """)
    hook = subprocess.run([sys.executable, "-c", parent], capture_output=True, timeout=60)
    assert hook.returncode == 0 and hook.stdout == b""
    info = poll(lambda: report.exists() and json.loads(report.read_text() or "null"),
                "the detached child to outlive its parent")
    assert info["sid"] == info["pid"] == info["pgid"]        # a new session and process group
    assert info["ppid"] != info["parent"]                    # reparented: the parent is gone
    assert info["tty"] is False                              # stdio is /dev/null


# ---------------------------------------------------------------- kill -9

def statements(count: int) -> str:
    return "".join(line("user", f"We always run `check-{i}` before touching module_{i}.py.")
                   for i in range(count))


def worker(data_dir: Path, project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "aegis", "hook", "capture-worker"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=project,
                            env=hook_env(data_dir, AEGIS_CAPTURE_WORKER="1"))


def added(data_dir: Path) -> int:
    log = Path(CaptureFiles.in_data_dir(data_dir).log)
    try:
        return log.read_text().count('"action": "added"')
    except OSError:
        return 0


def queue_session_end(data_dir: Path, project: Path, transcript: Path) -> None:
    from aegis.capture.jobs import job_from_payload, write_job
    write_job(CaptureFiles.in_data_dir(data_dir),
              job_from_payload(payload(transcript, project), "session-end"))


@pytest.mark.parametrize("kill_after", ["spool", 1, 60])
def test_kill_9_at_any_point_then_replay_gives_exactly_the_expected_set(kill_after, data_dir,
                                                                        project, tmp_path):
    count = 150
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(statements(count))
    expected = sorted(f"We always run `check-{i}` before touching module_{i}.py."
                      for i in range(count))
    queue_session_end(data_dir, project, transcript)
    process = worker(data_dir, project)
    spool = Path(CaptureFiles.in_data_dir(data_dir).spool)
    if kill_after == "spool":
        poll(lambda: spool.exists() or process.poll() is not None, "the spool")
    else:
        poll(lambda: added(data_dir) >= kill_after or process.poll() is not None, "progress")
    was_running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert was_running, "the worker finished before it could be killed; raise the count"
    assert len(stored(project, data_dir)) < count

    queue_session_end(data_dir, project, transcript)          # the next hook run
    rerun = worker(data_dir, project)
    assert rerun.wait(timeout=DEADLINE_S * 2) == 0
    assert stored(project, data_dir) == expected
    assert not spool.exists()


def test_concurrent_workers_take_turns_and_store_each_statement_once(data_dir, project, tmp_path):
    count = 40
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(statements(count))
    queue_session_end(data_dir, project, transcript)
    workers = [worker(data_dir, project) for _ in range(3)]
    queue_session_end(data_dir, project, transcript)
    assert [w.wait(timeout=DEADLINE_S * 2) for w in workers] == [0, 0, 0]
    assert stored(project, data_dir) == sorted(
        f"We always run `check-{i}` before touching module_{i}.py." for i in range(count))


def test_while_a_worker_works_one_more_waits_and_the_rest_leave(data_dir, project, tmp_path):
    """Trial3 H1: every Stop and SessionEnd starts a detached worker; while one holds the
    lock, only one more waits (and then takes every job queued meanwhile), the rest
    exit at once instead of piling up. Through the built pyz, as the hooks start them."""
    from aegis.capture.lock import worker_lock
    if not built_pyz().is_file():
        pytest.skip("no built pyz (set AEGIS_PYZ or run make pyz)")
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(statements(3))
    files = CaptureFiles.in_data_dir(data_dir).ensure()
    env = hook_env(data_dir, AEGIS_CAPTURE_WORKER="1")
    with worker_lock(files.lock, 10):                  # the worker at work
        started = [subprocess.Popen([sys.executable, str(built_pyz()), "hook", "capture-worker"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, cwd=project, env=env)
                   for _ in range(4)]
        poll(lambda: sum(p.poll() is not None for p in started) == 3, "three workers leaving")
        [waiter] = [p for p in started if p.poll() is None]
        queue_session_end(data_dir, project, transcript)
    assert waiter.wait(timeout=DEADLINE_S * 2) == 0
    assert [p.stderr.read() for p in started] == [b""] * 4
    assert stored(project, data_dir) == sorted(
        f"We always run `check-{i}` before touching module_{i}.py." for i in range(3))
