"""A user's rule marked as one, in any domain's words.

"A zero is always shown as 0, never suppressed", "patient data never leaves the
machine", "firms see the redacted version only", "no applies on fridays":
``directives`` and ``standing`` know a statement is about the work by a technical
word or a concrete value, and a clinic's, a gym's or a ferry company's rules have
neither. What marks these is the rule's own word (never, always, only, ", ever",
nobody) or a leading "no X", in a sentence that is not a question, a hedge, a story
of the past, a symptom ("it never loads", "the job only fails on CI") or the
speaker's own habit ("I always forget that step").

Only the user's sentences are read this way: the assistant's "never"s describe code it
read. What ``extract.score`` checks for every statement (the moment, "for now", a
one-off edit, "this branch") still applies.
"""

from __future__ import annotations

import re

from aegis.capture import facts, lists, standing


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


MARK = _re(r"""\b(?:never|always|nobody|no\s+one|everywhere|mustn'?t|must)\b | ,\s*ever\b
    | \bonly\b(?!\s+(?:once|one|just|a\s+(?:few|little|bit|couple)|happens?|works?|if\s+it|when\s+it))
    | \b(?:not\s+negotiable|non[\s-]negotiable|(?:that'?s|is)\s+(?:our|the|a\s+hard)\s+rule|don'?t\s+change\s+that)\b""")
NOT_A_MARK = _re(r"""\b(?:the|not|if|as|almost|nearly)\s+(?:only|always|never)\b | \bnever\s+mind\b | \bonly\s+just\b
    | \b(?:this|that|these|those)\s+(?:\w+\s+){0,2}only\b | \bonly\s+(?:this|that|these|those|for\s+now)\b
    | ^never\s+(?:the|a|an|that|this|again|ever)\b | ^(?:no[\s,.!]+)?(?:never|always)\s*[,.!;]""")
# An order with "only" or "must" is as often this task's ("reply to him for me, draft only");
# with "never"/"always" it is a rule ("never auto-substitute a recalled batch").
ORDER = _re(r"""^(?:please\s+)?(?:reply|draft|answer|tell|ask|show|look|file|give|do|try|go|fix|make|
    write|send|post|add|create|run|check|open|put|move|update|change|set|push|merge|deploy|review)\b
    | \bfor\s+(?:me|us|now)\b""")
STANDING_ORDER = _re(r"\b(?:never|always|,\s*ever)\b")
# "set it to 10 minutes on my local env only", "for the demo on friday": one person's, once.
MINE_ONCE = _re(r"""\bmy\s+(?:own\s+)?(?:local|machine|laptop|branch|env|environment|checkout|box|setup)\b
    | \bfor\s+the\s+(?:demo|talk|call|meeting|presentation)\b""")
# "no redux, we ripped it out", "no applies on fridays, so…": a prohibition said as a
# fragment, with the clause that says why or what follows ("no tests for the importer yet",
# a checklist's "no collect() on large datasets" are a status and a task).
PROHIBITION = _re(r"""^no\s+(?!(?:problem|problems|worries|idea|way|rush|need|thanks|luck|clue|longer|more|
    one|doubt|wonder|matter|issue|issues|change|changes|difference|luck|no|not|i\b|we\b|it\b|that\b|
    this\b|the\b))[a-z][^,;]*?(?<!\byet)(?<!\bstill)(?:,|;|\s[—–-])\s+\S
    | ^no\s+new\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,5}\s*[.!]?$""")       # "no new js libs"
# Whose rule or symptom it is: the speaker, the listener, or one thing pointed at.
NOT_THE_WORK = _re(r"""^(?:I|I'?m|I'?ve|I'?ll|I'?d|me|my|you|you'?re|you'?ve|your|it|it'?s|this|that|these|
    those|he|she|they|there|here|what|why|how|who|maybe|perhaps|hopefully|thanks|sorry)\b""")
# Openers that frame the rule rather than name its subject: "yes,", "and the big one:".
FRAME = _re(r"""^(?:(?:yes|yeah|yep|ok(?:ay)?|right|exactly|and|also|but|so|plus|oh|btw|fyi|again|remember|
    to\s+be\s+clear|for\s+the\s+record)\b[\s,.!:;—–-]*)+
    | ^[^:]{1,40}:\s+(?=\S)""")
# Speculation beyond ``lists.HEDGED`` ("maybe", "I think", …): a rule is not wondered about.
SPECULATION = _re(r"\b(?:possibly|wondering|what\s+if|should\s+we|could\s+we|seems?|looks?\s+like|apparently)\b")


# "Only the bake, not the painting.", "Not for all amounts, only some.": a verbless reply.
ANSWER_FRAGMENT = _re(r"^(?:only|not|just)\b")
NEW_WORK = _re(r"\b(?:in|for)\s+(?:all\s+)?(?:new|every|any)\s+\w+|\beverywhere\b")   # "…, no X in new code"
MODAL = _re(r"\b(?:must|mustn'?t|can|can'?t|cannot|should|may|need|needs|has\s+to|have\s+to)\b")
CLAUSES = re.compile(r",\s+|;\s+|\s[—–-]\s|:\s+")


def is_marked_rule(sentence: str) -> bool:
    """The user's ``sentence`` states a rule by its mark (see the module docstring)."""
    text = FRAME.sub("", sentence.strip()).strip()
    if len(text.split()) < 4 or text.endswith(("?", ":")) or NOT_THE_WORK.match(text):
        return False
    mark = None if NOT_A_MARK.search(text) else MARK.search(text)
    if mark is None and not PROHIBITION.match(text):
        return False
    if ORDER.search(text) and not STANDING_ORDER.search(text):
        return False                     # "reply to Okwu for me, draft only": this task
    if ANSWER_FRAGMENT.match(text) and not (standing.PRESENT.search(text) or MODAL.search(text)
                                            or NEW_WORK.search(text)):
        return False                     # "only the bake, not the painting": a reply, no rule
    # The clause that carries the mark is the rule; the others may tell why ("we had
    # corrupted bags twice") or when it was decided.
    at = mark.end() - 1 if mark else 0
    clause = next((c for c in _clauses(text) if c[0] <= at < c[1]), (0, len(text)))
    ruled = text[clause[0]:clause[1]]
    if lists.HEDGED.search(text) or SPECULATION.search(text) or MINE_ONCE.search(text) or facts.ASKS.match(text) or standing.PAST.search(ruled):
        return False
    event = facts.EVENT.search(ruled)            # "keep only the best 3" is an order, no symptom
    return not (standing.SYMPTOM.search(text) or standing.is_status(ruled) or (
        event and event.start() > 0 and not standing.QUANTIFIED.search(ruled)))


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in CLAUSES.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    return bounds + [(start, len(text))]
