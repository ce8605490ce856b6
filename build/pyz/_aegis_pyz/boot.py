"""How ``aegis.pyz`` starts (run by ``_aegis_pyz/start.py``, from the byte-code cache).

Two paths, chosen from the first argument:

* ``serve`` (the MCP server) needs the bundled third-party packages, so it goes
  through shiv's bootstrap (``_aegis_pyz.serve``), which extracts them once into
  the Aegis data dir and activates them.
* Everything else (hooks run on every prompt, the CLI, the capture worker) needs
  only the standard library, ``aegis`` and the pure-Python packages the build put
  beside it at the archive root (the ``aegisdb`` client; build/targets.py
  ROOT_DISTRIBUTIONS, listed for this finder in the generated
  ``_aegis_pyz/packages.py``), all imported straight from this archive: no
  extraction, no ``site.addsitedir`` of the dependency tree. The server imports
  the same root packages from the same place (the archive is ``sys.path[0]``).

Before anything else is imported, ``sys.path`` is cut down to this archive and the
interpreter's standard library, so packages in the user's own site-packages
(user site, system site, a venv, PYTHONPATH) can never shadow or add to ours.

zipimport never caches byte code (and on current CPythons compiles a module's
source twice per import), on every run. Hooks run on every prompt, and the
server's own modules (about 60 of them, partly imported on the hook relay's
thread while the SDK loads) would delay its first tool result, so a finder here
serves the root packages itself and (for every command but ``--pyz-info``) keeps
each compiled module in
``<data dir>/runtime/bytecode/<cache tag>/<module>.<archive key>`` (``start.py``
finds that directory and computes the key: a checksum of the archive's path,
size and modification time). A hit reads one small file and never touches the
archive, and a new, moved or rebuilt pyz never reads another's entries. A miss
reads the source from the archive, compiles it, stores it and drops entries of
builds unused for a week. Any problem (unwritable data dir, corrupt entry) falls
back to compiling. Standard library only: this is the hot path.

The root packages are not in the archive's own directory but in a stored inner zip,
``packages.zip`` (the interpreter's zipimport parses every entry of the outer
directory on each start; hooks run on every prompt): the generated
``_aegis_pyz/packages.py`` gives, for each of its files, where its bytes lie in the
archive (``MEMBERS``), and the finder reads a file with one seek (``read_member``).
Only what runs before that (``__main__.py``, ``_aegis_pyz/start.py``, this file,
``_aegis_pyz/__init__.py`` and ``packages.py``) and the ``serve``-only members are in
the outer directory, read through zipimport.

Everything a run creates is private whatever the user's umask: ``main`` sets the
umask to 077 first, and the cache dir and the dirs above it up to the data dir
are created (or tightened to) 0700. A cache dir that is not this user's, or that
others could write to, is never read: byte code from it would run in every hook.
"""

import marshal
import os
import sys
import time
import zipimport
from importlib.machinery import ModuleSpec

START_UP = "_aegis_pyz"         # this package; the finder learns the others from it
LOCAL_HEADER_SIZE = 30          # a zip member's local header, before its name
STALE_AFTER_SECONDS = 7 * 24 * 3600
MIN_CLI_PYTHON = (3, 9)     # _aegis_pyz.serve.MIN_CLI_PYTHON, restated: serve.py needs 3.7


class CachedLoader:
    def __init__(self, finder, name, origin, is_package, code=None, source=None):
        self.finder, self.name, self.origin = finder, name, origin
        self.package, self.code, self.source = is_package, code, source

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.get_code(self.name), module.__dict__)

    def get_code(self, fullname):
        if self.code is None:
            self.code = compile(self.source, self.origin, "exec", dont_inherit=True)
            self.finder.store(fullname, self.package, self.code)
        return self.code

    def get_source(self, fullname):               # for tracebacks
        if self.source is None:
            self.source = self.finder.read_source(fullname, self.package)
        return self.source.decode("utf-8")

    def get_filename(self, fullname):
        return self.origin

    def is_package(self, fullname):
        return self.package

    def get_data(self, path):                     # package data (the embedding model assets)
        return self.finder.read_file(path)

    def locate(self, path):
        """(archive, offset, size) of the stored file at ``path``, for ``os.pread``, or
        None (aegis.package_data.asset_location)."""
        return self.finder.locate(path)


