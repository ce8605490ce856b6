"""Where capture keeps its state inside the data dir (all private: 0700 / 0600)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aegis.paths import ensure_private_dir, open_private


@dataclass(frozen=True)
class CaptureFiles:
    root: Path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> "CaptureFiles":
        return cls(Path(data_dir) / "capture")

    @property
    def jobs(self) -> Path:
        return self.root / "jobs"

    @property
    def offsets(self) -> Path:
        return self.root / "offsets.json"

    @property
    def spool(self) -> Path:
        return self.root / "spool.jsonl"

    @property
    def log(self) -> Path:
        return self.root / "capture.log.jsonl"

    @property
    def lock(self) -> Path:
        return self.root / "worker.lock"

    def ensure(self) -> "CaptureFiles":
        ensure_private_dir(self.jobs)
        return self


def write_json_atomic(path: Path, data: Any, durable: bool = True) -> None:
    """Write-then-rename, so a reader (or a kill -9) never sees half a file.

    ``durable`` also fsyncs (survives a power cut); the hook skips that to stay
    fast — a lost job only delays capture until the session's next event.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open_private(tmp, "w") as handle:
        json.dump(data, handle, ensure_ascii=False, sort_keys=True)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_json(path: Path, default: Any) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return default
