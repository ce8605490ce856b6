"""What the briefing shows of its candidates: which, in what order, how briefly.

The briefing has a few hundred tokens for a project that may hold dozens of
rules, so each line must carry a rule the model could not guess:

* **specific first**: among candidates of similar weight (``select.briefing_weight``),
  a rule that names a concrete value — a name, a decorator, a flag, a number,
  a file — goes before advice about qualities ("strive for simplicity"); the
  value is what the model cannot infer from the code in front of it;
* **once**: the same rule said twice in other words (its values contained in an
  already shown memory's, and one subject contained in the other's — see
  ``aegis.supersede``) is shown once; distinct subjects with the same value
  ("the billing service … four workers", "the search service … four workers")
  are both kept;
* **the rule, not its reason**: a convention's or preference's line stops
  before its reason ("because…", "to help…", "so that…") when that still leaves a
  sentence, and ends in "…" so the model knows there is more, one ``memory_get``
  away under the same id. Only the reason goes: a second clause after ";", an
  example or a "which" clause may be the value itself, and a redaction marker
  stays where it was. A fix (cause and cure) and a decision (its why) are
  shown whole.

Pure functions over memories, so both stores get the same briefing.
"""

from __future__ import annotations

from aegis.supersede import REASON, SENTENCE_END, subject, values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable, Sequence

    from aegis.models import Memory

SPECIFIC = 1.2                  # a concrete value outweighs ~20 % of importance/recency
MIN_LINE_WORDS = 4              # a main clause shorter than this is not a rule on its own
WHOLE_KINDS = frozenset({"fix", "decision"})     # their reason is what they are for


def arrange(memories: Sequence[Memory], weight: Callable[[Memory], float]) -> list[Memory]:
    """``memories`` without restatements, specific rules first, each as its briefing line."""
    def ranked(memory: Memory) -> float:
        return weight(memory) * (SPECIFIC if values(memory.text) else 1.0)

    shown: list[tuple[frozenset[str], frozenset[str]]] = []
    out = []
    for memory in sorted(memories, key=lambda m: (-ranked(m), -m.updated_at)):
        said = (values(memory.text), subject(memory.text))
        if any(_restates(said, other) for other in shown):
            continue
        shown.append(said)
        out.append(memory.replace(text=line_text(memory.text, memory.kind)))
    return out


def _restates(new: tuple[frozenset[str], frozenset[str]],
              old: tuple[frozenset[str], frozenset[str]]) -> bool:
    (new_values, new_subject), (old_values, old_subject) = new, old
    return (bool(new_values) and new_values <= old_values and bool(new_subject)
            and (new_subject <= old_subject or old_subject <= new_subject))


def line_text(text: str, kind: str = "convention") -> str:
    """The rule without its reason, each cut marked "…", when that still says something."""
    if kind in WHOLE_KINDS:
        return text
    kept, cut = [], False
    for sentence in SENTENCE_END.split(text.strip()):
        match = REASON.search(sentence, 12)
        if match and len(sentence[:match.start()].split()) >= MIN_LINE_WORDS:
            sentence, cut = sentence[:match.start()].rstrip(",;:—– ").rstrip(".!?") + " …", True
        kept.append(sentence)
    return " ".join(kept) if cut else text
