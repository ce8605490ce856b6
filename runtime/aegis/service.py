"""The memory service: the one place where memory behaviour lives.

Adapters (CLI, hooks, MCP server) call this and only format the result. The
service validates input, redacts secrets before anything is stored, returns the
existing memory for an exact duplicate, ranks search hits, keeps namespaces
apart (reads see project + user tier, writes go to one of them) and owns the
JSONL export format.
"""

from __future__ import annotations

import math
import os
import time

from aegis import bidi, surrogates
from aegis.config import Settings
from aegis.errors import AegisError, InvalidInput, NotFound, TooLarge, Unavailable
from aegis.log import get_logger
from aegis.models import (KINDS, RELATION_KINDS, Memory, MemoryChanges, MemoryVersion,
                          NewMemory, Query, Relation, SearchHit, content_hash, iso,
                          normalize_tags, parse_time)
from aegis.namespace import USER_PREFIX, Namespaces, resolve_namespaces
from aegis.record import Record
from aegis.store import open_store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Sequence, TextIO

    from aegis.store.protocol import Store


def redact(text: str):
    """``aegis.redact.redact``, imported on the first write: its patterns take
    milliseconds to load, and recall, which only reads, runs on every prompt."""
    from aegis.redact import redact as redact_text
    return redact_text(text)


MAX_TEXT_CHARS = 16_000
# An export line holds one memory with all its versions: far under this. A longer line is
# not a record (and reading it whole could exhaust memory), so import stops there.
MAX_IMPORT_LINE_CHARS = 16 * 1024 * 1024
MAX_QUERY_CHARS = 4_000
MAX_TAGS = 20
MAX_TAG_CHARS = 64
MAX_TOP_K = 100                 # most search results one call returns
MAX_LIST_LIMIT = 10_000         # most memories one list page returns
SCOPES = ("project", "user")
SEARCH_SCOPES = ("all", "project", "user")
EXPORT_FORMAT = 1


class SaveResult(Record):
    memory: Memory
    created: bool                   # False: an identical memory already existed
    redacted: tuple[str, ...] = ()  # names of the redaction rules that fired
    merged: bool = False            # remember(): a near-duplicate was strengthened instead
    superseded: tuple[str, ...] = ()  # remember(): ids this memory replaced
    outdated_by: str | None = None  # remember(): a later memory already replaces this one
    restated: str | None = None     # remember(): the superseded memory this one says again
    dropped_tags: int = 0           # tags dropped for being secrets


class UpdateResult(Record):
    memory: Memory
    changed: bool                   # False: the memory already had every value given
    redacted: tuple[str, ...] = ()  # names of the redaction rules that fired on the text
    dropped_tags: int = 0           # tags dropped for being secrets


STRENGTHEN_IMPORTANCE, STRENGTHEN_CONFIDENCE = 0.05, 0.1
RECONCILE_SCAN = 10                 # live memories of the tier compared with a new one


class ImportReport(Record):
    added: int = 0
    skipped: int = 0
    relations: int = 0
    errors: tuple[str, ...] = ()
    embedded: int = 0               # imported memories given a vector (embeddings on)
    lost: int = 0                   # records and relations in ``errors`` that were not imported
    relations_present: int = 0      # relations the store already had (``relations``: added)


# ---------------------------------------------------------------- validation

def clean_text(text: Any, what: str = "text", limit: int = MAX_TEXT_CHARS) -> str:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{what} is not valid UTF-8 text") from None
    if not isinstance(text, str):
        raise InvalidInput(f"{what} must be a string")
    text = surrogates.drop(text)
    if "\x00" in text or "\ufffd" in text:
        raise InvalidInput(f"{what} contains binary data")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r")
    if controls:
        raise InvalidInput(f"{what} contains {controls} control character(s)")
    text = bidi.strip(text).strip()
    if not text:
        raise InvalidInput(f"{what} is empty")
    if len(text) > limit:
        raise TooLarge(f"{what} is {len(text):,} characters; the limit is {limit:,}")
    return text


def unit_interval(value: Any, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} must be a number between 0 and 1") from None
    if isinstance(value, bool) or not 0.0 <= number <= 1.0 or math.isnan(number):
        raise InvalidInput(f"{what} must be a number between 0 and 1")
    return number


def whole_number(value: Any, what: str, low: int, high: int | None = None) -> int:
    """``value`` if it is an int (not a bool) in ``low..high``; else InvalidInput naming ``what``."""
    if (not isinstance(value, int) or isinstance(value, bool) or value < low
            or (high is not None and value > high)):
        bounds = (f"an integer between {low} and {high}" if high is not None
                  else "a non-negative integer" if low == 0 else f"an integer of at least {low}")
        raise InvalidInput(f"{what} must be {bounds}")
    return value


def top_k_count(value: Any, what: str = "top_k") -> int:
    """How many search results to return."""
    return whole_number(value, what, 1, MAX_TOP_K)


