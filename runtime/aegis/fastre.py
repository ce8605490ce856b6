"""Compiled regular expressions for the hook path, without ``import re``.

A hook is a fresh interpreter on every prompt. Importing ``re`` (with ``enum``,
its parser and compiler) and compiling the recall path's patterns cost about as
much as the interpreter's own start. ``_sre`` (the C engine under ``re``) builds a
pattern object from its compiled program directly, so the programs are kept in one
small private file, ``<data dir>/runtime/regex.<cache tag>``, and a hook that finds
its patterns there never imports ``re`` at all.

``compile`` has ``re.compile``'s signature and returns a real ``re.Pattern``. The
file is keyed on the pattern text and flags (a changed rule is a new key: an old
program is never used for it), tied to the interpreter that wrote it (its version
and ``_sre``'s magic and code size), bounded (``MAX_ENTRIES``, ``MAX_BYTES``: a
full file starts over), written 0600 by atomic replace, and read only when it is
this user's and nobody else may write it. Anything wrong with it (missing,
corrupt, truncated, unreadable, an unwritable data dir, a program ``_sre``
rejects) silently falls back to ``re.compile``. Standard library only.

Flags are plain ints here (the values of ``re.RegexFlag``, fixed for ever), so a
module can say ``fastre.compile(r"...", fastre.I)`` without importing ``re``.
"""

from __future__ import annotations

import _sre
import os
import sys

A = ASCII = 256
I = IGNORECASE = 2  # noqa: E741 - re's own name
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64

MAX_ENTRIES = 256               # patterns kept; a full file starts over with the new one
MAX_BYTES = 512 * 1024          # a bigger file is never read nor written
HEADER = ("aegis-regex-1", sys.version, _sre.MAGIC, _sre.CODESIZE)

_entries: dict | None = None    # (pattern, flags) -> _sre.compile's other arguments


def cache_path() -> str | None:
    """The cache file, or None when there is nowhere private to keep it (the data dir's
    ``runtime`` dir, which the pyz's start-up creates 0700, must already exist)."""
    try:
        from aegis.paths import default_data_dir
        runtime = os.path.join(default_data_dir(os.environ), "runtime")
        if os.name == "posix":
            info = os.stat(runtime)
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
        elif not os.path.isdir(runtime):
            return None
        return os.path.join(runtime, "regex." + (sys.implementation.cache_tag or "none"))
    except Exception:
        return None


def _read(path: str | None) -> dict:
    if path is None:
        return {}
    import marshal
    try:
        with open(path, "rb") as f:
            if os.name == "posix":
                info = os.fstat(f.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o022:
                    return {}
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return {}
        header, entries = marshal.loads(data)
        if header != HEADER or not isinstance(entries, dict):
            return {}
        return entries
    except Exception:
        return {}


def _load() -> dict:
    global _entries
    if _entries is None:
        _entries = _read(cache_path())
    return _entries


def _program(pattern, flags: int, compiled) -> tuple | None:
    """``_sre.compile``'s arguments for ``pattern`` (what ``re`` computes), or None when
    this interpreter's ``re`` internals are not the expected ones."""
    try:
        try:
            from re import _compiler as compiler, _parser as parser    # 3.11+
        except ImportError:
            import sre_compile as compiler                             # 3.10
            import sre_parse as parser
        parsed = parser.parse(pattern, flags)
        state = parsed.state
        groupindex = dict(state.groupdict)
        indexgroup = [None] * state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (int(flags | state.flags), [int(op) for op in compiler._code(parsed, flags)],
                state.groups - 1, groupindex, tuple(indexgroup))
        rebuilt = _sre.compile(pattern, *args)
        if (rebuilt.flags, rebuilt.groups, dict(rebuilt.groupindex)) != (
                compiled.flags, compiled.groups, dict(compiled.groupindex)):
            return None
        return args
    except Exception:
        return None


def _store(key: tuple, args: tuple) -> None:
    """Add one program to the file (merged with what other processes wrote meanwhile)."""
    path = cache_path()
    if path is None:
        return
    import marshal
    temp = None
    try:
        entries = _read(path)
        entries.update(_load())
        if len(entries) >= MAX_ENTRIES:
            entries = {}
        entries[key] = args
        data = marshal.dumps((HEADER, entries))
        if len(data) > MAX_BYTES:
            entries = {key: args}
            data = marshal.dumps((HEADER, entries))
            if len(data) > MAX_BYTES:
                return
        temp = "%s.%d.tmp" % (path, os.getpid())
        try:
            os.unlink(temp)
        except OSError:
            pass
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        with open(fd, "wb") as f:
            f.write(data)
        os.replace(temp, path)
        temp = None
        _load().update(entries)
    except Exception:
        pass
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def compile(pattern, flags: int = 0):    # noqa: A001 - re.compile's name
    """``re.compile(pattern, flags)``, from the cache when it holds the pattern."""
    flags = int(flags)
    key = (pattern, flags)
    args = _load().get(key)
    if args is not None:
        try:
            return _sre.compile(pattern, *args)
        except Exception:
            pass
    import re
    compiled = re.compile(pattern, flags)
    args = _program(pattern, flags, compiled)
    if args is not None:
        _store(key, args)
    return compiled
