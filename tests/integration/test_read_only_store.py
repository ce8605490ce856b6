"""A read-only SQLite store (a backup, a mounted or chmod-ed data dir) as the BUILT pyz
meets it (F1): recall and every read command work, the hook says "read-only" once per
session, writes refuse in one line, and Aegis leaves the user's modes alone.

Root ignores file modes, so as root the pyz runs as ``nobody`` through ``setpriv``
(util-linux), on files owned by ``nobody``; as another user it runs directly."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

NOBODY = 65534
SYSTEM_PYTHON = "/usr/bin/python3"       # /root's pyenv is not readable by nobody
SEED = "The seed fact for the read-only store lives in docs/seed.md."


@pytest.fixture
def as_reader(pyz):
    """(argv prefix, uid) that runs the pyz as a user the modes apply to."""
    if os.getuid() != 0:
        return [sys.executable, str(pyz)], os.getuid()
    setpriv = shutil.which("setpriv")
    if not setpriv or not os.access(SYSTEM_PYTHON, os.X_OK):
        pytest.skip("running as root without setpriv or /usr/bin/python3 to drop privileges")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if subprocess.run([*prefix, "test", "-r", str(pyz)]).returncode != 0:
        pytest.skip(f"{pyz} is not readable by uid {NOBODY}")
    return [*prefix, SYSTEM_PYTHON, str(pyz)], NOBODY


@pytest.fixture
def store(pyz, as_reader):
    """A data dir holding one memory, then made read-only (dir 0500, file 0400)."""
    _, uid = as_reader
    root = Path(tempfile.mkdtemp(prefix="aegis-ro-"))
    root.chmod(0o755)
    data, project, home = root / "data", root / "project", root / "home"
    project.mkdir()
    home.mkdir()
    env = {**os.environ, "AEGIS_DATA_DIR": str(data), "HOME": str(home)}
    saved = subprocess.run([sys.executable, str(pyz), "remember", SEED], cwd=project, env=env,
                           capture_output=True)
    assert saved.returncode == 0, saved.stderr
    for path in [home, *data.rglob("*"), data]:
        os.chown(path, uid, uid) if os.getuid() == 0 else None
    (data / "memory.db").chmod(0o400)
    data.chmod(0o500)
    yield data, project, env
    data.chmod(0o700)
    shutil.rmtree(root, ignore_errors=True)


def _run(as_reader, store, *args, input: str | None = None):
    prefix, _ = as_reader
    data, project, env = store
    return subprocess.run([*prefix, *args], cwd=project, env=env, capture_output=True,
                          input=input.encode() if input else None, timeout=60)


def test_reads_work_on_a_read_only_store_and_its_modes_stay(as_reader, store):
    data, project, _ = store
    for args in (["list"], ["search", "seed fact"], ["export", "-"]):
        done = _run(as_reader, store, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert b"seed fact" in done.stdout, (args, done.stdout)
    stats = _run(as_reader, store, "stats", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["project_memories"] == 1, \
        stats.stdout
    memory_id = json.loads(_run(as_reader, store, "list", "--json").stdout)["memories"][0]["id"]
    assert _run(as_reader, store, "get", memory_id).returncode == 0

    refused = _run(as_reader, store, "remember", "Something new.")
    lines = refused.stderr.decode().strip().splitlines()
    assert refused.returncode != 0 and len(lines) == 1 and "read-only" in lines[0], lines

    assert stat.S_IMODE((data / "memory.db").stat().st_mode) == 0o400
    assert stat.S_IMODE(data.stat().st_mode) == 0o500


def test_recall_injects_from_a_read_only_store_and_says_so_once(as_reader, store):
    data, project, _ = store
    payload = json.dumps({"session_id": "ro-session", "cwd": str(project),
                          "prompt": "where does the seed fact live?",
                          "hook_event_name": "UserPromptSubmit"})
    first = _run(as_reader, store, "hook", "user-prompt-submit", input=payload)
    assert (first.returncode, first.stderr) == (0, b"")
    output = json.loads(first.stdout)
    assert SEED in output["hookSpecificOutput"]["additionalContext"]
    assert "read-only" in output["systemMessage"]
    again = _run(as_reader, store, "hook", "user-prompt-submit", input=payload)
    assert (again.returncode, again.stderr) == (0, b"")
    assert b"read-only" not in again.stdout, again.stdout