class CachedZipFinder:
    def __init__(self, archive, cache_dir, key):
        # cache_dir None: no byte-code cache (the data dir is unusable), compile each run
        self.archive, self.cache_dir, self.key = archive, cache_dir, key
        self.packages = frozenset({START_UP})     # top-level names served; see install()
        self.members = {}                         # packages.zip's files; see install()
        self._reader = None

    # ------------------------------------------------------------ the cache

    def entry(self, fullname):
        return os.path.join(self.cache_dir, "%s.%s" % (fullname, self.key))

    def load(self, fullname):
        """(is_package, code) from the cache, or None."""
        if self.cache_dir is None:
            return None
        try:
            with open(self.entry(fullname), "rb") as f:
                is_package, code = marshal.loads(f.read())
            if isinstance(is_package, bool) and hasattr(code, "co_code"):
                return is_package, code
        except (OSError, ValueError, EOFError, TypeError):
            pass
        return None

    def store(self, fullname, is_package, code):
        if self.cache_dir is None:
            return
        path = self.entry(fullname)
        tmp = "%s.%d.tmp" % (path, os.getpid())
        try:
            os.makedirs(self.cache_dir, mode=0o700, exist_ok=True)   # owner-only, as aegis.paths
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                f.write(marshal.dumps((is_package, code)))
            os.replace(tmp, path)
            self.drop_stale_entries()
        except OSError:
            pass

    def drop_stale_entries(self):
        if getattr(self, "_swept", False):
            return
        self._swept = True
        now = time.time()
        for entry in os.scandir(self.cache_dir):
            try:
                if (not entry.name.endswith("." + self.key)
                        and now - entry.stat().st_mtime > STALE_AFTER_SECONDS):
                    os.unlink(entry.path)
            except OSError:
                continue

    # ------------------------------------------------------------ the archive

    def member_name(self, path):
        """``aegis/cli.py`` for ``<archive>/aegis/cli.py`` (or for itself)."""
        if path.startswith(self.archive) and path[len(self.archive):len(self.archive) + 1] in (
                "/", os.sep):
            path = path[len(self.archive) + 1:]
        return path.replace(os.sep, "/")

    def read_file(self, path):
        """A file of the archive (packages.zip's or the outer directory's), by its path
        inside it or its full path; OSError when there is none."""
        name = self.member_name(path)
        member = self.members.get(name)
        if member is not None:
            return read_member(self.archive, name, member)
        if self._reader is None:
            self._reader = zipimport.zipimporter(self.archive)
        return self._reader.get_data(name)

    def locate(self, path):
        member = self.members.get(self.member_name(path))
        if member is None or member[3] != 0 or member[1] != member[2]:
            return None                           # not in packages.zip, or compressed
        return self.archive, member[0], member[2]

    def read_source(self, fullname, is_package):
        rel = fullname.replace(".", "/")
        return self.read_file(rel + "/__init__.py" if is_package else rel + ".py")

    def origin(self, fullname, is_package):
        rel = fullname.replace(".", os.sep)
        return os.path.join(self.archive, rel, "__init__.py") if is_package \
            else os.path.join(self.archive, rel + ".py")

    # ------------------------------------------------------------ the finder protocol

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] not in self.packages:
            return None
        cached = self.load(fullname)
        if cached is not None:
            is_package, code = cached
            loader = CachedLoader(self, fullname, self.origin(fullname, is_package), is_package,
                                  code=code)
        else:
            for is_package in (True, False):
                try:
                    source = self.read_source(fullname, is_package)
                    break
                except OSError:
                    continue
                except Exception:
                    return None                   # let the normal machinery handle it
            else:
                return None
            loader = CachedLoader(self, fullname, self.origin(fullname, is_package), is_package,
                                  source=source)
        spec = ModuleSpec(fullname, loader, origin=loader.origin, is_package=is_package)
        spec.has_location = True
        if is_package:
            spec.submodule_search_locations = [os.path.dirname(loader.origin)]
        return spec


def read_member(archive, name, member):
    """The bytes of ``name``, a file of packages.zip at ``member`` (``MEMBERS``): its local
    header is checked, so a damaged or foreign archive raises OSError, never wrong code."""
    offset, size, length, method = member
    raw_name = name.encode("utf-8")
    start = offset - LOCAL_HEADER_SIZE - len(raw_name)
    with open(archive, "rb") as f:
        f.seek(start)
        data = f.read(offset + size - start)
    if (len(data) != offset + size - start or data[:4] != b"PK\x03\x04"
            or data[LOCAL_HEADER_SIZE:offset - start] != raw_name):
        raise OSError("%s: %s is not where the archive's index says" % (archive, name))
    data = data[offset - start:]
    if method == 8:
        import zlib
        data = zlib.decompress(data, -15)
    elif method != 0:
        raise OSError("%s: %s: unknown compression %r" % (archive, name, method))
    if len(data) != length:
        raise OSError("%s: %s is damaged" % (archive, name))
    return data


CACHE_LEVELS = 4        # <data dir>/runtime/bytecode/<cache tag>: the cache dir and 3 above


