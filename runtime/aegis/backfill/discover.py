"""Finding Claude Code's transcripts on disk and what each one is about.

Claude Code keeps one JSONL file per session (``location``). Which project a session belongs to is read from
the ``cwd`` its lines carry, not from the directory name, whose encoding loses
information. Only a bounded head of each file is read here (``HEAD_LINES``), so
discovering thousands of sessions costs little; anything that is not a regular,
readable JSONL file becomes a ``Skipped`` entry with a reason, never an error.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from typing import Iterator, Mapping

from aegis.backfill.location import projects_dir
from aegis.models import parse_time

HEAD_LINES = 400                  # how many lines its session id and cwd are sought in
LINE_BYTES = 1024 * 1024          # a longer line (a pasted log, a big tool result) is skipped
SCAN_BYTES = 64 * 1024 * 1024     # and how far into the file, skipped lines included


@dataclass(frozen=True)
class Transcript:
    path: str
    session_id: str
    cwd: str
    started: float | None         # the first timestamp its lines carry (epoch seconds)
    size: int
    mtime: float

    @property
    def order(self) -> tuple[float, str]:
        """Session order: by the session's own start, else when it was last written."""
        return (self.started if self.started is not None else self.mtime, self.path)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


def session_files(folder: str) -> Iterator[tuple[str, os.stat_result | None, str | None]]:
    """(path, stat or None, problem) for each ``*.jsonl`` entry of one project folder."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield folder, None, _os_reason(exc)
        return
    for entry in entries:
        if not entry.name.endswith(".jsonl"):
            continue
        try:
            info = os.stat(entry.path)
        except OSError as exc:
            yield entry.path, None, _os_reason(exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield entry.path, None, "a directory, not a transcript"
        elif not stat.S_ISREG(info.st_mode):
            yield entry.path, None, "not a regular file (FIFO, socket or device)"
        else:
            yield entry.path, info, None


def discover(env: Mapping[str, str]) -> tuple[list[Transcript], list[Skipped]]:
    """Every transcript under the Claude Code projects dir, and what was skipped."""
    root = projects_dir(env)
    found: list[Transcript] = []
    skipped: list[Skipped] = []
    try:
        folders = sorted(e.path for e in os.scandir(root) if e.is_dir())
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Skipped(root, _os_reason(exc))]
    for folder in folders:
        for path, info, problem in session_files(folder):
            if info is None:
                skipped.append(Skipped(path, problem or "unreadable"))
                continue
            transcript = read_header(path, info)
            if isinstance(transcript, Skipped):
                skipped.append(transcript)
            else:
                found.append(transcript)
    return found, skipped


def read_header(path: str, info: os.stat_result) -> Transcript | Skipped:
    """Session id, cwd and start time from the head of one file."""
    session_id = cwd = None
    started = None
    parsed = long_lines = scanned = 0
    try:
        with open(path, "rb") as handle:
            for _ in range(HEAD_LINES):
                line = handle.readline(LINE_BYTES)
                scanned += len(line)
                if len(line) == LINE_BYTES and not line.endswith(b"\n"):
                    long_lines += 1             # skip to its end, unparsed
                    while line and not line.endswith(b"\n") and scanned < SCAN_BYTES:
                        line = handle.readline(LINE_BYTES)
                        scanned += len(line)
                    if scanned >= SCAN_BYTES:
                        break
                    continue
                if not line or not line.endswith(b"\n") or scanned > SCAN_BYTES:
                    break                          # end, an unterminated tail, or the bound
                try:
                    record = json.loads(line)
                except (ValueError, UnicodeDecodeError):
                    continue
                if not isinstance(record, dict):
                    continue
                parsed += 1
                session_id = session_id or _text(record.get("sessionId"))
                cwd = cwd or _text(record.get("cwd"))
                if started is None:
                    started = _time(record.get("timestamp"))
                if session_id and cwd and started is not None:
                    break
    except OSError as exc:
        return Skipped(path, _os_reason(exc))
    if not parsed and long_lines:
        return Skipped(path, f"its first {long_lines} line(s) are each over "
                             f"{LINE_BYTES // (1024 * 1024)} MiB, and no shorter line followed")
    if not parsed:
        return Skipped(path, "empty, binary or not JSON lines" if info.st_size else "empty")
    if not cwd:
        return Skipped(path, "no working directory recorded in its first lines")
    # The file name is the session id live capture knows it by (the hook payload's);
    # lines copied in by ``--resume`` carry the older session's id.
    stem = os.path.basename(path)[: -len(".jsonl")].strip()
    return Transcript(path=path, session_id=(stem or session_id or "?")[:200], cwd=cwd,
                      started=started, size=info.st_size, mtime=info.st_mtime)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _time(value: object) -> float | None:
    try:
        return parse_time(value) if isinstance(value, (str, int, float)) else None
    except (ValueError, TypeError, OverflowError):
        return None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "vanished while being read"
    return exc.strerror or type(exc).__name__
