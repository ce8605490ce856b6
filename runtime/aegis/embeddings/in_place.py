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

``asset_location`` returns None wherever reading in place is not possible (no
``pread``, a compressed entry, an unknown archive layout): the model is then read
whole, as before.
"""

from __future__ import annotations

import os
import struct

from aegis.embeddings.base import EmbeddingFailed

EAGER_AFTER = 2000               # row reads before the whole matrix is read
_SCALE = struct.Struct("<f")
_LOCAL_HEADER = struct.Struct("<4s22xHH")      # zip local file header: signature … name, extra


def asset_location(path: str) -> tuple[str, int, int] | None:
    """(file, offset, size) of the asset at ``path`` (a file, or a path inside a zipapp
    on ``sys.path``), or None when it cannot be read in place."""
    if not hasattr(os, "pread"):
        return None
    try:
        if os.path.isfile(path):
            return path, 0, os.path.getsize(path)
        import zipimport
        directories = getattr(zipimport, "_zip_directory_cache", None)
        if not isinstance(directories, dict):
            return None
        archive = path
        while archive not in directories:
            parent = os.path.dirname(archive)
            if parent == archive:
                return None
            archive = parent
        entry = directories[archive].get(os.path.relpath(path, archive))
        if not isinstance(entry, tuple) or len(entry) != 8:
            return None
        _name, compress, data_size, file_size, header_offset = entry[:5]
        if compress != 0 or data_size != file_size:
            return None
        with open(archive, "rb") as handle:
            header = os.pread(handle.fileno(), _LOCAL_HEADER.size, header_offset)
        if len(header) != _LOCAL_HEADER.size:
            return None
        signature, name_size, extra_size = _LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            return None
        return archive, header_offset + _LOCAL_HEADER.size + name_size + extra_size, data_size
    except (OSError, ValueError, TypeError, AttributeError):
        return None


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
