"""The ``local`` provider: a static embedding model run in pure Python.

The model (distilled at build time from all-MiniLM-L6-v2, see build/distill/) is
one row of int8 numbers per WordPiece token plus a float32 scale per row. A text's
vector is the mean of its tokens' rows, scaled to unit length: a tokenizer pass
and a few row lookups, no native code.

Asset layout (``assets/``, read through the package loader so it works from the
zipapp without extraction)::

    model.bin   b"AEGISEMB" | u32 format | u32 rows | u32 dims | f32 scale × rows | i8 × rows × dims
    vocab.txt   one token a line, in row order

Loading keeps the int8 block as one buffer and decodes only the rows a text uses.
Where the assets can be read in place (a file, or a stored zipapp entry), neither
the matrix nor the vocabulary is loaded: rows are read as texts use them, and
tokens are looked up in ``vocab_index.bin`` (``aegis.embeddings.vocab_index``).
"""

from __future__ import annotations

import array
import os
import struct
import sys

from aegis.embeddings.base import Embedder, EmbeddingFailed
from aegis.embeddings.wordpiece import WordPiece
from aegis.text import CHUNK, STOPWORDS, words

TYPE_CHECKING = False
if TYPE_CHECKING:         # pathlib and typing cost every local-mode hook ~10 ms
    from pathlib import Path
    from typing import Sequence

MAGIC = b"AEGISEMB"
FORMAT = 1
HEADER = struct.Struct("<8sIII")
ASSET_PACKAGE_DIR = "assets"
MAX_TOKENS = 512
MODEL_NAME = "minilm-l6-v2-static"


def _asset_path(name: str) -> str:
    return os.path.join(os.path.dirname(__file__), ASSET_PACKAGE_DIR, name)


def _read_asset(name: str) -> bytes:
    """An asset's bytes, from the source tree or from inside the zipapp."""
    from aegis import package_data
    try:
        return package_data.read(__file__, ASSET_PACKAGE_DIR, name)
    except OSError as exc:
        raise EmbeddingFailed(f"the local embedding model is missing from this build "
                              f"({name}: {exc.strerror or exc}); rebuild with build/distill") from None


def _layout(head: bytes, size: int) -> tuple[int, int, int]:
    """(rows, dimensions, end of the scales) of a model file of ``size`` bytes that
    starts with ``head``; EmbeddingFailed for a truncated or foreign file."""
    if size < HEADER.size or len(head) < HEADER.size:
        raise EmbeddingFailed("the local embedding model file is truncated")
    magic, version, rows, dims = HEADER.unpack_from(head)
    if magic != MAGIC or version != FORMAT:
        raise EmbeddingFailed("the local embedding model file has an unknown format")
    scale_end = HEADER.size + 4 * rows
    if size != scale_end + rows * dims:
        raise EmbeddingFailed("the local embedding model file is truncated")
    return rows, dims, scale_end


def _tokens(vocab_text: str, rows: int) -> list[str]:
    """The vocabulary, one token a line in row order; it must have ``rows`` lines."""
    tokens = vocab_text.split("\n")
    if tokens and tokens[-1] == "":
        tokens.pop()
    if len(tokens) != rows:
        raise EmbeddingFailed("the local embedding vocabulary does not match the model")
    return tokens


def sha256_hex(data: bytes) -> str:
    """``hashlib.sha256(data).hexdigest()`` without loading OpenSSL (``_hashlib``, ~5 ms
    of every local-mode hook): CPython's own SHA-256 where the build has it."""
    try:
        if sys.version_info >= (3, 12):
            from _sha2 import sha256
        else:
            from _sha256 import sha256
    except ImportError:                     # a build without them: OpenSSL's
        from hashlib import sha256
    return sha256(data).hexdigest()


