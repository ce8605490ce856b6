"""A prompt asking for code brings the project's conventions for writing code.

"Write a function that checks a palindrome" shares no word with "end variable
names with '_m'" or "add the '@timer' decorator to all methods", yet those are
exactly what the answer must follow: naming, decorators, imports, docstrings,
annotations, error handling apply to whatever code is written. A relevance
search cannot see that, so a prompt that asks for code (a verb of making and a
code noun: "write a class…", "implement an endpoint…") also gets the
project's live conventions and decisions that are about code constructs.

Ranking, on top of the briefing's weight (importance, confidence, use,
recency): a convention about a construct the task names or implies ("class"
implies its methods and attributes, "function" its arguments and variables)
first, then one about constructs every piece of code has (variables, imports,
comments, docstrings, type hints, error handling). A convention about other
constructs only ("snapshot tests are recorded on the iPhone 15 simulator" for a
request for a function) stays out, and so does one written for another language
than the request names (``aegis.recall.languages``: no Go rule for "write a python
function"): fewer lines, each one that applies. Conversation about code ("why is
this function slow?") is not a request for code and gets nothing extra.
"""

from __future__ import annotations

import functools
import time

from aegis import fastre
from aegis.recall.select import GUIDING_TAGS, briefing_weight

TYPE_CHECKING = False
if TYPE_CHECKING:
    from re import Pattern
    from typing import Callable

    from aegis.models import Memory
    from aegis.service import MemoryService

SCAN = 300                      # newest live memories of the project looked at
LIMIT = 20                      # at most this many; the recall token budget decides

MAKE = fastre.compile(r"^\s*(?:(?:please|now|ok(?:ay)?|next|so|also|and)[,\s]+)*(?:(?:can|could|would)\s+"
                  r"you\s+(?:please\s+)?|I\s+(?:need|want)\s+(?:you\s+to\s+)?|let'?s\s+)?"
                  r"(?:write|implement|create|build|add|code|make|develop|generate|design|"
                  r"refactor|rewrite|extend)\b", fastre.I)
# construct -> the words that name it in a prompt or a memory
CONSTRUCTS = {
    "function": r"functions?|helpers?|routines?|callables?|lambdas?",
    "method": r"methods?",
    "class": r"class(?:es)?|models?|types?|objects?|structs?",
    "attribute": r"attributes?|fields?|propert(?:y|ies)|members?",
    "argument": r"arguments?|args?|parameters?|params?|kwargs?",
    "variable": r"variables?|vars?|locals?",
    "constant": r"constants?",
    "module": r"modules?|files?|packages?|scripts?|programs?",
    "test": r"tests?|test\s+cases?|fixtures?",
    "endpoint": r"endpoints?|routes?|handlers?|apis?|views?",
    "import": r"imports?|importing|dependenc(?:y|ies)|librar(?:y|ies)",
    "decorator": r"decorators?|@\w+",
    "docstring": r"docstrings?|documentation\s+strings?",
    "comment": r"comments?|commenting",
    "annotation": r"annotat\w*|type\s+hints?|typing|typed",
    "error": r"try|except|exceptions?|error\s+handling|raise|assert(?:ions?|s)?",
    "logging": r"log(?:ging|s|ger)?",
    "naming": r"names?|naming|prefix(?:es)?|suffix(?:es)?|case",
}
# what a task naming one construct also writes
IMPLIES = {"class": {"method", "attribute"}, "method": {"argument", "variable"},
           "function": {"argument", "variable"}, "endpoint": {"function", "argument"},
           "module": {"function", "class"}, "test": {"function"}}
EVERY_CODE = frozenset({"variable", "import", "comment", "docstring", "annotation", "error",
                        "logging", "naming"})
# Where the thing asked for ends and what it does or works on begins: "write a bash
# one-liner that counts lines in all .txt files" asks for a one-liner, not for files.
OBJECT_END = fastre.compile(r"\b(?:that|which|who|whose|to|for)\b|[.,;:?!]\s", fastre.I)
# what can be asked for: something one writes as code
TASK_NOUNS = frozenset({"function", "method", "class", "module", "test", "endpoint"})


@functools.lru_cache(maxsize=None)
def _nouns() -> dict[str, Pattern]:
    """Compiled on the first request for code: every other prompt's hook skips them."""
    return {name: fastre.compile(rf"\b(?:{words})(?!\w)", fastre.I) for name, words in CONSTRUCTS.items()}


def constructs(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _nouns().items() if pattern.search(text))


def task_constructs(prompt: str) -> frozenset[str] | None:
    """What a request for code will write, or None when ``prompt`` asks for no code: the
    code nouns of what the making verb takes, up to what that thing does (OBJECT_END)."""
    made = MAKE.match(prompt or "")
    if not made:
        return None
    thing = prompt[made.end():]
    end = OBJECT_END.search(thing)
    named = constructs(thing[:end.start()] if end else thing) & TASK_NOUNS
    if not named:
        return None
    implied = set(named)
    for name in named:
        implied |= IMPLIES.get(name, set())
    return frozenset(implied)


def conventions_for(service: MemoryService, prompt: str, skip: Callable[[str], bool],
                    limit: int = LIMIT, now: float | None = None) -> list[Memory]:
    """The project's conventions that apply to the code ``prompt`` asks for, best first;
    nothing when it asks for no code (see the module docstring)."""
    wanted = task_constructs(prompt)
    if wanted is None:
        return []
    from aegis.recall import languages
    from aegis.recall.briefing_lines import arrange
    now = time.time() if now is None else now
    asked_in = languages.named_in(prompt, prose=False)
    fit: dict[str, float] = {}
    candidates = []
    for memory in service.list(limit=SCAN, scope="project"):
        if skip(memory.id) or not GUIDING_TAGS.intersection(memory.tags):
            continue
        if languages.foreign(asked_in, memory.text, memory.tags):
            continue            # a Go rule is no rule for the Python asked for
        about = constructs(memory.text)
        if about & wanted:
            fit[memory.id] = 2.0
        elif about & EVERY_CODE:
            fit[memory.id] = 1.0
        else:
            continue
        candidates.append(memory)
    # shown as briefed (one line per rule, a restatement once), the best fit first
    lines = arrange(candidates, lambda memory: 10 * fit[memory.id] + briefing_weight(memory, now))
    return lines[:limit]
