"""Is a new statement a copy of an old one, an update of it, or about something else?

When both statements fill a slot (``aegis.slots``: a naming position, a practice
or an import for one kind of code object, or "use X as <role>"), the slots decide
(``_slot_relation``): one value per naming position or role, so a new value is an
update however it is worded; practices are additive, so the same value again is a
restatement and another value is distinct; another target or aspect is distinct.
A statement that names no code object but applies exactly a slot's value ("Use
'wr_' from now on") is read as that slot. Otherwise:

Memories are compared by **subject** and **values**. The values are what a
rule sets — quoted names, code, decorators, file names, versions, numbers,
CamelCase/CAPS names; the subject is the rest of the main clause (the reason
after "because"/"so that"/"to help…" is cut off), as stemmed content words
without framing ("always", "from now on", "please", "we", …).

* **duplicate**: same subject (one's words contain the other's), same values,
  same polarity, and the new one says nothing the old one lacks anywhere in its
  text — strengthen the old memory instead of adding a copy. A restatement that
  adds something (a second clause after ";", a reason) is an **update** when it
  also says everything the old one did, else distinct: merging it would lose
  what it added;
* **update**: the new one replaces the old —
  - it says so: "instead of X", "rather than X", "no longer X", "not X",
    "replacing X", "switch from X" naming something the old one states, on a
    shared subject; or
  - same subject, a different value in the one slot that changed ("start
    function names with 'c_'" after "… with 'b_'"), unless both *add* something
    ("add the '@timer' decorator to all functions" does not undo "@count_calls");
    when two values change ("run `check-3` before touching module_3.py" after
    `check-2`/module_2.py) it is another subject; or
  - same subject and values, opposite polarity ("never use X" → "always use X");
* otherwise **distinct**: kept side by side. Subjects that each have a word the
  other lacks ("the billing service…", "the search service…") never merge.

Pure functions over text, so capture, ``memory_save`` and the CLI share them.
"""

from __future__ import annotations

import re

from aegis import lazy_pattern
from aegis.capture.named import BARE_NAME
from aegis.slots import ROLE, Slot, loose_value, negated, slot
from aegis.text import STOPWORDS, words

DUPLICATE, UPDATE = "duplicate", "update"
MIN_SUBJECT = 2                 # fewer subject words than this: too vague to replace anything
# Words that frame a statement rather than say what it is about.
FRAMING = frozenset("""
now instead longer anymore always never from going forward moving onwards onward please must
should shall need needs want wants like would i we you our your my us team everyone all every each
make sure ensure remember note keep mind also just really important crucial essential rule rules
convention conventions standard standards practice practices decided decide agreed switched switch
moved migrated replaced changed change update updated updating actually new follow following
ll ve re d s m set sets bump bumped raise raised lower lowered increase increased decrease
decreased let let's lets go code codebase
understood noted okay ok got sure alright decision decisions fyi
""".split())
NOT_CONTENT = STOPWORDS | FRAMING
# Words for the same slot of a naming rule, and for putting something into code.
SYNONYMS = {"begin": "start", "prefix": "start", "suffix": "end", "finish": "end",
            "append": "end", "prepend": "start",
            "includ": "add", "incorporat": "add", "insert": "add", "put": "add", "attach": "add"}
# Where a sentence's reason starts; the briefing cuts a rule there (``briefing_lines``).
REASON_WORDS = (r"because|so that|so we|since|in order to|"
                r"to (?:help|maintain|ensure|keep|make|improve|avoid|easily|quickly|"
                r"distinguish|identify|stay|track|catch|prevent|reduce)")