def private_cache_dir(cache_dir):
    """Create or tighten ``cache_dir`` and the dirs above it to the data dir (0700);
    False when one belongs to another user. A cache dir found open to others loses
    its entries (anyone could have written them)."""
    if os.name != "posix":
        return True
    dirs = [cache_dir]
    for _ in range(CACHE_LEVELS - 1):
        dirs.append(os.path.dirname(dirs[-1]))
    for path in reversed(dirs):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            try:
                os.mkdir(path, 0o700)
                info = os.stat(path)
            except OSError:
                return False
        except OSError:
            return False
        if info.st_uid != os.getuid():
            return False
        if info.st_mode & 0o077:
            try:
                os.chmod(path, 0o700)
            except OSError:
                return False
            if path == cache_dir:
                for entry in os.scandir(path):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass
    return True


def install(archive, cache_dir, key):
    """Put a finder for the root packages in front of zipimport; returns it (None on a
    problem). It learns their names and where packages.zip's files lie from the
    generated ``_aegis_pyz.packages`` (in the outer directory), which it serves itself
    (from the cache, like the rest); without that module, nothing from packages.zip
    can be imported (a damaged archive: hooks exit 0, the CLI says so)."""
    try:
        finder = CachedZipFinder(archive, cache_dir, key)
    except Exception:
        return None
    sys.meta_path.insert(0, finder)
    try:
        from _aegis_pyz.packages import MEMBERS, PACKAGES
        finder.packages = finder.packages | frozenset(PACKAGES)
        finder.members = MEMBERS
    except Exception:
        pass
    return finder


def isolate_sys_path() -> None:
    """Keep only the archive and the standard library on ``sys.path``."""
    archive = sys.path[0]
    roots = tuple({p.rstrip("/\\") for p in (sys.base_prefix, sys.base_exec_prefix) if p})
    kept = [archive]
    for entry in sys.path[1:]:
        parts = entry.replace("\\", "/").split("/")
        if "site-packages" in parts or "dist-packages" in parts:
            continue
        if entry.startswith(roots) and entry not in kept:
            kept.append(entry)
    sys.path[:] = kept


# Hooks that run on every prompt or session, do bounded work and end with os._exit
# (aegis.hooks.run_and_exit): collecting reference cycles only costs them time.
NO_COLLECTION_EVENTS = ("user-prompt-submit", "session-start")


def quicker_garbage_collection(command):
    """The interpreter's own start-up objects live as long as the process: freeze them
    (``gc.freeze``), so no collection walks them again; at exit that spared the CLI
    about a tenth of its instructions. A recall or briefing hook collects nothing."""
    import gc
    if hasattr(gc, "freeze"):        # 3.7+; an older Python only reaches the version refusal
        gc.freeze()
    if command == "hook" and sys.argv[2:] and sys.argv[2] in NO_COLLECTION_EVENTS:
        gc.disable()


def main(archive, cache_dir, key, fresh_code=None):
    """Start the command in ``sys.argv``. ``cache_dir``/``key`` locate the byte-code
    cache (None when unknown); ``fresh_code`` is this module's code when ``start.py``
    had to compile it, for the cache."""
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if os.name == "posix":
        os.umask(0o077)                           # aegis.paths.private_umask, restated
    quicker_garbage_collection(command)
    isolate_sys_path()
    # --pyz-info neither reads nor writes the cache (it reports a plain start)
    cached = command != "--pyz-info" and cache_dir and private_cache_dir(cache_dir)
    finder = install(archive, cache_dir if cached else None, key)
    if finder is not None and fresh_code is not None:
        finder.store("_aegis_pyz.boot", False, fresh_code)
    if command == "hook" and len(sys.argv) == 3 and not sys.argv[2].startswith("-"):
        # every prompt runs this: the same contract as aegis.cli's hook path, minus its imports
        if sys.version_info[:2] < MIN_CLI_PYTHON:     # untested there, so no store writes
            sys.exit(0)
        try:
            from aegis.hooks import run_and_exit
        except Exception:          # e.g. a Python too old for aegis: never break Claude Code
            sys.exit(0)
        run_and_exit(sys.argv[2])
    elif command == "serve" or command == "--pyz-server-check":
        if sys.version_info[:2] < (3, 7):          # serve.py's own syntax needs 3.7
            sys.stderr.write("aegis: the memory server needs Python 3.10 or newer; this is "
                             "Python %d.%d\n" % sys.version_info[:2])
            sys.exit(1)
        from _aegis_pyz.serve import bootstrap_server
        bootstrap_server()
    elif command == "--pyz-precompile":           # a first run's helper (precompile.py)
        from _aegis_pyz.precompile import main as precompile
        sys.exit(precompile(sys.argv[2:]))
    elif command == "--pyz-info":
        from _aegis_pyz.info import main as info
        sys.exit(info())
    else:
        if sys.version_info[:2] < MIN_CLI_PYTHON:
            # some commands would half-work and others crash on syntax 3.8 lacks
            sys.stderr.write("aegis: the CLI needs Python 3.9 or newer (the MCP server 3.10); "
                             "this is Python %d.%d\n" % sys.version_info[:2])
            sys.exit(1)
        from aegis.cli import main as cli
        sys.exit(cli(sys.argv[1:]))
