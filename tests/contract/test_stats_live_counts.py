"""``stats`` and the web viewer as a user reads them (polish7 F8, F9), on the BUILT pyz:
counts are of live memories (a superseded one is counted apart, on both backends), and
an explicit save that waited in the spool is shown as what it was, not as session "?"."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys

import pytest

from tests.contract.test_team_server import hook

OLD = "The API listens on port 8080."
NEW = "The API listens on port 9090 now."


def viewer_overview(pyz, project, env: dict, path: str = "/api/overview") -> dict:
    """GET ``path`` (/api/overview) from a real ``aegis ui`` (the launch secret as its cookie)."""
    process = subprocess.Popen([sys.executable, str(pyz), "ui"], cwd=project,
                               env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first = process.stdout.readline().decode()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/\?key=(\S+)", first)
        assert match, first
        port, key = int(match.group(1)), match.group(2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={
            "Host": f"127.0.0.1:{port}", "Cookie": f"aegis_ui={key}"})
        response = connection.getresponse()
        assert response.status == 200
        return json.loads(response.read())
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["sqlite", "aegisdb"])
def backend_env(request, start_server):
    if request.param == "sqlite":
        return {}
    return start_server().env()


def test_stats_and_the_viewer_count_live_memories(backend_env, run_pyz, pyz, project):
    assert run_pyz("remember", OLD, env=backend_env).returncode == 0
    said = run_pyz("remember", NEW, env=backend_env).stdout.decode()
    assert "supersedes" in said, said
    stats = json.loads(run_pyz("stats", "--json", env=backend_env).stdout)
    assert (stats["memories"], stats["project_memories"], stats["superseded"]) == (1, 1, 1), stats
    assert stats["by_kind"] == {"fact": 1}, stats
    human = run_pyz("stats", env=backend_env).stdout.decode()
    assert "(1 memory)" in human and "superseded: 1" in human, human
    overview = viewer_overview(pyz, project, backend_env)   # what the viewer's header shows
    assert (overview["project_memories"], overview.get("superseded")) == (1, 1), overview


def test_a_spooled_explicit_save_is_named_in_stats(start_server, run_pyz, pyz, project):
    server = start_server("--durability", "sync")
    env = server.env()
    server.stop()
    assert run_pyz("remember", OLD, env=env).stdout.startswith(b"not saved yet:")
    server.start()
    hook(run_pyz, "capture-worker", env, project)
    human = run_pyz("stats", env=env).stdout.decode()
    assert "(1 memory)" in human, human
    rows = [line for line in human.splitlines() if line.startswith("  ")]
    assert not any(line.split()[0] == "?" for line in rows), human
    assert any("explicit save" in line for line in rows), human
    capture = viewer_overview(pyz, project, env, "/api/capture")
    assert [s["session_id"] for s in capture["sessions"]] == ["explicit saves (no session)"]


@pytest.mark.parametrize("argv", [("stats", "--bogus"), ("list", "--limit", "5", "extra"),
                                  ("doctor", "--json", "x")])
def test_an_unknown_argument_points_at_the_commands_own_help(run_pyz, argv):
    """polish7 G2: the error named the top-level help, which does not list the
    command's options."""
    done = run_pyz(*argv)
    assert done.returncode == 2
    assert done.stderr.decode().strip().endswith(f"(see `aegis {argv[0]} --help`)"), done.stderr


def test_list_all_projects_counts_what_it_lists(run_pyz, project):
    assert run_pyz("remember", OLD).returncode == 0
    assert b"supersedes" in run_pyz("remember", NEW).stdout
    live = run_pyz("list", "--all-projects").stdout.decode().splitlines()
    every = run_pyz("list", "--all-projects", "--all").stdout.decode().splitlines()
    assert live[0].endswith("(1 memory)") and len(live) == 2, live
    assert every[0].endswith("(2 memories)") and len(every) == 3, every
