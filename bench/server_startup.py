"""How long the MCP server takes from spawn to an answered ``tools/list``.

    python bench/server_startup.py [--pyz PATH] [--runs N]

Spawns ``python3 aegis.pyz serve`` in a throwaway project with a throwaway data
dir, speaks newline-delimited JSON-RPC on its stdin/stdout the way Claude Code
2.1.332 opens a connection (``server/discover``; ``subscriptions/listen``, whose
acknowledgement it waits for; ``tools/list`` — each carrying the 2026-07-28
protocol version in ``_meta``; ``--era legacy`` uses the ``initialize``
handshake instead) and stops the clock when the tools/list answer
arrives. The first run also extracts the bundled packages ("cold"); the
rest are warm. Figures are printed as seconds and as a ratio to
``python3 -c pass`` measured in the same run, so they compare across machines.
Also prints what a bare ``import`` of the MCP SDK costs under the same
interpreter, the floor any SDK-based server pays.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.35
LEGACY_VERSION = "2025-11-25"
MODERN_VERSION = "2026-07-28"
CLIENT_INFO = {"name": "aegis-bench", "version": "0"}
MODERN_META = {"io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
               "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
               "io.modelcontextprotocol/clientCapabilities": {}}


def default_pyz() -> Path:
    return Path(os.environ.get("AEGIS_PYZ") or ROOT / "runtime" / "aegis.pyz")


def rpc(message_id: int | None, method: str, params: dict | None = None) -> bytes:
    message: dict = {"jsonrpc": "2.0", "method": method}
    if message_id is not None:
        message["id"] = message_id
    if params is not None:
        message["params"] = params
    return (json.dumps(message) + "\n").encode()


def read_response(stream, message_id: int | str, method: str | None = None) -> dict:
    """The result for ``message_id`` (or, with ``method``, that notification's params)."""
    while True:
        line = stream.readline()
        if not line:
            raise RuntimeError("the server closed stdout before answering")
        message = json.loads(line)
        if method is not None and message.get("method") == method:
            return message["params"]
        if method is None and message.get("id") == message_id:
            if "error" in message:
                raise RuntimeError(f"server error: {message['error']}")
            return message["result"]


def time_server(python: str, pyz: Path, project: Path, env: dict,
                era: str = "modern") -> tuple[float, float, int]:
    """Seconds from spawn to the tools/list answer and to a first tool call's answer; tool count."""
    def params(**fields) -> dict:
        return {**fields, "_meta": MODERN_META} if era == "modern" else fields

    start = time.perf_counter()
    proc = subprocess.Popen([python, str(pyz), "serve"], cwd=project, env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        if era == "modern":
            proc.stdin.write(rpc(1, "server/discover", params()))
        else:
            proc.stdin.write(rpc(1, "initialize", {"protocolVersion": LEGACY_VERSION,
                                                   "capabilities": {}, "clientInfo": CLIENT_INFO}))
        proc.stdin.flush()
        read_response(proc.stdout, 1)
        if era == "legacy":
            proc.stdin.write(rpc(None, "notifications/initialized"))
        else:
            proc.stdin.write(rpc("listen:0", "subscriptions/listen", params(
                notifications={"toolsListChanged": True})))
            proc.stdin.flush()
            read_response(proc.stdout, "listen:0", "notifications/subscriptions/acknowledged")
        proc.stdin.write(rpc(2, "tools/list", params()))
        proc.stdin.flush()
        tools = read_response(proc.stdout, 2)["tools"]
        listed = time.perf_counter() - start
        proc.stdin.write(rpc(3, "tools/call", params(name="memory_list", arguments={"limit": 1})))
        proc.stdin.flush()
        read_response(proc.stdout, 3)
        called = time.perf_counter() - start
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return listed, called, len(tools)


def real_python3() -> str:
    """``python3`` resolved past launcher shims (pyenv, asdf), which would add their own start-up."""
    found = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"],
                           capture_output=True, text=True)
    return found.stdout.strip() or sys.executable


def time_command(argv: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyz", type=Path, default=default_pyz())
    parser.add_argument("--runs", type=int, default=10, help="warm runs (default 10)")
    parser.add_argument("--era", choices=("modern", "legacy"), default="modern",
                        help="2026-07-28 discovery as Claude Code does (default) or initialize")
    parser.add_argument("--python", default=None,
                        help="interpreter (default: the real executable behind python3 on PATH)")
    args = parser.parse_args(argv)
    args.python = args.python or real_python3()
    args.pyz = args.pyz.resolve()          # the server runs in a throwaway project directory
    if not args.pyz.is_file():
        print(f"{args.pyz} is missing: run `make pyz` or pass --pyz", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="aegis-bench-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("AEGIS_", "CLAUDE_PLUGIN_OPTION_", "SHIV_"))}
        env.update(AEGIS_DATA_DIR=str(Path(tmp) / "data"), HOME=tmp)

        cold, _, tool_count = time_server(args.python, args.pyz, project, env, args.era)
        warm, first_call, uncached, baseline = [], [], [], []
        handshake_cache = Path(env["AEGIS_DATA_DIR"]) / "mcp-handshake.json"
        for run in range(args.runs):                # interleaved: all see the same machine load
            baseline.append(time_command([args.python, "-c", "pass"]))
            listed, called, _ = time_server(args.python, args.pyz, project, env, args.era)
            warm.append(listed)
            first_call.append(called)
            if run % 3 == 0:                        # the SDK answering the handshake itself
                handshake_cache.unlink(missing_ok=True)
                uncached.append(time_server(args.python, args.pyz, project, env, args.era)[0])
        sdk_import = statistics.median(
            time_command([args.python, str(args.pyz), "--pyz-server-check"], env)
            for _ in range(3)) if _has_server_check(args.python, args.pyz, env) else None

    base = statistics.median(baseline)
    median, best = statistics.median(warm), min(warm)
    print(f"server startup: spawn -> tools/list answered ({tool_count} tools), {args.runs} warm runs, "
          f"{args.era} handshake, {args.python}")
    print(f"  python3 -c pass      median {base:.3f} s")
    print(f"  cold (first run)     {cold:.3f} s   = {cold / base:.1f}x baseline")
    print(f"  warm                 median {median:.3f} s, best {best:.3f} s   "
          f"= {median / base:.1f}x baseline")
    print(f"  warm, no handshake   median {statistics.median(uncached):.3f} s   "
          f"= {statistics.median(uncached) / base:.1f}x baseline (the SDK answers the handshake itself)")
    print(f"  first tool call      median {statistics.median(first_call):.3f} s after spawn "
          f"(SDK loaded on its worker thread + store opened)")
    if sdk_import is not None:
        print(f"  --pyz-server-check   median {sdk_import:.3f} s (bootstrap + SDK imports, no I/O)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  note: PYTHONDONTWRITEBYTECODE is set, so the extracted SDK is compiled on every "
              "start (first tool call slower; the handshake is not affected)")
    verdict = "meets" if median <= TARGET_SECONDS else "misses"
    print(f"  target <= {TARGET_SECONDS:.2f} s warm: {verdict} "
          f"(warm - baseline = {median - base:.3f} s of our own start-up)")
    return 0


def _has_server_check(python: str, pyz: Path, env: dict) -> bool:
    try:
        return subprocess.run([python, str(pyz), "--pyz-server-check"], env=env,
                              capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


if __name__ == "__main__":
    sys.exit(main())
