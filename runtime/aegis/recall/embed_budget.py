"""How long a hook lets the prompt's embedding take, and a short circuit after a miss.

An embedder that cannot answer in time (Voyage unreachable, the local model on a
machine too busy) must not cost the prompt its recall: the query embedding may use
what remains of the hook's deadline minus ``KEYWORD_RESERVE`` (keyword search and
the output need that), then the prompt is searched by keywords and the notice
names the provider.

A miss is remembered per provider, in ``<data dir>/recall/embedding-down-<name>``
(``aegis.recall.cooldown``), for the provider's own ``miss_cooldown`` seconds,
during which the following hooks (every prompt, other sessions) do not wait for
that provider again: a minute for Voyage (an outage outlasts a prompt), a few
seconds for the local model (slow only while the machine is busy). One provider's
miss never turns another off.
"""

from __future__ import annotations

from aegis.recall import cooldown

KEYWORD_RESERVE = 0.2       # seconds of the deadline kept for keyword search and output
MARKER = "embedding-down"    # + "-<provider name>": an aegis.recall.cooldown


def bound(embedder, deadline, data_dir: str) -> None:
    """Give ``embedder`` (a GuardedEmbedder, or None) the hook's bound on a query."""
    if embedder is None or not embedder.active:
        return
    provider = embedder.embedder
    label = getattr(provider, "label", None) or getattr(provider, "name", "")
    seconds = _cooldown_seconds(provider)
    if seconds and cooldown.active(data_dir, marker(provider), seconds):
        # not logged again: the miss that started the cool-down was (every prompt of
        # the cool-down would otherwise pay for loading the logger)
        embedder.turn_off(f"{label} did not answer a moment ago; trying it again within "
                          f"{_duration(seconds)}", log=False)
        return
    embedder.query_seconds = lambda: deadline.remaining() - KEYWORD_RESERVE


def record(embedder, data_dir: str) -> None:
    """Remember a bounded query that went unanswered (best effort), for its provider."""
    if embedder is None or not getattr(embedder, "gave_up", False):
        return
    provider = embedder.embedder
    if _cooldown_seconds(provider):
        cooldown.mark(data_dir, marker(provider))


def marker(provider) -> str:
    """The cool-down marker of ``provider`` (an ``Embedder``)."""
    return f"{MARKER}-{getattr(provider, 'name', 'unknown')}"


def _cooldown_seconds(provider) -> float:
    seconds = getattr(provider, "miss_cooldown", 0.0)
    return float(seconds) if isinstance(seconds, (int, float)) and seconds > 0 else 0.0


def _duration(seconds: float) -> str:
    return "a minute" if seconds == 60 else f"{seconds:g} s"
