"""How long the MCP server takes from spawn to an answered ``tools/list``.

    python bench/server_startup.py [--pyz PATH] [--runs N]

Spawns ``python3 aegis.pyz serve`` in a throwaway project with a throwaway data
dir, speaks newline-delimited JSON-RPC on its stdin/stdout the way Claude Code
2.1.332 opens a connection (``server/discover``; ``subscriptions/listen``, whose
acknowledgement it waits for; ``tools/list`` — each carrying the 2026-07-28
protocol version in ``_meta``; ``--era legacy`` uses the ``initialize``
handshake instead) and stops the clock when the tools/list answer
arrives, then asks for a first tool result (``memory_list``), which needs the
SDK loaded and the store open. "Cold" runs start with an empty data dir, as the
first run after an install or an update does: they extract the bundled
packages and have no handshake cache (``--cold-runs`` of them, each in a fresh
data dir); the rest are warm. Figures are printed as seconds and as a ratio to
``python3 -c pass`` measured in the same run, so they compare across machines,
with the load average before and after (the figures mean little on a busy
machine). Also prints what the ``serve`` bootstrap plus the SDK imports cost
alone (``--pyz-server-check``), the floor any SDK-based server pays.
``--compare OLD`` measures an older pyz in the same run, interleaved run by run,
and prints new/old ratios. After each cold run the bench waits for the first
run's compile helper (build/pyz/_aegis_pyz/precompile.py) to finish, so it does
not share the CPU with the next run.

    python bench/server_startup.py --pyz NEW --compare OLD --runs 7 --cold-runs 5
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
TARGET_SECONDS = 0.35          # spawn -> tools/list, warm
TARGET_FIRST_CALL = 0.6        # spawn -> first tool result, warm (p50)
TARGET_COLD_CALL = 1.5         # spawn -> first tool result, first run after install/update
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


def children_cpu() -> float:
    """CPU seconds (user + system) of the waited-for children so far (0 where unknown)."""
    try:
        import resource
    except ImportError:                   # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_server(python: str, pyz: Path, project: Path, env: dict,
                era: str = "modern", cpu: list | None = None) -> tuple[float, float, int]:
    """Seconds from spawn to the tools/list answer and to a first tool call's answer; tool count.
    With ``cpu``, appends the server's CPU seconds for the whole run (it exits right after)."""
    cpu_before = children_cpu()
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
    if cpu is not None:
        cpu.append(children_cpu() - cpu_before)
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


def wait_for_first_run_helpers(timeout: float = 60.0) -> None:
    """Wait until no first-run compile helper (``--pyz-precompile``, started by a cold
    ``serve``) is running, so it does not share the CPU with the next measured run.
    Linux reads /proc; elsewhere a fixed pause."""
    proc = Path("/proc")
    if not proc.is_dir():
        time.sleep(3)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = False
        for entry in proc.iterdir():
            if entry.name.isdigit():
                try:
                    busy = b"--pyz-precompile" in (entry / "cmdline").read_bytes()
                except OSError:
                    continue
                if busy:
                    break
        if not busy:
            return
        time.sleep(0.1)


class Figures:
    """What one pyz measured."""

    def __init__(self, pyz: Path):
        self.pyz = pyz
        self.cold_listed, self.cold_called, self.cold_cpu = [], [], []
        self.warm, self.first_call, self.uncached, self.warm_cpu = [], [], [], []
        self.sdk_import: float | None = None
        self.tool_count = 0


def measure(args, pyzs: list[Path]) -> tuple[list[Figures], list[float]]:
    """Cold then warm runs of every pyz, interleaved run by run (all see the same load)."""
    figures, baseline = [Figures(pyz) for pyz in pyzs], []
    with tempfile.TemporaryDirectory(prefix="aegis-bench-") as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("AEGIS_", "CLAUDE_PLUGIN_OPTION_", "SHIV_"))}
        data = {f.pyz: Path(tmp) / f"data-{n}" for n, f in enumerate(figures)}
        cold_runs = max(1, args.cold_runs)
        for run in range(cold_runs):     # the last one leaves the data dir for the warm runs
            for n, f in enumerate(figures):
                last = run == cold_runs - 1
                cold_env = dict(env, HOME=tmp, AEGIS_DATA_DIR=str(
                    data[f.pyz] if last else Path(tmp) / f"cold-{n}-{run}"))
                baseline.append(time_command([args.python, "-c", "pass"]))
                listed, called, f.tool_count = time_server(args.python, f.pyz, project,
                                                           cold_env, args.era, f.cold_cpu)
                f.cold_listed.append(listed)
                f.cold_called.append(called)
                wait_for_first_run_helpers()
        for run in range(args.runs):
            for f in figures:
                warm_env = dict(env, HOME=tmp, AEGIS_DATA_DIR=str(data[f.pyz]))
                baseline.append(time_command([args.python, "-c", "pass"]))
                listed, called, _ = time_server(args.python, f.pyz, project, warm_env, args.era,
                                                f.warm_cpu)
                f.warm.append(listed)
                f.first_call.append(called)
                if run % 3 == 0:                    # the SDK answering the handshake itself
                    (data[f.pyz] / "mcp-handshake.json").unlink(missing_ok=True)
                    f.uncached.append(time_server(args.python, f.pyz, project, warm_env,
                                                  args.era)[0])
        for f in figures:
            warm_env = dict(env, HOME=tmp, AEGIS_DATA_DIR=str(data[f.pyz]))
            if _has_server_check(args.python, f.pyz, warm_env):
                f.sdk_import = statistics.median(
                    time_command([args.python, str(f.pyz), "--pyz-server-check"], warm_env)
                    for _ in range(3))
    return figures, baseline


