"""Durable statements wherever they sit in a sentence, and how they are worded as memories.

Cue words at a sentence start miss most of what people say: a rule is usually
wrapped in a frame ("I'd like you to…", "it's important that you…", "one of the
conventions we follow is…", "heads up:"), often after a preamble ("Great. Now,
for the API, …") and sometimes two to a sentence ("start X with a and end Y
with b"). This module recognises the frames anywhere in a sentence and tells
a standing rule from a one-off request or small talk:

* a **directive** (a frame, or an imperative) is kept when it is *general*
  (always, never, all, every, from now on, "in your tests", …) or names a
  concrete value (a quoted name, code, a file, a version) — "familiarise
  yourself with the code base" is neither;
* it must be about the work (a technical noun or a concrete value): "never
  hesitate to reach out" is about the relationship;
* announcements of rules without the rule ("I want to go over some coding
  standards") and social phrases are dropped;
* **flagged facts** ("heads up", "FYI", "worth knowing", "keep in mind") and
  **commitments** to a rule ("I'll make sure to … from now on") count too.

``memory_text`` strips the frame so the memory reads as the rule itself
("I'd like you to start attribute names with 'j_'" → "Start attribute names
with 'j_'"), and ``clauses`` splits coordinated rules so that each can later be
updated on its own.
"""

from __future__ import annotations

import re

from aegis.capture.named import names_something


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


IMPERATIVE_VERBS = (r"use|start|end|begin|add|include|import|prefix|suffix|name|put|keep|run|avoid|"
                    r"write|follow|set|pin|store|call|prefer|stick|switch|commit|document|annotate|"
                    r"wrap|validate|check|log|return|raise|apply|append|place|mark|tag|prepend|"
                    r"capitalize|capitalise|lowercase|indent|limit|cap|default|send|deploy|ship|"
                    r"test|lint|format|review|squash|rebase|merge|push|open|close|handle|catch|"
                    r"type|declare|define|export|leave|give|make|do|don'?t|never|always")
# A frame that turns what follows into a request to the listener.
FRAME = _re(r"""
    \b(?:I|we)(?:'d|\s+would)?\s+(?:really\s+|also\s+|just\s+)?(?:want|like|need|expect|ask|require|
        encourage|urge)\s+(?:you|everyone|all\s+of\s+you|the\s+team|each\s+of\s+you)\s+to\b
  | \b(?:it'?s|it\s+is|that'?s)\s+(?:very\s+|really\s+|extremely\s+|especially\s+)?(?:important|
        crucial|essential|vital|key|critical|mandatory|required|necessary|imperative)\s+(?:that|to|
        for\s+(?:you|us|everyone)\s+to)\b
  | \bthe\s+importance\s+of\b
  | \b(?:I|we)\s+(?:really\s+)?insist\s+(?:up)?on\b
  | \b(?:one|another|the)\s+(?:\w+\s+)?(?:thing|point|practice|habit|rule|requirement)\s+(?:that\s+)?
        (?:I|we)(?:'d|\s+would)?\s+(?:want|like|need|expect|insist|ask|require|have|follow|use)\b
  | \b(?:be\s+sure|make\s+sure|ensure|remember|don'?t\s+forget|do\s+not\s+forget)\s+to\b
  | \b(?:make\s+sure|ensure)\s+that\b
  | \bmake\s+sure\s+(?:all|every|each|you|your|the|our)\b
  | \bplease\s+(?!let\b|feel\b|reach\b|don'?t\s+hesitate)\w+
  | \bone\s+of\s+(?:our|the)\s+(?:\w+\s+){0,2}(?:conventions|practices|rules|standards|guidelines|
        policies|habits)\b
  | \b(?:you|we|everyone|the\s+team)\s+(?:should|must|need\s+to|have\s+to|are\s+expected\s+to|
        are\s+required\s+to)\s+(?:always\s+|never\s+|also\s+)?(?!\s)""" + r"""
  | \b(?:all|every|each)\s+(?:\w+\s+){0,3}(?:should|must|need\s+to|have\s+to|has\s+to)\s+
        (?:always\s+|also\s+)?\w+
  | \b(?:from\s+now\s+on|going\s+forward|moving\s+forward|from\s+here\s+on|henceforth)\b
""")
# "Deploy fails since yesterday", "Build is red": the verb-like word is the subject.
AS_SUBJECT = (r"(?!\s+(?:fails?|failed|failing|breaks|broke|is|are|was|were|has|had|hangs|hung|crashe[sd]|keeps|kept|"
              r"stopped|times\s+out|timed\s+out|errors\s+out|works|worked|doesn'?t|didn'?t|won'?t|isn'?t|can'?t|"
              r"takes|took|seems|looks|went|got|gets)\b)")
