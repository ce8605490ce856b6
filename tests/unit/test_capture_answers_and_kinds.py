"""Capture by kind: the user's answer read with the assistant's question, and sentence
shapes that say a statement stands (or is chatter) whatever its words.

The sentences are written for these tests; none comes from a benchmark or a dev set.
"""

from __future__ import annotations

import pytest

from aegis.capture import answers, standing
from aegis.capture.extract import extract
from aegis.transcript import Message


def captured(*turns: tuple[str, str]) -> list[str]:
    return [s.text for s in extract([Message(role, text) for role, text in turns])]


# --- answers ---------------------------------------------------------------------------

def test_a_standing_yes_to_an_action_question_becomes_the_rule_with_the_answer():
    texts = captured(("assistant", "Done with the migration. Should I rebase onto main before opening the PR?"),
                     ("user", "yes, always rebase"))
    assert texts == ["Always rebase onto main before opening the PR: yes, always rebase"]


def test_a_standing_no_is_kept_too():
    texts = captured(("assistant", "Should I regenerate the lockfile when a dependency changes?"),
                     ("user", "no, never, renovate does that"))
    assert texts == ["Never regenerate the lockfile when a dependency changes: no, never, renovate does that"]


@pytest.mark.parametrize("reply", ["yes", "yes please", "sure, go ahead", "yes, this time"])
def test_a_plain_yes_only_approves_this_once(reply):
    assert captured(("assistant", "Should I rebase onto main before opening the PR?"), ("user", reply)) == []


def test_a_choice_between_options_of_a_thing_of_the_project_is_kept():
    texts = captured(("assistant", "Should the invoices table store amounts as integers or as numeric?"),
                     ("user", "integers, minor units"))
    assert texts == ["The invoices table store amounts as integers: integers, minor units"]


def test_bare_options_are_a_choice_question():
    assert answers.statement("Snapshot or incremental model?", "snapshot, on updated_at") is not None


@pytest.mark.parametrize("question, reply", [
    ("Should the export use UTC or local time?", "whatever you think"),
    ("Should the export use UTC or local time?", "UTC for now"),
    ("Should I put the helper in utils.py or in the service module?", "utils.py"),
    ("Are there any other practices I should adopt or avoid?", "Not at the moment."),
    ("Have we tried running packet captures to find patterns or errors?", "Yes, we have."),
    ("Do you prefer tabs or spaces?", "Tabs!"),
])
def test_no_choice_or_no_choice_question_gives_nothing(question, reply):
    assert answers.statement(question, reply) is None


def test_a_choice_the_reply_states_in_full_is_kept_once_as_that_statement():
    texts = captured(("assistant", "Should the rate limits come from the config service or be hard-coded?"),
                     ("user", "config service. limits come from GET /v1/limits, never hardcode them."))
    assert len(texts) == 1 and "limits come from get /v1/limits" in texts[0].lower()


def test_a_confirmed_assumption_is_kept():
    texts = captured(("assistant", "I'll assume the user ids are UUIDv7 everywhere, is that right?"), ("user", "yes"))
    assert texts == ["The user ids are UUIDv7 everywhere: yes"]


@pytest.mark.parametrize("question", [
    "Consistency is key for the codebase, right?",                 # a judgement
    "We talked about the retry decorator yesterday, right?",       # what was said
    "It involves a new login endpoint, right?",                    # the thing at hand
    "So I will run the linter before every commit, right?",        # the speaker's own plan
])
def test_a_confirmed_judgement_report_or_plan_is_not_a_fact(question):
    assert answers.statement(question, "Exactly.") is None


def test_the_answer_to_where_a_thing_runs_is_kept_without_the_question():
    texts = captured(("assistant", "Where do the nightly exports run?"), ("user", "Nomad, spec in deploy/exports.hcl."))
    assert texts == ["The nightly exports run: Nomad, spec in deploy/exports.hcl."]


def test_a_reply_kept_by_itself_is_kept_once_as_it_was_said():
    texts = captured(("assistant", "What do we use for the nightly exports?"),
                     ("user", "Always run them with Nomad periodic jobs."))
    assert texts == ["Always run them with Nomad periodic jobs."]


@pytest.mark.parametrize("reply", ["not sure, maybe Nomad?", "I'd have to check", "no idea"])
def test_no_answer_to_where_is_kept(reply):
    assert captured(("assistant", "Where do the nightly exports run?"), ("user", reply)) == []


def test_only_a_question_from_the_assistant_is_answered():
    assert captured(("user", "Should the export use UTC or local time?"), ("user", "local time")) == []


# --- sentence kinds ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "New endpoints need an OpenAPI entry before they get merged.",        # status word in a condition
    "Dependabot PRs get merged by whoever is on rotation that week.",     # a habitual passive
    "Release branches are named release/YYYY.MM.",                       # a noun that looks like a verb
    "Nothing goes to production on Fridays.",                            # a weekly time
    "GraphQL resolvers shouldn't contain business logic, they delegate to the domain layer.",
    "Only the platform team can change the Terraform modules.",          # who may
    "yeah, and btw the worker pool size is fixed at 8 in prod.",         # a value fixed at a number
    "one thing that's important: every handler is wrapped with the traced middleware from src/lib.",
])
def test_standing_statements_by_their_shape(text):
    assert captured(("user", text)), text


