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

import os
import sys
from functools import lru_cache

ASSET = os.path.join(os.path.dirname(__file__), "embeddings", "assets", "neighbours.txt")


@lru_cache(maxsize=1)
def _table() -> bytes:
    """b"\\n" + the table: each line then starts after a newline, so a lookup is one find."""
    loader = getattr(sys.modules[__name__], "__loader__", None)
    get_data = getattr(loader, "get_data", None)
    try:
        if get_data is not None:
            return b"\n" + get_data(ASSET)
        with open(ASSET, "rb") as handle:
            return b"\n" + handle.read()
    except OSError:
        return b""


@lru_cache(maxsize=512)
def neighbours(word: str) -> tuple[str, ...]:
    """The model's nearest words to ``word`` (none of its Porter stem), nearest first."""
    if not word.isascii() or not word.isalpha():
        return ()
    table = _table()
    at = table.find(b"\n" + word.encode() + b" ")
    if at < 0:
        return ()
    end = table.find(b"\n", at + 1)
    return tuple(table[at + 1:end if end >= 0 else len(table)].decode("ascii").split()[1:])
