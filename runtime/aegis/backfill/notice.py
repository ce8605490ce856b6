"""The SessionStart offer: "`aegis backfill` can bring in N earlier sessions".

Said once ever per project, and only while nothing was ever backfilled for it
and transcripts of sessions live capture has not read are on disk. It runs in
the SessionStart hook, so it stays cheap whatever the disk holds: one listing
of this directory's Claude Code project folder (names only, at most
``MAX_LISTED`` entries), the capture offsets (which sessions were read) and
the small backfill state file — never a transcript. ``AEGIS_NOTIFY`` decides
the wording, or silence (``off``).
"""

from __future__ import annotations

import os

from aegis.backfill import state
from aegis.backfill.location import project_folder
from aegis.capture.layout import CaptureFiles, read_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

    from aegis.config import Settings

MAX_LISTED = 10_000
KEY = "backfill"


def unread_sessions(env: Mapping[str, str], data_dir: str, cwd: str,
                    current_session: str) -> int:
    """Transcripts in this directory's folder that capture never read (bounded)."""
    folder = project_folder(env, cwd)
    if folder is None:
        return 0
    offsets = read_json(CaptureFiles.in_data_dir(data_dir).offsets, {})
    read = offsets if isinstance(offsets, dict) else {}
    count = 0
    try:
        with os.scandir(folder) as entries:
            for listed, entry in enumerate(entries):
                if listed >= MAX_LISTED:
                    break
                name = entry.name
                if not name.endswith(".jsonl"):
                    continue
                session = name[: -len(".jsonl")]
                if session != current_session and session not in read:
                    count += 1
    except OSError:
        return 0
    return count


def message(count: int, level: str) -> str:
    from aegis.invocation import command
    sessions = f"{count:,} earlier session{'s' if count != 1 else ''}"
    text = (f"Aegis: {command('backfill')} can bring in {sessions} of this project "
            f"from Claude Code's transcripts.")
    if level == "verbose":
        text += f" Preview with {command('backfill --dry-run')}; this notice is shown once."
    return text


def offer(hook, settings: Settings, namespace: str,
          env: Mapping[str, str] | None = None) -> None:
    """Say the offer through ``hook`` (a recall ``HookRun``) if it is due; remember it was."""
    if settings.notify == "off":
        return
    known = state.load(settings.data_dir)
    if namespace in known["backfilled"] or namespace in known["noticed"]:
        return
    env = os.environ if env is None else env
    count = unread_sessions(env, settings.data_dir, hook.cwd, hook.session_id)
    if not count or hook.notice is not None:
        return
    hook.say_once(KEY, message(count, settings.notify))
    if hook.notice is not None:
        state.mark(settings.data_dir, "noticed", [namespace], durable=False)
