"""A statement given a label: "state: zustand for ui state", "cairn = the backend for…".

People who describe their set-up in a hurry write it as a form: a short label, a colon
or an equals sign, and what it is — "eas build profiles: development, preview,
production", "commits: we sign off, DCO check in CI", "folio: interlibrary loan system
for the libraries consortium", "palisade = expo app for our installers". No cue word, no
verb in the label, often no verb at all after it; yet the label says what the statement
is about and the rest says how it is, which is what a new session would ask again.

A sentence counts when:

* the label is one to three plain words (a name or a noun phrase: no verb, no pronoun,
  no "I"/"you") and is not a label of the conversation itself ("Problem:", "Task:",
  "Question:", "Update:", "Edit:" …, which introduce the task, not the project);
* what follows states something: a list of at least two short items, a fragment of a
  set-up (``fragments``), or a clause in the present — not a question, a request, a
  plan, a symptom, a status or the past, and nothing only for now;
* one of the two names a thing of the work (a technical word, a value, a name), or the
  rest is a list of names.

The memory is the whole sentence: the label is what makes it read on its own.
"""

from __future__ import annotations

import re

from aegis.capture import directives, facts, fragments, standing


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


LABELLED = _re(r"""^(?P<label>[A-Za-z][\w.+#/'-]*(?:\s+[\w.+#/'-]+){0,2}?)\s*(?P<mark>:|=)\s+(?P<rest>\S.*)$""")
# Labels of the conversation, not of the project: what follows is the task or its state.
DISCOURSE = _re(r"""^(?:(?:the|my|a|one|quick|small|big|last|new|main|current|today'?s?)\s+)*(?:bug|bugs|problem|problems|issue|issues|
    symptom|symptoms|error|errors|task|tasks|todo|to-?do|question|questions|q|a|update|updates|status|plan|plans|
    goal|goals|next|edit|example|examples|output|log|logs|result|results|summary|recap|tl;?dr|ps|p\.s|re|
    subject|ticket|pr|mr|answer|reply|quote|eta|deadline|today|tomorrow|yesterday|now|later|idea|ideas|
    thought|thoughts|proposal|option|options|suggestion|suggestions|step|steps|first|second|third|then|finally|
    ok|okay|yes|no|hi|hello|hey|thanks|nb|note|notes|warning|caution|careful|fyi|heads\s+up|change|changes|
    request|requests|ask|(?:some\s+)?background|for\s+context|thing|things|point|points|context\s+for\s+today|story|background\s+story|agenda|meeting|standup|
    reminder|reminders|hint|tip|tips|caveat|gotcha|edit\s+\d+|attempt|try|test\s+run|repro|steps\s+to\s+reproduce|
    expected|actual|observed|stack\s*trace|traceback|diff|patch|command|commands|cmd|error\s+message|
    screenshot|link|links|source|sources|via|cc|from|to|date|time|when|where|who|why|how|what|which|
    because|so|but|and|also|this|that|here|there|wait|hmm|update\s+\d+)$""")
# A label with a verb or a person in it is a clause ("the fix is simple: …"), not a label.
NOT_A_NOUN = _re(r"""\b(?:is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|must|
    may|might|shall|I|I'?m|me|my|you|your|we|our|us|they|he|she|it|its|this|that|these|those|there|here|
    let'?s|please|just|said|says|asked|think|know|see|want|need|like|got|get)\b|'(?:s|re|ll|d|ve)\b""")
# A short item of a list: a name or a short noun phrase, with no verb.
ITEM = _re(r"^[\w.+#/@`'()~<>*-]+(?:\s+[\w.+#/@`'()~<>*-]+){0,3}$")
LIST_CUT = re.compile(r"\s*(?:,|;|\band\b|\+)\s*")
# Only for now, this piece of work, or what happened: not how the project is.
MOMENT = _re(r"""\b(?:for\s+now|for\s+the\s+moment|for\s+the\s+time\s+being|just\s+this\s+once|right\s+now|
    at\s+the\s+moment|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening|week|sprint|time|branch|pr|
    ticket|one)|for\s+this|next\s+(?:week|sprint|month)|until\s+(?:friday|monday|tomorrow|next))\b""")
