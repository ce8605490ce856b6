"""Saying a known rule again with something added keeps what was added, through the
built pyz on both backends: the CLI ``remember`` and capture share one reconciliation
(``MemoryService.remember``), and a restatement that adds a clause replaces the
shorter memory instead of being merged into it (which lost the clause)."""

from __future__ import annotations

import json

SHORT = "We deploy with make ship."
LONGER = "We deploy with make ship; it needs VPN access to the registry."


def remember(run_pyz, env, text: str) -> dict:
    done = run_pyz("remember", "--json", text, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_restatement_with_more_keeps_the_more(run_pyz, backend_env):
    first = remember(run_pyz, backend_env, SHORT)
    second = remember(run_pyz, backend_env, LONGER)
    assert second["id"] != first["id"], second
    found = run_pyz("search", "--json", "VPN registry", env=backend_env)
    texts = [hit["text"] for hit in json.loads(found.stdout)["results"]]
    assert LONGER in texts, texts
    listed = run_pyz("list", "--json", env=backend_env)
    live = [m["text"] for m in json.loads(listed.stdout)["memories"]]
    assert live.count(LONGER) == 1 and SHORT not in live, live     # one memory, the fuller one
    # the shorter wording said again only strengthens the fuller memory
    again = remember(run_pyz, backend_env, SHORT)
    assert again["id"] == second["id"], again


def test_the_same_rule_in_backticks_or_with_less_is_one_memory(run_pyz, backend_env):
    """A new user's report: "We deploy with `make ship`." after "We deploy with make ship"
    and "Decision: we use pnpm." after "… pnpm instead of npm" each added a copy."""
    first = remember(run_pyz, backend_env, "We release with make publish")
    assert remember(run_pyz, backend_env, "We release with `make publish`.")["id"] == first["id"]
    fuller = remember(run_pyz, backend_env, "From now on we use pnpm instead of npm in this repo.")
    assert remember(run_pyz, backend_env, "Decision: we use pnpm.")["id"] == fuller["id"]
    listed = run_pyz("list", "--json", "--scope", "project", env=backend_env)
    live = [m["text"] for m in json.loads(listed.stdout)["memories"]]
    assert sorted(live) == ["From now on we use pnpm instead of npm in this repo.",
                            "We release with make publish"], live
