"""Does a ``claude -p`` session with default settings offer the memory tools on its
first request? Counted over N sessions against the e2e stub Messages API.

    python bench/claude_first_request.py [--runs 20] [--pyz PATH]
        [--compare OLD.pyz] [--burners N] [--burner-nice 10]

Uses the real Claude Code CLI (``CLAUDE_BIN``) and the e2e harness (tests/e2e: the
stub API on 127.0.0.1 records every request; the plugin is installed from a
throwaway copy of this checkout with the zipapp under test). Unlike the e2e
tests, the CLI keeps its default MCP settings here (tool search on, MCP start-up
as the plugin's ``mcpServers`` entry asks), which is what a user gets. Run 1 of
each install follows the install, so it pays the runtime's first extraction; the
rest are warm. A run counts as offering the tools when the first conversation
request names a ``mcp__plugin_aegis_memory__`` tool anywhere (as a tool, or as a
deferred tool listed for tool search); ``loaded`` counts the memory tools whose
schemas it carries in full. ``start`` is spawn → that first request: what the
user waits before the model is asked anything.

``--compare OLD.pyz`` installs a second copy, the baseline: OLD.pyz with the
memory server's ``alwaysLoad`` taken out of plugin.json (what main shipped
before it was set), and alternates the two, baseline first, so both see the
same load. ``--burners N`` runs N busy-loop processes (``nice``\\ d, so they yield
to the other jobs on the machine) for the duration, and always stops them,
at most ``--burner-seconds`` after they started. Needs pytest importable (the
harness uses it): run it with the project venv. Asserts nothing; prints a count
per phase and per install.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import MCP_PREFIX, Claude, claude_bin, copy_plugin  # noqa: E402
from stub_api import StubAPI  # noqa: E402

DEFAULTED = ("ENABLE_TOOL_SEARCH", "MCP_CONNECTION_NONBLOCKING", "MCP_CONNECT_TIMEOUT_MS")
BURNER = "import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end: pass\n"


def offers_memory_tools(request) -> bool:
    return any(name.startswith(MCP_PREFIX) for name in request.tool_names) or \
        MCP_PREFIX in json.dumps(request.body)


@contextmanager
def cpu_burners(count: int, nice: int, seconds: float):
    """``count`` nice'd busy loops; each also stops by itself after ``seconds``."""
    procs = [subprocess.Popen(["nice", "-n", str(nice), sys.executable, "-c",
                               BURNER.format(seconds=seconds)], start_new_session=True)
             for _ in range(count)]
    try:
        yield procs
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def install(binary: Path, tmp: Path, stub: StubAPI, pyz: Path, always_load: bool) -> tuple:
    home, data, project = tmp / "home", tmp / "data", tmp / "project"
    for path in (home, data, project):
        path.mkdir(parents=True)
    plugin = copy_plugin(pyz.resolve(), tmp / "plugin" / "aegis")
    if not always_load:
        manifest = plugin / ".claude-plugin" / "plugin.json"
        config = json.loads(manifest.read_text(encoding="utf-8"))
        config["mcpServers"]["memory"].pop("alwaysLoad", None)
        manifest.write_text(json.dumps(config, indent=2), encoding="utf-8")
    claude = Claude(binary, home, data, stub, plugin, "marketplace")
    env = claude.env()
    for knob in DEFAULTED:
        env.pop(knob, None)
    claude.env = lambda **overrides: {**env, **overrides}      # default CLI settings
    return claude, project


def one_run(claude: Claude, project: Path, number: int, stub: StubAPI) -> tuple:
    sent: list[float] = []
    stub.responder = lambda request: sent.append(time.perf_counter()) \
        if request.is_messages and request.tool_names else None
    started = time.perf_counter()
    run = claude.run(f"Say hello ({number}).", project, expect_ok=False)
    elapsed = time.perf_counter() - started
    first = next((r for r in run.requests if r.is_messages and r.tool_names), None)
    offered = first is not None and offers_memory_tools(first)
    loaded = sum(name.startswith(MCP_PREFIX) for name in first.tool_names) if first else 0
    start = (sent[0] - started) if sent else float("nan")
    return offered, loaded, start, elapsed, run.mcp_status(), run.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pyz", type=Path,
                        default=Path(os.environ.get("AEGIS_PYZ") or ROOT / "runtime" / "aegis.pyz"))
    parser.add_argument("--compare", type=Path, metavar="OLD_PYZ",
                        help="baseline: this pyz, without alwaysLoad, alternated with --pyz")
    parser.add_argument("--burners", type=int, default=0, help="busy-loop processes meanwhile")
    parser.add_argument("--burner-nice", type=int, default=10)
    parser.add_argument("--burner-seconds", type=float, default=600.0)
    args = parser.parse_args(argv)
    binary = claude_bin()
    if binary is None:
        raise SystemExit("Claude Code CLI not found: set CLAUDE_BIN")
    variants = [("new", args.pyz, True)]
    if args.compare:
        variants.insert(0, ("old", args.compare, False))
    results: dict[str, list] = {name: [] for name, _, _ in variants}
    loads = [os.getloadavg()[0]]
    # a capture worker may still be writing in data/ when the last session ends
    with tempfile.TemporaryDirectory(prefix="aegis-bench-claude-",
                                     ignore_cleanup_errors=True) as name, StubAPI() as stub:
        tmp = Path(name)
        installs = {label: install(binary, tmp / label, stub, pyz, always_load)
                    for label, pyz, always_load in variants}
        with cpu_burners(args.burners, args.burner_nice, args.burner_seconds):
            for number in range(args.runs):
                for label, _, _ in variants:
                    claude, project = installs[label]
                    result = one_run(claude, project, number, stub)
                    results[label].append(result)
                    offered, loaded, start, elapsed, status, code = result
                    print(f"  {label} run {number + 1:>2}: memory tools on first request: "
                          f"{'yes' if offered else 'NO '} ({loaded} loaded)  start {start:.2f}s  "
                          f"mcp status {status}  exit {code}  ({elapsed:.1f}s)", flush=True)
                loads.append(os.getloadavg()[0])
    print(f"\n{args.burners} burners at nice {args.burner_nice}; load average (1 min) "
          f"{min(loads):.2f}–{max(loads):.2f} during the runs ({os.cpu_count()} CPUs)")
    for label, pyz, always_load in variants:
        rows = results[label]
        first_run, warm = rows[:1], rows[1:]
        starts = [r[2] for r in warm if r[2] == r[2]]
        print(f"{label}: {pyz.name}, alwaysLoad {'on' if always_load else 'off'}")
        print(f"  first run after install: {sum(r[0] for r in first_run)} of {len(first_run)}")
        print(f"  warm runs:               {sum(r[0] for r in warm)} of {len(warm)}")
        print(f"  all:                     {sum(r[0] for r in rows)} of {len(rows)}")
        if starts:
            print(f"  warm start (spawn → first request) p50 {statistics.median(starts):.2f}s, "
                  f"max {max(starts):.2f}s; first run {rows[0][2]:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
