"""Terse, verbless statements of how a project is set up.

People who know their stack state it in fragments: "deps.edn only, no leiningen",
"lint clj-kondo, format cljfmt", "standardrb not rubocop", "heex only. no ~E, no eex
partials", "edit mode for logic, play mode only for physics", "Go 1.22". No verb, no
cue word, often no capital — yet each is a rule or a fact a new session needs.

The shape of the pieces says so. The sentence is cut at commas, semicolons and
dashes (a ", not …" stays with what it contrasts), and a piece counts when it is:

* **exclusive**: "<name> only";
* **a ban**: "no <thing>" (not "no idea", "no worries", "no rush" …);
* **a contrast**: "<name> not <name>", "<name> over <name>", "<name>, not <name>";
* **an assignment**: "<name> for <purpose>" ("play mode only for physics");
* **a tool for an aspect**: "lint clj-kondo", "format cljfmt", "db xtdb";
* **a version**: "Go 1.22", "Elixir 1.16 on OTP 26".

A sentence is kept when a piece has such a shape and the sentence is about the work
(a technical word or a value), or two pieces have one; it is not kept when it asks,
hedges, speaks of the speaker ("I", "my"), of this moment ("for now", "today", "this
branch") or of the past, or is small talk.
"""

from __future__ import annotations

import re

from aegis.capture import directives, facts, named, standing


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


_NAME = r"[\w.~/@+#:'`-]+"
_PHRASE = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"
# A word that starts no name: an article, a pronoun, a conjunction.
_BARE = r"(?!(?:the|a|an|some|any|each|every|all|this|that|these|those|it|one|as|so|but|and|or|we|they|you|I|there)\b)"
ONLY = _re(rf"^{_PHRASE}\s+only$")
BAN = _re(rf"""^no\s+(?!(?:no|exceptions?|excuses|idea|luck|worries|worry|problem|problems|rush|way|need|clue|doubt|matter|thanks|
    wait|sorry|offen[cs]e|longer|more|one|change|difference|response|reason|pressure|hurry|biggie|big\s+deal)\b)
    {_PHRASE}$""")
_NOT_A_NAME = r"(?!(?:but|and|or|so|if|is|it|that|this|maybe|probably|definitely|certainly|just|why|well)\b)"
CONTRAST = _re(rf"^{_NOT_A_NAME}{_BARE}(?!by\b){_PHRASE},?\s+(?:not|over|rather\s+than|instead\s+of)\s+"
               rf"(?!(?:a|an|the|time|\d+)\b){_PHRASE}$")
ASSIGNED = _re(rf"^(?:{_BARE}{_NAME}\s+){{0,2}}{_BARE}{_NAME}\s+(?:only\s+)?for\s+{_PHRASE}$")
# "formatting issues", "monitoring is key": a plain word after an aspect names no tool.
PLAIN_VALUE = _re(r"^(?:\w+\s+)?(?:lint\w*|format\w*|tests?|testing|build\w*|deploy\w*|monitoring|logging|docs|config)"
                  r"\s+(?:is\s+)?(?:[a-z]+s|key|important|fine|good|great|done|ready|broken|needed|ok|okay)$")
BARE_ASPECT = _re(r"^[\w-]+(?:\s+[\w-]+)?\s+[\w.@/+#-]+$")     # "format cljfmt": two or three bare words
ONLY_FOR = _re(r"\bonly\s+for\b")
# A piece with a finite verb is a clause, not a fragment ("comments are essential for …").
AUX = _re(r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|must|may|might)\b|'(?:re|ll|d|ve)\b")
# A later piece that is a clause of its own ("…, or design choices are common", "…, we reduce
# the damage"): the pieces before it are its subject or adverbial, not fragments.
CLAUSE_AFTER = _re(r"\b(?:is|are|was|were|can|could|will|would|should|must|may|might)\b|^(?:(?:and|or|but|so)\s+)?"
                   r"(?:we|they|it|I|you|he|she)\b")
ASPECT = _re(rf"""^(?:{_BARE}(?!(?:our|my|your|its|their|he|she|them|to|of|in|with|for|on|at)\b)[\w-]+\s+)?(?:lint(?:ing|er)?|
    format(?:ting|ter)?|tests?|testing|e2e|ci|build|builds|deploys?|db|database|orm|queue|queues|cache|auth|
    logging|logs|hosting|frontend|backend|ui|api|state|styling|css|routing|infra|monitoring|metrics|docs|wiring|
    config|packaging|bundler|types?|typing)\s+(?:(?:is|in|on|via|with)\s+)?{_NAME}
    (?:\s+(?:with|in|on|via|through|from)\s+{_NAME}){{0,2}}(?:\s+v?\d+(?:\.\d+)*)?$""")
