"""The team store: an AegisDB server, through the official ``aegisdb`` client.

The record layout is ``aegisdb_records``; this module is the conversation with
the server. It is the only module that imports ``aegisdb``.

Isolation does not rest on the server alone. The server scopes reads by
``agent_id`` but applies ``update``/``delete``/``relate`` to any id unless the
token is namespaced, so every write first reads the record and checks that it
belongs to the caller's namespace. With a namespaced token the token's
namespace governs: every record lands there, and the project tier of any clone
using that token reads the same pool.

Failures are mapped at this edge: every server error code and every connection
failure becomes one ``aegis.errors`` exception with a one-line message (see
``ERROR_MAP``). A connect or read that times out (a frozen server accepts and never
answers) opens a short circuit for that server, so the following calls of the same
process fail at once instead of each waiting again.
"""

from __future__ import annotations

import os
import re
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Sequence

import aegisdb

from aegis import errors
from aegis.log import get_logger
from aegis.models import (Memory, MemoryChanges, MemoryVersion, NewMemory, Query, Relation,
                          SearchHit, StoreStats)
from aegis.store import aegisdb_records as rec
from aegis.text import coverage, query_terms, search_words, segmented_words

if TYPE_CHECKING:
    from aegis.config import Settings

CIRCUIT_OPEN_SECONDS = 5.0
PAGE = 1000                      # the server's cap for export pages and top_k
MAX_QUERY_CHARS = 2000

WRITE_OPS = frozenset({"insert", "update", "delete", "relate"})

# Wire code -> (our exception, what to tell the user). One line each; never memory text.
ERROR_MAP: dict[str, tuple[type[errors.AegisError], str]] = {
    "UNAUTHORIZED": (errors.Unauthorized, "AegisDB rejected the token; set AEGIS_AUTH_TOKEN "
                                          "or the plugin's aegisdb_token to a valid one"),
    "FORBIDDEN": (errors.Forbidden, "the AegisDB token does not allow this operation"),
    "NOT_FOUND": (errors.NotFound, "no such memory in this project"),
    "INVALID_REQUEST": (errors.InvalidInput, "AegisDB refused the request as invalid"),
    "PAYLOAD_TOO_LARGE": (errors.TooLarge, "the memory is larger than the AegisDB server's "
                                           "--max-payload"),
    "QUOTA_EXCEEDED": (errors.QuotaExceeded, "this namespace is over its AegisDB quota "
                                             "(--tenant-max-records/--tenant-max-bytes); "
                                             "forget old memories or ask for a larger quota"),
    "RATE_LIMITED": (errors.RateLimited, "AegisDB is rate-limiting this namespace "
                                         "(--tenant-rate-qps); try again shortly"),
    "READ_ONLY": (errors.ReadOnly, "the AegisDB server is a read-only replica; point Aegis "
                                   "at the primary to save memories"),
    "NOT_READY": (errors.Unavailable, "the AegisDB server has this feature turned off "
                                      "(--phase or --no-lexical-index)"),
    "MEMORY_LIMIT": (errors.QuotaExceeded, "the AegisDB server is out of index memory "
                                           "(--max-index-bytes); free space or raise the cap"),
    "INTERNAL": (errors.Unavailable, "the AegisDB server hit an internal error"),
    "IMMUTABLE": (errors.InvalidInput, "AegisDB refused to change an immutable record"),
}
READ_ONLY_TOKEN = "the AegisDB token is read-only (ro): memories can be read but not saved"
MISSING_TOKEN = ("the AegisDB server at {where} needs a token (UNAUTHORIZED); set the plugin's "
                 "aegisdb_token or AEGIS_AUTH_TOKEN")
# Lengths tried, on a mismatch only, to name the server's --embedding-dim (ping does not).
COMMON_DIMENSIONS = (256, 384, 512, 768, 1024, 1536, 2048, 3072, 128, 64)

