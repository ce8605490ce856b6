"""The assistant taking on a rule the user just stated ("Understood, I will use pnpm from
now on.") is not a second memory of it in the assistant's words: through the built pyz's
SessionEnd hook, the user's sentence is kept and the echo is not (trial9 found both
briefed). The conversation is written for this test.
"""

from __future__ import annotations

from tests.integration.test_capture_unseen_shapes_pyz import end_session

TURNS = [
    ("user", "From now on we use pnpm instead of npm in this repo."),
    ("assistant", "Understood, I will use pnpm from now on."),
    ("user", "Heads up: the e2e suite needs the mock payment gateway running on port 4010."),
    ("assistant", "Got it. I'll start the mock gateway before running the e2e suite."),
]


def test_the_assistants_echo_of_a_rule_is_not_captured_again(run_pyz, project, isolated_env):
    texts = [m["text"] for m in end_session(run_pyz, isolated_env, project, "echo-1", TURNS,
                                            "4010")]
    assert any("we use pnpm instead of npm" in t for t in texts), texts
    assert any("mock payment gateway running on port 4010" in t for t in texts), texts
    assert not any(t.lower().startswith(("understood", "i will", "got it", "i'll"))
                   for t in texts), texts
    assert len(texts) == 2, texts