# "we sign off (git commit -s)": the team's habit in the simple present.
TEAM_PRESENT = _re(r"""^(?:we|the\s+team|everyone|nobody)\s+(?:\w+ly\s+|always\s+|never\s+|only\s+)?(?!(?:need|want|could|should|
    might|may|will|would|shall|think|guess|hope|wonder|tried|try|are|were|was|had|did|got|just|still|can)\b)[a-z]{2,}(?<!ed)\b""")
# A verbless noun phrase: "interlibrary loan system for the consortium", "clojure backend".
VERBISH = _re(r"\b\w{3,}(?:ed|ing)\b")
KEEPS_DOING = _re(r"\b(?:keeps?|kept)\s+(?:on\s+)?\w+ing\b")
REST_FIRST_PERSON = _re(r"^(?:I|I'?m|I'?ll|I'?ve|I'?d|me|my|you|you'?re|your|let'?s|please|can|could|would|will)\b")


def split(sentence: str) -> tuple[str, str, str] | None:
    """(label, mark, rest) of a labelled statement's shape, or None."""
    match = LABELLED.match(sentence.strip())
    if match is None:
        return None
    label = match.group("label").strip()
    if DISCOURSE.match(label) or NOT_A_NOUN.search(label) or label.isdigit():
        return None
    return label, match.group("mark"), match.group("rest").strip()


def _is_list(rest: str) -> bool:
    items = [item.strip(" .!") for item in LIST_CUT.split(rest.strip(" .!"))]
    items = [item for item in items if item]
    return len(items) >= 2 and all(ITEM.match(item) and not fragments.AUX.search(item) for item in items)


def _states(rest: str) -> bool:
    """What follows the label states something (see the module docstring)."""
    if _is_list(rest) or fragments.shaped_pieces(rest) or TEAM_PRESENT.match(rest):
        return True
    pieces = [p for p in re.split(r"[,;+]\s+", rest.strip(" .!")) if p]
    if pieces and all(not (fragments.AUX.search(p) or standing.PRESENT.search(p) or VERBISH.search(p))
                      for p in pieces) and (len(pieces) >= 2 or len(rest.split()) >= 3):
        return True                      # "folio: interlibrary loan system for …, clojure backend"
    head = re.split(r"[,;]\s+", rest, maxsplit=1)[0]
    return bool(standing.PRESENT.search(head) or standing.PLURAL_PRESENT.match(head)
                or standing.SINGULAR_PRESENT.match(head))


def is_labelled(sentence: str) -> bool:
    """A labelled statement of how the project is (see the module docstring)."""
    parts = split(sentence)
    if parts is None:
        return False
    label, mark, rest = parts
    if sentence.rstrip().endswith(("?", ":")) or len(rest.split()) < 2:
        return False
    if (REST_FIRST_PERSON.match(rest) or facts.ASKS.match(rest) or MOMENT.search(sentence)
            or standing.PAST.search(rest) or standing.is_status(rest) or standing.SYMPTOM.search(rest)
            or directives.SOCIAL.search(rest) or standing.EVALUATIVE.search(rest)
            or facts.WORK_LINK.search(rest)):
        return False
    event = facts.EVENT.search(rest)
    if KEEPS_DOING.search(rest) or (event and not (standing.QUANTIFIED.search(rest)
                                                   and standing.HABITUAL_EVENT.match(event.group(0)))):
        return False                     # "login: returns a 500 after the redirect"
    if mark == "=" and len(rest.split()) >= 3:
        return fragments.names_the_work(sentence) or bool(facts.IDENTITY.search(sentence))
    if not _states(rest):
        return False
    return fragments.names_the_work(sentence) or _is_list(rest)


def category(sentence: str) -> str:
    """A ban or an exclusive rule after the label is a convention; the rest facts."""
    parts = split(sentence)
    rest = parts[2] if parts else sentence
    return "convention" if (standing.RULE.search(rest) or fragments.category(rest) == "convention") else "fact"
