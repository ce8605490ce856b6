"""An everyday English word shared with a prompt is no evidence on its own, through the
built pyz's UserPromptSubmit hook on SQLite (keyword and local embedding modes) and on
an AegisDB server of the test's own (aegis.commonness, aegis.text.lone_word_match)."""

from __future__ import annotations


import pytest

from tests.integration.test_recall_neighbours import SETUPS, recalled, seeded

MEMORIES = {
    "events": "Analytics event names are snake_case and at most 40 characters.",
    "release": "The release process: internal testing on Monday, staged rollout on Thursday.",
    "probe": "The moisture probe calibration is stored in the settings subsystem.",
}


@pytest.fixture(params=SETUPS, ids=lambda setup: "-".join(setup))
def setup(request, run_pyz):
    return seeded(request, run_pyz, MEMORIES)


@pytest.mark.parametrize("prompt", [
    "what's a good name for a cat",                           # "name" alone
    "what's the difference between a process and a thread",   # "process" alone
    "TypeError: Cannot read properties of undefined (reading 'map')",  # read/reading: one word
])
def test_one_common_word_injects_nothing(run_pyz, project, setup, prompt):
    env, ids = setup
    assert recalled(run_pyz, project, env, ids, prompt) == []


@pytest.mark.parametrize("prompt, key", [
    ("which names are allowed for events?", "events"),     # two shared words
    ("where is the calibration kept?", "probe"),            # one specific word
    ("when does the staged rollout start", "release"),
])
def test_a_specific_or_second_shared_word_still_recalls(run_pyz, project, setup, prompt, key):
    env, ids = setup
    assert recalled(run_pyz, project, env, ids, prompt) == [key]
