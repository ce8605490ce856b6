"""A prompt word reaches a name the memory compounds from it ("rabbit" → RabbitMQ), through
the built pyz's UserPromptSubmit hook on SQLite (keyword and local embedding modes) and on
an AegisDB server of the test's own; and what that may not do."""

from __future__ import annotations

import pytest

from tests.integration.test_recall_neighbours import SETUPS, recalled, seeded

MEMORIES = {
    "outbox": "Tollgate chose MassTransit over raw RabbitMQ.Client for its transactional outbox.",
    "deploy": "Deploys go to production from the release pipeline on Tuesdays.",
}


@pytest.fixture(params=SETUPS, ids=lambda setup: "-".join(setup))
def setup(request, run_pyz):
    return seeded(request, run_pyz, MEMORIES)


def test_a_word_that_begins_a_name_is_a_second_shared_word(run_pyz, project, setup):
    # "client" alone is one chance word of four; "rabbit" begins "RabbitMQ", a second one
    env, ids = setup
    assert recalled(run_pyz, project, env, ids,
                    "why not the plain rabbit client library?") == ["outbox"]


@pytest.mark.parametrize("prompt", [
    "why not the plain java client library?",    # "client" is all it shares
    "is a rabbit a good pet for small children?",  # a compound name alone is one chance word
])
def test_no_name_no_evidence(run_pyz, project, setup, prompt):
    env, ids = setup
    assert recalled(run_pyz, project, env, ids, prompt) == []
