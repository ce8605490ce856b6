"""Plain facts about the project that the user states without any cue word.

"Prometheus scrapes it on port 9108", "the Helm chart is in deploy/charts/kettle",
"staging is on Ubuntu 22.04 and prod is still on 20.04": no "remember", no
"always", yet exactly what a new session would otherwise have to ask again.

A sentence counts when it states something (not a question, a request, a
plan or a hypothetical), in the present or as a standing change ("we bumped
Go to 1.23"), and names a concrete value of a kind that stays true for a
while: a port, a path, a version of a named thing, a host, region or cluster,
an owner, the tool a thing is built or served with, or the name a thing goes by
(a project, a job, a chat channel). A symptom names values
too ("it exits right away with …", "the deploy failed on staging yesterday"),
so sentences that report an event are left out.

Only the user's sentences are read this way: the assistant mostly repeats what
it has just read in the code, which the code already says.
"""

from __future__ import annotations

import re

from aegis.capture import directives


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


PORT = _re(r"\bports?\s+:?\d{2,5}\b | \b(?:localhost|127\.0\.0\.1|0\.0\.0\.0)?:\d{4,5}\b")
# A path: a leading / or ~/, a trailing /, two slashes, a file name, or one slash in code.
PATH = _re(r"""(?<![\w/:.])(?:~/|/)[\w.@-]+(?:/[\w.@*-]*)*
    | (?<![\w/:.])[\w.@-]+/(?:[\w.@*-]+/)+[\w.@*-]*
    | (?<![\w/:.])[\w.@-]+/(?![\w])
    | `[^`\s]*/[^`\s]*`""")
NOT_PATHS = _re(r"^(?:and/or|either/or|i/o|ci/cd|tcp/ip|read/write|on/off|yes/no|client/server|w/|n/a)$")
# A dotted version (not a duration, size or ratio), or a named runtime with a major version.
VERSION = _re(r"""(?<![\w.])v?\d{1,3}\.\d+(?:\.\d+)*(?![\w.%]|\s*(?:ms|s|sec|seconds?|minutes?|mins?|
        hours?|days?|weeks?|mb|gb|kb|tb|x|times|percent|requests?|rps)\b)
    | \b(?:python|node(?:\.?js)?|go|golang|java|jdk|ruby|rails|php|perl|rust|kotlin|swift|scala|
        postgres(?:ql)?|pg|mysql|mariadb|redis|mongo(?:db)?|elasticsearch|kafka|ubuntu|debian|
        alpine|centos|rhel|fedora|macos|windows|ios|android|next(?:\.js)?|react|vue|angular|
        django|flask|fastapi|spring|laravel|terraform|helm|kubernetes|k8s|docker|gradle|maven|
        webpack|vite|typescript|ts|es|ecmascript|gcc|clang|llvm|cuda|dotnet|\.net|electron)
        \s+v?\d{1,4}(?:\.x)?\b(?!\s*(?:ms|s|seconds?|minutes?|hours?|days?|mb|gb|%|workers?|
        tests?|files?|times|requests?)\b)""")
# A named machine, region or cluster: mon-01, eu-west-1, `db-primary` box, *.internal, a URL.
HOST = _re(r"""\b[a-z]+(?:-[a-z0-9]+)*-\d+[a-z]?\b
    | `[\w.-]+`\s+(?:box|host|server|machine|vm|instance|cluster|node|bucket|database|db|schema|
        namespace|region|account|project|queue|topic|channel|branch|repo|repository|registry|
        image|container|service|team)\b
    | \b[\w-]+(?:\.[\w-]+)*\.(?:internal|local|lan|corp|intra)\b
    | https?://[^\s)>\]]+""")
OWNER = _re(r"""\b(?:owns|own|owned\s+by|maintained\s+by|(?:is|are)\s+(?:the\s+)?(?:owners?|maintainers?)
    \s+of|belongs\s+to|on\s+call\s+for|on-call\s+for)\b""")
# The tool a thing is made with: "the docs are built with mkdocs-material".
MADE_WITH = _re(r"""\b(?:is|are|gets?|get)\s+(?:all\s+)?(?:built|generated|deployed|published|hosted|
    managed|served|bundled|compiled|released|packaged|provisioned|orchestrated|scheduled|rendered)
    \s+(?:with|by|from|on|via|through|using|in|to)\b""")
# A name given to something: "our Sentry project is `acme-web`", "alerts go to #web-alerts".
NAMED = _re(r"""\b(?:is|are)\s+(?:called|named)\s+\S+ | \b(?:is|are)\s+`[^`]+`
    | (?<![\w&])\#[a-z][\w-]{2,}""")
# What the project is: "kiln is our Crystal web service", "tern is a Go CLI that…".
IDENTITY = _re(r"""^\W*(?:(?:[\w.-]+\s+is|we'?re|we\s+are|this\s+(?:repo|repository|project|codebase)\s+is)\s+(?:our|my|the\s+team'?s|the|a|an)
        | [\w.-]+\s*(?:=|:)(?:\s+(?:our|my|the\s+team'?s|the|a|an))?)\s+(?:[\w.+\#/-]+\s+){0,4}?(?:service|
    app|application|api|library|lib|sdk|cli|tool|repo|repository|monorepo|monolith|backend|frontend|
    site|website|game|firmware|pipeline|bot|plugin|extension|package|framework|platform|dashboard|
    daemon|server|engine|project|validator|compiler|simulator|planner|tracker|shop|store|
    service|batch|job|model|notebook|toolkit|sdk)\b""")
