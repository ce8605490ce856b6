"""The server path: extract the bundled packages (once) and start through shiv.

shiv's ``_bootstrap.bootstrap()`` runs the extraction (file lock, extract into a
``.tmp`` sibling, atomic rename, so concurrent first runs are safe and a run
killed mid-extraction leaves nothing the next run trusts; the writing itself is
``_aegis_pyz.extract``'s, private and quick, and it starts the first run's compile
helper, ``_aegis_pyz.precompile``) and puts the extracted site-packages on
``sys.path``. This module only decides *where*:
``<data dir>/runtime`` (``SHIV_ROOT``), never the current directory or the plugin
root, with a private temp dir as fallback when the data dir is not writable. Any
``SHIV_*`` variable inherited from the user's shell is dropped first so it cannot
redirect the entry point or the cache. An extraction an older build left open to
others is made private.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

MIN_SERVER_PYTHON = (3, 10)
MIN_CLI_PYTHON = (3, 9)         # the oldest the hooks and CLI are tested on (build/portability.py)
CHECK_ENTRY_POINT = "_aegis_pyz.check:server_imports"
DEPENDENCIES = "dependencies.zip"     # the inner archive with site-packages (build_pyz.py)


class Dependencies:
    """What shiv's bootstrap sees as "the archive": named after this pyz (shiv names its
    extraction dir after ``filename``), ``environment.json`` read from the copy at the
    outer archive's root, and the inner ``dependencies.zip`` (``site-packages/``) opened
    only when shiv extracts, on a first run: every other start skipped reading and
    parsing its ~600 entries. Read into memory (~2 MB) when needed: zipfile seeks in a
    member slowly before Python 3.12."""

    def __init__(self, outer: zipfile.ZipFile):
        self.filename, self._outer, self._inner = sys.argv[0], outer, None

    def inner(self) -> zipfile.ZipFile:
        if self._inner is None:
            self._inner = zipfile.ZipFile(io.BytesIO(self._outer.read(DEPENDENCIES)))
        return self._inner

    def read(self, member):
        if member == "environment.json":        # the build stores the same bytes in both
            return self._outer.read(member)
        return self.inner().read(member)

    def infolist(self) -> list:
        return self.inner().infolist()

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


@contextmanager
def dependencies_zipfile():
    """shiv's ``current_zipfile()`` for our layout (``Dependencies``)."""
    with zipfile.ZipFile(sys.argv[0]) as outer:
        archive = Dependencies(outer)
        try:
            yield archive
        finally:
            archive.close()


def runtime_root() -> Path:
    """A writable, private directory for extracted builds."""
    from aegis.paths import default_data_dir, ensure_private_dir, temp_fallback
    candidates = [Path(default_data_dir()) / "runtime", Path(temp_fallback("runtime"))]
    for candidate in candidates:
        try:
            ensure_private_dir(candidate)
            probe = candidate / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
            return candidate
        except OSError:
            continue
    raise OSError("no writable directory for the Aegis runtime (data dir and temp dir both failed)")


def layer_manifest() -> dict:
    """``native/layers.json`` of this archive."""
    from _aegis_pyz.layers import read_layers
    with zipfile.ZipFile(sys.argv[0]) as archive:
        return read_layers(archive)


def unsupported_reason(manifest: dict) -> str | None:
    """One line if this interpreter has no native layer in the archive, else None."""
    from _aegis_pyz.layers import UnsupportedInterpreter, current_key, select
    try:
        select(manifest, current_key())
    except UnsupportedInterpreter as exc:
        return str(exc)
    return None


STALE_AFTER_SECONDS = 7 * 24 * 3600


def current_build_dir() -> str:
    """shiv's cache directory name for this archive: ``<archive name>_<build id>``."""
    import json
    with zipfile.ZipFile(sys.argv[0]) as archive:
        build_id = json.loads(archive.read("environment.json").decode("utf-8"))["build_id"]
    return f"{Path(sys.argv[0]).resolve().name}_{build_id}"


def discard_damaged_build(missing: str | None) -> bool:
    """After ``ModuleNotFoundError`` for ``missing`` in the server: when its top-level
    package is in this build's extracted site-packages, the extraction lost part of
    itself (a partial clean-up, a full disk). Remove it, so the next start extracts
    afresh instead of failing the same way for good. True if it was removed."""
    import shutil
    root = os.environ.get("SHIV_ROOT")
    if not missing or not root:
        return False
    build = Path(root) / current_build_dir()
    site = build / "site-packages"
    top = missing.split(".")[0]
    if not ((site / top).is_dir() or (site / f"{top}.py").is_file()):
        return False                    # not ours to mend: the build never had it
    aside = build.with_name(f".{build.name}.damaged-{os.getpid()}")
    try:
        os.replace(build, aside)        # at once: a start racing this one extracts anew
    except OSError:
        return False
    shutil.rmtree(aside, ignore_errors=True)
    return True


