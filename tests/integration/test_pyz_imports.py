"""Import audit of the built pyz: every command, on both backends, imports everything its
code path reaches — no ``ModuleNotFoundError`` anywhere, swallowed or not.

Each command runs as a user runs it (``python3 aegis.pyz ...`` in a project) with a
``sitecustomize`` on PYTHONPATH that records every import no finder could supply (a
last-resort meta-path finder) and, at exit (``os._exit`` included: hooks and the CLI
leave through it), every module the process loaded. (The pyz drops PYTHONPATH from
``sys.path`` after start-up; by then the recorder is installed.) A module missing from the archive fails the test
even where the code catches the error and degrades (the hooks do); stdlib modules of
other platforms (``_winapi``) are the only misses allowed.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.integration.test_capture_hook import line

RECORDER = '''
import atexit, os, sys
_log = os.environ["AEGIS_TEST_IMPORT_LOG"]
_exit = os._exit

def _write(lines):
    fd = os.open(_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, "".join(lines).encode())
    finally:
        os.close(fd)

def _loaded():
    _write(["loaded %d %s\\n" % (os.getpid(), name) for name in list(sys.modules)])

def _exit_recording(code):
    _loaded()
    _exit(code)

class _Missing:
    """Last on sys.meta_path: asked only when no other finder has the module."""
    @staticmethod
    def find_spec(name, path=None, target=None):
        _write(["miss %d %s\\n" % (os.getpid(), name)])
        return None

sys.meta_path.append(_Missing)
os._exit = _exit_recording          # hooks and the CLI leave through os._exit
atexit.register(_loaded)
'''


@pytest.fixture
def audit(tmp_path, run_pyz):
    """``audit(env)``: (run, records) for the pyz under the recorder with ``env`` added."""
    site = tmp_path / "recorder"
    site.mkdir()
    (site / "sitecustomize.py").write_text(RECORDER)
    log = tmp_path / "imports.log"

    def start(backend_env: dict):
        env = dict(backend_env, PYTHONPATH=str(site), AEGIS_TEST_IMPORT_LOG=str(log),
                   AEGIS_EMBEDDING_MODE="local")     # reach the embedding code too

        def run(*args, input=None):
            done = run_pyz(*args, input=input, env=env)
            assert b"ModuleNotFoundError" not in done.stderr + done.stdout, (args, done.stderr)
            return done

        def records() -> tuple[set[str], set[str]]:
            loaded, missed = set(), set()
            for row in log.read_text().splitlines() if log.exists() else ():
                kind, _pid, name = row.split(" ", 2)
                (loaded if kind == "loaded" else missed).add(name)
            return loaded, missed
        return run, records
    return start


# Probes the standard library itself makes for other implementations (copy.py: Jython's
# org.python.core).
STDLIB_PROBES = frozenset({"org"})


def foreign_misses(missed: set[str]) -> set[str]:
    """Misses that are not the standard library's own optional modules."""
    return {name for name in missed if name.partition(".")[0] not in sys.stdlib_module_names
            and name.partition(".")[0] not in STDLIB_PROBES}


def test_every_command_imports_everything_it_reaches(audit, backend, backend_env, project,
                                                     tmp_path):
    run, records = audit(backend_env)
    saved = run("remember", "--json", "the audit deploys with blue green releases")
    assert saved.returncode == 0, saved.stderr
    memory_id = json.loads(saved.stdout)["id"]
    other = json.loads(run("remember", "--json", "the audit keeps a changelog").stdout)["id"]
    export = tmp_path / "export.jsonl"
    commands = [
        ("version",), ("search", "blue green"), ("list",), ("get", memory_id),
        ("update", memory_id, "--tags", "deploy"), ("relate", memory_id, other),
        ("export", str(export)), ("import", str(export)), ("stats",),
        ("reindex",), ("forget", other, "--yes"),
    ]
    for args in commands:
        done = run(*args)
        assert done.returncode == 0, (args, done.stdout.decode(), done.stderr)
    # doctor may fail other checks (the data dir's mode is not this test's concern)
    doctor = json.loads(run("doctor", "--json").stdout)
    assert {c["name"]: c["ok"] for c in doctor["checks"]}["store"] is True, doctor
    other_backend = "sqlite" if backend == "aegisdb" else "aegisdb"
    if backend == "aegisdb":     # migrate needs both backends reachable
        for source, target in ((backend, other_backend), (other_backend, backend)):
            done = run("migrate", "--from", source, "--to", target)
            assert done.returncode == 0, done.stderr

    transcript = tmp_path / "transcript.jsonl"
    transcript.write_text(line("user", "We decided to always deploy with blue green releases.")
                          + line("assistant", "Noted: deploys are blue green from now on."))
    payload = {"session_id": "s-audit", "transcript_path": str(transcript), "cwd": str(project)}
    for event, extra in (("session-start", {"source": "startup"}),
                         ("user-prompt-submit", {"prompt": "how do we deploy releases?"}),
                         ("stop", {}), ("pre-compact", {}), ("session-end", {}),
                         ("capture-worker", {})):
        done = run("hook", event, input=json.dumps({**payload, **extra}))
        assert (done.returncode, done.stderr) == (0, b""), (event, done.stderr)
    loaded, missed = records()
    assert not foreign_misses(missed), foreign_misses(missed)
    # the audit saw the paths it claims to: the store, every hook module and the worker
    assert {"aegis.cli", "aegis.doctor", "aegis.hooks.recall",
            "aegis.hooks.briefing", "aegis.hooks.capture", "aegis.capture.worker"} <= loaded
    assert ("aegisdb" in loaded) == (backend == "aegisdb")
    assert ("aegis.migrate" in loaded) == (backend == "aegisdb")


def test_the_sqlite_hook_path_never_imports_the_aegisdb_client(audit, project):
    run, records = audit({})
    assert run("remember", "hooks stay fast on sqlite").returncode == 0
    for event, extra in (("session-start", {"source": "startup"}),
                         ("user-prompt-submit", {"prompt": "do hooks stay fast?"})):
        done = run("hook", event, input=json.dumps({"session_id": "s", "cwd": str(project),
                                                    **extra}))
        assert done.returncode == 0
    loaded, missed = records()
    assert "aegis.hooks.recall" in loaded and "aegisdb" not in loaded
    assert not {n for n in loaded if n.partition(".")[0] in ("mcp", "pydantic", "anyio")}
