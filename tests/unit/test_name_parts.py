"""A word matches a specific part of a camelCase name (aegis.text.name_parts): the index
keeps "OpenStreetMap" as one token, people say "the map extract"."""

from __future__ import annotations

from aegis.text import coverage, lone_word_match, name_parts, query_terms

EXTRACT = "The OpenStreetMap extract is re-imported every Sunday into a new Postgres schema."
ENGINE = "processBlock must never allocate; heavy work is prepared on a background thread."


def test_a_camel_case_name_is_made_of_its_specific_words():
    assert name_parts("OpenStreetMap") == ("map",)          # "open" and "street" are everyday
    assert name_parts("macOS") == ("mac", "os")
    assert name_parts("KeychainStore") == ("keychain", "store")
    assert name_parts("processBlock") == ("block",)          # "process" is everyday
    assert name_parts("Float64") == ("float",)                # numbers are no words


def test_a_part_counts_as_the_word_itself():
    terms = query_terms("the map extract", expand=True)
    assert coverage(terms, EXTRACT) == 1.0
    assert coverage(terms, "The extract is re-imported every Sunday.") == 0.5
    # with another shared word it is evidence
    assert not lone_word_match(query_terms("can i load the weekly map extract into the live "
                                           "tables", expand=True), EXTRACT)


def test_an_everyday_part_shares_nothing_with_a_general_question():
    # "process" of processBlock is an everyday word: "thread" alone is one chance word
    assert lone_word_match(query_terms("explain the difference between a process and a thread",
                                       expand=True), ENGINE)
