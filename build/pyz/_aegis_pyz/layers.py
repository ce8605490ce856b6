"""Pick and activate the native layer for this interpreter (server path only).

The archive holds one pure-Python ``site-packages`` (extracted and activated by
shiv's bootstrap) and, under ``native/``, the compiled distributions of every
supported (platform, CPython) target as solid ``.tar.xz`` bundles (one per
distribution and wheel platform). ``native/layers.json`` maps each layer name
(``linux-x86_64-cp312``) to the wheel directories it needs, and each wheel
directory to its bundle. Directories shared by several layers (abi3 wheels) are
stored once.

``activate`` runs from shiv's preamble hook, after the pure site-packages is on
``sys.path``: it extracts only this interpreter's wheel directories next to the
extracted site-packages (file lock, ``.tmp`` sibling, atomic rename: concurrent
first runs are safe and a run killed mid-extraction leaves nothing that a later
run trusts) and puts them on ``sys.path``.

The first run after an install or update pays for decompressing the layer
(about half a second of xz for this interpreter's pydantic-core and
cryptography builds), so it is made cheaper twice: a bundle's tar is sorted by
path, so each wheel directory is one contiguous run of members and reading
stops after the last wanted one (the builds for newer CPythons in the same
bundle are never decompressed); and ``serve`` starts ``prefetch`` on a thread
before shiv extracts the pure site-packages, so the decompression (which
releases the GIL) overlaps that extraction. ``activate`` then writes what the
thread read instead of decompressing again. Only pydantic-core (``EAGER``) is
waited for there; cryptography and cffi, which the SDK imports near the end of
its own import, are extracted on a thread meanwhile (``LateLayer``).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import tarfile
import threading
import zipfile
from pathlib import Path

LAYERS_JSON = "native/layers.json"
# Top-level names the server imports as soon as the SDK loads: their wheels are extracted
# before anything runs; the other native wheels may come later (LateLayer).
EAGER = frozenset({"pydantic_core"})

MACHINES = {"x86_64": "x86_64", "amd64": "x86_64", "x64": "x86_64",
            "aarch64": "arm64", "arm64": "arm64", "armv8": "arm64"}


class UnsupportedInterpreter(Exception):
    """This interpreter has no native layer; the message is one line for the user."""


def platform_name(os_name: str, machine: str) -> str:
    """Layer platform for ``sys.platform`` and a machine name (``uname -m`` style)."""
    arch = MACHINES.get(machine.lower(), machine.lower())
    if os_name.startswith("linux"):
        return f"linux-{'aarch64' if arch == 'arm64' else arch}"
    if os_name == "darwin":
        return f"macos-{arch}"
    if os_name in ("win32", "cygwin"):
        return f"windows-{'amd64' if arch == 'x86_64' else arch}"
    return f"{os_name}-{arch}"


def layer_key(os_name: str, machine: str, version: tuple, implementation: str = "cpython",
              pointer_bits: int = 64) -> str:
    platform = platform_name(os_name, machine)
    if implementation != "cpython":
        return f"{platform}-{implementation}{version[0]}{version[1]}"
    if pointer_bits != 64:
        platform = f"{platform}-{pointer_bits}bit"
    return f"{platform}-cp{version[0]}{version[1]}"


def current_machine() -> str:
    if os.name == "nt":
        return os.environ.get("PROCESSOR_ARCHITEW6432") or os.environ.get(
            "PROCESSOR_ARCHITECTURE", "unknown")
    return os.uname().machine


def current_key() -> str:
    return layer_key(sys.platform, current_machine(), tuple(sys.version_info[:2]),
                     sys.implementation.name, struct.calcsize("P") * 8)


def select(manifest: dict, key: str) -> list[str]:
    """The wheel directories of layer ``key``, or UnsupportedInterpreter naming what is."""
    layers = manifest["layers"]
    if key in layers:
        return list(layers[key])
    platforms = sorted({name.rsplit("-", 1)[0] for name in layers})
    pythons = sorted({name.rsplit("-", 1)[1] for name in layers}, key=lambda t: int(t[3:]))
    shown = [f"3.{p[3:]}" for p in pythons]
    raise UnsupportedInterpreter(
        f"the Aegis MCP server has no build for {key}; supported: CPython "
        f"{shown[0]}-{shown[-1]} on {', '.join(platforms)} (hooks and the CLI still work)")


def read_layers(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read(LAYERS_JSON).decode("utf-8"))


class XzStream:
    """A read-only file over xz data, decompressed on demand in large chunks.

    tarfile's own ``r|xz`` decompresses 10 KB at a time; on the prefetch thread each
    chunk then waits for the GIL while the main thread works (up to the switch
    interval), which made the decompression several times slower. One call per
    ``CHUNK`` of output releases the GIL for its whole duration instead."""

    CHUNK = 4 << 20

    def __init__(self, data: bytes):
        import lzma
        self._decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        self._input, self._buffer, self._offset = data, b"", 0

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._buffer) - self._offset < size) \
                and not self._decompressor.eof:
            if self._decompressor.needs_input and self._input is None:
                raise EOFError("truncated xz stream")
            more = self._decompressor.decompress(self._input or b"", max_length=self.CHUNK)
            self._input = None                       # the decompressor keeps what is left
            self._buffer, self._offset = self._buffer[self._offset:] + more, 0
        end = len(self._buffer) if size < 0 else self._offset + size
        data, self._offset = self._buffer[self._offset:end], min(end, len(self._buffer))
        return data



def private_lock(path: Path) -> None:
    """shiv's FileLock creates its file with mode 0777 (0700 under our umask): a lock
    file is data, 0600 like every file Aegis writes."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass

