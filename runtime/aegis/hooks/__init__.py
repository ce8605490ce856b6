"""Claude Code hook entry points: ``aegis hook <event>`` with the event JSON on stdin.

Contract for every hook: exit 0, never a traceback, stay inside the time budget,
print either nothing or one JSON object on stdout. Each event's module exposes
``run(payload, settings, started_at=None) -> dict | None``; this dispatcher owns
reading stdin, the safety net and writing the output (and, in a hook process,
handing recall to the session's server: ``run_and_exit``, ``aegis.hooks.relay``).
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO, Callable, Mapping, NoReturn, TextIO

# event name (as on the command line) -> module under aegis.hooks
EVENTS = {
    "session-start": "briefing",
    "user-prompt-submit": "recall",
    "stop": "capture",
    "pre-compact": "capture",
    "session-end": "capture",
    "capture-worker": "capture",        # the detached capture worker (see aegis.capture.spawn)
}
# The setting that turns an event off. Set to false in the environment it wins over
# every config file (see aegis.config), so such a hook returns before reading anything.
SWITCHES = {
    "session-start": "recall_enabled",
    "user-prompt-submit": "recall_enabled",
    "stop": "capture_enabled",
    "pre-compact": "capture_enabled",
    "session-end": "capture_enabled",
}
# Events a hook process hands to the session's memory server (aegis.hooks.relay).
RELAYED_EVENTS = ("session-start", "user-prompt-submit")
MAX_STDIN_BYTES = 32 * 1024 * 1024
STDIN_WAIT_S = 0.5      # at most this long for stdin to end (well inside the recall budget)
STARTED_AT = time.monotonic()
# Set by ``run_and_exit``: this process ends with ``os._exit`` as soon as the hook is
# done, so what the run opened need not be closed (see aegis.recall.runner).
EXITS_AFTER_RUN = False


def switched_off(event: str, env: Mapping[str, str]) -> bool:
    """True when the environment turns ``event`` off (a bad value does not)."""
    from aegis.config import env_value
    return event in SWITCHES and env_value(SWITCHES[event], env) is False


def time_budget_ms(env: Mapping[str, str], cwd: str | None = None,
                   event: str = "user-prompt-submit") -> int:
    """``event``'s budget as settings resolve it for this hook — environment, else the
    config file (found from ``cwd``, default: this process's), else the default —
    without reading the payload: a relayed hook waits this long, and the server
    runs with exactly this budget (aegis.recall.deadline.budget_ms)."""
    from aegis.config import Settings, env_value, file_value
    from aegis.recall.deadline import budget_ms

    def knob(name: str):
        return env_value(name, env) or file_value(name, env, cwd or os.getcwd())
    briefing = knob("briefing_time_budget_ms") if event == "session-start" else None
    return budget_ms(event, knob("recall_time_budget_ms") or Settings.recall_time_budget_ms,
                     briefing)


def read_input(stdin: BinaryIO) -> bytes:
    """Stdin's bytes; b"" when unreadable or over MAX_STDIN_BYTES.

    Claude Code writes the event and closes stdin. A writer that keeps it open (a
    FIFO, a wrapper) must not hold the hook past its budget: on POSIX the read stops
    at a complete JSON object, or after ``STDIN_WAIT_S``, whichever comes first."""
    try:
        fd = stdin.fileno()
    except (AttributeError, OSError, ValueError):     # BytesIO (io.UnsupportedOperation)
        fd = None
    try:
        if fd is None or os.name != "posix":
            raw = stdin.read(MAX_STDIN_BYTES + 1)
        else:
            raw = _read_bounded(fd)
    except (OSError, ValueError):
        return b""
    return raw if len(raw) <= MAX_STDIN_BYTES else b""


def _read_bounded(fd: int) -> bytes:
    import select
    deadline = time.monotonic() + STDIN_WAIT_S
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_STDIN_BYTES:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            break
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break                                       # end of input
        chunks.append(chunk)
        size += len(chunk)
        if select.select([fd], [], [], 0)[0]:
            continue            # more (or the end) is waiting: a parse only when it pauses
        if chunk.rstrip().endswith(b"}") and _complete_json(b"".join(chunks)):
            break
    return b"".join(chunks)


_MALFORMED = object()


def _parsed(raw: bytes) -> Any:
    """The JSON value of ``raw``, or ``_MALFORMED``."""
    from aegis.quick_json import loads
    try:
        return loads(raw.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError, MemoryError):    # RecursionError: deep nesting
        return _MALFORMED


def _complete_json(raw: bytes) -> bool:
    return _parsed(raw) is not _MALFORMED


def read_payload(stdin: BinaryIO) -> dict[str, Any]:
    """The hook JSON, or {} for empty, oversized, binary or malformed input."""
    raw = read_input(stdin)
    data = _parsed(raw) if raw else None
    if not isinstance(data, dict):
        return {}
    if b"\\ud" in raw or b"\\uD" in raw:        # maybe half a surrogate pair (aegis.surrogates)
        from aegis.surrogates import drop_in
        data = drop_in(data)
    return data


def main(event: str, stdin: BinaryIO | None = None, stdout: TextIO | None = None,
         env: dict[str, str] | None = None, started_at: float | None = None,
         budget_ms: int | None = None) -> int:
    """Run ``event`` on the payload in ``stdin``; always 0. ``started_at`` (monotonic)
    is when the hook process started, for the time budget (default: this one's);
    ``budget_ms`` is that budget as the hook process resolved it (a relayed run)."""
    stdout = stdout or sys.stdout
    try:
        module_name = EVENTS.get(event)
        env = dict(os.environ if env is None else env)
        if module_name is None or switched_off(event, env):
            return 0
        payload = read_payload(stdin or sys.stdin.buffer)
        payload.setdefault("hook_event", event)
        from aegis.config import load_config
        cwd = payload.get("cwd") if isinstance(payload.get("cwd"), str) else None
        budget_knob = ("briefing_time_budget_ms" if event == "session-start"
                       else "recall_time_budget_ms")
        overrides = {budget_knob: budget_ms} if budget_ms else None
        settings = load_config(env=env, cwd=cwd if cwd and os.path.isdir(cwd) else None,
                               overrides=overrides)
        from aegis.log import log_to_file
        log_to_file(settings.data_dir)
        if cwd and event in SWITCHES and not os.path.isdir(cwd):
            # The session's directory is gone: its namespace can no longer be found, and
            # this process's own directory may be another project's. Nothing to do.
            from aegis.log import get_logger
            get_logger().info("hook %s: the session's cwd is not a directory; nothing done",
                              event)
            return 0
        import importlib
        try:
            module = importlib.import_module(f"aegis.hooks.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"aegis.hooks.{module_name}":
                return 0                        # this event is not implemented in this build
            raise
        run: Callable[..., dict | None] = module.run
        result = run(payload, settings, started_at=started_at)
        if result:
            from aegis.quick_json import dumps
            stdout.write(dumps(result, ensure_ascii=False))
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


def silence_stderr(env: Mapping[str, str]) -> None:
    """Point fd 2 at the null device unless debugging: Claude Code shows a hook's
    stderr to the user, and a warning from any layer (Python, SQLite, a thread
    abandoned at the deadline) must not reach them. Diagnostics go to aegis.log."""
    from aegis.log import debugging
    if debugging(env):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    except OSError:
        pass


def run_and_exit(event: str) -> NoReturn:
    """A hook process's whole life: run ``event`` (or have the session's server run
    it, see aegis.hooks.relay), flush, and leave.

    ``os._exit`` skips the interpreter's shutdown, which tears down every
    imported module (a few ms on every prompt). Everything the hook wrote is
    closed by then, and a recall thread abandoned at the deadline must not be
    waited for anyway.
    """
    import io
    global EXITS_AFTER_RUN
    EXITS_AFTER_RUN = True
    silence_stderr(os.environ)
    raw = answer = None
    try:
        if event in RELAYED_EVENTS and not switched_off(event, os.environ):
            from aegis.hooks.relay import relay_or_none
            from aegis.recall.deadline import process_start
            raw = read_input(sys.stdin.buffer)
            answer = relay_or_none(event, raw, os.environ, process_start(STARTED_AT),
                                   time_budget_ms(os.environ, event=event))
    except BaseException as exc:    # the relay only saves time: it never fails a hook
        if isinstance(exc, KeyboardInterrupt):
            os._exit(0)
        answer = None
    if answer is None:
        code = main(event, stdin=None if raw is None else io.BytesIO(raw))
    else:
        code = 0
        try:
            sys.stdout.buffer.write(answer)
        except (OSError, ValueError):
            pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)
