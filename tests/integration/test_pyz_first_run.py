"""The server's first run after an install or update: the private extraction and the
compile helper (build/pyz/_aegis_pyz/extract.py, precompile.py) in the built pyz."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import stat
import sys
import zipfile
from pathlib import Path

IMPORTS = "_aegis_pyz/server_imports.txt"
WRITE_BYTECODE = {"PYTHONDONTWRITEBYTECODE": ""}      # the test run may have it set


def shipped_imports(pyz: Path) -> tuple[str, list[str]]:
    """(the header, the lines) of the recorded import order in the archive."""
    text = zipfile.ZipFile(pyz).read(IMPORTS).decode("utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    return header, [line for line in text.splitlines() if line and not line.startswith("#")]


def extracted_site_packages(data_dir: Path, pyz: Path) -> Path:
    build_id = json.loads(zipfile.ZipFile(pyz).read("environment.json"))["build_id"]
    return data_dir / "runtime" / f"{pyz.name}_{build_id}" / "site-packages"


def test_the_recorded_import_order_covers_what_the_server_imports(run_pyz, pyz):
    result = run_pyz("--pyz-server-check", timeout=300)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    imported = json.loads(result.stdout)["imports"]
    header, shipped = shipped_imports(pyz)
    assert len(imported) > 200 and imported[0].startswith(("root ", "site-packages/"))
    with zipfile.ZipFile(pyz) as outer:
        inner = set(zipfile.ZipFile(io.BytesIO(outer.read("dependencies.zip"))).namelist())
    gone = [line for line in shipped if line.startswith("site-packages/") and line not in inner]
    assert not gone, f"{IMPORTS} names files the build no longer ships: {gone[:5]}"
    missing = [line for line in imported if line not in set(shipped)]
    regenerate = "regenerate it: python build/record_server_imports.py, then rebuild"
    if f"CPython {sys.version_info[0]}.{sys.version_info[1]}" in header:
        assert not missing, f"{IMPORTS} misses {missing[:5]}; {regenerate}"
    else:      # another CPython imports a slightly different set (backports, stdlib moves)
        assert len(missing) <= len(imported) // 10, f"{IMPORTS} misses {missing[:5]}; {regenerate}"


def test_the_first_run_helper_compiles_what_the_server_would(run_pyz, pyz, data_dir):
    # extract without compiling anything (and so without the helper), then run the helper
    first = run_pyz("--pyz-server-check", env={"PYTHONDONTWRITEBYTECODE": "1"}, timeout=300)
    assert first.returncode == 0, first.stderr.decode(errors="replace")
    site = extracted_site_packages(data_dir, pyz)
    assert site.is_dir() and not list(site.rglob("*.pyc"))
    cache = data_dir / "runtime" / "bytecode" / sys.implementation.cache_tag
    for entry in cache.iterdir():            # boot.py's cache of the archive-root modules
        entry.unlink()
    helper = run_pyz("--pyz-precompile", str(site), env=WRITE_BYTECODE, timeout=300)
    assert helper.returncode == 0 and helper.stdout == b"" and helper.stderr == b"", helper

    _, shipped = shipped_imports(pyz)
    sources = [site / line[len("site-packages/"):] for line in shipped
               if line.startswith("site-packages/")]
    sources = [s for s in sources if s.is_file()]
    assert len(sources) > 200
    pycs = {}
    for source in sources:
        pyc = Path(importlib.util.cache_from_source(str(source)))
        data = pyc.read_bytes()
        assert data[:4] == importlib.util.MAGIC_NUMBER, pyc
        assert int.from_bytes(data[4:8], "little") == 0, f"{pyc} is not a timestamp pyc"
        if os.name == "posix":
            assert stat.S_IMODE(pyc.stat().st_mode) == 0o600, pyc
            assert stat.S_IMODE(pyc.parent.stat().st_mode) == 0o700, pyc.parent
        pycs[pyc] = pyc.stat().st_mtime_ns
    assert any(p.name.startswith("aegis.server.") for p in cache.iterdir())

    # the import system takes them as they are: nothing is compiled or written again
    again = run_pyz("--pyz-server-check", env=WRITE_BYTECODE, timeout=300)
    assert again.returncode == 0, again.stderr.decode(errors="replace")
    assert {p: p.stat().st_mtime_ns for p in pycs} == pycs


def test_a_bad_helper_argument_is_refused_quietly(run_pyz, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in ([], [str(empty / "missing")], [str(empty), "extra"]):
        result = run_pyz("--pyz-precompile", *args, env=WRITE_BYTECODE)
        assert result.returncode == 2 and result.stdout == b"" and result.stderr == b"", args
    assert not any(empty.rglob("*"))


def test_the_extracted_tree_is_private_from_the_start(run_pyz, pyz, data_dir):
    result = run_pyz("--pyz-server-check", timeout=300)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    site = extracted_site_packages(data_dir, pyz)
    with zipfile.ZipFile(pyz) as outer:
        inner = zipfile.ZipFile(io.BytesIO(outer.read("dependencies.zip")))
        members = {i.filename: i.file_size for i in inner.infolist()
                   if i.filename.startswith("site-packages/") and not i.is_dir()}
        sample = sorted(members)[::50]
        for name in sample:                    # the bytes are the archive's
            assert (site.parent / name).read_bytes() == inner.read(name), name
    written = {p.relative_to(site.parent).as_posix(): p.stat().st_size
               for p in site.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert written == members
    if os.name == "posix":
        for path in [site, *site.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert not (site.parent.parent / f"{site.parent.name}.tmp").exists()

