"""The hard time ceiling of a hook, measured from when the process started.

Claude Code waits for the hook, so the budget (``AEGIS_RECALL_TIME_BUDGET_MS``)
covers everything the user waits for: interpreter start, imports, reading the
store. ``aegis.hooks.STARTED_AT`` is taken when the hook package is imported,
which misses the interpreter's own start-up; on Linux the kernel knows when the
process began (``/proc/self/stat``), so the deadline starts from there.
"""

from __future__ import annotations

import os
import time

# SessionStart runs once per session under a 10 s hook timeout, at the moment Claude Code
# also starts the MCP server: 800 ms from process start is often eaten by start-up alone.
BRIEFING_BUDGET_MS = 3000
MAX_PLAUSIBLE_AGE = 30.0        # seconds; anything older is a clock mix-up, not our start-up
# A hook process imports aegis.hooks within a fraction of a second of starting; a
# longer gap means a long-lived process (a test runner) calling the hook in-process,
# whose own start is no business of the hook's budget.
MAX_STARTUP_GAP = 3.0


def process_age(proc: str = "/proc") -> float | None:
    """Seconds since this process started, from the kernel; None where unknown."""
    try:
        with open(f"{proc}/self/stat", "rb") as handle:
            stat = handle.read()
        with open(f"{proc}/uptime", "rb") as handle:
            uptime = float(handle.read().split()[0])
        # Field 22 (starttime, in clock ticks since boot) counts from after the
        # parenthesised command name, which may itself contain spaces.
        fields = stat[stat.rindex(b")") + 2:].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    age = uptime - started
    return age if 0.0 <= age <= MAX_PLAUSIBLE_AGE else None


def process_start(fallback: float) -> float:
    """Monotonic time at which the process started (never later than ``fallback``)."""
    age = process_age()
    if age is None:
        return fallback
    started = time.monotonic() - age
    if fallback - started > MAX_STARTUP_GAP:
        return fallback
    return min(fallback, started)


class Deadline:
    """A point in monotonic time; ``remaining()`` never goes below zero."""

    def __init__(self, at: float, clock=time.monotonic):
        self.at = at
        self._clock = clock

    @classmethod
    def from_process_start(cls, budget_ms: int, fallback_start: float) -> "Deadline":
        return cls(process_start(fallback_start) + budget_ms / 1000.0)

    def remaining(self) -> float:
        return max(0.0, self.at - self._clock())

    def expired(self) -> bool:
        return self.remaining() <= 0.0


def budget_ms(event: str, recall_ms: int, briefing_ms: int | None) -> int:
    """The hook's time budget: SessionStart's is ``AEGIS_BRIEFING_TIME_BUDGET_MS``, else
    ``BRIEFING_BUDGET_MS`` — or the recall budget when that was changed from its default
    (a deliberate ceiling holds for both hooks); every other hook's is the recall budget."""
    if event not in ("SessionStart", "session-start"):
        return recall_ms
    if briefing_ms:
        return briefing_ms
    from aegis.config import Settings
    return recall_ms if recall_ms != Settings.recall_time_budget_ms else BRIEFING_BUDGET_MS