IMPERATIVE = _re(rf"^(?:(?:also|then|just|so)\s+)?(?:please\s+)?(?:always\s+|never\s+)?(?:{IMPERATIVE_VERBS})\b{AS_SUBJECT}")
# "When naming attributes, end them with '_at'": a condition, then the rule.
CONDITIONED = _re(rf"^(?:when|whenever|if|for|in|once|before|after)\b[^,]{{3,90}},\s*(?:please\s+)?"
                  rf"(?:always\s+|never\s+)?(?:{IMPERATIVE_VERBS}|make\s+sure|be\s+sure|remember)\b")
# A prohibition after a comma or "so": "the bot posts to #releases, so don't announce by hand".
NEGATIVE_RULE = _re(r"(?:[,;:—-]|\bso)\s+(?:please\s+)?(?:don'?t|do\s+not|never)\s+(?!worry|hesitate|"
                    r"forget\s+to\s+(?:ask|reach)|be\s+afraid)\w+")
NEGATIVE_START = _re(r"^(?:please\s+)?(?:don'?t|do\s+not|never)\s+(?!worry|hesitate|be\s+afraid)\w+")
GENERAL = _re(r"""\b(?:always|never|all|every|each|any|whenever|consistently|everywhere|
    across\s+the\s+board|as\s+a\s+rule|from\s+now\s+on|going\s+forward|moving\s+forward|by\s+default|
    in\s+the\s+future|no\s+matter|even\s+if|regardless|consistent)\b
    | \b(?:your|our)\s+(?:code|codebase|code\s+base|[a-z]+(?<!ss)s)\b
    | \b(?:in|to|for|with|on|of)\s+(?:all\s+)?(?:your|our|the|my)?\s*(?:[a-z]+\s+)?[a-z]+(?<!ss)s\b""")
TECHNICAL = _re(r"""\b(?:code|codebase|coding|function|method|class|variable|attribute|argument|
    parameter|param|module|package|librar(?:y|ies)|dependenc(?:y|ies)|import|decorator|docstring|
    comment|annotation|type\s+hints?|typing|assert|exception|try|test|lint|linter|format|formatter|
    commit|branch|merge|pull\s+request|PR|review|deploy|deployment|release|build|CI|pipeline|script|
    file|folder|director(?:y|ies)|repo|repository|config|configuration|env|environment|database|DB|
    schema|migration|query|table|index|api|endpoint|service|server|client|cache|queue|log|logging|
    error|bug|docs|documentation|naming|names?|prefix|suffix|style|indent|indentation|tabs?|
    version|python|javascript|typescript|sql|docker|container|kubernetes|cluster|secret|token|
    password|header|request|response|timeout|retr(?:y|ies)|backoff|worker|thread|port|url|
    path|editor|ide|vpn|terminal|shell|command|string|integer|dict|list|array|json|yaml|http|
    notebook|framework|sdk|cli|flag|option|setting|staging|production|prod|backup|credential|
    key|keys|statement|block|loop|call|calls|variable|constant|enum|interface|component|hook|
    stack|framework|benchmark|fixture|mock|snapshot|lockfile|package\.json|npm|pnpm|yarn|pip|
    poetry|makefile|readme|changelog|ticket|issue|sprint|standup|oncall|on-call|stub|
    check(?:ed)?\s+in|push|pushed|main|master|origin|upstream|rebase|logger|metadata|ids?|uuids?)(?:s|es)?\b""")
# A concrete value from code: a quoted name, code, a decorator, snake_case, a file, a version.
CODE_VALUE = re.compile(r"`[^`]+`|(?<!\w)'[^'\s]{1,40}'(?!\w)|\"[^\"\s]{1,40}\"|@\w+|\b\w+_\w*\b|\b_\w+|"
                        r"\b[\w-]+\.(?:py|js|ts|tsx|json|toml|ya?ml|md|sh|go|rs|java|rb|sql|cfg|ini|"
                        r"lock|txt|env)\b|\bv?\d+(?:\.\d+)+\b"
                        r"|\b\d+\s*(?:ms|s|seconds?|minutes?|hours?|MB|GB|KB|%|workers?|requests?|"
                        r"retries|times)\b")
