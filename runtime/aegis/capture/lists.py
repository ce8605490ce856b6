"""Items of a list that the speaker introduces as how the project works.

"A few things about this repo:" followed by "- squash merge only" and "- two
approvals for anything touching billing": the items carry no cue word and are
often not even sentences, yet the line before the list says what they are.
A list introduced that way (rules, conventions, guidelines, "how we work",
"things to know about the repo") makes each item that is about the work a
durable statement; a list after "here's the plan:" or "next steps:" is the
task at hand and gets no such help.
"""

from __future__ import annotations

import re

from aegis.capture import directives, facts, named, standing


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


# The line before the list, ending with a colon, that says its items are standing rules.
INTRO = _re(r"""\b(?:conventions?|rules?|guidelines?|standards?|practices?|polic(?:y|ies)|norms?|
    ground\s+rules|house\s+rules|expectations|requirements|constraints|gotchas|
    how\s+(?:we|things)\s+(?:work|do\s+things|are\s+done|handle|run)|
    (?:about|on|for|in|regarding)\s+(?:this|the|our)\s+(?:\w+\s+)?(?:repo|repository|project|codebase|
        code\s+base|team|setup|stack|service|app|system)|
    to\s+(?:know|remember|keep\s+in\s+mind|be\s+aware\s+of)|keep\s+in\s+mind|
    (?:some|a\s+bit\s+of)\s+(?:context|background))\b[^:]*:\s*$""")
# Lists of work to do now.
PLAN = _re(r"""\b(?:plan|steps?|todo|to-do|tasks?|next|checklist|agenda|changes\s+(?:I|we)\s+(?:need|want)|
    (?:I|we)\s+need\s+(?:you\s+)?to|can\s+you|please)\b""")
# "pasting our PR template checklist so you follow it:", "review from Jonas, pls apply to
# this one too:": a list the listener is asked to follow is rules, a checklist included.
FOLLOW = _re(r"""\b(?:(?:so|for)\s+(?:that\s+)?you\s+(?:can\s+)?(?:follow|know|apply|stick\s+to)|
    (?:please|pls|plz)\s+(?:also\s+)?(?:to\s+)?(?:apply|follow|stick\s+to|respect|keep\s+to)|
    (?:apply|follow)\s+(?:it|them|these|this|those)\b[^:]*\b(?:too|as\s+well|also|always|going\s+forward))
    \b[^:]*:\s*$""")
HEDGED = _re(r"\b(?:maybe|perhaps|probably|might|I\s+think|not\s+sure|I\s+guess|I\s+wonder|TBD|undecided)\b")
NO_X = _re(r"^no\s+\w")                     # "no print calls in library code"
MIN_ITEM_WORDS = 3
ITEM_SALIENCE = 0.75


def introduces_rules(sentence: str) -> bool:
    """ "Quick summary of how we work:" — not "Here's the plan for today:"."""
    return (bool(INTRO.search(sentence)) and not PLAN.search(sentence)) or bool(FOLLOW.search(sentence))


def item_category(item: str) -> str:
    """The category of an item under such an intro ("convention" for a rule said as an
    imperative or a fragment, "fact" for how things are), or "" when it is not about
    the work or is a question, request or status."""
    text = directives.LEAD.sub("", item.strip()).strip()
    if len(text.split()) < MIN_ITEM_WORDS or text.endswith("?") or directives.SOCIAL.search(text):
        return ""
    if HEDGED.search(text) or standing.is_status(text) or standing.PAST.search(text):
        return ""
    if not (NO_X.match(text) or directives.IMPERATIVE.match(text)   # a rule shape needs no jargon
            or directives.TECHNICAL.search(text) or directives.CONCRETE.search(text)
            or standing.PROJECT_NOUN.search(text) or facts.names_a_value(text)
            or named.names_something(text)):
        return ""
    if standing.PRESENT.search(text) and not standing.RULE.search(text) and not (
            directives.IMPERATIVE.match(text) or NO_X.match(text)):
        return "fact"
    return "convention"
