"""Where capture keeps its state inside the data dir (all private: 0700 / 0600).

Paths are strings (os.path): the Stop hook writes a job here on every turn and
must not pay for ``pathlib``.
"""

from __future__ import annotations

import os

from aegis.paths import ensure_private_dir, open_private
from aegis.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class CaptureFiles(Record):
    root: str

    @classmethod
    def in_data_dir(cls, data_dir: str | os.PathLike) -> "CaptureFiles":
        return cls(os.path.join(os.fspath(data_dir), "capture"))

    @property
    def jobs(self) -> str:
        return os.path.join(self.root, "jobs")

    @property
    def quarantine(self) -> str:
        return os.path.join(self.root, "quarantine")

    @property
    def offsets(self) -> str:
        return os.path.join(self.root, "offsets.json")

    @property
    def spool(self) -> str:
        return os.path.join(self.root, "spool.jsonl")

    @property
    def log(self) -> str:
        return os.path.join(self.root, "capture.log.jsonl")

    @property
    def lock(self) -> str:
        return os.path.join(self.root, "worker.lock")

    @property
    def next_lock(self) -> str:
        """Held by the one detached worker waiting for ``lock`` (aegis.capture.lock.Slot)."""
        return os.path.join(self.root, "worker-next.lock")

    def ensure(self) -> "CaptureFiles":
        ensure_private_dir(self.jobs)
        return self


def temp_path(path: str) -> str:
    """A sibling name for write-then-rename (``.name.PID.tmp``, swept if left behind)."""
    directory, name = os.path.split(path)
    return os.path.join(directory, f".{name}.{os.getpid()}.tmp")


def write_json_atomic(path: str, data: Any, durable: bool = True) -> None:
    """Write-then-rename, so a reader (or a kill -9) never sees half a file.

    ``durable`` also fsyncs (survives a power cut); the hook skips that to stay
    fast — a lost job only delays capture until the session's next event.
    """
    import json
    tmp = temp_path(path)
    with open_private(tmp, "w") as handle:
        json.dump(data, handle, ensure_ascii=False, sort_keys=True)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_json(path: str, default: Any, max_bytes: int | None = None) -> Any:
    """The JSON in the regular file at ``path``; ``default`` when it is missing,
    not a regular file, over ``max_bytes`` or not JSON."""
    import json
    from aegis.regular_file import open_regular
    handle = open_regular(path)
    if handle is None:
        return default
    try:
        with handle:
            raw = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        if max_bytes is not None and len(raw) > max_bytes:
            return default
        return json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return default
