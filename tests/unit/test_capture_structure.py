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


# ---- shapes first met in dev6 (tuned there, kept only where no other set changed)

def test_a_list_the_listener_is_asked_to_follow_is_rules_checklist_or_quoted_review():
    review = ("review from Jonas on the last PR, pls apply to this one too:\n"
              "> - accessibility identifiers are snake_case, e.g. transfer_amount_field\n"
              "> - no force unwraps outside of tests")
    assert texts(review) == ["Accessibility identifiers are snake_case, e.g. transfer_amount_field",
                             "No force unwraps outside of tests"]
    checklist = ("pasting our PR template checklist so you follow it:\n## Checklist\n"
                 "- [ ] no collect() on large datasets\n- [ ] new config goes in application.conf")
    assert texts(checklist) == ["No collect() on large datasets", "New config goes in application.conf"]
    plan = "here's the plan for today:\n- [ ] no collect() on large datasets"
    assert texts(plan) == []


def test_a_pasted_rules_file_in_a_fence_is_read_after_an_intro_and_only_then():
    fence = "```\n// 1. all DSP classes live in Source/dsp and have no GUI includes\n```"
    assert texts("here is CONTRIBUTING so you know the house rules:\n" + fence) == [
        "All DSP classes live in Source/dsp and have no GUI includes"]
    assert texts("this is what the file says:\n" + fence) == []


@pytest.mark.parametrize("sentence, kept", [
    ("the output table is read by the BI team, so no column renames without telling them", True),
    ("tests: pest only, no phpunit-style classes for new tests.", True),
    ("no luck with the new flag on staging", False),
    ("no tests for the importer yet", False),
])
def test_a_prohibition_said_as_no_x(sentence, kept):
    assert bool(texts(sentence)) is kept


def test_a_rejected_alternative_is_a_decision():
    [memory] = statements_from_text("plain MVVM was rejected since every team did it differently.",
                                    "user", 0.5)
    assert memory.category == "decision"


def test_scratch_that_about_x_takes_back_x_only():
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    said = [Message("user", "the client caches the limits for 10 min."),
            Message("user", "review from Jonas, pls apply:\n- no force unwraps outside of tests"),
            Message("user", "actually scratch that about the cache: caching is 60 seconds now")]
    kept = [s.text for s in extract(said)]
    assert "No force unwraps outside of tests" in kept
    assert not any("10 min" in text for text in kept)


def test_the_days_deixis_makes_a_rule_the_task_of_today():
    assert texts("Dont push to main this afternoon, we have a sale running till 18:00") == []
    assert texts("The release train is every other thursday, cut from main at noon CET, so this "
                 "has to be merged by wednesday") == [
        "The release train is every other thursday, cut from main at noon CET."]


def test_the_assistant_names_the_change_after_its_cause_with_any_verb():
    [fix] = statements_from_text("Orders stayed pending because the webhook route was behind the CSRF "
                                 "middleware. I excluded the webhook route from CSRF in app.php.",
                                 "assistant", 0.5)
    assert fix.category == "fix" and "I excluded" in fix.text


def test_a_standing_change_with_a_value_is_kept_without_jargon():
    assert texts("from now on we also need 1920 for the hero banners") != []
    assert texts("we also need 1920 for the hero banners") == []


def test_a_typo_before_scratch_that_does_not_hide_the_correction():
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    said = [Message("user", "build logs go to the #ci-noise channel. acutaly no, scratch that, "
                            "we moved build logs to #ci-builds in march")]
    kept = [s.text for s in extract(said)]
    assert not any("#ci-noise channel." in text and "#ci-builds" not in text for text in kept)
    assert any("#ci-builds" in text for text in kept), kept


@pytest.mark.parametrize("said,kept", [
    ("The build cache always keeps 14 days of artefacts, 5 GB per branch. um, actually make that "
     "8 GB.", "The build cache always keeps 14 days of artefacts, 8 GB per branch."),
    ("Retries always back off for at most 60 seconds in the worker. Actually, make it 90 seconds.",
     "Retries always back off for at most 90 seconds in the worker."),
])
def test_make_that_fixes_the_number_it_names_and_keeps_the_rest(said, kept):
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    assert [s.text for s in extract([Message("user", said)])] == [kept]


def test_a_mid_message_no_wait_does_not_reach_back_to_older_statements():
    """What a mid-message "no wait" corrects is in its own message; an older statement
    that merely shares a word with it ("apps") stays."""
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    said = [Message("user", "quick context: shared fixtures live in libs/testing and both apps "
                            "import from there, nobody copies a fixture into an app."),
            Message("assistant", "Thanks, noted."),
            Message("user", "for linting: eslint for the apps, but the api moved to biome... "
                            "no wait, that was just a trial, we never merged it.")]
    kept = [s.text for s in extract(said)]
    assert any("libs/testing" in text for text in kept), kept


