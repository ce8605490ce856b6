"""The ``voyage`` provider: Voyage AI's embeddings REST API over the standard library.

The official SDK pulls ~200 MB of dependencies and ~0.5 s of imports per process,
which neither the zipapp nor the recall budget can carry, so this speaks the one
endpoint it needs (``POST {base}/embeddings``) with ``urllib``:

* ``input_type`` is ``query`` for searches and ``document`` for memories;
  ``output_dimension`` is ``AEGIS_EMBEDDING_DIMENSIONS`` (1024 by default).
* Vectors are requested base64-encoded (float32, little-endian), as the SDK does,
  and plain JSON lists are accepted too.
* Batches hold at most ``batch_size`` texts and ~``MAX_BATCH_TOKENS`` tokens.
* 429 and 5xx answers and network errors are retried with exponential backoff
  (honouring ``Retry-After``); a query, which a hook waits for, is retried once
  at most. 401/403 (bad key) and other 4xx fail at once with the fix in the message.

Every failure is an ``EmbeddingFailed``; the key never appears in a message.
"""

from __future__ import annotations

import array
import base64
import json
import random
import sys
import time
from typing import Any, Callable, Sequence

from aegis.embeddings.base import Embedder, EmbeddingFailed, normalized
from aegis.text import estimate_tokens

DEFAULT_BASE_URL = "https://api.voyageai.com/v1"
DEFAULT_MODEL = "voyage-3-large"
DEFAULT_DIMENSIONS = 1024
MAX_BATCH_TOKENS = 100_000
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_DELAY = 8.0
MISSING_KEY = ("AEGIS_EMBEDDING_MODE=voyage needs an API key: set VOYAGE_API_KEY (or the "
               "plugin's voyage_api_key setting)")


class VoyageEmbedder(Embedder):
    name = "voyage"
    label = "Voyage"
    similarity_range = (0.30, 0.75)
    miss_cooldown = 60.0           # a network or service outage outlasts one prompt
    batch_size = 128
    needs_key = True
    key_env_var = "VOYAGE_API_KEY"

    def __init__(self, api_key: str, model: str = DEFAULT_MODEL,
                 dimensions: int | None = None, base_url: str | None = None,
                 timeout: float = 10.0, max_retries: int = 3,
                 sleep: Callable[[float], None] = time.sleep):
        if not api_key:
            raise EmbeddingFailed(MISSING_KEY)
        self._api_key = api_key
        self.model = model or DEFAULT_MODEL
        self.dimensions = dimensions or DEFAULT_DIMENSIONS
        self.model_id = f"voyage:{self.model}"
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.query_retries = 1                # a hook waits for a query: one retry at most
        self.query_timeout = timeout
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"VoyageEmbedder(model={self.model!r}, dimensions={self.dimensions})"

    def hurry(self, seconds: float) -> None:
        """A caller will wait at most ``seconds`` for a query: no retry, no longer socket wait."""
        self.query_retries = 0
        self.query_timeout = max(0.05, min(self.timeout, seconds))

    # ------------------------------------------------------------ batching

    def embed_many(self, texts: Sequence[str], input_type: str = "document") -> list[list[float]]:
        vectors: list[list[float]] = []
        for batch in self._batches(texts):
            vectors += self.embed_batch(batch, input_type)
        return vectors

    def _batches(self, texts: Sequence[str]) -> list[list[str]]:
        batches: list[list[str]] = []
        current: list[str] = []
        tokens = 0
        for text in texts:
            cost = estimate_tokens(text)
            if current and (len(current) >= self.batch_size or tokens + cost > MAX_BATCH_TOKENS):
                batches.append(current)
                current, tokens = [], 0
            current.append(text)
            tokens += cost
        if current:
            batches.append(current)
        return batches

    # ------------------------------------------------------------ one request

    def embed_batch(self, texts: Sequence[str], input_type: str = "document") -> list[list[float]]:
        if not texts:
            return []
        body = json.dumps({"input": list(texts), "model": self.model, "input_type": input_type,
                           "output_dimension": self.dimensions, "truncation": True,
                           "encoding_format": "base64"}).encode("utf-8")
        if input_type == "query":
            retries, timeout = min(self.max_retries, self.query_retries), self.query_timeout
        else:
            retries, timeout = self.max_retries, self.timeout
        answer = self._post("/embeddings", body, retries, timeout)
        return self._vectors(answer, len(texts))

    def _post(self, path: str, body: bytes, retries: int, timeout: float) -> Any:
        import urllib.error
        import urllib.request
        request = urllib.request.Request(
            self.base_url + path, data=body, method="POST",
            headers={"Authorization": f"Bearer {self._api_key}",
                     "Content-Type": "application/json", "Accept": "application/json",
                     "User-Agent": "aegis-memory"})
        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    payload = response.read()
                try:
                    return json.loads(payload)
                except ValueError:
                    raise EmbeddingFailed("Voyage answered with something that is not JSON") from None
            except urllib.error.HTTPError as exc:
                status = exc.code
                detail = _error_detail(exc)
                if status in (401, 403):
                    raise EmbeddingFailed(f"Voyage rejected the API key (HTTP {status}); check "
                                          f"VOYAGE_API_KEY") from None
                if status not in RETRY_STATUSES:
                    raise EmbeddingFailed(f"Voyage refused the request (HTTP {status}{detail}); "
                                          f"check AEGIS_EMBEDDING_MODEL and "
                                          f"AEGIS_EMBEDDING_DIMENSIONS") from None
                retry_after = _seconds(exc.headers.get("Retry-After") if exc.headers else None)
                reason = "rate limited (HTTP 429)" if status == 429 else f"HTTP {status}"
            except (urllib.error.URLError, OSError) as exc:
                reason = f"cannot reach Voyage ({getattr(exc, 'reason', None) or exc})"
            if attempt >= retries:
                raise EmbeddingFailed(f"Voyage embeddings failed: {reason} after "
                                      f"{attempt + 1} attempt(s)")
            delay = retry_after if retry_after is not None else 0.5 * 2 ** attempt
            self._sleep(min(MAX_RETRY_DELAY, delay) * (1.0 + 0.1 * random.random()))
            attempt += 1

    def _vectors(self, answer: Any, count: int) -> list[list[float]]:
        try:
            items = sorted(answer["data"], key=lambda item: item["index"])
            raw = [item["embedding"] for item in items]
        except (KeyError, TypeError):
            raise EmbeddingFailed("Voyage answered without embeddings") from None
        if len(raw) != count:
            raise EmbeddingFailed(f"Voyage returned {len(raw)} embeddings for {count} texts")
        return [normalized(_decode(value)) for value in raw]


def _decode(value: Any) -> list[float]:
    if isinstance(value, str):
        try:
            floats = array.array("f")
            floats.frombytes(base64.b64decode(value, validate=True))
        except (ValueError, TypeError):
            raise EmbeddingFailed("Voyage returned a malformed base64 embedding") from None
        if sys.byteorder != "little":
            floats.byteswap()
        return floats.tolist()
    if isinstance(value, list):
        try:
            return [float(x) for x in value]
        except (TypeError, ValueError):
            raise EmbeddingFailed("Voyage returned an embedding that is not numbers") from None
    raise EmbeddingFailed("Voyage returned an embedding of an unknown shape")


def _error_detail(exc: Any) -> str:
    try:
        detail = json.loads(exc.read() or b"{}").get("detail")
    except Exception:
        return ""
    return f": {str(detail)[:160]}" if detail else ""


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