def list_limit(value: Any, what: str = "limit") -> int:
    """How many memories one list page holds."""
    return whole_number(value, what, 1, MAX_LIST_LIMIT)


def list_offset(value: Any, what: str = "offset") -> int:
    """How many memories a list page skips."""
    return whole_number(value, what, 0)


def clean_tags(tags: Any) -> tuple[str, ...]:
    if tags is not None and not isinstance(tags, (str, list, tuple)):
        raise InvalidInput("tags must be a list of strings or a comma-separated string")
    cleaned = normalize_tags(surrogates.drop_in(tags))
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput(f"at most {MAX_TAGS} tags")
    for tag in cleaned:
        if len(tag) > MAX_TAG_CHARS:
            raise InvalidInput(f"tag longer than {MAX_TAG_CHARS} characters")
    return cleaned


def stored_tags(tags: Any, text: str = "") -> tuple[str, ...]:
    """``clean_tags`` for what is written: a tag that is a secret is dropped (a secret
    is no label; ``aegis.redact.screen_tags``, against ``text``, the memory's text
    before redaction). Checked before ``clean_tags`` lowercases it."""
    return screened_tags(tags, text)[0]


def screened_tags(tags: Any, text: str = "", redacted: str | None = None
                  ) -> tuple[tuple[str, ...], int]:
    """``stored_tags`` and how many secret tags it dropped (``redacted``: ``text``'s
    redaction, when the caller has it already)."""
    from aegis.redact import screen_tags
    raw = tags.split(",") if isinstance(tags, str) else tags
    dropped = 0
    if isinstance(raw, (list, tuple)):
        raw, dropped = screen_tags(raw, text if isinstance(text, str) else "", redacted)
    return clean_tags(raw), dropped


def choice(value: Any, options: Sequence[str], what: str) -> str:
    if value not in options:
        raise InvalidInput(f"{what} must be one of: {', '.join(options)}")
    return value


def relation_kind(value: Any, what: str = "relation kind") -> str:
    return choice(value, RELATION_KINDS, what)


def time_bound(value: Any, what: str) -> float | None:
    try:
        return parse_time(value)
    except (ValueError, TypeError):
        raise InvalidInput(f"{what} must be an ISO-8601 date or time, e.g. 2026-01-31") from None


def recency_weight(age_seconds: float) -> float:
    """Gentle: a year-old memory keeps ~86% of its weight; relevance dominates."""
    return 0.85 + 0.15 * math.exp(-max(age_seconds, 0.0) / (90 * 86400))


def rank(hit: SearchHit, now: float) -> float:
    memory = hit.memory
    return (hit.relevance * (0.6 + 0.4 * memory.importance) * (0.5 + 0.5 * memory.confidence)
            * recency_weight(now - memory.updated_at))


# ---------------------------------------------------------------- the service

