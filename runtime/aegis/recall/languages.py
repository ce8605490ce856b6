"""Which programming languages a prompt or a memory names.

A convention written for one language does not apply to code in another: "write a
python function that flattens a list" must not bring "parameter IDs are lowerCamelCase
in the C++ plugin" or "Go errors are wrapped with %w", whatever construct words they
share. A repository with a Python service and a TypeScript front end holds both kinds,
so the request's language decides (``aegis.recall.coding``).

SQL and shell are not among them: every project writes those beside its own language, so a
rule for a Python service is still a rule for the shell script or the query that goes with it.

Only the names of languages count, as a developer spells them (``python``, ``c++``,
``TypeScript``, a tag ``go``), never a framework or a platform: "Laravel" or "iOS"
say nothing for sure about the language of a rule. A name that is also an English word
("go", "rust", "swift", "julia", "ruby", "dart", "elm") counts in prose only capitalised
(``Go errors``, not "go back to sleep") and in a tag or a prompt as written.
"""

from __future__ import annotations

from aegis import fastre

# language -> the names it goes by (lowercase)
LANGUAGES = {
    "python": ("python", "py", "python3"),          # file extensions too: "shortcuts.ts"
    # one family: TypeScript is JavaScript with types, a rule for one is read for both
    "javascript": ("javascript", "js", "node", "nodejs", "typescript", "ts", "tsx"),
    "go": ("go", "golang"),
    "rust": ("rust", "rs"),
    "java": ("java",),
    "kotlin": ("kotlin", "kt"),
    "swift": ("swift",),
    "c++": ("c++", "cpp", "cxx"),
    "c#": ("c#", "csharp"),
    "ruby": ("ruby", "rb"),
    "php": ("php",),
    "perl": ("perl",),
    "scala": ("scala",),
    "julia": ("julia",),
    "lua": ("lua", "luajit"),
    "elixir": ("elixir",),
    "erlang": ("erlang",),
    "haskell": ("haskell",),
    "clojure": ("clojure",),
    "dart": ("dart",),
    "ocaml": ("ocaml",),
    "zig": ("zig",),
    "fortran": ("fortran",),
    "r": (),                      # "R" is a letter in prose; only its tag (below) names it
}
ENGLISH_NAMES = frozenset({"go", "rust", "swift", "julia", "ruby", "dart", "node"})
_BY_NAME = {name: language for language, names in LANGUAGES.items() for name in names}
_TAG_ONLY = {"r": "r"}
# "c++" and "c#" are not words to ``aegis.text.words``; the others are
_NAME = fastre.compile(r"(?<![\w+#])(?:[cC]\+\+|[cC]#|[A-Za-z][A-Za-z0-9]*)(?![\w+#])")


def named_in(text: str, prose: bool = True) -> frozenset[str]:
    """The languages ``text`` names. ``prose``: an English-word name must be capitalised
    (a memory's text); a prompt (``prose=False``) is often all lowercase."""
    found = set()
    for match in _NAME.finditer(text):
        spelt = match.group()
        name = spelt.lower()
        language = _BY_NAME.get(name)
        if language is None:
            continue
        if prose and name in ENGLISH_NAMES and not spelt[0].isupper():
            continue
        found.add(language)
    return frozenset(found)


def of_tags(tags: tuple[str, ...] | list[str]) -> frozenset[str]:
    named = (_BY_NAME.get(tag.lower()) or _TAG_ONLY.get(tag.lower()) for tag in tags)
    return frozenset(language for language in named if language)


def of_memory(text: str, tags: tuple[str, ...] | list[str]) -> frozenset[str]:
    return named_in(text) | of_tags(tags)


def foreign(prompt_languages: frozenset[str], text: str,
            tags: tuple[str, ...] | list[str]) -> bool:
    """A memory written for other languages than every one the prompt names (a memory
    naming none, or a prompt naming none, is never foreign)."""
    if not prompt_languages:
        return False
    own = of_memory(text, tags)
    return bool(own) and not own & prompt_languages