def report(f: Figures, base: float, args) -> dict[str, float]:
    median, best = statistics.median(f.warm), min(f.warm)
    call, cold_call = statistics.median(f.first_call), statistics.median(f.cold_called)
    print(f"{f.pyz}: spawn -> tools/list answered ({f.tool_count} tools) and -> first tool "
          f"result, {args.runs} warm + {len(f.cold_called)} cold runs, {args.era} handshake, "
          f"{args.python}")
    print(f"  cold tools/list      median {statistics.median(f.cold_listed):.3f} s   "
          f"= {statistics.median(f.cold_listed) / base:.1f}x baseline (extraction, no handshake cache)")
    print(f"  cold first result    median {cold_call:.3f} s, runs "
          f"{', '.join(f'{c:.2f}' for c in f.cold_called)}   = {cold_call / base:.1f}x baseline")
    print(f"  warm tools/list      median {median:.3f} s, best {best:.3f} s   "
          f"= {median / base:.1f}x baseline")
    print(f"  warm, no handshake   median {statistics.median(f.uncached):.3f} s   "
          f"= {statistics.median(f.uncached) / base:.1f}x baseline (the SDK answers the handshake itself)")
    print(f"  warm first result    median {call:.3f} s, best {min(f.first_call):.3f} s   "
          f"= {call / base:.1f}x baseline (SDK loaded on its worker thread + store opened)")
    if any(f.cold_cpu + f.warm_cpu):
        print(f"  server CPU per run   median {statistics.median(f.warm_cpu):.3f} s warm, "
              f"{statistics.median(f.cold_cpu):.3f} s cold (user + system, the server process "
              f"only: a first run's compile helper is not counted)")
    if f.sdk_import is not None:
        print(f"  --pyz-server-check   median {f.sdk_import:.3f} s (bootstrap + SDK imports, no I/O)")
    for label, value, target in (("warm tools/list", median, TARGET_SECONDS),
                                 ("warm first result", call, TARGET_FIRST_CALL),
                                 ("cold first result", cold_call, TARGET_COLD_CALL)):
        verdict = "meets" if value <= target else "misses"
        print(f"  target {label} <= {target:.2f} s: {verdict} ({value:.3f} s)")
    return {"cold first result": cold_call, "warm first result": call, "warm tools/list": median}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyz", type=Path, default=default_pyz())
    parser.add_argument("--compare", type=Path, default=None,
                        help="an older pyz measured in the same run, interleaved (ratios new/old)")
    parser.add_argument("--runs", type=int, default=10, help="warm runs (default 10)")
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="first runs, each with a fresh data dir (default 3)")
    parser.add_argument("--era", choices=("modern", "legacy"), default="modern",
                        help="2026-07-28 discovery as Claude Code does (default) or initialize")
    parser.add_argument("--python", default=None,
                        help="interpreter (default: the real executable behind python3 on PATH)")
    args = parser.parse_args(argv)
    args.python = args.python or real_python3()
    pyzs = [p.resolve() for p in [args.pyz] + ([args.compare] if args.compare else [])]
    for pyz in pyzs:                        # the server runs in a throwaway project directory
        if not pyz.is_file():
            print(f"{pyz} is missing: run `make pyz` or pass --pyz", file=sys.stderr)
            return 2

    load_before = _load()
    figures, baseline = measure(args, pyzs)
    load_after = _load()
    base = statistics.median(baseline)
    print(f"server startup: load average {load_before} before, {load_after} after "
          f"({os.cpu_count()} CPUs); python3 -c pass median {base:.3f} s")
    results = [report(f, base, args) for f in figures]
    if len(results) == 2:
        new, old = results
        print("  new / old (same run): " + ", ".join(
            f"{label} {new[label] / old[label]:.2f}x" for label in new))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("  note: PYTHONDONTWRITEBYTECODE is set, so the extracted SDK is compiled on every "
              "start (first tool call slower; the handshake is not affected)")
    return 0


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _has_server_check(python: str, pyz: Path, env: dict) -> bool:
    try:
        return subprocess.run([python, str(pyz), "--pyz-server-check"], env=env,
                              capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


if __name__ == "__main__":
    sys.exit(main())
