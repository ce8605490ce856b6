"""Hostile things a hook payload can point at, and the hook contract checked on a run.

Shared by the targeted hook-input tests and the hook fuzz suite.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HOOK_EVENTS = {"session-start": "SessionStart", "user-prompt-submit": "UserPromptSubmit",
               "stop": "Stop", "pre-compact": "PreCompact", "session-end": "SessionEnd"}
SPARSE_BYTES = 8 * 1024 ** 3        # a "transcript" of 8 GiB that takes no disk


def hostile_paths(root: Path) -> dict[str, str]:
    """name -> path: devices that never end, a FIFO nobody writes, a directory, a
    huge sparse file, a file of one endless line, a file every read of fails."""
    root.mkdir(parents=True, exist_ok=True)
    paths = {"dev_zero": "/dev/zero", "dev_urandom": "/dev/urandom", "directory": str(root)}
    if os.path.exists("/proc/self/mem"):
        paths["proc_mem"] = "/proc/self/mem"        # "regular", but every read fails
    fifo = root / "fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    paths["fifo"] = str(fifo)
    sparse = root / "sparse.jsonl"
    with open(sparse, "wb") as handle:
        handle.truncate(SPARSE_BYTES)
    paths["sparse"] = str(sparse)
    endless = root / "one-line.jsonl"
    endless.write_bytes(b'{"type": "user", "message": {"content": "' + b"x" * (6 << 20))
    paths["one_line"] = str(endless)
    return paths


def check_hook_output(event: str, returncode: int, stdout: bytes, stderr: bytes) -> None:
    """Exit 0, nothing on stderr, stdout empty or one JSON object of the accepted shape."""
    assert returncode == 0, (returncode, stderr[-500:])
    assert stderr == b"", stderr[-500:]
    text = stdout.decode("utf-8").strip()
    if not text:
        return
    data = json.loads(text)
    assert isinstance(data, dict) and set(data) <= {"hookSpecificOutput", "systemMessage"}, data
    if "hookSpecificOutput" in data:
        specific = data["hookSpecificOutput"]
        assert set(specific) == {"hookEventName", "additionalContext"}, specific
        assert specific["hookEventName"] == HOOK_EVENTS[event]
        assert event in ("session-start", "user-prompt-submit")
        assert isinstance(specific["additionalContext"], str)
    if "systemMessage" in data:
        assert isinstance(data["systemMessage"], str) and "\n" not in data["systemMessage"]
