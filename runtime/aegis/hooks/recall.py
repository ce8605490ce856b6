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
CODING_TITLE = "This project's conventions for writing code:"


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
            return USER_PREFIX, hits, _coding_conventions(hook, payload, hits)

        (user_prefix, hits, coding), outcome = hook.guarded(search, (None, [], []))
        if outcome == "ok":         # the store answers: what waited for it can go now
            from aegis.capture.replay_soon import REPLAY_INTERVAL_SECONDS, start_replay_if_waiting
            start_replay_if_waiting(settings.data_dir, hook.cwd, REPLAY_INTERVAL_SECONDS)
        framed = frame(RECALL_HEADER, [Section(None, [hit.memory for hit in hits]),
                                       Section(CODING_TITLE, coding, compact=True)],
                       settings.recall_token_budget,
                       max_items=settings.recall_top_k + len(coding), user_prefix=user_prefix)
        # The conventions for writing code come with every request for code: counting
        # them as recalled would keep promoting them in the briefing.
        found = {hit.memory.id for hit in hits}
        matched = [memory_id for memory_id in framed.shown if memory_id in found]
        if matched:
            hook.best_effort(lambda: hook.service().mark_recalled(matched))
        if not framed.shown and outcome == "ok":
            outcome = "nothing_relevant"
        return hook.finish(framed.text, outcome, framed.shown, framed.tokens, framed.omitted)


def _coding_conventions(hook, payload: dict, hits) -> list:
    """A request for code also gets the conventions for writing code (aegis.recall.coding)."""
    from aegis.recall.coding import conventions_for
    from aegis.recall.runner import payload_str
    found = {hit.memory.id for hit in hits}
    return conventions_for(hook.service(), payload_str(payload, "prompt"),
                           lambda memory_id: memory_id in found or hook.state.was_injected(memory_id))
