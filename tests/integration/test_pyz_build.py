"""The built zipapp: reproducible bytes, a fast path that never extracts, isolation from the
user's site-packages, and a server path that runs on the bundled dependencies."""

from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT

BUILD_SCRIPT = ROOT / "build" / "build_pyz.py"
# reached only through `serve` (shiv's site-packages); the root packages (aegis, the
# aegisdb client) are importable by every command: tests/integration/test_pyz_imports.py
SERVER_ONLY = ("mcp", "pydantic", "pydantic_core", "anyio", "starlette", "httpx2", "_bootstrap")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def base_python() -> str:
    """The interpreter behind this venv: a venv disables the user site, a plain python doesn't."""
    return getattr(sys, "_base_executable", None) or sys.executable


def run_json(cmd: list[str], env: dict, cwd: Path) -> dict:
    result = subprocess.run(cmd, capture_output=True, env=env, cwd=cwd, timeout=300)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return json.loads(result.stdout)


def build(output: Path) -> Path:
    result = subprocess.run([sys.executable, str(BUILD_SCRIPT), "-o", str(output)],
                            capture_output=True, timeout=900)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]
    return output


def test_build_is_reproducible(tmp_path, pyz):
    """A second build from the same inputs is byte-identical.

    Under `make test` AEGIS_PYZ is the fresh build from build/out, so one more build
    is enough; otherwise build twice (the committed pyz may predate local edits).
    """
    first = build(tmp_path / "a" / "aegis.pyz")
    reference = pyz if os.environ.get("AEGIS_PYZ") else build(tmp_path / "b" / "aegis.pyz")
    assert sha256(first) == sha256(reference), (
        f"{first} != {reference}; entries that differ: {differing_entries(first, reference)}")


def differing_entries(a: Path, b: Path) -> list[str]:
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        left = {i.filename: (i.CRC, i.compress_size, i.external_attr) for i in za.infolist()}
        right = {i.filename: (i.CRC, i.compress_size, i.external_attr) for i in zb.infolist()}
    return sorted(n for n in set(left) | set(right) if left.get(n) != right.get(n))


def test_archive_layout(pyz):
    with zipfile.ZipFile(pyz) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        environment = json.loads(zf.read("environment.json"))
        main = zf.read("__main__.py").decode()
        boot = zf.read("_aegis_pyz/boot.py").decode()
        # the dependency tree (serve only) is one stored inner zip: zipimport reads the
        # outer directory on every start, so it stays small (~1 µs an entry; ours are ~150)
        with zipfile.ZipFile(io.BytesIO(zf.read("dependencies.zip"))) as deps:
            dep_infos = deps.infolist()
            dep_environment = json.loads(deps.read("environment.json"))
        # so are the root packages, in the first member: read through packages.py's index
        packages = zf.read("packages.zip")
        with zipfile.ZipFile(io.BytesIO(packages)) as inner:
            root_infos = inner.infolist()
            root_files = {i.filename: inner.read(i) for i in root_infos}
    dep_names = [i.filename for i in dep_infos]
    root_names = [i.filename for i in root_infos]
    data = pyz.read_bytes()
    assert data.startswith(b"#!/usr/bin/env python3\n")
    assert names[0] == "packages.zip" and names[1:] == sorted(names[1:])
    assert dep_names == sorted(dep_names) and root_names == sorted(root_names)
    assert {"__main__.py", "_aegis_pyz/start.py", "_aegis_pyz/boot.py", "_aegis_pyz/packages.py",
            "_bootstrap/__init__.py"} <= set(names)
    assert {"aegis/__init__.py", "aegis/cli.py", "_aegis_pyz/serve.py"} <= set(root_names)
    assert not set(names) & set(root_names)
    assert not any(n.startswith("site-packages/") for n in names) and len(names) < 40
    for name in ("dependencies.zip", "packages.zip"):
        assert infos[names.index(name)].compress_type == zipfile.ZIP_STORED
    assert any(n.startswith("site-packages/mcp/") for n in dep_names)
    assert dep_environment == environment
    # aegis is served from the archive root, never duplicated into the extracted deps
    assert not any(n.startswith("site-packages/aegis/") for n in dep_names)
    # nothing that varies between machines or installs
    assert not any(n.endswith((".pyc", "/RECORD", "/INSTALLER", "/direct_url.json"))
                   for n in names + dep_names)
    # console scripts embed the build machine's python; only shiv's preamble hook lives in bin/
    assert [n for n in dep_names if n.startswith("site-packages/bin/")] == [
        "site-packages/bin/preamble.py"]
    assert {i.date_time for i in infos + dep_infos + root_infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos + dep_infos + root_infos} == {0o100644}
    assert len(environment["build_id"]) == 64 and environment["reproducible"] is True
    assert "_aegis_pyz/start.py" in main
    assert "_aegis_pyz/boot.py" in zf_read(pyz, "_aegis_pyz/start.py").decode()
    assert "_aegis_pyz.serve" in boot and "aegis.hooks" in boot
    # the pure client every command may need sits at the root, once, beside aegis/
    assert "aegisdb/__init__.py" in root_names
    assert not any(n.startswith("site-packages/aegisdb") for n in dep_names)
    generated = {}
    exec(zf_read(pyz, "_aegis_pyz/packages.py"), generated)
    assert generated["PACKAGES"] == ("aegis", "aegisdb")
    # the index names every file of packages.zip where its bytes lie in the archive
    assert sorted(generated["MEMBERS"]) == root_names
    for name, (offset, size, length, method) in generated["MEMBERS"].items():
        raw = data[offset:offset + size]
        assert (zlib.decompress(raw, -15) if method == 8 else raw) == root_files[name], name


