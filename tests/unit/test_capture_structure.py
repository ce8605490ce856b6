"""Structural signals of a standing statement (capture3, #14): a plural subject's present verb,
a project thing as the subject, a team rule in any vocabulary — and the shapes of a
transient one (a symptom told as expected-but-actual, a request inside a statement, the
status of this moment), none of them tied to a cue word."""

import pytest

from aegis.capture.extract import statements_from_text
from aegis.capture.standing import is_standing


def texts(sentence, role="user"):
    return [s.text for s in statements_from_text(sentence, role, 0.5)]


@pytest.mark.parametrize("sentence", [
    "Our migrations run in a separate job before the deploy.",
    "Integration tests hit a real Postgres in docker, no sqlite shortcuts.",
    "All public functions need type hints and a docstring.",
])
def test_a_plural_subject_in_the_habitual_present_stands(sentence):
    assert is_standing(sentence)
    assert texts(sentence) == [sentence]


@pytest.mark.parametrize("sentence", [
    "the job runs but nothing gets deleted in staging",
    "the app builds but the icons don't show up",
    "the PR is up, can you review it when you get a chance",
    "the tests run in parallel, could you check the flaky one",
])
def test_a_symptom_or_a_request_is_not_a_standing_statement(sentence):
    assert not is_standing(sentence)
    assert texts(sentence) == []


def test_the_status_of_this_moment_is_transient_whatever_its_cue():
    assert texts("The build is red right now because of the lockfile.") == []
    assert texts("The build broke because of the lockfile.") != []


def test_a_team_rule_is_about_the_work_in_any_vocabulary():
    [memory] = texts("fwiw the analytics events are fire-and-forget, we never await them.")
    assert "never await them" in memory
    assert texts("We don't use that anymore, ignore it.") == []     # names nothing


def test_what_the_team_is_is_a_fact():
    assert texts("we're a monorepo with pnpm workspaces and turborepo.") != []


@pytest.mark.parametrize("sentence", [
    "The GPS driver drops fixes under 4 satellites on purpose.",
    "Coordinates are always WGS84 in the messages, conversions happen at the edges.",
    "Anything that touches the mission planner needs a sim run before it goes on the water.",
    "Widgets that take more than three parameters get a dedicated config object.",
])
def test_a_standing_statement_in_a_domain_of_its_own_words(sentence):
    assert is_standing(sentence)


@pytest.mark.parametrize("sentence", [
    "SYNERGY has a dedicated volunteer program with a simple application process.",
    "At SYNERGY, we prioritize these activities and ensure they're an integral part of our work culture.",
])
def test_what_a_company_offers_or_believes_is_not_about_the_work(sentence):
    assert not is_standing(sentence)


def test_the_assistant_names_where_a_fault_came_from():
    [fix] = statements_from_text("The overflow came from packed fields being read as unsigned; the "
                                 "parser now honours the sign nibble.", "assistant", 0.5)
    assert fix.category == "fix"
