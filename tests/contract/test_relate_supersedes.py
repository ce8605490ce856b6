"""A ``supersedes`` relation retires its target, through the built pyz on both backends:
``relate --kind supersedes A B`` (CLI) and ``memory_relate(A, B, "supersedes")`` (the MCP
tool the memory skill tells Claude to use) set B's ``superseded_by`` to A, so B is no
longer listed or found by default — its history and ``list --all`` keep it."""

from __future__ import annotations

import json

from tests.contract.test_server import expect_ok, runtime_dir, server  # noqa: F401  (fixtures)


def remember(run_pyz, env, text: str) -> str:
    done = run_pyz("remember", "--json", text, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)["id"]


def ids(run_pyz, env, *args: str) -> set[str]:
    done = run_pyz(*args, "--json", env=env)
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    return {m["id"] for m in data.get("memories") or [h for h in data.get("results", [])]}


def test_cli_relate_supersedes_retires_the_target(run_pyz, backend_env):
    old = remember(run_pyz, backend_env, "The orders service runs on Postgres 14 in staging.")
    new = remember(run_pyz, backend_env, "Staging moved the orders database to CockroachDB.")
    done = run_pyz("relate", "--kind", "supersedes", new, old, env=backend_env)
    assert done.returncode == 0, done.stderr.decode()

    got = json.loads(run_pyz("get", "--json", old, env=backend_env).stdout)
    assert got["memory"]["superseded_by"] == new
    assert old not in ids(run_pyz, backend_env, "list")
    assert old not in ids(run_pyz, backend_env, "search", "orders Postgres staging")
    assert old in ids(run_pyz, backend_env, "list", "--all")
    # the reverse would hide both: refused in one line
    back = run_pyz("relate", "--kind", "supersedes", old, new, env=backend_env)
    assert back.returncode != 0 and back.stderr.decode().count("\n") == 1
    assert json.loads(run_pyz("get", "--json", new, env=backend_env).stdout
                      )["memory"]["superseded_by"] is None


def test_mcp_memory_relate_supersedes_retires_the_target(server, project):  # noqa: F811
    async def scenario(session, initialized):
        old = await expect_ok(session, "memory_save",
                              text="The web app is deployed by the Jenkins job nightly.")
        new = await expect_ok(session, "memory_save",
                              text="Deploys of the web app go through GitHub Actions now.")
        await expect_ok(session, "memory_relate", source_id=new["id"], target_id=old["id"],
                        kind="supersedes")
        got = await expect_ok(session, "memory_get", id=old["id"])
        listed = await expect_ok(session, "memory_list", scope="project")
        found = await expect_ok(session, "memory_search", query="web app deployed Jenkins")
        return old["id"], new["id"], got, listed, found
    old, new, got, listed, found = server.run(project, scenario)
    assert got["memory"]["superseded_by"] == new
    assert old not in {m["id"] for m in listed["memories"]}
    assert old not in {hit["id"] for hit in found["results"]}