def read_wheels(archive: zipfile.ZipFile, bundle: str, wheels: list[str]) -> dict:
    """{wheel: [(relative path, bytes)]} of ``wheels`` from ``native/<bundle>``.

    The build writes each bundle's members sorted by path, so the members of one
    wheel directory are contiguous: once every wanted wheel has been seen and a
    member of another one comes, nothing wanted is left and the rest of the
    stream is never decompressed."""
    wanted, found = set(wheels), {w: [] for w in wheels}
    stream = XzStream(archive.read(f"native/{bundle}"))
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            wheel, _, rel = member.name.partition("/")
            if wheel not in wanted:
                if all(found.values()):
                    break
                continue
            if not member.isfile():
                continue
            if rel.startswith("/") or ".." in rel.split("/"):
                raise OSError(f"unsafe path in {bundle}: {member.name}")
            with tar.extractfile(member) as src:
                found[wheel].append((rel, src.read()))
    return found


def extract_wheels(archive: zipfile.ZipFile, bundle: str, wheels: list[str],
                   native_root: Path, prefetched: "Prefetch | None" = None) -> None:
    """Extract ``wheels`` from ``native/<bundle>`` once each (safe against races and kills);
    the members come from ``prefetched`` when it read them."""
    from _bootstrap.filelock import FileLock      # shiv's own lock, shipped in the archive
    missing = [w for w in wheels if not (native_root / w).is_dir()]
    if not missing:
        return
    native_root.mkdir(parents=True, exist_ok=True)
    lock = native_root / f".{bundle}_lock"
    with FileLock(str(lock)):
        private_lock(lock)
        missing = [w for w in missing if not (native_root / w).is_dir()]
        if not missing:
            return
        members = prefetched.members(bundle, missing) if prefetched is not None else None
        if members is None:
            members = read_wheels(archive, bundle, missing)
        tmp = {w: native_root / f"{w}.tmp" for w in missing}
        for path in tmp.values():
            shutil.rmtree(path, ignore_errors=True)   # left by a killed run: never trusted
        for wheel, path in tmp.items():
            for rel, data in members[wheel]:
                target = path / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as dst:
                    dst.write(data)
        for wheel, path in tmp.items():
            os.replace(path, native_root / wheel)


class Prefetch:
    """The missing wheel directories of this interpreter's layer, read on a thread.

    Started by ``serve`` before shiv's extraction (``start_prefetch``), bundles the
    server imports at once (``EAGER``) first; ``members`` waits for one bundle and
    hands over what was read, or None (the caller then reads the bundle itself: a
    failed or partial prefetch only costs time)."""

    def __init__(self, archive_path: str, by_bundle: dict, first: set | frozenset = frozenset()):
        self.archive_path, self.by_bundle = archive_path, by_bundle
        self.order = sorted(by_bundle, key=lambda bundle: (bundle not in first, bundle))
        self.read: dict = {}
        self.ready = {bundle: threading.Event() for bundle in by_bundle}
        self.thread = threading.Thread(target=self._run, name="aegis-native-prefetch",
                                       daemon=True)

    def _run(self) -> None:
        try:
            with zipfile.ZipFile(self.archive_path) as archive:
                for bundle in self.order:
                    self.read[bundle] = read_wheels(archive, bundle, self.by_bundle[bundle])
                    self.ready[bundle].set()
        except Exception:                        # activate reads the bundle itself
            pass
        finally:
            for event in self.ready.values():
                event.set()

    def members(self, bundle: str, wheels: list[str]) -> dict | None:
        if bundle not in self.ready:
            return None
        self.ready[bundle].wait()
        found = self.read.pop(bundle, None) or {}     # handed over once: not kept in memory
        return found if all(w in found for w in wheels) else None


PREFETCH: "Prefetch | None" = None       # set by start_prefetch, used by activate


def wheels_by_bundle(manifest: dict, key: str) -> dict:
    by_bundle: dict = {}
    for wheel in select(manifest, key):
        by_bundle.setdefault(manifest["bundles"][wheel], []).append(wheel)
    return by_bundle


