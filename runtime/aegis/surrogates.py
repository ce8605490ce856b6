"""Lone UTF-16 surrogates, dropped from text that arrived as JSON.

JSON can spell half of a surrogate pair (``"\\ud83d"``), and JavaScript writes one
when it cuts a string inside an emoji: a truncated tool output in a Claude Code
transcript, an MCP argument. Python decodes it into a ``str`` that cannot be
encoded as UTF-8, so every write of it (the store, the spool, a JSON-RPC answer)
would fail. Dropping the half character keeps the rest of the text. A valid pair
in JSON decodes to one character, so any surrogate left in a ``str`` is lone.
"""

from __future__ import annotations

MAX_DEPTH = 64          # deeper JSON than any argument or record Aegis reads


def drop(text: str) -> str:
    """``text`` without lone surrogates (itself, unchanged, in the usual case)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        import re                       # only for the rare text that needs it (hook path)
        return re.sub("[\ud800-\udfff]", "", text)
    return text


def drop_in(value, depth: int = 0):
    """``value`` (parsed JSON) with ``drop`` applied to every string in it, keys too."""
    if isinstance(value, str):
        return drop(value)
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {drop_in(key, depth + 1): drop_in(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [drop_in(item, depth + 1) for item in value]
    return value
