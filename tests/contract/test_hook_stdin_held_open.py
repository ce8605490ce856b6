"""A hook whose stdin is held open by its writer (a FIFO, a wrapper that never closes)
still answers and exits: the built pyz stops reading at a complete JSON object, or
after a short wait when nothing complete arrives, instead of waiting for end of input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs")
HELD_S = 30          # the writer keeps the FIFO open this long; the hook must not wait for it


def run_with_held_stdin(pyz, project, tmp_path, written: bytes) -> subprocess.CompletedProcess:
    fifo = tmp_path / "stdin.fifo"
    os.mkfifo(fifo)
    release = threading.Event()

    def writer():
        with open(fifo, "wb") as handle:
            handle.write(written)
            handle.flush()
            release.wait(HELD_S)
    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        with open(fifo, "rb") as stdin:
            return subprocess.run([sys.executable, str(pyz), "hook", "user-prompt-submit"],
                                  stdin=stdin, capture_output=True, cwd=project,
                                  timeout=HELD_S / 2)
    finally:
        release.set()
        thread.join()


def test_a_complete_event_is_answered_while_the_writer_holds_stdin(
        pyz, run_pyz, project, tmp_path):
    assert run_pyz("remember", "We indent with tabs in the Go services.").returncode == 0
    event = {"session_id": "held1", "cwd": str(project), "hook_event_name": "UserPromptSubmit",
             "prompt": "do we indent the go services with tabs?"}
    done = run_with_held_stdin(pyz, project, tmp_path, json.dumps(event).encode() + b"\n")
    assert (done.returncode, done.stderr) == (0, b"")
    assert "indent with tabs" in json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"]


def test_a_writer_that_sends_nothing_does_not_hold_the_hook(pyz, project, tmp_path):
    done = run_with_held_stdin(pyz, project, tmp_path, b"")
    assert (done.returncode, done.stderr) == (0, b"")
