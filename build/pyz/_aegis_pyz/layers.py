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
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import sys
import tarfile
import zipfile
from pathlib import Path

LAYERS_JSON = "native/layers.json"

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


def extract_wheels(archive: zipfile.ZipFile, bundle: str, wheels: list[str],
                   native_root: Path) -> None:
    """Extract ``wheels`` from ``native/<bundle>`` once each (safe against races and kills)."""
    from _bootstrap.filelock import FileLock      # shiv's own lock, shipped in the archive
    missing = [w for w in wheels if not (native_root / w).is_dir()]
    if not missing:
        return
    native_root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(native_root / f".{bundle}_lock")):
        missing = [w for w in missing if not (native_root / w).is_dir()]
        if not missing:
            return
        tmp = {w: native_root / f"{w}.tmp" for w in missing}
        for path in tmp.values():
            shutil.rmtree(path, ignore_errors=True)   # left by a killed run: never trusted
        with archive.open(f"native/{bundle}") as raw, tarfile.open(fileobj=raw, mode="r|xz") as tar:
            for member in tar:
                wheel, _, rel = member.name.partition("/")
                if wheel not in tmp or not member.isfile():
                    continue
                if rel.startswith("/") or ".." in rel.split("/"):
                    raise OSError(f"unsafe path in {bundle}: {member.name}")
                path = tmp[wheel] / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, open(path, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        for wheel, path in tmp.items():
            os.replace(path, native_root / wheel)


def activate(archive_path: str, site_packages: Path, key: str | None = None) -> list[Path]:
    """Extract this interpreter's native layer and put it on ``sys.path``."""
    key = key or current_key()
    native_root = Path(site_packages).parent / "native"
    with zipfile.ZipFile(archive_path) as archive:
        manifest = read_layers(archive)
        wheels = select(manifest, key)
        by_bundle: dict = {}
        for wheel in wheels:
            by_bundle.setdefault(manifest["bundles"][wheel], []).append(wheel)
        for bundle, members in sorted(by_bundle.items()):
            extract_wheels(archive, bundle, members, native_root)
    paths = [native_root / wheel for wheel in wheels]
    where = str(site_packages)
    index = sys.path.index(where) if where in sys.path else len(sys.path)
    sys.path[index:index] = [str(p) for p in paths]
    return paths
