"""Run storage work under the hook's hard deadline.

SQLite may wait on a lock (its busy timeout is ten seconds) and a remote backend
on the network; neither may hold the user's prompt past the budget. The work
runs in a daemon thread; the hook waits at most until the deadline and then
gives up on it (the process exits without waiting for a daemon thread).
"""

from __future__ import annotations

import threading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, TypeVar

    from aegis.recall.deadline import Deadline

    T = TypeVar("T")


class DeadlineExceeded(Exception):
    """The work did not finish before the deadline; its result is abandoned."""


def within(deadline: Deadline, work: Callable[[], T]) -> T:
    """``work()``'s result or exception, or DeadlineExceeded once the deadline passes."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:      # handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="aegis-recall", daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        raise DeadlineExceeded()
    if "error" in outcome:
        raise outcome["error"]            # type: ignore[misc]
    return outcome["value"]               # type: ignore[return-value]
