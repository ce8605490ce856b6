"""One pyz for every supported interpreter: the native layers it carries, the selector that
picks one at start-up, every local CPython running it, and first-run extraction under
stress (read-only HOME, 8 concurrent first runs, a kill mid-extraction)."""

from __future__ import annotations

import io
import json
import lzma
import os
import signal
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "build"))
sys.path.insert(0, str(ROOT / "build" / "pyz"))
import targets  # noqa: E402  (build/targets.py: the supported matrix)
from _aegis_pyz import layers as selector  # noqa: E402
from _aegis_pyz.serve import remove_stale_builds  # noqa: E402

PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
EXTENSION_MODULES = {            # distribution -> compiled module it must provide
    "pydantic_core": "pydantic_core/_pydantic_core",
    "cryptography": "cryptography/hazmat/bindings/_rust",
    "cffi": "_cffi_backend",
}
ELF_MACHINE = {"x86_64": 0x3E, "aarch64": 0xB7}
MACHO_CPU = {"x86_64": 0x01000007, "arm64": 0x0100000C}


def manifest(pyz: Path) -> dict:
    with zipfile.ZipFile(pyz) as zf:
        return json.loads(zf.read("native/layers.json"))


# ------------------------------------------------------------------ selector

@pytest.mark.parametrize("os_name, machine, version, expected", [
    ("linux", "x86_64", (3, 12), "linux-x86_64-cp312"),
    ("linux", "aarch64", (3, 10), "linux-aarch64-cp310"),
    ("linux", "arm64", (3, 14), "linux-aarch64-cp314"),
    ("darwin", "arm64", (3, 13), "macos-arm64-cp313"),
    ("darwin", "x86_64", (3, 11), "macos-x86_64-cp311"),
    ("win32", "AMD64", (3, 14), "windows-amd64-cp314"),
    ("linux", "x86_64", (3, 15), "linux-x86_64-cp315"),
    ("linux", "aarch64", (3, 15), "linux-aarch64-cp315"),
    ("darwin", "arm64", (3, 15), "macos-arm64-cp315"),
    ("darwin", "x86_64", (3, 15), "macos-x86_64-cp315"),
    ("win32", "AMD64", (3, 15), "windows-amd64-cp315"),
])
def test_selector_picks_the_layer_for_each_supported_triple(pyz, os_name, machine, version,
                                                             expected):
    key = selector.layer_key(os_name, machine, version)
    assert key == expected
    wheels = selector.select(manifest(pyz), key)
    assert sorted(w.split("-")[0] for w in wheels) == sorted(EXTENSION_MODULES)


@pytest.mark.parametrize("os_name, machine, version, implementation, bits", [
    ("linux", "x86_64", (3, 9), "cpython", 64),
    ("linux", "x86_64", (3, 16), "cpython", 64),
    ("linux", "riscv64", (3, 12), "cpython", 64),
    ("freebsd14", "amd64", (3, 12), "cpython", 64),
    ("win32", "ARM64", (3, 12), "cpython", 64),
    ("win32", "x86", (3, 12), "cpython", 32),
    ("linux", "x86_64", (3, 11), "pypy", 64),
])
def test_selector_refuses_unknown_triples_in_one_clear_line(pyz, os_name, machine, version,
                                                            implementation, bits):
    key = selector.layer_key(os_name, machine, version, implementation, bits)
    with pytest.raises(selector.UnsupportedInterpreter) as info:
        selector.select(manifest(pyz), key)
    message = str(info.value)
    assert "\n" not in message and key in message
    span = f"CPython {targets.PYTHONS[0]}-{targets.PYTHONS[-1]}"
    assert span == "CPython 3.10-3.15"
    assert span in message and "macos-arm64" in message


# ------------------------------------------------------------------ structure per target

SIZE_BUDGET_MB = 60            # what a plugin install downloads; one more CPython costs ~2 MB


