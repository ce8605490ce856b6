"""Extract shiv's ``site-packages`` on a first run: private from the start, and quickly.

Stands in for shiv's ``_bootstrap.extract_site_packages`` (same signature and the
same safety: shiv's file lock, a ``.tmp`` sibling that a killed run leaves behind
and the next one removes, one atomic rename; only then does anything run from
it). What differs is how each file is written. shiv extracts every member with
``ZipFile.extract`` and then restores its mode from the archive (0644/0755), so
Aegis had to walk the tree again to make it owner-only; for the ~600 files that
was about a third of a second on the server's critical path. Here each member
is read from the (in-memory) inner archive and written once, created 0600 in
directories created 0700 (boot.py has set the umask to 077, which these modes
already satisfy), so the tree is private as it is written and needs no second
pass.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PREFIX = "site-packages/"
FILE_MODE, DIR_MODE = 0o600, 0o700


def safe_parts(name: str) -> list[str]:
    """The path components of an archive member, refusing anything that could escape."""
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts[:-1]) \
            or parts[-1] in (".", ".."):
        raise OSError(f"unsafe path in the bundled site-packages: {name!r}")
    return parts


def write_tree(archive, root: Path) -> None:
    """Every ``site-packages/`` member of ``archive`` under ``root`` (created here)."""
    made = set()
    os.mkdir(root, DIR_MODE)
    for info in archive.infolist():
        if not info.filename.startswith(PREFIX) or info.is_dir():
            continue
        parts = safe_parts(info.filename)
        directory = str(root)
        for part in parts[:-1]:
            directory = os.path.join(directory, part)
            if directory not in made:
                try:
                    os.mkdir(directory, DIR_MODE)
                except FileExistsError:
                    pass
                made.add(directory)
        fd = os.open(os.path.join(directory, parts[-1]),
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(archive.read(info))


def extract_site_packages(archive, target_path, compile_pyc=False, compile_workers=0,
                          force=False) -> None:
    """shiv's contract: make ``target_path/site-packages`` from ``archive`` exactly once."""
    from _bootstrap.filelock import FileLock      # shiv's own lock, shipped in the archive
    from _aegis_pyz.layers import private_lock
    target_path = Path(target_path)
    parent = target_path.parent
    tmp = parent / f"{target_path.name}.tmp"
    lock = parent / f".{target_path.name}_lock"
    parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    with FileLock(str(lock)):
        private_lock(lock)
        if target_path.exists() and not force:
            return                                # a concurrent first run did it meanwhile
        shutil.rmtree(tmp, ignore_errors=True)     # left by a killed run: never trusted
        write_tree(archive, tmp)
        if target_path.exists():
            shutil.rmtree(target_path)
        os.replace(tmp, target_path)