class StaticModel:
    """Token rows + WordPiece; ``embed`` is the model2vec mean-pool, unit length."""

    def __init__(self, blob: bytes, vocab_text: str, dimensions: int | None = None):
        rows, dims, scale_end = _layout(blob, len(blob))
        tokens = _tokens(vocab_text, rows)
        self.native_dimensions = dims
        self.dimensions = min(dimensions or dims, dims)
        self.scales = array.array("f")
        self.scales.frombytes(blob[HEADER.size:scale_end])
        if sys.byteorder != "little":
            self.scales.byteswap()
        self._rows = memoryview(blob)[scale_end:].cast("b")
        self.tokenizer = WordPiece(dict(zip(tokens, range(rows))))
        self.digest = sha256_hex(blob[:HEADER.size + 4 * min(rows, 4096)])[:12]

    @classmethod
    def in_place(cls, location: tuple[str, int, int], vocabulary: tuple[str, int, int],
                 dimensions: int | None = None) -> "StaticModel":
        """The model file at ``location`` and the vocabulary index at ``vocabulary``
        (``in_place.asset_location``), both read piecewise as texts need them; the same
        vectors as the eager model (see aegis.embeddings.in_place and .vocab_index)."""
        from aegis.embeddings.in_place import Matrix, Rows, Scales
        from aegis.embeddings.vocab_index import NAME, VocabIndex
        matrix = Matrix(location, lambda: _read_asset("model.bin"))
        rows, dims, scale_end = _layout(matrix.read(0, HEADER.size), matrix.size)
        try:
            vocab = VocabIndex(Matrix(vocabulary, lambda: _read_asset(NAME)).read)
        except ValueError as exc:
            raise EmbeddingFailed(f"the local embedding vocabulary index is damaged ({exc})"
                                  ) from None
        if vocab.rows != rows:
            raise EmbeddingFailed("the local embedding vocabulary does not match the model")
        model = cls.__new__(cls)
        model.native_dimensions = dims
        model.dimensions = min(dimensions or dims, dims)
        model.scales = Scales(matrix, HEADER.size)
        model._rows = Rows(matrix, scale_end)
        model.tokenizer = WordPiece(vocab)
        model.digest = sha256_hex(matrix.read(0, HEADER.size + 4 * min(rows, 4096)))[:12]
        return model

    @classmethod
    def from_directory(cls, directory: Path, dimensions: int | None = None) -> "StaticModel":
        from pathlib import Path
        directory = Path(directory)
        return cls((directory / "model.bin").read_bytes(),
                   (directory / "vocab.txt").read_text(encoding="utf-8"), dimensions)

    @classmethod
    def bundled(cls, dimensions: int | None = None) -> "StaticModel":
        """The model shipped with Aegis, read in place where possible (a hook embeds one
        prompt: reading all of it would be most of the hook's cost)."""
        from aegis.embeddings.in_place import asset_location
        from aegis.embeddings.vocab_index import NAME
        location = asset_location(_asset_path("model.bin"))
        vocabulary = asset_location(_asset_path(NAME))
        if location is not None and vocabulary is not None:
            try:
                return cls.in_place(location, vocabulary, dimensions)
            except OSError:
                pass                      # read it whole, as where in place is impossible
        return cls(_read_asset("model.bin"), _read_asset("vocab.txt").decode("utf-8"), dimensions)

    def embed(self, text: str) -> list[float]:
        """Unit-length mean of the token rows (zero vector for a text with no tokens).

        PCA orders the dimensions by variance, so keeping the first ``dimensions``
        of each row is the same model reduced further.
        """
        ids = self.tokenizer.encode(text)
        unk = self.tokenizer.unk_id
        dims, native, rows, scales = self.dimensions, self.native_dimensions, self._rows, self.scales
        total = [0.0] * dims
        count = 0
        for token in ids[:MAX_TOKENS] if len(ids) > MAX_TOKENS else ids:
            if token == unk:
                continue
            scale = scales[token]
            start = token * native
            total = [t + scale * x for t, x in zip(total, rows[start:start + dims])]
            count += 1
        norm = sum(t * t for t in total) ** 0.5
        if not count or norm == 0.0:
            return total
        return [t / norm for t in total]


_SHARED: dict[int | None, StaticModel] = {}


def shared_model(dimensions: int | None = None) -> StaticModel:
    """The bundled model, loaded once per process: the memory server opens a service,
    and with it an embedder, for every hook it runs for the session (aegis.hooks.relay),
    and the model never changes while the process runs."""
    model = _SHARED.get(dimensions)
    if model is None:
        model = _SHARED[dimensions] = StaticModel.bundled(dimensions)
    return model


class LocalEmbedder(Embedder):
    """The bundled static model as an ``Embedder``; the asset loads on first use."""

    name = "local"
    label = "the local embedding model"
    # Slow only when the machine is busy: a short back-off, kept apart from Voyage's,
    # so a burst of prompts does not each wait, and the next quiet prompt tries again.
    miss_cooldown = 10.0
    # Calibrated on labelled paraphrase and off-topic prompts (bench/embeddings.py,
    # bench/recall_quality.py): off-topic prompts rarely exceed 0.45 cosine to any
    # memory once filler words are dropped, paraphrases of a memory mostly do.
    similarity_range = (0.40, 0.90)
    batch_size = 256

    def __init__(self, dimensions: int | None = None, model: StaticModel | None = None):
        self._wanted = dimensions
        self._model = model

    @property
    def model(self) -> StaticModel:
        if self._model is None:
            self._model = shared_model(self._wanted)
        return self._model

    @property
    def dimensions(self) -> int:              # type: ignore[override]
        return self.model.dimensions

    @property
    def model_id(self) -> str:                # type: ignore[override]
        return f"local:{MODEL_NAME}@{self.model.digest}"

    def embed_batch(self, texts: Sequence[str], input_type: str = "document") -> list[list[float]]:
        model = self.model
        return [model.embed(content_words(text)) for text in texts]


def content_words(text: str) -> str:
    """``text`` without the chunks that are only stopwords (``aegis.text.STOPWORDS``).

    A static model mean-pools token rows, so filler ("ok thanks", "please", "how do
    I") pulls every text toward one shared direction; dropping it measurably
    separates off-topic prompts from paraphrases. A text of filler only embeds to
    the zero vector, which matches nothing.
    """
    kept = []
    for chunk in CHUNK.findall(text):
        parts = words(chunk)
        if not parts or any(part not in STOPWORDS for part in parts):
            kept.append(chunk)
    return " ".join(kept)
