"""A rule inside a longer sentence, a passive rule in any domain's words, and a verb-like
subject that is no imperative. Sentences made up for these tests."""

from __future__ import annotations

import pytest

from aegis.capture.extract import statements_from_text


def found(text: str, role: str = "user") -> list[tuple[str, str]]:
    return [(s.category, s.text) for s in statements_from_text(text, role, 0.5)]


@pytest.mark.parametrize("text,phrase,left_out", [
    ("The kiosk screen is frozen again - it's a policy thing: refunds are approved only by a "
     "shift manager, never at the till", "refunds are approved only by a shift manager", "frozen"),
    ("one change: cap the retry budget at 40 seconds not 20, ops said the pager noise matters more",
     "cap the retry budget at 40 seconds", "one change"),
    ("Long story, the audit was painful; parcels are weighed at the depot before labelling, never "
     "at the counter", "parcels are weighed at the depot", "audit was painful"),
])
def test_a_rule_in_a_later_clause_is_kept_alone(text, phrase, left_out):
    memories = found(text)
    assert any(phrase in t.lower() for _c, t in memories), memories
    assert not any(left_out in t.lower() for _c, t in memories), memories


@pytest.mark.parametrize("text", [
    "Bug: the tickets are printed only on the second try, never on the first",
    "Problem: orders are routed through the old gateway again - they never arrive",
    "the task: make invoices exportable as csv files for the accountants",
    "The dashboard is broken again - they show as bookable online",
])
def test_no_rule_is_taken_from_a_task_or_a_clause_that_leans_on_another(text):
    assert found(text) == [], found(text)


@pytest.mark.parametrize("text", [
    "Refunds are only approved by a shift manager.",
    "Wheelchair spaces are booked through the box office, never online.",
    "Vouchers are always redeemed at the counter before checkout.",
])
def test_a_passive_rule_needs_no_technical_word(text):
    assert [c for c, _t in found(text)] == ["convention"], found(text)


@pytest.mark.parametrize("text", [
    "Refunds were approved by a manager yesterday, never mind.",
    "Refunds are approved by a manager for now.",
    "Are refunds only approved by a manager?",
])
def test_a_passive_in_the_past_or_for_now_is_no_rule(text):
    assert found(text) == [], found(text)


@pytest.mark.parametrize("text", [
    "Deploy fails since yesterday on the assets step.",
    "Build breaks on the arm runners.",
    "Run takes forever on the shared box.",
])
def test_a_verb_like_subject_is_no_imperative(text):
    assert found(text) == [], found(text)


def test_imperatives_with_those_verbs_still_count():
    assert found("Deploy with kamal, never by hand.")
    assert found("Use tabs in the makefiles.")


def test_a_symptom_before_the_rule_is_left_out_of_the_memory():
    memories = found("The gate screen is frozen again - it's a policy thing: vehicle bookings are "
                     "confirmed only by the harbour office, never by the app.")
    assert [t for _c, t in memories] == [
        "Vehicle bookings are confirmed only by the harbour office, never by the app."], memories
