"""``aegis purge``: remove everything Aegis keeps on this machine.

That is the data dir (the SQLite database, the recall and capture logs, the
spool, the extracted server runtime and the byte-code cache under
``runtime/``) and the temp-dir fallback for the runtime. Claude Code's own copy
of the plugin is not ours to delete: ``claude plugin uninstall`` removes it, and
the command says so. Memories on an AegisDB server are not touched either —
they belong to the team that shares them.

A data dir that is the home directory, the filesystem root or holds the current
directory is refused: a mistyped ``AEGIS_DATA_DIR`` must not cost a home.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile

from aegis.errors import InvalidInput
from aegis.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

    from aegis.config import Settings

RUNTIME_TEMP_PREFIX = "aegis-runtime-"      # build/pyz/_aegis_pyz/serve.py's fallback root


class Target(Record):
    path: str
    what: str
    bytes: int


def size_of(path: str) -> int:
    total = 0
    for root, dirs, files in os.walk(path, onerror=lambda error: None):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def targets(settings: Settings, env: Mapping[str, str], cwd: str) -> list[Target]:
    """What a purge would remove, existing paths only."""
    from aegis.paths import default_data_dir
    found: list[Target] = []
    seen: set[str] = set()
    for path, what in ((settings.data_dir, "data dir (memories, logs, spool, runtime cache)"),
                       (default_data_dir(env), "default data dir (runtime cache)")):
        real = os.path.realpath(path)
        if real in seen or not os.path.isdir(real):
            continue
        _refuse_dangerous(real, env, cwd)
        seen.add(real)
        found.append(Target(real, what, size_of(real)))
    temp = tempfile.gettempdir()
    try:
        names = os.listdir(temp)
    except OSError:
        names = []
    uid = getattr(os, "getuid", lambda: None)()
    for name in sorted(names):
        path = os.path.join(temp, name)
        if not name.startswith(RUNTIME_TEMP_PREFIX):
            continue
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and (uid is None or info.st_uid == uid):
            found.append(Target(path, "runtime cache (temp fallback)", size_of(path)))
    return found


def _refuse_dangerous(path: str, env: Mapping[str, str], cwd: str) -> None:
    home = os.path.realpath(os.path.expanduser(env.get("HOME") or "~"))
    here = os.path.realpath(cwd)
    if path in (home, os.path.realpath(os.sep)) or os.path.dirname(path) == path or \
            here == path or here.startswith(path.rstrip(os.sep) + os.sep):
        raise InvalidInput(f"refusing to purge {path}: it is your home, the root or holds the "
                           f"current directory; check AEGIS_DATA_DIR")


def remove(target: Target) -> str | None:
    """Delete one target; the reason it could not be deleted, or None."""
    problems: list[str] = []

    def failed(function, path, error) -> None:
        error = error[1] if isinstance(error, tuple) else error    # onerror gives exc_info
        problems.append(f"{path}: {getattr(error, 'strerror', None) or error}")
    if sys.version_info >= (3, 12):
        shutil.rmtree(target.path, onexc=failed)
    else:
        shutil.rmtree(target.path, onerror=failed)
    return "; ".join(problems[:3]) or None
