"""Small text utilities shared by search, recall and capture.

Query terms keep identifiers whole: ``hnsw.c:214`` becomes the phrase
``hnsw c 214`` (matched as adjacent tokens by FTS5), so an identifier is found by
its exact spelling while ordinary words are matched one by one, by Porter stem as
the full-text index matches them (``aegis.stem``). An ordinary word also carries
its related words (``aegis.related_terms``: "prod" for "production") and the
local model's nearest words (``aegis.neighbours``: "forecast" for "predict"), which
count for ``RELATED_WEIGHT`` of the word when the word itself is absent. A word also
matches a name the memory compounds from it ("rabbit" → ``RabbitMQ``, "influx" →
``InfluxDB``, "hive" → ``Hivewire``: ``begins_name``) and a specific word of a
camelCase name ("map" → ``OpenStreetMap``, "mac" → ``macOS``: ``name_parts``). A
qualified name also searches for its leading parts (``OVRInput.Get`` for a memory
about ``OVRInput``: ``identifier_heads``). Text written without spaces between words
(Chinese, Japanese, Thai) and emoji are searched by their parts: character bigrams
and one term per emoji (``aegis.segment``), on the query side here and on the memory
side in each store's index.
"""

from __future__ import annotations

from functools import lru_cache

from aegis import fastre
from aegis.record import Record
from aegis.stem import stem

TYPE_CHECKING = False
if TYPE_CHECKING:                       # the recall hook does not import typing
    from typing import Iterable

WORD = fastre.compile(r"[^\W_]+", fastre.UNICODE)
# a camelCase name has a small letter then a capital ("OpenStreetMap", "macOS"); its words
CAMEL_JOIN = fastre.compile(r"[a-z][A-Z]")
CAMEL_PART = fastre.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
CHUNK = fastre.compile(r"\S+")
# Characters that join the parts of one identifier: snake_case, kebab-case, paths, file:line.
IDENT_JOINERS = set("_-./:#@")

# the ends of file names, which make ``name.ext`` a file and not a qualified name
FILE_EXTENSIONS = frozenset("""
py pyi js mjs cjs ts tsx jsx md rst txt c h cc cpp hpp go rs rb java kt kts swift php pl pm
lua ex exs erl hs clj cljs edn scala sbt jl r sql sh bash zsh ps1 yaml yml json toml ini cfg
conf env lock xml html htm css scss vue svelte proto tf hcl mk cmake gradle csv tsv log ipynb
dart nim zig cs fs vb m mm
""".split())

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


RELATED_WEIGHT = 0.5            # a related word's share of the query word it stands for
NAME_PREFIX_MIN = 4             # shortest word that may begin a compound name (begins_name)


class Term(Record):
    words: tuple[str, ...]      # lowercase tokens; more than one for an identifier
    identifier: bool
    related: tuple[str, ...] = ()   # single words searched in its place, at lower weight
    neighbours: tuple[str, ...] = ()  # the model's nearest words, likewise (aegis.neighbours)
    heads: tuple[tuple[str, ...], ...] = ()  # an identifier's leading parts (identifier_heads)

    @property
    def weight(self) -> float:
        return 2.0 if self.identifier else 1.0

    def fts(self) -> str:
        own = '"' + " ".join(self.words) + '"'
        if not self.related and not self.neighbours and not self.heads:
            return own
        return "(" + " OR ".join([own, *('"' + " ".join(head) + '"' for head in self.heads),
                                  *(f'"{word}"' for word in self.wider)]) + ")"

    @property
    def wider(self) -> tuple[str, ...]:
        """Every word searched in this term's place: related words, then neighbours."""
        return self.related + tuple(w for w in self.neighbours if w not in self.related)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def is_identifier(chunk: str) -> bool:
    core = chunk.strip("`'\"()[]{}<>,;!?")
    if len(WORD.findall(core)) > 1 and any(c in IDENT_JOINERS for c in core):
        return True
    return any(c.isdigit() for c in core) or (core.isupper() and len(core) > 1) or "_" in core


