"""Which memory a working directory belongs to.

A project's namespace comes from, in order:

1. ``AEGIS_NAMESPACE`` (the ``namespace`` setting), verbatim;
2. the git remote URL (``origin``, else the first remote), normalized so that
   ``git@github.com:acme/api.git``, ``https://github.com/acme/api`` and
   ``ssh://git@github.com/acme/api`` all give ``github.com/acme/api`` — clones
   and worktrees of one repository share memory, wherever they live;
3. the repository's root directory (the main worktree's, so worktrees agree);
4. the directory itself.

Git metadata is read from files rather than by running ``git``: hooks run on
every prompt and a subprocess would cost more than the whole recall.

The user tier (``user:<login>``) holds preferences that follow a person across
projects; recall reads project + user, writes default to the project.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

USER_PREFIX = "user:"
_SCP_LIKE = re.compile(r"^(?:[^@/]+@)?(?P<host>[^:/]+):(?P<path>(?!//).+)$")


@dataclass(frozen=True)
class Namespaces:
    project: str
    user: str

    @property
    def readable(self) -> tuple[str, str]:
        return (self.project, self.user)

    def for_scope(self, scope: str) -> str:
        return self.user if scope == "user" else self.project


def normalize_remote(url: str) -> str:
    """``host/owner/repo`` for any common spelling of a git remote URL."""
    url = url.strip()
    match = None if "://" in url else _SCP_LIKE.match(url)
    if match:
        host, path = match.group("host"), match.group("path")
    elif "://" in url:
        rest = url.split("://", 1)[1]
        netloc, _, path = rest.partition("/")
        host = netloc.rsplit("@", 1)[-1]          # drop credentials
        host = host.split(":", 1)[0]               # drop the port
    else:                                           # a local path remote
        return "file:" + os.path.normpath(url).replace("\\", "/")
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    return f"{host.lower()}/{path.strip('/')}"


def find_git_dir(start: Path) -> tuple[Path, Path] | None:
    """(worktree root, common git dir) for the repository containing ``start``."""
    for directory in (start, *start.parents):
        dot_git = directory / ".git"
        if dot_git.is_dir():
            return directory, dot_git
        if dot_git.is_file():                      # a linked worktree or submodule
            try:
                pointer = dot_git.read_text(encoding="utf-8").strip()
            except OSError:
                return None
            if not pointer.startswith("gitdir:"):
                return None
            git_dir = (directory / pointer[len("gitdir:"):].strip()).resolve()
            common = git_dir / "commondir"
            if common.is_file():
                try:
                    git_dir = (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
                except OSError:
                    pass
            return directory, git_dir
    return None


# ``[remote "name"]`` section headers and ``url = ...`` lines of a git config file
# (a regex instead of configparser, which costs more to import than this whole module)
_SECTION = re.compile(r'^\s*\[\s*([^\]\s"]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]')
_URL = re.compile(r"^\s*url\s*=\s*(.*?)\s*$", re.IGNORECASE)


def remote_url(git_dir: Path) -> str | None:
    try:
        text = (git_dir / "config").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    remotes: dict[str, str] = {}
    remote = None
    for line in text.splitlines():
        section = _SECTION.match(line)
        if section:
            is_remote = section.group(1).lower() == "remote" and section.group(2) is not None
            remote = section.group(2) if is_remote else None
            continue
        url = _URL.match(line) if remote is not None else None
        if url and url.group(1):
            remotes[remote] = url.group(1).strip('"')
    if not remotes:
        return None
    return remotes.get("origin") or remotes[sorted(remotes)[0]]


def project_namespace(cwd: str | Path, override: str | None = None) -> str:
    if override:
        return override
    cwd = Path(cwd).resolve()
    found = find_git_dir(cwd)
    if found is None:
        return "dir:" + cwd.as_posix()
    worktree_root, git_dir = found
    url = remote_url(git_dir)
    if url:
        return "git:" + normalize_remote(url)
    # The main worktree's root is the common dir's parent (``<root>/.git``).
    root = git_dir.parent if git_dir.name == ".git" else worktree_root
    return "repo:" + root.as_posix()


def user_namespace() -> str:
    # what getpass.getuser() does, without importing getpass (and termios, pwd) on POSIX
    login = next((os.environ[n] for n in ("LOGNAME", "USER", "LNAME", "USERNAME")
                  if os.environ.get(n)), None)
    if login is None:
        try:
            import getpass
            login = getpass.getuser()
        except Exception:                           # no login name in some containers
            login = "default"
    return USER_PREFIX + login


def resolve_namespaces(cwd: str | Path, override: str | None = None) -> Namespaces:
    return Namespaces(project=project_namespace(cwd, override), user=user_namespace())
