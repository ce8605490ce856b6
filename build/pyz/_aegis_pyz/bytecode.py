"""Import ``aegis`` from the zipapp with a bytecode cache.

zipimport never writes byte code and, on current CPythons, compiles a module's
source twice per import (once to answer ``get_filename`` while building the
spec, once in ``exec_module``), on every run. Hooks run on every prompt, so this
finder serves ``aegis.*`` itself: it reads the source with the archive's
zipimporter (``get_data``, no compiling) and keeps each compiled module in
``<data dir>/runtime/bytecode/<cache tag>/``, keyed by a checksum of its archive
path and source, so a new or moved pyz or another Python never reads a stale
entry. Any problem (unwritable data dir, corrupt entry, unexpected zipimport)
falls back to compiling, or to plain zipimport.
"""

import marshal
import os
import sys
import zipimport
import zlib
from importlib.machinery import ModuleSpec

PACKAGE = "aegis"


class CachedSourceLoader:
    def __init__(self, finder, name, origin, source, is_package):
        self.finder, self.name, self.origin = finder, name, origin
        self.source, self.package = source, is_package

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        exec(self.get_code(module.__spec__.name), module.__dict__)

    def get_code(self, fullname):
        if self.finder.cache_dir is None:         # aegis.paths itself, before the cache is known
            return compile(self.source, self.origin, "exec", dont_inherit=True)
        digest = zlib.crc32(self.origin.encode("utf-8") + b"\0" + self.source)
        path = os.path.join(self.finder.cache_dir, "%s.%08x.%d" % (fullname, digest,
                                                                    len(self.source)))
        try:
            with open(path, "rb") as f:
                code = marshal.loads(f.read())
            if hasattr(code, "co_code"):
                return code
        except (OSError, ValueError, EOFError, TypeError):
            pass
        code = compile(self.source, self.origin, "exec", dont_inherit=True)
        try:
            self.finder.ensure_dir()
            tmp = "%s.%d.tmp" % (path, os.getpid())
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                f.write(marshal.dumps(code))
            os.replace(tmp, path)
        except OSError:
            pass
        return code

    def get_source(self, fullname):
        return self.source.decode("utf-8")

    def get_filename(self, fullname):
        return self.origin

    def is_package(self, fullname):
        return self.package

    def get_data(self, path):
        return self.finder.reader.get_data(path)

    def get_resource_reader(self, fullname):
        parent = os.path.dirname(os.path.dirname(self.origin)) if self.package else None
        return zipimport.zipimporter(parent).get_resource_reader(fullname) if parent else None


class CachedZipFinder:
    def __init__(self, archive):
        self.archive = archive
        self.cache_dir = None                     # set by install() once aegis.paths is loaded
        self.reader = zipimport.zipimporter(archive)
        self._dir_ready = False

    def ensure_dir(self):
        if not self._dir_ready:
            from pathlib import Path
            from aegis.paths import ensure_private_dir
            ensure_private_dir(Path(self.cache_dir))
            self._dir_ready = True

    def find_spec(self, fullname, path=None, target=None):
        if fullname != PACKAGE and not fullname.startswith(PACKAGE + "."):
            return None
        rel = fullname.replace(".", "/")
        for candidate, is_package in ((rel + "/__init__.py", True), (rel + ".py", False)):
            try:
                source = self.reader.get_data(candidate)
            except OSError:
                continue
            except Exception:
                return None                       # let the normal machinery handle it
            origin = os.path.join(self.archive, candidate.replace("/", os.sep))
            loader = CachedSourceLoader(self, fullname, origin, source, is_package)
            spec = ModuleSpec(fullname, loader, origin=origin, is_package=is_package)
            spec.has_location = True
            if is_package:
                spec.submodule_search_locations = [os.path.dirname(origin)]
            return spec
        return None


def install(archive):
    """Put the finder in front of zipimport for ``aegis.*`` (no-op on any problem).

    The finder goes in first, so even ``aegis.paths`` (which says where the cache
    lives) is compiled once rather than twice; it is the only module not cached.
    """
    try:
        finder = CachedZipFinder(archive)
    except Exception:
        return
    sys.meta_path.insert(0, finder)
    try:
        from aegis.paths import default_data_dir
        finder.cache_dir = os.path.join(str(default_data_dir()), "runtime", "bytecode",
                                        sys.implementation.cache_tag or "none")
    except Exception:
        sys.meta_path.remove(finder)
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]                 # let plain zipimport load them again
