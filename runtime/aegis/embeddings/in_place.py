"""The bundled model's matrix read in place: only the rows a text uses.

A hook embeds one prompt, a dozen tokens, while loading the model used to read the
whole 7.6 MB matrix on every hook. Here the matrix stays in its file — the source
tree's, or its stored (uncompressed) entry inside the zipapp — and each row or
scale is read with ``os.pread`` when ``embed`` asks for it: exactly the bytes the
eager model slices, so the same vectors. Heavy users (the server, ``reindex``)
pass ``EAGER_AFTER`` reads and switch to the whole matrix, so bulk embedding costs
what it did. The vocabulary is read the same way, through its hash-table index
(``aegis.embeddings.vocab_index``): building the 30k-entry dict cost a hook more
than everything else the model does.

``asset_location`` (``aegis.package_data``'s, shared with the keyword neighbours'
table) returns None wherever reading in place is not possible (no ``pread``, a
compressed entry, an unknown archive layout): the model is then read whole, as
before.
"""

from __future__ import annotations

import os
import struct

from aegis.embeddings.base import EmbeddingFailed
from aegis.package_data import asset_location

__all__ = ["EAGER_AFTER", "Matrix", "Rows", "Scales", "asset_location"]

EAGER_AFTER = 2000               # row reads before the whole matrix is read
_SCALE = struct.Struct("<f")


class Matrix:
    """The model file at (file, offset, size), read piecewise; closes with the process."""

    def __init__(self, location: tuple[str, int, int], read_whole):
        path, self.offset, self.size = location
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._read_whole = read_whole            # () -> bytes: the eager fallback
        self._reads = 0
        self.whole: bytes | None = None

    def read(self, start: int, size: int) -> bytes:
        """``size`` bytes of the model file from ``start`` (short at its end)."""
        if self.whole is not None:
            return self.whole[start:start + size]
        self._reads += 1
        if self._reads > EAGER_AFTER:
            # (the descriptor stays open: another thread may be reading with it)
            self.whole = self._read_whole()
            return self.whole[start:start + size]
        size = max(0, min(size, self.size - start))
        try:
            data = os.pread(self._fd, size, self.offset + start)
        except OSError as exc:
            raise EmbeddingFailed(f"cannot read the local embedding model ({exc})") from None
        if len(data) != size:
            raise EmbeddingFailed("the local embedding model file changed while in use")
        return data


class Scales:
    """``scales[row]`` of the eager model, read from the matrix on demand."""

    def __init__(self, matrix: Matrix, start: int):
        self.matrix, self.start = matrix, start

    def __getitem__(self, row: int) -> float:
        return _SCALE.unpack(self.matrix.read(self.start + 4 * row, 4))[0]


class Rows:
    """``rows[a:b]`` of the eager model's int8 block, read from the matrix on demand."""

    def __init__(self, matrix: Matrix, start: int):
        self.matrix, self.start = matrix, start

    def __getitem__(self, span: slice) -> memoryview:
        return memoryview(self.matrix.read(self.start + span.start, span.stop - span.start)
                          ).cast("b")