def remove_stale_builds(root: Path, current: str, now: float | None = None) -> list[Path]:
    """Delete other builds' extraction dirs not started for a week (plugin updates leave
    one behind each time). Each start touches its own dir, so a build in use stays."""
    import re
    import shutil
    import time
    now = time.time() if now is None else now
    mine = root / current
    if mine.is_dir():
        os.utime(mine)
    removed = []
    for path in root.iterdir():
        name = path.name.lstrip(".")
        if not re.search(r"_[0-9a-f]{64}(\.tmp|_lock)?$", name) or name.startswith(current):
            continue
        try:
            if now - path.stat().st_mtime < STALE_AFTER_SECONDS:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue                      # in use on Windows, or already gone: next time
    return removed


def make_tree_private(path: Path) -> None:
    """Owner-only permissions on ``path`` and everything under it when it, an entry in it
    or this build's ``site-packages`` is open to others (left by an older Aegis)."""
    import stat
    if os.name != "posix":
        return
    try:
        probes = [path, *path.iterdir(), path / current_build_dir() / "site-packages"]
        if not any(p.exists() and os.lstat(p).st_mode & 0o077 and not p.is_symlink()
                   for p in probes):
            return
    except (OSError, KeyError, ValueError):
        return
    for directory, _dirs, names in os.walk(path):
        for target in [directory] + [os.path.join(directory, name) for name in names]:
            try:
                mode = stat.S_IMODE(os.lstat(target).st_mode)
                if mode & 0o077 and not os.path.islink(target):
                    os.chmod(target, mode & 0o700)
            except OSError:
                continue


def bootstrap_server() -> None:
    if sys.version_info[:2] < MIN_SERVER_PYTHON:
        still = (" (hooks and the CLI still work)" if sys.version_info[:2] >= MIN_CLI_PYTHON
                 else "; the hooks and the CLI need 3.9 or newer")
        reason = ("the MCP server needs Python 3.10 or newer; this is Python "
                  f"{sys.version_info[0]}.{sys.version_info[1]}{still}")
        sys.stderr.write(f"aegis: {reason}\n")
        sys.stderr.flush()
        if sys.argv[1:2] == ["--pyz-server-check"] or sys.stdin.isatty():
            sys.exit(1)
        # Exiting before the handshake would make Claude Code cache the failure for good.
        from _aegis_pyz.refusal_server import serve_refusal
        sys.exit(0 if serve_refusal(reason) else 1)
    manifest = layer_manifest()
    refusal = unsupported_reason(manifest)
    if refusal:
        sys.stderr.write(f"aegis: {refusal}\n")
        sys.exit(1)
    for name in [n for n in os.environ if n.startswith("SHIV_")]:
        del os.environ[name]
    # pydantic looks for plugins in every distribution's entry points on first use (~5 ms
    # per start); the server's path holds only the bundled closure, which has none
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        os.environ["SHIV_ROOT"] = str(runtime_root())
    except OSError as exc:
        sys.stderr.write(f"aegis: cannot start the MCP server: {exc}\n")
        sys.exit(1)
    build_dir = current_build_dir()
    # first run of this build: decompress the native layer while shiv extracts the rest
    from _aegis_pyz.layers import start_prefetch
    start_prefetch(sys.argv[0], manifest, Path(os.environ["SHIV_ROOT"]) / build_dir / "native")
    remove_stale_builds(Path(os.environ["SHIV_ROOT"]), build_dir)
    make_tree_private(Path(os.environ["SHIV_ROOT"]))
    if sys.argv[1:2] == ["--pyz-server-check"]:
        os.environ["SHIV_ENTRY_POINT"] = CHECK_ENTRY_POINT
    import _bootstrap
    from _aegis_pyz.extract import extract_site_packages
    _bootstrap.current_zipfile = dependencies_zipfile

    def extract_and_precompile(archive, target_path, *args, **kwargs):
        extract_site_packages(archive, target_path, *args, **kwargs)
        from _aegis_pyz.precompile import start
        start(Path(target_path) / "site-packages")     # compile on a second core meanwhile

    _bootstrap.extract_site_packages = extract_and_precompile
    _bootstrap.bootstrap()
