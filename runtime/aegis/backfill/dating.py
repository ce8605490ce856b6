"""When each extracted statement was said: the timestamp of the line it came from.

Extraction (``aegis.capture.extract``) takes a whole session and returns
statements without saying which message each came from, and it is shared with
live capture, so backfill does not change it. Instead a second, streaming pass
over the same byte range finds, for each statement, the first message whose
words contain the statement's last words (the start of a statement may be
rewritten to stand on its own; its end is the speaker's). The pass stops as
soon as every statement is dated. A statement that cannot be found takes the
time of the statement before it (extraction keeps session order), else the
session's start.
"""

from __future__ import annotations

import re
from typing import Sequence

from aegis.capture.extract import Statement
from aegis.models import parse_time
from aegis.transcript import read_messages

SIGNATURE_WORDS = 6
MAX_SCAN_CHARS = 64_000            # extraction only reads a message's head, too
WORD = re.compile(r"[a-z0-9]+")


def signature(text: str) -> str:
    return " " + " ".join(WORD.findall(text.lower())[-SIGNATURE_WORDS:]) + " "


def statement_times(statements: Sequence[Statement], path: str, start: int, end: int,
                    fallback: float | None) -> list[float | None]:
    """One epoch time per statement (None only when nothing at all is known)."""
    times: list[float | None] = [None] * len(statements)
    pending = {index: signature(s.text) for index, s in enumerate(statements)
               if signature(s.text).strip()}
    if pending and end > start:
        for message in read_messages(path, start, max_bytes=end - start):
            if message.tool_output or not message.text or message.timestamp is None:
                continue
            when = _time(message.timestamp)
            if when is None:
                continue
            words = " " + " ".join(WORD.findall(message.text[:MAX_SCAN_CHARS].lower())) + " "
            for index in [i for i, sig in pending.items() if sig in words]:
                times[index] = when
                del pending[index]
            if not pending:
                break
    previous = fallback
    for index, when in enumerate(times):
        if when is None:
            times[index] = previous
        else:
            previous = when
    return times


def _time(value: str) -> float | None:
    try:
        return parse_time(value)
    except (ValueError, TypeError, OverflowError):
        return None