@pytest.mark.parametrize("said", [
    ["The queue worker polls every 30 seconds in staging. Actually no, scratch that, it polls "
     "every 45 seconds in staging."],
    ["The queue worker polls every 30 seconds in staging. Actually no, it polls every 45 seconds "
     "in staging."],
    ["The queue worker polls every 30 seconds in staging.", "Actually no, scratch that — it polls "
     "every 45 seconds in staging."],
])
def test_a_correction_that_says_it_replaces_the_value_it_corrects(said):
    """trial5 F10: "scratch that, it listens on 9090" kept the retracted value."""
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    kept = [s.text for s in extract([Message("user", text) for text in said])]
    assert not any("30 seconds" in text for text in kept), kept
    assert any("45 seconds" in text for text in kept), kept


def test_a_correction_of_the_last_rule_of_a_list_takes_back_only_that_rule():
    """A "you're right" about one item of the user's list of rules dropped the whole list."""
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    kept = [s.text for s in extract([
        Message("user", "Things to keep in mind for this app:\n"
                        "- we always write migrations with Alembic, never by hand\n"
                        "- prices are stored as integer cents, never as floats\n"
                        "- the deploy target is Python 3.10"),
        Message("assistant", "The Dockerfile uses python:3.12-slim, so the target looks like 3.12."),
        Message("user", "oh no wait, you're right, we raised it to 3.12 in march because the wheels need it."),
    ])]
    assert any("alembic" in text.lower() for text in kept), kept
    assert any("integer cents" in text for text in kept), kept
    assert not any("3.10" in text for text in kept), kept


@pytest.mark.parametrize("message,kept_part", [
    # a "no wait" after the speaker's own question withdraws the question
    ("Amounts are always stored as integer cents, never floats. Is the rounding in the exporter "
     "wrong too? no wait, the export job runs in UTC on purpose, forget it.", "integer cents"),
    # "ignore that TODO", "I always forget that step": a thing named, nothing taken back
    ("yes. amounts in the db are integer cents, always, and the api passes cents. ignore that "
     "TODO, it's from 2021", "integer cents, always"),
    ("oh, don't forget the schema has to be migrated in the staging database before the release, "
     "alembic only runs locally. i always forget that step so put it in RELEASING.md",
     "alembic only runs locally"),
])
def test_words_like_a_correction_that_take_nothing_back(message, kept_part):
    from aegis.capture.extract import extract
    from aegis.transcript import Message
    kept = [s.text for s in extract([Message("user", message)])]
    assert any(kept_part in text for text in kept), kept
    assert not any("TODO" in text or "Step so" in text for text in kept), kept


def test_a_pasted_table_of_rules_is_read_row_by_row_and_another_table_is_not():
    """A team's standards pasted as a markdown table were dropped as noise."""
    rules = ("Before you start, here is our standards page:\n## Backend standards\n\n"
             "| area | rule |\n|---|---|\n"
             "| migrations | every migration is reversible, never edit an applied one |\n"
             "| queries | no raw SQL in views, ever |\n")
    assert texts(rules) == ["Migrations: every migration is reversible, never edit an applied one",
                            "Queries: no raw SQL in views, ever"]
    headed = ("let me paste it from the wiki:\n\n| rule | why |\n|---|---|\n"
              "| API errors use RFC 7807 problem bodies | clients parse them |\n")
    assert texts(headed) == ["API errors use RFC 7807 problem bodies — clients parse them"]
    results = ("Here are the timings:\n\n| step | seconds |\n|---|---|\n"
               "| build always runs first | 41 |\n")
    assert texts(results) == []


@pytest.mark.parametrize("said, kept", [
    ("Fix: ages are compared by calendar date, and both callers pass today's date in "
     "Europe/Lisbon.", "Fix: ages are compared by calendar date"),
    ("The fix adds a retry budget of 3 to the uploader; the old loop is deleted.",
     "The fix adds a retry budget of 3"),
    ("**Fix.** The cache is now keyed by tenant id, so one tenant never sees another's rows.",
     "Fix: The cache is now keyed by tenant id"),
])
def test_the_assistants_fix_in_its_usual_forms_is_kept(said, kept):
    """"today's date" is no moment, "The fix adds…" and a bold "**Fix.**" label say a fix."""
    found = statements_from_text(said, "assistant", 0.5)
    assert [s.category for s in found] == ["fix"] and found[0].text.startswith(kept), found


def test_a_rule_with_an_events_verb_before_a_dash_is_kept_whole():
    """"we never return raw postgres errors — everything is mapped…" kept only the part after
    the dash: "return" read as a symptom told before the rule."""
    said = ("btw heads up, we never return raw database errors over the api — everything is "
            "mapped to a problem body in api/errors.py.")
    assert any("never return raw database errors" in text for text in texts(said)), texts(said)


def test_a_colon_inside_the_value_a_rule_names_is_no_heading():
    said = ("and btw every event name i emit starts with acme: (like acme:saved) so we dont "
            "clash with other plugins on the bus")
    assert [t.lower()[:40] for t in texts(said)] == ["every event name i emit starts with acme"]


@pytest.mark.parametrize("said, kept", [
    ("When a refund is over 500 euros, we never approve it without a second person.", True),
    ("Also, when a parcel comes back damaged, we don't restock it - the item goes to quality "
     "control first.", True),
    ("If the nightly build fails, maybe we could retry it once.", False),
])
def test_a_rule_under_a_condition_is_no_hypothesis(said, kept):
    assert bool(texts(said)) is kept, texts(said)
