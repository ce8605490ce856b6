"""Capture of statements whose words no list knows, and the transient shapes that stay out.

Each case checks a structural rule (``aegis.capture.named``, the cause before a "Fix:",
what a correction says instead, a secret-only statement, a doubted quotation, a ban and
its replacement after ';'). The sentences are written for these tests about tools that
no fixture or word list of the extractor names; none comes from a benchmark.
"""

from __future__ import annotations

import pytest

from aegis.capture import named, secret_only
from aegis.capture.extract import extract, statements_from_text
from aegis.transcript import Message


def found(text: str, role: str = "user") -> list[tuple[str, str]]:
    return [(s.category, s.text) for s in statements_from_text(text, role, 0.5)]


@pytest.mark.parametrize("text", [
    "we format everything with zigfmt before pushing",
    "I prefer vitest over jest",
    "use quokka for the load tests",
    "the line width is 96",
    "exit with code 4 on a bad manifest",
    "wrap it in io.Reader",
    "configs live in deploy/overlays",
])
def test_named_shapes_need_no_word_list(text):
    assert named.names_something(text)


@pytest.mark.parametrize("text", [
    "use the logger", "we use it a lot", "with care", "e.g. the other one",
    "I have 2 kids", "and/or the other",
])
def test_ordinary_phrases_name_nothing(text):
    assert not named.names_something(text)


@pytest.mark.parametrize("text,phrase", [
    ("From now on we use zigfmt with line width 96.", "zigfmt"),
    ("We use quokka for load testing.", "quokka"),
    ("I prefer vitest over jest.", "vitest over jest"),
    ("The retry seed is always 4242 so the chaos runs compare.", "4242"),
    ("Handlers should be idempotent and return within 2 seconds.", "idempotent"),
    ("Also I like one assertion per spec in the feature tests.", "one assertion per spec"),
    ("Fixtures are generated with factorio-gen from the schema.", "factorio-gen"),
])
def test_conventions_about_unlisted_tools_are_kept(text, phrase):
    assert any(phrase in t for _c, t in found(text)), found(text)


def test_the_sentence_before_a_fix_label_is_its_cause():
    text = ("The dashboard totals were doubled because the join fanned out over both currency "
            "rows. Fix: the query now groups by invoice before joining.")
    memories = found(text, "assistant")
    assert ("fix", "The dashboard totals were doubled because the join fanned out over both "
                   "currency rows.") in memories
    assert any("groups by invoice" in t for _c, t in memories)


def test_what_a_correction_says_instead_is_kept_and_replaces_only_the_last_statement():
    messages = [
        Message("user", "We deploy the docs with mkdocs-gh to the wiki branch."),
        Message("assistant", "Noted."),
        Message("user", "put the shared types in Orchard.Common... actually no, scratch that, "
                        "we split by layer: Orchard.Domain for domain types and Orchard.Infra "
                        "for adapters."),
    ]
    texts = [s.text for s in extract(messages)]
    assert any("Orchard.Domain for domain types" in t for t in texts), texts
    assert not any("Orchard.Common" in t for t in texts), texts
    assert any("mkdocs-gh" in t for t in texts), texts    # an older statement sharing no subject


def test_a_statement_that_only_holds_a_secret_is_dropped():
    assert found("For the release step, the upload password is Plover-Canyon-2291 - "
                 "put it in the vault later.") == []
    assert found("the staging broker password is Plover-Canyon-2291") == []


def test_the_durable_rest_of_a_sentence_with_a_secret_is_kept_without_it():
    memories = found("Always publish from the release runner only, never from a laptop, "
                     "the upload password is Plover-Canyon-2291.")
    assert memories and all("Plover" not in t and "REDACTED" not in t for _c, t in memories)
    assert any("release runner only" in t for _c, t in memories)


def test_keeps_a_sentence_without_a_secret_unchanged():
    sentence = "Never publish from a laptop."
    assert secret_only.without_secret(sentence, lambda rest: True) is sentence


def test_a_quoted_rule_the_speaker_doubts_is_not_stored():
    text = ("Someone put 'never use enums, always string constants' in the onboarding doc. "
            "Is that really our rule? I doubt it.")
    assert not any("never use enums" in t for _c, t in found(text))


def test_a_quoted_rule_nobody_doubts_is_kept():
    assert any("'never use enums'" in t or "never use enums" in t
               for _c, t in found("Our style guide says 'never use enums' and we follow it."))


def test_a_ban_and_its_replacement_after_a_semicolon_stay_one_memory():
    assert found("Never call os.exit in library code; return an error.") == [
        ("convention", "Never call os.exit in library code; return an error.")]
    memories = found("never block the event loop in callbacks; use a worker thread instead.")
    assert len(memories) == 1 and "use a worker thread instead" in memories[0][1]


@pytest.mark.parametrize("text,role", [
    ("The LegacyMapper has to go anyway.", "user"),
    ("I won't keep that; please put it in the secret store yourself.", "assistant"),
    ("The build should be green by now.", "user"),
])
def test_transient_shapes_stay_out(text, role):
    assert found(text, role) == []


def test_an_explicit_remember_request_with_a_secret_is_kept_for_redaction():
    assert found("Remember that the upload password is Plover-Canyon-2291 for the mirror.")


@pytest.mark.parametrize("text,phrase", [
    ("plover is our Nim telemetry daemon on the edge boxes.", "Nim telemetry daemon"),
    ("I'm not a fan of snapshot tests, assert on the fields instead.", "snapshot tests"),
    ("The way we do config here is through dotenvx.", "dotenvx"),
    ("FYI the weekly job rotates the archive bucket.", "archive bucket"),
    ("the two-pass geocoding fallback is the rule.", "geocoding fallback"),
])
def test_identity_dislikes_house_ways_flags_and_declared_rules(text, phrase):
    assert any(phrase in t for _c, t in found(text)), found(text)


@pytest.mark.parametrize("text", [
    "the rule is that we have fun.", "Tomorrow is our big day.", "fyi I'm out on friday",
])
def test_their_look_alikes_stay_out(text):
    assert found(text) == []


@pytest.mark.parametrize("text,phrase", [
    ("we don't vendor protobufs unless the upstream repo is private.", "don't vendor protobufs unless"),
    ("hey :) wicket is the Elm frontend for the kiosk, builds go through elm-watch.", "Elm frontend"),
    ("business rules stay out of the Redux reducers.", "stay out of the Redux reducers"),
])
def test_a_ban_with_an_exception_a_greeting_and_a_boundary(text, phrase):
    assert any(phrase in t for _c, t in found(text)), found(text)


def test_the_change_after_a_cause_joins_it():
    text = ("The import hung because every row opened its own transaction, so the lock queue "
            "grew without bound. Stale rows are now skipped before the batch opens.")
    assert any("Stale rows are now skipped" in t and "lock queue" in t
               for c, t in found(text, "assistant") if c == "fix"), found(text, "assistant")


def test_it_after_a_symptom_is_the_symptoms_subject_not_the_symptom():
    text = ("The weekly export job took 9 hours yesterday instead of 50 minutes. It's a Go 1.22 "
            "binary on Nomad.")
    memories = [t for _c, t in found(text)]
    assert not any("yesterday" in t for t in memories), memories
    assert "The weekly export job is a Go 1.22 binary on Nomad." in memories


def test_a_flag_with_no_clause_of_its_own_is_not_a_fact():
    assert found("Worth knowing for any migration on that table.") == []
