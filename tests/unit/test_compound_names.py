"""A word matches a name the memory compounds from it (aegis.text.begins_name)."""

from __future__ import annotations

from aegis.text import begins_name, coverage, lone_word_match, query_terms

OUTBOX = "We chose MassTransit over raw RabbitMQ.Client for the transactional outbox."


def haystack(text: str) -> str:
    from aegis.text import _haystack
    return _haystack(text)


def test_a_word_that_begins_a_compound_name_matches_it():
    assert begins_name("rabbit", haystack(OUTBOX))
    assert begins_name("influx", haystack("Metrics go to InfluxDB, not Prometheus."))
    assert begins_name("hive", haystack("Hivewire boards sleep between readings."))


def test_its_own_inflections_english_everyday_and_short_words_are_not_names():
    # the stem matches "hives"; "production" is an English word of the
    # vocabulary; "data" and "time" are everyday words; a name needs four letters
    assert not begins_name("hive", haystack("The hives are cold."))
    assert not begins_name("data", haystack("The database is Postgres 16."))
    assert not begins_name("time", haystack("Store every timestamp in UTC."))
    assert not begins_name("prod", haystack("Deploys go to production on Fridays."))
    assert not begins_name("tol", haystack("Tollgate bills per trip."))
    assert not begins_name("rabbitmq", haystack(OUTBOX))        # not longer than the word
    assert not begins_name("mq", haystack(OUTBOX))


def test_a_compound_name_counts_as_the_word_itself():
    assert coverage(query_terms("rabbit client", expand=True), OUTBOX) == 1.0
    assert coverage(query_terms("rabbit", expand=True), "Nothing about it.") == 0.0


def test_with_another_shared_word_it_is_evidence_alone_it_is_not():
    # "plain rabbit client library": "client" alone would be one chance word of four
    assert not lone_word_match(query_terms("why not the plain rabbit client library?",
                                           expand=True), OUTBOX)
    assert lone_word_match(query_terms("why not the plain java client library?",
                                       expand=True), OUTBOX)
    # a lone compound name in a longer prompt is one chance word like any other
    assert lone_word_match(query_terms("is a rabbit a good pet for small children?",
                                       expand=True), OUTBOX)


def test_keyword_mode_asks_the_vocabulary_without_loading_the_embedding_package():
    import subprocess
    import sys
    from pathlib import Path
    runtime = Path(__file__).resolve().parents[2] / "runtime"
    code = ("import sys; from aegis.text import begins_name, _haystack; "
            "assert begins_name('rabbit', _haystack('raw RabbitMQ.Client')); "
            "print(sorted(m for m in sys.modules if m.startswith('aegis.embeddings')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(runtime)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
