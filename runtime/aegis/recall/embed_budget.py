"""How long a hook lets the prompt's embedding take, and a short circuit after a miss.

A remote embedder (Voyage) that cannot be reached must not cost the prompt its
recall: the query embedding may use what remains of the hook's deadline minus
``KEYWORD_RESERVE`` (keyword search and the output need that), then the prompt is
searched by keywords and the notice names the provider. A miss is remembered in
``<data dir>/recall/embedding-down`` for ``DOWN_FOR`` seconds, during which the
following hooks (every prompt, other sessions) do not wait for it again.
"""

from __future__ import annotations

import os
import time

from aegis.paths import ensure_private_dir, open_private

KEYWORD_RESERVE = 0.2       # seconds of the deadline kept for keyword search and output
DOWN_FOR = 60.0             # seconds a miss keeps the following hooks from waiting
MARKER = ("recall", "embedding-down")


def bound(embedder, deadline, data_dir: str) -> None:
    """Give ``embedder`` (a GuardedEmbedder, or None) the hook's bound on a query."""
    if embedder is None or not embedder.active:
        return
    label = getattr(embedder.embedder, "label", None) or getattr(embedder.embedder, "name", "")
    if _recent_miss(data_dir):
        embedder.turn_off(f"{label} did not answer a moment ago; trying it again within a "
                          f"minute")
        return
    embedder.query_seconds = lambda: deadline.remaining() - KEYWORD_RESERVE


def record(embedder, data_dir: str) -> None:
    """Remember a bounded query that went unanswered (best effort)."""
    if embedder is None or not getattr(embedder, "gave_up", False):
        return
    try:
        ensure_private_dir(os.path.join(data_dir, MARKER[0]))
        with open_private(os.path.join(data_dir, *MARKER), "w") as handle:
            handle.write(str(time.time()))
    except OSError:
        pass


def _recent_miss(data_dir: str) -> bool:
    try:
        age = time.time() - os.stat(os.path.join(data_dir, *MARKER)).st_mtime
    except OSError:
        return False
    return 0.0 <= age < DOWN_FOR
