"""Where Aegis keeps its files, and how it keeps them private.

State never lives under ``${CLAUDE_PLUGIN_ROOT}`` (replaced on every plugin
update) nor only under ``${CLAUDE_PLUGIN_DATA}`` (deleted on uninstall): the data
dir is ``AEGIS_DATA_DIR`` or the platform's per-user data directory.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping, Union

    PathLike = Union[str, "os.PathLike[str]"]

# Paths are plain strings (os.path), not pathlib: hooks import this on every
# prompt and pathlib costs them several milliseconds.

DIR_MODE = 0o700
FILE_MODE = 0o600


def default_data_dir(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    env = os.environ if env is None else env
    platform = platform or sys.platform
    chosen = os.path.expanduser(env.get("AEGIS_DATA_DIR") or "")
    if os.path.isabs(chosen):            # a relative one is ignored (aegis.config says so)
        return chosen
    home = env.get("HOME") or env.get("USERPROFILE") or os.path.expanduser("~")
    join = os.path.join
    if platform == "darwin":
        return join(home, "Library", "Application Support", "aegis")
    if platform.startswith("win"):
        return join(env.get("LOCALAPPDATA") or join(home, "AppData", "Local"), "aegis")
    return join(env.get("XDG_DATA_HOME") or join(home, ".local", "share"), "aegis")


def ancestors(path: str):
    """``path`` and each of its parents, up to the root (``path`` is absolute)."""
    while True:
        yield path
        parent = os.path.dirname(path)
        if parent == path:
            return
        path = parent


def file_in_the_way(path: PathLike) -> str | None:
    """The file (not a directory) where ``path`` or one of its parents should be a
    directory, if any: what a "File exists" or "Not a directory" error means there."""
    for directory in ancestors(os.path.abspath(os.fspath(path))):
        if os.path.exists(directory):
            return None if os.path.isdir(directory) else directory
    return None


def ensure_private_dir(path: PathLike) -> str:
    """Create ``path`` and any missing parents owner-only, whatever the umask (which
    ``os.makedirs`` obeys, and which leaves its parents at 0777 under umask 000);
    tighten ``path`` itself if it already exists."""
    path = os.path.abspath(os.fspath(path))
    missing = []
    for directory in ancestors(path):
        if os.path.isdir(directory):
            break
        missing.append(directory)
    for directory in reversed(missing):
        try:
            os.mkdir(directory, DIR_MODE)
        except FileExistsError:
            if not os.path.isdir(directory):
                raise
            if directory != path:
                continue                    # created meanwhile by someone else: theirs
        _tighten(directory)
    if not missing:
        _tighten(path)
    return path


def _tighten(directory: str) -> None:
    if os.name == "posix":
        try:
            if os.stat(directory).st_mode & 0o077:
                os.chmod(directory, DIR_MODE)
        except OSError:
            pass


def private_umask() -> None:
    """Make everything this process creates from now on owner-only (0600 files, 0700
    dirs), including what libraries create (SQLite's journals, an unpacked runtime)."""
    if os.name == "posix":
        os.umask(0o077)


def make_private(path: PathLike) -> None:
    """chmod 0600 on POSIX; a no-op elsewhere or when the file is gone."""
    if os.name == "posix":
        try:
            os.chmod(path, FILE_MODE)
        except OSError:
            pass


# Where Aegis writes when the data dir cannot be written: ``<temp>/aegis-<purpose>-<user>``
# (``temp_fallback``); ``aegis purge`` removes each of them.
TEMP_FALLBACKS = ("runtime", "sessions")     # extracted server builds; recall session state


def temp_fallback(purpose: str) -> str:
    """This user's fallback dir for ``purpose`` (one of ``TEMP_FALLBACKS``) in the temp dir."""
    import tempfile
    getuid = getattr(os, "getuid", None)
    user = str(getuid()) if getuid is not None else os.environ.get("USERNAME", "user")
    return os.path.join(tempfile.gettempdir(), f"aegis-{purpose}-{user}")


def restrict_to_owner(path: PathLike) -> None:
    """Drop group and other permission bits, adding none: a file the user made
    read-only (a backup, a mounted store) stays read-only."""
    if os.name == "posix":
        try:
            mode = os.stat(path).st_mode & 0o777
            if mode & 0o077:
                os.chmod(path, mode & 0o700)
        except OSError:
            pass


def open_private(path: PathLike, mode: str = "a", encoding: str = "utf-8", *,
                 private_parent: bool = True):
    """Open a text file that is 0600 (no window where it is world-readable).

    ``private_parent`` creates and tightens the parent like the data dir; pass
    False for a path the user chose (an export), whose directory is theirs.
    """
    if private_parent:
        ensure_private_dir(os.path.dirname(os.path.abspath(path)))
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    if os.name == "posix":                # the mode above applies only to a new file
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                os.fchmod(fd, FILE_MODE)
        except OSError:
            pass
    return os.fdopen(fd, mode, encoding=encoding)
