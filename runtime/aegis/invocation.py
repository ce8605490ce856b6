"""How a person runs Aegis from a terminal, for the hints a session shows.

Someone who installed the plugin from a marketplace has no ``aegis`` on PATH and no
``runtime/`` folder in their project: the zipapp lives in Claude Code's plugin cache.
So a hint names the zipapp that is running, by its absolute path, and can be pasted
as it is (``python3 /home/ada/.claude/plugins/cache/aegis/aegis/0.1.1/runtime/aegis.pyz
trust``). Run from source (development, tests) a hint says ``aegis trust``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+~=@%:,")


def running_zipapp() -> Path | None:
    """The .pyz this interpreter runs, if any.

    ``python3 aegis.pyz`` puts the archive in ``sys.argv[0]`` (shiv's own
    bootstrap relies on that); a plain zipapp also shows in ``aegis.__file__``.
    """
    candidates = []
    if sys.argv and sys.argv[0]:
        candidates.append(Path(sys.argv[0]))
    import aegis
    candidates.extend(Path(aegis.__file__).parents)
    for path in candidates:
        try:
            if path.suffix in (".pyz", ".zip") and path.is_file():
                return path.resolve()
        except OSError:
            continue
    return None


def command(args: str) -> str:
    """```aegis ARGS``` as the user can type it, in backquotes."""
    archive = running_zipapp()
    if archive is None:
        return f"`aegis {args}`"
    path = str(archive)
    if not set(path) <= _PLAIN:                       # a shell would split or expand it
        path = "'" + path.replace("'", "'\\''") + "'"
    return f"`python3 {path} {args}`"