# A name (CamelCase, CAPS): concrete, but a company's name is one too, so it needs company.
NAME = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*\b|\b[A-Z]{2,}\b")
CONCRETE = re.compile(CODE_VALUE.pattern + "|" + NAME.pattern)
# Rules announced but not stated ("I want to go over some coding standards").
ANNOUNCEMENT = _re(r"""\b(?:a|some|a\s+few|few|several|the\s+following|a\s+couple\s+of|these|those|
    any|other|two|three)\s+(?:more\s+|specific\s+|new\s+|important\s+|key\s+|main\s+|
    additional\s+|few\s+|updated\s+|general\s+|best\s+|of\s+our\s+)*(?:coding\s+|naming\s+|team\s+|code\s+)?
    (?:conventions?|standards?|guidelines?|practices?|instructions?|rules?|things?|updates?|
    changes?|points?|habits?|tips?|expectations?|feedback|details?|specifics?|aspects?|areas?)\b
  | \b(?:I|we)(?:'d|\s+would)?\s+(?:want|like|wanted|need|have)\s+to\s+(?:discuss|go\s+over|talk|
    touch|cover|share|set|introduce|bring\s+up|give\s+you|update\s+you|walk\s+you|run\s+through|
    mention)\b
  | \b(?:update|updating|change|changing)\s+(?:our|the|your|one\s+of)\b""")
SOCIAL = _re(r"""\b(?:hesitate|don'?t\s+worry|no\s+worries|reach\s+out|door\s+is\s+(?:always\s+)?open|feel\s+free|any\s+questions|
    let\s+me\s+know|happy\s+to\s+help|here\s+to\s+(?:help|support)|glad|excited|nice\s+to\s+meet|
    welcome|thanks|thank\s+you|appreciate|looking\s+forward|congratulations|proud|great\s+job|
    well\s+done|good\s+luck|support\s+you|take\s+care|comfortable|grateful|thrilled|nervous|
    familiari[sz]e\s+yourself|get\s+to\s+know|settl(?:e|ing)\s+in|check\s+in\s+with|catch\s+up|
    keep\s+me\s+(?:posted|updated|informed)|reach\s+me|ask\s+me|come\s+to\s+me|I'?m\s+available)\b""")
# Said about a past habit or feeling, not a rule: "I've always admired…".
NOT_A_RULE = _re(r"\b(?:I|we|you)(?:'ve|\s+have|'d|\s+had)\s+(?:always|never)\b"
                 r"|\bI\s+(?:always|never|keep)\s+(?:forget|mix|confus|miss|mess|lose|get\s+(?:it|that|this))\w*"
                 r"|\b(?:I|you|we|they|he|she|it|that|this|there|door|team|everyone|everybody|who)"
                 r"\s+(?:is|are|was|were|has\s+been|have\s+been|can|could|may|might)\s+always\b(?!\s+\w+ing\b)"
                 r"|'(?:s|re|m)\s+always\b|\bI\s+am\s+always\b"
                 r"|\balways\s+(?:been|open|there|happy|glad|welcome|available|ready|a\s+pleasure)\b")
FLAG = _re(r"""(?:^|[\s(,;:—-])(?:heads[\s-]up|fyi|for\s+the\s+record|just\s+so\s+you\s+know|
    worth\s+knowing|good\s+to\s+know|keep\s+in\s+mind|bear\s+in\s+mind|be\s+aware|note\s+that|
    notably|caveat|gotcha|word\s+of\s+warning|watch\s+out|careful)\b""")
# "I'll make sure to … from now on": the listener restating a rule as a standing commitment.
COMMITMENT = _re(r"^(?:(?:okay|ok|sure|understood|noted|got\s+it|absolutely|will\s+do|of\s+course|"
                 r"right)[,.!]?\s+)*(?:I'?ll|I\s+will|I'?m\s+going\s+to|we'?ll|we\s+will)\s+"
                 r"(?:make\s+sure\s+(?:to|that)|be\s+sure\s+to|remember\s+to|always|never|keep|"
                 r"stick\s+to|follow)\b")
# What follows a flag when it points back instead of stating: a phrase with no verb.
NO_CLAUSE = _re(r"^[\s,:;—-]*(?:for|on|in|about|regarding|with|when|if)\b(?!.*\b(?:is|are|was|were|has|have|"
                r"does|do|did|will|can|must|should|needs?)\b)")
