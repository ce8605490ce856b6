"""A qualified name a prompt quotes also finds the module or type a memory names
(aegis.text.identifier_heads)."""

from __future__ import annotations

from aegis.text import RELATED_WEIGHT, coverage, identifier_heads, lone_word_match, query_terms

RULE = "Cairn SQL lives in queries/*.sql and is compiled by sqlc (pgx); no SQL strings in Go."


def test_a_qualified_name_has_its_leading_parts():
    assert identifier_heads("pgx.Query", ("pgx", "query")) == (("pgx",),)
    assert identifier_heads("Importmap::Map::MissingPinError",
                            ("importmap", "map", "missingpinerror")) == (
        ("importmap", "map"), ("importmap",))
    # a path's first folder, a short or everyday first part: none
    assert identifier_heads("src/lib/shortcuts.ts", ("src", "lib", "shortcuts", "ts")) == ()
    assert identifier_heads("session.py", ("session", "py")) == ()
    assert identifier_heads("hnsw.c:214", ("hnsw", "c", "214")) == ()
    assert identifier_heads("db.Query", ("db", "query")) == ()
    assert identifier_heads("time.Now", ("time", "now")) == ()


def test_a_head_counts_for_part_of_the_name_and_is_evidence(service):
    terms = query_terms("inline a select with pgx.Query", expand=True)
    name = next(term for term in terms if term.identifier)
    assert '"pgx"' in name.fts()
    assert coverage([name], RULE) == RELATED_WEIGHT
    assert coverage([name], "Use pgx.Query for reads.") == 1.0
    assert not lone_word_match(terms, RULE)
    # the index finds it by the head: the memory is a candidate at all
    service.save(RULE, tags=["convention"])
    assert [hit.memory.text for hit in service.search(
        "can i just inline a quick select in the handler with pgx.Query", top_k=5)] == [RULE]
