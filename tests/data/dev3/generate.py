"""Writes the dev3 capture sessions (Claude Code JSONL transcripts) and their labels.

Each session is a list of steps; ``build`` turns them into the line shapes Claude Code
2.1.x writes: user lines (content a string or text blocks), assistant lines (one content
block each: thinking, text or tool_use), tool results as user lines with ``toolUseResult``,
an occasional environment attachment, all chained by ``parentUuid``. Uuids and timestamps
are derived from the session name so a rerun writes identical files.

Labels use the fields bench/capture_quality.py reads: ``must_capture`` (phrases some stored
memory must contain, lower-cased substring match) and ``must_not_capture`` (phrases no
stored memory may contain: transient statements, and values an update in the same
session replaced). Run: python tests/data/dev3/generate.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

from sessions import SESSIONS  # noqa: E402  (same directory)

OUT = Path(__file__).resolve().parent / "capture"
MODEL = "claude-sonnet-4-5-20250929"


def _uid(seed: str) -> str:
    return str(uuid.UUID(hashlib.sha256(seed.encode()).hexdigest()[:32]))


def _hex(seed: str, n: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def build(name: str, spec: dict) -> list[dict]:
    session_id = _uid(name + ":session")
    base = dt.datetime.fromisoformat(spec["start"])
    meta = {"isSidechain": False, "userType": "external", "cwd": spec["cwd"],
            "sessionId": session_id, "version": "2.1.332", "gitBranch": spec["branch"]}
    lines: list[dict] = []
    parent = None
    clock = [0]

    def stamp() -> str:
        clock[0] += 1
        t = base + dt.timedelta(seconds=7 * clock[0])
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{clock[0] % 1000:03d}Z"

    def add(kind: str, body: dict) -> dict:
        nonlocal parent
        line_id = _uid(f"{name}:{len(lines)}")
        line = {"parentUuid": parent, **meta, "type": kind, "uuid": line_id,
                "timestamp": stamp(), **body}
        lines.append(line)
        parent = line_id
        return line

    def assistant(block: dict) -> None:
        n = len(lines)
        add("assistant", {"requestId": "req_01" + _hex(f"{name}:r{n}", 16), "message": {
            "id": "msg_01" + _hex(f"{name}:m{n}", 22), "type": "message", "role": "assistant",
            "model": MODEL, "content": [block], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": 9, "cache_creation_input_tokens": 0,
                      "cache_read_input_tokens": 5120, "output_tokens": 61,
                      "service_tier": "standard"}}})

    for step in spec["steps"]:
        kind = step[0]
        if kind == "env":
            add("attachment", {"attachment": {"type": "environment", "snapshot": {
                "workingDirectory": spec["cwd"], "isWorktree": False, "isGitRepo": True,
                "additionalWorkingDirectories": [], "platform": "linux", "shell": "bash"}},
                "rendered": [{"content": "<system-reminder>\n# Environment\n"
                              f" - Primary working directory: {spec['cwd']}\n</system-reminder>"}],
                "renderedRole": "system"})
        elif kind == "user":
            add("user", {"message": {"role": "user", "content": step[1]},
                         "permissionMode": "default", "promptSource": "cli"})
        elif kind == "user_blocks":
            add("user", {"message": {"role": "user", "content": [
                {"type": "text", "text": t} for t in step[1]]},
                "permissionMode": "default", "promptSource": "cli"})
        elif kind == "say":
            assistant({"type": "text", "text": step[1]})
        elif kind == "think":
            assistant({"type": "thinking", "thinking": step[1],
                       "signature": "Eq" + _hex(step[1], 14)})
        elif kind == "tool":
            _, tool, tool_input, output = step[:4]
            is_error = len(step) > 4 and step[4]
            tool_id = "toolu_01" + _hex(f"{name}:t{len(lines)}", 22)
            assistant({"type": "tool_use", "id": tool_id, "name": tool, "input": tool_input})
            result = ({"stdout": output, "stderr": "", "interrupted": False, "isImage": False}
                      if tool == "Bash" else {"type": "text", "file": {
                          "filePath": tool_input.get("file_path", ""), "content": output}})
            add("user", {"message": {"role": "user", "content": [
                {"tool_use_id": tool_id, "type": "tool_result", "content": output,
                 "is_error": bool(is_error)}]}, "toolUseResult": result})
        else:
            raise ValueError(f"unknown step {kind!r} in {name}")
    return lines


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in SESSIONS.items():
        lines = build(name, spec)
        (OUT / f"{name}.jsonl").write_text(
            "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for line in lines), encoding="utf-8")
        labels = {"must_capture": spec["must_capture"], "must_not_capture": spec["must_not_capture"]}
        (OUT / f"{name}.labels.json").write_text(json.dumps(labels, indent=2, ensure_ascii=False)
                                                 + "\n", encoding="utf-8")
        check(name, lines, labels)


def check(name: str, lines: list[dict], labels: dict) -> None:
    """Every label phrase must occur in the conversation text, and no durable phrase may
    contain a transient one (else the bench could never count it correct)."""
    text = _plain(lines)
    for phrase in labels["must_capture"] + labels["must_not_capture"]:
        if phrase.lower() not in text:
            raise SystemExit(f"{name}: label phrase not in transcript: {phrase!r}")
    for good in labels["must_capture"]:
        for bad in labels["must_not_capture"]:
            if bad.lower() in good.lower():
                raise SystemExit(f"{name}: {bad!r} inside durable phrase {good!r}")


def _plain(lines: list[dict]) -> str:
    parts = []
    for line in lines:
        content = (line.get("message") or {}).get("content")
        if isinstance(content, str):
            parts.append(content)
        elif isinstance(content, list):
            for block in content:
                parts.append(str(block.get("text") or block.get("thinking") or
                                 block.get("content") or ""))
    return "\n".join(parts).lower()


if __name__ == "__main__":
    main()
