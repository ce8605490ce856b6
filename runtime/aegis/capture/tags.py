"""Tags for a captured statement: its category, then what it is about.

A tag is useful when it narrows a search to the subject: the names in the
statement (``zerolog``, ``NATS``, ``format_amount``, ``deploy.sh``,
``cmd/consumers``), the runtime a version belongs to (``go``, ``ubuntu``),
and failing those the statement's most specific words (``pandas``,
``handlers``). Bare versions and numbers, redaction markers, and acronyms
that fit any statement (``api``, ``ci``, ``pr``, ``utc``) are no labels.
"""

from __future__ import annotations

import re

MAX_TAGS = 5                 # the category and four subjects
MAX_TAG_CHARS = 40

CODE_SPAN = re.compile(r"`([^`]+)`")
FILE_OR_PATH = re.compile(r"(?<![\w/@.-])(?:~/|/)?(?:[\w.@-]+/)*[\w@-]+\.(?:py|js|mjs|ts|tsx|jsx|json|toml|"
                          r"ya?ml|md|sh|go|rs|java|rb|sql|cfg|ini|lock|txt|env|pyz|j2|tf|proto|"
                          r"css|html|c|h|cpp|kt|swift|conf|service|mod|sum)\b"
                          r"|(?<![\w/@.-])(?:~/|/)?[\w.@-]+/(?:[\w.@-]+/?)+")
# A name: CamelCase, CAPS, a capitalised word inside the sentence, snake_case, @scope/pkg.
NAME = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*\b|\b[A-Z]{2,}[a-z]*\b|(?<=[\w,;:)] )[A-Z][a-z][\w.-]*[\w]"
                  r"|\b[a-z]+_[a-z_0-9]+\b|@[\w-]+(?:/[\w-]+)?|\b[a-z]+(?:-[a-z0-9]+)+\b")
VERSIONED = re.compile(r"\b([A-Za-z][\w.+-]*?)(?:\s+to)?\s+v?\d+(?:\.\d+)+\b|\b([A-Za-z][\w.+-]*)\s+v?\d{1,3}\b"
                       r"(?=\s*(?:[,.;)]|and\b|with\b|$))")
REDACTION_MARKER = re.compile(r"\[REDACTED(?::[^\]]*)?\]")
CODE_NAME = re.compile(r"[\w.@/*<>=:~-]+(?=\(|$)")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*")
# Labels that fit any statement.
NOISE = frozenset("""
redacted api apis ci cd pr prs url urls http https json yaml sql utc oom todo fyi note important
ok okay id ids ui ux io os cli sdk db env the a an it this that we i you
""".split())
# Common words that say nothing about the subject (the tail of a statement's words).
PLAIN = frozenset("""
about above after again against all also always and another any are around as at away back
because been before being below between both but by can cannot could did does doing done down
during each either else even ever every few for from further get gets getting give given go goes
going gone good got had has have having he her here hers him his how however if in into is its
just keep keeps kept know last least less let like likely made make makes many may me might mine
more most much must my need needs never new next no nor not now of off often on once one only or
other others our ours out over own per please put rather really right same say says see seem
seems set sets shall she should since so some something still such sure take than that the their
them then there these they thing things this those though through thus to too under until up
upon us use used uses using very via want wants was way ways we well were what when where which
while who whom whose why will with within without would yet you your yours also already always
actually anyway first second third last before after lot lots bit kind sort true false yes
because instead rather whether since every everything anything nothing someone anyone everyone
fine work works working worked time times today tomorrow week weeks day days month months year
years minute minutes second seconds hour hours start starts started end ends ended run runs ran
running call calls called add adds added change changes changed update updates updated fix fixes
fixed remember note notes heads fyi make sure never ever let's don't doesn't didn't isn't aren't
wasn't weren't won't can't shouldn't wouldn't it's that's there's we're we've we'll i'm i've
i'd you're they're those these gets thanks thank great nice cool case cases part parts side
went turned live lives lived bumped owns owned follow follows conventions convention stick
prefer prefers support supports switch root cause causes problem problems issue issues bug bugs
general reason attempt break breaks rule rules standard decided decision team stuff
tend tends aim
""".split())
ACRONYM_OK = re.compile(r"^[a-z]{3,}$")


def _clean(tag: str, named: bool = False) -> str | None:
    tag = tag.strip().strip("`'\"()[]{}").rstrip(".,;:/").lower()
    if not tag or len(tag) > MAX_TAG_CHARS or " " in tag or tag in NOISE or (
            tag in PLAIN and not named):
        return None
    if re.fullmatch(r"[\d.x*vV+-]+", tag) or tag.startswith("[redacted") or "redacted:" in tag:
        return None                                   # versions, numbers, redaction markers
    if not re.search(r"[a-z]", tag) or len(tag) < 2:
        return None
    return tag


def tags_for(text: str, category: str) -> tuple[str, ...]:
    """``category`` first, then up to four subjects of ``text`` (see the module docstring)."""
    tags = [category]
    text = REDACTION_MARKER.sub(" ", text)

    def add(raw: str, named: bool = False) -> None:
        tag = _clean(raw, named)
        if tag and tag not in tags and len(tags) < MAX_TAGS:
            tags.append(tag)

    for match in CODE_SPAN.finditer(text):
        name = CODE_NAME.match(match.group(1).strip())   # `quantize(Decimal('0.01'))` → quantize
        if name:
            add(name.group(0))
    for match in FILE_OR_PATH.finditer(text):
        add(match.group(0))
    for match in VERSIONED.finditer(text):
        name = match.group(1) or match.group(2)
        if name and (name[0].isupper() or name.lower() not in PLAIN):
            add(name, named=True)                     # "Go 1.23": go is the subject here
    for match in NAME.finditer(CODE_SPAN.sub(" ", text)):
        add(match.group(0))
    if len(tags) < 4:                                 # few names: the statement's own words
        for word in WORD.findall(CODE_SPAN.sub(" ", text)):
            lowered = word.lower()
            if (len(lowered) >= 4 and ACRONYM_OK.match(lowered) and lowered not in PLAIN
                    and not lowered.endswith("ed")):         # "partitioned", "started": verbs
                add(lowered)
            if len(tags) >= 4:
                break
    return tuple(tags)