VERSION = _re(r"^[A-Za-z][\w.+#-]*\s+v?\d+(?:\.\d+)+(?:\s+LTS)?(?:\s+on\s+[A-Za-z][\w.+#-]*\s+v?\d+(?:\.\d+)*)?$")
SHAPES = (ONLY, BAN, CONTRAST, ASSIGNED, ASPECT, VERSION)
# Where a piece ends; ", not" and ", over" stay with what they contrast.
CUT = re.compile(r"\s*(?:;|[.!](?=\s|$)|,(?!\s+(?:not|over|rather)\b)|\s[—–-]\s)\s*")
# Not a standing statement, whatever its shape.
TRANSIENT = _re(r"""\b(?:I|I'm|I'll|I've|I'd|me|my|mine|you|your|for\s+now|right\s+now|today|tonight|tomorrow|
    this\s+(?:time|branch|pr|ticket|file|one|week|morning|afternoon)|for\s+this|just|maybe|perhaps|probably|might|
    think|guess|yesterday|ago|was|were|did|had|again|thanks?|thx|let'?s|now|later|another\s+day|
    pass|passes|passed|passing|skipped|failing|failed|decided|undecided|sure|\d+\s+(?:tests?|specs?|failures?|errors?))\b""")
LEAD = _re(r"^(?:(?:oh|ah|and|also|so|ok(?:ay)?|right|yes|yeah|btw)[,.]?\s+)+")
MIN_PIECE_WORDS = 2


# "standardrb not rubocop": two bare names set against each other are two tools, a choice.
NAME_AGAINST_NAME = _re(rf"^{_NOT_A_NAME}{_NAME}(?:\s+{_NAME})?,?\s+(?:not|over|rather\s+than|instead\s+of)\s+{_NAME}(?:\s+{_NAME})?$")


def shaped_pieces(sentence: str) -> int:
    """How many pieces of ``sentence`` have one of the shapes above (a contrast of two bare
    names counts twice: it says it is about tools by itself)."""
    pieces = [p.strip(" ,:()") for p in CUT.split(LEAD.sub("", sentence.strip()))]
    shaped = [p for n, p in enumerate(pieces) if len(p.split()) >= MIN_PIECE_WORDS and not facts.EVENT.search(p)
              and not standing.EVALUATIVE.search(p) and not PLAIN_VALUE.search(p)
              and (ASPECT.match(p) or (not AUX.search(p) and any(s.match(p) for s in SHAPES)
                                       and not any(CLAUSE_AFTER.search(q) for q in pieces[n + 1:])))]
    # "X for Y" is as often a verb's complement ("look for recurring themes", "create a board
    # for each project"): it counts beside another shape, or with "only" ("play mode only for
    # physics"), never by itself
    if all(ASSIGNED.match(p) and not ONLY_FOR.search(p) for p in shaped):
        return 0
    if len(shaped) == 1 and ASPECT.match(shaped[0]) and BARE_ASPECT.match(shaped[0]):
        return 0                         # …and "config service" alone may be any two words
    return sum(1 + bool(NAME_AGAINST_NAME.match(p)) for p in shaped)


def is_telegraphic(sentence: str) -> bool:
    """A terse statement of the project's set-up (see the module docstring)."""
    text = sentence.strip()
    if text.endswith(("?", ":")) or TRANSIENT.search(text) or directives.SOCIAL.search(text):
        return False
    if standing.is_status(text) or standing.PAST.search(text):
        return False
    count = shaped_pieces(text)
    if count == 0:
        return False
    return count >= 2 or names_the_work(text)


def names_the_work(text: str) -> bool:
    """``text`` names a thing of the work: a technical word, a value, a name, a project
    noun or a code token (what a set-up fragment, a labelled statement or a line of a
    summary needs to be about the project)."""
    return bool(directives.TECHNICAL.search(text) or directives.CONCRETE.search(text)
                or named.names_something(text) or facts.names_a_value(text)
                or standing.PROJECT_NOUN.search(text) or standing.CODE_TOKEN.search(text))


def category(sentence: str) -> str:
    """A ban, an exclusive choice or a contrast is a convention; a version or a tool a fact."""
    pieces = [p.strip(" ,:()") for p in CUT.split(LEAD.sub("", sentence.strip()))]
    rule = any(s.match(p) for p in pieces for s in (ONLY, BAN, CONTRAST))
    return "convention" if rule else "fact"
