"""Where Claude Code keeps its transcripts (standard library only, no costly imports:
the SessionStart hook uses it).

``$CLAUDE_CONFIG_DIR/projects/<encoded cwd>/<session id>.jsonl``, with
``~/.claude`` when the variable is unset. The encoded name replaces every
character but ASCII letters and digits with ``-``; Claude Code shortens names
longer than ``MAX_PROJECT_DIR_CHARS`` and appends a hash of the path.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

MAX_PROJECT_DIR_CHARS = 200


def claude_home(env: Mapping[str, str]) -> str:
    configured = env.get("CLAUDE_CONFIG_DIR", "").strip()
    if configured:
        return os.path.expanduser(configured)
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(home, ".claude")


def projects_dir(env: Mapping[str, str]) -> str:
    return os.path.join(claude_home(env), "projects")


def encoded_project_name(cwd: str) -> str:
    """Claude Code's folder name for a working directory (before any shortening)."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in cwd)


def project_folder(env: Mapping[str, str], cwd: str) -> str | None:
    """The folder holding the transcripts of sessions started in ``cwd``, if any."""
    root = projects_dir(env)
    name = encoded_project_name(cwd)
    if len(name) <= MAX_PROJECT_DIR_CHARS:
        folder = os.path.join(root, name)
        return folder if os.path.isdir(folder) else None
    prefix = name[:MAX_PROJECT_DIR_CHARS] + "-"    # shortened, with a hash we cannot rebuild
    try:
        with os.scandir(root) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.is_dir():
                    return entry.path
    except OSError:
        return None
    return None
