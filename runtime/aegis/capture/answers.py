"""The user's answer to the assistant's question, read with the question.

Half of what people state in a session is an answer: the assistant asks "Should I
squash the commits before opening the PR?" and the user says "yes, always squash";
it asks "Which timezone should the report use, UTC or local?" and hears "local,
Europe/Prague". Neither answer says anything on its own, so the sentence rules
miss it. Read with the question, three shapes are durable:

* a **standing yes or no** to "should I / do you want me to <do X>?": the answer
  generalises it ("yes, always", "no, never", "every time") — a bare "yes" only
  approves this once;
* a **choice** between the options of a question about a thing of the project
  ("should the report use UTC or local time?", "snapshot or incremental?"), not
  about the next step of the task; the answer names one (it is short, not a question,
  not "whatever you think", not "for now");
* the answer to **where, what or which** a thing of the project is or uses ("Where do
  the existing reminders run?" — "Sidekiq, with sidekiq-cron for the schedules"): a
  statement that names something, not "not sure" or a question back;
* a **confirmed assumption**: "I'll assume amounts are in cents, is that right?" or
  "amounts are in cents throughout, right?" answered "yes" — the assumption is then
  the user's statement.

Each memory is what was asked about followed by the answer in the user's words
("Always squash the commits before opening the PR: yes, always squash", "The existing
reminders run: Sidekiq, with sidekiq-cron…"), never the question itself.
A choice whose reply goes on to state the rule in full ("backend. limits come from
GET /v2/limits, never hardcode them") needs no such memory: the statement is kept.
"""

from __future__ import annotations

import re

from aegis.capture import directives, named, standing


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


# "Should I squash the commits before opening the PR?": an action the assistant asks about.
ACTION_QUESTION = _re(r"""^(?:(?:also|and|so|ok(?:ay)?)[,.]?\s+)*(?:should|shall|can|may)\s+I\s+(?:also\s+)?(?P<act>.+?)\s*\?$
    | ^(?:(?:also|and|so|ok(?:ay)?)[,.]?\s+)*(?:do|would)\s+you\s+(?:want|like)\s+me\s+to\s+(?:also\s+)?(?P<act2>.+?)\s*\?$
    | ^(?:(?:also|and|so|ok(?:ay)?)[,.]?\s+)*want\s+me\s+to\s+(?P<act3>.+?)\s*\?$""")
# "yes, always squash", "no, never", "yep, every time": the answer generalises.
STANDING_ANSWER = _re(r"""^(?P<polarity>yes|yeah|yep|yup|sure|definitely|please|no|nope|nah)\b[\s,.!:;—-]*
    (?:(?:and|but|please)\s+)?(?P<general>always|never|every\s+time|each\s+time|from\s+now\s+on|
    going\s+forward|as\s+a\s+rule|in\s+general|by\s+default)\b[\s,.!;:—-]*(?P<rest>.*)$""")
# "I'll assume amounts are in cents, is that right?", "the ids are UUIDs, right?".
ASSUMPTION = _re(r"""^(?:(?:so|ok(?:ay)?|and|just\s+to\s+(?:check|confirm))[,.]?\s+)*
    (?:I(?:'ll|\s+will)?\s+assume\s+(?:that\s+)?|I\s+take\s+it\s+(?:that\s+)?|I'?m\s+assuming\s+(?:that\s+)?)?
    (?P<claim>.+?)\s*[,—-]\s*(?:is\s+that\s+(?:right|correct|ok(?:ay)?)|right|correct|yes|no|ok(?:ay)?)\s*\?$""")
# "it involves a new auth system, right?": a claim about the thing at hand, not the project.
# "we talked about brainstorming sessions, right?": what was said, not how things are.
DEICTIC_CLAIM = _re(r"^(?:this|that|it|they|these|those|so|there)\b|^\w+'re\b|^(?:we|I|you)\s+\w+ed\b")
FUTURE = _re(r"\b(?:will|won'?t|going\s+to|my|me|I)\b")
ONGOING = _re(r"\b(?:'ve|have|has)\s+been\b|\b(?:we|I|you)(?:'re|\s+are|'m|\s+am)\s+\w+ing\b")
AFFIRMATIVE = _re(r"^(?:yes|yeah|yep|yup|correct|right|exactly|that'?s\s+(?:right|correct)|confirmed)\b"
                  r"(?![\s,.!]*(?:but|except|although|though|not|no)\b)")
# A question that offers options: "…, UTC or local time?", "snapshot or incremental?" — asked
# of a thing ("which timezone…", "should the report use…") or as the bare options.
CHOICE_QUESTION = _re(r"""^(?:(?:also|and|so|ok(?:ay)?|and\s+then)[,.]?\s+)*(?:which\b|should\s+(?!I\b|we\b)|
    do\s+we\s+(?:use|want|store|keep|name|put|send|run)\b|does\s+the\b|(?:is|are)\s+the\b|
    (?:does|do|is|are|should)\s+(?:it|they)\b)""")
