"""Putting a captured candidate into memory without copies or contradictions.

For each candidate, against the live (not superseded) memories of its tier:

* already stored under its capture id → nothing to add (a replay);
* a near-duplicate exists (same content words, give or take) → strengthen that
  memory (importance and confidence go up) instead of adding a copy;
* otherwise save it — and if an older memory says something else about the
  same subject (same subject words, different concrete values, and the new
  statement signals a change: "now", "instead", "no longer", …), the new one
  supersedes it: the old memory stays in history with a ``supersedes``
  relation and stops being recalled. Time decides which way: a candidate said
  before a stored memory (backfill of an older session) is the one superseded.

Every step can be repeated after a crash: saving is idempotent by capture id
and superseding only looks at memories that are still live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aegis.capture.spool import Candidate
from aegis.models import Memory
from aegis.service import MemoryService
from aegis.text import STOPWORDS, words

NEAR_DUPLICATE = 0.75
SUBJECT_OVERLAP = 0.6
CHANGE = re.compile(r"\b(?:now|instead|no longer|anymore|any more|switched|switching|moved|migrated|"
                    r"replaced|from now on|going forward|actually|changed|new)\b", re.I)
VALUE = re.compile(r"`[^`]+`|\b[\w-]+\.[A-Za-z]{1,5}\b|\bv?\d+(?:\.\d+)*\b|\b[A-Z][\w-]*[A-Z0-9][\w-]*\b"
                   r"|(?<=[a-z,;:] )[A-Z][a-z]+\b|\"[^\"]+\"|'[^' ]+'")
FILLER = {"now", "instead", "longer", "anymore", "always", "never", "use", "uses", "used", "using",
          "we", "our", "let", "lets", "going", "forward", "decided", "switched", "moved", "migrated",
          "replaced", "actually", "changed", "new", "should", "must", "please", "remember"}
STRENGTHEN_IMPORTANCE, STRENGTHEN_CONFIDENCE = 0.05, 0.1


@dataclass(frozen=True)
class Outcome:
    action: str                        # added | strengthened | present
    memory_id: str
    superseded: tuple[str, ...] = ()
    outdated_by: str | None = None     # a later memory already supersedes this one


def _stem(word: str) -> str:
    return re.sub(r"(?:ing|ed|es|s)$", "", word) if len(word) > 4 else word


def content_terms(text: str, subject: bool = False) -> set[str]:
    """Content words (stemmed) plus each concrete value whole, so `check-1` ≠ `check-2`.

    ``subject`` also drops the words that frame a statement rather than say what
    it is about ("now", "always", "decided", …), for the contradiction check.
    """
    skip = FILLER if subject else ()
    terms = {_stem(w) for w in words(text)
             if w not in STOPWORDS and w not in skip and (len(w) > 1 or w.isdigit())}
    return terms | {"=" + value for value in value_terms(text)}


def value_terms(text: str) -> set[str]:
    """Concrete values: code spans, file names, versions, names, quoted strings."""
    return {" ".join(words(match.group(0))) for match in VALUE.finditer(text)} - {""}


def similarity(a: str, b: str) -> float:
    terms_a, terms_b = content_terms(a), content_terms(b)
    if not terms_a or not terms_b:
        return 0.0
    return len(terms_a & terms_b) / len(terms_a | terms_b)


def contradicts(new: str, old: str) -> bool:
    """``new`` changes what ``old`` said about the same subject."""
    values_new, values_old = value_terms(new), value_terms(old)
    value_words_new = {_stem(w) for v in values_new for w in v.split()}
    value_words_old = {_stem(w) for v in values_old for w in v.split()}
    subject_new = {t for t in content_terms(new, True) - value_words_new if not t.startswith("=")}
    subject_old = {t for t in content_terms(old, True) - value_words_old if not t.startswith("=")}
    shared = subject_new & subject_old
    if not shared:
        return False
    overlap = len(shared) / min(len(subject_new), len(subject_old))
    if overlap < SUBJECT_OVERLAP or not CHANGE.search(new):
        return False
    if values_new and values_old:
        return bool(values_new - values_old) and bool(values_old - values_new)
    return similarity(new, old) < NEAR_DUPLICATE and overlap >= 0.75


def apply(service: MemoryService, candidate: Candidate) -> Outcome:
    """Store ``candidate`` (see the module docstring); raises the store's errors."""
    hits = [hit.memory for hit in service.search(candidate.text, top_k=10,
                                                 scope=candidate.scope)]
    own = next((m for m in hits if m.capture_id == candidate.capture_id), None)
    if own is None:
        near = max(hits, key=lambda m: similarity(candidate.text, m.text), default=None)
        if near is not None and similarity(candidate.text, near.text) >= NEAR_DUPLICATE:
            strengthen(service, near, candidate)
            return Outcome("strengthened", near.id)
        result = service.save(candidate.text, tags=list(candidate.tags),
                              importance=candidate.importance, kind=candidate.kind,
                              scope=candidate.scope, confidence=candidate.confidence,
                              source=candidate.source, capture_id=candidate.capture_id,
                              created_at=candidate.created_at)
        memory = result.memory
        if not result.created and memory.capture_id != candidate.capture_id:
            strengthen(service, memory, candidate)
            return Outcome("strengthened", memory.id)
        action = "added" if result.created else "present"
    else:
        memory, action = own, "present"
    superseded = []
    for old in hits:
        if old.id == memory.id or old.superseded_by is not None:
            continue
        if old.created_at > memory.created_at:
            # Said later than this candidate (a backfill of an older session): the
            # later statement wins, so it is this memory that gets superseded.
            if memory.superseded_by is None and contradicts(old.text, memory.text):
                service.supersede(memory.id, old.id)
                return Outcome(action, memory.id, tuple(superseded), outdated_by=old.id)
        elif contradicts(memory.text, old.text):
            service.supersede(old.id, memory.id)
            superseded.append(old.id)
    return Outcome(action, memory.id, tuple(superseded))


def strengthen(service: MemoryService, memory: Memory, candidate: Candidate) -> None:
    importance = min(1.0, max(memory.importance, candidate.importance) + STRENGTHEN_IMPORTANCE)
    confidence = min(1.0, max(memory.confidence, candidate.confidence) + STRENGTHEN_CONFIDENCE)
    if importance > memory.importance or confidence > memory.confidence:
        service.update(memory.id, importance=round(importance, 3),
                       confidence=round(confidence, 3))