def test_the_archive_stays_within_its_size_budget(pyz):
    assert pyz.stat().st_size <= SIZE_BUDGET_MB * 1e6, f"{pyz.stat().st_size / 1e6:.1f} MB"


def binary_matches(data: bytes, platform: str) -> bool:
    """The shared library really is for ``platform`` (ELF/Mach-O/PE machine field)."""
    system, arch = platform.split("-", 1)
    if system == "linux":
        return data[:4] == b"\x7fELF" and struct.unpack_from("<H", data, 18)[0] == ELF_MACHINE[arch]
    if system == "macos":
        magic = data[:4]
        if magic == b"\xca\xfe\xba\xbe":                      # universal: list the slices
            count = struct.unpack_from(">I", data, 4)[0]
            cpus = {struct.unpack_from(">I", data, 8 + 20 * i)[0] for i in range(count)}
            return MACHO_CPU[arch] in cpus
        return magic == b"\xcf\xfa\xed\xfe" and struct.unpack_from("<I", data, 4)[0] == MACHO_CPU[arch]
    if system == "windows":
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        return data[pe:pe + 4] == b"PE\0\0" and struct.unpack_from("<H", data, pe + 4)[0] == 0x8664
    return False


def version_tag_ok(path: str, platform: str, python: str) -> bool:
    """Built for this CPython: its own version tag, or a stable-ABI build for an older one."""
    wheel, filename = path.split("/", 1)[0], path.rsplit("/", 1)[1]
    minor = int(python.split(".")[1])
    if "-abi3-" in wheel:
        built_for = wheel.split("-")[2]                     # e.g. cp39
        return int(built_for[3:]) <= minor
    if platform.startswith("windows"):
        return f".cp3{minor}-win_amd64.pyd" in filename
    return f".cpython-3{minor}-" in filename


def test_every_target_layer_has_each_native_module_with_the_right_tags(pyz):
    data = manifest(pyz)
    expected = {targets.layer_name(p, v) for p, v in targets.targets()}
    assert set(data["layers"]) == expected
    # the compiled files of every bundle, read once
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(pyz) as zf:
        for bundle in sorted(set(data["bundles"].values())):
            raw = lzma.decompress(zf.read(f"native/{bundle}"))
            with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
                for member in tar.getmembers():
                    if member.name.endswith((".so", ".pyd")):
                        files[member.name] = tar.extractfile(member).read(4096)
    for platform, python in targets.targets():
        wheels = data["layers"][targets.layer_name(platform, python)]
        for dist, module in EXTENSION_MODULES.items():
            [wheel] = [w for w in wheels if w.split("-")[0] == dist]
            found = [name for name in files if name.startswith(f"{wheel}/{module}.")]
            assert len(found) == 1, (platform, python, dist, found)
            assert binary_matches(files[found[0]], platform), found[0]
            assert version_tag_ok(found[0], platform, python), found[0]


def test_import_audit_native_dependencies_are_exactly_the_reviewed_set(pyz, run_pyz):
    """A new compiled dependency must fail here (and the build) until it is reviewed."""
    shipped = {w.split("-")[0].replace("_", "-")
               for w in manifest(pyz)["bundles"]}
    assert shipped == set(targets.NATIVE)
    report = json.loads(run_pyz("--pyz-server-check").stdout)
    assert set(report["compiled_modules"]) == {
        m.replace("/", ".") for m in EXTENSION_MODULES.values()}
    assert report["foreign_modules"] == []
    with zipfile.ZipFile(pyz) as zf, zipfile.ZipFile(io.BytesIO(zf.read("dependencies.zip"))) as deps:
        names = deps.namelist()
    assert any(n.startswith("site-packages/mcp/") for n in names)
    for excluded in ("jsonschema/", "rpds/", "jwt/", "referencing/", "win32/"):
        assert not any(n.startswith(f"site-packages/{excluded}") for n in names), excluded


# ------------------------------------------------------------------ every local CPython

