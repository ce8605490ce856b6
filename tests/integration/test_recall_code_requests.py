"""A request for code brings the project's conventions for writing code, and only a
request whose object is code does, through the built pyz's UserPromptSubmit hook
(aegis.recall.coding)."""

from __future__ import annotations

import json

RULE = "Convention: every function argument gets a type annotation."


def context(run_pyz, project, env, prompt: str) -> str:
    payload = json.dumps({"hook_event_name": "UserPromptSubmit", "session_id": prompt[:20],
                          "cwd": str(project), "prompt": prompt})
    done = run_pyz("hook", "user-prompt-submit", input=payload, env=env)
    assert done.returncode == 0 and done.stderr == b""
    return json.loads(done.stdout)["hookSpecificOutput"]["additionalContext"] if done.stdout else ""


def test_conventions_come_with_code_asked_for_not_with_code_that_works_on_files(run_pyz, project):
    env = {"AEGIS_EMBEDDING_MODE": "none", "AEGIS_RECALL_TIME_BUDGET_MS": "20000"}
    assert run_pyz("remember", "--tags", "convention", RULE, env=env).returncode == 0
    assert "type annotation" in context(run_pyz, project, env,
                                        "write a function that checks a palindrome")
    assert context(run_pyz, project, env, "write a bash one-liner that counts lines in all "
                                          ".txt files in a directory") == ""
