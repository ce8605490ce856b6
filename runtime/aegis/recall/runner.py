"""What the recall and briefing hooks share: the session, the store, notices, output.

A hook run reads its inputs defensively (every payload field may be missing or
of the wrong type), opens the memory service only when there is a store to read,
turns backend failures into a one-line ``systemMessage`` shown once per session,
and builds the output shape Claude Code accepts::

    {"hookSpecificOutput": {"hookEventName": EVENT, "additionalContext": TEXT},
     "systemMessage": LINE}

(``systemMessage`` is top-level, shown to the user, not the model.)
"""

from __future__ import annotations

import os
import time

from aegis.errors import AegisError, InvalidInput, Unavailable
from aegis.log import get_logger
from aegis.recall import activity, cooldown, session
from aegis.recall.deadline import Deadline
from aegis.recall.guard import DeadlineExceeded, within
from aegis.store import sqlite_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar

    from aegis.config import Settings

    T = TypeVar("T")

MAX_NOTICE_CHARS = 300
SERVER_DOWN = "aegisdb-down"      # the cool-down marker of a server that timed out
SERVER_DOWN_FOR = 60.0            # seconds the following hooks do not wait for it

# A relayed run's answer may miss the hook's deadline after it was computed; its
# session state (what was injected, which notice was shown) and its log line are
# written only once the relay knows the answer goes out in time
# (``aegis.hooks.relay``), else the session would skip memories it never saw.
# Per thread: the relay runs several.
_deferred = None                 # threading.local(), created by defer_commits


def defer_commits() -> list:
    """In a relay's work thread: collect this thread's runs' commits, to be called
    with True (answered in time) or False (too late) by the relay; returns the list."""
    global _deferred
    if _deferred is None:
        import threading
        _deferred = threading.local()
    _deferred.commits = []
    return _deferred.commits


def after_answer(commit: Callable[[bool], None]) -> None:
    """Call ``commit(True)`` now, or — in a relay's work thread — once the relay knows
    whether the answer was sent."""
    pending = getattr(_deferred, "commits", None) if _deferred is not None else None
    if pending is None:
        commit(True)
    else:
        pending.append(commit)


class NoStore(Exception):
    """There is no memory store yet: nothing to recall, nothing to report."""


class CoolingDown(Unavailable):
    """The server timed out for an earlier hook and is not waited for yet. Not logged
    again: the timeout that started the cool-down was, and a hook's first log line
    loads ``logging`` and the redaction rules (~15-25 ms of every prompt that minute)."""


def payload_str(payload: dict, key: str, limit: int = 4096) -> str:
    value = payload.get(key)
    return value[:limit] if isinstance(value, str) else ""


