"""The slot a rule fills: what it is about, apart from how it is worded.

A rule about code says which **kind of code object** it applies to (methods,
functions, function arguments, classes, attributes, variables, imports…), which
**aspect** of it (the start of its names, their end, their case, something they
contain, or a practice applied to it: a decorator, docstrings, try statements)
and a **value** ('md_', '@validate', snake_case). The slot is (target, aspect):

* a naming position (``start``, ``end``, ``case``) holds one value at a time — a
  new value replaces the old one however it is worded ("Append '_md' to all
  method names" after "End all method names with '_p'");
* a practice or a contained string is additive — another decorator does not undo
  the first — so there the value is part of the slot, and saying the same value
  again ("Include the '@validate' decorator in all method definitions" after
  "Always add the '@validate' decorator from 'pedantic' to all methods") is a
  restatement;
* different targets are different slots, even when one name contains the other
  ("function argument names" are not "function names", "method names" are not
  "methods").

The target is the head of the noun phrase: "function argument names" is about
arguments, "class attribute names" about attributes. The aspect comes first from
the value's own shape ('x_' is a prefix, '_x' a suffix), else from the verb.

Outside code, one shape is as structural: "use <X> as <role>" ("a Windows laptop
as your primary machine", "Postgres as the main database"): the role is the
slot, held by one thing at a time.

``slot(text)`` returns None when the text is neither shape; ``aegis.supersede``
then compares subjects and values as before.
"""

from __future__ import annotations

import re

from aegis import lazy_pattern
from aegis.text import STOPWORDS, words

_lazy = lazy_pattern.compile            # compiled on first use: the briefing imports this

START, END, CASE, CONTAIN, PRACTICE, IMPORT, ROLE = (
    "start", "end", "case", "contain", "practice", "import", "role")
SINGLE = frozenset({START, END, CASE, ROLE})       # aspects that hold one value at a time
# What a practice in plain words ("docstrings", "try statements") can be about: the
# things code defines. A rule on tests, files or tables in plain words is left to the
# subject comparison, where "run only the X scheme" and "record on one simulator" differ.
DEFINITIONS = frozenset({"function", "method", "class"})

# Kinds of code object, singular; a plural or a synonym maps to one.
CODE_NOUN = {
    "function": "function", "functions": "function", "method": "method", "methods": "method",
    "class": "class", "classes": "class", "variable": "variable", "variables": "variable",
    "attribute": "attribute", "attributes": "attribute", "argument": "argument",
    "arguments": "argument", "parameter": "argument", "parameters": "argument",
    "param": "argument", "params": "argument", "constant": "constant", "constants": "constant",
    "property": "attribute", "properties": "attribute", "field": "field", "fields": "field",
    "module": "module", "modules": "module", "file": "file", "files": "file",
    "test": "test", "tests": "test", "branch": "branch", "branches": "branch",
    "table": "table", "tables": "table", "column": "column", "columns": "column",
    "interface": "interface", "interfaces": "interface", "enum": "enum", "enums": "enum",
}
_NOUNS = "|".join(sorted(CODE_NOUN, key=len, reverse=True))
NOUN_RUN = _lazy(rf"\b(?:{_NOUNS})(?:\s+(?:{_NOUNS}))*\b", re.I)
# "every method of the ledger classes" is about methods: a qualifier after "of" is not a target.
OF_QUALIFIER = _lazy(rf"(\b(?:{_NOUNS})\s+)of\s+(?:(?:the|a|an|our|your|all|each|every)\s+)?"
                          rf"(?:[\w-]+\s+)?(?:{_NOUNS})\b", re.I)
NAMING_VERB = _lazy(rf"\bnam(?:e|ing)\s+(?:(?:all|any|every|each|the|your|our|new)\s+)*"
                         rf"((?:{_NOUNS})(?:\s+(?:{_NOUNS}))*)\b", re.I)
# A compound's head is its last code noun: "function argument names", "class attribute".
COMPOUND = _lazy(r"\b((?:(?:" + "|".join(sorted(CODE_NOUN, key=len, reverse=True))
                      + r")\s+){1,2})(?:names?|naming|identifiers?)\b", re.I)
NAMING = _lazy(r"\b(?:names?|naming|named|identifiers?)\b", re.I)
CASE_STYLE = [
    ("camel", _lazy(r"\b(?:camel\s?case|pascal\s?case|camelcase|pascalcase)\b", re.I)),
    ("snake", _lazy(r"\bsnake[\s_]?case\b", re.I)),
    ("kebab", _lazy(r"\bkebab[\s-]?case\b", re.I)),
    ("upper", _lazy(r"\b(?:upper\s?case|upper-case|all caps|capital letters|"
                         r"screaming[\s_]snake)\b", re.I)),
    ("lower", _lazy(r"\blower\s?case\b", re.I)),
]
# "start ending …", "start using …": "start" frames the gerund after it.
FRAMING_START = _lazy(r"\b(?:start|begin)(?:s|ed)?\s+(?=\w+ing\b)", re.I)
START_WORD = _lazy(r"\b(?:start|starts|begin|begins|prefix(?:ed|es)?|prepend(?:ed)?|"
                        r"precede[ds]?|lead(?:ing)? with)\b", re.I)
