"""Whether a sentence names a concrete thing of the work by its shape, not by its words.

A word list of technical nouns (``directives.TECHNICAL``) only knows the tools and
domains it was grown on: "we use ruff for linting", "I prefer pytest over unittest",
"random seed is always 1337" name nothing in it. These shapes name something
whatever the domain:

* a **bare name as the object of a practice**: "use ruff for", "prefer pytest over
  unittest", "instead of rubocop", "formatted with black" — a noun with no article
  or possessive after such a verb is a proper name (a tool, a library, a service);
* a **setting with a value**: "line length 100", "the seed is always 1337", "exit
  with code 3" — a setting noun or "<noun> is" followed by a number;
* a **dotted or slashed name**: ``t.Run``, ``yaml.v3``, ``Driftwood.Runtime``,
  ``app/services``, ``Assets/Config``;
* a **proper name** inside the sentence: a capitalised word after a lowercase one
  ("out of the Redux reducers", "deployed on Nomad").

Each is one signal among others: a sentence still needs a rule's or a fact's shape
elsewhere (``directives``, ``extract``) to be kept.
"""

from __future__ import annotations

import re

from aegis import lazy_pattern

# Words that start an ordinary noun phrase, or are not names: after "use" they mean the
# object is not a bare name ("use the logger", "use it", "with care").
_NOT_A_NAME = (r"the|a|an|this|that|these|those|it|its|them|they|their|our|your|my|his|her|us|me|"
               r"you|we|some|any|all|each|every|no|more|less|most|much|many|other|another|one|two|"
               r"three|same|such|what|which|who|how|when|where|why|if|so|to|and|or|but|not|of|in|"
               r"on|at|by|for|from|up|out|off|over|as|is|are|be|was|were|here|there|now|then|"
               r"just|only|also|always|never|care|caution|patience|time|people|everyone|someone|"
               r"anyone|nothing|something|anything|everything|common|sense|judgement|judgment|"
               r"whatever|whichever|lots?|plenty|less|fewer|both|either|neither")
# A practice verb whose object may be a tool: "use X", "prefer X", "X over Y", "instead of X".
_PRACTICE = (r"use|uses|using|used|prefer|prefers|preferred|adopt|adopted|over|instead\s+of|"
             r"rather\s+than|switch(?:ed)?\s+to|mov(?:e|ed)\s+to|migrat(?:e|ed)\s+to|"
             r"(?:format|lint|build|test|deploy|manag|pars|writt|built|tested|formatt|lint|"
             r"packag|bundl|compil|check|handl|generat|install|run|schedul|mock|validat|serv)"
             r"\w*\s+(?:\w+\s+){0,2}?(?:with|via|through|by)")
_NAME = r"[a-z][\w+#-]*[a-z0-9+#]"
_AFTER_NAME = (r"\s*(?:$|[.,;:!)]|\s(?:for|over|instead|rather|and|or|with|in|on|to|as|than|not|"
               r"everywhere|here|across|throughout|because|since|only|now|from|so|when|which|"
               r"but|under|via|before|after|by|at|per|unless|if|whenever|too|\d))")
BARE_NAME = re.compile(rf"\b(?:{_PRACTICE})\s+(?!(?:{_NOT_A_NAME})\b)({_NAME})(?={_AFTER_NAME})", re.I)
# A setting noun with a number, or "<noun> is (always) <number>".
SETTING_VALUE = lazy_pattern.compile(
    r"\b(?:length|size|limit|width|height|code|port|seed|level|count|depth|timeout|ttl|version|"
    r"max(?:imum)?|min(?:imum)?|threshold|budget|workers?|threads?|retries|replicas?|"
    r"batch|period|interval|precision|scale|capacity)\s+(?:of\s+|=\s*|to\s+|at\s+)?\d+(?:\.\d+)?\b"
    r"|\b[a-z]{3,}\s+(?:is|are|stays?|=)\s+(?:always\s+|set\s+to\s+|fixed\s+at\s+)?\d+(?:\.\d+)?\b"
    r"(?!\s*(?:tests?|examples?|files?|people|minutes?|hours?|days?|years?|%))", re.I)
# ``t.Run``, ``yaml.v3``, ``Driftwood.Runtime`` (not "e.g."); ``app/services`` (not "and/or").
DOTTED = lazy_pattern.compile(r"\b(?!(?:e\.g|i\.e|etc|vs)\b)[A-Za-z][\w-]*\.[A-Za-z][\w-]*\b"
                    r"|\b(?!(?:and/or|w/o|n/a|either/or)\b)[A-Za-z_][\w.-]*/[\w.-]*[A-Za-z]")


# A capitalised word after a lowercase one: a proper name ("the Redux reducers", "on Nomad").
PROPER = lazy_pattern.compile(r"(?<=[a-z,] )(?!I\b|I'|OK\b)[A-Z][a-z]+[a-z0-9]*\b")


def names_something(text: str) -> bool:
    """A bare tool name after a practice verb, a setting with a value, a dotted or slashed
    name, or a proper name inside the sentence (see the module docstring)."""
    return bool(BARE_NAME.search(text) or SETTING_VALUE.search(text) or DOTTED.search(text)
                or PROPER.search(text))
