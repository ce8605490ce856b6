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

import functools
import struct
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Sequence

MAGIC = b"AEGISVIX"
FORMAT = 1
HEADER = struct.Struct("<8sIIII")
ENTRY_HEAD = struct.Struct("<IB")
OFFSET_BITS = 20                     # entry offsets below 1 MiB; fingerprints are the rest
OFFSET_MASK = (1 << OFFSET_BITS) - 1
PROBE_SLOTS = 8                      # slots read at once (one pread covers a probe run)
NAME = "vocab_index.bin"


def _home_and_fingerprint(data: bytes, bits: int) -> tuple[int, int]:
    h = zlib.crc32(data)
    return h & ((1 << bits) - 1), h >> OFFSET_BITS


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


class VocabIndex:
    """Token → row look-ups in an index file read through ``read(start, size)``
    (``in_place.Matrix.read``); the ``dict.get`` a ``WordPiece`` needs."""

    def __init__(self, read: Callable[[int, int], bytes]):
        magic, version, self.rows, self._bits, self._slots = HEADER.unpack(
            read(0, HEADER.size).ljust(HEADER.size, b"\0"))
        if magic != MAGIC or version != FORMAT:
            raise ValueError("not a vocabulary index")
        self._read = read
        self._entries = HEADER.size + 4 * self._slots
        self._known: dict[str, int | None] = {}

    def get(self, token: str, default: int | None = None) -> int | None:
        known = self._known.get(token, self)
        if known is self:
            known = self._known[token] = self._look_up(token)
        return default if known is None else known

    def _look_up(self, token: str) -> int | None:
        try:
            data = token.encode("utf-8")
        except UnicodeEncodeError:                      # a lone surrogate: no token has one
            return None
        position, fingerprint = _home_and_fingerprint(data, self._bits)
        wanted = len(data)
        while position < self._slots:
            count = min(PROBE_SLOTS, self._slots - position)
            chunk = self._read(HEADER.size + 4 * position, 4 * count)
            if len(chunk) != 4 * count:
                raise ValueError("the vocabulary index is truncated")
            for (slot,) in struct.iter_unpack("<I", chunk):
                if slot == 0:
                    return None
                if slot >> OFFSET_BITS == fingerprint:
                    start = self._entries + (slot & OFFSET_MASK) - 1
                    entry = self._read(start, ENTRY_HEAD.size + wanted)
                    row, length = ENTRY_HEAD.unpack_from(entry)
                    if length == wanted and entry[ENTRY_HEAD.size:] == data:
                        return row
                position += 1
        return None


@functools.lru_cache(maxsize=1)
def bundled() -> VocabIndex | None:
    """The bundled vocabulary's index, read in place where possible (a look-up is a
    few ``pread`` calls), else whole; None when the build has none."""
    import os

    from aegis import package_data
    from aegis.embeddings.base import EmbeddingFailed
    from aegis.embeddings.in_place import Matrix, asset_location

    def whole() -> bytes:
        return package_data.read(__file__, "assets", NAME)
    try:
        location = asset_location(os.path.join(os.path.dirname(__file__), "assets", NAME))
        if location is not None:
            return VocabIndex(Matrix(location, whole).read)
        data = whole()
        return VocabIndex(lambda start, size: data[start:start + size])
    except (OSError, ValueError, EmbeddingFailed):
        return None


def is_token(word: str) -> bool:
    """Whether ``word`` is a whole token of the bundled vocabulary (bert-base-uncased:
    the English words, and the names common enough, that its corpus spells whole)."""
    index = bundled()
    return index is not None and index.get(word) is not None


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
