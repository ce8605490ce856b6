"""On a Python older than 3.9 the BUILT pyz's CLI refuses every command in one line
instead of half-working and crashing in some (F9); the hooks still exit quietly there."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

PYENV = Path("/root/.pyenv/versions")


@pytest.mark.parametrize("command", [["doctor"], ["export"], ["list"]])
def test_the_cli_refuses_python_3_8_in_one_line(pyz, project, command):
    old = sorted(PYENV.glob("3.8*/bin/python3"))
    if not old:
        pytest.skip("no CPython 3.8 here")
    done = subprocess.run([str(old[0]), str(pyz), *command], cwd=project, capture_output=True,
                          timeout=60)
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, lines
    assert "needs Python 3.9 or newer" in lines[0] and "3.8" in lines[0], lines
    assert "internal error" not in lines[0]


def test_doctor_on_python_3_9_says_what_needs_newer(pyz, project):
    """trial4 F9h: a bare ``FAIL python`` on 3.9, where the hooks and the CLI work."""
    old = sorted(PYENV.glob("3.9*/bin/python3"))
    if not old:
        pytest.skip("no CPython 3.9 here")
    done = subprocess.run([str(old[0]), str(pyz), "doctor"], cwd=project, capture_output=True,
                          timeout=120)
    line = next(x for x in done.stdout.decode().splitlines() if "python:" in x)
    assert line.startswith("FAIL") and "needs Python 3.10 or newer" in line, line
    assert "the hooks and the CLI work" in line


@pytest.mark.parametrize("version", ["3.7", "3.8"])
def test_the_hooks_exit_quietly_on_an_unsupported_python_and_write_nothing(pyz, project, tmp_path,
                                                                          version):
    """trial5 F7: on 3.7 and 3.8 the hooks briefed, recalled and captured into the store."""
    old = sorted(PYENV.glob(f"{version}*/bin/python3"))
    if not old:
        pytest.skip(f"no CPython {version} here")
    data = tmp_path / "data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AEGIS_DATA_DIR": str(data)}
    saved = subprocess.run(["/usr/bin/python3", str(pyz), "remember", "We deploy with make ship."],
                           cwd=project, env=env, capture_output=True, timeout=60)
    assert saved.returncode == 0, saved.stderr
    def memory_files():      # what the zipapp caches of its own code (runtime/) aside
        return sorted(p for p in data.rglob("*") if "runtime" not in p.relative_to(data).parts)
    before = memory_files()
    payload = ('{"session_id": "old", "cwd": "%s", "source": "startup", '
               '"last_assistant_message": "From now on we always use yarn berry."}' % project)
    for event in ("session-start", "stop", "session-end"):
        done = subprocess.run([str(old[0]), str(pyz), "hook", event], cwd=project, env=env,
                              input=payload.encode(), capture_output=True, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == (0, b"", b""), event
    assert memory_files() == before        # no job, spool or log: nothing written
