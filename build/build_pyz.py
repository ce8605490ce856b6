"""Build ``aegis.pyz`` reproducibly from the hash-pinned lock and ``runtime/aegis``.

    python build/build_pyz.py [-o build/out/aegis.pyz]

Steps (same inputs -> same bytes):

1. For every (platform, CPython) target in build/targets.py, ``uv pip install
   --python-platform … --python-version … --require-hashes --no-deps
   --only-binary :all: --target`` the locked runtime dependencies (minus the
   distributions the stdio server never imports), so environment markers are
   evaluated for the target, not for this machine.
2. Split each install by distribution (RECORD): the pure, dependency-free
   distributions named in ROOT_DISTRIBUTIONS (the AegisDB client) go to the archive
   root, importable by every command; other pure-Python distributions go once
   into a shared ``site-packages``; compiled ones into one directory per distinct
   wheel (an abi3 wheel is stored once for all CPythons), packed into solid
   ``native/<dist>-<version>-<wheel platform>.tar.xz`` bundles, with
   ``native/layers.json`` naming each target's wheel directories and their bundle.
3. Normalize: drop byte code, console scripts (they embed the build machine's
   interpreter path) and per-install metadata (RECORD, INSTALLER, REQUESTED,
   direct_url.json); fixed permissions.
4. Let shiv build the zipapp from the shared site-packages (``--reproducible``,
   fixed SOURCE_DATE_EPOCH, the build id = hash of all dependency files, and
   build/pyz/preamble.py as ``--preamble``, which activates the native layer).
5. Re-pack shiv's archive with ``native/``, the ``aegis`` package, the root
   distributions and ``_aegis_pyz`` start-up support (plus the generated
   ``_aegis_pyz/packages.py`` naming the root packages) at the archive root and our
   ``__main__.py`` (build/pyz/),
   which serves hooks and the CLI straight from the zip and hands only ``serve``
   to shiv's ``_bootstrap``. Entries are sorted, timestamps and modes fixed.
   shiv's ``site-packages/`` goes into one stored inner zip, ``dependencies.zip``:
   zipimport parses every entry of the outer directory on each start (hooks run on
   every prompt), and only ``serve`` needs those ~600 files (it extracts them
   from the inner zip, see build/pyz/_aegis_pyz/serve.py). For the same reason the
   root packages (``aegis``, the root distributions, the rest of ``_aegis_pyz``:
   ~150 files) go into a second stored inner zip, ``packages.zip``, the first member
   of the archive; ``_aegis_pyz/packages.py`` lists where each of its members lies in
   the file (``MEMBERS``), so boot.py's finder reads one with a single seek.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import lzma
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import targets as platforms  # noqa: E402  (build/targets.py)

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
# xz filter for native bundles: the fast preset with a dictionary spanning several builds
# (within 12% of preset 6 in size, ~4x faster to build).
LZMA_FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": 1, "dict_size": 32 << 20}]
INSTALL_NOISE = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
DEPENDENCIES = "dependencies.zip"      # inner archive: shiv's site-packages (serve only)
PACKAGES_ARCHIVE = "packages.zip"      # inner archive: the root packages (every command)
PACKAGES_MODULE = "_aegis_pyz/packages.py"   # generated: what the archive root serves
# what stays in the outer directory besides the serve-only members (shiv's bootstrap,
# environment.json, dependencies.zip, native/): what runs before boot.py's finder can
# read packages.zip, and the recorded import order that tests read from outside
OUTER_FILES = frozenset({"__main__.py", "_aegis_pyz/__init__.py", "_aegis_pyz/start.py",
                         "_aegis_pyz/boot.py", "_aegis_pyz/server_imports.txt"})
LOCAL_HEADER_SIZE = 30                 # a zip member's local header, before its name


def run(cmd: list[str], **kwargs) -> None:
    subprocess.run(cmd, check=True, **kwargs)


def filtered_lock(lock: Path, excluded: frozenset, output: Path) -> Path:
    """The lock without the blocks (requirement line + hashes) of excluded distributions."""
    kept, keep = [], True
    for line in lock.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            name = line.split("==")[0].strip().lower().replace("_", "-")
            keep = name not in excluded
        if keep:
            kept.append(line)
    output.write_text("\n".join(kept) + "\n")
    return output


def install_target(lock: Path, target: Path, platform: str, python: str) -> None:
    """Install exactly the locked wheels for one target (hash-checked, no resolution)."""
    run([sys.executable, "-m", "uv", "pip", "install", "--quiet", "--target", str(target),
         "--python-platform", platforms.PLATFORMS[platform], "--python-version", python,
         "--require-hashes", "--no-deps", "--only-binary", ":all:", "--no-compile",
         "-r", str(lock)])


def distributions(site: Path) -> dict[str, dict]:
    """name -> {version, pure, tag, files} for every distribution installed in ``site``."""
    found = {}
    for info in sorted(site.glob("*.dist-info")):
        meta = dict(line.split(": ", 1) for line in (info / "METADATA").read_text(
            encoding="utf-8").split("\n\n")[0].splitlines() if ": " in line)
        wheel = (info / "WHEEL").read_text().splitlines()
        tags = [line.split(": ", 1)[1] for line in wheel if line.startswith("Tag: ")]
        files = [row.split(",")[0] for row in (info / "RECORD").read_text().splitlines()
                 if row.strip()]
        requires = [line.split(": ", 1)[1] for line in (info / "METADATA").read_text(
            encoding="utf-8").split("\n\n")[0].splitlines()
            if line.startswith("Requires-Dist: ") and "extra ==" not in line]
        name = meta["Name"].lower().replace("_", "-").replace(".", "-")
        found[name] = {
            "version": meta["Version"],
            "pure": "Root-Is-Purelib: true" in wheel,
            "requires": requires,
            "tag": tags[0],
            "dist_info": info.name,
            "files": [f for f in files if not f.startswith(("bin/", "../"))],
        }
    return found


def copy_files(site: Path, files: list[str], dest: Path) -> None:
    for rel in files:
        src = site / rel
        if src.is_file():
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, out)


def stage_targets(lock: Path, work: Path) -> tuple[Path, Path, Path, dict]:
    """Install every target; return (archive-root distributions, shared pure
    site-packages, native tree, layers)."""
    root_dir, pure_dir, native_dir = work / "root", work / "site-packages", work / "native"
    for folder in (root_dir, pure_dir, native_dir):
        folder.mkdir()
    lock = filtered_lock(lock, platforms.EXCLUDED, work / "requirements.shipped.txt")
    layers, pure_versions, abi3_wheels = {}, {}, {}
    for platform, python in platforms.targets():
        site = work / "targets" / platforms.layer_name(platform, python)
        install_target(lock, site, platform, python)
        wheels, installed = [], distributions(site)
        check_root_distributions(installed)
        for name, dist in installed.items():
            if dist["pure"]:
                if name not in pure_versions:
                    pure_versions[name] = dist["version"]
                    at_root = name in platforms.ROOT_DISTRIBUTIONS
                    copy_files(site, dist["files"], root_dir if at_root else pure_dir)
                elif pure_versions[name] != dist["version"]:
                    raise SystemExit(f"{name}: {pure_versions[name]} and {dist['version']} "
                                     "resolved for different targets; pin one version")
                continue
            if name not in platforms.NATIVE:
                raise SystemExit(f"new compiled dependency {name} {dist['version']}: add it to "
                                 "NATIVE (or EXCLUDED) in build/targets.py after review")
            wheel = f"{dist['dist_info'][:-len('.dist-info')]}-{dist['tag']}"
            abi3_key = (name, dist["version"], platform) if "-abi3-" in wheel else None
            if abi3_key in abi3_wheels:           # a stable-ABI wheel built for an older
                wheel = abi3_wheels[abi3_key]     # CPython serves every newer one: keep one
            else:
                if not (native_dir / wheel).exists():
                    copy_files(site, dist["files"], native_dir / wheel)
                if abi3_key:
                    abi3_wheels[abi3_key] = wheel
            wheels.append(wheel)
        layers[platforms.layer_name(platform, python)] = sorted(wheels)
        shutil.rmtree(site)
    return root_dir, pure_dir, native_dir, layers


def check_root_distributions(installed: dict[str, dict]) -> None:
    """Every ROOT_DISTRIBUTIONS entry is installed, pure Python, and needs nothing else:
    the standard-library paths import it with nothing but the archive and the stdlib."""
    for name in platforms.ROOT_DISTRIBUTIONS:
        dist = installed.get(name)
        if dist is None:
            raise SystemExit(f"{name} (ROOT_DISTRIBUTIONS in build/targets.py) is not in the lock")
        if not dist["pure"] or dist["requires"]:
            raise SystemExit(f"{name} must be pure Python without dependencies to sit at the "
                             f"archive root (requires: {dist['requires'] or 'none'}, pure: "
                             f"{dist['pure']}); move it out of ROOT_DISTRIBUTIONS")


def root_packages(root_dir: Path) -> list[str]:
    """The import names the archive root serves: ``aegis`` and the root distributions'."""
    found = {p.name for p in root_dir.iterdir()
             if p.is_dir() and not p.name.endswith(".dist-info")}
    found |= {p.stem for p in root_dir.glob("*.py")}
    return sorted({"aegis"} | found)