# Open circuits, per process and server: (host, port) -> until when calls fail at once.
# Per server, not per store, so a caller that reopens its store after a failure (the MCP
# server does) still fails fast during the cool-down.
_CIRCUITS: dict[tuple[str, int], float] = {}

# Dimension checks, once per process and server: (host, port, dim) -> message or None.
_DIMENSION_CHECKS: dict[tuple[str, int, int], str | None] = {}
_WRITABLE: dict[tuple[str, int, str | None], bool] = {}   # token_writable, per process


class NotAegisDB(errors.Unavailable):
    """The configured host:port answered, but not in AegisDB's protocol (a web server,
    say): a wrong address, not an outage. An explicit save is refused, not spooled for
    an address that will never take it (``aegis.capture.explicit.outage``)."""


def translate(exc: Exception, operation: str, where: str) -> errors.AegisError:
    """The ``aegis.errors`` exception for an ``aegisdb`` client exception."""
    if isinstance(exc, aegisdb.AegisRequestError):
        if exc.code == "FORBIDDEN" and operation in WRITE_OPS:
            return errors.ReadOnly(READ_ONLY_TOKEN)
        cls, message = ERROR_MAP.get(exc.code, (errors.Unavailable,
                                                f"AegisDB answered {exc.code}"))
        return cls(f"{message} ({exc.code}, {operation} on {where})")
    spoke = foreign_protocol(exc)
    if spoke:
        return NotAegisDB(f"{where} answered, but not as an AegisDB server ({spoke}); "
                          f"check the host and port")
    detail = " ".join(str(exc).split()).rsplit(": ", 1)[-1]     # drop the client's own "at h:p"
    detail = re.sub(r"^\[Errno -?\d+\]\s*", "", detail)[:120].lower() or type(exc).__name__
    return errors.Unavailable(f"AegisDB at {where} is unavailable ({detail})")


def foreign_protocol(exc: Exception) -> str | None:
    """What the peer sent, in a few words, when its answer was not AegisDB's JSON line
    (the client's "malformed response"); None for any other failure. The answer itself
    is never shown: it is not ours to print."""
    cause = exc.__cause__ if isinstance(exc, aegisdb.AegisUnavailable) else None
    if not isinstance(cause, ValueError):
        return None
    answer = getattr(cause, "doc", None)                    # json.JSONDecodeError
    if answer is None:
        answer = getattr(cause, "object", b"")              # UnicodeDecodeError
    if isinstance(answer, bytes):
        answer = answer.decode("latin-1")
    # A web server answers a JSON line with a status line, or (taking it for an
    # HTTP/0.9 request, as Python's http.server does) with a bare HTML page.
    web = answer.startswith("HTTP/") or answer.lstrip()[:14].lower().startswith(
        ("<!doctype html", "<html"))
    return "it sent HTTP" if web else "it sent something else"