class HookRun:
    def __init__(self, event: str, payload: dict, settings: Settings,
                 started_at: float | None = None):
        """``started_at``: when the hook process started (monotonic), if known exactly
        (a relayed hook); else this process's start is the hook's."""
        self.event = event
        self.log_event = "briefing" if event == "SessionStart" else "recall"
        self.settings = settings
        self.session_id = payload_str(payload, "session_id", 200)
        cwd = payload_str(payload, "cwd")
        self.cwd = cwd if cwd and os.path.isdir(cwd) else os.getcwd()
        self.transcript_path = payload_str(payload, "transcript_path") or None
        from aegis.recall.deadline import budget_ms
        budget = self.budget_ms = budget_ms(event, settings.recall_time_budget_ms,
                                            settings.briefing_time_budget_ms)
        self.relayed = started_at is not None
        if started_at is None:
            from aegis.hooks import STARTED_AT
            self.deadline = Deadline.from_process_start(budget, STARTED_AT)
        else:
            self.deadline = Deadline(started_at + budget / 1000.0)
        self.started = time.monotonic()
        self.state = session.load(settings.data_dir, self.session_id)
        self.notice: str | None = None
        self._service = None
        self._abandoned = False          # a worker still holds the store: do not touch it
        self.state_changed = False

    # ------------------------------------------------------------ storage

    def store_exists(self) -> bool:
        """False only for a store not created yet (nothing to recall, nothing wrong); a
        data dir that cannot hold one counts as there, so opening it says what is wrong."""
        if self.settings.backend != "sqlite":
            return True
        path = sqlite_path(self.settings)
        return os.path.exists(path) or os.path.exists(os.path.dirname(path)) and not \
            os.path.isdir(os.path.dirname(path))

    def service(self):
        """The memory service, opened lazily (inside ``guarded`` work)."""
        if self._service is None:
            if not self.store_exists():
                raise NoStore()
            if self._server_cooling_down():
                raise CoolingDown(f"AegisDB at {self._server()} did not answer a moment ago; "
                                  f"trying it again within a minute")
            from aegis.service import MemoryService
            service = MemoryService.open(self.settings, self.cwd)
            if service.embedder is not None:
                from aegis.recall import embed_budget
                embed_budget.bound(service.embedder, self.deadline, self.settings.data_dir)
            self._service = service
            if getattr(service.store, "read_only", False):
                from aegis.errors import ReadOnly
                self.say_once("backend:read_only", backend_notice(ReadOnly(
                    f"the memory store at {service.store.path} is read-only")))
        return self._service

    def guarded(self, work: Callable[[], T], default: T) -> tuple[T, str]:
        """(result, outcome) of storage ``work`` under the deadline; failures become notices."""
        if self._abandoned:
            return default, "timeout"
        try:
            result = within(self.deadline, work)
        except NoStore:
            return default, "no_store"
        except InvalidInput:                 # a query the service refuses: nothing to recall
            return default, "no_query"
        except DeadlineExceeded:
            self._abandoned = True
            notice, blame_server = self._timeout_notice()
            if blame_server:
                cooldown.mark(self.settings.data_dir, SERVER_DOWN, self._server())
            self.say_once("timeout", notice)
            return default, "timeout"
        except AegisError as exc:
            code = exc.code
            if self.settings.backend == "aegisdb" and "timed out" in exc.message:
                cooldown.mark(self.settings.data_dir, SERVER_DOWN, self._server())
            self.say_once(f"backend:{code}", backend_notice(exc))
            if not isinstance(exc, CoolingDown):
                get_logger().warning("%s: %s (%s)", self.log_event, code, type(exc).__name__)
            return default, "unavailable"
        # Semantic search configured but off (bad key, wrong dimension…): search fell
        # back to keywords; the user hears about it once.
        embedder = getattr(self._service, "embedder", None)
        if getattr(embedder, "gave_up", False):
            from aegis.recall import embed_budget
            embed_budget.record(embedder, self.settings.data_dir)
        degraded = getattr(self._service, "embedding_notice", None)
        if isinstance(degraded, str) and degraded.strip():
            self.say_once("embedding", f"Aegis memory: {degraded.strip()}")
        return result, "ok"

    def _timeout_notice(self) -> tuple[str, bool]:
        """(notice, whether the server is to blame). Blame what ate the budget: start-up
        (Python starting on a busy machine) when it used most of it before the store work
        began, else the store — by its address when it is a server."""
        budget = self.budget_ms
        startup_ms = (self.started - (self.deadline.at - budget / 1000.0)) * 1000.0
        slow_start = startup_ms > budget / 2
        server = (self.settings.backend == "aegisdb" and not slow_start
                  and not self._server_answered_lately())
        cause = ("Python started slowly — a busy machine?" if slow_start
                 else f"AegisDB at {self._server()} did not answer in time" if server
                 else "a large team pool on a busy machine?"
                 if self.settings.backend == "aegisdb"
                 else "a slow or locked store?")
        return (f"Aegis memory ran out of its {budget} ms time budget ({cause}), so nothing "
                f"was recalled; Claude Code works as usual.", server)

    def _server_answered_lately(self) -> bool:
        """Whether the server answered within its read timeout: then the budget went on
        this side (many answers to read), and the server is not to be cooled down."""
        import time
        answered = getattr(getattr(self._service, "store", None), "answered_at", None)
        return (answered is not None
                and time.monotonic() - answered < self.settings.read_timeout_ms / 1000.0)

    def _server(self) -> str:
        from aegis.trust import address
        return address(self.settings.host, self.settings.port)

    def _server_cooling_down(self) -> bool:
        """A server that timed out for an earlier hook (any session) is not waited for
        again until ``SERVER_DOWN_FOR`` has passed (aegis.recall.cooldown)."""
        return self.settings.backend == "aegisdb" and cooldown.active(
            self.settings.data_dir, SERVER_DOWN, SERVER_DOWN_FOR, self._server())

    def best_effort(self, work: Callable[[], object]) -> None:
        """Bookkeeping that may fail or run out of time without anyone being told."""
        if self._abandoned:
            return
        try:
            within(self.deadline, work)
        except DeadlineExceeded:
            self._abandoned = True
        except Exception as exc:
            get_logger().info("%s: bookkeeping skipped (%s)", self.log_event, type(exc).__name__)

    def __enter__(self) -> HookRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        # Closing a connection another thread is still using would wait for it.
        if self._service is None or self._abandoned:
            return
        from aegis.hooks import EXITS_AFTER_RUN
        if EXITS_AFTER_RUN and not self.relayed:
            # os._exit follows: leaving the connection open is what a crash after the
            # last commit leaves, which WAL recovers from, and it skips the checkpoint
            # and fsync that closing the last connection does (Python < 3.12 cannot turn
            # that off; see SQLiteStore.close), ~1 ms on tmpfs, more on a real disk.
            return
        self._service.close(quick=True)

    # ------------------------------------------------------------ notices and output

    def say_once(self, key: str, message: str) -> None:
        if self.state.first_notice(key) and self.notice is None:
            self.notice = " ".join(message.split())[:MAX_NOTICE_CHARS]

    def elapsed_ms(self) -> float:
        return (time.monotonic() - self.started) * 1000.0

    def finish(self, context: str, outcome: str, ids: tuple[str, ...] = (), tokens: int = 0,
               omitted: int = 0) -> dict[str, Any] | None:
        """Persist state, log the run and build the output (None when there is nothing to say).
        A relayed run persists and logs only once its answer was sent (``defer_commits``)."""
        elapsed_ms = self.elapsed_ms()

        def commit(sent: bool) -> None:
            if not sent:
                activity.record(self.settings.data_dir, self.log_event, self.session_id, "late",
                                (), 0, 0, elapsed_ms, relayed=self.relayed)
                return
            if ids:
                self.state.add_injected(list(ids))
            if ids or self.notice or self.state_changed:
                session.save(self.settings.data_dir, self.state)
            activity.record(self.settings.data_dir, self.log_event, self.session_id,
                            "injected" if ids else outcome, ids, tokens, omitted, elapsed_ms,
                            relayed=self.relayed)
        after_answer(commit)
        output: dict[str, Any] = {}
        if context:
            output["hookSpecificOutput"] = {"hookEventName": self.event,
                                            "additionalContext": context}
        if self.notice:
            output["systemMessage"] = self.notice
        return output or None


def backend_notice(exc: AegisError) -> str:
    """The one line a session sees when its store fails: what is wrong, as the backend
    said it (refused or timed out at host:port, unauthorized, read-only, quota…), said
    once — a detail that already says "unavailable" or "read-only" is not wrapped in the
    same word again, and never in a second pair of brackets."""
    detail = str(exc).strip() or type(exc).__name__
    state, after = {"read_only": ("read-only", "recall works, new memories are not saved"),
                    "unavailable": ("unavailable", "continuing without recall")
                    }.get(exc.code, (None, "continuing without recall"))
    if state is None or state in detail:
        return f"Aegis memory: {detail}; {after}."
    return f"Aegis memory is {state}: {detail}; {after}."