def packages_module(names: list[str], members: dict[str, tuple]) -> bytes:
    """``_aegis_pyz/packages.py``: what boot.py's byte-code finder serves, generated here
    so the list of root distributions is stated once, in build/targets.py, and where
    each file of ``packages.zip`` lies in the archive."""
    rows = "".join(f"    {name!r}: {where!r},\n" for name, where in sorted(members.items()))
    return ('"""Generated by build/build_pyz.py: the top-level packages at the archive root\n'
            '(``aegis`` and build/targets.py ROOT_DISTRIBUTIONS), served from the archive\n'
            'to every command, and MEMBERS: for each file of the inner packages.zip,\n'
            '(offset of its data in aegis.pyz, stored size, size, compression method)."""\n\n'
            f"PACKAGES = {tuple(names)!r}\n"
            f"MEMBERS = {{\n{rows}}}\n").encode("utf-8")


def member_offsets(archive: bytes, base: int) -> dict[str, tuple]:
    """name -> (offset of the member's data from ``base``, stored size, size, method) for
    every member of the zip ``archive`` (which will start at ``base`` in the file)."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        for info in zf.infolist():
            header = archive[info.header_offset:info.header_offset + LOCAL_HEADER_SIZE]
            name_size = int.from_bytes(header[26:28], "little")
            extra_size = int.from_bytes(header[28:30], "little")
            if header[:4] != b"PK\x03\x04" or extra_size:
                raise SystemExit(f"{info.filename}: unexpected local header in the inner zip")
            start = base + info.header_offset + LOCAL_HEADER_SIZE + name_size
            found[info.filename] = (start, info.compress_size, info.file_size,
                                    info.compress_type)
    return found


def bundle_name(wheel: str) -> str:
    """``pydantic_core-2.50.5-manylinux2014_x86_64``: one bundle per distribution and
    wheel platform, holding that platform's builds for every CPython version."""
    name, version, _python, _abi, platform = wheel.split("-", 4)
    return f"{name}-{version}-{platform}"


