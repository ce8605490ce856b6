"""Checks the FORMAT of the blind3 set; it never runs capture or recall and never scores.

capture/: every line of every session parses as a JSON object; user/assistant/attachment lines
carry the Claude Code metadata (uuid, parentUuid pointing at an earlier line, sessionId, cwd,
gitBranch, version, timestamp); content blocks are known kinds; every tool_result answers an
earlier tool_use; each session has <name>.labels.json with the two lists the capture bench reads;
every must_capture phrase occurs (case-insensitively) in the user or assistant prose of its session
and every must_not_capture phrase somewhere in its session; no phrase of one list contains a phrase
of the other (such a pair could not be satisfied); nothing looks like a secret.
recall/: both files parse, memories have key/text/tags/importance (and a valid scope if any),
keys are unique, prompts have kind/prompt/expect, every expected key exists, and off-topic prompts
(and only they) expect nothing.
Usage: python3 tests/data/blind3/check_format.py   (exit 0 when every check passes)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
META = ("uuid", "parentUuid", "sessionId", "cwd", "gitBranch", "version", "timestamp")
BLOCKS = {"assistant": {"text", "thinking", "tool_use"}, "user": {"text", "tool_result"}}
KINDS = {"direct", "paraphrase", "identifier", "followup", "task", "offtopic"}
SECRETISH = re.compile(r"sk-[A-Za-z0-9]{8}|AKIA[0-9A-Z]{12}|gh[pousr]_[A-Za-z0-9]{10}|xox[bp]-"
                       r"|-----BEGIN|password\s*[:=]\s*\S|api[_-]?key\s*[:=]\s*\S", re.I)


def session_texts(path: Path, errors: list[str]) -> tuple[str, str]:
    """(prose, everything): user/assistant prose, and all message content incl. tool I/O."""
    prose, everything, seen, tool_ids = [], [], set(), set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        try:
            line = json.loads(raw)
        except json.JSONDecodeError as err:
            errors.append(f"{where}: not JSON ({err})")
            continue
        if not isinstance(line, dict) or "type" not in line:
            errors.append(f"{where}: not an object with a type")
            continue
        if line["type"] not in ("user", "assistant", "attachment", "system"):
            continue
        missing = [k for k in META if k not in line]
        if missing:
            errors.append(f"{where}: missing {missing}")
        if line.get("parentUuid") is not None and line["parentUuid"] not in seen:
            errors.append(f"{where}: parentUuid points at no earlier line")
        seen.add(line.get("uuid"))
        if line["type"] not in BLOCKS:
            continue
        message = line.get("message") or {}
        if message.get("role") != line["type"]:
            errors.append(f"{where}: message.role does not match type")
        content = message.get("content")
        if isinstance(content, str):
            prose.append(content)
            everything.append(content)
            continue
        if not isinstance(content, list) or not content:
            errors.append(f"{where}: content is neither a string nor a list of blocks")
            continue
        for block in content:
            kind = block.get("type")
            if kind not in BLOCKS[line["type"]]:
                errors.append(f"{where}: unexpected block {kind!r}")
            elif kind in ("text", "thinking"):
                prose.append(block[kind])
                everything.append(block[kind])
            elif kind == "tool_use":
                tool_ids.add(block["id"])
                everything.append(json.dumps(block["input"], ensure_ascii=False))
            else:
                if block.get("tool_use_id") not in tool_ids:
                    errors.append(f"{where}: tool_result for an unknown tool_use")
                if "toolUseResult" not in line:
                    errors.append(f"{where}: tool result line without toolUseResult")
                everything.append(str(block.get("content")))
    return "\n".join(prose).lower(), "\n".join(everything).lower()


def check_capture(errors: list[str]) -> tuple[int, int, int]:
    sessions = sorted((HERE / "capture").glob("*.jsonl"))
    durable = transient = 0
    for path in sessions:
        raw = path.read_text(encoding="utf-8")
        if SECRETISH.search(raw):
            errors.append(f"{path.name}: something looks like a secret: "
                          f"{SECRETISH.search(raw).group(0)!r}")
        prose, everything = session_texts(path, errors)
        labels_path = path.with_suffix(".labels.json")
        try:
            labels = json.loads(labels_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            errors.append(f"{labels_path.name}: {err}")
            continue
        must, must_not = labels.get("must_capture"), labels.get("must_not_capture")
        if not (isinstance(must, list) and isinstance(must_not, list)) or not all(
                isinstance(p, str) and p.strip() for p in must + must_not):
            errors.append(f"{labels_path.name}: needs two lists of non-empty strings")
            continue
        for p in must:
            if p.lower() not in prose:
                errors.append(f"{path.name}: must_capture phrase not in the prose: {p!r}")
        for p in must_not:
            if p.lower() not in everything:
                errors.append(f"{path.name}: must_not_capture phrase not in the session: {p!r}")
        for a in must:
            for b in must_not:
                if a.lower() in b.lower() or b.lower() in a.lower():
                    errors.append(f"{path.name}: {a!r} and {b!r} overlap")
        for group in (must, must_not):
            if len({p.lower() for p in group}) != len(group):
                errors.append(f"{labels_path.name}: duplicate phrase")
        durable += len(must)
        transient += len(must_not)
    return len(sessions), durable, transient


def check_recall(errors: list[str]) -> tuple[int, int, int]:
    if not (HERE / "recall").is_dir():
        return 0, 0, 0   # a capture-only set (blind4)
    try:
        memories = json.loads((HERE / "recall" / "recall_memories.json").read_text())["memories"]
        prompts = json.loads((HERE / "recall" / "recall_prompts.json").read_text())["prompts"]
    except (OSError, json.JSONDecodeError, KeyError) as err:
        errors.append(f"recall: {err}")
        return 0, 0, 0
    keys = set()
    for m in memories:
        if not (isinstance(m.get("key"), str) and isinstance(m.get("text"), str)
                and isinstance(m.get("tags"), list) and isinstance(m.get("importance"), (int, float))):
            errors.append(f"memory {m.get('key')!r}: needs key, text, tags, importance")
        if m.get("scope", "project") not in ("project", "user"):
            errors.append(f"memory {m.get('key')!r}: bad scope")
        if not 0 <= m.get("importance", 0) <= 1:
            errors.append(f"memory {m.get('key')!r}: importance outside 0..1")
        if m.get("key") in keys:
            errors.append(f"memory {m.get('key')!r}: duplicate key")
        keys.add(m.get("key"))
        if SECRETISH.search(m.get("text", "")):
            errors.append(f"memory {m.get('key')!r}: looks like a secret")
    offtopic = 0
    seen_prompts = set()
    for p in prompts:
        if not (p.get("kind") in KINDS and isinstance(p.get("prompt"), str)
                and isinstance(p.get("expect"), list)):
            errors.append(f"prompt {p.get('prompt')!r}: needs kind (one of {sorted(KINDS)}), "
                          "prompt, expect")
            continue
        if p["prompt"] in seen_prompts:
            errors.append(f"prompt {p['prompt']!r}: duplicate")
        seen_prompts.add(p["prompt"])
        for key in p["expect"]:
            if key not in keys:
                errors.append(f"prompt {p['prompt']!r}: unknown memory {key!r}")
        if (p["kind"] == "offtopic") != (not p["expect"]):
            errors.append(f"prompt {p['prompt']!r}: off-topic iff it expects nothing")
        offtopic += p["kind"] == "offtopic"
        for turn in p.get("transcript", []):
            if not (isinstance(turn, list) and len(turn) == 2
                    and turn[0] in ("user", "assistant") and isinstance(turn[1], str)):
                errors.append(f"prompt {p['prompt']!r}: transcript turns are [role, text]")
    return len(memories), len(prompts), offtopic


def main() -> int:
    errors: list[str] = []
    sessions, durable, transient = check_capture(errors)
    memories, prompts, offtopic = check_recall(errors)
    for e in errors:
        print(e)
    print(f"capture: {sessions} sessions, {durable} must_capture, {transient} must_not_capture; "
          f"recall: {memories} memories, {prompts} prompts ({offtopic} off-topic); "
          f"{len(errors)} format error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
