"""The recall log: one JSON line per recall or briefing, and its summary.

Lines carry the session id, the injected memory ids, estimated tokens and the
time taken — never memory or prompt text. ``activity_summary`` is what
``aegis stats`` shows about what recall cost, per session and in total.
"""

from __future__ import annotations

import os
import time

from aegis import eventlog

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable

LOG_NAME = "recall/log.jsonl"
MAX_LOG_BYTES = 2_000_000
EVENTS = ("recall", "briefing")
# Why nothing was injected, when nothing was: counted, so a silent recall is explainable.
OUTCOMES = ("injected", "nothing_relevant", "disabled", "no_store", "unavailable", "timeout",
            "no_query")


def log_path(data_dir: str) -> str:
    return os.path.join(data_dir, *LOG_NAME.split("/"))


def record(data_dir: str, event: str, session_id: str, outcome: str,
           ids: Iterable[str] = (), tokens: int = 0, omitted: int = 0,
           elapsed_ms: float | None = None, relayed: bool = False) -> None:
    """Append one line; logging never breaks a hook. ``relayed``: the session's
    server ran it for the hook process (aegis.hooks.relay)."""
    entry: dict[str, Any] = {"ts": round(time.time(), 3), "event": event,
                             "session_id": session_id or "?", "outcome": outcome}
    ids = list(ids)
    if ids:
        entry.update(ids=ids, tokens=tokens)
    if omitted:
        entry["omitted"] = omitted
    if elapsed_ms is not None:
        entry["ms"] = round(elapsed_ms, 1)
    if relayed:
        entry["relayed"] = True
    eventlog.append(log_path(data_dir), entry, MAX_LOG_BYTES)


def read_log(data_dir: str) -> list[dict[str, Any]]:
    return [entry for entry in eventlog.read(log_path(data_dir)) if entry.get("event") in EVENTS]


def _blank() -> dict[str, Any]:
    return {"prompts": 0, "injections": 0, "briefings": 0, "memories": 0, "tokens": 0,
            "outcomes": {}, "last": None}


def activity_summary(data_dir: str) -> dict[str, Any]:
    """What recall and the briefing injected and cost, per session and in total.

    ``{"sessions": {id: {"prompts": n, "injections": n, "briefings": n,
    "memories": n, "tokens": n, "outcomes": {outcome: n}, "last": iso}},
    "totals": {same keys, plus "sessions": n, "avg_tokens_per_injection": x,
    "p50_ms": x, "p95_ms": x, "relayed": n}}``. ``prompts`` counts recall runs (one
    per prompt); ``injections`` those that added context; ``tokens`` are estimated
    tokens; ``relayed`` the recall runs the session's server did for the hook.
    """
    sessions: dict[str, dict[str, Any]] = {}
    totals = _blank()
    timings: list[float] = []
    relayed = 0
    for entry in read_log(data_dir):
        summary = sessions.setdefault(str(entry.get("session_id") or "?"), _blank())
        outcome = str(entry.get("outcome") or "?")
        ids = entry.get("ids") if isinstance(entry.get("ids"), list) else []
        tokens = entry.get("tokens") if isinstance(entry.get("tokens"), int) else 0
        for bucket in (summary, totals):
            if entry["event"] == "recall":
                bucket["prompts"] += 1
                bucket["injections"] += 1 if ids else 0
            else:
                bucket["briefings"] += 1 if ids else 0
            bucket["memories"] += len(ids)
            bucket["tokens"] += tokens
            bucket["outcomes"][outcome] = bucket["outcomes"].get(outcome, 0) + 1
            bucket["last"] = _iso(entry.get("ts"))
        if entry["event"] == "recall":
            relayed += entry.get("relayed") is True
            if isinstance(entry.get("ms"), (int, float)):
                timings.append(float(entry["ms"]))
    injected = totals["injections"] + totals["briefings"]
    totals.update(sessions=len(sessions),
                  avg_tokens_per_injection=round(totals["tokens"] / injected, 1) if injected else 0,
                  p50_ms=_percentile(timings, 0.50), p95_ms=_percentile(timings, 0.95),
                  relayed=relayed)
    return {"sessions": sessions, "totals": totals}


def _percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _iso(ts: Any) -> str | None:
    if not isinstance(ts, (int, float)):
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
