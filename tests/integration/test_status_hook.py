"""The session-start status line as Claude Code receives it from the built pyz's hook."""

from __future__ import annotations

import json


def start(run_pyz, project, session: str, **env: str) -> dict:
    proc = run_pyz("hook", "session-start", env=env, input=json.dumps(
        {"session_id": session, "cwd": str(project), "source": "startup",
         "hook_event_name": "SessionStart"}))
    assert proc.returncode == 0 and proc.stderr == b""
    return json.loads(proc.stdout or b"{}")


def test_the_hook_shows_one_status_line_and_the_model_gets_the_briefing(run_pyz, project):
    for text in ("We deploy with `make ship` on Tuesdays.", "API handlers live in src/api/."):
        assert run_pyz("remember", "--importance", "0.8", text).returncode == 0
    out = start(run_pyz, project, "s1")
    assert out["systemMessage"] == f"Aegis · 2 memories briefed for {project.name}"
    assert "make ship" in out["hookSpecificOutput"]["additionalContext"]
    quiet = start(run_pyz, project, "s2", AEGIS_NOTIFY="off")
    assert "systemMessage" not in quiet and "make ship" in json.dumps(quiet)


def git_project(root, remote: str):
    import subprocess
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", remote], check=True)
    return root


def test_the_status_line_names_a_git_project_owner_slash_repo(run_pyz, tmp_path):
    for name, remote, label in (("shop", "git@github.com:acme/shop.git", "acme/shop"),
                                ("api", "file:///srv/git/api.git", "api")):
        project = git_project(tmp_path / name, remote)
        assert run_pyz("remember", "--importance", "0.8", "We deploy with `make ship`.",
                       cwd=project).returncode == 0
        out = start(run_pyz, project, f"s-{name}")
        assert out["systemMessage"] == f"Aegis · 1 memory briefed for {label}"
