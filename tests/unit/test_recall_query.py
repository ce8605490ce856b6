"""What recall searches for: the prompt, the last exchange for follow-ups, nothing for closers."""

from __future__ import annotations

import json

from aegis.recall.query import MAX_QUERY_CHARS, clean, is_follow_up, recall_query


def transcript(tmp_path, *turns):
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps({"type": role, "message": {"role": role, "content": text}})
                            + "\n" for role, text in turns))
    return str(path)


def test_a_prompt_with_a_topic_is_its_own_query(tmp_path):
    path = transcript(tmp_path, ("user", "talk about stripe"))
    assert recall_query("how do we deploy?", path) == "how do we deploy?"


def test_a_follow_up_takes_its_topic_from_the_last_exchange(tmp_path):
    path = transcript(tmp_path, ("user", "add an index on invoices"),
                      ("assistant", "I can write the Alembic migration. Shall I?"))
    assert is_follow_up("yes, do that")
    query = recall_query("yes, do that", path)
    assert "index on invoices" in query and "Alembic migration" in query


def test_closers_and_empty_prompts_search_for_nothing(tmp_path):
    path = transcript(tmp_path, ("user", "deploy the app"), ("assistant", "Deployed."))
    for prompt in ("thanks!", "ok thanks", "", "   ", None, 42, ["deploy"]):
        assert recall_query(prompt, path) == ""


def test_a_follow_up_without_a_transcript_searches_for_nothing():
    assert recall_query("continue", None) == ""
    assert recall_query("continue", "/no/such/file.jsonl") == ""


def test_huge_and_binary_prompts_are_cut_and_cleaned():
    assert len(clean("deploy " * 2_000_000)) <= MAX_QUERY_CHARS
    cleaned = clean("deploy\x00\x01 with \ufffd\ufffd make")
    assert "\x00" not in cleaned and "\ufffd" not in cleaned and "deploy" in cleaned
