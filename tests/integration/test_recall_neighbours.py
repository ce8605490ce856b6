"""Keyword recall through the local model's neighbour words, and what they may not do,
through the built pyz's UserPromptSubmit hook on SQLite (keyword and local embedding
modes) and on an AegisDB server of the test's own."""

from __future__ import annotations

import json

import pytest

MEMORIES = {
    "eta": "The ETA service forecasts arrival times from the last 30 days of trips.",
    "breakfast": "The kitchen display batches breakfast orders every two minutes.",
    "capping": "The ingest consumer was fixed by capping its fetch size at 1 MB.",
}
# (backend, AEGIS_EMBEDDING_MODE)
SETUPS = [("sqlite", "none"), ("sqlite", "local"), ("aegisdb", "none")]


@pytest.fixture(params=SETUPS, ids=lambda setup: "-".join(setup))
def setup(request, run_pyz):
    return seeded(request, run_pyz, MEMORIES)


def seeded(request, run_pyz, memories: dict[str, str]) -> tuple[dict, dict]:
    """(env, {id: key}) for ``memories`` saved on the setup ``request.param`` names."""
    backend, mode = request.param
    env = {"AEGIS_EMBEDDING_MODE": mode, "AEGIS_RECALL_TIME_BUDGET_MS": "20000"}
    if backend == "aegisdb":
        env.update(request.getfixturevalue("aegisdb_env"))
    ids = {}
    for key, text in memories.items():
        saved = run_pyz("remember", "--json", text, env=env)
        assert saved.returncode == 0, saved.stderr
        ids[json.loads(saved.stdout)["id"]] = key
    return env, ids


def recalled(run_pyz, project, env, ids, prompt: str) -> list[str]:
    payload = json.dumps({"hook_event_name": "UserPromptSubmit", "session_id": prompt[:20],
                          "cwd": str(project), "prompt": prompt})
    done = run_pyz("hook", "user-prompt-submit", input=payload, env=env)
    assert done.returncode == 0 and done.stderr == b""
    if not done.stdout.strip():
        return []
    context = json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"]
    return [key for memory_id, key in ids.items() if f"- {memory_id} (" in context]


def test_a_paraphrase_is_recalled_through_a_neighbour_word(run_pyz, project, setup):
    # "predict" is not in the memory, nor a hand-listed relative; the model puts
    # "forecast" next to it. Alone, "arrive" (as "arrival") is one word of three: no evidence.
    env, ids = setup
    assert recalled(run_pyz, project, env, ids,
                    "how do we predict when the delivery will arrive?") == ["eta"]


@pytest.mark.parametrize("prompt", [
    "good morning!",                      # "morning" reaches "breakfast" only as a neighbour
    "what does the CAP theorem say?",     # an acronym matches as spelt, not "capping"
])
def test_off_topic_prompts_inject_nothing(run_pyz, project, setup, prompt):
    env, ids = setup
    assert recalled(run_pyz, project, env, ids, prompt) == []
