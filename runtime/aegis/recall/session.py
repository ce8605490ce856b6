"""Per-session recall state: which memories were injected, which notices shown.

A long session should not pay for the same memories every turn, and a backend
problem should be announced once, not on every prompt. The state is one small
JSON file per session under ``<data dir>/recall/sessions/`` (0600, in a 0700
dir), named by the session id when it is a plain token (Claude Code's are
UUIDs), else by a checksum of it, so an odd id cannot escape the directory;
the file repeats the id, so two ids sharing a checksum never share state. Writes go through a temporary file and ``os.replace``, so a hook
killed mid-write leaves the previous state, never half a file.

Compaction replaces the conversation with a summary, so the memories injected
before it are gone from the model's context: ``reset_injected`` forgets them
(notices stay shown — the user has already seen them).
"""

from __future__ import annotations

import os
import time
import zlib

from aegis import quick_json
from aegis.paths import ensure_private_dir, open_private, temp_fallback

STATE_DIR = "recall/sessions"
MAX_IDS = 2000                  # a runaway session must not grow the file without bound
STALE_AFTER = 14 * 86400        # state of sessions idle this long is pruned


def sessions_dir(data_dir: str) -> str:
    return os.path.join(data_dir, *STATE_DIR.split("/"))


def fallback_dir(data_dir: str) -> str | None:
    """Where a session's state goes when the data dir is not writable (a read-only
    store still announces things once): a private dir of this user's in the temp dir,
    one per data dir; None where that dir is not provably ours."""
    if os.name != "posix":
        return None
    import stat
    root = temp_fallback("sessions")
    try:
        os.mkdir(root, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        info = os.lstat(root)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None                     # someone else's, or a symlink: not for our state
    key = "%08x" % zlib.crc32(os.path.abspath(data_dir).encode("utf-8", "replace"))
    return os.path.join(root, "sessions-" + key)


def state_path(data_dir: str, session_id: str, directory: str | None = None) -> str:
    plain = session_id.replace("-", "").replace("_", "")
    if plain.isascii() and plain.isalnum() and len(session_id) <= 100:
        name = session_id
    else:
        raw = session_id.encode("utf-8", "replace")
        name = "id-%08x%08x" % (zlib.crc32(raw), zlib.adler32(raw))
    return os.path.join(directory or sessions_dir(data_dir), name + ".json")


class SessionState:
    def __init__(self, session_id: str, injected: list[str] | None = None,
                 notices: list[str] | None = None):
        self.session_id = session_id
        self.injected: list[str] = list(injected or [])
        self.notices: list[str] = list(notices or [])

    def was_injected(self, memory_id: str) -> bool:
        return memory_id in self.injected

    def add_injected(self, memory_ids: list[str]) -> None:
        known = set(self.injected)
        self.injected += [i for i in memory_ids if i not in known]
        del self.injected[:-MAX_IDS]

    def reset_injected(self) -> None:
        self.injected = []

    def first_notice(self, key: str) -> bool:
        """True (and remembered) the first time ``key`` is noticed in this session."""
        if key in self.notices:
            return False
        self.notices.append(key)
        return True


def load(data_dir: str, session_id: str) -> SessionState:
    """The session's state; a fresh one when absent or unreadable."""
    state = SessionState(session_id)
    if not session_id:
        return state
    data = _read(state_path(data_dir, session_id))
    if data is None and not os.access(data_dir, os.W_OK) and os.path.isdir(data_dir):
        spare = fallback_dir(data_dir)
        data = _read(state_path(data_dir, session_id, spare)) if spare else None
    if isinstance(data, dict) and data.get("session_id") == session_id:
        state.injected = [i for i in data.get("injected") or [] if isinstance(i, str)]
        state.notices = [n for n in data.get("notices") or [] if isinstance(n, str)]
    return state


def _read(path: str):
    try:
        with open(path, "rb") as handle:
            return quick_json.loads(handle.read(1_000_000))
    except (OSError, ValueError):
        return None


def save(data_dir: str, state: SessionState) -> bool:
    """Persist atomically (in ``fallback_dir`` when the data dir is not writable);
    False (never an exception) when neither can be written."""
    if not state.session_id:
        return False
    if _save(state_path(data_dir, state.session_id), state):
        return True
    spare = fallback_dir(data_dir) if os.path.isdir(data_dir) else None
    return bool(spare) and _save(state_path(data_dir, state.session_id, spare), state)


def _save(path: str, state: SessionState) -> bool:
    tmp = f"{path[:-len('.json')]}.{os.getpid()}.tmp"
    data = {"session_id": state.session_id, "injected": state.injected,
            "notices": state.notices, "updated_at": round(time.time(), 3)}
    try:
        ensure_private_dir(os.path.dirname(path))
        with open_private(tmp, "w") as handle:
            handle.write(quick_json.dumps(data))
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def prune(data_dir: str, now: float | None = None, max_age: float = STALE_AFTER) -> int:
    """Remove state files of sessions idle for ``max_age`` seconds; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(sessions_dir(data_dir)))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.name.endswith((".json", ".tmp")) and now - entry.stat().st_mtime > max_age:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed
