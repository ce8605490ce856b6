"""A speaker taking back what they just said: "actually no, use X", "scratch that".

Within one conversation people correct themselves ("Let's use black." … "Hmm, on
second thought use ruff format instead"; "line length is 100" … "sorry, I
misspoke, it's 120"). The correction is the statement in force, and what it
corrects was never durable: keeping both would brief a rule nobody follows.

* ``strip`` removes the correction's frame, so the rest is scored as any
  statement ("on second thought use ruff format instead" → "use ruff format
  instead") and says whether there was one, and how strong it was;
* ``retracts`` tells whether a correction takes back an earlier statement: a
  strong frame ("scratch that", "I misspoke", "on second thought") takes back
  the speaker's last statement; any frame ("actually, …") takes back one that
  shares its subject (``aegis.supersede.subject``) — two words of it, or it is an update
  of it, after a bare "actually", which often only adds something.

Two plain updates count as corrections too: "X was dropped" takes back what named X,
and "move the compaction to 03:30 UTC" a value of the same kind for the same subject.

A correction of a memory stored in an earlier session is an update like any
other (``aegis.supersede``): this module only handles the conversation at hand.
"""

from __future__ import annotations

import re

from aegis.supersede import UPDATE, relation, subject

# "that" alone, or before what comes next ("scratch that, use…", "scratch that idea") — not
# before a thing it names ("ignore that FIXME", "I forget that step"), which is no retraction.
THAT_ALONE = (r"""(?:that|this)(?!\s+(?!(?:about|regarding|on|part|bit|one|idea|thought|last|suggestion|"""
              r"""plan|and|i|we|we'?ll|let'?s|lets|it|it'?s|use|make|just|actually|no|go|keep|please|"""
              r"""the|then)\b)[A-Za-z])""")
# "scratch that", "I misspoke": the speaker withdraws their last statement.
STRONG = re.compile(r"""(?:(?:scratch|strike|ignore|forget|disregard)\s+(?:(?:""" + THAT_ALONE + r"""
    |what\s+I\s+(?:just\s+)?said)
    (?:\s+(?:about|regarding|on)\s+(?:[^—–:;,.]|\.(?=\d))+)?|my\s+last\s+(?:message|comment))|on\s+second\s+thoughts?|
    I\s+misspoke|never\s*mind|I\s+was\s+wrong(?:\s+about\s+(?:[^—–:;,.]|\.(?=\d))+)?|my\s+(?:bad|mistake)|correction|
    let\s+me\s+correct\s+(?:that|myself)|change\s+of\s+plans?|wait,?\s+no|no,?\s+wait|actually,?\s+no|
    I\s+take\s+(?:that|it)\s+back|not\s+what\s+I\s+meant|sorry,?\s+I\s+mean(?:t)?|I\s+meant)""", re.I | re.X)
FRAME = re.compile(r"""^(?:(?:hmm+|oh|ah|no|nope|wait|sorry|ok(?:ay)?|so|well|and|yeah)[\s,.!:;—–-]+)*
    (?:(?:""" + STRONG.pattern + r"""|actually)[\s,.!:;—–-]*(?:(?:hmm+|no|sorry|wait|so)[\s,.!:;—–-]+)*)+""",
                   re.I | re.X)
# "scratch what I said about rust 1.75", "scratch that about the cache": what the
# correction names as taken back.
ABOUT = re.compile(r"\b(?:said|wrong|mistaken|(?:scratch|strike|ignore|forget|disregard)\s+(?:that|this))"
                   r"\s+(?:about|regarding|on)\s+((?:[^—–:;,.]|\.(?=\d))+)", re.I)
WINDOW = 6                      # messages back a correction may reach


# Every frame starts, within its first words, with one of these (a cheap pre-check).
OPENERS = re.compile(r"\b(?:scratch|strike|ignore|forget|disregard|second|misspoke|wrong|bad|mistake|never|"
                     r"nevermind|correct|correction|change|wait|no|actually|take|not|sorry|meant|mean)\b", re.I)


def strip(sentence: str) -> tuple[str, str]:
    """(the sentence without its correction frame, the frame — "" when there is none)."""
    if OPENERS.search(sentence, 0, 40) is None:
        return sentence, ""
    match = FRAME.match(sentence)
    if match is None or not match.group(0).strip():
        match = _late_frame(sentence)
        if match is None:
            return sentence, ""
    rest = sentence[match.end():].strip()
    return (rest[:1].upper() + rest[1:] if rest else rest), match.group(0).strip()


