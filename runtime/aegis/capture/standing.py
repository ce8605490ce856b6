"""Standing statements said plainly, with no cue word: how the project works.

"Dates are stored as UTC everywhere", "the staging database gets wiped every
night", "config comes from environment variables only", "REST endpoints are
legacy", "line length is 120": no "always", no "remember", often no value that
``facts`` knows — yet each stays true for months and a new session would have
to ask again. The sentence's *structure* says so, not its phrasing:

* its subject is a thing of the project or the team — it does not start with
  "I", "you", a question word, "let's", "please" or "there";
* its verb is present and habitual: a copula, a passive ("are stored", "gets
  wiped"), a simple present ("talks to", "goes through") — not a past event,
  not a progressive status ("is failing"), not a modal of possibility;
* something marks it as standing: generality (every, all, only, everywhere, by
  default, nobody), a frequency ("every night", "weekly"), a status that lasts
  (deprecated, legacy, banned, read-only, required), or a concrete value (a
  code name, a number, a version);
* it is about the work (a technical noun or a concrete value).

Questions, hedges, requests, symptoms and status reports ("all green now", "the
build is failing on my machine") are left out (``facts.ASKS``/``facts.EVENT``
and ``STATUS`` below). Only the user's sentences are read this way, as in
``facts``.
"""

from __future__ import annotations

import re

from aegis.capture import directives, facts, named


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


# Not a statement about the project: the speaker, the listener, a question, a request.
NOT_A_SUBJECT = _re(r"""^(?:I|I'?m|I'?ve|I'?ll|I'?d|me|my|you|you'?re|your|let'?s|let|please|there|
    here|what|why|how|where|when|which|who|whose|if|maybe|perhaps|hopefully|can|could|would|should|
    will|shall|do|does|did|is|are|was|were|has|have|just|try|thanks|thank|sorry|yes|no|ok|okay)\b""")
# A present, habitual verb: a copula or passive, a simple present, or the team's habit.
PRESENT = _re(r"""\b(?:is|are|isn'?t|aren'?t|gets?|stays?|remains?)\b | \w're\b
    | \b(?:runs|talks|goes|lives|uses|reads|writes|calls|sends|depends|handles|stores|points|comes|
        needs|requires|expects|takes|holds|wraps|imports|exports|builds|deploys|publishes|triggers|
        blocks|serves|listens|sits|means|owns|has|contains|keeps|caches|logs|emits|accepts|rejects|
        supports|relies|maps|belongs|starts|ends|lives|happens|resets|rotates|expires|syncs)\b
    | \b(?:gives|returns|reports|provides|sends|emits|produces)\b
    | \b(?:we|the\s+team|everyone|everybody|nobody|no\s+one|each\s+of\s+us)\s+(?:\w+ly\s+)?
        (?:deploy|release|ship|merge|merges|run|use|keep|write|review|squash|rebase|tag|version|store|
        avoid|test|rotate|follow|do|don'?t|never|only|always|prefer|pin|cut|branch|name|host|call)\b""")
# The same verbs said of a plural subject: "our migrations run in a separate job", "errors
# from the worker go to Sentry", "all public functions need type hints".
BASE_VERBS = (r"run|talk|go|live|use|read|write|call|send|depend|handle|store|point|come|need|"
              r"require|expect|take|hold|wrap|import|export|build|deploy|publish|trigger|block|"
              r"serve|listen|sit|own|contain|keep|cache|log|emit|accept|reject|support|rely|map|"
              r"belong|start|end|reset|rotate|expire|sync|hit|stay|remain|get|follow|share|skip|"
              r"ship|pass\s+through|land|flow|default|fall\s+back|load|pull|push|point")
PLURAL_PRESENT = _re(rf"""^(?:(?:all|our|the|new|any|most|both)\s+)*(?:[\w-]+\s+){{0,2}}[\w-]+[a-rt-z]s
    (?:\s+(?:from|in|on|of|for|under|with|to|at|inside)\s+(?:the\s+|our\s+|a\s+|an\s+)?[\w-]+(?:\s+[\w-]+)?)?
    \s+(?:\w+ly\s+|all\s+|also\s+|only\s+)?(?:{BASE_VERBS})\b""")
# The statement's subject, up to its verb: a thing of the project said with a habitual
# verb stands on its own ("our migrations run…", "logs are shipped to Loki…").
SUBJECT_VERB = _re(rf"""^(?P<subject>.{{3,80}}?)\s+(?:is|are|gets?|stays?|remains?|
    (?:\w+ly\s+)?(?:{BASE_VERBS})s?|(?:\w+ly\s+)?(?:{BASE_VERBS})es)\b""")
