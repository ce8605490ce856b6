"""A statement whose point is a secret says nothing worth keeping once it is redacted.

"The signing key password is hunter2-…" becomes "…password is [REDACTED:secret]" on
every path (``aegis.redact``); stored, it would only tell that a secret existed, and
brief that noise forever. What the same sentence says around the secret may still be
durable ("Deploy from the CI runner only, with `--token [REDACTED:token]`"), so the
clauses holding a redaction marker are cut and the rest is kept when it still states
something (the caller's ``keeps`` test) and does not point back at the cut secret
("paste it into the CI secret") — else the statement is dropped. An explicit "remember
that the deploy key is …" is the user's own request and is kept, redacted (the caller's
choice).
"""

from __future__ import annotations

import re
from typing import Callable

from aegis.redact import MARKER_TEXT, redact

# Where a sentence's clauses meet: a comma, semicolon, colon or dash between words.
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s[—–-])\s+")
MIN_REST_WORDS = 6
# Left after the cut, "paste it into the CI secret" points at the secret that was cut.
_POINTS_BACK = re.compile(r"\b(?:it|them|this\s+one|that\s+one)\b", re.I)


def without_secret(sentence: str, keeps: Callable[[str], bool]) -> str | None:
    """``sentence`` when it holds no secret; else its clauses without one when ``keeps``
    accepts them; else None."""
    shown = redact(sentence).text
    if not MARKER_TEXT.search(shown):
        return sentence
    rest = [part for part in _CLAUSE.split(shown) if part and not MARKER_TEXT.search(part)]
    text = ", ".join(rest).strip(" ,")
    if len(text.split()) < MIN_REST_WORDS or _POINTS_BACK.search(text) or not keeps(text):
        return None
    return text if text.endswith((".", "!")) else text + "."
