"""Compact vectors and fast pure-Python similarity for the embedded store.

Storage: one BLOB per memory in ``embeddings.vector`` (with ``model`` and
``dimensions`` beside it)::

    sign bits (ceil(d / 8) bytes, little-endian)  |  int8 components (d bytes)

The vector is unit length before quantization and every component is scaled by
127 / max|v|; cosine similarity is scale-free, so the int8 values are compared
as they are. 256 dimensions take 288 bytes instead of 2 KB of float64.

Search is two-stage so it stays fast without numpy: a Hamming distance between
sign bits (``int.bit_count`` on one Python int per memory) ranks every stored
vector and keeps the nearest few hundred, then exact cosine on the int8 values
re-ranks those. Sign bits approximate angular distance (SimHash), so the true
neighbours survive the cut.

``fuse`` turns BM25-derived lexical relevance and cosine into the one 0..1
relevance that recall's floor filters on (see its docstring).
"""

from __future__ import annotations

import array
import functools
import heapq
import math
import operator
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Iterable, Sequence

RERANK_CANDIDATES = 200
AGREEMENT_BONUS = 0.3


def normalized(vector: Sequence[float]) -> list[float]:
    """``vector`` scaled to unit length (a zero or non-finite vector becomes zeros)."""
    norm = math.sqrt(math.fsum(x * x for x in vector))
    if norm == 0.0 or not math.isfinite(norm):
        return [0.0] * len(vector)
    return [x / norm for x in vector]


def signature_bytes(dimensions: int) -> int:
    return (dimensions + 7) // 8


def pack(vector: Sequence[float]) -> bytes:
    """The stored form of ``vector``: sign bits, then int8 components."""
    peak = max((abs(x) for x in vector), default=0.0)
    scale = 127.0 / peak if peak > 0 and math.isfinite(peak) else 0.0
    quantized = array.array("b", [int(round(x * scale)) for x in vector])
    return (signature(vector).to_bytes(signature_bytes(len(vector)), "little")
            + quantized.tobytes())


def unpack(blob: bytes, dimensions: int) -> array.array:
    """The int8 components of a stored vector."""
    values = array.array("b")
    values.frombytes(blob[signature_bytes(dimensions):signature_bytes(dimensions) + dimensions])
    return values


def signature(vector: Sequence[float]) -> int:
    bits = 0
    for index, x in enumerate(vector):
        if x > 0:
            bits |= 1 << index
    return bits


def nearest_by_signature(query: Sequence[float], rows: Iterable[tuple[int, bytes]],
                         keep: int = RERANK_CANDIDATES) -> list[int]:
    """Row ids of the ``keep`` signatures closest to ``query``'s in Hamming distance."""
    wanted = signature(query)
    from_bytes = int.from_bytes
    scored = [((wanted ^ from_bytes(sig, "little")).bit_count(), rowid) for rowid, sig in rows]
    if len(scored) <= keep:
        return [rowid for _, rowid in scored]
    return [rowid for _, rowid in heapq.nsmallest(keep, scored)]


class SignatureSnapshot:
    """Every sign-bit signature of one namespace and model, as two flat blobs.

    Reading one row of two blobs is far cheaper than one Python tuple per memory,
    which is what makes a hook-time scan of 100k vectors affordable. ``nearest``
    first ranks by the leading 64 bits (one ``array`` word per memory, the highest
    variance components for PCA- and Matryoshka-ordered models), then re-ranks the
    best few thousand by the full signature.
    """

    def __init__(self, rowids: bytes, signatures: bytes, dimensions: int):
        self.rowids = array.array("q")
        self.rowids.frombytes(rowids)
        self.signatures = signatures
        self.width = signature_bytes(dimensions)
        self._columns: list[bytes] | None = None

    @classmethod
    def build(cls, rows: Sequence[tuple[int, bytes]], dimensions: int) -> "SignatureSnapshot":
        width = signature_bytes(dimensions)
        ids = array.array("q", [rowid for rowid, _ in rows])
        blob = b"".join(sig.ljust(width, b"\0")[:width] for _, sig in rows)
        return cls(ids.tobytes(), blob, dimensions)

    def blobs(self) -> tuple[bytes, bytes]:
        return self.rowids.tobytes(), self.signatures

    def __len__(self) -> int:
        return len(self.rowids)

    def nearest(self, query: Sequence[float], keep: int = RERANK_CANDIDATES) -> list[int]:
        count, width, sigs = len(self.rowids), self.width, self.signatures
        if count <= keep:
            return list(self.rowids)
        wanted = signature(query)
        positions: Iterable[int] = range(count)
        if width >= 8 and count > keep * 8:
            positions = _smallest_positions(self._leading_distances(wanted), keep * 8)
        from_bytes = int.from_bytes
        fine = [((wanted ^ from_bytes(sigs[i * width:(i + 1) * width], "little")).bit_count(), i)
                for i in positions]
        return [self.rowids[i] for _, i in heapq.nsmallest(keep, fine)]

    def _leading_distances(self, wanted: int) -> bytes:
        """Hamming distance (0..64) of every memory's leading 64 bits to ``wanted``'s.

        Computed column-wise so that the per-memory work happens in C: column j
        holds byte j of every signature (sliced once per snapshot); ``translate``
        maps each to its bit distance from the query's byte j, and the eight
        columns are added as big integers (a sum never exceeds 64, so no byte
        carries into its neighbour).
        """
        if self._columns is None:
            self._columns = [self.signatures[j::self.width] for j in range(8)]
        total = 0
        for j, column in enumerate(self._columns):
            table = _distance_table((wanted >> (8 * j)) & 0xFF)
            total += int.from_bytes(column.translate(table), "little")
        return total.to_bytes(len(self._columns[0]), "little")


