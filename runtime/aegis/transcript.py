"""Reading Claude Code's transcript JSONL, defensively.

The format changes between Claude Code versions and the file may lag or end in
a half-written line, so: keep only ``type`` user/assistant lines, accept
``message.content`` as a string or a list of blocks, treat user lines made of
``tool_result`` blocks as tool output (not something the user said), skip
sidechains (subagent traffic), compaction summaries and anything unparseable.
A single line is never held in memory past ``MAX_LINE_BYTES`` (a pasted
multi-megabyte blob is skipped), and one read stops after ``MAX_READ_BYTES``
(the rest waits for the next incremental read), so a huge or sparse transcript
costs a bounded time. Only regular files are read (``aegis.regular_file``): a
path naming ``/dev/zero``, a FIFO or a directory reads as an empty transcript.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Iterator

from aegis import surrogates
from aegis.regular_file import open_regular, regular_size

TAIL_BYTES = 256 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
MAX_READ_BYTES = 64 * 1024 * 1024       # one incremental read; later reads go on from there
_SKIP_FLAGS = ("isSidechain", "isMeta", "isCompactSummary", "isVisibleInTranscriptOnly")


@dataclass(frozen=True)
class Message:
    role: str                 # "user" or "assistant"
    text: str                 # the human-readable text blocks, joined
    tool_output: bool = False # a user line that only carries tool results
    end_offset: int = 0       # byte offset just past this line
    timestamp: str | None = None  # the line's own ISO time, when it carries one


def message_text(content: Any) -> tuple[str, bool]:
    """(text, is_tool_output) of a ``message.content`` value."""
    if isinstance(content, str):
        return content, False
    if not isinstance(content, list):
        return "", False
    parts, tool_blocks, other_blocks = [], 0, 0
    for block in content:
        if not isinstance(block, dict):
            continue
        kind = block.get("type")
        if kind == "text" and isinstance(block.get("text"), str):
            parts.append(block["text"])
            other_blocks += 1
        elif kind == "tool_result":
            tool_blocks += 1
        else:
            other_blocks += 1
    return "\n".join(parts), tool_blocks > 0 and not parts


def parse_line(line: bytes, end_offset: int = 0) -> Message | None:
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(record, dict) or record.get("type") not in ("user", "assistant"):
        return None
    if any(record.get(flag) for flag in _SKIP_FLAGS):
        return None
    message = record.get("message")
    if not isinstance(message, dict):
        return None
    text, tool_output = message_text(message.get("content"))
    text = surrogates.drop(text)            # half an emoji, cut by a truncated tool output
    role = message.get("role") if message.get("role") in ("user", "assistant") else record["type"]
    stamp = record.get("timestamp")
    return Message(role, text, tool_output, end_offset,
                   stamp if isinstance(stamp, str) else None)


def read_messages(path: str | os.PathLike | None, offset: int = 0,
                  max_bytes: int = MAX_READ_BYTES) -> Iterator[Message]:
    """Messages in the ``max_bytes`` from byte ``offset`` on; stops before an
    unterminated last line.

    ``end_offset`` of each message is where the next incremental read resumes.
    Lines longer than ``MAX_LINE_BYTES`` are skipped without being held whole.
    """
    handle = open_regular(os.fspath(path)) if path else None
    if handle is None:
        return
    with handle:
        position = offset
        for line, length in _complete_lines(handle, offset, max_bytes):
            position += length
            message = parse_line(line, position) if line else None
            if message is not None:
                yield message


def complete_end(path: str | os.PathLike | None, offset: int = 0,
                 max_bytes: int = MAX_READ_BYTES) -> int:
    """The byte offset just past the last complete line within ``max_bytes`` of ``offset``."""
    handle = open_regular(os.fspath(path)) if path else None
    if handle is None:
        return offset
    with handle:
        return offset + sum(length for _line, length in _complete_lines(handle, offset,
                                                                        max_bytes))


def _complete_lines(handle, offset: int, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    """(line, length in bytes) for each newline-terminated line in the ``max_bytes``
    from ``offset``; a read error (a "regular" file of /proc, a failing disk) ends it.

    An oversized line comes back as ``b""`` with the length consumed, so offsets
    stay exact and a read may end inside it (the rest, read later, does not parse
    and is dropped the same way); an unterminated short tail (still being
    written) ends the iteration unread.
    """
    try:
        handle.seek(offset)
        yield from _lines(handle, max_bytes)
    except OSError:
        return


def _lines(handle, max_bytes: int) -> Iterator[tuple[bytes, int]]:
    budget = max(0, max_bytes)
    while budget > 0:
        line = handle.readline(min(MAX_LINE_BYTES, budget))
        if not line:
            return
        if line.endswith(b"\n"):
            budget -= len(line)
            yield line, len(line)
            continue
        if len(line) < MAX_LINE_BYTES:
            return                          # an unterminated tail, or the read's end
        length = len(line)
        budget -= length
        while budget > 0:                   # drain the rest of the oversized line
            chunk = handle.readline(min(MAX_LINE_BYTES, budget))
            if not chunk:
                break
            length += len(chunk)
            budget -= len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield b"", length


def last_exchange(path: str | os.PathLike | None, max_chars: int = 2000) -> str:
    """The last real user prompt and assistant reply, for context-free prompts."""
    size = regular_size(os.fspath(path)) if path else None
    if size is None:
        return ""
    start = max(0, size - TAIL_BYTES)
    user = assistant = ""
    # Starting mid-file, the first line is cut in half; parse_line drops it.
    for message in read_messages(path, start, TAIL_BYTES):
        if message.tool_output or not message.text.strip():
            continue
        if message.role == "user":
            user, assistant = message.text, ""
        else:
            assistant = message.text
    return (user + "\n" + assistant).strip()[-max_chars:]
