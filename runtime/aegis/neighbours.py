"""The local model's nearest words, as a table keyword search can use.

A prompt rarely uses the memory's words: "how long do we keep the old
coordinates?" for a memory about dropping position rows after 90 days. Besides
the hand-written near-synonyms (``aegis.related_terms``), a query word also
searches for the words the bundled embedding model places nearest to it
("coordinates" → "longitude", "predict" → "forecast", "velocity" → "speed").
The table is derived from the model's token rows at build time
(``build/distill/neighbours.py``), so keyword mode gains some of the model's
sense of words without loading the model.

Neighbours are distributional: they include topical and opposite words
("allowed" → "prohibited"), so they count as related words do (half a match,
``aegis.text.RELATED_WEIGHT``) and a memory that a prompt reaches only through one
of them has no lexical evidence (``aegis.text.lone_word_match``).

The asset (``embeddings/assets/neighbours.txt``: ``word neighbour…`` one line each,
sorted) is read once per process through the package loader, so it works from
the zipapp; a build without it just has no neighbours.
"""

from __future__ import annotations

from functools import lru_cache

ASSET = ("embeddings", "assets", "neighbours.txt")      # beside this module


@lru_cache(maxsize=1)
def _table() -> bytes:
    """The table's bytes (stored uncompressed in the zipapp: one read, no inflating)."""
    from aegis import package_data
    try:
        return package_data.read(__file__, *ASSET)
    except OSError:
        return b""


def _line(table: bytes, word: bytes) -> bytes:
    """The line of ``word`` in the sorted ``table`` (b"" if none), by bisection over byte
    offsets: a few dozen comparisons instead of a scan of the whole table."""
    low, high = 0, len(table)
    while low < high:                    # first line starting at or after ``middle``
        middle = (low + high) // 2
        start = table.rfind(b"\n", 0, middle) + 1
        end = table.find(b"\n", start)
        end = len(table) if end < 0 else end
        space = table.find(b" ", start, end)
        key = table[start:space if space >= 0 else end]
        if key == word:
            return table[start:end]
        if key < word:
            low = end + 1
        else:
            high = start
    return b""


@lru_cache(maxsize=512)
def neighbours(word: str) -> tuple[str, ...]:
    """The model's nearest words to ``word`` (none of its Porter stem), nearest first."""
    if not word.isascii() or not word.isalpha():
        return ()
    return tuple(_line(_table(), word.encode()).decode("ascii").split()[1:])
