"""Labelled statements ("state: zustand for ui state", "tern = our Go CLI for…") and the
labels of the conversation that stay out ("Problem: …", "Task: …").

The sentences are made up for these tests, about tools and projects no fixture names.
"""

from __future__ import annotations

import pytest

from aegis.capture import labelled
from aegis.capture.extract import statements_from_text


def found(text: str, role: str = "user") -> list[tuple[str, str]]:
    return [(s.category, s.text) for s in statements_from_text(text, role, 0.5)]


@pytest.mark.parametrize("text,phrase", [
    ("queues: sqs for jobs, kinesis for the click stream.", "sqs for jobs"),
    ("release channels: nightly, beta, stable.", "nightly, beta, stable"),
    ("marlin = our Kotlin service for warehouse pick lists.", "warehouse pick lists"),
    ("quarry: the ingestion toolkit for the survey team, polars backend + duckdb.", "ingestion toolkit"),
    ("branching: we squash feature branches into trunk, no merge commits.", "squash feature branches"),
    ("Docs site: mkdocs with the material theme.", "mkdocs"),
])
def test_a_label_and_what_it_is_is_kept(text, phrase):
    memories = found(text)
    assert any(phrase in t for _c, t in memories), memories
    assert labelled.is_labelled(text)


@pytest.mark.parametrize("text", [
    "Problem: the export job hangs after the first batch.",
    "Task: add a csv download to the invoices page.",
    "separate thing: grafana keeps dropping the panel every few minutes",
    "deploy: fails since yesterday on the assets step",
    "CI: red right now, I'm looking at it",
    "login page: broken on safari",
    "staging db: I'll reset it tonight",
    "auth: we tried okta but dropped it",
    "question: is the cache shared between pods?",
    "for now: point it at the mock server",
])
def test_labels_of_the_task_or_its_state_stay_out(text):
    assert not labelled.is_labelled(text)
    assert found(text) == [] or not any("label" in c for c, _t in found(text))


def test_task_labels_store_nothing():
    for text in ("Problem: the export job hangs after the first batch.",
                 "separate thing: grafana keeps dropping the panel every few minutes"):
        assert found(text) == [], (text, found(text))


def test_a_list_under_a_rule_label_is_a_convention():
    assert labelled.category("imports: no wildcard imports, stdlib first") == "convention"
    assert labelled.category("release channels: nightly, beta, stable.") == "fact"
