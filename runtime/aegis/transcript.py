"""Reading Claude Code's transcript JSONL, defensively.

The format changes between Claude Code versions and the file may lag or end in
a half-written line, so: keep only ``type`` user/assistant lines, accept
``message.content`` as a string or a list of blocks, treat user lines made of
``tool_result`` blocks as tool output (not something the user said), skip
sidechains (subagent traffic), compaction summaries and anything unparseable.
A single line is never held in memory past ``MAX_LINE_BYTES`` (a pasted
multi-megabyte blob is skipped), so reading a huge transcript stays bounded.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Iterator

TAIL_BYTES = 256 * 1024
MAX_LINE_BYTES = 4 * 1024 * 1024
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
    role = message.get("role") if message.get("role") in ("user", "assistant") else record["type"]
    stamp = record.get("timestamp")
    return Message(role, text, tool_output, end_offset,
                   stamp if isinstance(stamp, str) else None)


def read_messages(path: str | os.PathLike, offset: int = 0,
                  max_bytes: int | None = None) -> Iterator[Message]:
    """Messages from byte ``offset`` on; stops before an unterminated last line.

    ``end_offset`` of each message is where the next incremental read resumes.
    Lines longer than ``MAX_LINE_BYTES`` are skipped without being held whole.
    """
    try:
        handle = open(path, "rb")
    except OSError:
        return
    with handle:
        handle.seek(offset)
        position, read = offset, 0
        for line, length in _complete_lines(handle):
            position += length
            read += length
            message = parse_line(line, position) if line else None
            if message is not None:
                yield message
            if max_bytes is not None and read >= max_bytes:
                return


def complete_end(path: str | os.PathLike, offset: int = 0) -> int:
    """The byte offset just past the last complete line at or after ``offset``."""
    try:
        handle = open(path, "rb")
    except OSError:
        return offset
    with handle:
        handle.seek(offset)
        return offset + sum(length for _line, length in _complete_lines(handle))


def _complete_lines(handle) -> Iterator[tuple[bytes, int]]:
    """(line, length in bytes) for each newline-terminated line.

    An oversized line comes back as ``b""`` with its true length, so offsets stay
    exact; an unterminated tail (still being written) ends the iteration.
    """
    while True:
        line = handle.readline(MAX_LINE_BYTES)
        if not line:
            return
        if line.endswith(b"\n"):
            yield line, len(line)
            continue
        if len(line) < MAX_LINE_BYTES:
            return                          # unterminated tail: pick it up next time
        length = len(line)
        while True:                         # drain the rest of the oversized line
            chunk = handle.readline(MAX_LINE_BYTES)
            if not chunk:
                return
            length += len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield b"", length


def last_exchange(path: str | os.PathLike | None, max_chars: int = 2000) -> str:
    """The last real user prompt and assistant reply, for context-free prompts."""
    if not path:
        return ""
    try:
        size = os.path.getsize(path)
    except OSError:
        return ""
    start = max(0, size - TAIL_BYTES)
    user = assistant = ""
    # Starting mid-file, the first line is cut in half; parse_line drops it.
    for message in read_messages(path, start):
        if message.tool_output or not message.text.strip():
            continue
        if message.role == "user":
            user, assistant = message.text, ""
        else:
            assistant = message.text
    return (user + "\n" + assistant).strip()[-max_chars:]
