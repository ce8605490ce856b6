"""Per-session transcript offsets: how far capture has read each session.

One JSON map in the data dir, replaced atomically. An offset past the end of
the file (the transcript was rewritten) restarts that session from zero; the
stable capture ids make re-reading harmless. Entries idle for ``KEEP_SECONDS``
are pruned so the file stays small.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from aegis.capture.layout import CaptureFiles, read_json, write_json_atomic

KEEP_SECONDS = 60 * 86400


@dataclass
class Offsets:
    files: CaptureFiles
    entries: dict

    @classmethod
    def load(cls, files: CaptureFiles) -> "Offsets":
        data = read_json(files.offsets, {})
        return cls(files, data if isinstance(data, dict) else {})

    def get(self, session_id: str, transcript_path: str | None) -> int:
        entry = self.entries.get(session_id)
        if not isinstance(entry, dict) or entry.get("transcript") != transcript_path:
            return 0
        offset = entry.get("offset")
        return offset if isinstance(offset, int) and offset >= 0 else 0

    def set(self, session_id: str, transcript_path: str | None, offset: int) -> None:
        now = time.time()
        self.entries[session_id] = {"transcript": transcript_path, "offset": offset,
                                    "updated": now}
        self.entries = {key: value for key, value in self.entries.items()
                        if isinstance(value, dict)
                        and isinstance(value.get("updated"), (int, float))
                        and now - value["updated"] < KEEP_SECONDS}
        write_json_atomic(self.files.offsets, self.entries)