# A singular subject and a third-person verb, any verb: "the GPS driver drops fixes…".
SINGULAR_PRESENT = _re(r"""^(?:the|our|this\s+project'?s|each|every)\s+(?:[\w'-]+\s+){0,3}?[\w'-]*[^\Ws]
    \s+(?:\w+ly\s+)?(?!is\b|has\b|was\b|does\b|always\b|never\b|also\b|only\b|this\b|thus\b)[a-z]{2,}[^\Wsu]s\b""")
# A value written as code even without quotes: "WGS84", "nRF52840", "py311", "60 percent".
CODE_TOKEN = re.compile(r"\b[A-Za-z]+\d\w*\b|\b\d+(?:\.\d+)?\s?(?:percent|Hz|kHz|MHz|fps|knots|"
                        r"px|dp|pt|ms|bytes?|bits?|[kKMG]i?B|satellites|cores|threads|replicas|nodes)\b")
# Marks that the statement stands: generality, frequency, lasting status, or a value.
MARK = _re(r"""\b(?:always|never|every|each|all|only|everywhere|anywhere|nowhere|nobody|no\s+one|
    everyone|everybody|by\s+default|default|per\s+\w+|nightly|daily|weekly|hourly|monthly|
    deprecated|legacy|banned|forbidden|not\s+allowed|off[\s-]limits|read[\s-]only|append[\s-]only|
    immutable|required|mandatory|source\s+of\s+truth|canonical|no\s+(?:\w+\s+)?(?:allowed|ever)|
    exclusively|solely|itself|directly|entirely|anymore|no\s+longer|anything|everything|
    on\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends)|
    on\s+purpose|by\s+design|intentionally|deliberately)\b
    | \b(?:is|are|of|to|at|=)\s+\d+(?:\.\d+)?\b""")
# "all green now", "the build is failing", "that worked": how the task is going.
# A piece of work that is finished: said in a condition ("before they get merged") or as a
# habitual passive ("PRs get merged by whoever…") it is part of a rule, not a status.
STATUS_DONE = _re(r"""(?<!\bof\s)\b(?:fixed(?!\s+(?:at|to|per|by|in)\b)|done|finished|
        merged|pushed)\b""")
STATUS = _re(r"""\b(?:fixed|done|finished|merged|pushed|green|passing|passes|works|working|worked|broken|fine|ready|looks\s+good|lgtm|up\s+to\s+date|
    in\s+progress|blocked|stuck|wip|running\s+(?:now|again)|on\s+my\s+(?:machine|laptop|branch|end))\b""")
# A judgement of worth, not how the project works: "consistency is key when working as a
# team", "the '_g' suffix will help us improve readability", "a formatter ensures consistency".
EVALUATIVE = _re(r"""\b(?:is|are)\s+(?:really\s+|so\s+|very\s+|also\s+|absolutely\s+)?(?:key|crucial|
        essential|important|vital|paramount|invaluable|beneficial|helpful|a\s+must)\b(?![^:]{0,20}:)
    | \b(?:ensures?|ensuring|helps?|improves?|enhances?|promotes?|fosters?|boosts?)\s+(?:us\s+)?(?:\w+\s+){0,3}?
        (?:consistency|readability|quality|collaboration|maintainability|clarity|understanding|productivity|
        efficiency|success)\b""")
HABITUAL_PASSIVE = _re(r"\b(?:gets?\s+(?:merged|pushed|fixed|done|finished)\s+by"
                       r"|(?:is|are)\s+(?:done|merged|pushed)\s+(?:by\s+hand|manually|through|via|with|from|in))\b")
STATUS_STATE = _re(r"""\b(?:green|passing|passes|works|working|worked|broken|fine|ready|looks\s+good|lgtm|up\s+to\s+date|
    in\s+progress|blocked|stuck|wip|running\s+(?:now|again)|on\s+my\s+(?:machine|laptop|branch|end))\b""")
# The condition of a rule, not how things stand: "…need an OpenAPI entry before they get merged".
CONDITION_CLAUSE = _re(r"\b(?:before|after|once|until|unless|when|whenever|as\s+soon\s+as|if)\s+[^,;.]*")
# A request inside the statement: "the PR is up, can you review it when you get a chance".
REQUEST_CLAUSE = _re(r"""(?:^|[,;:—-]\s*|\b(?:and|so)\s+)(?:can|could|would|will)\s+you\b
    | \bwhen\s+you\s+(?:get\s+a\s+chance|can|have\s+a\s+(?:sec|second|minute|moment))\b""")
# "that test is flaky anyway, ignore it for this PR": one thing pointed at, or this piece of
# work — an instance, not how the project is ("this repo uses…" is the project itself).
DEICTIC = _re(r"""^(?:this|that|these|those)\s+(?!(?:repo|repository|project|codebase|code\s+base|team|
        service|app|monorepo|company|org|organi[sz]ation|product|library|package|tool)\b)[a-z]
    | \b(?:for|in|on)\s+this\s+(?:pr|mr|branch|ticket|change|commit|release|sprint|one|time|run|task)\b""")
