"""An imperative about one thing at hand (a task) versus one about a kind of thing (a rule).

"Set the timeout in config/settings.py to 45 seconds", "delete the
`legacy_export` function", "bump pydantic to 2.7 in requirements.txt": each
names a concrete value, which is what makes "start method names with 'md_'" a
rule worth keeping — but each is an edit to be made once. What tells them
apart is what the imperative is *about*:

* a rule is about a kind of thing: a plural or quantified object ("private
  helper names", "new migrations", "all methods", "every module") or place ("to
  your functions", "on request handlers"), a general
  word (always, never, everywhere, from now on), or a naming pattern
  (start/end/prefix/suffix names with …);
* a setting given a new value *with its reason* ("move the compaction to 03:30,
  the backup window is at 2") is a standing change;
* an editing verb with no object, only the way or the place ("deploy with `make
  ship`", "release from main"), says how it is always done;
* a task is about one thing: an editing verb (set, change, bump, delete,
  replace, merge, write, call, …) whose object is one thing — "the timeout",
  "a `--dry-run` flag", a quoted name, a file — or whose place is one file, and
  nothing in the sentence generalises it.

Imperatives that carry no editing verb ("use `orjson` in the export endpoint",
"keep functions short") are left to the other rules: whether "use X there" is
a standing choice is not something the sentence's shape says.
"""

from __future__ import annotations

import re


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I | re.X)


EDIT = _re(r"""^(?:(?:ok(?:ay)?|so|now|then|and|also|just|great|cool|perfect|right)[,.!]?\s+)*(?:please\s+)?
    (?:set|change|bump|delete|remove|replace|rename|merge|revert|update|fix|add|create|write|call|
    point|paste|rerun|re-run|open|close|push|tag|split|extract|inline|wrap|drop|install|upgrade|
    downgrade|enable|disable|turn|move|make(?!\s+(?:sure|it\s+a|a\s+habit|a\s+point))|implement|refactor|clean\s+up|regenerate|rebuild|
    restart|reset|comment\s+out|uncomment|edit|patch|apply|cherry-pick|squash|rebase|deploy|ship|
    release|publish|run)\b\s*(?P<rest>.*)$""")
# Words that make any instruction general.
GENERAL = _re(r"""\b(?:always|never|every|each|all|any|whenever|everywhere|from\s+now\s+on|going\s+forward|
    moving\s+forward|by\s+default|in\s+general|consistently|no\s+matter|even\s+if|regardless|
    in\s+future|in\s+the\s+future|as\s+a\s+rule|new)\b""")
# A naming rule: "start names with", "prefix flags with", "name files after".
NAMING = _re(r"\b(?:start|begin|end|prefix|suffix|prepend|append)\w*\b.{0,40}\bwith\b|\bname\w*\b.{0,40}\bafter\b")
# The object's head: words up to a preposition, a comma or a clause.
OBJECT_END = _re(r"\s+(?:to|in|into|on|at|from|for|with|by|before|after|when|once|so|and|but|because|as|"
                 r"since|if|until|under|over|via|through|inside|instead)\b|[,;:.!(—–-]\s|$")
PLURAL = re.compile(r"[a-z]{3,}(?<!ss)(?<!us)(?<!is)s$", re.I)
CONCRETE = re.compile(r"`[^`]+`|'[^'\s]+'|\"[^\"\s]+\"|\b[\w-]+\.(?:py|js|ts|tsx|json|toml|ya?ml|md|sh|go|"
                      r"rs|java|rb|sql|cfg|ini|lock|txt|env|kt|swift|c|h|cpp)\b|\b\d+(?:\.\d+)*\b|/\w")
# Where it applies, when that is a kind of thing: "to your functions", "on request handlers".
TARGETS = _re(r"""\b(?:to|on|in|for|across|of|with|inside)\s+(?:all\s+)?(?:your|our|the|my|its|their)?\s*
    (?:[a-z]+\s+)?[a-z]{3,}(?<!ss)(?<!us)(?<!is)s\b(?!\.\w)""")
# No object, only the way or the place: "deploy with…", "release from main", "run on CI".
HOW = _re(r"^(?:with|using|via|through|from|on|off|in|into|at|by|under|over|only|manually|locally)\b")
PLAIN = re.compile(r"^[a-z]+$")
# "move the compaction to 03:30 UTC, the S3 backup window is at 2 and they fight": a setting
# given a new value with the reason it has to be so — a standing change, not a chore.
REASONED_CHANGE = _re(r"""^(?:(?:and|also|so|then|ok(?:ay)?)[,.]?\s+)*(?:please\s+)?(?:move|change|set|bump|raise|
    lower|increase|decrease|reduce|shift|switch)\b.{1,60}?\bto\s+\S.*?
    (?:\b(?:because|since|so\s+that|otherwise|to\s+avoid|due\s+to|as\s+(?:the|it|they))\b
     |,\s+(?:the|our|it|they|this|that|those|these)\b[^,]{0,60}?\b(?:is|are|has|have|does|[a-z]{3,}s)\b)""")
SPECIFIC = _re(r"^(?:the|this|that|my|our|a|an|one)\b")
# "The FindObjectOfType has to go anyway": one named thing is to be removed.
HAS_TO_GO = _re(r"^(?:(?:oh|ah|and|so|also)[,.]?\s+)*(?:the|this|that|these|those)\b[^,;]{1,60}?"
                r"\b(?:has|have|needs?)\s+to\s+go\b")


# "Release branches are named…", "Test data lives in…": the verb-like first word is a noun,
# the subject of a statement, not an imperative.
NOUN_SUBJECT = _re(r"^(?:please\s+)?\w+(?:\s+[\w-]+)?\s+(?:is|are|was|were|gets?|lives?|goes|go|stays?)\b")


def is_one_off(sentence: str) -> bool:
    """An edit to one thing (see the module docstring)."""
    if HAS_TO_GO.match(sentence.strip()):
        return True
    match = EDIT.match(sentence.strip())
    if match is None or GENERAL.search(sentence) or NAMING.search(sentence) or (
            NOUN_SUBJECT.match(sentence.strip()) and not sentence.lower().startswith("please")):
        return False
    rest = match.group("rest").strip()
    if not rest or HOW.match(rest):
        return False                     # "deploy with `make ship`": how it is always done
    end = OBJECT_END.search(rest)
    obj = rest[:end.start()] if end else rest
    words = obj.split()
    if REASONED_CHANGE.match(sentence.strip()):
        return False                     # a new value for a standing setting, and why
    if words and PLAIN.match(words[-1]) and PLURAL.search(words[-1]) and not SPECIFIC.match(obj):
        return False                     # "pin base images by digest": a kind of thing
    if TARGETS.search(rest):
        return False                     # "add the '@traced' decorator to your handlers"
    return bool(SPECIFIC.match(obj) or CONCRETE.search(obj) or CONCRETE.search(rest)
                or not words)