# "Which time zone should the night window use, …?": the thing a follow-up's "it" is.
ASKED_OF = _re(r"\b(?:should|does|do|is|are|will|would)\s+(the\s+(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:use|be|run|apply|go|get|"
               r"have|store|live|need|take|count|round|start|end)\b")
FOLLOW_UP_IT = _re(r"^(?:(?:also|and|so)[,.]?\s+)*(?:does|do|is|are|should)\s+(?:it|they)\b")
# Bare options start with one of them, not with a verb or a question word.
NOT_BARE = _re(r"^(?:do|does|did|is|are|was|were|have|has|had|can|could|would|will|any|anything|what|how|why|"
               r"where|when|who)\b")
OPTIONS = _re(r"\b\w[\w'`.-]*,?\s+or\s+(?:the\s+|a\s+|an\s+)?[\w'`./-]+(?:\s+[\w'`./-]+){0,8}\s*\?$")
# A question about the listener's views or a yes/no about existence, not a choice between
# two ways of the project: "are there any other practices I should adopt or avoid?".
NOT_A_CHOICE = _re(r"""^(?:(?:also|and|so|ok(?:ay)?)[,.]?\s+)*(?:are\s+there|is\s+there|do\s+you|have\s+you|would\s+you|
    could\s+you|can\s+you|will\s+you|did\s+you)\b | \byou\s+(?:think|recommend|suggest|prefer|like|mean|know)\b""")
# About the next step, not about how the project works: "should I run…", "want me to commit…".
TASK_QUESTION = _re(r"""\b(?:should|shall|can|may)\s+I\b|\b(?:want|like)\s+me\s+to\b
    | \b(?:now|first|next|today|right\s+away|later|before\s+I|this\s+(?:time|one|PR|branch|test|file))\b""")
# An answer that chooses nothing, or only for now.
NO_CHOICE = _re(r"""\b(?:either|whatever|whichever|doesn'?t\s+matter|up\s+to\s+you|your\s+call|you\s+decide|
    you\s+choose|not\s+sure|no\s+idea|dunno|for\s+now|this\s+time|just\s+this\s+once|today|let\s+me\s+think|
    maybe|perhaps|I\s+think|probably|it\s+depends|good\s+question|both|definitely|mix)\b
    | ^(?:well|indeed|certainly|of\s+course|absolutely|hmm+|not\s+(?:at\s+the\s+moment|really|yet|now))\b""")
NOT_AN_ANSWER = _re(r"^(?:yes|yeah|yep|yup|sure|ok(?:ay)?|no|nope|nah|thanks?|thank\s+you|go\s+ahead|do\s+it|"
                    r"sounds\s+good|good|great|fine|perfect|lgtm)\b[\s,.!]*$")
LAST_QUESTION = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z])")
# Praise, a preamble or a deflection, not an answer: "Great to hear…", "Firstly, …", "That's a great question".
NOT_A_REPLY = _re(r"^(?:great|good|nice|thanks?|thank|that'?s|it'?s|firstly|first|well|so|indeed|absolutely|sure|"
                  r"of\s+course|yes|no|hmm+|oh|ah)\b")
CODE_LIKE = re.compile(r"\w[./_]\w|`[^`]+`")
YOU = _re(r"\b(?:you|your|you've|you'd)\b")
FIRST_PERSON = _re(r"\b(?:I|I'm|I'll|I've|my|me)\b")
MAX_ANSWER_WORDS = 14
STANDS_ALONE_WORDS = 9
SALIENCE = 0.75


CHOICE = "decision"


def follow_up(question: str, first: str) -> str:
    """A follow-up question ("And does it apply by entry or by exit time?") with its "it"
    replaced by what the first question asked of ("the night window")."""
    subject = ASKED_OF.search(first)
    if subject is None or not FOLLOW_UP_IT.match(question):
        return question
    return re.sub(r"\b(?:it|they)\b", subject.group(1), question, count=1)


def statement(question: str, answer: str, about_the_work: bool = False) -> tuple[str, str] | None:
    """(memory text, category) for ``answer`` read with ``question`` (the assistant's last
    sentence, a question), or None when the pair states nothing that lasts.
    ``about_the_work``: a question before it in the same message was (a follow-up's)."""
    # the question itself, when the sentence splitter left a statement in front of it
    question = LAST_QUESTION.split(question.strip())[-1]
    answer = " ".join(answer.split())
    if not question.endswith("?") or not answer or answer.endswith("?"):
        return None
    return (_standing_yes_no(question, answer) or _confirmed(question, answer)
            or _choice(question, answer, about_the_work) or _where_or_what(question, answer))


def _standing_yes_no(question: str, answer: str) -> tuple[str, str] | None:
    asked = ACTION_QUESTION.match(question)
    said = STANDING_ANSWER.match(answer)
    if asked is None or said is None:
        return None
    act = (asked.group("act") or asked.group("act2") or asked.group("act3")).strip(" ,.")
    if directives.ONE_OFF.search(act) or not (directives.TECHNICAL.search(act) or directives.CONCRETE.search(act)
                                              or named.names_something(act)):
        return None
    negative = said.group("polarity").lower() in ("no", "nope", "nah") or said.group("general").lower() == "never"
    return _joined(f"{'Never' if negative else 'Always'} {act}", answer), "convention"