def test_the_archive_main_is_a_few_stored_lines(pyz):
    """runpy compiles the archive's ``__main__.py`` twice on every run (hooks run on every
    prompt) and nothing can serve it from a cache: it stays a handful of lines, no
    functions, stored (no decompressor for it), and hands over to ``_aegis_pyz/start.py``,
    compiled once."""
    with zipfile.ZipFile(pyz) as zf:
        info = zf.getinfo("__main__.py")
        main = zf.read(info)
        start = zf.getinfo("_aegis_pyz/start.py")
    tree = ast.parse(main)
    assert len(main) < 600 and len(main.splitlines()) <= 12
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assert info.compress_type == start.compress_type == zipfile.ZIP_STORED
    assert b"_aegis_pyz/start.py" in main


def zf_read(pyz: Path, name: str) -> bytes:
    with zipfile.ZipFile(pyz) as zf:
        return zf.read(name)


def test_fast_path_imports_no_dependency_and_extracts_nothing(run_pyz, data_dir, isolated_env):
    version = run_pyz("version")
    assert version.returncode == 0 and b"aegis" in version.stdout
    hook = run_pyz("hook", "user-prompt-submit", input=b"")
    assert hook.returncode == 0 and hook.stderr == b""
    info = json.loads(run_pyz("--pyz-info").stdout)
    loaded = {m.split(".")[0] for m in info["modules"]}
    assert not loaded & set(SERVER_ONLY), loaded & set(SERVER_ONLY)
    runtime = data_dir / "runtime"
    names = sorted(p.name for p in runtime.iterdir())
    # the byte-code cache and aegis.fastre's regex programs (regex.<tag>): no extraction
    assert [name for name in names if not name.startswith("regex.")] == ["bytecode"], names
    assert not list(runtime.rglob("site-packages")) and not (isolated_env / ".shiv").exists()


def test_fast_path_caches_byte_code_and_survives_a_corrupt_cache(run_pyz, data_dir, pyz):
    first = run_pyz("version")
    assert first.returncode == 0
    [cache] = list((data_dir / "runtime" / "bytecode").iterdir())
    entries = sorted(p.name for p in cache.iterdir())
    assert any(name.startswith("aegis.cli.") for name in entries)
    for path in cache.iterdir():              # garbage in every entry: recompiled, not trusted
        path.write_bytes(b"not marshal data")
    again = run_pyz("version")
    assert again.returncode == 0 and again.stdout == first.stdout and again.stderr == b""
    info = json.loads(run_pyz("--pyz-info").stdout)
    assert info["build_id"]
    saved = run_pyz("remember", "cache check: the fast path still saves")
    assert saved.returncode == 0, saved.stderr
    found = run_pyz("search", "--json", "fast path still saves")
    assert found.returncode == 0 and b"cache check" in found.stdout


