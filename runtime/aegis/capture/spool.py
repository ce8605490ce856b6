"""The spool: a JSONL write-ahead log of captures not yet in the store.

Every candidate is appended (and fsynced) here before the transcript offset
moves, and leaves only once the store holds it. Each entry names the store it was
captured for (``target``: backend and address, ``aegis.store.target``; ``tenant``:
which token's namespace), and is replayed only into that store: captures made for a
team server that is down wait for it and never land in a local file. A capture whose
token the server rejected goes to the same server under the token configured now (the
user fixed it), and ``aegis spool --send-here`` sends captures waiting for an address no
longer configured to the store configured now (aegis.capture.send_here). A line cut short by a kill is
skipped on read; a candidate spooled twice (a re-read after a kill) is kept
once, by capture id. The worker holds the capture lock while it touches the
spool, so appends and rewrites never interleave.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from typing import Any, Iterable

from aegis.capture.layout import CaptureFiles, temp_path
from aegis.humanize import plural
from aegis.paths import open_private

MAX_SPOOL_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Candidate:
    """One memory to capture, with everything needed to store it later."""
    capture_id: str
    text: str
    category: str                 # decision | convention | preference | fix | note
    kind: str                     # fact | event
    tags: tuple[str, ...]
    importance: float
    confidence: float
    scope: str                    # project | user
    role: str                     # who said it: user | assistant
    session_id: str
    project_namespace: str
    user_namespace: str
    cwd: str | None = None
    source: str = "capture"       # capture (live) | backfill (from transcripts on disk)
    created_at: float | None = None   # when it was said, if not now (backfill)
    target: str = ""              # "aegisdb 10.0.0.5:9470", "sqlite /…/memory.db"; "" = any
    tenant: str = ""              # aegis.store.tenant: the token's fingerprint, or ""
    spooled_at: float = 0.0       # when it was captured (the age bound of waiting)
    token_rejected: bool = False  # the server refused ``tenant``'s token (see worker.replay)

    def to_json(self) -> str:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Candidate":
        names = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in names}
        values["tags"] = tuple(values.get("tags") or ())
        return cls(**values)


def append(files: CaptureFiles, candidates: Iterable[Candidate]) -> int:
    """Durably append; returns how many were written."""
    lines = [candidate.to_json() + "\n" for candidate in candidates]
    if not lines:
        return 0
    files.ensure()
    with open_private(files.spool, "a") as handle:
        handle.write("".join(lines))
        handle.flush()
        os.fsync(handle.fileno())
    return len(lines)


def read(files: CaptureFiles) -> list[Candidate]:
    """The spooled candidates, oldest first, one per capture id."""
    try:
        handle = open(files.spool, "rb")
    except OSError:
        return []
    seen: dict[str, Candidate] = {}
    with handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break                       # cut short by a kill: its job will re-spool it
            try:
                candidate = Candidate.from_dict(json.loads(raw))
            except (ValueError, TypeError, UnicodeDecodeError):
                continue
            if isinstance(candidate.capture_id, str) and isinstance(candidate.text, str):
                seen.setdefault(candidate.capture_id, candidate)
    return list(seen.values())


def rewrite(files: CaptureFiles, remaining: Iterable[Candidate]) -> None:
    """Replace the spool with ``remaining`` (atomically; empty removes it)."""
    remaining = list(remaining)
    if not remaining:
        try:
            os.unlink(files.spool)
        except FileNotFoundError:
            pass
        return
    tmp = temp_path(files.spool)
    with open_private(tmp, "w") as handle:
        for candidate in remaining:
            handle.write(candidate.to_json() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, files.spool)


def size(files: CaptureFiles) -> int:
    try:
        return os.path.getsize(files.spool)
    except OSError:
        return 0


def waiting(files: CaptureFiles) -> dict[str, int]:
    """How many captures wait for each target (``{"aegisdb 10.0.0.5:9470": 12}``)."""
    counts: dict[str, int] = {}
    for candidate in read(files):
        label = candidate.target or "the configured store"
        counts[label] = counts.get(label, 0) + 1
    return counts


def describe_waiting(counts: dict[str, int]) -> list[str]:
    """``12 memories waiting for aegisdb 10.0.0.5:9470``, one line per target. An entry
    is a capture or an explicit save (``remember``, ``memory_save``) made during an
    outage: both are memories not stored yet."""
    return [f"{plural(count, 'memory')} waiting for {label}"
            for label, count in sorted(counts.items())]


def elsewhere_note(counts: dict[str, int], here: str) -> str | None:
    """What to do about captures waiting for another store than ``here`` (the one
    this project is configured for), or None when there are none."""
    if not set(counts) - {here}:
        return None
    return (f"this project's store is {here}; if their server moved, "
            "`aegis spool --send-here` sends them to the store their project is "
            "configured for now")
