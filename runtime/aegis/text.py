"""Small text utilities shared by search, recall and capture.

Query terms keep identifiers whole: ``hnsw.c:214`` becomes the phrase
``hnsw c 214`` (matched as adjacent tokens by FTS5), so an identifier is found by
its exact spelling while ordinary words are matched one by one.
"""

from __future__ import annotations

import re

from aegis.record import Record

WORD = re.compile(r"[^\W_]+", re.UNICODE)
CHUNK = re.compile(r"\S+")
# Characters that join the parts of one identifier: snake_case, kebab-case, paths, file:line.
IDENT_JOINERS = set("_-./:#@")

STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing done down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just let lets me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves
ok okay yes yeah yep sure thanks thank please hi hello hey cool great nice good fine
also again still get got go going make made use using used want need like know tell show
one two new way thing things something anything everything stuff lot much many really
""".split())


class Term(Record):
    words: tuple[str, ...]      # lowercase tokens; more than one for an identifier
    identifier: bool

    @property
    def weight(self) -> float:
        return 2.0 if self.identifier else 1.0

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"'


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def is_identifier(chunk: str) -> bool:
    core = chunk.strip("`'\"()[]{}<>,;!?")
    if len(WORD.findall(core)) > 1 and any(c in IDENT_JOINERS for c in core):
        return True
    return any(c.isdigit() for c in core) or (core.isupper() and len(core) > 1) or "_" in core


def query_terms(text: str, max_terms: int = 32) -> list[Term]:
    """Distinct search terms of ``text``: identifiers as phrases, words minus stopwords."""
    terms: dict[tuple[str, ...], Term] = {}
    for chunk in CHUNK.findall(text):
        parts = tuple(words(chunk))
        if not parts:
            continue
        if len(parts) > 1 and is_identifier(chunk):
            terms.setdefault(parts, Term(parts, True))
            continue
        for part in parts:
            if part in STOPWORDS or (len(part) < 2 and not part.isdigit()):
                continue
            terms.setdefault((part,), Term((part,), is_identifier(chunk)))
        if len(terms) >= max_terms:
            break
    return list(terms.values())[:max_terms]


def coverage(terms: list[Term], text: str) -> float:
    """Weighted share of ``terms`` that occur in ``text`` (phrases as adjacent words)."""
    if not terms:
        return 0.0
    haystack = _fold(" " + " ".join(words(text)) + " ")
    total = sum(t.weight for t in terms)
    found = 0.0
    for term in terms:
        phrase = _fold(" " + " ".join(term.words) + " ")
        if phrase in haystack or (len(term.words) == 1 and _stem_hit(term.words[0], haystack)):
            found += term.weight
    return found / total


def _fold(text: str) -> str:
    """Strip diacritics, as the FTS tokenizer does, so ``cafe`` covers ``café``."""
    if text.isascii():
        return text
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def _stem_hit(word: str, haystack: str) -> bool:
    """Cheap plural/verb-form tolerance: ``deploys`` finds ``deploy`` and back."""
    if len(word) < 4:
        return False
    stem = re.sub(r"(?:ing|ed|es|s)$", "", word)
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        stem = stem[:-1]                                # running -> run, stopped -> stop
    return len(stem) >= 3 and f" {stem}" in haystack


def estimate_tokens(text: str) -> int:
    """Rough token count (≈ 4 characters per token for English and code)."""
    return max(1, (len(text) + 3) // 4) if text else 0