# Expected against actual: "the job runs but nothing gets deleted", "it builds but the
# icons don't show" — a symptom, however present its verb.
SYMPTOM = _re(r"""\bbut\s+(?:nothing|none|no\s+\w+|never|it\s+(?:doesn'?t|does\s+not|never|still|isn'?t|won'?t)|
    (?:the\s+|our\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:doesn'?t|don'?t|isn'?t|aren'?t|won'?t|never|still))\b""")
# Past events and the moment: "was", "yesterday", "just", "this morning".
PAST = _re(r"""\b(?:was|were|did|didn'?t|had|used\s+to|yesterday|last\s+(?:week|night|time|run)|
    earlier|ago|just|this\s+(?:morning|afternoon|week|sprint|time)|today|tonight|so\s+far|again)\b""")
# A rule rather than a description: prohibitions and exclusivity.
RULE = _re(r"""\b(?:never|only|nobody|no\s+one|banned|forbidden|not\s+allowed|off[\s-]limits|
    mustn'?t|must|needs?\s+(?:a|an|to)|requires?|no\s+(?:\w+\s+){0,2}(?:allowed|checked\s+in|committed|ever))\b""")
# "line length is 120", "the pool size is 8": a setting and its number.
SETTING = _re(r"\b(?:is|are|=|of)\s+\d+(?:\.\d+)?\b(?!\s*(?:am|pm|years?|months?|days?)\b)")
# "tag format is…", "test data lives…": a verb-like noun as the subject, not an imperative.
NOUN_IS = _re(r"^\w+(?:\s+\w+)?\s+(?:is|are|lives?|goes|stays?)\b")
# "we are writing the messages in English": the team's habit, in the progressive as
# many people say it; "we're deploying it right now" is the moment, not a habit.
TEAM_HABIT = _re(r"""\b(?:we|the\s+team)\s+(?:are|'re)\s+(?:always\s+|usually\s+)?(?:using|writing|running|
    deploying|keeping|storing|naming|following|doing|putting|shipping|building|testing|tagging|
    versioning|releasing|hosting|formatting|logging|pinning|targeting|working\s+with)\b""")
MOMENT = _re(r"\b(?:now|right\s+now|currently|at\s+the\s+moment|today|this\s+week|for\s+now|already)\b")
QUANTIFIED_SUBJECT = _re(r"^(?:anything|everything|every|all|each|any|no)\b")
# A quantified subject makes a present verb a habit, not a symptom ("every endpoint returns…").
QUANTIFIED = _re(r"\b(?:every|all|each|always|never|any|anything|everything)\b")
HABITUAL_EVENT = _re(r"^(?:returns?|shows?|gives?|keeps?|errors?|throws?|output)$")
# What a company believes in, not how its project works: "we strive…", "not only … but also".
CREED = _re(r"""\b(?:we|I|our\s+(?:team|company|people)|the\s+(?:team|company))\s+(?:\w+\s+)?(?:strive|believe|
        take\s+pride|pride\s+ourselves|(?:are|am)\s+(?:\w+\s+)?(?:proud|passionate|committed|dedicated|
        empowered|customer[\s-]centric))\b
    | \b(?:our|the\s+company'?s|the\s+team'?s)\s+(?:\w+\s+)?(?:mission|vision|culture|values|passion|commitment)\b
    | \b(?:volunteer\w*|charity|hotels?|business\s+travel|wellness|vacations?|pto|payroll|salar(?:y|ies)|
        insurance|dress\s+code|commute|team[\s-]building|perks)\b
    | \b(?:excellence|customer[\s-]centric\w*|empower\w*)\b | \bnot\s+only\b.*\bbut\s+also\b""")
# "btw", "by the way": an aside the speaker thinks worth knowing.
ASIDE = _re(r"(?:^|[\s,(])(?:btw|by\s+the\s+way|fwiw|for\s+what\s+it'?s\s+worth)\b[\s,.!)]*")
# "all our gyms…", "our staging box…": the team's own things are the project's.
OURS = _re(r"^(?:all\s+(?:of\s+)?)?our\s+\w")
# A name pattern: "kestrel-v{{version}}", "<team>-<env>", "logs/*.jsonl".
TEMPLATE = re.compile(r"[\w./-]*(?:\{\{?\w+\}\}?|<\w+>|\*\.\w+|%\w)[\w{}<>*%./-]*")
# Things of a project that ``directives.TECHNICAL`` does not name.
PROJECT_NOUN = _re(r"""\b(?:caching|length|gateway|frontend|backend|front[\s-]end|back[\s-]end|layer|
    plugin|handler|job|cron|queue|bucket|storage|auth|session|cookie|payload|batch|row|column|field|
    model|view|template|query|queries|route|router|controller|widget|page|screen|ui|ux|mobile|app|bot|channel|
    alert|metric|dashboard|monitoring|on[\s-]call|runbook|incident|vendor|dependency|upgrade|
    approval|sign[\s-]?off|pagination|seriali[sz]ation|validation|authentication|authori[sz]ation|
    encryption|routing|rendering|parsing|locale|i18n|l10n|translation|time\s*zone|timestamp|
    currency|price|money|cents|units?|schedule|ttl|quota|rate\s+limit|throughput|latency|p\d\d|sla|git|github|gitlab|wheel|artifact|binary|binaries|image|reviewer|billing|payment|invoice|account|user|customer|tenant)s?\b""")


