"""SessionStart: a short briefing, and the once-per-session notices.

The briefing is the user tier's preferences and this project's most important
conventions and decisions, within ``briefing_token_budget`` estimated tokens:
one line per rule, specific rules first, restatements once
(``aegis.recall.briefing_lines``).
After a compaction (``source: compact``) the earlier injections are gone from the
model's context, so the session's injected set is reset and the briefing is
given again (PreCompact cannot add context). A misconfigured or unreachable
backend is reported here, once, as a one-line ``systemMessage``; when nothing
else is to be said, so is (once per project) the offer to backfill earlier
sessions from disk (``aegis.backfill.notice``). Captures spooled while the server
was down are handed to a capture worker, which replays them if it is back.
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
SCAN_LIMIT = 40                 # per tier; restatements are dropped, the token budget decides


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
            # not under the hook's deadline: a late start must not cost the briefing
            from aegis.capture.replay_soon import start_replay_if_waiting
            start_replay_if_waiting(settings.data_dir, hook.cwd)
        if settings.problems:
            hook.say_once("config", config_notice(settings.problems))
        if settings.briefing_token_budget <= 0:
            return hook.finish("", "disabled")
        source = payload.get("source")
        if source not in ("compact", "clear"):
            _tell_read_only_token(hook, settings)       # before finish(): said once
        # a compaction re-briefs the model, not the user: no status line then
        output, status = _brief(hook, settings, announce=source != "compact")
        if source not in ("compact", "clear"):
            output = _tell_earlier_namespaces(hook, settings, output)
            output = _offer_backfill(hook, settings, output)
        return _with_status(output, status)


def config_notice(problems: tuple[str, ...] | list[str]) -> str:
    """The one line naming every configuration problem, with where to fix them: /plugin
    for a plugin setting, doctor for the rest. Past the line's length a bad plugin
    setting is named by its title and value only — a terminal's ``aegis doctor`` never
    sees the plugin's settings, so none may hide behind "(and 1 more)" — and the other
    problems, which doctor names, are counted once they no longer fit."""
    from aegis.config import PLUGIN_PROBLEM
    from aegis.invocation import command
    from aegis.recall.runner import MAX_NOTICE_CHARS
    plugin = [p for p in problems if p.startswith(PLUGIN_PROBLEM)]
    others = [p for p in problems if not p.startswith(PLUGIN_PROBLEM)]
    where = (["check the plugin's settings (/plugin)"] if plugin else []) + (
        [f"run {command('doctor')} for details"] if others else [])
    tail = f"; {' or '.join(where)}."
    line = f"Aegis configuration: {'; '.join(plugin + others)}{tail}"
    if len(line) <= MAX_NOTICE_CHARS:
        return line
    named = [f"{PLUGIN_PROBLEM}{'s' if len(plugin) > 1 else ''} ignored: " + ", ".join(
        p.removeprefix(PLUGIN_PROBLEM).split(" ignored:")[0].strip() for p in plugin)
             ] if plugin else []
    shown = others
    while True:
        more = len(others) - len(shown)
        line = (f"Aegis configuration: {'; '.join(named + shown)}"
                f"{f' (and {more} more)' if more else ''}{tail}")
        if len(line) <= MAX_NOTICE_CHARS or len(named + shown) <= 1:
            return line
        shown = shown[:-1]


def _tell_read_only_token(hook, settings: Settings) -> None:
    """Once per session: a read-only AegisDB token while capture is on drops every
    capture, which nothing else in a session shows. Capture off is a reader by choice
    (as in ``doctor``): nothing to say. One request (``token_writable``), only then."""
    if (hook.notice is not None or settings.backend != "aegisdb" or not settings.auth_token
            or not settings.capture_enabled):
        return

    def check() -> None:
        if not hook.service().store.token_writable():
            from aegis.store.diagnose import READER_BY_CHOICE
            hook.say_once("read-only-token", "Aegis: read-only token: memories are recalled, "
                                             f"captures are not saved ({READER_BY_CHOICE})")
    hook.best_effort(check)


def _tell_earlier_namespaces(hook, settings: Settings, output: dict | None) -> dict | None:
    """Once per session: memories saved before the project got its git remote or
    repository are not read under its namespace now; ``aegis adopt`` moves them."""
    if hook.notice is not None or settings.notify == "off":
        return output

    def check() -> None:
        from aegis.adopt import notice, waiting
        found = waiting(hook.service(), hook.cwd, settings.namespace)
        if found:
            hook.say_once("adopt", notice(found))
    hook.best_effort(check)
    if hook.notice is None:
        return output
    return {**(output or {}), "systemMessage": hook.notice}


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


def _brief(hook, settings: Settings, announce: bool = True
           ) -> tuple[dict[str, Any] | None, str | None]:
    """(the hook output, the status line to show the user — None for none)."""
    from aegis.recall.framing import BRIEFING_HEADER, Section, frame

    def pick():
        import time

        from aegis.recall.briefing_lines import arrange
        from aegis.recall.select import briefing_memories, briefing_weight
        service, now = hook.service(), time.time()
        # each of the four lists may read a team pool for a sixth of the time left
        share = hook.deadline.remaining() / 6

        def tier(scope):
            found = briefing_memories(service, scope, SCAN_LIMIT, now,
                                      scan_until=time.monotonic() + share)
            return arrange(found, lambda memory: briefing_weight(memory, now))
        return tier("user"), tier("project")

    (preferences, project), outcome = hook.guarded(pick, ([], []))
    sections = [Section(USER_TITLE, preferences, compact=True),
                Section(PROJECT_TITLE, project, compact=True)]
    # No "+N more" line: the footer already points to search. Not counted as recalled
    # either, or the briefing would keep promoting its own picks.
    framed = frame(BRIEFING_HEADER, sections, settings.briefing_token_budget, footer=FOOTER,
                   count_more=False)
    if not framed.shown and outcome == "ok":
        outcome = "nothing_relevant"
    status = None
    if announce and outcome in ("ok", "nothing_relevant"):   # the store answered: no second try
        status = _status(hook, settings, framed,
                         len([m for m in preferences if m.id in framed.shown]))
    return hook.finish(framed.text, outcome, framed.shown, framed.tokens, framed.omitted), status


def _status(hook, settings: Settings, framed, preferences: int) -> str | None:
    """The quiet status line (aegis.recall.status); kept apart from ``hook.notice`` so
    problem notices and the backfill offer are decided as if it were not there."""
    if settings.notify == "off":
        return None
    from aegis.errors import AegisError
    from aegis.recall import status

    def check() -> tuple[str | None, str | None]:
        service = hook.service()
        namespace = service.namespaces.project

        def exists(ids):
            found = set()
            for memory_id in ids:
                try:
                    found.add(service.get(memory_id).id)
                except AegisError:
                    continue
            return found
        return (status.briefed_line(settings.notify, namespace, framed.shown, framed.tokens,
                                    preferences),
                status.captured_line(settings.notify, settings.data_dir, namespace,
                                     hook.session_id, exists))

    lines, _ = hook.guarded(check, (None, None))
    return " · ".join(line for line in lines if line) or None


def _with_status(output: dict[str, Any] | None, status: str | None) -> dict[str, Any] | None:
    """The status line after any notice, on the same line (one systemMessage)."""
    if not status:
        return output
    notice = (output or {}).get("systemMessage")
    return {**(output or {}), "systemMessage": f"{notice} · {status}" if notice else status}
