"""Everything Aegis writes is private (0700 dirs, 0600 files) whatever the umask,
from the very first command — including ones that never open the store.

Runs the built pyz under umask 000 (the worst case) and walks the data dir.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def loose_entries(root: Path) -> list[str]:
    """Paths under (and including) ``root`` that anyone but the owner may use."""
    found = []
    for directory, dirs, names in os.walk(root):
        for path in [directory] + [os.path.join(directory, n) for n in names]:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                continue
            mode = stat.S_IMODE(info.st_mode)
            expected_dir = stat.S_ISDIR(info.st_mode) and mode == 0o700
            if mode & 0o077 or (stat.S_ISDIR(info.st_mode) and not expected_dir):
                found.append(f"{oct(mode)} {os.path.relpath(path, root)}")
    return found


@pytest.fixture
def run_umask0(pyz, project):
    def run(*args: str, input: bytes = b"", env: dict | None = None, timeout: float = 60):
        return subprocess.run([sys.executable, str(pyz), *args], input=input,
                              capture_output=True, cwd=project, timeout=timeout,
                              env={**os.environ, **(env or {})},
                              preexec_fn=lambda: os.umask(0))
    return run


@pytest.mark.parametrize("first", [("version",), ("hook", "stop"), ("hook", "session-start")])
def test_the_first_command_leaves_a_private_data_dir(run_umask0, data_dir, project, first):
    payload = json.dumps({"session_id": "s1", "cwd": str(project)}).encode()
    done = run_umask0(*first, input=payload)
    assert done.returncode == 0, done.stderr
    assert data_dir.is_dir()
    assert loose_entries(data_dir) == []


def test_a_whole_session_under_umask_000_writes_only_private_files(run_umask0, data_dir,
                                                                   project, tmp_path):
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps({"type": "user", "message": {
        "role": "user", "content": "We always use `uv` for installs."}}) + "\n")
    payload = {"session_id": "s1", "cwd": str(project), "transcript_path": str(transcript)}
    assert run_umask0("remember", "We deploy with make release.").returncode == 0
    for event, extra in (("session-start", {"source": "startup"}),
                         ("user-prompt-submit", {"prompt": "how do we deploy?"}),
                         ("stop", {}), ("session-end", {})):
        done = run_umask0("hook", event, input=json.dumps({**payload, **extra}).encode())
        assert (done.returncode, done.stderr) == (0, b"")
    assert run_umask0("export", "-").returncode == 0
    assert run_umask0("doctor").returncode in (0, 1)
    # The detached worker (started under umask 000 too) stores the capture.
    deadline = time.monotonic() + 60
    while b"uv" not in run_umask0("list").stdout:
        assert time.monotonic() < deadline, "the capture worker never stored the turn"
        time.sleep(0.1)
    assert (data_dir / "memory.db").is_file() and (data_dir / "capture").is_dir()
    assert loose_entries(data_dir) == []


def test_the_server_runtime_is_extracted_privately(run_umask0, data_dir):
    done = run_umask0("--pyz-server-check", timeout=120)
    assert done.returncode == 0, done.stderr
    runtime = data_dir / "runtime"
    assert any(p.is_dir() and p.name != "bytecode" for p in runtime.iterdir())
    assert loose_entries(data_dir) == []


def test_an_extraction_left_open_by_an_older_build_is_tightened(run_umask0, data_dir):
    assert run_umask0("--pyz-server-check", timeout=120).returncode == 0
    for directory, dirs, names in os.walk(data_dir / "runtime"):
        os.chmod(directory, 0o755)
        for name in names:
            os.chmod(os.path.join(directory, name), 0o644)
    assert run_umask0("--pyz-server-check", timeout=120).returncode == 0
    assert loose_entries(data_dir) == []


def _cache_location(pyz: Path) -> tuple[str, str]:
    spec = importlib.util.spec_from_file_location("pyz_main", ROOT / "build" / "pyz" /
                                                  "_aegis_pyz" / "start.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cache_location(str(pyz))


@pytest.mark.parametrize("open_to_others", [False, True])
def test_byte_code_in_a_cache_dir_others_can_write_is_never_run(run_pyz, pyz, data_dir,
                                                               tmp_path, open_to_others):
    assert run_pyz("version").returncode == 0              # creates the cache
    cache_dir, key = _cache_location(pyz)
    marker = tmp_path / "planted-code-ran"
    planted = compile(f"open({str(marker)!r}, 'w').close()\ndef main(*a): pass\n",
                      "planted", "exec")
    with open(os.path.join(cache_dir, f"_aegis_pyz.boot.{key}"), "wb") as handle:
        handle.write(marshal.dumps((False, planted)))
    if open_to_others:
        os.chmod(cache_dir, 0o777)
    run_pyz("version")
    # The control run shows the planted entry is what the cache would load.
    assert marker.exists() is not open_to_others
    if open_to_others:
        assert run_pyz("version").returncode == 0 and not marker.exists()
        assert loose_entries(data_dir) == []
