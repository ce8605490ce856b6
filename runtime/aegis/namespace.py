"""Which memory a working directory belongs to.

A project's namespace comes from, in order:

1. ``AEGIS_NAMESPACE`` (the ``namespace`` setting), verbatim;
2. the git remote URL (``origin``, else the first remote), normalized so that
   ``git@github.com:acme/api.git``, ``https://github.com/acme/api`` and
   ``ssh://git@github.com/acme/api`` all give ``github.com/acme/api`` — clones
   and worktrees of one repository share memory, wherever they live; a remote on
   this machine, ``/srv/git/api.git`` or ``file:///srv/git/api.git``, gives
   ``file:/srv/git/api.git``;
3. the repository's root directory (the main worktree's, so worktrees agree);
4. the directory itself.

Git metadata is read from files rather than by running ``git``: hooks run on
every prompt and a subprocess would cost more than the whole recall.

The user tier (``user:<login>``) holds preferences that follow a person across
projects; recall reads project + user, writes default to the project.
"""

from __future__ import annotations

import os

from aegis.paths import ancestors
from aegis.record import Record

USER_PREFIX = "user:"


class Namespaces(Record):
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
    if url.startswith("file://"):    # the URL spelling of a local path: the same repository
        return _local_remote(url[len("file://"):])
    scp_like = None if "://" in url else _split_scp_like(url)
    if scp_like:
        host, path = scp_like
    elif "://" in url:
        rest = url.split("://", 1)[1]
        netloc, _, path = rest.partition("/")
        host = netloc.rsplit("@", 1)[-1]          # drop credentials
        host = host.split(":", 1)[0]               # drop the port
    else:                                           # a local path remote
        return _local_remote(url)
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    return f"{host.lower()}/{path.strip('/')}"


def _local_remote(path: str) -> str:
    """``file:<path>`` for a remote that is a directory on this machine, spelt as a
    path or as a ``file://`` URL. The path is kept as written (``.git`` and case
    included): that is what memories of path remotes have always been keyed on."""
    return "file:" + os.path.normpath(path).replace("\\", "/")


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _split_scp_like(url: str) -> tuple[str, str] | None:
    """(host, path) of an scp-like remote, ``[user@]host:path``; None for anything else."""
    head, colon, path = url.partition(":")
    host = head.split("@", 1)[1] if "@" in head else head
    if not colon or not host or not path or "/" in head or path.startswith("//"):
        return None
    return host, path


def find_git_dir(start: str) -> tuple[str, str] | None:
    """(worktree root, common git dir) for the repository containing ``start``."""
    for directory in ancestors(start):
        dot_git = os.path.join(directory, ".git")
        if os.path.isdir(dot_git):
            return directory, dot_git
        if os.path.isfile(dot_git):                # a linked worktree or submodule
            try:
                pointer = _read_text(dot_git).strip()
            except (OSError, UnicodeDecodeError):
                return None
            if not pointer.startswith("gitdir:"):
                return None
            git_dir = os.path.realpath(os.path.join(directory, pointer[len("gitdir:"):].strip()))
            common = os.path.join(git_dir, "commondir")
            if os.path.isfile(common):
                try:
                    git_dir = os.path.realpath(os.path.join(git_dir, _read_text(common).strip()))
                except (OSError, UnicodeDecodeError):
                    pass
            return directory, git_dir
    return None


def remote_url(git_dir: str) -> str | None:
    """The ``origin`` remote's URL (else the first remote's) from the git config file.

    Read line by line (``[remote "name"]`` headers, ``url = ...`` keys) rather than
    with configparser, which costs more to import than this whole module.
    """
    try:
        text = _read_text(os.path.join(git_dir, "config"))
    except (OSError, UnicodeDecodeError):
        return None
    remotes: dict[str, str] = {}
    remote = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section, _, subsection = line[1:].partition("]")[0].strip().partition(" ")
            subsection = subsection.strip()
            is_remote = (section.lower() == "remote" and len(subsection) >= 2
                         and subsection[0] == subsection[-1] == '"')
            remote = subsection[1:-1].replace('\\"', '"') if is_remote else None
            continue
        key, equals, value = line.partition("=")
        if remote is not None and equals and key.strip().lower() == "url" and value.strip():
            remotes[remote] = value.strip().strip('"')
    if not remotes:
        return None
    return remotes.get("origin") or remotes[sorted(remotes)[0]]


def _posix(path: str) -> str:
    """``path`` as a namespace spells it: ``/`` separators, and a name that is not UTF-8
    (``caf\\xe9`` from an old archive) spelt with backslash escapes, so it can be stored."""
    path = path.replace(os.sep, "/") if os.sep != "/" else path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def project_namespace(cwd: str | os.PathLike, override: str | None = None) -> str:
    if override:
        return override
    cwd = os.path.realpath(cwd)
    found = find_git_dir(cwd)
    if found is None:
        return "dir:" + _posix(cwd)
    worktree_root, git_dir = found
    url = remote_url(git_dir)
    if url:
        if url.startswith(("./", "../")):
            # git reads a relative remote from the repository: the same relative text in
            # two repositories names two remotes, and one remote from two depths is one
            url = os.path.normpath(os.path.join(worktree_root, url))
        return "git:" + normalize_remote(url)
    # The main worktree's root is the common dir's parent (``<root>/.git``).
    root = os.path.dirname(git_dir) if os.path.basename(git_dir) == ".git" else worktree_root
    return "repo:" + _posix(root)


def earlier_namespaces(cwd: str | os.PathLike, override: str | None = None) -> tuple[str, ...]:
    """The namespaces this directory had before it gained what names it now: its
    repository's root (``repo:``) and the plain directory (``dir:``) before a remote
    was added or ``git init`` ran. Memories saved then are not read under the new
    namespace; ``aegis adopt`` moves them (``aegis.adopt``)."""
    current = project_namespace(cwd, override)
    if override or current.startswith("dir:"):
        return ()
    here = os.path.realpath(cwd)
    found = find_git_dir(here)
    roots = [here]
    if found is not None:
        worktree_root, git_dir = found
        roots.append(os.path.dirname(git_dir) if os.path.basename(git_dir) == ".git"
                     else worktree_root)
    names = [f"repo:{_posix(r)}" for r in roots[1:]] if current.startswith("git:") else []
    names += [f"dir:{_posix(r)}" for r in roots]
    return tuple(dict.fromkeys(n for n in names if n != current))


def user_namespace() -> str:
    # what getpass.getuser() does, without importing getpass (and termios) on POSIX
    login = next((os.environ[n] for n in ("LOGNAME", "USER", "LNAME", "USERNAME")
                  if os.environ.get(n)), None)
    if login is None:
        try:
            if os.name == "posix":
                import pwd
                login = pwd.getpwuid(os.getuid()).pw_name
            else:
                import getpass
                login = getpass.getuser()
        except Exception:                           # no login name in some containers
            login = "default"
    return USER_PREFIX + login


def resolve_namespaces(cwd: str | os.PathLike, override: str | None = None) -> Namespaces:
    return Namespaces(project=project_namespace(cwd, override), user=user_namespace())