def _distance_table(byte: int) -> bytes:
    """``translate`` table: each byte value -> its bit distance from ``byte``."""
    return bytes(_POPCOUNT[byte ^ value] for value in range(256))


_POPCOUNT = [value.bit_count() for value in range(256)]


def _smallest_positions(distances: bytes, keep: int) -> list[int]:
    """Indexes of the ``keep`` smallest distances (0..64), ties in index order
    (``sorted(range(len(distances)), key=distances.__getitem__)[:keep]``)."""
    low, high = 0, 64                 # the smallest cut with at least ``keep`` at or below it
    while low < high:
        middle = (low + high) // 2
        above = len(distances.translate(None, _ABOVE[middle]))
        if len(distances) - above >= keep:
            high = middle
        else:
            low = middle + 1
    cut = low
    chosen = [m.start() for m in re.finditer(_at_most(cut - 1), distances)] if cut else []
    tied = re.finditer(re.escape(bytes([cut])), distances)
    chosen += [m.start() for _, m in zip(range(keep - len(chosen)), tied)]
    return chosen


_ABOVE = [bytes(range(cut + 1)) for cut in range(65)]          # delete these: keep > cut


@functools.lru_cache(maxsize=None)
def _at_most(cut: int) -> re.Pattern:
    """The pattern of one byte 0..``cut``; compiled on first use (a query needs one of
    the 65, and compiling them all cost every local-mode hook 1.5–4 ms at import)."""
    return re.compile(b"[\\x00-\\x%02x]" % cut)


def cosine(query: Sequence[float], stored: Sequence[int]) -> float:
    """Cosine between a unit-length float query and stored int8 components."""
    norm = math.sqrt(sum(map(operator.mul, stored, stored)))
    if norm == 0.0:
        return 0.0
    return sum(map(operator.mul, query, stored)) / norm


def stored_cosine(query: Sequence[float], blob: bytes, dimensions: int) -> float:
    """``cosine(query, unpack(blob, dimensions))``, the same float, about twice as fast.

    The squared norm is an exact integer however it is summed, so it is added up in
    C: ``translate`` maps each int8 byte to the low and the high byte of its square,
    and ``sum`` of a bytes object never makes a Python-level call. Only the dot
    product (floats, whose sum depends on order) stays as ``cosine`` computes it.
    """
    start = signature_bytes(dimensions)
    components = blob[start:start + dimensions]
    squares = sum(components.translate(_SQUARE_LOW)) + 256 * sum(components.translate(_SQUARE_HIGH))
    if squares == 0:
        return 0.0
    values = array.array("b")
    values.frombytes(components)
    return sum(map(operator.mul, query, values)) / math.sqrt(squares)


_SQUARES = [(value - 256 if value > 127 else value) ** 2 for value in range(256)]  # int8 bytes
_SQUARE_LOW = bytes(square & 0xFF for square in _SQUARES)
_SQUARE_HIGH = bytes(square >> 8 for square in _SQUARES)


def semantic_relevance(similarity: float, similarity_range: tuple[float, float]) -> float:
    """Cosine mapped to 0..1: the model's "unrelated" cosine → 0, its "clear match" → 1."""
    low, high = similarity_range
    if high <= low:
        return max(0.0, min(1.0, similarity))
    return max(0.0, min(1.0, (similarity - low) / (high - low)))


def fuse(lexical: float, semantic: float | None) -> float:
    """One 0..1 relevance from lexical relevance and calibrated semantic relevance.

    The stronger signal leads and agreement adds a bounded bonus: a memory that
    matches only by meaning (a paraphrase) gets its semantic relevance, an exact
    keyword match keeps its lexical one, and both together rank above either.
    Because each signal is calibrated so that unrelated text lands near 0, the
    floor still removes off-topic memories: two weak signals stay weak.
    """
    if semantic is None:
        return lexical
    high, low = max(lexical, semantic), min(lexical, semantic)
    return min(1.0, high + AGREEMENT_BONUS * low * (1.0 - high))
