"""The local model's neighbour words (aegis.neighbours) and how keyword search weighs them."""

from __future__ import annotations

from aegis.neighbours import neighbours
from aegis.stem import stem
from aegis.text import RELATED_WEIGHT, coverage, lone_word_match, query_terms


def test_a_word_has_the_models_nearest_words_none_of_its_own_stem():
    assert "forecast" in neighbours("predict")
    assert "speed" in neighbours("velocity")
    assert all(stem(word) != stem("predict") for word in neighbours("predict"))


def test_unknown_and_odd_words_have_no_neighbours():
    assert neighbours("qwxzv") == ()
    assert neighbours("café") == () and neighbours("v2") == () and neighbours("") == ()


def test_a_neighbour_counts_as_a_related_word_does():
    memory = "The ETA service forecasts arrival times."
    terms = query_terms("predict", expand=True)
    assert "forecast" in terms[0].neighbours and '"forecast"' in terms[0].fts()
    assert coverage(terms, memory) == RELATED_WEIGHT
    assert coverage(query_terms("predict"), memory) == 0.0      # not expanded: no credit


def test_one_neighbour_alone_is_no_evidence_whatever_the_prompt_length():
    memory = "The kitchen display batches breakfast orders every two minutes."
    assert lone_word_match(query_terms("good morning!", expand=True), memory)
    assert not lone_word_match(query_terms("breakfast orders", expand=True), memory)
    # a neighbour beside a word of the memory's own is evidence
    assert not lone_word_match(query_terms("morning orders", expand=True), memory)


def test_an_acronym_matches_as_spelt_not_by_stem():
    memory = "The consumer was fixed by capping its fetch size."
    assert coverage(query_terms("CAP theorem", expand=True), memory) == 0.0
    assert coverage(query_terms("CAP", expand=True), "The CAP is 1 MB.") == 1.0
    assert coverage(query_terms("PR", expand=True), "Two PRs a day.") == 1.0


def test_the_bisection_finds_every_line_of_the_table_and_nothing_else():
    from aegis.neighbours import _line, _table
    table = _table()
    lines = table.decode("ascii").splitlines()
    assert len(lines) > 10_000 and lines == sorted(lines)
    for line in lines[::97] + lines[:3] + lines[-3:]:
        assert _line(table, line.split()[0].encode()) == line.encode()
    for absent in (b"", b"a", b"zzzzzz", b"predic", b"predicts"):
        assert _line(table, absent) == b""
