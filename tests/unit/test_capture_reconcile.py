"""Dedup, strengthen and supersede when captured statements meet existing memories."""

from __future__ import annotations

import pytest

from aegis.capture.reconcile import apply
from aegis.capture.spool import Candidate
from aegis.supersede import DUPLICATE, UPDATE, relation


def candidate(text: str, capture_id: str, scope: str = "project", **extra) -> Candidate:
    values = dict(capture_id=capture_id, text=text, category="convention", kind="fact",
                  tags=("convention",), importance=0.6, confidence=0.6, scope=scope,
                  role="user", session_id="s1", project_namespace="test:project",
                  user_namespace="user:tester", cwd=None)
    values.update(extra)
    return Candidate(**values)


def live_texts(service) -> list[str]:
    return sorted(m.text for m in service.list(limit=100))


def test_a_new_statement_is_added_with_its_capture_id(service):
    outcome = apply(service, candidate("We deploy with `make ship`.", "cap_1"))
    memory = service.get(outcome.memory_id)
    assert (outcome.action, memory.capture_id, memory.source) == ("added", "cap_1", "capture")


def test_replaying_the_same_capture_adds_nothing(service):
    first = apply(service, candidate("We deploy with `make ship`.", "cap_1"))
    again = apply(service, candidate("We deploy with `make ship`.", "cap_1"))
    assert again.action == "present" and again.memory_id == first.memory_id
    assert len(service.list(limit=100)) == 1


def test_a_near_duplicate_strengthens_the_existing_memory(service):
    first = apply(service, candidate("We always run `ruff check` before committing.", "cap_1"))
    before = service.get(first.memory_id)
    second = apply(service, candidate("Always run `ruff check` before committing!", "cap_2"))
    after = service.get(first.memory_id)
    assert second == type(second)("strengthened", first.memory_id)
    assert after.importance > before.importance and after.confidence > before.confidence
    assert len(service.list(limit=100)) == 1


def test_an_exact_copy_from_elsewhere_strengthens_too(service):
    saved = service.save("We deploy with `make ship`.", importance=0.4, confidence=0.5)
    outcome = apply(service, candidate("We deploy with `make ship`.", "cap_9"))
    assert outcome.action == "strengthened" and outcome.memory_id == saved.memory.id
    assert service.get(saved.memory.id).confidence > 0.5


def test_a_newer_contradicting_statement_supersedes_the_old_one(service):
    old = apply(service, candidate("Deploy with `make ship`.", "cap_1"))
    new = apply(service, candidate("We now deploy with `make release`.", "cap_2"))
    assert new.action == "added" and new.superseded == (old.memory_id,)
    assert live_texts(service) == ["We now deploy with `make release`."]
    kept = service.get(old.memory_id)                      # still in history
    assert kept.superseded_by == new.memory_id
    relations = service.relations(new.memory_id)
    assert [(r.source_id, r.target_id, r.kind) for r in relations] == [
        (new.memory_id, old.memory_id, "supersedes")]
    assert [h.memory.id for h in service.search("deploy")] == [new.memory_id]


def test_supersede_is_finished_on_replay_after_a_crash_between_save_and_supersede(service):
    old = apply(service, candidate("Deploy with `make ship`.", "cap_1"))
    service.save("We now deploy with `make release`.", source="capture", capture_id="cap_2")
    replayed = apply(service, candidate("We now deploy with `make release`.", "cap_2"))
    assert replayed.action == "present" and replayed.superseded == (old.memory_id,)
    assert live_texts(service) == ["We now deploy with `make release`."]


def test_different_subjects_do_not_supersede_each_other(service):
    apply(service, candidate("We now lint with `ruff`.", "cap_1"))
    apply(service, candidate("We now test with `pytest -q`.", "cap_2"))
    apply(service, candidate("We now deploy with `make release`.", "cap_3"))
    assert len(live_texts(service)) == 3


def test_user_tier_candidates_land_in_the_user_tier(service):
    outcome = apply(service, candidate("I prefer short commit messages.", "cap_1", scope="user"))
    assert service.get(outcome.memory_id).namespace == "user:tester"


def test_the_same_rule_for_two_services_stays_two_memories(service):
    billing = "Remember that the billing service must run four gunicorn workers because of memory limits."
    search = "Remember that the search service must run four gunicorn workers because of memory limits."
    first = apply(service, candidate(billing, "cap_1"))
    second = apply(service, candidate(search, "cap_2"))
    assert (first.action, second.action) == ("added", "added")
    assert second.superseded == () and live_texts(service) == sorted([billing, search])


def test_a_new_value_for_the_same_naming_rule_supersedes_without_a_change_word(service):
    old = apply(service, candidate("End all attribute names with '_j'.", "cap_1"))
    new = apply(service, candidate("When naming attributes, end them with '_at'.", "cap_2"))
    assert new.superseded == (old.memory_id,)
    assert live_texts(service) == ["When naming attributes, end them with '_at'."]


def test_adding_another_decorator_does_not_replace_the_first(service):
    apply(service, candidate("Add the '@count_calls' decorator from 'pedantic' to all functions.",
                             "cap_1"))
    second = apply(service, candidate("Add the '@timer' decorator from 'pedantic' to all functions.",
                                      "cap_2"))
    assert second.superseded == () and len(live_texts(service)) == 2


