"""The blind held-out data (tests/data/blind/) keeps the shape the benches read.

Shape only, never scores: the set is measured once per change by
tests/data/blind/run.py and must not be tuned on (see its README). These checks
catch a broken line, a label phrase that no longer occurs in its session, or a
prompt expecting a memory key that does not exist — each would silently skew
the honest figure.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from aegis.transcript import read_messages

BLIND = Path(__file__).resolve().parent.parent / "data" / "blind"
SESSIONS = sorted((BLIND / "capture").glob("*.jsonl"))


def spoken_text(path: Path) -> str:
    """What the developer typed and Claude wrote (text and thinking), not tool output."""
    parts = []
    for line in path.read_text(encoding="utf-8").splitlines():
        content = (json.loads(line).get("message") or {}).get("content")
        if isinstance(content, str):
            parts.append(content)
        for block in content if isinstance(content, list) else ():
            parts.append(block.get("text") or block.get("thinking") or "")
    return "\n".join(parts).lower()


def test_there_are_enough_sessions_and_labels():
    labels = [json.loads(p.with_suffix(".labels.json").read_text()) for p in SESSIONS]
    assert len(SESSIONS) >= 6
    assert sum(len(lab["must_capture"]) for lab in labels) >= 30
    assert sum(len(lab["must_not_capture"]) for lab in labels) >= 30


@pytest.mark.parametrize("session", SESSIONS, ids=lambda p: p.stem)
def test_session_lines_parse_and_read_as_messages(session):
    lines = [json.loads(line) for line in session.read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(line, dict) and "type" in line for line in lines)
    conversation = [line for line in lines if line["type"] in ("user", "assistant")]
    assert {line["sessionId"] for line in conversation} == {conversation[0]["sessionId"]}
    assert len(list(read_messages(session))) >= 20


@pytest.mark.parametrize("session", SESSIONS, ids=lambda p: p.stem)
def test_every_label_phrase_occurs_once_in_its_session(session):
    labels = json.loads(session.with_suffix(".labels.json").read_text(encoding="utf-8"))
    assert set(labels) == {"must_capture", "must_not_capture"}
    text = spoken_text(session)
    for phrase in labels["must_capture"] + labels["must_not_capture"]:
        assert phrase == phrase.lower() and text.count(phrase) == 1, phrase


def test_the_generator_reproduces_the_committed_sessions(tmp_path):
    spec = importlib.util.spec_from_file_location("make_sessions",
                                                  BLIND / "capture" / "make_sessions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.HERE = tmp_path
    for build in module.SESSIONS:
        build()
    committed = sorted(p.name for p in (BLIND / "capture").glob("*.json*"))
    assert sorted(p.name for p in tmp_path.iterdir()) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (BLIND / "capture" / name).read_bytes(), name


def test_recall_prompts_expect_existing_memories():
    memories = json.loads((BLIND / "recall" / "recall_memories.json").read_text())["memories"]
    prompts = json.loads((BLIND / "recall" / "recall_prompts.json").read_text())["prompts"]
    keys = [m["key"] for m in memories]
    assert len(keys) == len(set(keys)) >= 40
    assert all(m.get("kind", "fact") in ("fact", "event") for m in memories)
    assert all(m.get("scope", "project") in ("project", "user") for m in memories)
    assert len(prompts) >= 40 and sum(1 for p in prompts if not p["expect"]) >= 10
    for prompt in prompts:
        assert (prompt["kind"] == "offtopic") == (not prompt["expect"]), prompt
        assert set(prompt["expect"]) <= set(keys), prompt
        for role, text in prompt.get("transcript", ()):
            assert role in ("user", "assistant") and text


@pytest.mark.parametrize("held_out", ["blind3", "blind4", "blind5", "blind6"])
def test_each_later_held_out_set_passes_its_own_format_check(held_out):
    """Shape only: each set's check_format.py (never a score) exits 0."""
    import subprocess
    import sys
    check = BLIND.parent / held_out / "check_format.py"
    done = subprocess.run([sys.executable, str(check)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stdout.decode()[-2000:] + done.stderr.decode()[-2000:]