def missing_by_bundle(manifest: dict, key: str, native_root: Path) -> dict:
    """{bundle: its wheel directories of layer ``key`` not extracted yet}."""
    missing = {bundle: [w for w in wheels if not (native_root / w).is_dir()]
               for bundle, wheels in wheels_by_bundle(manifest, key).items()}
    return {bundle: wheels for bundle, wheels in missing.items() if wheels}


def late_bundles(manifest: dict, missing: dict) -> set:
    """The missing bundles that may be extracted after the server has started: those
    that provide nothing in ``EAGER``, and whose top-level names the build recorded
    (an older manifest has none: everything is then extracted up front)."""
    names = manifest.get("top_level") or {}
    return {bundle for bundle, wheels in missing.items()
            if all(w in names for w in wheels)
            and not any(EAGER & set(names[w]) for w in wheels)}


def start_prefetch(archive_path: str, manifest: dict, native_root: Path,
                   key: str | None = None) -> "Prefetch | None":
    """When this interpreter's layer is not extracted yet, start reading it on a thread."""
    global PREFETCH
    missing = missing_by_bundle(manifest, key or current_key(), native_root)
    if not missing:
        return None
    PREFETCH = Prefetch(archive_path, missing, set(missing) - late_bundles(manifest, missing))
    PREFETCH.thread.start()
    return PREFETCH


class LateLayer:
    """Wheel directories extracted on a thread while the server starts, and the import
    hook that waits for them.

    On a first run, decompressing cryptography (and cffi) costs about a third of a
    second of xz, and the SDK imports them only near the end of its own import (for
    ``mcp.server.request_state``). So ``activate`` extracts only what is imported at
    once and hands the rest to this thread. The finder sits last on
    ``sys.meta_path``, so it is asked only about a module nothing else found; for a
    top-level name one of the late wheels provides (the build records them in
    ``layers.json``) it waits for the thread, puts the wheels on ``sys.path`` where
    ``activate`` would have, and lets the path finder find the module. Any other
    miss (an optional import) goes on failing at once."""

    def __init__(self, archive_path: str, bundles: dict, native_root: Path, names: set,
                 paths: list[str], site_packages: str):
        self.archive_path, self.bundles, self.native_root = archive_path, bundles, native_root
        self.names, self.paths, self.site_packages = frozenset(names), paths, site_packages
        self._lock = threading.Lock()
        self._done = False
        self._error: "BaseException | None" = None
        self.thread = threading.Thread(target=self._run, name="aegis-native-late", daemon=True)

    def start(self) -> "LateLayer":
        sys.meta_path.append(self)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            self._extract()
        except BaseException as exc:             # raised again where the import waits
            self._error = exc

    def _extract(self) -> None:
        with zipfile.ZipFile(self.archive_path) as archive:
            for bundle, wheels in sorted(self.bundles.items()):
                extract_wheels(archive, bundle, wheels, self.native_root, PREFETCH)

    def finish(self) -> None:
        """Wait for the extraction (or do it here, if the thread failed) and activate it."""
        with self._lock:
            if self._done:
                return
            self.thread.join()
            if self._error is not None:
                self._extract()                  # a lost race or a full disk: raise it here
            where = self.site_packages
            index = sys.path.index(where) if where in sys.path else len(sys.path)
            sys.path[index:index] = self.paths
            self._done = True
            try:
                sys.meta_path.remove(self)
            except ValueError:
                pass
            import importlib
            importlib.invalidate_caches()

    def find_spec(self, fullname, path=None, target=None):
        if path is not None or fullname.partition(".")[0] not in self.names:
            return None
        self.finish()
        from importlib.machinery import PathFinder
        return PathFinder.find_spec(fullname)

    def invalidate_caches(self) -> None:
        return None


def activate(archive_path: str, site_packages: Path, key: str | None = None) -> list[Path]:
    """Extract this interpreter's native layer and put it on ``sys.path``; wheels the
    server imports only later are extracted on a thread (``LateLayer``)."""
    key = key or current_key()
    native_root = Path(site_packages).parent / "native"
    with zipfile.ZipFile(archive_path) as archive:
        manifest = read_layers(archive)
        wheels = select(manifest, key)
        missing = missing_by_bundle(manifest, key, native_root)
        late = late_bundles(manifest, missing)
        for bundle, members in sorted(wheels_by_bundle(manifest, key).items()):
            if bundle not in late:
                extract_wheels(archive, bundle, members, native_root, PREFETCH)
    later = {w for bundle in late for w in missing[bundle]}
    paths = [native_root / wheel for wheel in wheels]
    where = str(site_packages)
    index = sys.path.index(where) if where in sys.path else len(sys.path)
    sys.path[index:index] = [str(p) for p in paths if p.name not in later]
    if later:
        names = {name for w in later for name in manifest["top_level"][w]}
        LateLayer(archive_path, {b: missing[b] for b in late}, native_root, names,
                  [str(p) for p in paths if p.name in later], where).start()
    return paths