class MemoryService:
    def __init__(self, store: Store, namespaces: Namespaces,
                 clock: Callable[[], float] = time.time, embedder: Any = None):
        self.store = store
        self.namespaces = namespaces
        self.clock = clock
        self.embedder = embedder    # a GuardedEmbedder (never raises) or None: keyword only

    @classmethod
    def open(cls, settings: Settings, cwd: str | None = None) -> "MemoryService":
        namespaces = resolve_namespaces(str(cwd or os.getcwd()), settings.namespace)
        embedder = None
        if settings.embedding_mode != "none":     # `none` imports nothing from embeddings
            from aegis.embeddings import open_embedder
            embedder = open_embedder(settings)
        return cls(open_store(settings), namespaces, embedder=embedder)

    def close(self, quick: bool = False) -> None:
        """``quick``: a hook about to exit (see Store.close)."""
        self.store.close(quick=quick)

    def __enter__(self) -> "MemoryService":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ helpers

    def _scope_namespaces(self, scope: str) -> tuple[str, ...]:
        choice(scope, SEARCH_SCOPES, "scope")
        if scope == "all":
            return self.namespaces.readable
        return (self.namespaces.for_scope(scope),)

    def _owned(self, memory_id: Any) -> Memory:
        """The memory if the caller may change it (it lives in project or user tier)."""
        if not isinstance(memory_id, str) or not memory_id.strip():
            raise InvalidInput("id must be a non-empty string")
        memory = self.store.get(self.namespaces.readable, memory_id.strip())
        if memory is None:
            raise NotFound(f"no memory {memory_id.strip()} in this project")
        return memory

    # ------------------------------------------------------------ writes

    def save(self, text: Any, *, tags: Any = None, importance: Any = 0.5, kind: str = "fact",
             scope: str = "project", confidence: Any = 1.0, source: str = "user",
             capture_id: str | None = None, created_at: Any = None) -> SaveResult:
        """``created_at`` (epoch seconds or ISO time): when it was said, for memories
        taken from the past (backfill); default now."""
        text = clean_text(text)
        return self._save(text, redact(text), tags=tags, importance=importance, kind=kind,
                          scope=scope, confidence=confidence, source=source,
                          capture_id=capture_id, created_at=created_at)

    def _save(self, said: str, redaction, *, tags: Any, importance: Any, kind: str,
              scope: str, confidence: Any, source: str, capture_id: str | None,
              created_at: Any, restate: bool = False) -> SaveResult:
        """``save`` of ``said`` (cleaned) whose ``redaction`` the caller already made.
        ``restate``: an exact copy of a superseded memory, said now and not a replay of
        it, is a new memory (``restated`` names the old one), not "already remembered"."""
        created = None if created_at is None else _past_time(created_at, self.clock())
        tags, dropped_tags = screened_tags(tags, said, redaction.text)
        text = clean_text(redaction.text)
        new = NewMemory(namespace=self.namespaces.for_scope(choice(scope, SCOPES, "scope")),
                        text=text, kind=choice(kind, KINDS, "kind"), tags=tags,
                        importance=unit_interval(importance, "importance"),
                        confidence=unit_interval(confidence, "confidence"),
                        source=source, capture_id=capture_id, created_at=created)
        existing = self.store.find_duplicate(new.namespace, content_hash(text))
        restated = (restate and existing is not None and existing.superseded_by is not None
                    and created is None
                    and (capture_id is None or capture_id != existing.capture_id))
        if existing is not None and not restated:
            return SaveResult(existing, created=False, redacted=redaction.rules)
        memory = self.store.add(new)
        self._embed([memory])
        return SaveResult(memory, created=True, redacted=redaction.rules,
                          dropped_tags=dropped_tags, restated=existing.id if restated else None)

    def remember(self, text: Any, *, tags: Any = None, importance: Any = 0.5,
                 kind: str = "fact", scope: str = "project", confidence: Any = 1.0,
                 source: str = "user", capture_id: str | None = None,
                 created_at: Any = None) -> SaveResult:
        """``save``, reconciled with what the tier already holds (``aegis.supersede``).

        A known capture id returns its memory (a replayed capture); a
        near-duplicate is strengthened (importance and confidence up) instead of
        copied; otherwise the memory is saved and every live memory it updates
        is superseded by it — kept in history, never recalled or briefed again.
        Time decides which way: a memory said after this one (``created_at`` in
        the past: a backfill) wins, and this one is superseded instead.
        Capture, ``memory_save`` and the CLI ``remember`` all come through here; when
        the store cannot search (``Unavailable``) the memory is saved unreconciled.
        """
        from aegis.supersede import DUPLICATE, relation
        said = clean_text(text)
        redaction = redact(said)
        cleaned = clean_text(redaction.text)
        choice(scope, SCOPES, "scope")
        hits = self._reconcile_candidates(cleaned, scope)
        own = None if capture_id is None else next(
            (m for m in hits if m.capture_id == capture_id), None)
        if own is not None:              # a replay: finish what a crash may have cut short
            result = SaveResult(own, created=False, redacted=redaction.rules)
        else:
            key = content_hash(cleaned)      # an exact copy (case and spacing aside): save() says so
            near = next((m for m in hits if content_hash(m.text) != key
                         and relation(cleaned, m.text) == DUPLICATE), None)
            if near is not None:
                return SaveResult(self._strengthen(near, importance, confidence),
                                  created=False, merged=True, redacted=redaction.rules)
            result = self._save(said, redaction, tags=tags, importance=importance, kind=kind,
                                scope=scope, confidence=confidence, source=source,
                                capture_id=capture_id, created_at=created_at, restate=True)
            if not result.created:
                if capture_id is not None and result.memory.capture_id != capture_id:
                    return result.replace(memory=self._strengthen(
                        result.memory, importance, confidence), merged=True)
                return result
        replaced, outdated_by = self._supersede_in_time(result.memory, hits, carry=True)
        if result.restated is not None and outdated_by is None:
            # saying an old value again takes it back: it replaces what had replaced it
            current = self._replacement_of(result.restated, result.memory.namespace)
            if current is not None and current.id not in replaced + (result.memory.id,):
                self.supersede(current.id, result.memory.id)
                replaced += (current.id,)
        if outdated_by is not None:
            return result.replace(superseded=replaced, outdated_by=outdated_by)
        return result.replace(superseded=replaced)

    def _replacement_of(self, memory_id: str, namespace: str) -> Memory | None:
        """The live memory at the end of ``memory_id``'s chain of replacements, or None."""
        seen = {memory_id}
        memory = self.store.get((namespace,), memory_id)
        while memory is not None and memory.superseded_by and memory.superseded_by not in seen:
            seen.add(memory.superseded_by)
            memory = self.store.get((namespace,), memory.superseded_by)
        if memory is None or memory.superseded_by or memory.id == memory_id:
            return None                  # a broken or circular chain: nothing is in force
        return memory

    def _reconcile_candidates(self, text: str, scope: str) -> list[Memory]:
        """The memories of ``scope`` a new ``text`` is compared with. A store that cannot
        search now (an AegisDB server without its keyword index) gives none: the memory
        is still taken, since unreconciled beats lost, and a capture id stays unique."""
        try:
            return [hit.memory for hit in self.search(text[:MAX_QUERY_CHARS],
                                                      top_k=RECONCILE_SCAN, scope=scope)]
        except Unavailable:
            return []

    def _supersede_in_time(self, memory: Memory, others: Sequence[Memory], carry: bool
                           ) -> tuple[tuple[str, ...], str | None]:
        """Supersede between ``memory`` and the live ``others`` it updates or that update
        it, time deciding which way: (ids it replaced, the id that replaced it or None).
        ``carry``: save what a replaced memory says that ``memory`` does not."""
        from aegis.supersede import UPDATE, relation
        replaced: list[str] = []
        for old in others:
            if old.id == memory.id or old.superseded_by is not None:
                continue
            if old.created_at > memory.created_at:
                if memory.superseded_by is None and relation(old.text, memory.text) == UPDATE:
                    self.supersede(memory.id, old.id)
                    return tuple(replaced), old.id
            elif relation(memory.text, old.text) == UPDATE:
                self.supersede(old.id, memory.id)
                replaced.append(old.id)
                if carry:
                    self._carry(old, memory)
        return tuple(replaced), None

    def restore_reconciled(self, memory: Memory, versions: Sequence[MemoryVersion]
                           ) -> tuple[str, str]:
        """``Store.restore`` of a memory from another store (``aegis migrate``), reconciled
        with its tier as ``remember`` reconciles a new one, so a shared pool that several
        checkouts migrate into holds each rule once and only its current version.

        A live memory that restates a live one of the tier strengthens it and is not
        copied: ``("merged", that id)``. Otherwise it is restored with its id, times and
        history (``("copied", id)``, or ``("present", id)`` when the store already holds
        that id), and time decides the supersede: it replaces the older memories it
        updates, or a newer memory that updates it replaces it. A memory that was
        already superseded goes across as history, unreconciled.
        """
        from aegis.supersede import DUPLICATE, relation
        hits: list[Memory] = []
        if memory.superseded_by is None:
            scope = "user" if memory.namespace.startswith(USER_PREFIX) else "project"
            hits = [m for m in self._reconcile_candidates(memory.text, scope)
                    if m.id != memory.id and m.superseded_by is None]
            same = next((m for m in hits if m.text == memory.text
                         or relation(memory.text, m.text) == DUPLICATE), None)
            if same is not None:
                self._strengthen(same, memory.importance, memory.confidence)
                return "merged", same.id
        if not self.store.restore(memory, versions):
            return "present", memory.id
        self._supersede_in_time(memory, hits, carry=False)
        return "copied", memory.id

    def _carry(self, old: Memory, new: Memory) -> None:
        """Save what of ``old`` its replacement does not say (``supersede.carried``), so a
        second fact that shared the old memory is not hidden with it."""
        from aegis.supersede import carried
        rest = carried(old.text, new.text)
        if rest is None:
            return
        scope = "user" if old.namespace.startswith(USER_PREFIX) else "project"
        self._save(rest, redact(rest), tags=list(old.tags), importance=old.importance,
                   kind=old.kind, scope=scope, confidence=old.confidence, source=old.source,
                   capture_id=None, created_at=old.created_at)

    def _strengthen(self, memory: Memory, importance: Any, confidence: Any) -> Memory:
        """Said again: a little more important and more certain (capped at 1)."""
        raised_importance = min(1.0, max(memory.importance, unit_interval(
            importance, "importance")) + STRENGTHEN_IMPORTANCE)
        raised_confidence = min(1.0, max(memory.confidence, unit_interval(
            confidence, "confidence")) + STRENGTHEN_CONFIDENCE)
        if raised_importance <= memory.importance and raised_confidence <= memory.confidence:
            return memory
        # (a superseded memory too: a backfill may say it again in its own time)
        return self._change(memory, MemoryChanges(importance=round(raised_importance, 3),
                                                  confidence=round(raised_confidence, 3)))

    def update(self, memory_id: Any, *, text: Any = None, tags: Any = None,
               importance: Any = None, confidence: Any = None, kind: str | None = None) -> Memory:
        """``amend``'s memory."""
        return self.amend(memory_id, text=text, tags=tags, importance=importance,
                          confidence=confidence, kind=kind).memory

    def amend(self, memory_id: Any, *, text: Any = None, tags: Any = None,
              importance: Any = None, confidence: Any = None, kind: str | None = None
              ) -> UpdateResult:
        """Change a memory in force; the previous version is kept. A superseded one is
        refused: it is never recalled, so neither would the change be. Values it already
        has change nothing: no version is added (``changed`` False)."""
        current = self._owned(memory_id)
        if current.superseded_by:
            in_force = self._replacement_of(current.id, current.namespace)
            raise InvalidInput(f"{current.id} is superseded by {current.superseded_by}, so it "
                               f"is never recalled; update "
                               f"{in_force.id if in_force else current.superseded_by} instead")
        redaction = None if text is None else redact(clean_text(text))
        screened = None if tags is None else screened_tags(
            tags, text if isinstance(text, str) else "", redaction and redaction.text)
        changes = MemoryChanges(
            text=None if redaction is None else clean_text(redaction.text),
            tags=None if screened is None else screened[0],
            importance=None if importance is None else unit_interval(importance, "importance"),
            confidence=None if confidence is None else unit_interval(confidence, "confidence"),
            kind=None if kind is None else choice(kind, KINDS, "kind"))
        if changes == MemoryChanges():
            raise InvalidInput("nothing to update: give text, tags, importance, confidence or kind")
        said = UpdateResult(current, changed=False,
                            redacted=redaction.rules if redaction else (),
                            dropped_tags=screened[1] if screened else 0)
        if all(value is None or value == getattr(current, name)
               for name, value in changes.as_dict().items()):
            return said
        return said.replace(memory=self._change(current, changes), changed=True)

    def _change(self, current: Memory, changes: MemoryChanges) -> Memory:
        self._rescrub(current)
        memory = self.store.update(current.namespace, current.id, changes)
        if changes.text is not None and changes.text != current.text:
            self._embed([memory])
        return memory

    def _rescrub(self, current: Memory) -> None:
        """Before an update archives ``current`` as a version: text stored under older
        redaction rules (it and its earlier versions) is re-redacted in place first,
        so the kept history never holds what today's rules catch."""
        scrub = getattr(self.store, "scrub_texts", None)
        if scrub is None:
            return
        if redact(current.text).rules or any(
                redact(v.text).rules for v in self.store.history(current.namespace, current.id)):
            scrub(redact, memory_id=current.id)

    def relate(self, source_id: Any, target_id: Any, kind: str = "relates_to") -> Relation:
        """Link two memories of one tier. ``supersedes`` also retires the target, as
        capture's supersede does (``supersede``): kept in history, no longer recalled,
        briefed or listed by default."""
        relation_kind(kind)
        source, target = self._owned(source_id), self._owned(target_id)
        if source.id == target.id:
            raise InvalidInput("a memory cannot be related to itself")
        if source.namespace != target.namespace:
            raise InvalidInput("memories in different tiers (project/user) cannot be related")
        if kind == "supersedes" and source.superseded_by == target.id:
            raise InvalidInput(f"{source.id} is superseded by {target.id}; "
                               "it cannot supersede it in turn")
        relation = self.store.relate(source.namespace, Relation(source.id, target.id, kind))
        if kind == "supersedes":
            self.store.update(target.namespace, target.id,
                              MemoryChanges(superseded_by=source.id))
        return relation

    def supersede(self, old_id: str, new_id: str) -> Memory:
        """Mark ``old_id`` replaced by ``new_id``: kept in history, no longer recalled."""
        old = self._owned(old_id)
        self.relate(new_id, old.id, "supersedes")
        return self._owned(old.id)

    def forget(self, memory_id: Any) -> Memory:
        """Delete a memory. What it superseded becomes current again rather than
        staying hidden behind a replacement that no longer exists."""
        memory = self._owned(memory_id)
        replaced = [r.target_id for r in self.store.relations((memory.namespace,), memory.id)
                    if r.kind == "supersedes" and r.source_id == memory.id]
        self.store.delete(memory.namespace, memory.id)
        for old_id in replaced:
            old = self.store.get((memory.namespace,), old_id)
            if old is not None and old.superseded_by == memory.id:
                self.store.update(memory.namespace, old_id, MemoryChanges(superseded_by=""))
        return memory

    # ------------------------------------------------------------ reads

    def get(self, memory_id: Any) -> Memory:
        return self._owned(memory_id)

    def search(self, text: Any, *, top_k: int = 10, tags: Any = None, match: str = "any",
               since: Any = None, until: Any = None, scope: str = "all",
               kinds: Sequence[str] = (), min_relevance: float = 0.0,
               vector: Sequence[float] | None = None,
               include_superseded: bool = False) -> list[SearchHit]:
        text = clean_text(text, "query", MAX_QUERY_CHARS)
        top_k = top_k_count(top_k)
        query = Query(namespaces=self._scope_namespaces(scope), text=text, tags=clean_tags(tags),
                      match_all_tags=choice(match, ("any", "all"), "match") == "all",
                      since=time_bound(since, "since"), until=time_bound(until, "until"),
                      kinds=tuple(choice(k, KINDS, "kind") for k in kinds), limit=top_k * 3,
                      include_superseded=include_superseded,
                      vector=tuple(vector) if vector is not None else None)
        query = self._with_query_vector(query)
        now = self.clock()
        hits = [hit.replace(score=rank(hit, now)) for hit in self.store.search(query)
                if hit.relevance >= min_relevance]
        hits.sort(key=lambda hit: -hit.score)
        return hits[:top_k]

    def list(self, *, limit: int = 20, offset: int = 0, tags: Any = None, match: str = "any",
             since: Any = None, until: Any = None, scope: str = "all",
             kinds: Sequence[str] = (), include_superseded: bool = False,
             min_importance: Any = 0.0, scan_until: float | None = None) -> list[Memory]:
        limit, offset = list_limit(limit), list_offset(offset)
        query = Query(namespaces=self._scope_namespaces(scope), tags=clean_tags(tags),
                      match_all_tags=choice(match, ("any", "all"), "match") == "all",
                      since=time_bound(since, "since"), until=time_bound(until, "until"),
                      kinds=tuple(choice(k, KINDS, "kind") for k in kinds), limit=limit,
                      include_superseded=include_superseded,
                      min_importance=unit_interval(min_importance, "min_importance"),
                      scan_until=scan_until)
        return self.store.list(query, offset)

    def list_all_namespaces(self, *, limit: int = 20, include_superseded: bool = False
                            ) -> list[tuple[str, int, list[Memory]]]:
        """(namespace, count, newest ``limit`` memories) for every namespace in the store,
        most memories first: the cross-project view (``list --all-projects``). Read-only;
        a backend that cannot enumerate namespaces raises ``InvalidInput``."""
        stats = self.store.stats(None)
        # the count beside a group is of what it lists: live ones unless --all
        by_namespace = {namespace: (total if include_superseded
                                    else stats.live_by_namespace.get(namespace, 0))
                        for namespace, total in stats.by_namespace.items()
                        if include_superseded or stats.live_by_namespace.get(namespace)}
        groups = []
        for namespace, total in sorted(by_namespace.items(), key=lambda item: (-item[1],
                                                                                item[0])):
            query = Query(namespaces=(namespace,), limit=limit,
                          include_superseded=include_superseded)
            groups.append((namespace, total, self.store.list(query, 0)))
        return groups

    def history(self, memory_id: Any) -> list[MemoryVersion]:
        memory = self._owned(memory_id)
        return self.store.history(memory.namespace, memory.id)

    def relations(self, memory_id: Any) -> list[Relation]:
        memory = self._owned(memory_id)
        return self.store.relations(self.namespaces.readable, memory.id)

    # ------------------------------------------------------------ embeddings

    @property
    def embedding_notice(self) -> str | None:
        """One line for the user when semantic search was configured but is off: the
        provider failed, or the store cannot take its vectors (a server built for
        another dimension)."""
        embedder = self.embedder
        if embedder is None:
            return None
        if embedder.notice or not embedder.active or not embedder.dimensions:
            return embedder.notice
        try:
            return self.store.check_dimensions(int(embedder.dimensions))
        except AegisError:
            return None                   # the store's own failure is reported on its own

    def _with_query_vector(self, query: Query) -> Query:
        embedder = self.embedder
        if embedder is None or not embedder.active:
            return query
        if query.vector is None:
            vector = embedder.embed_query(query.text)
            if vector is None:
                return query
            query = query.replace(vector=tuple(vector))
        return query.replace(vector_model=embedder.model_id,
                       vector_range=embedder.similarity_range)

    def _embed(self, memories: Sequence[Memory]) -> int:
        """Store vectors for ``memories``; a failure only logs (the save already happened)."""
        embedder, store = self.embedder, self.store
        setter = store.set_embedding
        if embedder is None or not embedder.active or not memories:
            return 0
        vectors = embedder.embed_documents([memory.text for memory in memories])
        model = embedder.model_id
        if vectors is None or model is None:
            return 0
        stored = 0
        try:
            for memory, vector in zip(memories, vectors):
                stored += bool(setter(memory.namespace, memory.id, model, vector))
        except AegisError as exc:
            get_logger().warning("could not store embeddings: %s", exc.code)
        return stored

    def embedding_status(self) -> dict[str, Any]:
        """Mode, model and how many memories still need (re)embedding with it."""
        embedder = self.embedder
        stored = self.store.embedding_models(self.namespaces.readable)
        status: dict[str, Any] = {
            "model": embedder.model_id if embedder else None,
            "dimensions": embedder.dimensions if embedder else None,
            "notice": self.embedding_notice,
            "vectors": {f"{model}/{dims}": count for (model, dims), count in stored.items()}}
        if embedder is not None and embedder.active:
            current = stored.get(self.store.model_key(embedder.model_id, embedder.dimensions), 0)
            status["other_models"] = sum(stored.values()) - current
            status["missing"] = self.store.stats(self.namespaces.readable).memories - current
        return status

    def reindex(self, progress: Callable[[int], None] | None = None,
                batch: int = 64) -> int:
        """Embed every memory that lacks a vector from the current model; returns the count.

        Covers a switch of model or dimensions (older vectors are replaced).
        Raises ``Unavailable`` when embeddings are off or the provider fails.
        """
        embedder = self.embedder
        backlog = self.store.embedding_backlog
        if embedder is None:
            raise Unavailable("embeddings are off (AEGIS_EMBEDDING_MODE=none); set it to "
                              "local or voyage to reindex")
        done = 0
        seen: set[str] = set()
        while embedder.active:
            model, dims = embedder.model_id, embedder.dimensions
            if model is None or dims is None:
                break
            pending = [m for m in backlog(self.namespaces.readable, model, dims, batch)
                       if m.id not in seen]
            if not pending:
                return done
            seen.update(m.id for m in pending)
            done += self._embed(pending)
            if progress:
                progress(done)
        raise Unavailable(embedder.notice or "embeddings are off")

    def mark_recalled(self, memory_ids: Iterable[str]) -> None:
        self.store.mark_recalled(self.namespaces.readable, memory_ids)

    def stats(self) -> dict[str, Any]:
        stats = self.store.stats(self.namespaces.readable)
        live = stats.live_by_namespace     # what recall and the briefing can still use
        pool = self.store.pinned_namespace()
        return {"backend": self.store.name, "project_namespace": self.namespaces.project,
                **({"token_pool": pool} if pool else {}),
                "user_namespace": self.namespaces.user, "memories": sum(live.values()),
                "project_memories": live.get(self.namespaces.project, 0),
                "user_memories": live.get(self.namespaces.user, 0),
                "by_kind": stats.by_kind, "superseded": stats.superseded,
                "versions": stats.versions, "relations": stats.relations,
                "oldest": iso(stats.oldest), "newest": iso(stats.newest)}

    # ------------------------------------------------------------ export / import

    def _all(self, scope: str) -> list[Memory]:
        """Every memory of ``scope``, superseded ones too, in one read: pages by offset
        would make a team server rescan the pool for every page after its first."""
        query = Query(namespaces=self._scope_namespaces(scope), limit=2**62,
                      include_superseded=True)
        return self.store.list(query, 0)

    def export(self, out: TextIO, scope: str = "all") -> int:
        """Write one JSON object per memory, oldest first; returns the count."""
        from json import dumps              # (not at import: the recall hook imports this module)
        memories = sorted(self._all(scope), key=lambda m: (m.created_at, m.id))
        for memory in memories:
            record = memory.to_dict()
            record.update(created_at=memory.created_at, updated_at=memory.updated_at,
                          last_recalled_at=memory.last_recalled_at,
                          tier="user" if memory.namespace.startswith(USER_PREFIX) else "project",
                          format=EXPORT_FORMAT)
            past = self.store.history(memory.namespace, memory.id) if memory.version > 1 else []
            record["history"] = [v.to_dict() | {"changed_at": v.changed_at} for v in past]
            record["relations"] = [r.to_dict() | {"created_at": r.created_at}
                                   for r in self.store.relations((memory.namespace,), memory.id)
                                   if r.source_id == memory.id]
            out.write(dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        return len(memories)

    def import_lines(self, lines: Iterable[str],
                     progress: Callable[[int], None] | None = None) -> ImportReport:
        """Import an export. Existing ids are skipped, so importing twice adds nothing.

        Project-tier records land in this project's namespace and user-tier records
        in this user's, so an export moves between machines and clones. Records from
        another namespace get ids derived from (namespace, original id): stable, so
        a second import still adds nothing, and distinct from the originals, so the
        same store can hold both (a renamed repository, say). A record without an id
        (written by hand) gets one derived from its tier and text, for the same reason.
        """
        added = skipped = related = linked = 0
        errors: list[str] = []
        pending_relations: list[tuple[str, dict]] = []
        for number, line in enumerate(lines, 1):
            if progress:
                progress(number)
            if len(line.rstrip("\n")) > MAX_IMPORT_LINE_CHARS:
                errors.append(f"line {number}: over {MAX_IMPORT_LINE_CHARS:,} characters, "
                              f"not a memory record; the rest of the file was not read")
                break
            if not line.strip():
                continue
            try:
                memory, versions, relations = self._parse_record(line)
            except InvalidInput as exc:
                errors.append(f"line {number}: {exc}")
                continue
            if self.store.restore(memory, versions):
                added += 1
            else:
                skipped += 1
            pending_relations += [(memory.namespace, r) for r in relations]
        for namespace, raw in pending_relations:
            try:
                relation = Relation(str(raw["source_id"]), str(raw["target_id"]),
                                    choice(raw.get("kind"), RELATION_KINDS, "relation kind"),
                                    float(raw.get("created_at") or 0.0))
                key = (relation.source_id, relation.target_id, relation.kind)
                if key in {(r.source_id, r.target_id, r.kind) for r in
                           self.store.relations((namespace,), relation.source_id)}:
                    linked += 1
                    continue
                self.store.relate(namespace, relation)
                related += 1
            except (InvalidInput, NotFound, KeyError, TypeError, ValueError) as exc:
                errors.append(f"relation {raw!r:.80}: {exc}")
        lost = len(errors)
        embedded = 0
        if added and self.embedder is not None:
            try:                    # imported memories get vectors, as saved ones do
                embedded = self.reindex()
            except Unavailable as exc:          # loses no record: `aegis reindex` mends it
                errors.append(f"imported without vectors ({exc.message}); run `aegis reindex`")
        return ImportReport(added, skipped, related, tuple(errors), embedded, lost, linked)

    def _parse_record(self, line: str) -> tuple[Memory, list[MemoryVersion], list[dict]]:
        from json import loads
        try:
            record = loads(line)
        except ValueError:
            raise InvalidInput("not valid JSON") from None
        except RecursionError:
            raise InvalidInput("nested too deeply to be a memory record") from None
        if not isinstance(record, dict):
            raise InvalidInput("expected a JSON object")
        record = surrogates.drop_in(record)
        try:
            tier = choice(record.get("tier", "project"), SCOPES, "tier")
            namespace = self.namespaces.for_scope(tier)
            origin = record.get("namespace")
            local_id = (imported_id(namespace) if origin and origin != namespace
                        else lambda memory_id: memory_id)
            text = clean_text(redact(clean_text(record.get("text"))).text)
            now = self.clock()
            created = _epoch(record.get("created_at"), now)
            superseded_by = record.get("superseded_by")
            # a hand-written line may leave the id out: one derived from its tier and text
            # keeps a second import of the same file a no-op
            memory_id = (clean_text(record["id"], "id", 64) if record.get("id") is not None
                         else content_id(namespace, text))
            memory = Memory(
                id=local_id(memory_id), namespace=namespace,
                text=text, kind=choice(record.get("kind", "fact"), KINDS, "kind"),
                tags=stored_tags(record.get("tags"), record.get("text") or ""),
                importance=unit_interval(record.get("importance", 0.5), "importance"),
                confidence=unit_interval(record.get("confidence", 1.0), "confidence"),
                source=str(record.get("source") or "import"), created_at=created,
                updated_at=_epoch(record.get("updated_at"), created),
                version=int(record.get("version") or 1),
                recall_count=int(record.get("recall_count") or 0),
                last_recalled_at=_epoch(record.get("last_recalled_at"), None),
                superseded_by=local_id(str(superseded_by)) if superseded_by else None,
                capture_id=record.get("capture_id"))
            versions = [MemoryVersion(memory.id, int(v["version"]),
                                      clean_text(redact(clean_text(v["text"])).text),
                                      stored_tags(v.get("tags"), v.get("text") or ""),
                                      unit_interval(v.get("importance", 0.5), "importance"),
                                      unit_interval(v.get("confidence", 1.0), "confidence"),
                                      choice(v.get("kind", "fact"), KINDS, "kind"),
                                      _epoch(v.get("changed_at"), created))
                        for v in record.get("history") or []]
            relations = [dict(r, source_id=local_id(str(r.get("source_id"))),
                              target_id=local_id(str(r.get("target_id"))))
                         for r in record.get("relations") or [] if isinstance(r, dict)]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InvalidInput(f"malformed record ({type(exc).__name__})") from None
        return memory, versions, relations


def _past_time(value: Any, now: float) -> float:
    """A creation time for a memory: a real instant, not in the future."""
    when = _epoch(value, None)
    if when is None or not math.isfinite(when) or when < 0 or when > now + 86400:
        raise InvalidInput("created_at must be a time in the past")
    return min(when, now)


def content_id(namespace: str, text: str) -> str:
    """The id of an imported record that has none: stable for the same text in the same
    namespace, so importing the file again adds nothing."""
    import hashlib
    digest = hashlib.sha256(f"{namespace}\0text\0{text}".encode("utf-8", "surrogatepass")
                            ).hexdigest()
    return "mem_" + digest[:12]


def imported_id(namespace: str) -> Callable[[str], str]:
    """Stable ids in ``namespace`` for memories imported from another namespace."""
    def local_id(memory_id: str) -> str:
        import hashlib

        digest = hashlib.sha256(f"{namespace}\0{memory_id}".encode("utf-8")).hexdigest()
        return "mem_" + digest[:12]
    return local_id


def _epoch(value: Any, default: float | None) -> float | None:
    if value is None:
        return default
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return time_bound(value, "timestamp")
