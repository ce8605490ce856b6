"""Which memories recall and the briefing inject.

Recall: the service's ranked search (relevance × importance × confidence ×
gentle recency) with a relevance floor. The floor applies to
``SearchHit.relevance`` — the 0..1 match quality every search path produces
(lexical coverage in BM25 mode, the fused score in hybrid mode) — never to the
ranking score, so importance cannot lift an off-topic memory over it. A memory
that shares a single ordinary word with a prompt of three or more terms
(``aegis.text.lone_word_match``) has no lexical evidence: it stays only when its
meaning alone (the semantic relevance, in hybrid mode) clears the floor. A second,
relative floor drops hits far weaker than the best one (a memory sharing one
common word with the prompt rides along with a real match otherwise). Memories
already injected in this session are skipped, and so is a memory written for another
programming language than the one the prompt names.

Briefing: the user tier's preferences and the project's most important
memories, by importance, confidence, how often recall found them useful and
recency, with conventions, decisions and preferences ahead of plain facts.
"""

from __future__ import annotations

import math
import time

from aegis.service import recency_weight
from aegis.text import lone_word_match, query_terms

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Sequence

    from aegis.models import Memory, SearchHit
    from aegis.service import MemoryService

SEARCH_CAP = 100                 # the service's own top_k limit
RELATIVE_FLOOR = 0.5             # keep hits at least this fraction as relevant as the best
BRIEFING_SCAN = 1000             # newest memories per tier considered for the briefing
# An ordinary captured fact (importance 0.5, never recalled, untagged) weighs 0.5 and
# stays out; an important one, a tagged convention/decision/preference, an often-recalled
# one or one somebody saved on purpose (/remember, memory_save, `aegis remember`) gets in.
BRIEFING_MIN_WEIGHT = 0.55
EXPLICIT_SOURCE = "user"         # saved on purpose, not captured, imported or backfilled
EXPLICIT_WEIGHT = 1.3          # like a guiding tag: at importance 0.5 it stays in at any age
GUIDING_TAGS = frozenset({"convention", "conventions", "decision", "decisions", "preference",
                          "preferences", "rule", "rules", "policy", "style", "workflow"})


def recall_hits(service: MemoryService, query: str, top_k: int, min_relevance: float,
                skip: Callable[[str], bool] = lambda _id: False) -> list[SearchHit]:
    """Ranked hits above the floor that were not injected yet.

    Asks for more than ``top_k`` so that, after skipping, the caller can still
    show ``top_k`` and say how many more relevant memories exist.
    """
    want = min(SEARCH_CAP, 2 * top_k + 5)
    hits = service.search(query, top_k=want, min_relevance=min_relevance)
    if hits:
        terms = query_terms(query, expand=True)
        hits = [hit for hit in hits if _has_evidence(service, terms, hit, min_relevance)]
        hits = _same_language(query, hits)
    if not hits:
        return []
    bar = RELATIVE_FLOOR * max(hit.relevance for hit in hits)
    return [hit for hit in hits if hit.relevance >= bar and not skip(hit.memory.id)]


def _same_language(query: str, hits: list[SearchHit]) -> list[SearchHit]:
    """A prompt that names a programming language gets nothing written for another one:
    "c#: when to use a struct" shares "structs" with an Elixir rule about job args, which
    says nothing about C# (``aegis.recall.languages``). A prompt naming both ("port the
    Perl job to Python") keeps both."""
    from aegis.recall import languages
    asked = languages.named_in(query)
    if not asked:
        return hits
    return [hit for hit in hits if not languages.foreign(asked, hit.memory.text, hit.memory.tags)]


def _has_evidence(service: MemoryService, terms: list, hit: SearchHit,
                  min_relevance: float) -> bool:
    memory = hit.memory
    if not lone_word_match(terms, memory.text + " " + " ".join(memory.tags)):
        return True
    if hit.semantic is None or service.embedder is None:
        return False
    from aegis.store.vectors import semantic_relevance
    return semantic_relevance(hit.semantic, service.embedder.similarity_range) >= min_relevance


def briefing_weight(memory: Memory, now: float) -> float:
    guiding = 1.3 if GUIDING_TAGS.intersection(memory.tags) else 1.0
    explicit = EXPLICIT_WEIGHT if memory.source == EXPLICIT_SOURCE else 1.0
    used = 1.0 + 0.1 * math.log1p(memory.recall_count)
    return (memory.importance * (0.5 + 0.5 * memory.confidence) * used * guiding * explicit
            * recency_weight(now - memory.updated_at))


def briefing_memories(service: MemoryService, scope: str, limit: int,
                      now: float | None = None, scan_until: float | None = None
                      ) -> list[Memory]:
    """The ``limit`` memories of ``scope`` most worth knowing at session start; a team
    server's pool is read no longer than until ``scan_until`` (monotonic)."""
    now = time.time() if now is None else now
    # The newest memories, and the important ones whatever their age: an old decision
    # must not drop out because a thousand newer notes (or a migration) came after it.
    # On a team server a page the filters thin out is topped up by reading the pool,
    # oldest first, only while the hook has time for it (10k memories take seconds).
    newest: Sequence[Memory] = service.list(limit=BRIEFING_SCAN, scope=scope,
                                            scan_until=scan_until)
    important = service.list(limit=BRIEFING_SCAN, scope=scope, scan_until=scan_until,
                             min_importance=BRIEFING_MIN_WEIGHT)
    candidates = {m.id: m for m in (*newest, *important)}.values()
    weighed = [(briefing_weight(m, now), m) for m in candidates]
    ranked = sorted((pair for pair in weighed if pair[0] >= BRIEFING_MIN_WEIGHT),
                    key=lambda pair: (-pair[0], -pair[1].updated_at))
    return [memory for _weight, memory in ranked[:limit]]