def local_pythons(minimum: tuple) -> list[Path]:
    found = []
    for path in sorted(PYENV.glob("3.*/bin/python3")):
        version = tuple(int(x) for x in path.parent.parent.name.split(".")[:2])
        if version >= minimum:
            found.append(path)
    if not found:
        pytest.skip(f"no pyenv CPython >= {minimum} under {PYENV}")
    return found


def run(python: Path, pyz: Path, *args: str, cwd: Path, input: bytes = b"",
        env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), str(pyz), *args], input=input, capture_output=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout)


def test_cli_round_trip_on_every_local_cpython_from_3_9(pyz, project, tmp_path):
    for python in local_pythons((3, 9)):
        env = {"AEGIS_DATA_DIR": str(tmp_path / python.parent.parent.name)}
        version = run(python, pyz, "version", cwd=project, env=env)
        assert version.returncode == 0 and b"aegis" in version.stdout, (python, version.stderr)
        saved = run(python, pyz, "remember", "--json", "blue-green deploys need a drain step",
                    cwd=project, env=env)
        assert saved.returncode == 0, (python, saved.stderr)
        found = run(python, pyz, "search", "--json", "drain step", cwd=project, env=env)
        assert found.returncode == 0, (python, found.stderr)
        assert "drain step" in found.stdout.decode(), python
        hook = run(python, pyz, "hook", "user-prompt-submit", cwd=project, env=env)
        assert hook.returncode == 0 and b"Traceback" not in hook.stderr, python


def test_hooks_exit_quietly_even_on_a_python_older_than_supported(pyz, project):
    old = sorted(PYENV.glob("3.8*/bin/python3"))
    if not old:
        pytest.skip("no CPython 3.8 here")
    result = run(old[0], pyz, "hook", "user-prompt-submit", cwd=project,
                 input=b'{"prompt": "hello"}')
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip() in (b"",) or result.stdout.strip().startswith(b"{")


@pytest.mark.parametrize("series", ["3.8", "3.6"])      # 3.6: python3 of RHEL/CentOS 7
def test_the_server_refusal_on_a_python_older_than_3_9_claims_nothing_for_the_cli(
        pyz, project, series):
    old = sorted(PYENV.glob(f"{series}.*/bin/python3"))
    if not old:
        pytest.skip(f"no CPython {series} here")
    result = run(old[0], pyz, "serve", cwd=project)
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1, lines
    assert "3.10" in lines[0] and series in lines[0] and "still work" not in lines[0], lines


def test_server_refuses_python_3_9_in_one_line(pyz, project):
    pythons = [p for p in local_pythons((3, 9)) if p.parent.parent.name.startswith("3.9.")]
    if not pythons:
        pytest.skip("no CPython 3.9 here")
    result = run(pythons[0], pyz, "serve", cwd=project)
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1, lines
    assert "3.10" in lines[0] and "3.9" in lines[0]
    assert "(hooks and the CLI still work)" in lines[0]     # true on 3.9: the CLI test above


def test_server_imports_on_every_local_cpython_from_3_10(pyz, project, tmp_path):
    for python in local_pythons((3, 10)):
        env = {"AEGIS_DATA_DIR": str(tmp_path / python.parent.parent.name)}
        result = run(python, pyz, "--pyz-server-check", cwd=project, env=env)
        assert result.returncode == 0, (python, result.stderr.decode()[-2000:])
        report = json.loads(result.stdout)
        minor = python.parent.parent.name.split(".")[1]
        assert f"cp3{minor}" in report["origins"]["pydantic_core"], report["origins"]
        assert report["foreign_modules"] == []


