"""The assistant's summary of what was settled, when the user asks for one.

At the end of a session people ask "summarise the decisions for the PR description",
"can you write the summary of the queue design for the ticket", "recap what we agreed";
the answer lists, one line each, what the session settled: "The night window is
22:00-06:00 Europe/Prague local time, judged by entry time", "Rows are deleted only
after S3 returns 200". Those lines are the session's decisions in their final form,
often worded for the first time, while what the assistant says elsewhere mostly
repeats the code it just read. So the assistant's message that answers such a request
(or opens with a heading that says it is one: "Decisions:", "Summary of what we
settled on:") has each of its statements kept, unless it reports this piece of work
("For this PR the build ran against DEV_DANA", "All 213 tests pass", "I changed…"),
asks, or names nothing of the project.
"""

from __future__ import annotations

import re

from aegis.capture import directives, fragments, standing


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


# "summarise the decisions", "write the summary of the queue design", "recap what we agreed".
REQUEST = _re(r"""\b(?:summari[sz]e|sum\s+up|recap|write\s+up|write\s+down|jot\s+down|list|
    (?:write|give|make|post|draft|put\s+together)\s+(?:me\s+|us\s+)?(?:a|the|an)\s+(?:short\s+|quick\s+|brief\s+)?
    (?:summary|recap|write-?up|list|overview))\b""")
ABOUT = _re(r"""\b(?:decisions?|decided|settled|agreed|design|conventions?|rules?|approach|outcome|choices?|
    architecture|set-?up|what\s+we|the\s+plan|we\s+(?:chose|picked|went\s+with))\b""")
# "Decisions:", "Summary of what we settled on:", "What we agreed:", "Queue design:".
HEADING = _re(r"""^(?:here'?s\s+|here\s+is\s+)?(?:(?:a|the)\s+)?(?:(?:short|quick|brief|final)\s+)?
    (?:(?:summary|recap|overview)(?:\s+of\s+[^:]{0,60})?|decisions?(?:\s+[\w-]+){0,3}|
    what\s+we\s+(?:settled\s+on|agreed(?:\s+on)?|decided|chose)|(?:[\w-]+\s+){0,2}design|
    to\s+summari[sz]e|in\s+summary|agreed)\s*:?\s*$""")
# What reports this piece of work rather than what was settled.
REPORT = _re(r"""^(?:I|I'?ve|I'?ll|I'?m|we'?ll|let\s+me|next|then|done|changed|added|updated|fixed|removed|
        created|wrote|ran|tests?\b|all\s+\d+|\d+\s+tests?)\b
    | \b(?:for|in|on)\s+this\s+(?:pr|mr|branch|ticket|change|commit|run|session|task)\b
    | \b(?:for\s+now|right\s+now|today|tonight|tomorrow|yesterday|this\s+(?:morning|afternoon|week)|so\s+far|
        next\s+(?:step|steps|sprint|week)|todo|to\s+do|follow-?up|open\s+question|not\s+yet|still\s+to)\b
    | \b\d+\s+(?:tests?|specs?)\s+(?:pass|passed|fail|failed)\b | \b(?:pass|passes|passing|green)\s*[.!]?$""")
MIN_WORDS = 4
SALIENCE = 0.75


def is_request(sentence: str) -> bool:
    """The user asks for a summary of what was settled (see the module docstring)."""
    return bool(REQUEST.search(sentence) and ABOUT.search(sentence))


def is_heading(sentence: str) -> bool:
    """The assistant's message says it is such a summary."""
    return bool(HEADING.match(sentence.strip()))


def is_item(sentence: str) -> bool:
    """A statement of the summary worth keeping: it says how the project is or was decided."""
    text = sentence.strip()
    if len(text.split()) < MIN_WORDS or text.endswith(("?", ":")) or is_heading(text):
        return False
    if REPORT.search(text) or standing.is_status(text) or directives.SOCIAL.search(text):
        return False
    return fragments.names_the_work(text)
