"""Rules restated and replaced in other words, through the built pyz on both backends.

The SessionEnd hook captures two sessions (detached worker). In the first, the user
states rules and the assistant acknowledges one of them in its own words; in the
second, the user restates a rule without any change word and gives new values for
two slots (a naming prefix, the primary cache) worded unlike the first time. A new
session's briefing and recall must carry the values in force and not the replaced
ones, each rule once, and a rule on another kind of code object (function argument
names beside function names) must survive the update of its neighbour.

Sentences written for this test (a ledger project), not taken from any benchmark.
"""

from __future__ import annotations

import json
import time

from tests.integration.test_capture_supersede_briefing import hook_context, settled


def write_session(path, session_id: str, project, turns: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for number, (said, answer) in enumerate(turns):
            out.write(json.dumps({"type": "user", "isSidechain": False, "sessionId": session_id,
                                  "cwd": str(project), "uuid": f"u{number}",
                                  "message": {"role": "user", "content": said}}) + "\n")
            out.write(json.dumps({"type": "assistant", "isSidechain": False,
                                  "sessionId": session_id, "uuid": f"a{number}",
                                  "message": {"role": "assistant", "content": [
                                      {"type": "text", "text": answer}]}}) + "\n")


FIRST = [
    ("Always add the '@audited' decorator to every method of the ledger classes.",
     "Got it, I'll add the '@audited' decorator to every method from now on."),
    ("Prefix all function names with 'tl_'.", "Understood."),
    ("End function argument names with '_in'.", "Okay."),
    ("We use Redis as the primary cache for sessions.", "Noted."),
]
SECOND = [
    ("Make sure '@audited' is on all methods.", "Sure."),
    ("Function names should begin with 'tm_'.", "Will do."),
    ("Use Memcached as the primary cache for sessions.", "Okay."),
]


def end_session(run_pyz, env, project, tmp_path, session_id, turns, waits_for):
    transcript = tmp_path / f"{session_id}.jsonl"
    write_session(transcript, session_id, project, turns)
    ended = run_pyz("hook", "session-end", env=env, input=json.dumps({
        "hook_event_name": "SessionEnd", "session_id": session_id, "cwd": str(project),
        "transcript_path": str(transcript), "reason": "prompt_input_exit"}))
    assert ended.returncode == 0 and ended.stderr == b""
    return settled(run_pyz, env, waits_for)


def live(memories: list[dict], phrase: str) -> list[dict]:
    return [m for m in memories if phrase in m["text"] and not m["superseded_by"]]


def test_restatements_strengthen_and_new_values_replace_their_slot(
        run_pyz, backend_env, project, tmp_path):
    env = {**backend_env, "AEGIS_RECALL_TIME_BUDGET_MS": "10000", "AEGIS_EMBEDDING_MODE": "none"}
    first = end_session(run_pyz, env, project, tmp_path, "s1", FIRST, "Redis")
    assert len(live(first, "@audited")) == 1, first        # the acknowledgement is no 2nd memory
    time.sleep(1.1)                          # the update is later, to the second a store keeps
    memories = end_session(run_pyz, env, project, tmp_path, "s2", SECOND, "Memcached")

    audited = live(memories, "@audited")
    assert len(audited) == 1 and audited[0]["importance"] > 0.5, audited   # strengthened
    assert live(memories, "'tl_'") == [] and len(live(memories, "'tm_'")) == 1
    assert live(memories, "Redis") == [] and len(live(memories, "Memcached")) == 1
    assert len(live(memories, "'_in'")) == 1                # another kind of code object
    old = next(m for m in memories if "'tl_'" in m["text"])
    record = json.loads(run_pyz("get", "--json", old["id"], env=env).stdout)
    new_id = live(memories, "'tm_'")[0]["id"]
    assert record["memory"]["superseded_by"] == new_id
    assert (new_id, old["id"], "supersedes") in {
        (r["source_id"], r["target_id"], r["kind"]) for r in record["relations"]}

    base = {"session_id": "s3", "cwd": str(project), "transcript_path": str(tmp_path / "s3.jsonl")}
    briefing = hook_context(run_pyz, env, "session-start",
                            {**base, "hook_event_name": "SessionStart", "source": "startup"})
    assert "'tm_'" in briefing and "'tl_'" not in briefing, briefing
    assert "Memcached" in briefing and "Redis" not in briefing, briefing
    assert briefing.count("@audited") == 1 and "'_in'" in briefing, briefing

    base = {**base, "session_id": "s4", "transcript_path": str(tmp_path / "s4.jsonl")}
    recall = hook_context(run_pyz, env, "user-prompt-submit", {
        **base, "hook_event_name": "UserPromptSubmit",
        "prompt": "Write a function that totals the ledger entries for one account"})
    assert "'tm_'" in recall and "'tl_'" not in recall and "Redis" not in recall, recall
