"""Briefing lines and the conventions a request for code brings (pure functions).

Sentences written for these tests (queues, caches, handlers), not from any benchmark."""

from __future__ import annotations

from aegis.models import Memory
from aegis.recall.briefing_lines import arrange, line_text
from aegis.recall.coding import task_constructs


def memory(n: int, text: str, importance: float = 0.8) -> Memory:
    return Memory(id=f"mem_{n:012x}", namespace="p", text=text, tags=("convention",),
                  importance=importance, created_at=n, updated_at=n)


def by_importance(m: Memory) -> float:
    return m.importance


def test_a_rule_restated_in_other_words_is_shown_once_and_distinct_subjects_twice():
    shown = arrange([memory(1, "Add the '@traced' decorator to every request handler."),
                     memory(2, "Always put the '@traced' decorator on request handlers.", 0.7),
                     memory(3, "The billing service must run four gunicorn workers."),
                     memory(4, "The search service must run four gunicorn workers.")],
                    by_importance)
    texts = [m.text for m in shown]
    assert sum("@traced" in t for t in texts) == 1
    assert any("billing" in t for t in texts) and any("search" in t for t in texts)


def test_a_specific_rule_goes_before_vaguer_advice_of_similar_weight():
    shown = arrange([memory(1, "Always strive for simple and elegant code.", 0.85),
                     memory(2, "End cache key names with '_ck'.", 0.8)], by_importance)
    assert [m.id for m in shown] == ["mem_000000000002", "mem_000000000001"]


def test_a_line_is_the_rule_without_its_reason():
    assert line_text("Prefix queue names with 'q_' because the broker sorts them by name.") == \
        "Prefix queue names with 'q_' …"
    assert line_text("Use tabs.") == "Use tabs."          # too short to cut: kept whole


def test_a_request_for_code_names_what_it_will_write():
    assert task_constructs("Write a class that caches HTTP responses") >= {"class", "method"}
    assert "argument" in task_constructs("Implement a function that merges two sorted lists")
    assert task_constructs("write a haiku about autumn") is None
    assert task_constructs("why is this function so slow?") is None
    # what the thing asked for works on is not what is written
    assert task_constructs("write a bash one-liner that counts lines in all .txt files") is None
    assert task_constructs("Write a unit test for the parser function") >= {"test"}


def test_append_and_end_name_the_same_slot_so_a_new_suffix_updates_the_old():
    from aegis.supersede import UPDATE, relation
    assert relation("Append '_tbl' to all table names from now on.",
                    "End all table names with '_t'.") == UPDATE
    assert relation("Include the '@traced' decorator on request handlers.",
                    "Add the '@traced' decorator to request handlers.") == "duplicate"


def test_a_line_keeps_what_is_not_a_reason_and_every_redaction_marker():
    # a second clause, an example or a "which" clause may be the value itself
    assert line_text("We deploy with make ship; staging uses the blue cluster.") == \
        "We deploy with make ship; staging uses the blue cluster."
    assert line_text("Lint with a fast tool such as ruff, which runs in CI.") == \
        "Lint with a fast tool such as ruff, which runs in CI."
    # the marker stands where the secret was: the sentence is not garbled around it
    said = "The deploy key is [REDACTED:secret], stored in the vault because of audits."
    assert line_text(said) == "The deploy key is [REDACTED:secret], stored in the vault …"
    # each sentence loses only its own reason
    assert line_text("Use tabs in Go files because gofmt does. Run it in CI.") == \
        "Use tabs in Go files … Run it in CI."


def test_a_fix_and_a_decision_are_shown_whole():
    fix = ("The flaky login test was a timezone bug in utils/date.py; we fixed it by "
           "always using UTC, because the CI runners are in UTC.")
    assert line_text(fix, "fix") == fix
    decision = "We use pnpm instead of npm because of its workspace support."
    assert line_text(decision, "decision") == decision
