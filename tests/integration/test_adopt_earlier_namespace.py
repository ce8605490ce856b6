"""A project that gets a git remote after its first memories keeps them, through the
built pyz on both backends: the briefing and ``doctor`` say that memories sit under the
namespace the directory had before (``repo:<root>``), and ``aegis adopt`` moves them
under the remote's, history kept; nothing is left to adopt afterwards."""

from __future__ import annotations

import json
import subprocess

SAID = "We use SQLite for the local cache of exchange rates."


def git(project, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def texts(run_pyz, env) -> list[str]:
    listed = run_pyz("list", "--json", "--scope", "project", env=env)
    assert listed.returncode == 0, listed.stderr
    return [m["text"] for m in json.loads(listed.stdout)["memories"]]


def test_memories_saved_before_the_remote_are_adopted(run_pyz, backend_env, project):
    # a loaded machine must not turn the briefing's check into a time-out
    backend_env = {**backend_env, "AEGIS_RECALL_TIME_BUDGET_MS": "10000"}
    git(project, "init", "-q")
    saved = run_pyz("remember", "--json", SAID, env=backend_env)
    assert saved.returncode == 0, saved.stderr
    memory_id = json.loads(saved.stdout)["id"]
    assert run_pyz("update", memory_id, "--importance", "0.9", env=backend_env).returncode == 0
    git(project, "remote", "add", "origin", f"git@github.com:acme/{project.name}-later.git")
    assert texts(run_pyz, backend_env) == []              # the new namespace is empty
    empty = run_pyz("list", "--scope", "project", env=backend_env).stdout.decode()
    assert "no memories yet" in empty and "adopt` moves it here" in empty, empty

    start = run_pyz("hook", "session-start", env=backend_env, input=json.dumps(
        {"session_id": "adopt-1", "source": "startup", "cwd": str(project)}))
    told = json.loads(start.stdout)["systemMessage"]
    assert "adopt` moves it here" in told and f"repo:{project.resolve()}" in told, told
    doctor = run_pyz("doctor", env=backend_env)
    assert "earlier memories" in doctor.stdout.decode() and doctor.returncode != 0

    moved = run_pyz("adopt", "--json", env=backend_env)
    assert moved.returncode == 0, moved.stderr
    assert json.loads(moved.stdout)["moved"] == {f"repo:{project.resolve()}": 1}
    assert texts(run_pyz, backend_env) == [SAID]
    found = run_pyz("search", "--json", "local cache exchange rates", env=backend_env)
    hit = json.loads(found.stdout)["results"][0]
    got = json.loads(run_pyz("get", "--json", hit["id"], env=backend_env).stdout)
    assert len(got["history"]) == 1, got          # version 1 came along with version 2
    again = run_pyz("adopt", env=backend_env)
    assert again.returncode == 0 and b"nothing to adopt" in again.stdout
    start = run_pyz("hook", "session-start", env=backend_env, input=json.dumps(
        {"session_id": "adopt-2", "source": "startup", "cwd": str(project)}))
    briefed = json.loads(start.stdout)
    assert "local cache" in briefed["hookSpecificOutput"]["additionalContext"]
    assert "adopt` moves" not in briefed.get("systemMessage", "")