STANDING = _re(r"\b(?:from\s+now\s+on|going\s+forward|moving\s+forward|from\s+here\s+on|always|"
               r"every|all\s+(?:my|our|the|of)|each|in\s+future|in\s+the\s+future|onwards?)\b")

# What is removed from the front of a memory: discourse markers and the request frame.
LEAD = _re(r"""^(?:(?:great|good|excellent|perfect|right|okay|ok|alright|now|so|also|and|but|
    additionally|furthermore|moreover|secondly|firstly|first|second|third|thirdly|lastly|finally|
    similarly|likewise|besides|next|then|well|yes|indeed|exactly|absolutely|one\s+more\s+thing|
    one\s+last\s+thing|last\s+thing|another\s+thing|in\s+addition|on\s+top\s+of\s+that|as(?=\s+for\b)|
    specifically|in\s+particular|importantly|for\s+one|for\s+starters|first\s+of\s+all|
    moving\s+on|that\s+said|by\s+the\s+way|btw|oh|actually|anyway|however|of\s+course|sure|
    understood|noted|got\s+it)\b[\s,.!:;—-]*)+""")
REQUEST = _re(r"""^(?:(?:from\s+now\s+on|going\s+forward|moving\s+forward)\s*,?\s*)?
    (?:I|we)(?:'d|\s+would)?\s+(?:really\s+|also\s+|just\s+)?(?:want|like|need|expect|ask|require)
    \s+(?:you|everyone|all\s+of\s+you|the\s+team)\s+to\s+(?:please\s+)?
  | ^please\s+
  | ^(?:make\s+sure|be\s+sure|remember|don'?t\s+forget|do\s+not\s+forget)\s+to\s+
  | ^(?:I'?ll|I\s+will)\s+(?:make\s+sure\s+to|be\s+sure\s+to|remember\s+to)\s+""")
POSSESSIVE = re.compile(r"\b(?:your|my)\s+(?=\w)", re.I)
SPLIT_VERBS = IMPERATIVE_VERBS.replace("|never|always", "")
CLAUSE_SPLIT = _re(rf"(?:,\s*|\s+)and\s+(?:also\s+|then\s+)?(?=(?:always\s+|never\s+)?"
                   rf"(?:{SPLIT_VERBS})\b(?!\s+(?:this|that|the\s+same)\b))"
                   r"|;\s+(?=\w)")
# "start function names with 'x_' and end them with '_d'": what "them" stands for.
OBJECT = _re(rf"^(?:always\s+|never\s+)?(?:{SPLIT_VERBS})\s+(.+?)\s+(?:with|to|in|for|from|at)\b")
BACK_REFERENCE = _re(r"\b(?:them|it)\b")
INSTEAD = _re(r"\b(?:instead|rather)\b")
# "Start argument names with 'h_' and method names with 'p_'": the verb said once for two rules.
_QUOTED = r"(?:'[^'\s]{1,40}'|`[^`]{1,40}`|\"[^\"\s]{1,40}\")"
GAPPED = _re(rf"^(?P<head>.*?\b(?:always\s+|never\s+)?(?:{SPLIT_VERBS})\s+)"
             rf"(?P<one>[\w\s]+?\s+(?:with|to|in)\s+{_QUOTED})\s*,?\s+and\s+"
             rf"(?P<two>[a-z][\w\s]*?\s+(?:with|to|in)\s+{_QUOTED})(?P<tail>[.!]?)$")
# A reason in infinitive form: what follows its "and" is part of the reason, not a rule.
PURPOSE = _re(r"\b(?:to|in\s+order\s+to|so\s+as\s+to)\s+(?:help\s+|better\s+|easily\s+)?(?:enhance|improve|"
              r"ensure|keep|make|maintain|avoid|reduce|prevent|increase|distinguish|identify|stay|"
              r"track|catch|help|promote|facilitate|simplify|support|allow|enable)\b")
# Where the rule starts after a condition or frame: "…, make sure you start…", "…that you use…".
INNER_RULE = _re(rf"(?:,\s+|\b(?:to|you|that)\s+)((?:always\s+|never\s+)?(?:{SPLIT_VERBS})\b)")


