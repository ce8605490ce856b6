"""The quiet status line at session start (``AEGIS_NOTIFY=off|brief|verbose``).

``brief`` (the default) shows one line when the briefing gave the model
something — ``Aegis · 8 memories briefed for acme/shop`` — and, once, what
capture stored since the last start in this project: ``saved 2 decisions last
session — /recall to review``. ``verbose`` adds the token cost and the split
between preferences and project memories. ``off`` shows neither; failures are
still reported (they are not status).

"Once" is kept per project in ``<data dir>/recall/announced.json``: the time of
the newest capture event already announced there. The capture log is read only
when it changed since then, so a quiet start costs one ``stat``.
"""

from __future__ import annotations

import os

from aegis.humanize import counts, plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Sequence

ANNOUNCED_FILE = "recall/announced.json"
MAX_CHECKED = 50                # captured ids looked up in the store per announcement
MAX_PROJECTS = 200              # announced.json keeps this many projects


def project_label(namespace: str) -> str:
    """``github.com/acme/shop`` and ``git:github.com/acme/shop`` → ``acme/shop`` (the
    path after the host, no ``.git``); a directory or local repository namespace
    (``dir:/home/me/app``, ``git:file:/srv/git/api.git``) → its last part (``app``, ``api``)."""
    if namespace.startswith("git:"):
        remote = namespace[4:].rstrip("/")
        remote = remote[:-4] if remote.endswith(".git") else remote
        if not remote.startswith(("file:", "/")):          # host/owner/repo
            return project_label(remote)
        namespace = remote
    if ":" in namespace.split("/", 1)[0]:                  # dir:/home/me/app, file:…
        return os.path.basename(namespace.split(":", 1)[1].rstrip("/\\")) or namespace
    parts = namespace.split("/")
    return "/".join(parts[1:]) if len(parts) > 2 else namespace


def briefed_line(mode: str, namespace: str, shown: Sequence[str], tokens: int,
                 preferences: int) -> str | None:
    if mode == "off" or not shown:
        return None
    line = f"Aegis · {plural(len(shown), 'memory', 'memories')} briefed for " \
           f"{project_label(namespace)}"
    if mode == "verbose":
        line += (f" ({plural(preferences, 'preference')}, {len(shown) - preferences} from the "
                 f"project; ≈{tokens} tokens)")
    return line


def captured_line(mode: str, data_dir: str, namespace: str, session_id: str,
                  exists: Callable[[Sequence[str]], set[str]]) -> str | None:
    """What capture stored in this project since the last announcement, said once.

    ``exists`` returns which of the given memory ids are this project's (or its
    user tier's) and still stored: the capture log spans every project.
    """
    if mode == "off":
        return None
    from aegis.capture.layout import CaptureFiles, read_json
    log = CaptureFiles.in_data_dir(data_dir).log
    try:
        changed = os.path.getmtime(log)
    except OSError:
        return None
    path = os.path.join(data_dir, *ANNOUNCED_FILE.split("/"))
    announced = read_json(path, {})
    announced = announced if isinstance(announced, dict) else {}
    since = announced.get(namespace)
    since = float(since) if isinstance(since, (int, float)) else 0.0
    if changed <= since:
        return None
    from aegis import eventlog      # not capture.activity: it pulls typing and dataclasses
    added = [e for e in eventlog.read(log)
             if e.get("action") == "added" and isinstance(e.get("ts"), (int, float))
             and e["ts"] > since and isinstance(e.get("memory_id"), str)]
    fresh = [e for e in added if e.get("session_id") != session_id]
    # This session's own captures (a resumed session's earlier part) are not told to it,
    # but stay due: the stamp stops short of them, so the next new session says them.
    held = [e["ts"] for e in added if e.get("session_id") == session_id]
    newest = max((e["ts"] for e in fresh), default=since if held else changed)
    if held:
        newest = min(newest, min(held) - 1e-6)
    ours = exists([e["memory_id"] for e in fresh[-MAX_CHECKED:]]) if fresh else set()
    entries = [e for e in fresh[-MAX_CHECKED:] if e["memory_id"] in ours]
    if ours or not fresh:
        _remember(path, announced, namespace, max(newest, since))
    if not entries:
        return None
    # an explicit save replayed after an outage has no session: no session "saved" it
    captured = [e for e in entries if e.get("session_id")]
    waited = len(entries) - len(captured)
    told = []
    if captured:
        tally: dict[str, int] = {}
        for entry in captured:
            category = str(entry.get("category") or "note")
            tally[category] = tally.get(category, 0) + 1
        sessions = len({e["session_id"] for e in captured})
        told.append(f"saved {counts(dict(sorted(tally.items(), key=lambda i: -i[1])))} "
                    + ("last session" if sessions == 1 else f"in the last {sessions} sessions"))
    if waited:
        told.append(f"stored {plural(waited, 'save')} that waited for the store")
    return "; ".join(told) + " — /recall to review"


def _remember(path: str, announced: dict[str, Any], namespace: str, ts: float) -> None:
    from aegis.capture.layout import write_json_atomic
    from aegis.paths import ensure_private_dir
    announced = {k: v for k, v in announced.items() if isinstance(v, (int, float))}
    announced[namespace] = ts
    if len(announced) > MAX_PROJECTS:
        keep = sorted(announced.items(), key=lambda item: -item[1])[:MAX_PROJECTS]
        announced = dict(keep)
    try:
        ensure_private_dir(os.path.dirname(path))
        write_json_atomic(path, announced, durable=False)
    except OSError:
        pass
