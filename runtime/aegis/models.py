"""The memory model shared by the service, the stores and the adapters.

Immutable records (``aegis.record``): the internal API is typed values, and
each adapter turns them into its own wire format (``to_dict`` is the one JSON shape the CLI
``--json`` output, the MCP tools and export share).
"""

from __future__ import annotations

import time

from aegis.record import EMPTY_MAPPING, Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping

KINDS = ("fact", "event")
RELATION_KINDS = ("relates_to", "supersedes", "caused_by", "depends_on", "contradicts",
                  "part_of", "example_of")


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def parse_time(value: str | float | int | None) -> float | None:
    """Epoch seconds from an ISO-8601 string (date or datetime) or a number."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    from datetime import datetime, timezone

    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO-8601 date or time: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def content_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded: the exact-duplicate key."""
    import hashlib          # loads OpenSSL: only the paths that write pay for it
    import re               # not imported by the recall hook (see aegis.fastre)

    folded = re.sub(r"\s+", " ", text).strip().casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def normalize_tags(tags: Any) -> tuple[str, ...]:
    if tags is None:
        return ()
    if isinstance(tags, str):
        tags = tags.split(",")
    seen: dict[str, None] = {}
    for tag in tags:
        tag = "-".join(str(tag).strip().lower().split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


class Memory(Record):
    id: str
    namespace: str
    text: str
    kind: str = "fact"
    tags: tuple[str, ...] = ()
    importance: float = 0.5
    confidence: float = 1.0
    source: str = "user"
    created_at: float = 0.0
    updated_at: float = 0.0
    version: int = 1
    recall_count: int = 0
    last_recalled_at: float | None = None
    superseded_by: str | None = None
    capture_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.as_dict()
        data["tags"] = list(self.tags)
        for key in ("created_at", "updated_at", "last_recalled_at"):
            data[key] = iso(data[key])
        return data


class NewMemory(Record):
    """What a store needs to create a memory; the store assigns id and times."""
    namespace: str
    text: str
    kind: str = "fact"
    tags: tuple[str, ...] = ()
    importance: float = 0.5
    confidence: float = 1.0
    source: str = "user"
    created_at: float | None = None
    capture_id: str | None = None
    id: str | None = None          # kept on import so exports round-trip


class MemoryChanges(Record):
    text: str | None = None
    tags: tuple[str, ...] | None = None
    importance: float | None = None
    confidence: float | None = None
    kind: str | None = None
    superseded_by: str | None = None    # "" clears it: the memory is current again


class MemoryVersion(Record):
    memory_id: str
    version: int
    text: str
    tags: tuple[str, ...]
    importance: float
    confidence: float
    kind: str
    changed_at: float

    def to_dict(self) -> dict[str, Any]:
        data = self.as_dict()
        data["tags"] = list(self.tags)
        data["changed_at"] = iso(self.changed_at)
        return data


class Relation(Record):
    source_id: str
    target_id: str
    kind: str
    created_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"source_id": self.source_id, "target_id": self.target_id, "kind": self.kind,
                "created_at": iso(self.created_at)}


class Query(Record):
    """A search. ``text`` may be empty for a pure filter query."""
    namespaces: tuple[str, ...]
    text: str = ""
    tags: tuple[str, ...] = ()
    match_all_tags: bool = False
    since: float | None = None
    until: float | None = None
    kinds: tuple[str, ...] = ()
    limit: int = 10
    include_superseded: bool = False
    min_importance: float = 0.0                     # only memories at least this important
    scan_until: float | None = None                 # time.monotonic() by which a backend that
                                                    # scans to fill ``limit`` stops with what
                                                    # it has (aegisdb list; the briefing)
    vector: tuple[float, ...] | None = None
    vector_model: str | None = None                 # the model that made `vector`; only its
    vector_range: tuple[float, float] = (0.0, 1.0)  # stored vectors compare; its cosine for
                                                    # unrelated / clearly matching text


class SearchHit(Record):
    memory: Memory
    score: float                    # ranking score: relevance weighted by importance etc.
    relevance: float = 0.0          # 0..1 match quality alone; floors apply to this
    lexical: float = 0.0            # 0..1 share of the query's terms the memory covers
    bm25: float | None = None       # raw backend score, for `explain`
    semantic: float | None = None   # cosine similarity when vectors were used

    def to_dict(self) -> dict[str, Any]:
        data = self.memory.to_dict()
        data["score"] = round(self.score, 4)
        data["relevance"] = round(self.relevance, 4)
        return data


class StoreStats(Record):
    memories: int                                        # every stored one, superseded too
    by_namespace: Mapping[str, int] = EMPTY_MAPPING      # every stored one, per namespace
    by_kind: Mapping[str, int] = EMPTY_MAPPING           # live ones (not superseded) only
    relations: int = 0
    versions: int = 0
    superseded: int = 0
    oldest: float | None = None
    newest: float | None = None
    live_by_namespace: Mapping[str, int] = EMPTY_MAPPING  # not superseded, per namespace
