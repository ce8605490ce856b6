"""Rebuild the committed zipapp as a new plugin release (``make update-pyz``).

    python build/release.py

Claude Code keeps an installed plugin in a cache keyed on the version in
``.claude-plugin/plugin.json`` and updates it only when that version changes, so a
new ``runtime/aegis.pyz`` committed under the old version never reaches anyone who
installed from a git marketplace (``/plugin update`` says "already at the latest
version"). Every new runtime therefore gets a new version, recorded with the
runtime's sha256 in ``runtime/releases.txt``; a contract test checks that its last
line names the committed zipapp and the manifest's version.

Steps: build into build/out/; if that is byte-identical to runtime/aegis.pyz there
is nothing to release. Otherwise, unless the version was already raised by hand,
raise its patch number in ``aegis/__init__.py`` and ``plugin.json`` (the version is
inside the zipapp, so this comes first), build again, copy the result to
runtime/aegis.pyz and append ``<version> <sha256>`` to the record.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
ROOT = BUILD_DIR.parent
COMMITTED = ROOT / "runtime" / "aegis.pyz"
RELEASES = ROOT / "runtime" / "releases.txt"
FRESH = BUILD_DIR / "out" / "aegis.pyz"
VERSION_FILES = {        # file -> the pattern whose group 2 is the version
    ROOT / "runtime" / "aegis" / "__init__.py": r'^(__version__ = ")([^"]+)(")',
    ROOT / ".claude-plugin" / "plugin.json": r'^(  "version": ")([^"]+)(")',
}

sys.path.insert(0, str(BUILD_DIR))
import build_pyz  # noqa: E402  (build/build_pyz.py)


def read_releases(path: Path = RELEASES) -> list[tuple[str, str]]:
    """``(version, sha256)`` per release, oldest first; ``#`` lines are comments."""
    releases = []
    for line in path.read_text(encoding="ascii").splitlines():
        if line.strip() and not line.startswith("#"):
            version, digest = line.split()
            releases.append((version, digest))
    return releases


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def current_version() -> str:
    path, pattern = next(iter(VERSION_FILES.items()))
    return re.search(pattern, path.read_text(encoding="utf-8"), re.M).group(2)


def set_version(version: str) -> None:
    for path, pattern in VERSION_FILES.items():
        text, count = re.subn(pattern, lambda m: m.group(1) + version + m.group(3),
                              path.read_text(encoding="utf-8"), count=1, flags=re.M)
        if count != 1:
            raise SystemExit(f"release: no version in {path}")
        path.write_text(text, encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    build_pyz.main(["-o", str(FRESH)])
    if COMMITTED.exists() and FRESH.read_bytes() == COMMITTED.read_bytes():
        print(f"release: {COMMITTED.relative_to(ROOT)} is up to date "
              f"(version {current_version()}); nothing to release")
        return 0
    released = read_releases()
    version = current_version()
    if version in {v for v, _ in released}:
        major, minor, patch = version_key(version)
        version = f"{major}.{minor}.{patch + 1}"
        set_version(version)
        build_pyz.main(["-o", str(FRESH)])
    if released and version_key(version) <= version_key(released[-1][0]):
        raise SystemExit(f"release: version {version} is not above {released[-1][0]}")
    shutil.copyfile(FRESH, COMMITTED)
    with RELEASES.open("a", encoding="ascii") as record:
        record.write(f"{version} {sha256(COMMITTED)}\n")
    print(f"release: {COMMITTED.relative_to(ROOT)} is version {version}; commit it with "
          f"{RELEASES.relative_to(ROOT)}, runtime/aegis/__init__.py and .claude-plugin/plugin.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
