"""Updates between sessions that name another tool for the same job, unmarked.

"We use ruff for formatting" in a later session, after "We use black for formatting",
replaces it although nothing says "from now on": the bare tool name is the value that
changed (``capture.named.BARE_NAME``). Another tool *too*, or for another job, is a
second fact. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from aegis.supersede import DUPLICATE, UPDATE, relation, values


def test_a_bare_tool_name_is_a_value():
    assert "ruff" in values("We use ruff for formatting.")


@pytest.mark.parametrize("new,old", [
    ("We use ruff for formatting.", "We use black for formatting."),
    ("Deploys go through kamal.", "Deploys go through capistrano."),
])
def test_another_tool_for_the_same_job_is_an_update(new, old):
    assert relation(new, old) == UPDATE


@pytest.mark.parametrize("new,old", [
    ("We use hypothesis for testing too.", "We use pytest for testing."),
    ("We use playwright for e2e tests.", "We use pytest for unit tests."),
    ("We use sentry for errors.", "We use grafana for dashboards."),
])
def test_a_second_tool_or_another_job_is_distinct(new, old):
    assert relation(new, old) is None


def test_a_ban_with_its_replacement_updates_the_bare_ban_and_not_the_reverse():
    whole, ban = "Never use print in library code; use the logger.", "Never use print in library code."
    assert relation(whole, ban) == UPDATE
    assert relation(ban, whole) == DUPLICATE


def test_what_a_replaced_memory_also_said_is_carried_unless_it_leans_on_it():
    from aegis.supersede import carried
    new = "We now deploy with make release instead of make ship"
    assert carried("We deploy with make ship; staging uses the blue cluster", new) == \
        "Staging uses the blue cluster."
    assert carried("We deploy with make ship; it needs VPN access to the registry.", new) is None
    assert carried("We deploy with make ship.", new) is None
    assert carried("We deploy with make ship; we now deploy with make release", new) is None