def query_terms(text: str, max_terms: int = 32, expand: bool = False) -> list[Term]:
    """Distinct search terms of ``text``: identifiers as phrases, words minus stopwords.

    ``expand`` gives each ordinary word its related words and neighbours (what
    searches want; deciding whether a prompt has a topic does not need them).
    """
    terms: dict[tuple[str, ...], Term] = {}
    text, special = _unspaced(text, query=True)
    for chunk in CHUNK.findall(text):
        parts = tuple(words(chunk))
        if not parts:
            continue
        if len(parts) > 1 and is_identifier(chunk):
            terms.setdefault(parts, Term(parts, True, heads=identifier_heads(chunk, parts)
                                         if expand else ()))
            continue
        for part in parts:
            if part in STOPWORDS or (len(part) < 2 and not part.isdigit()):
                continue
            identifier = is_identifier(chunk) and not _common_number(part)
            terms.setdefault((part,), Term((part,), identifier))
        if len(terms) >= max_terms:
            break
    for word in special:
        terms.setdefault((word,), Term((word,), False))
    chosen = list(terms.values())[:max_terms]
    if expand:
        from aegis.neighbours import neighbours
        from aegis.related_terms import related
        chosen = [term if term.identifier or len(term.words) > 1 else
                  term.replace(related=related(term.words[0]),
                               neighbours=neighbours(term.words[0])) for term in chosen]
    return chosen