def _confirmed(question: str, answer: str) -> tuple[str, str] | None:
    claim = ASSUMPTION.match(question)
    if claim is None or AFFIRMATIVE.match(answer) is None:
        return None
    text = claim.group("claim").strip(" ,.")
    if DEICTIC_CLAIM.match(text) or standing.PAST.search(text) or ONGOING.search(text) or standing.EVALUATIVE.search(text) or FUTURE.search(text):
        return None                      # "we've been gathering feedback, right?": a report, not a rule
    if len(text.split()) < 3 or standing.NOT_A_SUBJECT.match(text) and not text.lower().startswith(("we ", "the ")):
        return None
    if not (directives.TECHNICAL.search(text) or directives.CONCRETE.search(text) or named.names_something(text)
            or standing.PROJECT_NOUN.search(text)) or directives.VAGUE.search(text):
        return None
    return _joined(text, answer), "fact"


def _choice(question: str, answer: str, about_the_work: bool = False) -> tuple[str, str] | None:
    words = answer.split()
    bare = len(question.split()) <= 8 and not (NOT_A_CHOICE.search(question) or NOT_BARE.match(question))
    if not OPTIONS.search(question) or not (CHOICE_QUESTION.match(question) or bare) or (
            TASK_QUESTION.search(question) or NOT_A_CHOICE.search(question)) or not (
            about_the_work or directives.TECHNICAL.search(question) or directives.CONCRETE.search(question)
            or named.names_something(question) or standing.PROJECT_NOUN.search(question)):
        return None
    if len(words) > MAX_ANSWER_WORDS or NOT_AN_ANSWER.match(answer) or NO_CHOICE.search(answer):
        return None
    if directives.SOCIAL.search(answer) or standing.is_status(answer):
        return None
    return _joined(_topic(question), answer), CHOICE


# "Where do the existing reminders run?", "What do we use for feature flags?", "Which queue
# does the mailer use?": asked of the project's things, not of the listener's plans.
WH_QUESTION = _re(r"""^(?:(?:and|so|ok(?:ay)?|also)[,.]?\s+)*(?:where|what|which|who)\s+(?:\w+\s+){0,3}?
    (?:do|does|is|are)\s+(?!you\b|I\b)(?:we\s+use\b|the\b|our\b|this\s+(?:repo|project|app|service)\b|[\w`'.-]+\s+\w+)""")


def _where_or_what(question: str, answer: str) -> tuple[str, str] | None:
    words = answer.split()
    if not WH_QUESTION.match(question) or TASK_QUESTION.search(question) or NOT_A_CHOICE.search(question) or not (
            directives.TECHNICAL.search(question) or directives.CONCRETE.search(question)
            or named.names_something(question) or standing.PROJECT_NOUN.search(question)
            or CODE_LIKE.search(answer)):
        return None                      # about the project: the question says so, or the answer's code
    if NOT_A_REPLY.match(answer) or YOU.search(question):
        return None
    if not 2 <= len(words) <= MAX_ANSWER_WORDS or NOT_AN_ANSWER.match(answer) or NO_CHOICE.search(answer):
        return None
    if directives.SOCIAL.search(answer) or standing.is_status(answer) or FIRST_PERSON.search(answer):
        return None
    if not (directives.TECHNICAL.search(answer) or directives.CONCRETE.search(answer)
            or named.names_something(answer) or standing.CODE_TOKEN.search(answer)
            or standing.PROJECT_NOUN.search(answer) or CODE_LIKE.search(answer)):
        return None
    kind = "convention" if directives.is_directive(answer, "user") else "fact"
    return _joined(_topic(question), answer), kind


# What a question asks about, without the asking: "Where do the existing reminders run?" →
# "the existing reminders run"; the options of a choice go ("…, UTC or local time?").
ASKING = _re(r"""^(?:(?:and|so|ok(?:ay)?|also)[,.]?\s+)*(?:where|what|which|who|how|should|shall|do|does|is|are|
    would|will|can)\b\s*(?:(?:do|does|is|are|should|would|will|can)\s+)?""")


def _topic(question: str) -> str:
    topic = ASKING.sub("", question.rstrip(" ?")).strip()
    if "," in topic or " or " in topic:
        cut = topic.split(",")[0] if "," in topic else topic.split(" or ")[0]
        topic = cut.strip() or topic
    return topic


def _joined(topic: str, answer: str) -> str:
    """The memory: what was asked about, then the answer in the user's words — not the
    question (a question is not what the project is); a long answer ("importmap. there is
    no node in the image and we keep it that way") reads alone."""
    answer = answer.strip()
    if len(answer.split()) >= STANDS_ALONE_WORDS:
        return answer[:1].upper() + answer[1:]
    topic = topic.strip(" ,.")
    return f"{topic[:1].upper()}{topic[1:]}: {answer}"