class AegisDBStore:
    name = "aegisdb"

    def __init__(self, client: "aegisdb.AegisClient", clock: Callable[[], float] = time.time):
        self._client = client
        self._clock = clock
        self._where = f"{client.host}:{client.port}"
        self._token_namespace: str | None = None
        self._token_checked = not client.token
        self._server = (client.host, client.port)
        self.answered_at: float | None = None     # time.monotonic() of the last answer

    @classmethod
    def from_settings(cls, settings: "Settings") -> "AegisDBStore":
        client = aegisdb.AegisClient(
            host=settings.host, port=settings.port, token=settings.auth_token or "",
            connect_timeout=settings.connect_timeout_ms / 1000.0,
            read_timeout=settings.read_timeout_ms / 1000.0)
        return cls(client)

    # ------------------------------------------------------------ plumbing

    def _call(self, operation: str, *args: Any, **kwargs: Any) -> dict:
        """One request; every failure leaves as an ``aegis.errors`` exception."""
        if self._clock() < _CIRCUITS.get(self._server, 0.0):
            raise errors.Unavailable(f"AegisDB at {self._where} is unavailable "
                                     "(it did not answer a moment ago)")
        try:
            answer = getattr(self._client, operation)(*args, **kwargs)
            self.answered_at = time.monotonic()
            return answer
        except aegisdb.AegisRequestError as exc:
            if exc.code == "UNAUTHORIZED" and not self._client.token:
                raise errors.Unauthorized(MISSING_TOKEN.format(where=self._where)) from None
            raise translate(exc, operation, self._where) from None
        except (aegisdb.AegisError, OSError, ValueError) as exc:
            self._client.close()
            # A connect or a read that timed out (a frozen server accepts, then never
            # answers): every call of the cool-down fails at once instead of waiting too.
            if "timed out" in str(exc):
                _CIRCUITS[self._server] = self._clock() + CIRCUIT_OPEN_SECONDS
            raise translate(exc, operation, self._where) from None

    def token_namespace(self) -> str | None:
        """The namespace a namespaced token pins, or None (no token, or an admin token).

        ``export`` without a subject answers with the token's namespace, and an
        admin token is refused it as subjectless; read-only tokens may call it.
        """
        if not self._token_checked:
            try:
                answer = self._call("export", limit=1, include_embeddings=False)
                self._token_namespace = str(answer.get("namespace") or "") or None
            except errors.InvalidInput:
                self._token_namespace = None
            self._token_checked = True
        return self._token_namespace

    def pinned_namespace(self) -> str | None:
        return self.token_namespace()

    def token_writable(self) -> bool:
        """False for a read-only (``ro``) token. AegisDB 0.7 has no request that tells
        a token's scope, so this asks with a delete of id -1, which no record has: a
        read-only token is refused it (FORBIDDEN) before the id is looked at, any other
        token is told the request is invalid. Nothing is ever deleted, but the server
        logs the refusal as an attempted write, so it is asked at most once per process
        and server, and only of a namespaced token (the only kind that can be read-only)."""
        key = (self._client.host, self._client.port, self._client.token)
        if key not in _WRITABLE:
            _WRITABLE[key] = not self.token_namespace() or self._probe_writable()
        return _WRITABLE[key]

    def _probe_writable(self) -> bool:
        try:
            self._call("delete", -1)
        except errors.ReadOnly:
            return False
        except (errors.InvalidInput, errors.NotFound):
            pass
        return True

    def _agent(self, namespace: str) -> str:
        return self.token_namespace() or rec.agent_id(namespace)

    def _owner(self, record: dict, namespaces: Sequence[str]) -> str | None:
        """Which of ``namespaces`` a server record belongs to, if any."""
        tier = rec.tier_of(record)
        for namespace in namespaces:
            if record.get("agent_id") == self._agent(namespace) and tier == rec.tier_tag(namespace):
                return namespace
        return None

    def _memories(self, records: Iterable[dict],
                  namespaces: Sequence[str]) -> Iterator[tuple[dict, Memory]]:
        """The Aegis memories among server ``records`` that belong to ``namespaces``."""
        for record in records:
            owner = self._owner(record, namespaces)
            memory = rec.to_memory(record, owner) if owner else None
            if memory is not None:
                yield record, memory

    def _by_agent(self, namespaces: Sequence[str]) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for namespace in namespaces:
            groups.setdefault(self._agent(namespace), []).append(namespace)
        return groups

    def _find(self, namespaces: Sequence[str], tag: str, limit: int = 1) -> list[tuple[dict, str]]:
        """Records carrying ``tag`` that belong to ``namespaces``, oldest first."""
        found = []
        for agent, group in self._by_agent(namespaces).items():
            answer = self._call("search", tags=[tag], agent_id=agent, top_k=max(limit, 10),
                                track_usage=False, include_embeddings=False)
            for record in answer.get("records") or ():
                owner = self._owner(record, group)
                if owner is not None:
                    found.append((record, owner))
        found.sort(key=lambda pair: pair[0].get("id", 0))
        return found[:limit]

    def _record(self, namespaces: Sequence[str], memory_id: str) -> tuple[dict, Memory] | None:
        if not isinstance(memory_id, str) or not rec.SERVER_TAG.match(rec.ID + memory_id):
            return None
        hits = self._find(namespaces, rec.id_tag(memory_id))
        if not hits:
            return None
        record, owner = hits[0]
        memory = rec.to_memory(record, owner)
        return (record, memory) if memory else None

    def _owned(self, namespace: str, memory_id: str) -> tuple[dict, Memory]:
        found = self._record((namespace,), memory_id)
        if found is None:
            raise errors.NotFound(f"no memory {memory_id} in this project")
        return found

    def _insert(self, memory: Memory, extra_tags: Sequence[str] = (),
                embedding: Sequence[float] | None = None) -> dict:
        return self._call("insert", rec.record_data(memory), type="semantic",
                          tags=rec.record_tags(memory, extra_tags), importance=memory.importance,
                          confidence=memory.confidence, agent_id=self._agent(memory.namespace),
                          embedding=list(embedding) if embedding is not None else None,
                          include_embeddings=False)["record"]

    def _rewrite(self, server_id: int, memory: Memory, extra_tags: Sequence[str] = ()) -> dict:
        return self._call("update", server_id, data=rec.record_data(memory),
                          tags=rec.record_tags(memory, extra_tags), importance=memory.importance,
                          confidence=memory.confidence, include_embeddings=False)["record"]

    # ------------------------------------------------------------ writes

    def add(self, new: NewMemory) -> Memory:
        if new.capture_id:
            existing = self._find((new.namespace,), rec.capture_tag(new.capture_id))
            if existing:
                return rec.to_memory(*existing[0])
        now = self._clock()
        created = new.created_at if new.created_at is not None else now
        memory = Memory(id=new.id or "mem_" + os.urandom(6).hex(), namespace=new.namespace,
                        text=new.text, kind=new.kind, tags=new.tags, importance=new.importance,
                        confidence=new.confidence, source=new.source, created_at=created,
                        updated_at=created, capture_id=new.capture_id)
        return rec.to_memory(self._insert(memory), new.namespace)

    def update(self, namespace: str, memory_id: str, changes: MemoryChanges) -> Memory:
        record, current = self._owned(namespace, memory_id)
        updated = Memory(
            id=current.id, namespace=namespace, text=_pick(changes.text, current.text),
            kind=changes.kind or current.kind, tags=_pick(changes.tags, current.tags),
            importance=_pick(changes.importance, current.importance),
            confidence=_pick(changes.confidence, current.confidence), source=current.source,
            created_at=current.created_at, updated_at=max(self._clock(), current.updated_at),
            version=current.version + 1, superseded_by=_pick(changes.superseded_by,
                                                             current.superseded_by),
            capture_id=current.capture_id)
        # The server cannot replace a vector: it stays valid only while the text does.
        keep = [t for t in record.get("tags") or () if t.startswith(rec.MODEL)]
        extra = keep if updated.text == current.text else []
        return rec.to_memory(self._rewrite(record["id"], updated, extra), namespace)

    def delete(self, namespace: str, memory_id: str) -> bool:
        found = self._record((namespace,), memory_id)
        if found is None:
            return False
        try:
            self._call("delete", found[0]["id"])
        except errors.NotFound:
            return False
        return True

    def relate(self, namespace: str, relation: Relation) -> Relation:
        source_record, _ = self._owned(namespace, relation.source_id)
        target_record, _ = self._owned(namespace, relation.target_id)
        edge = {"from_id": source_record["id"], "to_id": target_record["id"],
                "kind": relation.kind}
        if edge not in (source_record.get("relationships") or []):
            self._call("relate", source_record["id"], target_record["id"], relation.kind)
            # The server cannot walk edges backwards, so the target keeps an inverse edge
            # that lets ``relations`` list what points at it.
            self._call("relate", target_record["id"], source_record["id"],
                       rec.INVERSE_PREFIX + relation.kind)
        return Relation(relation.source_id, relation.target_id, relation.kind,
                        relation.created_at)

    def mark_recalled(self, namespaces: Sequence[str], memory_ids: Iterable[str]) -> None:
        """Count a recall: a ``search`` with usage tracking is the server's only counter."""
        tags = [rec.id_tag(i) for i in dict.fromkeys(memory_ids)
                if isinstance(i, str) and rec.SERVER_TAG.match(rec.ID + i)]
        for start in range(0, len(tags), 32):
            batch = tags[start:start + 32]
            for agent in self._by_agent(namespaces):
                self._call("search", tags=batch, match="any", agent_id=agent, top_k=len(batch),
                           track_usage=True, include_embeddings=False)

    def restore(self, memory: Memory, versions: Sequence[MemoryVersion]) -> bool:
        """Write an exported memory with its id, times and history; False if the id exists.

        The server stamps its own times, so each past version is written and then
        overwritten in order: ``history`` on the server holds every version, and
        the times Aegis reports come from the reserved tags. Recall counters
        cannot be written; they restart at zero.
        """
        tag = rec.id_tag(memory.id)
        answer = self._call("search", tags=[tag], top_k=1, track_usage=False,
                            include_embeddings=False)
        if answer.get("records"):
            return False
        states = [Memory(id=memory.id, namespace=memory.namespace, text=v.text, kind=v.kind,
                         tags=v.tags, importance=v.importance, confidence=v.confidence,
                         source=memory.source, created_at=memory.created_at,
                         updated_at=v.changed_at, version=v.version,
                         capture_id=memory.capture_id)
                  for v in sorted(versions, key=lambda v: v.version) if v.version < memory.version]
        states.append(memory)
        server_id = self._insert(states[0])["id"]
        for state in states[1:]:
            self._rewrite(server_id, state)
        return True

    # ------------------------------------------------------------ vectors

    def set_embedding(self, namespace: str, memory_id: str, model: str,
                      vector: Sequence[float]) -> bool:
        """Attach ``vector``; False when the server cannot take it.

        AegisDB accepts vectors only on ``insert`` (``update`` cannot change
        one), so a memory with no history or relations yet — a fresh save — is
        written again with its vector and the vectorless record removed. An
        edited or related memory keeps lexical matching only: re-inserting it
        would cut its server-side history and edges.
        """
        if self.check_dimensions(len(vector)) is not None:
            return False
        record, memory = self._owned(namespace, memory_id)
        if memory.version > 1 or record.get("relationships"):
            return False
        from aegis.store import vectors
        tag = rec.model_tag(model, len(vector))
        self._insert(memory, [tag], vectors.normalized(vector))
        self._call("delete", record["id"])
        return True

    def embedding_backlog(self, namespaces: Sequence[str], model: str, dimensions: int,
                          limit: int = 100) -> list[Memory]:
        """Memories without a vector from ``model`` that ``set_embedding`` could still give one."""
        wanted = rec.model_key(model, int(dimensions))
        pending = [memory for record, memory in self._scan(namespaces)
                   if rec.model_of(record.get("tags") or ()) != wanted
                   and memory.version == 1 and not record.get("relationships")]
        return pending[:limit]

    def model_key(self, model: str, dimensions: int) -> tuple[str, int]:
        return rec.model_key(model, dimensions) or (model, dimensions)

    def embedding_models(self, namespaces: Sequence[str]) -> dict[tuple[str, int], int]:
        counts: dict[tuple[str, int], int] = {}
        for record, _ in self._scan(namespaces):
            model = rec.model_of(record.get("tags") or ())
            if model is not None:
                counts[model] = counts.get(model, 0) + 1
        return counts

    # ------------------------------------------------------------ reads

    def get(self, namespaces: Sequence[str], memory_id: str) -> Memory | None:
        found = self._record(namespaces, memory_id)
        return found[1] if found else None

    def find_duplicate(self, namespace: str, content_hash: str) -> Memory | None:
        copies = [rec.to_memory(*hit)          # a restated old value has several copies
                  for hit in self._find((namespace,), rec.hash_tag(content_hash), limit=10)]
        live = [m for m in copies if not m.superseded_by]
        return min(live or copies, key=lambda m: m.created_at, default=None)

    def _matches(self, memory: Memory, query: Query) -> bool:
        if not query.include_superseded and memory.superseded_by:
            return False
        if query.kinds and memory.kind not in query.kinds:
            return False
        if memory.importance < query.min_importance:
            return False
        if query.since is not None and memory.created_at < query.since:
            return False
        if query.until is not None and memory.created_at > query.until:
            return False
        if query.tags:
            have = set(memory.tags)
            wanted = set(query.tags)
            return wanted <= have if query.match_all_tags else bool(wanted & have)
        return True

    def _tag_filter(self, query: Query) -> dict[str, Any]:
        if not query.tags:
            return {}
        return {"tags": [rec.user_tag(t) for t in query.tags],
                "match": "all" if query.match_all_tags else "any"}

    def _scan(self, namespaces: Sequence[str], until: float | None = None
              ) -> Iterator[tuple[dict, Memory]]:
        """Every memory of ``namespaces`` with its record (the server's paginated
        ``export``, oldest first), or as many as pages read by ``until`` (monotonic) hold."""
        for agent, group in self._by_agent(namespaces).items():
            after = 0
            while True:
                answer = self._call("export", agent_id=agent, after_id=after, limit=PAGE,
                                    include_embeddings=False)
                yield from self._memories(answer.get("records") or (), group)
                if not answer.get("has_more") or (until is not None
                                                  and time.monotonic() >= until):
                    break
                after = int(answer.get("cursor") or 0)

    def list(self, query: Query, offset: int = 0) -> list[Memory]:
        """Newest first by Aegis's own ``created_at``.

        Without a time filter the server supplies the newest page directly: it
        lists filter matches oldest first, so ``count`` gives the offset of the
        newest ``top_k`` (two round trips per namespace instead of a scan). That
        is exact when the namespace fits in the page, and otherwise off only for
        memories migrated in after newer ones were written, which the server
        dates by their arrival. A time filter, or a page the filters thin out
        too much, scans the namespace, oldest first, until ``query.scan_until``
        if it has one (the briefing: a 10k pool is seconds of reading).
        """
        wanted = offset + query.limit
        if query.since is None and query.until is None and wanted <= PAGE:
            top_k = min(PAGE, max(2 * wanted, wanted + 50))
            complete, memories = True, []
            for agent, group in self._by_agent(query.namespaces).items():
                filters = self._tag_filter(query)
                counted = self._call("count", agent_id=agent, **filters)
                total = int(counted.get("count") or 0)
                complete = complete and total <= top_k and not counted.get("capped")
                answer = self._call("search", agent_id=agent, top_k=top_k,
                                    offset=max(total - top_k, 0), track_usage=False,
                                    include_embeddings=False, **filters)
                memories += [memory for _, memory in
                             self._memories(answer.get("records") or (), group)
                             if self._matches(memory, query)]
            if complete or len(memories) >= wanted:
                return _newest_first(memories)[offset:wanted]
        memories = [m for _, m in self._scan(query.namespaces, query.scan_until)
                    if self._matches(m, query)]
        return _newest_first(memories)[offset:wanted]

    def search(self, query: Query) -> list[SearchHit]:
        """Server-side BM25 (hybrid with the query vector when the dimension fits).

        Relevance is computed as the SQLite store does, so recall's floor means
        the same on both: the share of query terms the memory covers, nudged by
        the server's BM25 relative to the best hit, fused with the calibrated
        cosine of vectors made by the query's own model.
        """
        from aegis.store import vectors
        terms = query_terms(query.text, expand=True)
        if not terms:
            return []
        extra: dict[str, Any] = self._tag_filter(query)
        model = None
        if query.vector is not None and self.check_dimensions(len(query.vector)) is None:
            extra["embedding"] = vectors.normalized(query.vector)
            model = (rec.model_key(query.vector_model, len(query.vector))
                     if query.vector_model else None)
        candidates = min(max(query.limit * 8, 50), PAGE)
        # The server's BM25 takes plain text: the terms of unspaced runs and emoji (as
        # records carry them: aegisdb_records) and the related words ride along.
        text = " ".join([query.text[:MAX_QUERY_CHARS], *segmented_words(terms),
                         *search_words(terms)])[:MAX_QUERY_CHARS]
        found: list[tuple[Memory, dict, dict]] = []
        for agent, group in self._by_agent(query.namespaces).items():
            answer = self._call("search", query=text, agent_id=agent,
                                top_k=candidates, explain=True, track_usage=False,
                                include_embeddings=False, **extra)
            for record, memory in self._memories(answer.get("records") or (), group):
                if self._matches(memory, query):
                    found.append((memory, record, record.get("explain") or {}))
        if not found:
            return []
        best = max(float(explain.get("bm25") or 0.0) for _, _, explain in found) or 1.0
        hits = []
        for memory, record, explain in found:
            share = coverage(terms, memory.text + " " + " ".join(memory.tags))
            bm25 = float(explain.get("bm25") or 0.0)
            lexical = share * (0.75 + 0.25 * max(bm25, 0.0) / best) if bm25 > 0 else 0.0
            similarity = explain.get("similarity")
            semantic = None
            if (similarity is not None and model is not None
                    and rec.model_of(record.get("tags") or ()) == model):
                semantic = vectors.semantic_relevance(float(similarity), query.vector_range)
            relevance = vectors.fuse(lexical, semantic)
            if relevance <= 0.0:
                continue
            hits.append(SearchHit(memory, score=relevance, relevance=relevance, lexical=share,
                                  bm25=bm25 if explain.get("lexical") else None,
                                  semantic=float(similarity) if semantic is not None else None))
        hits.sort(key=lambda hit: (-hit.score, -(hit.bm25 or 0.0), hit.memory.id))
        return hits[:query.limit]

    def history(self, namespace: str, memory_id: str) -> list[MemoryVersion]:
        record, current = self._owned(namespace, memory_id)
        answer = self._call("history", record["id"])
        versions: dict[int, MemoryVersion] = {}
        for past in answer.get("versions") or ():
            if past.get("deleted"):
                continue
            memory = rec.to_memory(past, namespace)
            if memory is None or memory.version >= current.version:
                continue
            versions[memory.version] = MemoryVersion(
                memory.id, memory.version, memory.text, memory.tags, memory.importance,
                memory.confidence, memory.kind, memory.updated_at)
        return [versions[v] for v in sorted(versions)]

    def relations(self, namespaces: Sequence[str], memory_id: str) -> list[Relation]:
        found = self._record(namespaces, memory_id)
        if found is None:
            return []
        record, memory = found
        if not record.get("relationships"):
            return []                       # both ends of a relation carry an edge
        answer = self._call("traverse", record["id"], depth=1, agent_id=self._agent(memory.namespace),
                            include_embeddings=False)
        ids: dict[int, str] = {}
        for neighbour in answer.get("records") or ():
            if self._owner(neighbour, namespaces) is not None:
                other = rec.reserved(neighbour.get("tags") or (), rec.ID)
                if other:
                    ids[neighbour["id"]] = other
        result: dict[tuple[str, str, str], Relation] = {}
        for edge in record.get("relationships") or ():
            other = ids.get(edge.get("to_id"))
            kind = str(edge.get("kind") or "")
            if other is None or other == memory.id:
                continue
            if kind.startswith(rec.INVERSE_PREFIX):
                kind = kind[len(rec.INVERSE_PREFIX):]
                key = (other, memory.id, kind)
            else:
                key = (memory.id, other, kind)
            result.setdefault(key, Relation(*key, 0.0))
        return sorted(result.values(), key=lambda r: (r.kind, r.source_id, r.target_id))

    def stats(self, namespaces: Sequence[str] | None = None) -> StoreStats:
        if namespaces is None:
            raise errors.InvalidInput("AegisDB statistics need the namespaces to count")
        pairs = list(self._scan(namespaces))
        memories = [memory for _, memory in pairs]
        live = {record["id"] for record, _ in pairs}
        relations = {(record["id"], edge.get("to_id"), edge.get("kind"))
                     for record, _ in pairs for edge in record.get("relationships") or ()
                     if edge.get("to_id") in live
                     and not str(edge.get("kind")).startswith(rec.INVERSE_PREFIX)}
        by_ns: dict[str, int] = {}
        by_kind: dict[str, int] = {}
        live_by_ns: dict[str, int] = {}
        for memory in memories:
            by_ns[memory.namespace] = by_ns.get(memory.namespace, 0) + 1
            if not memory.superseded_by:
                live_by_ns[memory.namespace] = live_by_ns.get(memory.namespace, 0) + 1
                by_kind[memory.kind] = by_kind.get(memory.kind, 0) + 1
        created = [m.created_at for m in memories]
        return StoreStats(memories=len(memories), by_namespace=by_ns, by_kind=by_kind,
                          relations=len(relations), versions=sum(m.version - 1 for m in memories),
                          superseded=sum(1 for m in memories if m.superseded_by),
                          oldest=min(created) if created else None,
                          newest=max(created) if created else None,
                          live_by_namespace=live_by_ns)

    # ------------------------------------------------------------ server facts

    def ping(self) -> dict:
        return self._call("ping")

    def check_dimensions(self, dimensions: int) -> str | None:
        """None if the server takes ``dimensions``-long vectors, else why not (one line).

        ``ping`` does not report the server's ``--embedding-dim``, so after a
        ping the check sends one throwaway vector search: a wrong length is
        refused as INVALID_REQUEST. Checked once per process and server; on a
        mismatch the store searches lexically only.
        """
        key = (self._client.host, self._client.port, int(dimensions))
        if key not in _DIMENSION_CHECKS:
            self.ping()
            if self._accepts(int(dimensions)):
                _DIMENSION_CHECKS[key] = None
            else:
                server = self._server_dimensions(int(dimensions))
                # The local model's size is fixed: only the server side can change for it.
                voyage = (f"AEGIS_EMBEDDING_DIMENSIONS={server}" if server
                          else "AEGIS_EMBEDDING_DIMENSIONS to the server's")
                _DIMENSION_CHECKS[key] = (
                    f"embedding-dimension mismatch (server {server or 'other'}, provider "
                    f"{dimensions} → lexical only): restart the AegisDB server at "
                    f"{self._where} with --embedding-dim {dimensions}, or (Voyage only) set "
                    f"{voyage}")
                get_logger().warning("%s", _DIMENSION_CHECKS[key])
        return _DIMENSION_CHECKS[key]

    def _accepts(self, dimensions: int) -> bool:
        probe = [1.0] + [0.0] * (dimensions - 1)
        try:
            self._call("search", embedding=probe, top_k=1, track_usage=False,
                       agent_id=rec.agent_id("aegis:dimension-probe"), include_embeddings=False)
        except errors.InvalidInput:
            return False
        return True

    def _server_dimensions(self, refused: int) -> int | None:
        """The server's --embedding-dim among COMMON_DIMENSIONS, or None."""
        for dimensions in COMMON_DIMENSIONS:
            if dimensions != refused and self._accepts(dimensions):
                return dimensions
        return None

    def close(self, quick: bool = False) -> None:
        self._client.close()


def _newest_first(memories: list[Memory]) -> list[Memory]:
    return sorted(memories, key=lambda m: (m.created_at, m.id), reverse=True)


def _pick(new, old):
    return old if new is None else new
