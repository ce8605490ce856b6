"""The Porter stemmer agrees with SQLite FTS5's ``porter`` tokenizer, word for word."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from aegis.stem import stem

VOCAB = Path(__file__).resolve().parents[2] / "runtime" / "aegis" / "embeddings" / "assets" / "vocab.txt"


def fts5_stems(words: list[str]) -> list[str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.execute("INSERT INTO t VALUES (?)", (" ".join(words),))
    return [row[0] for row in db.execute("SELECT term FROM v ORDER BY offset")]


def test_every_english_word_of_the_model_vocabulary_stems_as_fts5_does():
    # ~21k lowercase words (bert-base-uncased WordPiece), far beyond any hand-made list.
    words = sorted({w for w in VOCAB.read_text(encoding="utf-8").split()
                    if re.fullmatch(r"[a-z]+", w)})
    assert len(words) > 20000
    expected = fts5_stems(words)
    assert len(expected) == len(words)
    wrong = [(w, e, stem(w)) for w, e in zip(words, expected) if stem(w) != e]
    assert wrong == []


def test_known_stems_and_words_left_alone():
    assert stem("deployments") == stem("deployment") == "deploy"
    assert stem("deploying") == stem("deploy") == "deploi"      # Porter's y -> i, as FTS5 does
    assert stem("ingestion") == "ingest"
    assert stem("relational") == "relat"
    assert stem("ponies") == "poni"
    for word in ("go", "v2", "café", "x86"):
        assert stem(word) == word