@pytest.mark.parametrize("new,old,expected", [
    ("Always run `ruff check` before committing!", "We always run `ruff check` before committing.",
     DUPLICATE),
    ("Start function argument names with 'e_'.",
     "When naming function argument names, always start them with 'e_'.", DUPLICATE),
    ("Use snake_case for class names.", "Always use CamelCase for class names.", UPDATE),
    ("We use pnpm, not npm, in the web folder.", "We use npm in the web folder.", UPDATE),
    ("Let's use Postgres 16 instead of MySQL for billing.", "Billing runs on MySQL 8.", UPDATE),
    ("Start using a VPN whenever you work remotely.", "Never use a VPN when working remotely.",
     UPDATE),
    ("The API rate limit is now 200 requests per minute.",
     "The API rate limit is 100 requests per minute.", UPDATE),
    ("Include a single digit in class names.", "Use snake_case for all class names.", None),
    ("Start function names with 'b_'.", "End function argument names with '_a'.", None),
    ("Never log request bodies; do not log headers either.", "Log request IDs in the gateway.",
     None),
    ("We always use `uv`.", "The bug was a race in the WAL.", None),
    ("Let's bump the request timeout to 60 seconds from now on.",
     "Set the request timeout to 30 seconds.", UPDATE),
    ("From now on we ship releases on Tuesdays instead.", "We ship releases on Fridays.", UPDATE),
    ("The emails queue runs with concurrency 4.", "The webhooks queue runs with concurrency 4.",
     None),
    ("Start variable names with 'y_' as in 'y_count'.", "Start variable names with 'x_'.",
     UPDATE),
    # what follows "not"/"instead of" must be what the old one names, and not what it forbids
    ("Jobs keep their state in the Postgres-backed queue, not the in-memory map one.",
     "Job names map one-to-one to the cron entries.", None),
    ("From now on every table shows 20 rows, not only the orders table.",
     "The orders table has no index on email.", None),
    ("Fix: dates are parsed with parse_iso(); billing.py no longer uses datetime.strptime().",
     "Dates are always ISO 8601 strings, never datetime.strptime() with a local format.", None),
    ("billing.py no longer uses datetime.strptime().", "billing.py uses datetime.strptime().",
     UPDATE),
    # a restatement in other quotes, or with less, is a copy; with more, it replaces
    ("We release with `make publish`.", "We release with make publish", DUPLICATE),
    ("Decision: we use uv.", "From now on we use uv instead of pip in this repo.", DUPLICATE),
    ("From now on we use uv instead of pip in this repo.", "Decision: we use uv instead of pip.",
     UPDATE),
    ("We use ruff, not black.", "We use black, not ruff.", None),
    ("Going forward, we'll be using Codeberg as our main code host.",
     "While there are options like Codeberg or GitHub, I'd like you to start using GitLab as our "
     "main code host.", UPDATE),       # another choice named in passing is no restatement
    ("Fix: both `Invoice` and `InvoiceLine` are now `@dataclass(frozen=True)`, so the cache keeps them.",
     "Root cause: `Invoice` and `InvoiceLine` were plain classes without `@dataclass(frozen=True)`, "
     "so the cache dropped them.", None),                  # a cause and its fix are two memories
    ("Root cause: the form read the time you typed as UTC instead of Central time.",
     "Times are always entered in Central time.", None),
    ("The wrong totals came from the report reading the replica instead of the primary database.",
     "Reports read from the primary database, the replica lags.", None),   # a cause, told
])
def test_relation_rules(new, old, expected):
    assert relation(new, old) == expected


def test_memory_save_goes_through_the_same_dedup_and_supersede(service):
    first = service.remember("Start method names with 'a_'.", importance=0.6)
    again = service.remember("Always start method names with 'a_'!", importance=0.6)
    assert (again.created, again.merged, again.memory.id) == (False, True, first.memory.id)
    newer = service.remember("From now on, start method names with 'md_'.")
    assert newer.created and newer.superseded == (first.memory.id,)
    assert [m.text for m in service.list(limit=10)] == ["From now on, start method names with 'md_'."]


def test_two_values_changing_together_is_another_subject_not_an_update():
    assert relation("We always run `check-4` before touching module_4.py.",
                    "We always run `check-3` before touching module_3.py.") is None


def test_a_redaction_marker_is_about_no_subject():
    """The saved and the captured wording of one request, each with its secret redacted."""
    asked = "This project deploys with `make ship` (the bot token is [REDACTED:github-token])."
    saved = ("This project deploys with `make ship`; the deploy bot uses the token "
             "[REDACTED:github-token].")
    assert relation(asked, saved) == DUPLICATE
    assert relation(saved, asked) == DUPLICATE


def test_a_restatement_that_adds_something_is_not_merged_away():
    short = "We deploy with make ship."
    longer = "We deploy with make ship; it needs VPN access to the registry."
    assert relation(longer, short) == UPDATE            # says it all, and more: replaces it
    assert relation(short, longer) == DUPLICATE         # says less: the old one stays
    # each adds its own reason: both kept
    assert relation("Deploy with make ship because it is faster.",
                    "Deploy with make ship because it is safer.") is None
