"""Query widening by related words, and how coverage and recall weigh them."""

from __future__ import annotations

from aegis.recall.select import recall_hits
from aegis.related_terms import GROUPS, related
from aegis.text import RELATED_WEIGHT, coverage, lone_word_match, query_terms


def test_related_words_are_found_by_stem_and_exclude_the_word_itself():
    assert "production" in related("prod")
    assert "deploy" in related("shipping")          # by stem: shipping -> ship
    assert "release" in related("ship") and "ship" not in related("ship")
    assert related("haiku") == ()


def test_every_group_has_words_of_more_than_one_stem():
    from aegis.stem import stem
    for line in GROUPS:
        assert len({stem(word) for word in line.split()}) > 1, line


def test_only_searches_expand_and_identifiers_never_do():
    plain = query_terms("ship it to prod")
    assert all(term.related == () for term in plain)
    terms = {t.words: t for t in query_terms("ship deploy.sh to prod", expand=True)}
    assert terms[("deploy", "sh")].related == ()
    assert "production" in terms[("prod",)].related
    assert terms[("prod",)].fts().startswith('("prod" OR ')


def test_coverage_counts_stems_fully_and_related_words_at_lower_weight():
    memory = "Deployments go through the release pipeline to production."
    assert coverage(query_terms("deployment pipelines", expand=True), memory) == 1.0
    assert coverage(query_terms("prod", expand=True), memory) == RELATED_WEIGHT
    assert coverage(query_terms("prod"), memory) == 0.0          # not expanded: no credit


def test_a_lone_shared_word_is_no_evidence_for_recall(service):
    memory = "Commit messages: write them in the imperative mood."
    terms = query_terms("write a haiku about autumn leaves", expand=True)
    assert lone_word_match(terms, memory)
    assert not lone_word_match(query_terms("write commit messages", expand=True), memory)
    assert not lone_word_match(query_terms("hnsw.c:214 crashes again today", expand=True),
                               "hnsw.c:214 segfaults when ef is zero")
    saved = service.save(memory).memory
    assert recall_hits(service, "write a haiku about autumn leaves", 5, 0.0) == []
    assert [h.memory.id for h in recall_hits(service, "how should I write commit messages?",
                                             5, 0.2)] == [saved.id]


def test_a_paraphrase_reaches_its_memory_through_related_words(service):
    saved = service.save("Deploys go through the release pipeline: staging first, "
                         "then the production cluster.").memory
    service.save("Money is stored as integer cents.")
    hits = recall_hits(service, "how do I ship to prod?", 5, 0.2)
    assert [h.memory.id for h in hits] == [saved.id]


def test_in_a_three_term_prompt_a_word_spelt_as_in_the_memory_is_evidence():
    memory = "Secrets are injected as environment variables from Vault at boot."
    assert not lone_word_match(query_terms("where do our secrets come from at runtime?",
                                           expand=True), memory)
    assert lone_word_match(query_terms("translate 'good morning' into Japanese", expand=True),
                           "User-facing strings need translations in every locale.")
