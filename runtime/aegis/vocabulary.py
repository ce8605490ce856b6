"""The bundled WordPiece vocabulary as an on-disk hash table, and the one question keyword
search asks of it: is this a whole word of the vocabulary?

The table (``embeddings/assets/vocab_index.bin``, written by
``aegis.embeddings.vocab_index``, which documents its layout) is read through
``read(start, size)``: in place for the local model (``aegis.embeddings.in_place``),
or from its bytes. This module imports nothing of ``aegis.embeddings``, so keyword
mode can ask ``is_token`` without loading the embedding package (``none`` mode
imports nothing from it).
"""


from __future__ import annotations

import struct
import zlib
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

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


@lru_cache(maxsize=1)
def _bundled() -> VocabIndex | None:
    """The bundled index, read whole once (0.6 MB, about 0.5 ms; only a hook that needs
    it pays); None when the build has none."""
    from aegis import package_data
    try:
        data = package_data.read(__file__, "embeddings", "assets", NAME)
        return VocabIndex(lambda start, size: data[start:start + size])
    except (OSError, ValueError):
        return None


def is_token(word: str) -> bool:
    """Whether ``word`` is a whole token of the bundled vocabulary (bert-base-uncased's:
    the English words, and the names frequent enough, that its corpus spells whole)."""
    index = _bundled()
    return index is not None and index.get(word) is not None
