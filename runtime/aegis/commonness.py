"""How common a word is in general English, read off the bundled model's vocabulary.

Recall must not inject a memory because it shares one everyday word with a prompt:
"what's a good name for a cat" and "event names are snake_case" share "name",
"what's the difference between a process and a thread" and the release process
share "process". How ordinary a word is cannot be learnt from a store of a few
dozen memories (in one, "name" may occur once, as rare as "oban"), so it comes from
outside: the bert-base-uncased WordPiece vocabulary that the local model keeps
(``embeddings/assets/vocab.txt``) lists its whole words in the order of their
frequency in the corpus it was built from, the ordering model2vec's SIF weighting
of that model already relies on. A word among its first ``COMMON_ROWS`` rows
("time", "name", "keep", "process", "speed", "test") is common; a
rarer one, or one the vocabulary only has in pieces ("oban", "malloc", "grpc"),
is specific.

The vocabulary is read through its on-disk hash index (``vocab_index.bin``), in
place where it can be (a few ``pread`` calls per word), so keyword mode pays
nothing for the model itself. A build without the asset calls every word specific,
which is what recall did before this module.
"""

from __future__ import annotations

from functools import lru_cache

# Rows 0–~1000 are characters and sub-word pieces, so this is about the 1500 most
# frequent whole words (in Wikipedia and books): "speed" (row 2180) is common,
# "secrets" (2598), "functions" (2856) and "file" (4374) are not.
COMMON_ROWS = 2500


@lru_cache(maxsize=1)
def _index():
    """The vocabulary's ``get`` (token -> row), or None when the asset is missing."""
    import os

    from aegis import package_data
    from aegis.embeddings import vocab_index
    from aegis.embeddings.in_place import Matrix, asset_location
    path = os.path.join(os.path.dirname(vocab_index.__file__), "assets", vocab_index.NAME)
    try:
        location = asset_location(path)
        if location is not None:
            read = Matrix(location, lambda: package_data.read(vocab_index.__file__, "assets",
                                                              vocab_index.NAME)).read
        else:
            data = package_data.read(vocab_index.__file__, "assets", vocab_index.NAME)
            read = lambda start, size: data[start:start + size]  # noqa: E731
        return vocab_index.VocabIndex(read).get
    except Exception:            # missing, damaged (ValueError) or short (EmbeddingFailed)
        return None


@lru_cache(maxsize=1024)
def rank(word: str) -> int | None:
    """The row of ``word``, or of its singular if that is more frequent ("zones" counts
    as "zone"), in the vocabulary; None for a word it has only in pieces."""
    get = _index()
    if get is None or not word.isascii():
        return None
    forms = [word]
    if word.endswith("s") and len(word) > 3:
        forms += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    try:
        rows = [row for row in map(get, forms) if row is not None]
    except Exception:            # a damaged or vanished asset: treat as rare
        return None
    return min(rows, default=None)


def is_common(word: str) -> bool:
    """Whether ``word`` is one of the most frequent English words (see the module doc)."""
    found = rank(word)
    return found is not None and found < COMMON_ROWS
