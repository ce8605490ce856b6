"""Small CLI truths through the BUILT pyz: ``list`` says when more memories follow and
what an offset past the end means (F8, F18); a non-UTF-8 text argument is a one-line user
error, not an internal error (F7)."""

from __future__ import annotations

import json
import os

import pytest

TEXTS = ["We deploy with make ship.", "Postgres 15 runs in production.",
         "The frontend uses pnpm workspaces."]


@pytest.fixture
def three(run_pyz):
    for text in TEXTS:
        assert run_pyz("remember", text).returncode == 0


def test_list_says_when_more_follow(run_pyz, three):
    cut = run_pyz("list", "--limit", "2").stdout.decode().splitlines()
    assert len(cut) == 3 and cut[-1].startswith("… more after these 2: --offset 2"), cut
    whole = run_pyz("list", "--limit", "3").stdout.decode().splitlines()
    assert len(whole) == 3 and not any(line.startswith("…") for line in whole), whole
    assert json.loads(run_pyz("list", "--json", "--limit", "2").stdout)["more"] is True


def test_an_offset_past_the_end_is_not_an_empty_project(run_pyz, three):
    done = run_pyz("list", "--offset", "99")
    assert done.returncode == 0
    assert done.stdout.decode().startswith("no memories at offset 99"), done.stdout
    assert b"no memories yet" not in done.stdout


def test_a_non_utf8_argument_is_a_user_error(run_pyz):
    bad = os.fsdecode(b"arg caf\xe9 bytes")           # what Python makes of such argv bytes
    done = run_pyz("remember", bad)
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, lines
    assert "not valid UTF-8" in lines[0] and "internal error" not in lines[0], lines


def test_minus_c_works_after_the_command_as_before_it(run_pyz, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    saved = run_pyz("remember", "--json", "The billing service retries twice.", "-C", str(other))
    assert saved.returncode == 0, saved.stderr
    memory = json.loads(saved.stdout)["memory"]
    assert memory["namespace"] == f"dir:{other.resolve()}"
    for args in (("search", "billing", "-C", str(other)), ("search", "-C", str(other), "billing"),
                 ("list", "--project", str(other)), ("-C", str(other), "list")):
        done = run_pyz(*args, "--json")
        assert done.returncode == 0, (args, done.stderr)
        found = json.loads(done.stdout)
        assert [m["id"] for m in found.get("results", found.get("memories"))] == [memory["id"]]
        if "query" in found:
            assert found["query"] == "billing"
    gone = run_pyz("list", "-C", str(tmp_path / "gone"))
    assert gone.returncode == 2 and b"no directory" in gone.stderr
