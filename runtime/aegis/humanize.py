"""Words for people: counts with the right plural, values without Python reprs.

The CLI's human output and the status line use these, so "1 memory" and
"—" for nothing are spelled the same everywhere. Standard library only.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping

IRREGULAR = {"memory": "memories", "was": "were", "entry": "entries", "this": "these"}


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 memory``, ``2 memories``, ``0 facts``, ``2 fixes``."""
    if count == 1:
        return f"{count} {word}"
    if words is None:
        words = IRREGULAR.get(word) or (
            word + "es" if word.endswith(("s", "x", "z", "ch", "sh")) else word + "s")
    return f"{count} {words}"


def value(item: Any) -> str:
    """A setting or statistic as a person reads it: no ``None``, ``True`` or ``{'a': 1}``."""
    if item is None or item == "":
        return "—"
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, float):
        return f"{item:g}"
    if isinstance(item, dict):
        return ", ".join(f"{k} {value(v)}" for k, v in item.items()) or "—"
    if isinstance(item, (list, tuple)):
        return ", ".join(value(v) for v in item) or "—"
    return str(item)


def counts(mapping: Mapping[str, int]) -> str:
    """``{'fact': 2, 'event': 1}`` → ``2 facts, 1 event``."""
    return ", ".join(plural(n, k) for k, n in mapping.items()) or "none"


# The activity logs keep "?" for an entry without a session: for capture that is an
# explicit save (`remember`, memory_save) stored late from the spool; for recall, a
# hook run without one. This is how a person reads that row.
NO_SESSION = {"capture": "explicit saves (no session)", "recall": "no session"}


def session_label(session: str, log: str) -> str:
    return NO_SESSION[log] if session in ("?", "") else session