# A strong frame after a word or two the frame list does not know ("acutally no, scratch
# that", "ugh, I misspoke"): a typo or an interjection does not hide the correction; a
# subject does not make one ("i always forget that step").
LATE_STRONG = re.compile(r"^(?!(?:i|we|you|they|he|she|people)\b)(?:[\w']+[\s,.!:;—–-]+){1,2}?(?:"
                         + STRONG.pattern + r")[\s,.!:;—–-]*",
                         re.I | re.X)


# ... and "actually" after a short interjection the list lacks ("erm, actually make that…").
LATE_ACTUALLY = re.compile(r"^[a-z]{1,5}[,.!]+\s+actually\b[\s,.!:;—–-]*", re.I)


def _late_frame(sentence: str):
    match = LATE_STRONG.match(sentence) or LATE_ACTUALLY.match(sentence)
    return match if match is not None and match.end() <= 60 else None


# "django-money was dropped last sprint": the thing named is no longer used.
DROPPED = re.compile(r"([\w`'.-]+)\s+(?:was|is|has\s+been|have\s+been|got|were|are)\s+(?:dropped|removed|"
                     r"retired|ripped\s+out|abandoned|deprecated|gone)\b", re.I)
# "move the compaction to 03:30 UTC": a new value for something said before.
CHANGE_TO = re.compile(r"^(?:(?:and|also|so|then)\s+)?(?:please\s+)?(?:move|change|switch|set|bump|raise|"
                       r"lower|increase|decrease|reduce|update|make|shift|push)\b.{1,60}?\bto\s+\S", re.I)
# The kinds of value an update replaces: a time of day, a number, a version, a name in code.
KINDS = {"time": re.compile(r"\b\d{1,2}:\d\d\b|\b\d{1,2}\s*(?:am|pm)\b", re.I),
         "version": re.compile(r"\bv?\d+\.\d+(?:\.\d+)?\b"),
         "number": re.compile(r"\b\d+(?:\.\d+)?\s*(?:%|[a-z]{1,7}\b)?", re.I),
         "code": re.compile(r"`[^`]+`|'[^'\s]+'")}


# "make that 20 files", "make it 45 seconds": a new number for a unit said just before.
MAKE_THAT = re.compile(r"^(?:make|change|bump|set)\s+(?:that|it|this)\s+(?:to\s+)?(\d+(?:\.\d+)?)\s*"
                       r"([a-z%]{1,12})\b", re.I)


def with_value_fixed(earlier: str, correction: str) -> str | None:
    """``earlier`` with the number ``correction`` fixes put in ("… 10 files per claim"
    + "make that 20 files" → "… 20 files per claim"), or None when it names no number
    of that unit. A corrected value is the statement in force; the rest of the
    statement ("25 MB per file") still stands."""
    match = MAKE_THAT.match(correction)
    if match is None:
        return None
    number, unit = match.group(1), match.group(2).lower()
    stem = unit[:-1] if len(unit) > 3 and unit.endswith("s") else unit
    said = list(re.finditer(rf"\b(\d+(?:\.\d+)?)(\s*){re.escape(stem)}\w*", earlier, re.I))
    if len(said) != 1 or said[0].group(1) == number:
        return None                 # no such number, or more than one to choose from
    old = said[0]
    return earlier[:old.start(1)] + number + earlier[old.end(1):]


def frame_of(statement: str, frame: str) -> str:
    """The frame a statement corrects with: its own ("scratch that"), "dropped: X" when it
    says X was dropped, "change" for "move the compaction to 03:30", or ""."""
    if frame:
        return frame
    dropped = DROPPED.search(statement)
    if dropped:
        return "dropped: " + dropped.group(1).strip("`'.").lower()
    return "change" if CHANGE_TO.match(statement) else ""


def kinds(text: str) -> set[str]:
    return {name for name, pattern in KINDS.items() if pattern.search(text)}


def retracts(correction: str, frame: str, earlier: str, last: bool) -> bool:
    """Does ``correction`` (said after ``frame``) take back ``earlier``? ``last``: ``earlier``
    is the speaker's latest statement before it (in the message before, or earlier in the
    same message for a correction said mid-message)."""
    if frame.startswith("dropped: "):
        return frame[len("dropped: "):] in earlier.lower()
    shared = subject(correction) & subject(earlier)
    if frame == "change":            # a new value of the same kind for the same thing
        return bool(shared) and bool(kinds(correction) & kinds(earlier) - {"code"} or
                                     relation(correction, earlier) == UPDATE)
    strong = STRONG.search(frame)
    about = ABOUT.search(frame) if strong else None
    if about:                        # "scratch what I said about X": X, and only X
        return bool(subject(about.group(1)) & subject(earlier)) or bool(
            set(about.group(1).lower().split()) & set(earlier.lower().split()) - {"the", "a"})
    if strong:
        return bool(shared) or last
    return len(shared) >= 2 or relation(correction, earlier) == UPDATE
