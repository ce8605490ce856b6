"""``aegis purge``: remove everything Aegis keeps on this machine.

That is the data dir (the SQLite database, the recall and capture logs, the
spool, the extracted server runtime and the byte-code cache under
``runtime/``) and the temp-dir fallbacks (``aegis.paths.TEMP_FALLBACKS``). Claude Code's own copy
of the plugin is not ours to delete: ``claude plugin uninstall`` removes it, and
the command says so. Memories on an AegisDB server are not touched either —
they belong to the team that shares them.

A data dir that is the home directory, the filesystem root or holds the current
directory is refused: a mistyped ``AEGIS_DATA_DIR`` must not cost a home. Inside
a data dir only the entries Aegis writes (``OWNED``) are deleted, and the dir
itself only once it is empty: a data dir pointed at a folder that also holds the
user's own files keeps them, and the command names them. A memory viewer running
on a data dir is stopped first, or it would create the data dir again at its next
page load; running Claude Code sessions are named, not stopped.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys

from aegis.errors import InvalidInput
from aegis.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

    from aegis.config import Settings

# Top-level entries of a data dir that Aegis writes (a contract test runs every
# command and hook through the pyz and checks that nothing else appears), plus the
# write-then-rename siblings ``NAME.PID.tmp`` / ``.NAME.PID.tmp`` of the files.
OWNED = frozenset({
    "memory.db", "memory.db-wal", "memory.db-shm", "memory.db-journal",   # store.SQLITE_FILE
    "aegis.log", "aegis.log.1",                                          # aegis.log
    "capture", "recall", "run", "runtime",                               # their own trees
    "scrub.json", "mcp-handshake.json", "config.json",
    "trusted_servers.json",                                              # trust.TRUST_FILE
})


class Target(Record):
    path: str
    what: str
    bytes: int
    foreign: tuple = ()     # entries of a data dir that Aegis did not write: kept
    whole: bool = False     # a dir of Aegis's own making (the temp fallback): all of it goes


def owned(name: str) -> bool:
    """Whether a data dir's entry ``name`` is one Aegis writes."""
    if name in OWNED:
        return True
    parts = name.lstrip(".").split(".")
    return (len(parts) >= 3 and parts[-1] == "tmp" and parts[-2].isdigit()
            and ".".join(parts[:-2]) in OWNED)


def _split(path: str) -> tuple[list[str], tuple]:
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return [], ()
    return [n for n in names if owned(n)], tuple(n for n in names if not owned(n))


def size_of(path: str) -> int:
    """Bytes under ``path`` (a directory) or of it (a file)."""
    if not os.path.isdir(path):
        try:
            return os.lstat(path).st_size
        except OSError:
            return 0
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
    from aegis.paths import TEMP_FALLBACKS, default_data_dir, temp_fallback
    found: list[Target] = []
    seen: set[str] = set()
    for path, what in ((settings.data_dir, "data dir (memories, logs, spool, runtime cache)"),
                       (default_data_dir(env), "default data dir (runtime cache)")):
        real = os.path.realpath(path)
        if real in seen or not os.path.isdir(real):
            continue
        _refuse_dangerous(real, env, cwd)
        seen.add(real)
        mine, foreign = _split(real)
        size = sum(size_of(os.path.join(real, name)) for name in mine)
        found.append(Target(real, what, size, foreign))
    uid = getattr(os, "getuid", lambda: None)()
    for purpose in TEMP_FALLBACKS:
        path = temp_fallback(purpose)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and (uid is None or info.st_uid == uid):
            found.append(Target(path, f"{purpose} (temp fallback)", size_of(path), whole=True))
    return found


def viewers(found: list[Target]) -> list[int]:
    """The memory viewers serving from the data dirs in ``found`` (``aegis.ui.running``):
    left running, a viewer's next page load would create the data dir again."""
    from aegis.ui.running import running
    return sorted({pid for target in found if not target.whole for pid in running(target.path)})


def sessions(found: list[Target]) -> list[int]:
    """The Claude Code processes whose memory server listens in a data dir of ``found``
    (``run/<pid>``, ``aegis.hooks.relay``): not ours to stop, but the user should know."""
    from aegis.ui.running import alive
    pids: set[int] = set()
    for target in found:
        if target.whole or os.name != "posix":
            continue
        try:
            names = os.listdir(os.path.join(target.path, "run"))
        except OSError:
            continue
        pids.update(int(name) for name in names if name.isdigit() and alive(int(name)))
    return sorted(pids)


def _refuse_dangerous(path: str, env: Mapping[str, str], cwd: str) -> None:
    home = os.path.realpath(os.path.expanduser(env.get("HOME") or "~"))
    here = os.path.realpath(cwd)
    if path in (home, os.path.realpath(os.sep)) or os.path.dirname(path) == path or \
            here == path or here.startswith(path.rstrip(os.sep) + os.sep):
        raise InvalidInput(f"refusing to purge {path}: it is your home, the root or holds the "
                           f"current directory; check AEGIS_DATA_DIR")


def remove(target: Target) -> str | None:
    """Delete what Aegis wrote in one target, and the target once empty; the reason
    something could not be deleted, or None. Foreign entries are never touched."""
    problems: list[str] = []

    def failed(function, path, error) -> None:
        error = error[1] if isinstance(error, tuple) else error    # onerror gives exc_info
        problems.append(f"{path}: {getattr(error, 'strerror', None) or error}")
    if target.whole:
        paths = [target.path]
    else:
        paths = [os.path.join(target.path, name) for name in _split(target.path)[0]]
    for path in paths:
        if os.path.isdir(path) and not os.path.islink(path):
            if sys.version_info >= (3, 12):
                shutil.rmtree(path, onexc=failed)
            else:
                shutil.rmtree(path, onerror=failed)
        else:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                failed(os.unlink, path, exc)
    if not target.whole and not target.foreign:
        try:
            os.rmdir(target.path)
        except FileNotFoundError:
            pass
        except OSError as exc:      # something appeared meanwhile: it stays
            failed(os.rmdir, target.path, exc)
    return "; ".join(problems[:3]) or None
