"""Durable statements found anywhere in a turn, written as self-contained memories.

The sentences here are paraphrases written for these tests, not taken from any
benchmark: they check the kinds of statement (a rule stated in passing, a
flagged fact, a choice, a root cause) rather than any one wording.
"""

from __future__ import annotations

import pytest

from aegis.capture.extract import statements_from_text


def found(text: str, role: str = "user") -> list[tuple[str, str]]:
    return [(s.category, s.text) for s in statements_from_text(text, role, 0.5)]


@pytest.mark.parametrize("text,category,phrase", [
    ("Sure, go ahead with the refactor. One of the conventions we follow is that every "
     "migration gets a matching down script in db/rollback.", "convention", "down script"),
    ("Looks fine. Make sure to bump the schema version in meta.json whenever the table "
     "layout changes.", "convention", "meta.json"),
    ("Good progress. Now, for the HTTP layer, I'd like you to send a User-Agent header "
     "with the app version on every request.", "convention", "User-Agent"),
    ("When writing fixtures, always clean up the temp directories they create.",
     "convention", "temp directories"),
    ("Heads up: the staging cluster gets wiped every Friday night.", "fact", "Friday"),
    ("FYI the payments sandbox rejects amounts above 10000 cents.", "fact", "10000"),
    ("We picked Redis over Memcached because we need sorted sets for the leaderboard.",
     "decision", "Redis over Memcached"),
    ("I tend to prefer small PRs, under 300 lines if possible.", "preference", "small PRs"),
    ("btw the deploy bot posts to #releases, so don't announce releases manually.",
     "convention", "don't announce"),
    ("Note that the worker pool size must stay at 4 on the small instances.", "fact",
     "The worker pool size"),
    ("Never push directly to main.", "convention", "push directly"),
])
def test_durable_statements_anywhere_in_a_turn(text, category, phrase):
    kinds = {c for c, t in found(text) if phrase in t}
    assert category in kinds, found(text)


def test_a_root_cause_and_fix_from_the_assistant_are_kept():
    text = ("Found it. The root cause was that the session cookie was set without SameSite, "
            "so Safari dropped it on the redirect. I fixed it by setting SameSite=Lax in "
            "auth/cookies.py.")
    memories = found(text, "assistant")
    assert any(c == "fix" and "SameSite=Lax" in t for c, t in memories)


@pytest.mark.parametrize("text,role", [
    ("Let me run the tests now.", "assistant"),
    ("Now I'll open the file and check the imports.", "assistant"),
    ("ok thanks, run the linter please", "user"),
    ("Don't hesitate to reach out if you have any questions about the codebase.", "user"),
    ("My door is always open if you get stuck on the deployment.", "user"),
    ("I want to go over some coding standards we follow in the team.", "user"),
    ("I've always admired how clean the Python code here is.", "user"),
    ("I'll make sure to update the docs.", "assistant"),
    ("Heads up, I will be late to the meeting.", "user"),
    ("Don't worry about the failing lint job.", "user"),
    ("I pushed the fix to main.", "user"),
    ("run the full test suite please", "user"),
    ("Please add a docstring to this function.", "user"),
    ("I'll make sure the new endpoint always returns JSON.", "assistant"),
    ("Tests must run in isolation; I added a fixture that resets the DB.", "assistant"),
])
def test_transient_social_and_announcements_stay_out(text, role):
    assert found(text, role) == []


def test_the_request_frame_is_dropped_and_coordinated_rules_split():
    memories = found("Great. Going forward, I'd like you to start function names with 'b_' "
                     "and end function argument names with '_a'.")
    assert [t for _c, t in memories] == ["Start function names with 'b_'.",
                                         "End function argument names with '_a'."]


def test_this_decorator_is_resolved_from_the_sentence_that_names_it():
    memories = found("We use the '@require_kwargs' decorator from the 'pedantic' module. "
                     "It helps with validation. Add this decorator to all your methods.")
    assert ("convention", "Add the '@require_kwargs' decorator to all your methods.") in memories


def test_the_change_said_after_a_root_cause_is_kept_with_it():
    memories = found("So the culprit is the timezone: the cron runs in UTC but the report assumed "
                     "Europe/Paris. Switching the scheduler to use UTC everywhere fixed the "
                     "off-by-one day.", "assistant")
    assert memories == [("fix", "The culprit is the timezone: the cron runs in UTC but the report "
                                "assumed Europe/Paris. Switching the scheduler to use UTC "
                                "everywhere fixed the off-by-one day.")]


@pytest.mark.parametrize("text,phrase", [
    # a rule named as a rule the team has ("another rule we have is…")
    ("Another habit we follow is that we prefix feature flags with 'ff_'.", "'ff_'"),
    # a universal rule with a modal, not addressed to anyone
    ("I also want to stress that all log messages should start with the module name.",
     "log messages"),
    # a discourse marker before the imperative
    ("Specifically, wrap every outbound HTTP call in the '@with_retry' decorator.", "@with_retry"),
    # "as for X," is the condition, not a lead-in to drop
    ("As for environment variables, write them in upper case.", "environment variables"),
    # narration that ends in a request to the listener
    ("I'm revising our guidelines, and I want you to suffix queue names with '_q'.", "'_q'"),
    # the rule is a gerund after "always"
    ("One practice I want you to adopt is always naming fixtures after the table they fill.",
     "fixtures"),
    # a two-word plural object makes the rule general: "for config keys"
    ("For config keys, include the service name as a prefix.", "config keys"),
])
def test_rules_in_other_frames_are_kept(text, phrase):
    assert any(c == "convention" and phrase in t for c, t in found(text)), found(text)


def test_a_condition_before_coordinated_rules_stays_with_each_of_them():
    memories = [t for _c, t in found("From now on, when you name test files, make sure you "
                                     "begin the name with 'test_' and end it with '_spec'.")]
    assert len(memories) == 2, memories
    assert "'test_'" in memories[0] and "'_spec'" not in memories[0]
    assert "'_spec'" in memories[1] and "test files" in memories[1]
    assert "the name with '_spec'" in memories[1]          # "it" is what the first rule named


def test_a_reason_after_the_rule_is_not_split_off_as_a_rule():
    memories = [t for _c, t in found("I want you to add a version number to every cache key "
                                     "to keep entries apart and avoid stale reads.")]
    assert len(memories) == 1 and "avoid stale reads" in memories[0], memories


def test_a_verb_said_once_for_two_rules_gives_two_rules():
    memories = [t for _c, t in found("Going forward, prefix queue names with 'jq_' and "
                                     "topic names with 'tp_'.")]
    assert [m.endswith(end) for m, end in zip(memories, (
        "prefix queue names with 'jq_'.", "prefix topic names with 'tp_'."))] == [True, True]