REASON = re.compile(rf"\b(?:{REASON_WORDS})\b", re.I)
# ... and, for comparing subjects only, whatever else is not the rule itself.
RATIONALE = re.compile(rf"\b(?:{REASON_WORDS}|as it|as this|which)\b"
                       r"|\b(?:as in|for example|for instance|e\.g\.|such as)\b"   # examples set nothing
                       r"|\bso\s+\w+\s+(?:is|are|gets?|can|will|stays?|don't|doesn't|won't)\b"
                   r"|;\s|\s[—–]\s", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A redaction marker (aegis.redact.MARKER) stands where a secret was: it is about no subject.
REDACTED = re.compile(r"\[REDACTED:[\w-]+\]")
# (a hyphenated name with a digit is one value: eu-west-1, node-20, t3-large)
VALUE = re.compile(r"`[^`]+`|(?<!\w)'[^'\s][^']{0,40}'(?!\w)|\"[^\"]{1,40}\"|@[\w.]+"
                   r"|\b(?=[\w-]*\d)[A-Za-z]\w*(?:-\w+)+\b|\b\w+_\w*\b|\b_\w+"
                   r"|\b[\w-]+\.[A-Za-z]{1,5}\b|\bv?\d+(?:\.\d+)*\b|\b[A-Z][a-z]+[A-Z]\w*\b"
                   r"|\b[A-Z][A-Z0-9]{1,}\b|(?<=[a-z,;:] )[A-Z][a-z]+\b"
                   r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|"
                   r"thirty|hundred|thousand)\b")
NEGATION = lazy_pattern.compile(r"\b(?:never|don'?t|do not|no longer|not|stop|avoid|without)\b", re.I)
EXPLICIT = lazy_pattern.compile(r"(?:\b(?:instead of|rather than|in place of|no longer(?: us(?:es?|ing))?)"
                      r"|,\s*not(?!\s+(?:only|just|merely)\b)|\b"
                      r"replac(?:e|es|ed|ing)|switch(?:ed|ing)? from|moved? (?:away )?from|"
                      r"migrat(?:e|ed|ing) from|stop using)\s+((?:\S+\s*){1,3})", re.I)
CHANGE = lazy_pattern.compile(r"\b(?:now|from now on|going forward|moving forward|instead|no longer|anymore|"
                    r"switch(?:ed|ing)?|mov(?:e|ed|ing)|migrat(?:e|ed|ing)|changed|updated?)\b", re.I)
ADDITIVE = lazy_pattern.compile(r"\b(?:add|adds|adding|include|includes|including|import|imports|importing|"
                      r"also|as well|both)\b|\btoo\s*[.!]?\s*$", re.I)


def _stem(word: str) -> str:
    if len(word) > 4:
        word = re.sub(r"(?:ing|ed|es|s)$", "", word)
        word = re.sub(r"([bdfgklmnprt])\1$", r"\1", word)    # committ(ing), wrapp(ed)
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


def main_clause(text: str) -> str:
    """Each sentence of ``text`` up to its reason ("because…", "to help…")."""
    kept = []
    for sentence in SENTENCE_END.split(REDACTED.sub("", text)):
        match = RATIONALE.search(sentence, 12)
        kept.append(sentence[:match.start()] if match else sentence)
    return " ".join(kept)


def values(text: str) -> frozenset[str]:
    """The concrete values ``text`` sets, normalised (quotes, @ and case dropped): the
    patterns above, and a tool's bare name ("use ruff for", ``capture.named.BARE_NAME``)."""
    found = set()
    clause = main_clause(text)
    for match in VALUE.finditer(clause):
        value = match.group(0).strip("`'\"@ ,.;:").lower()
        if value:
            found.add(value)
    found.update(match.group(1).lower() for match in BARE_NAME.finditer(clause))
    return frozenset(found)


def subject(text: str) -> frozenset[str]:
    clause = main_clause(text)
    value_words = {w for v in values(text) for w in words(v)}
    return frozenset(SYNONYMS.get(w) or SYNONYMS.get(_stem(w), _stem(w)) for w in words(clause)
                     if w not in STOPWORDS and w not in FRAMING and w not in value_words
                     and (len(w) > 1 or w.isdigit()))


def content(text: str) -> frozenset[str]:
    """The stemmed content words of the whole of ``text``, reason and clauses included."""
    return frozenset(SYNONYMS.get(w) or SYNONYMS.get(_stem(w), _stem(w))
                     for w in words(REDACTED.sub(" ", text))
                     if not {w, w[:-1] if w.endswith("s") else w} & NOT_CONTENT
                     and (len(w) > 1 or w.isdigit()))


def negative(text: str) -> bool:
    return bool(NEGATION.search(main_clause(text)))


# Where what a replacement names ends: punctuation before a space ("lubridate::week()" is one name).
CHUNK_END = re.compile(r"[,.;:!?](?:\s|$)")


# "The error came from X using A instead of B": what went wrong, told, replaces nothing.
TOLD_CAUSE = re.compile(r"\b(?:came|stemmed|was|were|happened|broke|failed|crashed)\b"
                        r"|^\s*(?:the\s+)?(?:root\s+cause|cause|bug|problem|issue)\b", re.I)


def _replaced_chunks(new: str) -> list[list[str]]:
    """The content words after each "instead of", ", not", … of ``new``, in order (not
    after a cause told in the past, which says what the code did wrong)."""
    chunks = []
    for match in EXPLICIT.finditer(new):
        sentence_start = new.rfind(". ", 0, match.start()) + 1        # 0 in the first
        if TOLD_CAUSE.search(new, sentence_start, match.start()):
            continue
        chunk = CHUNK_END.split(match.group(1) + " ")[0]
        chunk_words = [w.strip("`'\"@()").lower() for w in chunk.split()]
        chunks.append([w for w in chunk_words if w and w not in STOPWORDS])
    return chunks


def explicitly_replaced(new: str) -> frozenset[str]:
    """What ``new`` says it replaces: the words after "instead of", "not", …"""
    return frozenset(w for chunk in _replaced_chunks(new) for w in chunk)


def _forbidden(word: str, text: str) -> bool:
    """``text`` rules ``word`` out ("never lubridate::week()", "don't use npm"): saying it is
    replaced agrees with ``text`` rather than updating it."""
    at = text.lower().find(word)
    return at >= 0 and bool(NEGATION.search(" ".join(text[:at].split()[-3:])))


CLAUSE_BREAK = lazy_pattern.compile(r";\s+|(?<=[.!?])\s+")
LEANS_BACK = lazy_pattern.compile(r"(?:it|its|this|that|these|those|they|them|which|so|because|but|and|"
                        r"then|also|there)\b", re.I)


def carried(old: str, new: str) -> str | None:
    """What of ``old`` must outlive its replacement by ``new``: its other clauses (after
    ";" or in another sentence) that stand on their own, are not said by ``new`` and are
    not themselves replaced by it. "We deploy with make ship; staging uses the blue
    cluster", replaced by "we now deploy with make release", keeps "staging uses the
    blue cluster". A clause that leans on the replaced one ("it needs VPN access") goes
    with it: what "it" was is gone."""
    clauses = [c.strip() for c in CLAUSE_BREAK.split(old) if c.strip()]
    said_again = content(new)
    kept = []
    for clause in clauses[1:]:
        own = content(clause)
        if (len(own) < MIN_SUBJECT or LEANS_BACK.match(clause) or own <= said_again
                or relation(new, clause) is not None):
            continue
        kept.append(clause.rstrip(".;"))
    if not kept:
        return None
    text = "; ".join(kept)
    return text[0].upper() + text[1:] + "."


CAUSE_OR_FIX = re.compile(r"^\s*(?:(root\s+cause|cause)|(?:the\s+)?(fix(?:ed)?))\s*[:—–-]", re.I)


def _label(text: str) -> str:
    match = CAUSE_OR_FIX.match(text)
    return "" if match is None else "cause" if match.group(1) else "fix"


def _wording(text: str) -> list[str]:
    """The content words of ``text`` in order, whatever quotes or backticks it puts them in."""
    return [w for w in words(REDACTED.sub(" ", text)) if w not in NOT_CONTENT]


def _restated(new: str, old: str) -> bool:
    """``new`` says again what ``old`` says, and no more: the same words in the same order
    ("We deploy with `make ship`." after "We deploy with make ship"), or only some of its
    values and words ("Decision: we use pnpm." after "we use pnpm instead of npm")."""
    if negative(new) != negative(old):
        return False
    if _wording(new) == _wording(old):
        return True
    # what ``old`` names beyond ``new`` must be what it says it replaces ("instead of npm"),
    # not another choice ("like GitHub or BitBucket, … start using GitLab")
    values_new, values_old = values(new), values(old)
    return (bool(values_new) and values_new <= values_old and content(new) <= content(old)
            and values_old - values_new <= explicitly_replaced(old))


def relation(new: str, old: str) -> str | None:
    """DUPLICATE, UPDATE (``new`` replaces ``old``) or None (distinct).

    A restatement (``_restated``) is a duplicate, and one that says more replaces
    what it restates. When both fill a slot
    (``aegis.slots``: a naming position of one kind of code object, a practice
    applied to it, a role) the slots decide; otherwise subjects and values do (the
    module docstring)."""
    if {_label(new), _label(old)} == {"cause", "fix"}:
        return None                 # "Root cause: X without Y" and "Fix: X now has Y" are two things
    if _restated(new, old):
        return DUPLICATE
    if _restated(old, new):
        return UPDATE               # says it all, and more: the fuller one stays
    clause_new, clause_old = main_clause(new), main_clause(old)
    slot_new, slot_old = slot(new, clause_new), slot(old, clause_old)
    if slot_new is None and slot_old is not None and slot_old.aspect != ROLE:
        slot_new = _inherited(new, clause_new, slot_old)
    elif slot_old is None and slot_new is not None and slot_new.aspect != ROLE:
        if _inherited(old, clause_old, slot_new) is not None:
            # the old one left the target unsaid, the new one names it: the fuller stays
            return UPDATE
    if slot_new is not None and slot_old is not None:
        return _slot_relation(new, old, slot_new, slot_old)
    return _subject_relation(new, old)


def _inherited(text: str, clause: str, other: Slot) -> Slot | None:
    """``other``'s slot for a ``text`` that names no code object but applies exactly
    ``other``'s value ("Use 'wr_' from now on" after "start variable names with
    'wr_'"): the same rule with its target left unsaid."""
    said = loose_value(text, clause)
    if said and said <= other.value:
        return other
    return None


def _slot_relation(new: str, old: str, slot_new: Slot, slot_old: Slot) -> str | None:
    replaced = explicitly_replaced(new)
    if (slot_new.aspect == slot_old.aspect and slot_new.target == slot_old.target
            and slot_old.value & replaced and not (slot_new.value - replaced) & slot_old.value):
        return UPDATE               # "add '@timed' instead of '@audited'"
    if not slot_new.same_slot(slot_old):
        return None
    if negated(main_clause(new)) != negated(main_clause(old)):
        return UPDATE
    if slot_new.single and slot_new.value != slot_old.value:
        return UPDATE               # a new value for a position that holds one
    added, kept = content(new) - content(old), content(old) - content(new)
    if added and not kept:
        return UPDATE               # says it all, and more: the fuller one stays
    return DUPLICATE                # the same rule in other words: strengthen it


def _subject_relation(new: str, old: str) -> str | None:
    subject_new, subject_old = subject(new), subject(old)
    values_new, values_old = values(new), values(old)
    shared = subject_new & subject_old
    if not shared:
        return None
    # What the new one says it replaces must be what the old one names (the first word
    # after "instead of"/"not": "not the in-memory map one" replaces no "map"), and not
    # something the old one itself rules out.
    old_value_words = set(values_old) | {w for v in values_old for w in words(v)}
    replaced = {chunk[0] for chunk in _replaced_chunks(new) if chunk}
    hit = {w for w in replaced if (w in old_value_words or _stem(w) in subject_old)
           and not _forbidden(w, old)}
    rest_of_new = subject(EXPLICIT.sub(" ", new))
    if {w for w in hit if _stem(w) not in rest_of_new and w not in values_new - replaced}:
        return UPDATE
    related = subject_new <= subject_old or subject_old <= subject_new
    # One shared word is enough only when the new one says it changes something, or it
    # names another tool for exactly the same job ("we use ruff for formatting" after black).
    swapped = subject_new == subject_old and len(values_new - values_old) == 1 \
        and len(values_old - values_new) == 1 and not ADDITIVE.search(main_clause(new))
    same = subject_new == subject_old and values_new == values_old and bool(values_new)
    least = 1 if CHANGE.search(new) or swapped or same else MIN_SUBJECT
    if not related or min(len(subject_new), len(subject_old)) < least:
        return None
    if values_new == values_old:
        if negative(new) != negative(old):
            return UPDATE
        added, kept = content(new) - content(old), content(old) - content(new)
        if not added:
            return DUPLICATE
        return None if kept else UPDATE
    if len(values_new - values_old) == 1 and len(values_old - values_new) == 1:
        if ADDITIVE.search(main_clause(new)) and ADDITIVE.search(main_clause(old)):
            return None              # another decorator to add, not a different one
        return UPDATE                # one slot, a new value; two changed: another subject
    return None
