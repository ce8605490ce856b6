"""What recall searches for.

Normally the prompt itself. A prompt that carries no topic of its own ("yes, do
that", "ok, continue") takes its topic from the last user/assistant exchange in
the transcript; a pure closer ("thanks!") searches for nothing, so it injects
nothing. The prompt is cut to a bounded prefix before any work (a 10 MB paste
costs no more than a short prompt) and cleaned of control characters and
undecodable bytes, which the search would rightly refuse as binary data.
"""

from __future__ import annotations

from aegis import fastre
from aegis.text import query_terms, words

MAX_QUERY_CHARS = 2000
# Words that point back at the conversation instead of naming a topic.
FOLLOW_UP_CUES = frozenset("""
yes yeah yep yup ok okay sure agreed right correct exactly lgtm please do go ahead continue
proceed carry on retry try again same that it this next fix apply implement run keep
""".split())
CLOSERS = frozenset("thanks thank thx ty bye goodbye cheers".split())
_UNPRINTABLE = fastre.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]+")


def clean(text: object, limit: int = MAX_QUERY_CHARS) -> str:
    """A bounded, printable prefix of ``text`` ("" for anything that is not a string)."""
    if not isinstance(text, str):
        return ""
    return _UNPRINTABLE.sub(" ", text[:limit]).strip()


def has_topic(text: str) -> bool:
    return any(term.identifier or term.words[0] not in FOLLOW_UP_CUES
               for term in query_terms(text))


def is_follow_up(text: str) -> bool:
    """A topic-free prompt that continues the conversation ("yes, do that")."""
    tokens = set(words(text))
    return bool(tokens & FOLLOW_UP_CUES) and not tokens & CLOSERS and not has_topic(text)


def recall_query(prompt: object, transcript_path: object = None) -> str:
    """The text to search with; "" when there is nothing worth searching for."""
    text = clean(prompt)
    if has_topic(text):
        return text
    if is_follow_up(text) and isinstance(transcript_path, str) and transcript_path:
        from aegis.transcript import last_exchange
        return clean(last_exchange(transcript_path, max_chars=MAX_QUERY_CHARS))
    return ""


