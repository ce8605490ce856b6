"""The WordPiece vocabulary as an on-disk hash table: look-ups without building a dict.

A hook embeds one prompt, a few dozen vocabulary look-ups, but building the
30k-entry ``dict`` from ``vocab.txt`` cost every local-mode hook 8–12 ms on the
team's sandbox (splitting, hashing and allocating 30k strings), more than the rest
of the embedding. ``assets/vocab_index.bin`` holds the same token → row map as a
linear-probing hash table that is read in place (``aegis.embeddings.in_place``),
a 32-byte slot read and, for a candidate, one entry read per look-up::

    b"AEGISVIX" | u32 format | u32 rows | u32 home bits | u32 slots
    u32 × slots          0 = empty, else fingerprint << 20 | (entry offset + 1)
    entries              u32 row | u8 length | token (UTF-8), in row order

A token's home slot is the low ``home bits`` of ``zlib.crc32`` of its UTF-8 bytes
(stable across processes, unlike ``hash``); its fingerprint is the top 12 bits,
so a probe reads an entry only when the fingerprint matches. Probing runs
upwards without wrapping, and the table ends in an empty slot. ``build`` makes
the file from the token list (``python -m aegis.embeddings.vocab_index`` rewrites
the bundled one from ``vocab.txt``; a unit test checks they agree), and
``VocabIndex.get`` answers exactly what ``dict(zip(tokens, range(rows))).get`` does.
"""

from __future__ import annotations

import struct

from aegis.vocabulary import (ENTRY_HEAD, FORMAT, HEADER, MAGIC, NAME, OFFSET_BITS,
                              OFFSET_MASK, PROBE_SLOTS, VocabIndex, _home_and_fingerprint)

# The look-up side lives in aegis.vocabulary (keyword search asks it without loading
# this package); the names stay importable from here.
__all__ = ["ENTRY_HEAD", "FORMAT", "HEADER", "MAGIC", "NAME", "OFFSET_BITS", "OFFSET_MASK",
           "PROBE_SLOTS", "VocabIndex", "build", "main"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence


def build(tokens: Sequence[str]) -> bytes:
    """The index file of ``tokens`` (row i is ``tokens[i]``; a repeated token maps to
    its last row, as a dict built from the list would)."""
    rows = {}
    for row, token in enumerate(tokens):
        rows[token.encode("utf-8")] = row
    bits = max(4, (2 * len(rows) - 1).bit_length())     # load factor at most 1/2
    entries = bytearray()
    offsets = {}
    for row, token in enumerate(tokens):
        data = token.encode("utf-8")
        if rows[data] != row or data in offsets:
            continue
        if len(data) > 255:
            raise ValueError(f"token longer than 255 bytes: {token[:40]!r}")
        offsets[data] = len(entries)
        entries += ENTRY_HEAD.pack(row, len(data)) + data
    if len(entries) >= OFFSET_MASK:
        raise ValueError("vocabulary too large for this index format")
    slots = [0] * (1 << bits)
    for data, offset in offsets.items():
        position, fingerprint = _home_and_fingerprint(data, bits)
        while True:
            if position == len(slots):
                slots.append(0)
            if slots[position] == 0:
                slots[position] = fingerprint << OFFSET_BITS | (offset + 1)
                break
            position += 1
    slots.append(0)                                     # every probe run ends in an empty slot
    return (HEADER.pack(MAGIC, FORMAT, len(tokens), bits, len(slots))
            + struct.pack(f"<{len(slots)}I", *slots) + bytes(entries))


def main() -> int:
    """Rewrite the bundled index from the bundled ``vocab.txt``."""
    import os
    assets = os.path.join(os.path.dirname(__file__), "assets")
    with open(os.path.join(assets, "vocab.txt"), encoding="utf-8") as handle:
        tokens = handle.read().split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    with open(os.path.join(assets, NAME), "wb") as handle:
        handle.write(build(tokens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
