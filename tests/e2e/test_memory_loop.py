"""Remember in one session, recall in the next, and only in the same project."""

from __future__ import annotations

import json

from scripts import call_then_echo, save_when_asked, tool_payload

GITHUB_TOKEN = "ghp_" + "Zq8Xw2Lm4Np6Rt1Vy3Bc5Df7Gh9Jk0Ls2Mn4"
FACT = f"This project deploys with `make ship`; the deploy bot uses the token {GITHUB_TOKEN}."
ASK = f"Remember that this project deploys with `make ship` (the bot token is {GITHUB_TOKEN})."


def remember_deploy(claude, project):
    """Session 1: the user asks to remember; the model calls memory_save."""
    run = claude.run(ASK, project, responder=save_when_asked(FACT, "Remember that"))
    results = run.tool_results()
    assert len(results) == 1, run.describe()
    assert not results[0].get("is_error"), results[0]
    return run, tool_payload(run.main_requests[-1])


def test_memory_save_through_the_mcp_tool_stores_the_fact_redacted(claude, project, data_dir):
    run, payload = remember_deploy(claude, project)

    saved = [m for m in claude.memories(project) if "make ship" in m["text"]]
    tool_saved = [m for m in saved if m["id"] in json.dumps(payload)]
    assert len(tool_saved) == 1, (payload, saved)
    memory = tool_saved[0]
    assert GITHUB_TOKEN not in memory["text"]
    assert "[REDACTED:github-token]" in memory["text"]
    assert memory["text"].startswith("This project deploys with `make ship`")
    assert "deploy" in memory["tags"]

    # the secret reached no file Aegis wrote, whichever path wrote it (tool, capture, logs)
    claude.wait_for_quiet()
    leaks = [p for p in data_dir.rglob("*") if p.is_file() and GITHUB_TOKEN.encode() in p.read_bytes()]
    assert leaks == []


def test_asking_to_remember_stores_the_fact_once(claude, project):
    """The explicit save and the automatic capture of the same request are one memory."""
    remember_deploy(claude, project)
    claude.wait_for_quiet()

    copies = [m["text"] for m in claude.memories(project) if "make ship" in m["text"]]
    assert len(copies) == 1, copies


def test_a_new_session_in_the_project_is_told_the_memory_and_an_off_topic_one_is_not(claude,
                                                                                     project):
    remember_deploy(claude, project)
    memory_id = next(m["id"] for m in claude.memories(project) if "make ship" in m["text"])

    run = claude.run("How do I deploy this project?", project)
    injected = run.injected_context("SessionStart") + "\n" + run.injected_context("UserPromptSubmit")
    assert "make ship" in injected, run.describe()
    assert memory_id in injected, "recalled memories are cited by id"
    # what the hooks returned is what the model received
    request_text = run.main_requests[0].all_text()
    line = next(l for l in injected.splitlines() if "make ship" in l)
    assert line.strip() in request_text

    off_topic = claude.run("Write a haiku about autumn leaves.", project)
    assert "make ship" not in off_topic.injected_context("UserPromptSubmit")
    briefing = off_topic.injected_context("SessionStart")
    request_text = off_topic.main_requests[0].all_text().replace(briefing, "")
    assert "make ship" not in request_text


def test_another_project_does_not_see_the_memory(claude, project, other_project):
    remember_deploy(claude, project)

    search = call_then_echo("memory_search", lambda r: {"query": "how do we deploy make ship"}
                            if "deploy" in r.last_user_text() else None)
    run = claude.run("How do I deploy this project?", other_project, responder=search)

    assert run.tool_results(), run.describe()
    assert all("make ship" not in r.all_text() for r in run.requests), \
        "session 1's memory leaked into another project's session"
    assert run.injected_context("SessionStart").find("make ship") == -1
    assert [m for m in claude.memories(other_project) if "make ship" in m["text"]] == []
    assert claude.search("deploy make ship", other_project) == []
    # and it is still there for its own project
    assert claude.search("deploy make ship", project)