END_WORD = _lazy(r"\b(?:end|ends|ending|suffix(?:ed|es)?|append(?:ed)?|finish(?:es)?|"
                      r"terminate[ds]?)\b", re.I)
QUOTED = _lazy(r"`([^`]{1,40})`|(?<!\w)'([^'\s][^']{0,40})'(?!\w)|\"([^\"]{1,40})\""
                    r"|(?<![\w'])@([A-Za-z_][\w.]*)")
# Provenance names no slot: "the '@retry' decorator from the 'pedantic' module".
PROVENANCE = _lazy(r"\bfrom\s+(?:the\s+)?(?:'[^'\s]+'|\"[^\"\s]+\"|`[^`\s]+`"
                   r"|\S+(?=\s+(?:module|package|library)\b))(?:\s+(?:module|package|library)\b)?",
                   re.I)
DIGIT = _lazy(r"\b(?:digits?|numbers?|numerals?)\b", re.I)
IMPORT_WORD = _lazy(r"\bimports?\b|\bimporting\b", re.I)
# Words that frame or carry a practice without saying which one it is.
PRACTICE_FRAMING = frozenset("""
always never add adding adds include including includes incorporate incorporating use using uses
make sure ensure get habit focus emphasize emphasise importance important crucial essential key
practice practices please want need like would consistently consistent going forward now from
start starting begin code write writing written every each all any your our my new also well
statement statements definition definitions declaring declare declared define defining defined
one specific highlight remember note keep mind strongly recommend recommended encourage
implementation implementations block blocks body bodies python scripts script proper properly
clear concise good thorough detailed
""".split())
# "use <X> as <role>": the role phrase up to the clause's end or its reason.
ROLE_SHAPE = _lazy(r"\b(?:use|using|uses|used|set up|switch to|switching to|move to|"
                        r"moving to|transition to|adopt|pick|picked|choose|chose|keep|treat)\s+"
                        r"(?P<value>(?:[\w.'-]+\s+){0,5}?[\w.'-]+)\s+as\s+(?:the\s+|your\s+|our\s+|"
                        r"my\s+|a\s+|an\s+)?(?P<role>(?:[\w-]+\s+){0,3}[\w-]+)", re.I)
NOT_ROLE = _lazy(r"^(?:well|soon|long|much|many|far|if|though|needed|possible|usual|"
                      r"before|always|a prefix|a suffix|prefix|suffix)\b", re.I)
ROLE_END = _lazy(r"\s+(?:from|for|going|moving|when|while|because|since|so|to|and|but|"
                      r"instead|now|in|on|at)\b.*$", re.I)
ROLE_SYNONYMS = {"main": "primary", "principal": "primary", "default": "primary",
                 "computer": "machine", "laptop": "machine", "desktop": "machine",
                 "workstation": "machine"}
NEGATION = _lazy(r"\b(?:never|don'?t|do not|no longer|not|stop|avoid|without)\b", re.I)
VALUE_FILLER = frozenset("a an the one of my your our their this that new".split())


class Slot:
    """``target``: kinds of code object, or the role's words; ``aspect``: START, END,
    CASE, CONTAIN, PRACTICE, IMPORT or ROLE; ``value``: what fills it ({"md_"},
    {"validate"}, {"docstring"}). (A plain class: the briefing hook imports this
    module and must not pay for ``dataclasses``.)"""

    __slots__ = ("target", "aspect", "value", "quoted")

    def __init__(self, target: frozenset[str], aspect: str, value: frozenset[str],
                 quoted: bool = True):
        self.target, self.aspect, self.value = target, aspect, value
        self.quoted = quoted            # the value is quoted names, not plain words

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Slot) and (self.target, self.aspect, self.value) == (
            other.target, other.aspect, other.value)

    def __hash__(self) -> int:
        return hash((self.target, self.aspect, self.value))

    def __repr__(self) -> str:
        return f"Slot({sorted(self.target)}, {self.aspect}, {sorted(self.value)})"

    @property
    def single(self) -> bool:
        return self.aspect in SINGLE

    def same_slot(self, other: "Slot") -> bool:
        """One slot: same target and aspect; for additive aspects, a shared value too."""
        if self.aspect != other.aspect:
            return False
        if self.aspect == ROLE:         # "primary machine" is "your primary work machine"
            small, large = sorted((self.target, other.target), key=len)
            if not (small == large or (len(small) >= 2 and small <= large)):
                return False
        elif self.target != other.target:
            return False
        if self.single:
            return True
        if self.quoted and other.quoted:
            return bool(self.value & other.value)   # the '@validate' decorator, restated
        small, large = sorted((self.value, other.value), key=len)
        return bool(small) and small <= large       # "try statements" in "try statements to…"