def is_standing(sentence: str, context: str | None = None, aside: bool = False) -> bool:
    """A standing statement about the project, said plainly (see the module docstring);
    ``context`` is what a leading "it"/"that" stands for, which may be what makes it
    about the work. ``aside``: the speaker said it "by the way", which marks it as worth
    knowing as much as "always" would. A statement followed by its explanation or a
    second clause after a colon, semicolon or comma ("X is legal in GTFS: trips that run
    late keep counting…", "pagination is cursor-based everywhere, offset pagination was
    removed") is judged on its first clause: the rest may tell history or a symptom."""
    whole = directives.LEAD.sub("", ASIDE.sub("", sentence.strip())).strip()
    head, colon, tail = whole.partition(": ")
    if colon and PAST.search(head) and len(tail.split()) >= 4 and PRESENT.search(tail):
        whole = tail                     # "the board changed it in august: max fine is 8 euro now"
    text = whole
    for mark in (": ", "; ", ", "):
        head, found, _ = text.partition(mark)
        if found and len(head.split()) >= 4 and PRESENT.search(head):
            text = head
            break
    if len(text.split()) < 4 or whole.endswith("?") or NOT_A_SUBJECT.match(text):
        return False
    plural = PLURAL_PRESENT.match(text) or SINGULAR_PRESENT.match(text)
    if not (PRESENT.search(text) or TEAM_HABIT.search(text) or plural):
        return False                     # first: most sentences fail here, and cheaply
    event = facts.EVENT.search(text)
    if event and not (QUANTIFIED.search(text) and HABITUAL_EVENT.match(event.group(0))):
        return False                     # "every endpoint returns errors as…" is no symptom
    if (facts.ASKS.search(text) or is_status(text) or PAST.search(text) or SYMPTOM.search(whole)
            or REQUEST_CLAUSE.search(whole) or DEICTIC.search(whole)
            or facts.WORK_LINK.search(whole)):
        return False
    if ((directives.IMPERATIVE.match(text) and not NOUN_IS.match(text)) or directives.SOCIAL.search(text)
            or CREED.search(whole) or EVALUATIVE.search(whole)):
        return False
    concrete = bool(directives.CONCRETE.search(whole) or facts.names_a_value(whole)
                    or SETTING.search(whole) or TEMPLATE.search(whole) or CODE_TOKEN.search(whole))
    habit = bool(TEAM_HABIT.search(text)) and not MOMENT.search(text)
    if not (MARK.search(whole) or concrete or aside or habit or _project_subject(text)):
        return False
    about = whole + " " + context if context else whole
    # "Anything that touches the planner needs a sim run": a quantified subject and a rule
    # say it is a rule of the work, whatever the domain's words.
    quantified_rule = bool(QUANTIFIED_SUBJECT.match(text) and RULE.search(text))
    return concrete or quantified_rule or bool(directives.TECHNICAL.search(about) or PROJECT_NOUN.search(about)
                            or OURS.match(text) or named.names_something(about))


def is_status(text: str) -> bool:
    """How the work stands ("all green now", "the PR is merged") — not a status word that
    only says when a rule applies ("before they get merged"), a habitual passive ("PRs get
    merged by whoever is on rotation"), a value fixed at a number or "definition of done"."""
    return bool(STATUS_STATE.search(text) or STATUS_DONE.search(
        HABITUAL_PASSIVE.sub("", CONDITION_CLAUSE.sub("", text))))


def category(sentence: str) -> str:
    """ "convention" for a prohibition or an exclusive rule ("config comes from env vars
    only"), "fact" for how things are ("the staging DB is wiped every night")."""
    return "convention" if RULE.search(sentence) else "fact"


def _project_subject(text: str) -> bool:
    """The subject before the verb names a thing of the project ("our migrations",
    "the payments service", "logs"): said in the habitual present with no moment, a
    question or a status (checked before), the statement describes how things are."""
    match = SUBJECT_VERB.match(text)
    if match is None:
        return False
    subject = match.group("subject")
    return bool(OURS.match(subject) or directives.TECHNICAL.search(subject)
                or PROJECT_NOUN.search(subject))
