"""Does a ``claude -p`` session with default settings offer the memory tools on its
first request? Counted over N sessions against the e2e stub Messages API.

    python bench/claude_first_request.py [--runs 20] [--pyz PATH]

Uses the real Claude Code CLI (``CLAUDE_BIN``) and the e2e harness (tests/e2e: the
stub API on 127.0.0.1 records every request; the plugin is installed from a
throwaway copy of this checkout with the zipapp under test). Unlike the e2e
tests, the CLI keeps its default MCP settings here (no wait for slow servers, tool
search as it comes), which is what a user gets. Run 1 follows the install, so it
pays the runtime's first extraction; the rest are warm. A run counts as offering
the tools when the first conversation request names a ``mcp__plugin_aegis_memory__``
tool anywhere (as a tool, or as a deferred tool listed for tool search). Needs
pytest importable (the harness uses it): run it with the project venv. Asserts
nothing; prints a count per phase and the spawn-to-request time of each run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import MCP_PREFIX, Claude, claude_bin, copy_plugin  # noqa: E402
from stub_api import StubAPI  # noqa: E402

DEFAULTED = ("ENABLE_TOOL_SEARCH", "MCP_CONNECTION_NONBLOCKING", "MCP_CONNECT_TIMEOUT_MS")


def offers_memory_tools(request) -> bool:
    return any(name.startswith(MCP_PREFIX) for name in request.tool_names) or \
        MCP_PREFIX in json.dumps(request.body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pyz", type=Path,
                        default=Path(os.environ.get("AEGIS_PYZ") or ROOT / "runtime" / "aegis.pyz"))
    args = parser.parse_args(argv)
    binary = claude_bin()
    if binary is None:
        raise SystemExit("Claude Code CLI not found: set CLAUDE_BIN")
    results = []
    # a capture worker may still be writing in data/ when the last session ends
    with tempfile.TemporaryDirectory(prefix="aegis-bench-claude-",
                                     ignore_cleanup_errors=True) as name, StubAPI() as stub:
        tmp = Path(name)
        home, data, project = tmp / "home", tmp / "data", tmp / "project"
        for path in (home, data, project):
            path.mkdir()
        plugin = copy_plugin(args.pyz.resolve(), tmp / "plugin" / "aegis")
        claude = Claude(binary, home, data, stub, plugin, "marketplace")
        env = claude.env()
        for knob in DEFAULTED:
            env.pop(knob, None)
        claude.env = lambda **overrides: {**env, **overrides}      # default CLI settings
        for number in range(args.runs):
            started = time.perf_counter()
            run = claude.run(f"Say hello ({number}).", project, expect_ok=False)
            elapsed = time.perf_counter() - started
            first = next((r for r in run.requests if r.is_messages and r.tool_names), None)
            offered = first is not None and offers_memory_tools(first)
            results.append((offered, elapsed, run.mcp_status()))
            print(f"  run {number + 1:>2}: memory tools on first request: "
                  f"{'yes' if offered else 'NO '}  mcp status {run.mcp_status()}  "
                  f"({elapsed:.1f}s)", flush=True)
    first_run, warm = results[:1], results[1:]
    print(f"\nfirst run after install: {sum(r[0] for r in first_run)} of {len(first_run)}")
    print(f"warm runs:               {sum(r[0] for r in warm)} of {len(warm)}")
    print(f"all:                     {sum(r[0] for r in results)} of {len(results)}")
    print(f"load average after:      {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
          f"({os.cpu_count()} CPUs; a busy machine delays the server past the CLI's wait)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
