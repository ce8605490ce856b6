"""From a message's raw text to clean prose sentences.

What never reaches extraction: ``<private>…</private>`` (removed first, even
unclosed), Claude Code's machinery tags (system reminders, slash-command
echoes, local command output), fenced and indented code, and lines that look
like pasted logs, stack traces, shell sessions or tables. Sentence splitting
only breaks at ``.``/``!``/``?`` followed by whitespace, and protects
abbreviations (``e.g.``) and inline code spans, so ``session.py``, ``v1.2.3``
and URLs stay whole.
"""

from __future__ import annotations

import re
from typing import Callable

MAX_MESSAGE_CHARS = 20_000

PRIVATE = re.compile(r"<private\b[^>]*>.*?(?:</private\s*>|\Z)", re.S | re.I)
MACHINE_TAGS = re.compile(
    r"<(system-reminder|command-name|command-message|command-args|command-contents|"
    r"local-command-stdout|local-command-stderr|local-command-caveat|bash-input|bash-stdout|"
    r"bash-stderr|user-prompt-submit-hook|task-notification|ide_selection|ide_opened_file|"
    r"function_results|thinking)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.S | re.M)
LOG_LINE = re.compile(r"""^\s*(?:
      \d{4}-\d\d-\d\d[ T]\d\d:\d\d          # timestamped log lines
    | \[?\d\d:\d\d:\d\d
    | \[?(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL)\b[\]:\s]
    | Traceback\ \(most\ recent
    | File\ ".*",\ line\ \d+
    | at\ [\w.$<>]+\s*\(
    | (?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning):
    | [$#%]\ | >>>\ | \.\.\.\ 
    | [|+][-=+|: ]*
    | \|
    | npm\ (?:ERR|WARN)!
    | E\s{2,}
    | [-+]{3}\ [ab/]
    | @@\ 
)""", re.X)
BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+")
HEADING = re.compile(r"^\s*#{1,6}\s")
QUOTE = re.compile(r"^\s*>\s?")
CHECKBOX = re.compile(r"^\[[ xX]?\]\s+")       # "- [ ] scalafmt ran": a checklist item
# A comment marker in front of a line of a pasted file: "// 1. parameter IDs…", "# rule".
COMMENT = re.compile(r"^\s*(?://+|#+|--|;+|/\*+|\*+/?|<!--)\s?")
# "**views/booking.py L40**: …", "**nit**: …": a bold label in front of an item names where
# or what kind it is, not what it says.
LABEL = re.compile(r"^\*\*[^*\n]{1,60}\*\*\s*:?\s+")
# "**Fix.** The pool now pings…", "**Root cause:** …": a bold label opening a paragraph says
# what the rest is, as "Fix: …" does.
BOLD_LEAD = re.compile(r"^\*\*([A-Z][\w ]{1,30}?)\s*[.:]\*\*\s+|^\*\*([A-Z][\w ]{1,30}?)\*\*\s*[.:]\s+")
INLINE_CODE = re.compile(r"`[^`\n]+`")
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "incl.", "resp.",
                 "a.m.", "p.m.", "Mr.", "Mrs.", "Ms.", "Dr.", "Inc.", "Ltd.", "Fig.", "U.S.")
ABBREVIATION = re.compile("|".join(re.escape(a) for a in ABBREVIATIONS), re.I)
SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)")
DOT_STANDIN = "\u2024"
# "check owner.sms_opt_in? before anything is sent": a method name ending in "?" (Ruby,
# Elixir), not a question — it is dotted or snake_case and the sentence goes on in lower case.
PREDICATE_NAME = re.compile(r"\b\w*[._]\w+\?(?=\s+[a-z])")
QUESTION_STANDIN = "\u2047"


def strip_private(text: str) -> str:
    return PRIVATE.sub(" ", text)


def prose(text: str, rules_intro: Callable[[str], bool] | None = None) -> str:
    """The human prose of a message: private spans, tags, code and logs removed.

    ``rules_intro``: whether a line introduces the project's rules; a fence right after
    such a line that holds only comments or list items (a pasted CONTRIBUTING excerpt)
    is read as a list instead of dropped as code."""
    text = strip_private(text[:MAX_MESSAGE_CHARS])
    text = MACHINE_TAGS.sub(" ", text)
    text = FENCE.sub(lambda match: _fence(match, rules_intro), text)
    if rules_intro is not None and "|" in text:
        text = TABLE.sub(lambda match: _table(match, rules_intro), text)
    kept = []
    for line in text.splitlines():
        if not line.strip():
            kept.append("")
        elif _is_noise(line):
            kept.append("")
        else:
            kept.append(line.rstrip())
    return "\n".join(kept)


def _fence(match: re.Match, rules_intro: Callable[[str], bool] | None) -> str:
    if rules_intro is not None:
        before = match.string[:match.start()].rstrip().rsplit("\n", 1)[-1]
        lines = [COMMENT.sub("", line).strip() for line in match.group(0).splitlines()[1:-1]]
        lines = [line for line in lines if line]
        if (lines and rules_intro(before) and all(
                COMMENT.match(line) or BULLET.match(COMMENT.sub("", line))
                for line in match.group(0).splitlines()[1:-1] if line.strip())):
            return "\n\n" + "\n".join(line if BULLET.match(line) else f"- {line}" for line in lines) + "\n\n"
    return "\n\n"