def tar_bytes(root: Path, members: list[Path]) -> bytes:
    """A tar of ``members`` (relative to ``root``) with fixed metadata, sorted by path: so
    each wheel directory is one contiguous run, and the runtime stops reading a bundle
    after the last directory it wants (build/pyz/_aegis_pyz/layers.py read_wheels)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in sorted(members, key=lambda p: p.relative_to(root).as_posix()):
            info = tarfile.TarInfo(path.relative_to(root).as_posix())
            data = path.read_bytes()
            info.size, info.mtime, info.mode = len(data), SOURCE_DATE_EPOCH, FILE_MODE
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def bundle_native(native_dir: Path, out_dir: Path) -> dict[str, str]:
    """Pack ``native/<wheel>/`` dirs into solid ``.tar.xz`` bundles; return wheel -> bundle.

    Builds of one library for successive CPython versions are nearly identical, so a
    solid xz stream over them is ~2x smaller than compressing each file on its own.
    """
    groups: dict[str, list[str]] = {}
    for wheel in sorted(p.name for p in native_dir.iterdir() if p.is_dir()):
        groups.setdefault(bundle_name(wheel), []).append(wheel)

    def pack(item: tuple[str, list[str]]) -> None:
        bundle, wheels = item
        members = [p for w in wheels for p in (native_dir / w).rglob("*") if p.is_file()]
        data = lzma.compress(tar_bytes(native_dir, members), format=lzma.FORMAT_XZ,
                             check=lzma.CHECK_CRC64, filters=LZMA_FILTERS)
        (out_dir / f"{bundle}.tar.xz").write_bytes(data)

    out_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        list(pool.map(pack, sorted(groups.items())))
    return {wheel: f"{bundle}.tar.xz" for bundle, wheels in groups.items() for wheel in wheels}


def top_level_names(native_dir: Path) -> dict[str, list[str]]:
    """{wheel: the top-level import names it provides}: what may wait for a wheel that
    the server extracts late (build/pyz/_aegis_pyz/layers.py ``LateLayer``)."""
    names = {}
    for wheel in sorted(p for p in native_dir.iterdir() if p.is_dir()):
        names[wheel.name] = sorted({entry.name.split(".")[0] for entry in wheel.iterdir()
                                    if not entry.name.endswith((".dist-info", ".data"))})
    return names


def content_hash(*trees: Path) -> str:
    """sha256 over every file's relative path and bytes: the shiv build id."""
    digest = hashlib.sha256()
    for tree in trees:
        files = [tree] if tree.is_file() else sorted(p for p in tree.rglob("*") if p.is_file())
        for path in files:
            rel = path.name if path == tree else path.relative_to(tree).as_posix()
            digest.update(f"{tree.name}/{rel}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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


def shiv_build(site_packages: Path, output: Path, build_id: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(SOURCE_DATE_EPOCH))
    run([sys.executable, "-m", "shiv", "--site-packages", str(site_packages), "--reproducible",
         "--entry-point", ENTRY_POINT, "--python", "/usr/bin/env python3",
         "--preamble", str(PYZ_SUPPORT_DIR / "preamble.py"), "--build-id", build_id,
         "--output-file", str(output)], env=env, stdout=subprocess.DEVNULL)  # build-id notice


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


STORED_SUFFIXES = (".xz", ".zip", ".bin", "/neighbours.txt")
# what every run reads from the archive before its byte-code cache: inflating them would
# cost each run a decompressor set-up for a few hundred bytes
STORED_NAMES = frozenset({"__main__.py", "_aegis_pyz/start.py"})


def zip_entry(name: str) -> zipfile.ZipInfo:
    """Fixed metadata; deflate, except the already-compressed bundles and inner archive,
    and the local embedding model (``.bin``): int8 rows barely compress, and inflating
    them cost every process that loads the model ~40 ms; stored, it is one read. So is
    keyword search's neighbour table (``neighbours.txt``, 0.8 MB), which every recall
    hook reads: inflating it cost ~3 ms."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    info.compress_type = (zipfile.ZIP_STORED if name.endswith(STORED_SUFFIXES)
                          or name in STORED_NAMES else zipfile.ZIP_DEFLATED)
    info.create_system = 3                       # unix, whatever the build OS
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def write_entries(fd, entries: list[tuple[str, bytes]], first: str | None = None) -> None:
    """Write ``entries`` (name, bytes) sorted (``first`` before the rest), with fixed
    metadata, as a zip into ``fd``."""
    with zipfile.ZipFile(fd, "w") as dst:
        for name, data in sorted(entries, key=lambda entry: (entry[0] != first, entry[0])):
            dst.writestr(zip_entry(name), data, compresslevel=9)


def repack(shiv_pyz: Path, root_dir: Path, native_dir: Path, output: Path) -> None:
    """Write the final archive: our root files, the root distributions and native
    layers, shiv's bootstrap, and shiv's ``site-packages`` (plus a copy of
    ``environment.json``) inside one stored member, ``DEPENDENCIES`` (see the module
    docstring)."""
    ours = ([(n, p) for n, p in source_files(PYZ_SUPPORT_DIR, "") if n != "preamble.py"]
            + source_files(PACKAGE_DIR, "aegis/")
            + [(p.relative_to(root_dir).as_posix(), p) for p in root_dir.rglob("*")
               if p.is_file()]
            + [(f"native/{p.relative_to(native_dir).as_posix()}", p)
               for p in native_dir.rglob("*") if p.is_file()])
    names = {name for name, _ in ours}
    with zipfile.ZipFile(shiv_pyz) as src:
        shiv_entries = [(info.filename, src.read(info)) for info in src.infolist()
                        if not info.is_dir() and info.filename not in names]
    inner = [(n, d) for n, d in shiv_entries
             if n.startswith("site-packages/") or n == "environment.json"]
    dependencies = io.BytesIO()
    write_entries(dependencies, inner)
    files = [(name, path.read_bytes()) for name, path in ours]
    outer = [(name, data) for name, data in files
             if name in OUTER_FILES or name.startswith("native/")]
    packages = io.BytesIO()
    write_entries(packages, [entry for entry in files if entry not in outer])
    # packages.zip is the archive's first member: its data starts right after the
    # shebang and its local header, so the offsets are known before the rest is written
    base = len(SHEBANG) + LOCAL_HEADER_SIZE + len(PACKAGES_ARCHIVE)
    members = member_offsets(packages.getvalue(), base)
    entries = outer + [(PACKAGES_ARCHIVE, packages.getvalue()),
                       (PACKAGES_MODULE, packages_module(root_packages(root_dir), members))]
    entries += [(n, d) for n, d in shiv_entries if not n.startswith("site-packages/")]
    entries.append((DEPENDENCIES, dependencies.getvalue()))
    tmp = output.with_name(output.name + ".tmp")
    with open(tmp, "wb") as fd:
        fd.write(SHEBANG)
        write_entries(fd, entries, first=PACKAGES_ARCHIVE)
    with zipfile.ZipFile(tmp) as check:             # the offsets hold in the written file
        info = check.getinfo(PACKAGES_ARCHIVE)
        if (info.header_offset != len(SHEBANG) or info.compress_type != zipfile.ZIP_STORED
                or info.extra):
            raise SystemExit(f"{PACKAGES_ARCHIVE} is not the first, stored member")
    tmp.chmod(0o755)
    os.replace(tmp, output)


def build(output: Path, lock: Path = DEFAULT_LOCK) -> str:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aegis-build-") as tmp:
        root_dir, pure_dir, native_dir, layers = stage_targets(lock.resolve(), Path(tmp))
        for tree in (root_dir, pure_dir, native_dir):
            normalize_tree(tree)
        bundles_dir = Path(tmp) / "bundles" / "native"
        bundles = bundle_native(native_dir, bundles_dir)
        (bundles_dir / "layers.json").write_text(json.dumps(
            {"layers": layers, "bundles": bundles, "top_level": top_level_names(native_dir)},
            indent=1, sort_keys=True) + "\n")
        shiv_pyz = Path(tmp) / "shiv.pyz"
        # everything shiv's bootstrap extracts or runs from the extraction dir
        build_id = content_hash(pure_dir, bundles_dir, PYZ_SUPPORT_DIR / "preamble.py")
        shiv_build(pure_dir, shiv_pyz, build_id)
        repack(shiv_pyz, root_dir, bundles_dir, output)
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