# Advice about qualities rather than a rule one can follow or check.
VAGUE = _re(r"""\b(?:consisten(?:cy|t)|readab(?:le|ility)|clarity|clear|concise|quality|best\s+practices?|
    clean|maintainab(?:le|ility)|understandable|robust(?:ness)?|efficien(?:t|cy)|well[\s-]documented|
    high[\s-]quality|professional|organi[sz]ed|structure)\b""")


def weight(sentence: str) -> float:
    """How much a directive is worth keeping in view: a concrete value (a name, a
    decorator, a file) most, advice about qualities ("keep it consistent") least."""
    if CODE_VALUE.search(sentence):
        return 0.85
    return 0.6 if VAGUE.search(sentence) else 0.75


NARRATIVE = _re(r"^(?:(?:ok(?:ay)?|sure|so|now|next|first)[,.!]?\s+)*(?:I'?ll|I\s+will|I'?m\s+going\s+to|"
                r"let\s+me|let'?s\s+(?:first|now)|I'?m\s+(?:now\s+)?(?:adding|changing|updating|running))\b")
FROM_NOW_ON = _re(r"\b(?:from\s+now\s+on|going\s+forward|moving\s+forward|from\s+here\s+on|onwards?|"
                  r"in\s+(?:the\s+)?future|every\s+time|all\s+(?:my|of\s+my)\b)")
# "I'm updating our standards, and I want you to…": the narration leads to a request.
ASKS_LATER = _re(r"[,;]\s*(?:and\s+|but\s+|so\s+)?(?:I|we)(?:'d|\s+would)?\s+(?:really\s+|also\s+|just\s+)?"
                 r"(?:want|like|need|expect|ask)\s+(?:you|everyone|the\s+team)\s+to\b")
# A request about the thing at hand: "add a docstring to this function", "for now".
ONE_OFF = _re(r"\b(?:to|for|in|on|of|with|from|into)\s+(?:this|that|these|those|it)\b(?!\s+(?:way|rule))"
              r"|\b(?:ping|tell|show|send|give|remind|message|notify|cc)\s+me\b"
              r"|^(?:please\s+)?(?!keep\b|leave\b|make\b|call\b|name\b)[a-z]+\s+(?:it|this|them|that)\b"
              r"(?=\s*$|\s*[.,!;]|\s+(?:as|for|to|in|on|with|from|into|at|and|again|now|too)\b)"
              r"|\bin\s+the\s+(?:notes|release\s+notes|pr|pr\s+description|description|commit(?:\s+message)?|"
              r"ticket|email|reply|summary|changelog\s+entry|announcement)\b(?!\s+(?:template|format))"
              r"|^(?:(?:ok(?:ay)?|k|so|now|then|and)[,.!]?\s+)*(?:open|merge|close|push|tag|rebase|review|approve)"
              r"\s+(?:the|this|that|my|your|it)\b"
              r"|\b(?:right\s+now|for\s+now|today|tonight|this\s+time|first|next)\s*[.!]?$")


WORD = re.compile(r"[a-z']+")
# Every frame, imperative and flag above contains one of these: most sentences have none,
# and the regexes are not worth running on them (a long transcript has many).
CUE_WORDS = frozenset(IMPERATIVE_VERBS.replace("'?", "'").split("|")) | frozenset("""
want like need expect ask require encourage urge important crucial essential vital key critical
mandatory required necessary imperative importance insist sure ensure remember forget please
conventions practices rules standards guidelines policies habits should must forward henceforth
heads fyi record know knowing mind aware note notably caveat gotcha warning careful watch
thing point practice habit rule requirement i'll will we'll never always don't onwards
""".split())


def may_be_directive(sentence: str) -> bool:
    return not CUE_WORDS.isdisjoint(WORD.findall(sentence.lower())) or "from now on" in sentence.lower()


