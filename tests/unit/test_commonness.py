"""How common a word is, from the bundled vocabulary's frequency order."""

from __future__ import annotations

from aegis import commonness
from aegis.text import lone_word_match, query_terms


def test_everyday_words_are_common_and_technical_ones_are_not():
    for word in ("name", "time", "process", "keep", "speed", "test"):
        assert commonness.is_common(word), word
    for word in ("calibration", "secrets", "file", "headline", "oban", "malloc", "grpc"):
        assert not commonness.is_common(word), word


def test_a_plural_counts_as_its_singular():
    assert commonness.is_common("names") and commonness.is_common("processes")
    assert not commonness.is_common("zoness")


def test_the_bundled_common_words_are_the_vocabularys_first_rows():
    from aegis import package_data
    vocabulary = package_data.read(commonness.__file__, *commonness.VOCABULARY).decode()
    shipped = package_data.read(commonness.__file__, *commonness.ASSET).decode()
    assert shipped == commonness.derive(vocabulary)      # else: python -m aegis.commonness
    rows = vocabulary.split("\n")
    assert "name" in shipped.split() and rows.index("name") < commonness.COMMON_ROWS
    assert "secrets" not in shipped.split() and "##s" not in shipped.split()


def test_one_common_word_is_a_chance_match_a_specific_one_is_not():
    memory = "Analytics event names are snake_case; the moisture calibration lives in settings."
    assert lone_word_match(query_terms("what's a good name for a cat", expand=True), memory)
    assert not lone_word_match(query_terms("moisture readings look off", expand=True), memory)
    assert not lone_word_match(query_terms("event names?", expand=True), memory)


def test_two_forms_of_one_word_are_one_shared_word():
    memory = "Take a reading every 15 minutes, then read the battery level."
    terms = query_terms("TypeError: Cannot read properties of undefined (reading 'map')",
                        expand=True)
    assert lone_word_match(terms, memory)


def test_an_everyday_number_is_a_chance_match_a_specific_one_is_an_identifier():
    assert commonness.is_common("30") and commonness.is_common("2010")
    assert not commonness.is_common("429") and not commonness.is_common("8080")
    memory = "The nightly export runs at 02:30 and keeps 30 days of files."
    terms = query_terms("convert 30 celsius to fahrenheit", expand=True)
    assert not any(term.identifier for term in terms)
    assert lone_word_match(terms, memory)
    terms = query_terms("why do clients get 429 from the gateway", expand=True)
    assert [term.words for term in terms if term.identifier] == [("429",)]
    assert not lone_word_match(terms, "Partners over quota get 429 with a Retry-After header.")
