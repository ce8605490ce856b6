"""UserPromptSubmit: inject the few memories relevant to this prompt, or nothing.

Precise (a relevance floor, so "write a haiku" or "thanks!" injects nothing),
cheap (top-k, a token budget, and no memory injected twice in one session) and
fast (a hard ceiling from process start). ``AEGIS_RECALL_ENABLED=false`` returns
before opening anything.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aegis.config import Settings

EVENT = "UserPromptSubmit"


def run(payload: dict, settings: Settings, started_at: float | None = None
        ) -> dict[str, Any] | None:
    if not settings.recall_enabled:
        return None
    from aegis.recall.framing import RECALL_HEADER, Section, frame
    from aegis.recall.query import recall_query
    from aegis.recall.runner import HookRun

    with HookRun(EVENT, payload, settings, started_at) as hook:
        # A follow-up prompt reads the transcript: inside the deadline like the store.
        query, outcome = hook.guarded(
            lambda: recall_query(payload.get("prompt"), hook.transcript_path), "")
        if not query:
            return hook.finish("", "no_query" if outcome == "ok" else outcome)

        def search():
            from aegis.namespace import USER_PREFIX
            from aegis.recall.select import recall_hits
            hits = recall_hits(hook.service(), query, settings.recall_top_k,
                               settings.recall_min_score, hook.state.was_injected)
            return USER_PREFIX, hits

        (user_prefix, hits), outcome = hook.guarded(search, (None, []))
        framed = frame(RECALL_HEADER, [Section(None, [hit.memory for hit in hits])],
                       settings.recall_token_budget, max_items=settings.recall_top_k,
                       user_prefix=user_prefix)
        if framed.shown:
            hook.best_effort(lambda: hook.service().mark_recalled(framed.shown))
        elif outcome == "ok":
            outcome = "nothing_relevant"
        return hook.finish(framed.text, outcome, framed.shown, framed.tokens, framed.omitted)
