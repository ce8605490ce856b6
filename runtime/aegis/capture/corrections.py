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

A correction of a memory stored in an earlier session is an update like any
other (``aegis.supersede``): this module only handles the conversation at hand.
"""

from __future__ import annotations

import re

from aegis.supersede import UPDATE, relation, subject

# "scratch that", "I misspoke": the speaker withdraws their last statement.
STRONG = re.compile(r"""(?:scratch\s+that|strike\s+that|ignore\s+(?:that|what\s+I\s+(?:just\s+)?said|my\s+last\s+
    (?:message|comment))|forget\s+(?:that|what\s+I\s+(?:just\s+)?said)|on\s+second\s+thought|
    I\s+misspoke|I\s+was\s+wrong|my\s+(?:bad|mistake)|correction|let\s+me\s+correct\s+(?:that|myself)|
    change\s+of\s+plans?|wait,?\s+no|no,?\s+wait|actually,?\s+no|I\s+take\s+(?:that|it)\s+back|
    not\s+what\s+I\s+meant)""", re.I | re.X)
FRAME = re.compile(r"""^(?:(?:hmm+|oh|ah|no|nope|wait|sorry|ok(?:ay)?|so|well|and|yeah)[\s,.!:;—-]+)*
    (?:(?:""" + STRONG.pattern + r"""|actually)[\s,.!:;—-]*(?:(?:hmm+|no|sorry|wait|so)[\s,.!:;—-]+)*)+""",
                   re.I | re.X)
WINDOW = 6                      # messages back a correction may reach


def strip(sentence: str) -> tuple[str, bool, bool]:
    """(the sentence without its correction frame, corrected?, strong?)."""
    match = FRAME.match(sentence)
    if match is None or not match.group(0).strip():
        return sentence, False, False
    frame = match.group(0)
    rest = sentence[match.end():].strip()
    return (rest[:1].upper() + rest[1:] if rest else rest), True, bool(STRONG.search(frame))


def retracts(correction: str, earlier: str, strong: bool, last: bool) -> bool:
    """Does ``correction`` take back ``earlier``? ``last``: ``earlier`` is the speaker's
    most recent statement."""
    if strong and last:
        return True
    shared = subject(correction) & subject(earlier)
    if strong:
        return bool(shared)
    return len(shared) >= 2 or relation(correction, earlier) == UPDATE
