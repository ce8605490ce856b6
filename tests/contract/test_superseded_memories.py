"""A superseded memory is history: never recalled, listed only with ``--all``. Through the
built pyz, the CLI treats it so: ``update`` refuses to edit it (the edit would never be
recalled either) and names the memory in force; a search that only history matches says
so, instead of a bare "no memory matches"."""

from __future__ import annotations

import json

import pytest

OLD = "The orders service runs on Postgres 14 in staging."
NEW = "Staging moved the orders database to CockroachDB."


@pytest.fixture
def chain(run_pyz) -> tuple[str, str]:
    """(superseded id, id of the memory that replaced it)."""
    old, new = (json.loads(run_pyz("remember", "--json", text).stdout)["id"]
                for text in (OLD, NEW))
    assert run_pyz("relate", "--kind", "supersedes", new, old).returncode == 0
    return old, new


def test_update_of_a_superseded_memory_is_refused_naming_the_one_in_force(run_pyz, chain):
    old, new = chain
    done = run_pyz("update", old, "--text", "The orders service runs on Postgres 16.")
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 1 and done.stdout == b"" and len(lines) == 1, done.stderr
    assert f"superseded by {new}" in lines[0] and f"update {new} instead" in lines[0]
    kept = json.loads(run_pyz("get", "--json", old).stdout)["memory"]
    assert (kept["text"], kept["superseded_by"]) == (OLD, new)
    assert run_pyz("update", new, "--importance", "0.9").returncode == 0


def test_a_search_only_history_matches_names_the_superseded_matches(run_pyz, chain):
    old, new = chain
    done = run_pyz("search", "Postgres")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.startswith("no memory matches") and "only superseded memories match" in out
    assert f"{old} (superseded by {new})" in out and "aegis get ID" in out
    data = json.loads(run_pyz("search", "--json", "Postgres").stdout)
    assert (data["results"], data["superseded_matches"]) == ([], [old])
    # a search that finds the memory in force says nothing about history
    found = json.loads(run_pyz("search", "--json", "orders CockroachDB").stdout)
    assert [hit["id"] for hit in found["results"]] == [new] and found["superseded_matches"] == []