VALUES = (PORT, PATH, VERSION, HOST, OWNER, MADE_WITH, NAMED, IDENTITY)
# A statement of how things are (present), or a standing change of it.
STATE = _re(r"""\b(?:is|are|isn'?t|aren'?t|'s|'re|runs?|lives?|sits?|listens?|scrapes?|serves?|
    uses?|has|have|points?\s+to|goes|go|comes?\s+from|reads?|writes?|stores?|talks?\s+to|
    connects?\s+to|depends\s+on|belongs|owns|own|owned|maintained|pinned|bumped|upgraded|
    downgraded|moved|migrated|switched|hosted|deployed|built|published|generated|should\s+say|
    stays?|remains?|targets?|expects?|requires?)\b""")
# A report of something that happened, or is happening now: a symptom, not a standing fact.
EVENT = _re(r"""\b(?:stopped|started|starts\s+failing|keeps?|kept|exits?|exited|crash(?:es|ed|ing)?|
    hangs?|hung|hanging|fails?|failed|failing|broke|breaks|broken|throws?|threw|returns?|returned|
    shows?|showing|showed|gives?|gave|giving|getting|got|seeing|saw|timing\s+out|timed\s+out|
    times\s+out|went\s+down|is\s+down|complains?|complained|printed|prints|spits|errors?\s+out|
    doesn'?t\s+work|isn'?t\s+working|not\s+working|won'?t|can'?t\s+(?:find|connect|reach|see)|
    yesterday|this\s+morning|tonight|just\s+now|right\s+now|a\s+(?:minute|second)\s+ago|
    earlier\s+today|for\s+now|at\s+the\s+moment|currently\s+(?:broken|down|failing)|
    error|errors|exception|traceback|stack\s*trace|warning|typo|line\s+\d+|output|diff|
    screenshot|log\s+says|here'?s|here\s+is|this\s+is\s+what)\b""")
# Links to one piece of work (a PR, an issue, a CI run, "#4521") and where it stands
# ("waiting on review") are about the task at hand.
WORK_LINK = _re(r"https?://\S+/(?:pull|pulls|issues|merge_requests|commit|commits|runs|actions|jobs|"
                r"builds|pipelines|compare|blob)/"
                r"|\b(?:PR|MR|pull\s+request|issue|ticket|build|run|job|pipeline)\s+(?:is\s+)?\#?\d{2,}\b"
                r"|(?<![\w&])\#\d{2,}\b"
                r"|\b(?:waiting\s+(?:on|for)|pending|in\s+review|under\s+review|queued|not\s+merged)\b")
# A request, plan or wish: what is asked for now, not how things are.
ASKS = _re(r"""^(?:(?:ok(?:ay)?|so|and|also|now|then|btw|great|thanks)[,.!]?\s+)*
    (?:can|could|would|will|should|shall|do|does|did|is|are|why|how|what|where|which|who|when)\b
  | ^(?:(?:ok(?:ay)?|so|and|also|now|then|btw|great|thanks)[,.!]?\s+)*
    (?:please|let'?s|let\s+me|I'?ll|I\s+will|I'?m\s+going\s+to|I\s+want|I'?d\s+like|I\s+need|
    we\s+need\s+to|help\s+me|try|check|look|add|fix|make|create|write|update|change|remove)\b
  | \b(?:if|unless|assuming|suppose|in\s+case|what\s+if|maybe|perhaps|probably|might|I\s+think|
    I\s+guess|not\s+sure|I\s+wonder|was\s+hoping)\b
  | \bmy\s+(?:local|checkout|clone|copy|fork|branch|terminal|shell|screen|pr|change|diff|machine)\b""")
WORD = re.compile(r"[A-Za-z']+")


def names_a_value(sentence: str) -> bool:
    """A port, path, version, host, owner or build tool in ``sentence``."""
    for pattern in VALUES:
        for match in pattern.finditer(sentence):
            if pattern is PATH and NOT_PATHS.match(match.group(0).strip("`")):
                continue
            return True
    return False


# Every value above contains one of these: most sentences have none, and are let go at once.
HINT = _re(r"""[\d/`\#:] | \b(?:own|owns|owned|maintained|maintainers?|owners?|belongs|on[\s-]call|
    built|generated|deployed|published|hosted|managed|served|bundled|compiled|released|packaged|
    provisioned|orchestrated|scheduled|rendered|called|named|is)\b""")


def is_project_fact(sentence: str) -> bool:
    """A standing fact about the project, said plainly (see the module docstring)."""
    if not HINT.search(sentence):
        return False
    if sentence.rstrip().endswith("?") or len(WORD.findall(sentence)) < 4:
        return False
    if ASKS.search(sentence) or EVENT.search(sentence) or WORK_LINK.search(sentence) or (
            directives.IMPERATIVE.match(directives.LEAD.sub("", sentence))):   # "now run the linter"
        return False
    return bool(STATE.search(sentence)) and names_a_value(sentence)