def is_directive(sentence: str, role: str) -> bool:
    """A standing rule addressed to the listener (see the module docstring)."""
    if not may_be_directive(sentence):
        return False
    if SOCIAL.search(sentence) or NOT_A_RULE.search(sentence):
        return False
    if ONE_OFF.search(sentence) and not (GENERAL.search(sentence) and FRAME.search(sentence)):
        return False
    if NARRATIVE.match(sentence) and not (FROM_NOW_ON.search(sentence) or ASKS_LATER.search(sentence)
                                          or (COMMITMENT.match(sentence) and STANDING.search(sentence))):
        return False                     # "I'll make sure the endpoint returns JSON": this task
    frame = FRAME.search(sentence)
    while frame and role != "user" and frame.group(0).lower().startswith("please"):
        frame = FRAME.search(sentence, frame.end())   # the assistant's "please" asks for now
    framed = bool(frame or CONDITIONED.match(sentence) or NEGATIVE_RULE.search(sentence)
                  or (role == "user" and IMPERATIVE.match(sentence))
                  or COMMITMENT.match(sentence))
    if not framed:
        return False
    if COMMITMENT.match(sentence) and not STANDING.search(sentence):
        return False                     # "I'll make sure to update the docs": a one-off
    code = bool(CODE_VALUE.search(sentence))
    if ANNOUNCEMENT.search(sentence) and not code:
        return False
    if not (TECHNICAL.search(sentence) or code or names_something(sentence)):
        return False
    # "…, so don't announce releases by hand": a prohibition stands until lifted.
    return code or bool(NAME.search(sentence) or GENERAL.search(sentence)
                        or NEGATIVE_RULE.search(sentence) or NEGATIVE_START.match(sentence))


def is_flagged_fact(sentence: str, about=None) -> bool:
    """ "Heads up: the staging DB is reset every Sunday" — a fact the speaker marks as one.
    ``about``: the caller's wider test of what is about the work, if it has one."""
    if not may_be_directive(sentence):
        return False
    match = FLAG.search(sentence)
    if match is None or SOCIAL.search(sentence):
        return False
    rest = sentence[match.end():]
    if NO_CLAUSE.match(rest):
        return False                     # "worth knowing for any migration on that table"
    return len(rest.split()) >= 4 and bool(TECHNICAL.search(rest) or CONCRETE.search(rest)
                                           or re.search(r"\d", rest) or names_something(rest)
                                           or (about is not None and about(rest)))


def memory_text(sentence: str) -> str:
    """The rule without its lead-in and request frame, capitalised; after a colon
    ("…, with one update: start names with 'c_'") the rule is what follows it."""
    text = LEAD.sub("", sentence.strip()).strip()
    head, colon, tail = text.partition(": ")
    if colon and len(tail.split()) >= 4 and (FRAME.search(tail) or IMPERATIVE.match(tail)):
        text = LEAD.sub("", tail).strip()
    framed = REQUEST.sub("", text).strip()
    if framed != text and len(framed.split()) >= 3:
        text = POSSESSIVE.sub("", framed)
    return text[:1].upper() + text[1:] if text else text


def clauses(text: str) -> list[str]:
    """Coordinated rules as separate memories: "Start a with 'x_' and end b with '_y'".

    What comes before the first rule — a condition or a frame ("When naming
    functions, make sure you start the name with 'c_' and end it with '_a'") —
    applies to each, so each part keeps it: it says what the rule is about."""
    parts = [p.strip(" ,;") for p in CLAUSE_SPLIT.split(text)]
    if len(parts) < 2:
        return _ungapped(text)
    if any(PURPOSE.search(p) for p in parts[:-1]):
        return [text]          # "…to keep names short and avoid clashes": one reason, one rule
    prefix = ""
    if not IMPERATIVE.match(parts[0]):
        inner = INNER_RULE.search(parts[0])
        if inner is None:
            return [text]
        prefix, parts[0] = parts[0][:inner.start(1)], parts[0][inner.start(1):]
    if any(len(p.split()) < 4 or not IMPERATIVE.match(p) for p in parts):
        return [text]          # "never use print; use the logger": a short part needs the other
    if any(NEGATIVE_START.match(p) and INSTEAD.search(q) for p, q in zip(parts, parts[1:])):
        return [text]          # "never X; use Y instead": one rule, the ban and its replacement
    out = []
    for number, part in enumerate(parts):
        if number and BACK_REFERENCE.search(part):
            owner = OBJECT.match(parts[0])
            if owner is None:
                return [text]
            part = BACK_REFERENCE.sub(owner.group(1), part, count=1)
        part = prefix + part if prefix else part[:1].upper() + part[1:]
        out.append(part if part.endswith((".", "!")) else part + ".")
    return out


def _ungapped(text: str) -> list[str]:
    """Both rules of a gapped coordination, each with the verb (see ``GAPPED``)."""
    match = GAPPED.match(text)
    if match is None or IMPERATIVE.match(match.group("two")) or PURPOSE.search(match.group("one")):
        return [text]
    head = match.group("head")
    return [head + match.group("one") + ".", head + match.group("two") + "."]
