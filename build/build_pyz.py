"""Build ``aegis.pyz`` reproducibly from the hash-pinned lock and ``runtime/aegis``.

    python build/build_pyz.py [-o build/out/aegis.pyz]

Steps (same inputs -> same bytes):

1. ``pip install --require-hashes --no-deps --only-binary :all: --target`` the
   locked runtime dependencies into a staging site-packages.
2. Normalize the staging tree: drop byte code, console scripts (they embed the
   build machine's interpreter path) and per-install metadata (RECORD, INSTALLER,
   REQUESTED, direct_url.json); fixed permissions.
3. Let shiv build the zipapp from that site-packages (``--reproducible`` with a
   fixed SOURCE_DATE_EPOCH; shiv derives the build id from the content hash).
4. Re-pack shiv's archive with the ``aegis`` package and ``_aegis_pyz`` start-up
   support at the archive root and our ``__main__.py`` (build/pyz/), which
   serves hooks and the CLI straight from the zip and hands only ``serve`` to
   shiv's ``_bootstrap``. Entries are sorted, timestamps and modes fixed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
ROOT = BUILD_DIR.parent
PACKAGE_DIR = ROOT / "runtime" / "aegis"
PYZ_SUPPORT_DIR = BUILD_DIR / "pyz"
DEFAULT_LOCK = BUILD_DIR / "requirements.lock"
DEFAULT_OUTPUT = BUILD_DIR / "out" / "aegis.pyz"

SOURCE_DATE_EPOCH = 315532800          # 1980-01-01T00:00:00Z, the earliest zip date
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
SHEBANG = b"#!/usr/bin/env python3\n"
ENTRY_POINT = "aegis.cli:main"         # what shiv's bootstrap runs for `serve`
FILE_MODE, DIR_MODE = 0o644, 0o755
INSTALL_NOISE = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def run(cmd: list[str], **kwargs) -> None:
    subprocess.run(cmd, check=True, **kwargs)


def install_locked(lock: Path, target: Path, python: str = sys.executable) -> None:
    """Install exactly the locked wheels (hash-checked, no resolution) into ``target``."""
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--require-hashes", "--no-deps", "--only-binary", ":all:", "--no-compile",
         "--no-warn-script-location", "--target", str(target), "-r", str(lock)])


def normalize_tree(root: Path) -> None:
    """Remove everything that varies between installs; fix permissions."""
    shutil.rmtree(root / "bin", ignore_errors=True)
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_dir() and path.name == "__pycache__":
            shutil.rmtree(path)
        elif path.is_file() and (path.suffix in (".pyc", ".pyo") or (
                path.parent.name.endswith(".dist-info") and path.name in INSTALL_NOISE)):
            path.unlink()
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(DIR_MODE if path.is_dir() else FILE_MODE)


def shiv_build(site_packages: Path, output: Path) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    run([sys.executable, "-m", "shiv", "--site-packages", str(site_packages), "--reproducible",
         "--entry-point", ENTRY_POINT, "--python", "/usr/bin/env python3",
         "--output-file", str(output)], env=env)


def source_files(base: Path, prefix: str) -> list[tuple[str, Path]]:
    """(archive name, path) for every file under ``base`` except byte code.

    In a git work tree, files git ignores are left out too (editor droppings, caches),
    so a developer's build matches CI's fresh clone as long as the work is committed.
    """
    found = []
    for path in _candidate_files(base):
        rel = path.relative_to(base)
        if "__pycache__" in rel.parts or path.suffix in (".pyc", ".pyo"):
            continue
        found.append((f"{prefix}{rel.as_posix()}", path))
    return sorted(found)


def _candidate_files(base: Path) -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "."],
            cwd=base, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):     # not a git checkout (e.g. an sdist)
        return [p for p in base.rglob("*") if p.is_file()]
    paths = {base / name for name in listed.decode("utf-8").split("\0") if name}
    return [p for p in paths if p.is_file()]


def zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3                       # unix, whatever the build OS
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def repack(shiv_pyz: Path, output: Path) -> None:
    """Write the final archive: our root files, then shiv's entries (minus its __main__)."""
    ours = source_files(PYZ_SUPPORT_DIR, "") + source_files(PACKAGE_DIR, "aegis/")
    names = {name for name, _ in ours}
    tmp = output.with_name(output.name + ".tmp")
    with zipfile.ZipFile(shiv_pyz) as src, open(tmp, "wb") as fd:
        fd.write(SHEBANG)
        with zipfile.ZipFile(fd, "w") as dst:
            entries = [(name, path.read_bytes()) for name, path in ours]
            entries += [(info.filename, src.read(info)) for info in src.infolist()
                        if not info.is_dir() and info.filename not in names]
            for name, data in sorted(entries):
                dst.writestr(zip_entry(name), data)
    tmp.chmod(0o755)
    os.replace(tmp, output)


def build(output: Path, lock: Path = DEFAULT_LOCK) -> str:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aegis-build-") as tmp:
        staging = Path(tmp) / "site-packages"
        install_locked(lock, staging)
        normalize_tree(staging)
        shiv_pyz = Path(tmp) / "shiv.pyz"
        shiv_build(staging, shiv_pyz)
        repack(shiv_pyz, output)
    return hashlib.sha256(output.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--lock", type=Path, default=DEFAULT_LOCK)
    args = parser.parse_args(argv)
    digest = build(args.output, args.lock)
    size = args.output.stat().st_size
    print(f"built {args.output} ({size / 1e6:.1f} MB) sha256={digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