@pytest.mark.parametrize("text", [
    "Consistency is key when working as a team.",
    "Clear comments are essential for collaboration.",
    "A formatter ensures consistency across the codebase.",
    "The build is green now.",
    "The PR is merged.",
    "CI is stuck on the docker step.",
])
def test_judgements_and_status_are_not_kept(text):
    assert captured(("user", text)) == [], text


def test_status_words_in_a_condition_are_not_a_status_but_a_state_still_is():
    assert not standing.is_status("migrations need a review before they get merged")
    assert standing.is_status("the branch is merged")
    assert standing.is_status("before lunch the build was working")


def test_the_users_found_cause_joins_the_fix_after_it():
    texts = captured(("user", "found the issue, the cron ran in local time so it fired twice on the DST change. "
                              "switching it to UTC fixed it"))
    assert len(texts) == 1 and "local time" in texts[0] and "UTC fixed it" in texts[0]


def test_how_the_user_wants_the_assistant_to_talk_is_a_preference_of_the_user():
    [statement] = extract([Message("user", "explain diffs briefly, I read the code anyway")])
    assert (statement.category, statement.scope) == ("preference", "user")


def test_commit_message_style_stays_a_project_convention():
    [statement] = extract([Message("user", "Keep your commit messages short and to the point.")])
    assert statement.scope == "project"


def test_a_liking_for_a_practice_with_an_adjective():
    assert captured(("user", "i like small commits with a clear message, one concern each"))


# --- terse set-up fragments (capture/fragments.py) ---------------------------------------

@pytest.mark.parametrize("text", [
    "mix releases only, no distillery",                      # exclusive, a ban
    "yarn not npm",                                          # two names set against each other
    "lint stylelint, format prettier",                       # a tool for each aspect
    "Node 20.11",                                            # a version
    "unit tests for logic, cypress only for flows",          # assignments beside "only"
])
def test_terse_set_up_fragments_are_kept(text):
    assert captured(("user", text)), text


@pytest.mark.parametrize("text", [
    "no no, not now",
    "But not decided.",
    "OK, 14 tests pass, 2 skipped.",
    "no idea, no rush",
    "Look for recurring themes, pain points and feature requests.",   # a verb's "for"
    "Disagreements over project approaches, or design choices are common.",
    "Indeed, centralized monitoring is key.",
    "yarn not npm for now",
    "my branch only, for today",
])
def test_chatter_in_fragments_is_not_kept(text):
    assert captured(("user", text)) == [], text


def test_a_run_of_terse_pieces_is_one_memory():
    texts = captured(("user", "and slim only. no erb, no haml partials"))
    assert texts == ["Slim only. No erb, no haml partials"] or (
        len(texts) == 1 and "slim only" in texts[0].lower() and "haml" in texts[0])


# --- the assistant's cause and the change it made ----------------------------------------

def test_an_explanation_the_assistant_acts_on_is_a_cause_with_its_fix():
    texts = captured(("assistant", "The sweeper only looks at status 'held', so reservations moved to 'reopened' "
                                   "never expire. I changed the query to include 'reopened' as well."))
    assert len(texts) == 1 and "so reservations moved" in texts[0] and "I changed the query" in texts[0]


def test_a_present_comes_from_with_an_explanation_is_a_cause():
    texts = captured(("assistant", "The pink textures come from shader stripping: no material in the boot scene "
                                   "uses the variant, so the build drops it. I added the materials to the "
                                   "variant collection."))
    assert len(texts) == 1 and "shader stripping" in texts[0] and "I added the materials" in texts[0]


# --- transient markers --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Run only the billing specs for now, the full suite takes 9 minutes.",
    "For this branch please turn off the preview bridge in nuxt.config.ts.",
    "The retry limit is 20 because of the old relay, but that was before we moved to Postmark.",
    "Bug: reservations that should expire after 72h stay locked forever.",
])
def test_this_moment_this_branch_a_replaced_value_and_a_bug_report_are_not_kept(text):
    assert captured(("user", text)) == [], text


def test_a_decision_for_now_is_still_a_decision():
    assert captured(("user", "nah, stick with grpc-go for now."))


def test_a_setting_before_a_colon_is_not_a_heading():
    texts = captured(("user", "from now on billing workers use max_attempts: 5, the mailer retries on its own"))
    assert texts and "max_attempts: 5" in texts[0]


def test_a_method_name_ending_in_a_question_mark_does_not_end_the_sentence():
    from aegis.capture.sentences import split_sentences
    assert split_sentences("so check owner.sms_opt_in? before anything is sent. Is that ok?") == [
        "so check owner.sms_opt_in? before anything is sent.", "Is that ok?"]


def test_two_questions_answered_in_order_give_two_answers():
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    got = [s.text for s in extract([
        Message("assistant", "Should the export use commas or semicolons? Is it gzipped or plain?"),
        Message("user", "semicolons. plain, the bank portal rejects gz")])]
    assert any("semicolons" in t for t in got), got
    assert any("plain, the bank portal rejects gz" in t and "export" in t.lower() for t in got), got


def test_two_questions_answered_with_no_choice_give_nothing():
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    assert extract([
        Message("assistant", "Should the export use commas or semicolons? Is it gzipped or plain?"),
        Message("user", "not sure. whatever you think")]) == []
