"""Writes blind4/capture/*.jsonl + *.labels.json from the session scripts in sessions/.

Each script module defines SESSIONS, a list of dicts: name, cwd, branch, start (ISO time),
must_capture, must_not_capture, and turns. A turn item is one of
  ("user", text)                 user prompt, string content
  ("user_blocks", [text, ...])   user prompt as a list of text blocks
  ("think", text)                assistant thinking block
  ("say", text)                  assistant text block
  ("tool", name, input, result)  assistant tool_use + the user tool_result line for it
  ("tool_err", name, input, result)  the same with is_error
A new assistant message (message id, request id) starts after every user line.
Output is deterministic (uuid5 of name + position, timestamps from start), so rerunning this
rewrites identical files. It then runs check_format.py.
Usage: python3 tests/data/blind4/generate.py
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import subprocess
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "capture"
NS = uuid.UUID("2b7e9c41-8d3f-4a6e-b1c5-7f0a9d2e4c83")
MODULES = ["quillstone", "cragbook", "larchyard", "sparrowcount", "brackenstat"]
VERSION = "2.1.332"


def _usage(n: int) -> dict:
    return {"input_tokens": 8 + n % 17, "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 5120 + 37 * n, "output_tokens": 40 + n % 90,
            "service_tier": "standard"}


def _tool_result_payload(name: str, tool_input: dict, result: str) -> dict:
    """toolUseResult in the shape Claude Code 2.1.x writes for each tool."""
    if name == "Bash":
        return {"stdout": result, "stderr": "", "interrupted": False, "isImage": False,
                "noOutputExpected": False}
    if name == "Read":
        lines = result.split("\n")
        return {"type": "text", "file": {"filePath": tool_input["file_path"], "content": result,
                                         "numLines": len(lines), "startLine": 1,
                                         "totalLines": len(lines)}}
    if name == "Edit":
        return {"filePath": tool_input["file_path"], "oldString": tool_input["old_string"],
                "newString": tool_input["new_string"], "originalFile": None,
                "structuredPatch": [], "userModified": False, "replaceAll": False}
    if name == "Write":
        return {"type": "create", "filePath": tool_input["file_path"],
                "content": tool_input["content"], "structuredPatch": []}
    if name == "Grep":
        return {"mode": "content", "numFiles": result.count("\n") + 1, "filenames": [],
                "content": result, "numLines": result.count("\n") + 1}
    return {"result": result}


def _numbered(text: str) -> str:
    return "\n".join(f"{i:>6}\t{line}" for i, line in enumerate(text.split("\n"), 1))


def build(session: dict) -> list[dict]:
    name = session["name"]
    sid = str(uuid.uuid5(NS, name + ":session"))
    clock = dt.datetime.fromisoformat(session["start"].replace("Z", "+00:00"))
    base = {"userType": "external", "entrypoint": "cli", "cwd": session["cwd"],
            "sessionId": sid, "version": VERSION, "gitBranch": session["branch"]}
    lines: list[dict] = []
    counter = [0]
    parent: list[str | None] = [None]
    msg = {"id": None, "req": None}
    last_prompt = [""]

    def tick(seconds: float) -> str:
        nonlocal clock
        clock += dt.timedelta(seconds=seconds)
        return clock.strftime("%Y-%m-%dT%H:%M:%S.") + f"{clock.microsecond // 1000:03d}Z"

    def new_uuid() -> str:
        counter[0] += 1
        return str(uuid.uuid5(NS, f"{name}:{counter[0]}"))

    def add(entry: dict) -> str:
        u = new_uuid()
        line = {"parentUuid": parent[0], "isSidechain": False, **base, **entry, "uuid": u}
        lines.append(line)
        parent[0] = u
        return u

    def new_message() -> None:
        h = hashlib.sha1(f"{name}:{counter[0]}".encode()).hexdigest()
        msg["id"] = "msg_01" + h[:22]
        msg["req"] = "req_011C" + h[22:38]

    def assistant(block: dict, n: int) -> str:
        return add({"type": "assistant", "timestamp": tick(2.5 + n % 5), "requestId": msg["req"],
                    "message": {"id": msg["id"], "type": "message", "role": "assistant",
                                "model": session.get("model", "claude-opus-4-5-20251101"),
                                "content": [block], "stop_reason": None, "stop_sequence": None,
                                "usage": _usage(n)}})

    first = True
    for n, item in enumerate(session["turns"]):
        kind = item[0]
        if kind in ("user", "user_blocks"):
            if lines and lines[-1].get("type") == "assistant":
                lines[-1]["message"]["stop_reason"] = "end_turn"
                lines.append({"type": "last-prompt", "lastPrompt": last_prompt[0],
                              "leafUuid": parent[0], "sessionId": sid})
            text = item[1] if kind == "user" else "\n".join(item[1])
            last_prompt[0] = text
            content = item[1] if kind == "user" else [{"type": "text", "text": t} for t in item[1]]
            stamp = tick(40 + (n * 13) % 200)
            if first:
                lines.append({"type": "queue-operation", "operation": "enqueue",
                              "timestamp": stamp, "sessionId": sid, "content": text})
                lines.append({"type": "queue-operation", "operation": "dequeue",
                              "timestamp": stamp, "sessionId": sid})
            add({"type": "user", "timestamp": stamp, "permissionMode": "default",
                 "promptId": str(uuid.uuid5(NS, f"{name}:prompt:{n}")),
                 "message": {"role": "user", "content": content}})
            if first:
                add({"type": "attachment", "timestamp": stamp,
                     "attachment": {"type": "environment", "snapshot": {
                         "workingDirectory": session["cwd"], "isWorktree": False,
                         "isGitRepo": True, "additionalWorkingDirectories": [],
                         "platform": session.get("platform", "linux"), "shell": "bash"}}})
                first = False
            new_message()
        elif kind == "think":
            assistant({"type": "thinking", "thinking": item[1],
                       "signature": "Eq" + hashlib.sha1(item[1].encode()).hexdigest()[:30]}, n)
        elif kind == "say":
            assistant({"type": "text", "text": item[1]}, n)
        elif kind in ("tool", "tool_err"):
            _, tool, tool_input, result = item
            tid = "toolu_01" + hashlib.sha1(f"{name}:tool:{n}".encode()).hexdigest()[:22]
            a = assistant({"type": "tool_use", "id": tid, "name": tool, "input": tool_input}, n)
            lines[-1]["message"]["stop_reason"] = "tool_use"
            shown = _numbered(result) if tool == "Read" else result
            add({"type": "user", "timestamp": tick(1.2 + n % 7),
                 "message": {"role": "user", "content": [
                     {"tool_use_id": tid, "type": "tool_result", "content": shown,
                      "is_error": kind == "tool_err"}]},
                 "toolUseResult": (f"Error: {result}" if kind == "tool_err"
                                   else _tool_result_payload(tool, tool_input, result)),
                 "sourceToolAssistantUUID": a})
            new_message()
        else:
            raise ValueError(f"{name}: unknown turn kind {kind!r}")
    if lines[-1].get("type") == "assistant":
        lines[-1]["message"]["stop_reason"] = "end_turn"
    add({"type": "system", "subtype": "stop_hook_summary", "timestamp": tick(0.4),
         "hookCount": 1, "hookInfos": [{"command": "python3 ${CLAUDE_PLUGIN_ROOT}/runtime/aegis.pyz hook stop",
                                        "durationMs": 212}],
         "hookErrors": [], "preventedContinuation": False, "stopReason": "", "hasOutput": False,
         "level": "suggestion"})
    lines.append({"type": "last-prompt", "lastPrompt": last_prompt[0], "leafUuid": parent[0],
                  "sessionId": sid})
    return lines


def main() -> int:
    sys.path.insert(0, str(HERE / "sessions"))
    OUT.mkdir(exist_ok=True)
    names = set()
    for module in MODULES:
        for session in importlib.import_module(module).SESSIONS:
            name = session["name"]
            if name in names:
                raise SystemExit(f"duplicate session name {name}")
            names.add(name)
            with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as handle:
                for line in build(session):
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            labels = {"must_capture": session["must_capture"],
                      "must_not_capture": session["must_not_capture"]}
            (OUT / f"{name}.labels.json").write_text(json.dumps(labels, indent=2, ensure_ascii=False)
                                                     + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(HERE / "check_format.py")]).returncode


if __name__ == "__main__":
    sys.exit(main())
