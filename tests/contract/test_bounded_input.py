"""`remember -` and `import` read a bounded amount, through the built pyz (trial5 F2).

Input that never ends (/dev/zero, `cat /dev/zero |`) is refused in one line, in bounded
memory, instead of being read until MemoryError. Each run has its address space capped at
1 GB, so reading without a bound fails fast (and the same way) instead of swapping.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading

MEMORY_CAP = 1 << 30


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(pyz, project, *args: str, stdin) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(pyz), *args], stdin=stdin, capture_output=True,
                          cwd=project, env=dict(os.environ), timeout=120,
                          preexec_fn=cap_memory)


def one_error_line(done: subprocess.CompletedProcess) -> str:
    err = done.stderr.decode()
    assert done.returncode == 1, (done.returncode, err)
    assert err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err
    return err


def test_remember_from_an_endless_stdin_is_over_the_limit(pyz, project):
    with open("/dev/zero", "rb") as zero:
        done = run_capped(pyz, project, "remember", "-", stdin=zero)
    assert "text on stdin is over 16,000 characters" in one_error_line(done)


def test_remember_from_stdin_within_the_limit_still_saves(run_pyz):
    text = "é" * 15_999 + "!"            # two bytes a character: well past 16,000 bytes
    done = run_pyz("remember", "--json", "-", input=text)
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["memory"]["text"] == text
    over = run_pyz("remember", "-", input="x" * 16_001)
    assert "text is 16,001 characters; the limit is 16,000" in one_error_line(over)


def test_import_refuses_a_device(pyz, project):
    named = run_capped(pyz, project, "import", "/dev/zero", stdin=subprocess.DEVNULL)
    assert "cannot read /dev/zero: not a file or a pipe" in one_error_line(named)
    with open("/dev/zero", "rb") as zero:
        piped = run_capped(pyz, project, "import", "-", stdin=zero)
    assert "cannot read stdin: not a file or a pipe" in one_error_line(piped)


def test_import_from_an_endless_pipe_stops_at_the_over_long_line(pyz, project):
    feeder = subprocess.Popen(["cat", "/dev/zero"], stdout=subprocess.PIPE)
    try:
        done = run_capped(pyz, project, "import", "-", stdin=feeder.stdout)
    finally:
        feeder.kill()
        feeder.wait()
        feeder.stdout.close()
    err = one_error_line(done)
    assert "no valid records" in err and "line 1: over 16,777,216 characters" in err


def test_import_still_reads_a_pipe_and_stdin(run_pyz, pyz, project):
    record = json.dumps({"text": "We deploy with make ship."}) + "\n"
    from_stdin = run_pyz("import", "-", input=record)
    assert from_stdin.returncode == 0, from_stdin.stderr.decode()
    assert "imported 1 memory" in from_stdin.stdout.decode()
    # `aegis import <(gunzip -c export.jsonl.gz)`: a path naming a pipe
    read_end, write_end = os.pipe()

    def feed() -> None:
        with os.fdopen(write_end, "w") as out:
            out.write(json.dumps({"text": "Releases are tagged vX.Y.Z."}) + "\n")

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        done = subprocess.run([sys.executable, str(pyz), "import", f"/dev/fd/{read_end}"],
                              pass_fds=(read_end,), capture_output=True, cwd=project,
                              timeout=60)
    finally:
        writer.join(timeout=30)
        os.close(read_end)
    assert done.returncode == 0, done.stderr.decode()
    assert "imported 1 memory" in done.stdout.decode()
