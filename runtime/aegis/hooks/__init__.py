"""Claude Code hook entry points: ``aegis hook <event>`` with the event JSON on stdin.

Contract for every hook: exit 0, never a traceback, stay inside the time budget,
print either nothing or one JSON object on stdout. Each event's module exposes
``run(payload, settings) -> dict | None``; this dispatcher owns reading stdin,
the safety net and writing the output.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from typing import Any, BinaryIO, Callable, TextIO

# event name (as on the command line) -> module under aegis.hooks
EVENTS = {
    "session-start": "briefing",
    "user-prompt-submit": "recall",
    "stop": "capture",
    "pre-compact": "capture",
    "session-end": "capture",
    "capture-worker": "capture",        # the detached capture worker (see aegis.capture.spawn)
}
MAX_STDIN_BYTES = 32 * 1024 * 1024
STARTED_AT = time.monotonic()


def read_payload(stdin: BinaryIO) -> dict[str, Any]:
    """The hook JSON, or {} for empty, oversized, binary or malformed input."""
    try:
        raw = stdin.read(MAX_STDIN_BYTES + 1)
    except (OSError, ValueError):
        return {}
    if not raw or len(raw) > MAX_STDIN_BYTES:
        return {}
    try:
        data = json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def main(event: str, stdin: BinaryIO | None = None, stdout: TextIO | None = None,
         env: dict[str, str] | None = None) -> int:
    stdout = stdout or sys.stdout
    try:
        module_name = EVENTS.get(event)
        if module_name is None:
            return 0
        payload = read_payload(stdin or sys.stdin.buffer)
        payload.setdefault("hook_event", event)
        from aegis.config import load_config
        env = dict(os.environ if env is None else env)
        cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else None
        settings = load_config(env=env, cwd=cwd if cwd and os.path.isdir(cwd) else None)
        from aegis.log import log_to_file
        log_to_file(settings.data_dir)
        try:
            module = importlib.import_module(f"aegis.hooks.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"aegis.hooks.{module_name}":
                return 0                        # this event is not implemented in this build
            raise
        run: Callable[..., dict | None] = module.run
        result = run(payload, settings)
        if result:
            stdout.write(json.dumps(result, ensure_ascii=False))
            stdout.flush()
    except BaseException as exc:  # the safety net: a hook never fails the session
        if isinstance(exc, KeyboardInterrupt):
            return 0
        try:
            from aegis.log import get_logger
            get_logger().warning("hook %s failed: %s", event, type(exc).__name__)
        except Exception:
            pass
    return 0