def _singular(word: str) -> str:
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _quoted(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in QUOTED.finditer(text)]


def slot(text: str, clause: str | None = None) -> Slot | None:
    """The slot ``text`` fills (see the module docstring), or None. ``clause`` is its
    main clause, the reason cut off (``aegis.supersede.main_clause``)."""
    clause = text if clause is None else clause
    clause = OF_QUALIFIER.sub(r"\1", PROVENANCE.sub(" ", clause))
    code = _code_slot(clause)
    return code if code is not None else _role_slot(clause)


def _code_slot(clause: str) -> Slot | None:
    names = [q.strip("@").lower() for q in _quoted(clause)]
    if IMPORT_WORD.search(clause) and names:
        return Slot(frozenset({"import"}), IMPORT, frozenset(names))
    # "when naming function arguments, start the variable name with 'e_'": the frame that
    # says what is being named decides; a loose noun inside the rule does not add a target
    naming_targets = ([_head(m.group(1)) for m in NAMING_VERB.finditer(clause)]
                      or [_head(m.group(1)) for m in COMPOUND.finditer(clause)])
    case = next((style for style, pattern in CASE_STYLE if pattern.search(clause)), None)
    nouns = [_head(m.group(0)) for m in NOUN_RUN.finditer(clause)]
    shaped = any(n.strip("_") and (n.endswith("_") != n.startswith("_")) for n in names)
    if case is not None and not (shaped and (naming_targets or nouns)):
        targets = naming_targets or nouns     # "a lower case 'p_' prefix" is a prefix
        return Slot(frozenset(targets), CASE, frozenset({case})) if targets else None
    if naming_targets or ((NAMING.search(clause) or shaped) and nouns):
        # "all attributes … end with '_j'": a prefix- or suffix-shaped value is a name part
        targets = frozenset(naming_targets or nouns)
        return _naming_slot(clause, targets, names)
    if not nouns or not (names or set(nouns) <= DEFINITIONS):
        return None             # "run only the Security tests scheme": not a practice slot
    practice = _practice_words(clause, names)
    if not practice:
        return None
    return Slot(frozenset(nouns), PRACTICE, practice, quoted=bool(names))


def _head(compound: str) -> str:
    return CODE_NOUN[compound.split()[-1].lower()]


def _naming_slot(clause: str, targets: frozenset[str], names: list[str]) -> Slot | None:
    pieces = [n for n in names if n.strip("_")]
    for name in pieces:
        if name.endswith("_") and not name.startswith("_"):
            return Slot(targets, START, frozenset({name}))
        if name.startswith("_") and not name.endswith("_"):
            return Slot(targets, END, frozenset({name}))
    said = FRAMING_START.sub(" ", clause)
    if DIGIT.search(said) and not pieces:
        return Slot(targets, CONTAIN, frozenset({"digit"}))
    if not pieces:
        return None
    if END_WORD.search(said):
        return Slot(targets, END, frozenset(pieces[:1]))
    if START_WORD.search(said):
        return Slot(targets, START, frozenset(pieces[:1]))
    return Slot(targets, CONTAIN, frozenset(pieces[:1]))


def loose_value(text: str, clause: str | None = None) -> frozenset[str]:
    """What ``text`` applies when it names no code object ("Incorporate the '@validate'
    decorator consistently", "Use 'wr_' from now on"): its quoted names, else its words
    — compared with a slot's value, so a restatement that drops the target still meets
    the rule it restates."""
    clause = PROVENANCE.sub(" ", text if clause is None else clause)
    return _practice_words(clause, [q.strip("@").lower() for q in _quoted(clause)])


def negated(clause: str) -> bool:
    """A negation before the rule's first quoted value, or anywhere when it has none:
    "never use 'x_'" is negative, "import 'locale', even if you don't use it" is not."""
    quoted = QUOTED.search(clause)
    return bool(NEGATION.search(clause[:quoted.start()] if quoted else clause))


def _practice_words(clause: str, names: list[str]) -> frozenset[str]:
    """What is applied to the code object: its quoted names ('@validate'), else its
    own words ("docstrings", "try statements", "type annotations")."""
    if names:
        return frozenset(names)
    kept = set()
    for word in words(clause):
        if word in STOPWORDS or word in PRACTICE_FRAMING or word in CODE_NOUN or len(word) < 3:
            continue
        kept.add(_singular(word))
    return frozenset(kept)


def _role_slot(clause: str) -> Slot | None:
    for match in ROLE_SHAPE.finditer(clause):
        role_text = ROLE_END.sub("", match.group("role"))
        if NOT_ROLE.match(role_text):
            continue
        role = frozenset(ROLE_SYNONYMS.get(w, w) for w in (_singular(w) for w in words(role_text))
                         if w not in STOPWORDS)
        value = frozenset(_singular(w) for w in words(match.group("value"))
                          if w not in VALUE_FILLER and w not in STOPWORDS)
        if role and value:
            return Slot(role, ROLE, value)
    return None