def identifier_heads(chunk: str, parts: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The leading parts of a qualified name, longest first: ``OVRInput.Get`` →
    ("ovrinput",), ``Importmap::Map::MissingPinError`` → ("importmap", "map"),
    ("importmap",). A prompt quotes the call or the error it met, the memory names the
    module or the type ("never OVRInput", "SQL is compiled by sqlc (pgx)"); a head
    counts for ``RELATED_WEIGHT`` of the whole name. Only for a name joined by "." or
    "::" whose first part is no everyday word of three letters or more; not for a path
    (its first folder, "src" or "app", says nothing), a file name (``session.py`` is
    not ``session``) or anything with a number (``hnsw.c:214`` is not ``hnsw.c:215``):
    those match as spelt."""
    if ("/" in chunk or not ("." in chunk or "::" in chunk) or parts[-1] in FILE_EXTENSIONS
            or any(c.isdigit() for c in chunk)):
        return ()
    from aegis.commonness import is_common
    first = parts[0]
    if len(first) < 3 or first.isdigit() or is_common(first):
        return ()
    return tuple(parts[:k] for k in range(len(parts) - 1, 0, -1))


def _common_number(part: str) -> bool:
    """A bare everyday number ("3", "30", "2010": ``aegis.commonness``) is a word, not an
    identifier: "convert 30 celsius" shares it with "runs at 02:30 for 30 minutes" by
    chance, as it would an everyday word."""
    if not part.isdigit():
        return False
    from aegis.commonness import is_common
    return is_common(part)


def search_words(terms: list[Term]) -> list[str]:
    """The related words and neighbours of ``terms``, for a backend that takes the query
    as plain text."""
    seen = {word for term in terms for word in term.words}
    extra = []
    for term in terms:
        for word in term.wider:
            if word not in seen:
                seen.add(word)
                extra.append(word)
    return extra


def _unspaced(text: str, query: bool = False) -> tuple[str, list[str]]:
    """``aegis.segment.split`` of ``text``: most text is ASCII, has no unspaced run or
    emoji, and spares the recall hook the import."""
    if text.isascii():
        return text, []
    from aegis import segment
    return segment.split(text, query) if segment.SPECIAL.search(text) else (text, [])


def segmented_words(terms: list[Term]) -> list[str]:
    """The words of ``terms`` that ``aegis.segment`` made (bigrams, emoji terms), which
    a backend that tokenizes the query text itself would not see in it."""
    from aegis import segment
    return [term.words[0] for term in terms
            if len(term.words) == 1 and segment.made(term.words[0])]


def coverage(terms: list[Term], text: str) -> float:
    """Weighted share of ``terms`` that occur in ``text``.

    Phrases count as adjacent words; a single word counts when ``text`` has a
    word of the same Porter stem, and for ``RELATED_WEIGHT`` of its weight when
    only one of its related words or neighbours is there.
    """
    if not terms:
        return 0.0
    haystack = _haystack(text)
    return sum(_match(term, haystack) * term.weight for term in terms) / sum(
        term.weight for term in terms)


def lone_word_match(terms: list[Term], text: str) -> bool:
    """Whether all ``text`` shares with the query is one chance word, which recall
    does not count as evidence.

    One ordinary word (or its relative) shared with a query of four or more terms is
    what an off-topic prompt ("write a haiku about autumn") shares with a memory by
    chance. An identifier is never a chance match. In a query of two or three terms a
    word the memory spells the same way is evidence (``secrets`` in "where do our
    secrets come from?") unless it is one of the most frequent English words
    (``aegis.commonness``: "name" in "a good name for a cat", "process" in "a process
    and a thread"); a stem or relative alone is evidence only in a query of one or two
    terms ("translate" for "translations" is not, in a three-term prompt). Two or more
    shared words are evidence, everyday ones too: "paying the water bill late" finds the
    late-payment rule by three everyday words (docs/recall-quality.md has the figures of
    a rule that withheld them). Whatever the prompt's length, model neighbours alone are no evidence either ("good
    morning" reaching a memory about a "breakfast" job; "a good novel set in a library"
    one about seats "booked" by phone, through "book" and "books"): neighbours are loose,
    topical words, so at least one shared word must be the prompt's own or a related
    word."""
    haystack = _haystack(text)
    # one entry per stem: "read" and "reading" of one prompt are one shared word, not two
    found = list({(stem(term.words[0]),) if len(term.words) == 1 else term.words: term
                  for term in terms if _match(term, haystack)}.values())
    if found and all(_neighbour_only(term, haystack) for term in found):
        return True
    if not found or len(terms) < 2 or any(term.identifier for term in found):
        return False
    from aegis.commonness import is_common
    if len(found) > 1:
        return False
    word = found[0].words[0]
    if len(terms) > 3 or is_common(word):
        return True
    return len(terms) == 3 and not _verbatim(word, haystack)


def _verbatim(word: str, haystack: str) -> bool:
    """``word`` itself, or its plain plural or singular, is a word of ``haystack``."""
    forms = {word, word + "s", word + "es", word[:-1] if word.endswith("s") else word}
    return any(f" {_fold(form)} " in haystack for form in forms)


def _haystack(text: str) -> str:
    text, special = _unspaced(text)
    if not CAMEL_JOIN.search(text):     # most memories name no camelCase thing
        return _fold(" " + " ".join(words(text) + special) + " ")
    tokens = WORD.findall(text)
    found = [token.lower() for token in tokens]
    for token in tokens:
        if not token.islower() and CAMEL_JOIN.search(token):
            found += name_parts(token)
    return _fold(" " + " ".join(found + special) + " ")


def index_terms(text: str, tags: Iterable[str] = ()) -> str:
    """What a store indexes beside a memory's ``text`` and ``tags`` so that their
    unspaced runs and emoji are found by their parts (``aegis.segment``), space-joined;
    "" for most text. Words glued to such a run ("Redis" of "Redisの設定") come too:
    the index keeps them inside the run's token."""
    text = " ".join([text, *tags])
    rest, special = _unspaced(text)
    if rest == text:                    # nothing unspaced (a run always leaves a blank)
        return ""
    own = set(words(text))
    return " ".join(special + [word for word in words(rest) if word not in own])


@lru_cache(maxsize=4096)
def name_parts(token: str) -> tuple[str, ...]:
    """The specific words a camelCase name is made of ("OpenStreetMap" → "map", "street"
    is everyday; "macOS" → "mac"; "KeychainStore" → "keychain", "store"), which the index
    keeps as one token. People call such a thing by a part ("the map extract", "test it
    on mac"). An everyday part (``aegis.commonness``: "process" of ``processBlock``,
    "next" of ``nextToken``) is left out: it would make a general question ("a process
    and a thread") share a word with every memory that names such an identifier. Like a
    compound name (``begins_name``) this counts in the re-rank only: it makes no memory a
    candidate."""
    from aegis.commonness import is_common
    return tuple(part.lower() for part in CAMEL_PART.findall(token)
                 if len(part) > 1 and not part.isdigit() and not is_common(part.lower()))


def _match(term: Term, haystack: str) -> float:
    """1 when ``term`` occurs in ``haystack``, RELATED_WEIGHT for a related word, else 0."""
    if len(term.words) > 1:
        if _fold(" " + " ".join(term.words) + " ") in haystack:
            return 1.0
        return RELATED_WEIGHT if any(_fold(" " + " ".join(head) + " ") in haystack
                                     for head in term.heads) else 0.0
    if term.identifier:
        return 1.0 if _verbatim(_fold(term.words[0]), haystack) else 0.0
    word = _fold(term.words[0])
    if _has_word(word, haystack):
        return 1.0
    if any(_has_word(other, haystack) for other in term.wider):
        return RELATED_WEIGHT
    return 1.0 if begins_name(word, haystack) else 0.0


def begins_name(word: str, haystack: str) -> bool:
    """Whether a word of ``haystack`` is a name compounded from ``word``: it starts with
    ``word``, is not a form of it (its stem differs) and is no word of the bundled
    vocabulary ("rabbit" → "rabbitmq", "influx" → "influxdb", "hive" → "hivewire",
    but not "prod" → "production"). People call a tool or a
    project by its first word; the index keeps the compound as one token, so neither
    FTS nor the stem sees it. Only for a word of ``NAME_PREFIX_MIN`` letters or more
    that is not an everyday word (``aegis.commonness``): "data" does not reach
    "datastore", nor "time" "timescaledb".

    Checked in the re-rank only: it does not make a memory a candidate (a memory reached
    by another word, or by meaning, counts it), so the index query costs nothing more."""
    if len(word) < NAME_PREFIX_MIN or not word.isascii() or not word.isalpha():
        return False
    at = haystack.find(" " + word)
    while at >= 0:
        end = haystack.index(" ", at + 1)
        found = haystack[at + 1:end]
        if len(found) > len(word) and stem(found) != stem(word) and _coined(found):
            from aegis.commonness import is_common
            return not is_common(word)
        at = haystack.find(" " + word, end)
    return False


def _coined(word: str) -> bool:
    """``word`` is no whole word of the bundled vocabulary (``aegis.vocabulary``): a coined
    name, not an English word that happens to start like another."""
    from aegis.vocabulary import is_token
    return not is_token(word)


def _neighbour_only(term: Term, haystack: str) -> bool:
    """``term`` is in ``haystack`` only as one of its model neighbours."""
    return (len(term.words) == 1 and not term.identifier
            and not _has_word(_fold(term.words[0]), haystack)
            and not any(_has_word(word, haystack) for word in term.related)
            and not begins_name(_fold(term.words[0]), haystack))


def _fold(text: str) -> str:
    """Strip diacritics, as the FTS tokenizer does, so ``cafe`` covers ``café``."""
    if text.isascii():
        return text
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def _has_word(word: str, haystack: str) -> bool:
    """Whether ``haystack`` (" "-joined words) has ``word`` or a word of its Porter stem.

    A stem keeps the word's first letters (suffixes are all it changes), so only
    the few haystack words that start like it are stemmed.
    """
    if f" {word} " in haystack:
        return True
    own = stem(word)
    start = own[:3]
    at = haystack.find(" " + start)
    while at >= 0:
        end = haystack.index(" ", at + 1)
        if stem(haystack[at + 1:end]) == own:
            return True
        at = haystack.find(" " + start, end)
    return False


def estimate_tokens(text: str) -> int:
    """Rough token count (≈ 4 characters per token for English and code)."""
    return max(1, (len(text) + 3) // 4) if text else 0
