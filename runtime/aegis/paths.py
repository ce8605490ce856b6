"""Where Aegis keeps its files, and how it keeps them private.

State never lives under ``${CLAUDE_PLUGIN_ROOT}`` (replaced on every plugin
update) nor only under ``${CLAUDE_PLUGIN_DATA}`` (deleted on uninstall): the data
dir is ``AEGIS_DATA_DIR`` or the platform's per-user data directory.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Mapping

DIR_MODE = 0o700
FILE_MODE = 0o600


def default_data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if env.get("AEGIS_DATA_DIR"):
        return Path(env["AEGIS_DATA_DIR"]).expanduser()
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if platform == "darwin":
        return home / "Library" / "Application Support" / "aegis"
    if platform.startswith("win"):
        base = env.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "aegis"
    xdg = env.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else home / ".local" / "share") / "aegis"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) owner-only; tighten it if it already exists."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if os.name == "posix":
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(DIR_MODE)
        except OSError:
            pass
    return path


def make_private(path: Path) -> None:
    """chmod 0600 on POSIX; a no-op elsewhere or when the file is gone."""
    if os.name == "posix":
        try:
            path.chmod(FILE_MODE)
        except OSError:
            pass


def open_private(path: Path, mode: str = "a", encoding: str = "utf-8", *,
                 private_parent: bool = True):
    """Open a text file that is 0600 (no window where it is world-readable).

    ``private_parent`` creates and tightens the parent like the data dir; pass
    False for a path the user chose (an export), whose directory is theirs.
    """
    if private_parent:
        ensure_private_dir(path.parent)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    if os.name == "posix":                # the mode above applies only to a new file
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.fchmod(fd, FILE_MODE)
        except OSError:
            pass
    return os.fdopen(fd, mode, encoding=encoding)
