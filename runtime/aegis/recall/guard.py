"""Run storage work under the hook's hard deadline.

SQLite may wait on a lock (its busy timeout is ten seconds) and a remote backend
on the network; neither may hold the user's prompt past the budget. The work
runs in a thread of its own; the hook waits at most until the deadline and then
gives up on it (the process exits without waiting for it).
"""

from __future__ import annotations

# The C module under ``threading``: a hook needs one thread and one lock, and
# importing ``threading`` (with ``_weakrefset``) cost every prompt ~1 ms.
import _thread

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, TypeVar

    from aegis.recall.deadline import Deadline

    T = TypeVar("T")

_running = 0                      # workers started and not finished, abandoned ones included
_counting = _thread.allocate_lock()


class DeadlineExceeded(Exception):
    """The work did not finish before the deadline; its result is abandoned."""


def running() -> int:
    """How many ``within`` workers are still running (the memory server refuses relayed
    hooks while too many abandoned ones hold its store)."""
    return _running


def _count(change: int) -> None:
    global _running
    with _counting:
        _running += change


def within(deadline: Deadline, work: Callable[[], T]) -> T:
    """``work()``'s result or exception, or DeadlineExceeded once the deadline passes."""
    outcome: dict[str, object] = {}
    finished = _thread.allocate_lock()
    finished.acquire()

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:      # handed to the caller below
            outcome["error"] = exc
        finally:
            _count(-1)
            finished.release()

    _count(+1)
    try:
        _thread.start_new_thread(target, ())
    except BaseException:
        _count(-1)
        raise
    # Like a daemon thread, an abandoned worker never delays the process's exit.
    if not finished.acquire(timeout=deadline.remaining()):
        raise DeadlineExceeded()
    if "error" in outcome:
        raise outcome["error"]            # type: ignore[misc]
    return outcome["value"]               # type: ignore[return-value]
