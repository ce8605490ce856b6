"""SessionStart: a short briefing, and the once-per-session notices.

The briefing is the user tier's preferences and this project's most important
conventions and decisions, within ``briefing_token_budget`` estimated tokens.
After a compaction (``source: compact``) the earlier injections are gone from the
model's context, so the session's injected set is reset and the briefing is
given again (PreCompact cannot add context). A misconfigured or unreachable
backend is reported here, once, as a one-line ``systemMessage``; when nothing
else is to be said, so is (once per project) the offer to backfill earlier
sessions from disk (``aegis.backfill.notice``).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aegis.config import Settings

EVENT = "SessionStart"
FOOTER = ("Search for more with memory_search; save new decisions, conventions and "
          "preferences with memory_save.")
USER_TITLE = "Your preferences (all projects):"
PROJECT_TITLE = "This project's conventions and decisions:"
SCAN_LIMIT = 20                 # per tier; the token budget decides how many are shown


def run(payload: dict, settings: Settings, started_at: float | None = None
        ) -> dict[str, Any] | None:
    if not settings.recall_enabled:
        return None
    from aegis.recall import session
    from aegis.recall.runner import HookRun

    with HookRun(EVENT, payload, settings, started_at) as hook:
        if payload.get("source") in ("compact", "clear"):
            hook.state.reset_injected()
            hook.state_changed = True
        else:
            session.prune(settings.data_dir)
        if settings.problems:
            extra = f" (+{len(settings.problems) - 1} more)" if len(settings.problems) > 1 else ""
            hook.say_once("config", f"Aegis configuration: {settings.problems[0]}{extra}; "
                                    f"run `aegis doctor` for details.")
        if settings.briefing_token_budget <= 0:
            return hook.finish("", "disabled")
        output = _brief(hook, settings)
        if payload.get("source") in ("compact", "clear"):
            return output
        return _offer_backfill(hook, settings, output)


def _offer_backfill(hook, settings: Settings, output: dict | None) -> dict | None:
    """Once per project, when no other notice is due: earlier sessions on disk can be
    backfilled (aegis.backfill.notice)."""
    if hook.notice is not None:
        return output

    def offer() -> None:
        from aegis.backfill.notice import offer
        from aegis.namespace import project_namespace
        offer(hook, settings, project_namespace(hook.cwd, settings.namespace))
    hook.best_effort(offer)
    if hook.notice is None:
        return output
    return {**(output or {}), "systemMessage": hook.notice}


def _brief(hook, settings: Settings) -> dict[str, Any] | None:
    from aegis.recall.framing import BRIEFING_HEADER, Section, frame

    def pick():
        from aegis.recall.select import briefing_memories
        service = hook.service()
        return (briefing_memories(service, "user", SCAN_LIMIT),
                briefing_memories(service, "project", SCAN_LIMIT))

    (preferences, project), outcome = hook.guarded(pick, ([], []))
    sections = [Section(USER_TITLE, preferences, compact=True),
                Section(PROJECT_TITLE, project, compact=True)]
    # No "+N more" line: the footer already points to search. Not counted as recalled
    # either, or the briefing would keep promoting its own picks.
    framed = frame(BRIEFING_HEADER, sections, settings.briefing_token_budget, footer=FOOTER,
                   count_more=False)
    if not framed.shown and outcome == "ok":
        outcome = "nothing_relevant"
    return hook.finish(framed.text, outcome, framed.shown, framed.tokens, framed.omitted)