def user_site(userbase: Path, python: str) -> Path:
    out = subprocess.run([python, "-c", "import site; print(site.getusersitepackages())"],
                         capture_output=True, text=True, env=dict(os.environ,
                                                                  PYTHONUSERBASE=str(userbase)),
                         check=True)
    return Path(out.stdout.strip())


def poison(site_dir: Path, marker: Path) -> None:
    """Packages that record being imported: a user-site copy must never be used."""
    for name in ("mcp", "pydantic", "aegis", "aegis_probe"):
        pkg = site_dir / name
        pkg.mkdir(parents=True, exist_ok=True)
        (pkg / "__init__.py").write_text(
            f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n")


def test_user_site_packages_are_invisible(pyz, tmp_path, project):
    python = base_python()
    userbase = tmp_path / "userbase"
    site_dir = user_site(userbase, python)
    extra = tmp_path / "pythonpath"
    marker = tmp_path / "poisoned.txt"
    poison(site_dir, marker)
    poison(extra, marker)
    env = dict(os.environ, PYTHONUSERBASE=str(userbase), PYTHONPATH=str(extra))
    env.pop("PYTHONNOUSERSITE", None)

    # control: the same interpreter and environment do see the poisoned packages
    control = subprocess.run([python, "-c", "import sys, aegis_probe; print(sys.path)"],
                             capture_output=True, text=True, env=env, cwd=project)
    assert control.returncode == 0, control.stderr
    assert str(site_dir) in control.stdout and marker.read_text() == "aegis_probe\n"
    marker.unlink()

    info = run_json([python, str(pyz), "--pyz-info"], env, project)
    assert str(site_dir) not in info["sys_path"] and str(extra) not in info["sys_path"]
    assert not any("site-packages" in p or "dist-packages" in p for p in info["sys_path"])
    assert info["sys_path"][0] == str(pyz)
    for args in (["version"], ["hook", "user-prompt-submit"]):
        result = subprocess.run([python, str(pyz), *args], capture_output=True, env=env,
                                cwd=project, stdin=subprocess.DEVNULL, timeout=60)
        assert result.returncode == 0, result.stderr
    check = run_json([python, str(pyz), "--pyz-server-check"], env, project)
    assert not marker.exists(), marker.read_text()
    assert all(str(site_dir) not in (f or "") for f in check["origins"].values())


def test_server_path_runs_on_bundled_dependencies(run_pyz, pyz, data_dir, tmp_path):
    hijack = tmp_path / "elsewhere"
    result = run_pyz("--pyz-server-check",
                     env={"SHIV_ROOT": str(hijack), "SHIV_ENTRY_POINT": "os:abort"})
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    report = json.loads(result.stdout)
    build_id = json.loads(zipfile.ZipFile(pyz).read("environment.json"))["build_id"]
    extracted = data_dir / "runtime" / f"{pyz.name}_{build_id}"
    assert report["shiv_root"] == str(data_dir / "runtime")
    for name in ("mcp", "mcp.server.stdio", "pydantic", "pydantic_core", "anyio"):
        assert Path(report["origins"][name]).is_relative_to(extracted), (name, report)
    assert report["origins"]["aegis"].startswith(str(pyz))
    assert report["origins"]["aegisdb"] == str(pyz / "aegisdb" / "__init__.py")   # the root copy
    assert not hijack.exists()
    assert oct((data_dir / "runtime").stat().st_mode & 0o777) == oct(0o700)


def test_serve_reaches_the_server_entry_point(run_pyz):
    """`serve` goes through the bootstrap to aegis.cli/aegis.server, not the fast path."""
    if not (ROOT / "runtime" / "aegis" / "server.py").exists():
        pytest.skip("aegis/server.py has not landed yet")
    result = run_pyz("serve", "--help")
    assert result.returncode == 0, result.stderr.decode(errors="replace")


def test_a_hook_from_an_archive_missing_its_start_up_exits_0_silently(tmp_path, project):
    damaged = tmp_path / "damaged.pyz"
    with zipfile.ZipFile(damaged, "w") as archive:
        archive.write(ROOT / "build" / "pyz" / "__main__.py", "__main__.py")
    done = subprocess.run([sys.executable, str(damaged), "hook", "user-prompt-submit"],
                          input=b'{"prompt": "hi"}', capture_output=True, cwd=project,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, b"", b"")
