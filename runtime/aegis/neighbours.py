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
sorted, 0.8 MB) is bisected where it lies (``aegis.package_data.asset_location``:
the zipapp stores it uncompressed), a few kilobytes read per word, so a hook does
not read the whole table for the few words of one prompt; where it cannot be read
in place (no ``os.pread``, a compressed entry) it is read whole, once per process. A build without it just has no
neighbours.
"""

from __future__ import annotations

import os
from functools import lru_cache

ASSET = ("embeddings", "assets", "neighbours.txt")      # beside this module
WINDOW = 256        # bytes read per step: more than a line (the longest is ~105), key and all
SCAN = 4096         # a range this small is read in one go and its lines compared


@lru_cache(maxsize=1)
def _source():
    """``(read, size)``: ``read(offset, length)`` of the table where it lies (a ``pread``
    of the source file or of the zipapp's stored entry, ``package_data.asset_location``,
    through one descriptor kept for the process), else of its bytes, read whole once."""
    from aegis import package_data
    location = package_data.asset_location(os.path.join(os.path.dirname(__file__), *ASSET))
    if location is not None:
        path, at, size = location
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            pass
        else:
            def read(offset: int, length: int) -> bytes:
                try:
                    return os.pread(fd, max(0, min(length, size - offset)), at + offset)
                except OSError:
                    return b""
            return read, size
    try:
        table = package_data.read(__file__, *ASSET)
    except OSError:
        table = b""
    return (lambda offset, length: table[offset:offset + length]), len(table)


def _lookup(word: bytes) -> bytes:
    read, size = _source()
    return _line(read, size, word)


def _line(read, size: int, word: bytes) -> bytes:
    """The line of ``word`` in the sorted table of ``size`` bytes that ``read(offset,
    length)`` reads (b"" if none), by bisection over byte offsets.

    ``low`` is always a line start and every line before it sorts before ``word``;
    every line starting at ``high`` or later sorts after it. Each step reads one
    window at the middle and compares the key of the first line starting there; once
    the range is ``SCAN`` bytes wide, its lines are read and compared in one go. A line
    longer than a window (not in the shipped table) makes the rest one scan."""
    low, high = 0, size
    while high - low > SCAN:
        middle = (low + high) // 2
        chunk = read(middle, WINDOW)
        newline = chunk.find(b"\n")
        if newline < 0 and len(chunk) == WINDOW:
            high = size
            break
        start = middle + newline + 1
        if newline < 0 or start >= high:
            high = middle + 1                # no line starts between ``middle`` and ``high``
            continue
        rest = chunk[newline + 1:]
        if b"\n" not in rest and start + len(rest) < size:
            high = size
            break
        key = rest.split(b"\n", 1)[0].split(b" ", 1)[0]
        if key == word:
            return rest.split(b"\n", 1)[0]
        if key < word:
            low = start
        else:
            high = start
    position = low
    for line in read(low, high - low + WINDOW if high < size else size - low).split(b"\n"):
        if position >= high:
            break
        key = line.split(b" ", 1)[0]
        if key == word:
            return line
        if key > word:
            break
        position += len(line) + 1
    return b""


@lru_cache(maxsize=512)
def neighbours(word: str) -> tuple[str, ...]:
    """The model's nearest words to ``word`` (none of its Porter stem), nearest first."""
    if not word.isascii() or not word.isalpha():
        return ()
    return tuple(_lookup(word.encode()).decode("ascii").split()[1:])