# A markdown table: a header row, its |---| rule, and body rows.
TABLE = re.compile(r"^[ \t]*\|.*\|[ \t]*\n[ \t]*\|[ \t:|-]*-[ \t:|-]*\|[ \t]*\n(?:[ \t]*\|.*\|[ \t]*(?:\n|\Z))+", re.M)
RULE_COLUMN = re.compile(r"^(?:the\s+)?(?:rules?|conventions?|standards?|polic(?:y|ies)|guidelines?|what\s+we\s+do)$", re.I)
TABLE_INTRO = "The rules in this table:"     # what a table headed "rule | why" says of itself


def _table(match: re.Match, rules_intro: Callable[[str], bool]) -> str:
    """A pasted table of rules ("| area | rule |", "| rule | why |") read as a list, one
    item per row: "triggers: one trigger per object" or "no H2 in tests — H2 hid a bug";
    any other table stays out, as a log would."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in match.group(0).splitlines() if line.strip()]
    header, body = rows[0], rows[2:]
    rule = next((i for i, cell in enumerate(header) if RULE_COLUMN.match(cell)), None)
    # the line before, past headings ("## Holt standards" under "here is our standards page:")
    before = next((line for line in reversed(match.string[:match.start()].splitlines())
                   if line.strip() and not HEADING.match(line)), "")
    introduced = rules_intro(before.rstrip())
    if rule is None and not introduced:
        return "\n\n"
    rule = len(header) - 1 if rule is None else rule
    items = []
    for cells in body:
        if len(cells) != len(header) or not cells[rule]:
            continue
        label, reason = " ".join(cells[:rule]).strip(), "; ".join(c for c in cells[rule + 1:] if c)
        label = label[:1].upper() + label[1:]
        items.append(f"- {label + ': ' if label else ''}{cells[rule]}{' — ' + reason if reason else ''}")
    intro = "" if introduced else TABLE_INTRO + "\n"
    return "\n\n" + intro + "\n".join(items) + "\n\n" if items else "\n\n"


def _is_noise(line: str) -> bool:
    if line.startswith(("    ", "\t")) and not BULLET.match(line):
        return True
    if LOG_LINE.match(line):
        return True
    stripped = line.strip()
    symbols = sum(1 for c in stripped if not (c.isalnum() or c.isspace() or c in ".,'`-()\"/:!?"))
    return len(stripped) > 12 and symbols / len(stripped) > 0.2


def units(text: str) -> list[str]:
    """Paragraph-level units: bullets, quoted lines and headings stand alone, wrapped
    lines join."""
    return [unit for unit, _ in marked_units(text)]


def marked_units(text: str) -> list[tuple[str, bool]]:
    """``units`` with whether each is a list item (a bullet or a numbered line)."""
    out: list[tuple[str, bool]] = []
    current: list[str] = []
    bullet = False
    def flush() -> None:
        if current:
            out.append((" ".join(current), bullet))
            current.clear()
    for line in text.splitlines():
        if not line.strip():
            flush()
        elif HEADING.match(line):
            flush()                               # headings are titles, not statements
        elif BULLET.match(line) or QUOTE.match(line):
            flush()                               # a quoted line (a pasted review comment) too
            bullet = True
            item = CHECKBOX.sub("", BULLET.sub("", QUOTE.sub("", line)).strip())
            current.append(LABEL.sub("", item).strip() or item)
        else:
            if not current:
                bullet = False
            line = BOLD_LEAD.sub(lambda m: f"{m.group(1) or m.group(2)}: ", line.strip())
            current.append(line)
    flush()
    return out


def split_sentences(unit: str) -> list[str]:
    """Sentences of one unit; inline code and abbreviations are never split."""
    spans: list[str] = []
    def protect(match: re.Match) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"
    shielded = INLINE_CODE.sub(protect, unit)
    shielded = ABBREVIATION.sub(lambda m: m.group(0).replace(".", DOT_STANDIN), shielded)
    shielded = PREDICATE_NAME.sub(lambda m: m.group(0)[:-1] + QUESTION_STANDIN, shielded)
    sentences = []
    for piece in SPLIT.split(shielded):
        piece = piece.replace(DOT_STANDIN, ".").replace(QUESTION_STANDIN, "?")
        piece = re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], piece).strip()
        if piece:
            sentences.append(piece)
    return sentences


def sentences(text: str) -> list[list[str]]:
    """The sentences of a message's prose, grouped by unit (for pronoun context)."""
    return [unit for unit, _ in paragraphs(text)]


def paragraphs(text: str, rules_intro: Callable[[str], bool] | None = None
               ) -> list[tuple[list[str], bool]]:
    """``sentences`` with whether each unit is a list item (``rules_intro``: see ``prose``)."""
    return [(split_sentences(unit), bullet) for unit, bullet in marked_units(prose(text, rules_intro))]
