"""Search terms for text without spaces between words and for emoji (``aegis.segment``),
how queries and memories use them (``aegis.text``), how the SQLite store indexes them
(a store written before them is migrated, and rows an older release adds later are
filled at the next open) and how an AegisDB record carries them."""

from __future__ import annotations

import sqlite3

from aegis.models import Memory, NewMemory, Query
from aegis.segment import made, split
from aegis.store import aegisdb_records as rec
from aegis.store.migrations import m001_initial, m002_vector_index
from aegis.store.sqlite import SQLiteStore
from aegis.text import coverage, index_terms, query_terms

NS = "test:project"


def test_a_run_becomes_its_bigrams_and_for_a_memory_its_characters_too():
    assert split("日本語") == (" ", ["日本", "本語", "日", "本", "語"])
    assert split("日本語", query=True) == (" ", ["日本", "本語"])


def test_a_one_character_query_is_that_character():
    assert split("猫", query=True) == (" ", ["猫"])


def test_latin_glued_to_a_run_is_left_for_the_word_tokenizer():
    rest, terms = split("Redisの設定")
    assert rest.split() == ["Redis"] and "設定" in terms


def test_each_emoji_is_a_term_of_its_own():
    assert split("ship it 🚀✅", query=True)[1] == ["emoji1f680", "emoji2705"]
    assert split("👍🏽")[1] == ["emoji1f44d"]          # the skin tone is no term
    assert made("emoji1f680") and made("日本") and not made("emoji") and not made("deploy")


def test_a_query_leaves_out_the_grammar_of_hiragana_only():
    assert split("設定を変更する", query=True)[1] == ["設定", "定を", "を変", "変更", "更す"]
    assert split("ひらがな", query=True)[1] == ["ひら", "らが", "がな"]   # nothing else to keep
    assert split("の", query=True)[1] == []                              # a particle


def test_half_width_katakana_and_thai_marks_are_normalized():
    assert split("ﾃｷｽﾄ", query=True)[1] == split("テキスト", query=True)[1]
    assert split("ที่นี่", query=True)[1] == ["ทน"]     # vowel and tone marks dropped


def test_latin_queries_and_memories_are_untouched():
    assert [t.words for t in query_terms("how do we deploy hnsw.c:214")] == [
        ("deploy",), ("hnsw", "c", "214")]
    assert index_terms("We deploy with make ship; café") == ""


def test_a_query_part_covers_the_memory_that_holds_it():
    text = "…日本語のテキスト 🚀 emoji"
    for query in ("日本語", "テキスト", "🚀", "日本語のテキスト", "本"):
        assert coverage(query_terms(query, expand=True), text) == 1.0, query
    assert coverage(query_terms("中国語"), text) == 0.0
    assert index_terms("Redisの設定").split()[-1] == "redis"


def hits(store, text):
    return [hit.memory.text for hit in store.search(Query(namespaces=(NS,), text=text))]


def test_the_sqlite_store_finds_parts_of_a_run_and_emoji(data_dir):
    store = SQLiteStore.open(data_dir / "memory.db")
    store.add(NewMemory(namespace=NS, text="…日本語のテキスト 🚀 emoji"))
    store.add(NewMemory(namespace=NS, text="We deploy with make ship."))
    for query in ("日本語", "テキスト", "🚀", "本"):
        assert hits(store, query) == ["…日本語のテキスト 🚀 emoji"], query
    assert hits(store, "deploy") == ["We deploy with make ship."]
    store.close()


def test_a_store_from_before_the_terms_is_migrated_and_finds_its_memories(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "memory.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    for step in (m001_initial, m002_vector_index):
        step(db)
        db.execute("INSERT INTO schema_migrations VALUES (?, 0)", (step.__name__,))
    db.execute("INSERT INTO memories (id, namespace, text, content_hash, created_at, updated_at) "
               "VALUES ('mem_old', ?, '東京大学の研究 🎉', 'h', 1, 1)", (NS,))
    db.close()
    store = SQLiteStore.open(path)
    assert hits(store, "大学") == hits(store, "🎉") == ["東京大学の研究 🎉"]
    assert store.get((NS,), "mem_old").text == "東京大学の研究 🎉"
    store.close()


def test_a_memory_an_older_release_adds_is_indexed_at_the_next_open(data_dir):
    path = data_dir / "memory.db"
    SQLiteStore.open(path).close()
    db = sqlite3.connect(path, isolation_level=None)     # as an older release inserts
    db.execute("INSERT INTO memories (id, namespace, text, content_hash, created_at, updated_at) "
               "VALUES ('mem_old', ?, '古いビルドで保存', 'h', 1, 1)", (NS,))
    db.close()
    store = SQLiteStore.open(path)
    assert hits(store, "ビルド") == ["古いビルドで保存"]
    store.close()


def test_an_aegisdb_record_carries_the_terms_after_the_text_and_reads_back_the_text():
    memory = Memory(id="mem_1", namespace=NS, text="日本語のテキスト 🚀", created_at=1.0,
                    updated_at=1.0)
    data = rec.record_data(memory)
    assert data.startswith(memory.text + rec.TERMS_MARK) and "テキ" in data
    record = {"data": data, "tags": rec.record_tags(memory)}
    assert rec.to_memory(record, NS).text == memory.text
    latin = memory.replace(text="We deploy with make ship.")
    assert rec.record_data(latin) == latin.text