def test_mcp_handshake_and_tool_calls_on_every_local_cpython_from_3_10(pyz, project, tmp_path):
    if not (ROOT / "runtime" / "aegis" / "server.py").exists():
        pytest.skip("aegis/server.py has not landed yet")
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    async def handshake(python: Path, data_dir: Path) -> list[str]:
        params = StdioServerParameters(
            command=str(python), args=[str(pyz), "serve"], cwd=str(project),
            env={**os.environ, "AEGIS_DATA_DIR": str(data_dir)})
        with anyio.fail_after(180):
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as session:
                    await session.initialize()
                    tools = await session.list_tools()
                    saved = await session.call_tool("memory_save", {"text": f"saved on {python}"})
                    found = await session.call_tool("memory_search", {"query": "saved on"})
                    return ([tool.name for tool in tools.tools],
                            [json.loads(result.content[0].text) for result in (saved, found)])

    for python in local_pythons((3, 10)):
        names, (saved, found) = anyio.run(handshake, python, tmp_path / python.parent.parent.name)
        assert "memory_save" in names, python
        assert saved["ok"] is True, (python, saved)
        assert [hit["id"] for hit in found["results"]] == [saved["id"]], (python, found)


# ------------------------------------------------------------------ first-run extraction

def server_check(pyz: Path, project: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(pyz), "--pyz-server-check"], cwd=project,
                            env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def test_eight_concurrent_first_runs_share_one_extraction(pyz, project, data_dir):
    procs = [server_check(pyz, project, {}) for _ in range(8)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert code == 0, err.decode()[-2000:]
    roots = {json.loads(out)["origins"]["pydantic_core"].split("/native/")[0]
             for _, out, _ in results}
    assert len(roots) == 1
    runtime = data_dir / "runtime"
    builds = [p for p in runtime.iterdir() if p.is_dir() and p.name != "bytecode"]  # boot.py's
    assert len(builds) == 1 and not list(runtime.rglob("*.tmp"))


def test_a_run_killed_mid_extraction_does_not_break_the_next(pyz, project, data_dir):
    runtime = data_dir / "runtime"
    killed = False
    for _ in range(5):                      # catch it while a .tmp extraction dir exists
        proc = server_check(pyz, project, {})
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            # an extraction dir, not a byte-code cache entry being written (bytecode/*.tmp)
            if runtime.exists() and any(p.is_dir() for p in runtime.rglob("*.tmp")):
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stderr.close()
        if killed:
            break
        import shutil
        shutil.rmtree(runtime, ignore_errors=True)
    assert killed, "never caught a run mid-extraction"
    assert [p for p in runtime.rglob("*.tmp") if p.is_dir()], \
        "the killed run should have left a partial dir"
    result = server_check(pyz, project, {})
    out, err = result.communicate(timeout=300)
    assert result.returncode == 0, err.decode()[-2000:]
    assert json.loads(out)["foreign_modules"] == []


def test_unwritable_home_falls_back_to_a_private_temp_dir(pyz, project, tmp_path, monkeypatch):
    monkeypatch.delenv("AEGIS_DATA_DIR")
    home = tmp_path / "home-is-a-file"
    home.write_text("not a directory")     # root ignores permission bits; this cannot be written
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = server_check(pyz, project, {"HOME": str(home), "TMPDIR": str(tmp)})
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-2000:]
    root = Path(json.loads(out)["shiv_root"])
    assert root.parent == tmp and root.name.startswith("aegis-runtime-")
    assert oct(root.stat().st_mode & 0o777) == oct(0o700)


def test_stale_builds_are_removed_and_the_current_one_kept(tmp_path):
    current = "aegis.pyz_" + "a" * 64
    old = tmp_path / ("aegis.pyz_" + "b" * 64)
    recent = tmp_path / ("aegis.pyz_" + "c" * 64)
    lock = tmp_path / (".aegis.pyz_" + "b" * 64 + "_lock")
    unrelated = tmp_path / "notes"
    for path in (tmp_path / current, old, recent, unrelated):
        path.mkdir()
    lock.write_text("")
    now = time.time()
    for path in (tmp_path / current, old, lock, unrelated):
        os.utime(path, (now - 30 * 86400, now - 30 * 86400))
    removed = remove_stale_builds(tmp_path, current, now=now)
    assert sorted(removed) == sorted([old, lock])
    assert (tmp_path / current).is_dir() and recent.is_dir() and unrelated.is_dir()
