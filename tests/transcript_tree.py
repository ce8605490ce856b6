"""Claude Code transcript trees for the backfill tests, in the real JSONL shape.

Every line is a copy of a line Claude Code 2.1.332 wrote
(tests/data/transcripts/real_cli_2_1_332.jsonl) with its text, ``cwd``,
``sessionId``, ``timestamp`` and ``uuid`` replaced — queue operations,
attachments, a tool call and its result, ``last-prompt`` and cost lines
included — and files live where Claude Code puts them:
``<config dir>/projects/<encoded cwd>/<session id>.jsonl``.
"""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Iterable, Sequence

REAL = Path(__file__).resolve().parent / "data" / "transcripts" / "real_cli_2_1_332.jsonl"
_RECORDS = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()]


def _first(predicate) -> dict:
    return next(r for r in _RECORDS if predicate(r))


USER = _first(lambda r: r["type"] == "user" and isinstance(r["message"]["content"], str))
ASSISTANT = _first(lambda r: r["type"] == "assistant"
                   and any(b.get("type") == "text" for b in r["message"]["content"]))
TOOL_CALL = _first(lambda r: r["type"] == "assistant"
                   and any(b.get("type") == "tool_use" for b in r["message"]["content"]))
TOOL_RESULT = _first(lambda r: r["type"] == "user" and isinstance(r["message"]["content"], list))
HEAD = [r for r in _RECORDS if r["type"] in ("queue-operation", "attachment")][:4]
TAIL = [_first(lambda r, t=t: r["type"] == t) for t in ("system", "last-prompt", "cost-state")]

Turn = tuple  # (role "user" | "assistant", text, ISO timestamp)


def encoded(cwd: str | Path) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in str(cwd))


def _stamp(record: dict, cwd: str, session_id: str, timestamp: str) -> dict:
    record = copy.deepcopy(record)
    for key, value in (("cwd", cwd), ("sessionId", session_id), ("timestamp", timestamp)):
        if key in record:
            record[key] = value
    if "uuid" in record:
        record["uuid"] = str(uuid.uuid4())
    return record


def session_lines(cwd: str | Path, session_id: str, turns: Sequence[Turn]) -> list[str]:
    cwd = str(cwd)
    first = turns[0][2] if turns else "2026-01-01T00:00:00.000Z"
    lines = [_stamp(r, cwd, session_id, first) for r in HEAD]
    for index, (role, text, timestamp) in enumerate(turns):
        record = _stamp(USER if role == "user" else ASSISTANT, cwd, session_id, timestamp)
        if role == "user":
            record["message"]["content"] = text
        else:
            record["message"]["content"] = [{"type": "text", "text": text}]
        lines.append(record)
        if index == 0:                # machinery in the middle, as a real session has
            lines += [_stamp(TOOL_CALL, cwd, session_id, timestamp),
                      _stamp(TOOL_RESULT, cwd, session_id, timestamp)]
    lines += [_stamp(r, cwd, session_id, turns[-1][2] if turns else first) for r in TAIL]
    return [json.dumps(r, ensure_ascii=False) + "\n" for r in lines]


def write_session(config_dir: Path, cwd: str | Path, session_id: str,
                  turns: Sequence[Turn], folder: str | None = None) -> Path:
    """The transcript file Claude Code would have written for this session."""
    directory = config_dir / "projects" / (folder or encoded(cwd))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{session_id}.jsonl"
    path.write_text("".join(session_lines(cwd, session_id, turns)), encoding="utf-8")
    return path


def append_turns(path: Path, cwd: str | Path, session_id: str, turns: Iterable[Turn]) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for role, text, timestamp in turns:
            record = _stamp(USER if role == "user" else ASSISTANT, str(cwd), session_id,
                            timestamp)
            record["message"]["content"] = (text if role == "user"
                                            else [{"type": "text", "text": text}])
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
