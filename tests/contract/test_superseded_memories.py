"""A superseded memory is history: never recalled, listed only with ``--all``. Through the
built pyz, the CLI treats it so: ``update`` refuses to edit it (the edit would never be
recalled either) and names the memory in force."""

from __future__ import annotations

import json

import pytest

OLD, NEW = "Start function names with 'b_'.", "Start function names with 'c_'."


@pytest.fixture
def chain(run_pyz) -> tuple[str, str]:
    """(superseded id, id of the memory that replaced it)."""
    old = json.loads(run_pyz("remember", "--json", OLD).stdout)["id"]
    new = json.loads(run_pyz("remember", "--json", NEW).stdout)
    assert new["superseded"] == [old], new
    return old, new["id"]


def test_update_of_a_superseded_memory_is_refused_naming_the_one_in_force(run_pyz, chain):
    old, new = chain
    done = run_pyz("update", old, "--text", "Start function names with 'z_'.")
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 1 and done.stdout == b"" and len(lines) == 1, done.stderr
    assert f"superseded by {new}" in lines[0] and f"update {new} instead" in lines[0]
    kept = json.loads(run_pyz("get", "--json", old).stdout)["memory"]
    assert (kept["text"], kept["superseded_by"]) == (OLD, new)
    assert run_pyz("update", new, "--importance", "0.9").returncode == 0
