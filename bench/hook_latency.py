"""Hook wall time, as a ratio to ``python3 -c pass`` measured in the same run.

Builds throwaway stores of 1,000 and 10,000 memories (the labelled recall
memories plus deterministic synthetic ones about the same kind of codebase),
then times whole hook processes exactly as Claude Code starts them — the
interpreter, the zipapp ($AEGIS_PYZ or --pyz; else ``-m aegis`` from source),
the hook JSON on stdin — interleaved with ``python3 -c pass`` runs so machine
load affects both alike. Prints p50/p95 in ms and as ratios to the baseline for:

* recall, on-topic    a prompt that injects memories
* recall, off-topic   a prompt that injects nothing (the floor path)
* recall, disabled    AEGIS_RECALL_ENABLED=false
* briefing            SessionStart (source startup)
* cli version         ``aegis version`` (the CLI's own start-up: argparse, settings)

all with the hook doing the work itself (AEGIS_HOOK_RELAY=false), and, with
--pyz, the same on-topic recall and briefing handed to the session's memory
server (aegis.hooks.relay), which is how Claude Code runs them: the bench
starts ``aegis.pyz serve`` as its own child, a sibling of the hooks.

With --compare OLD.pyz every case is also timed with that zipapp, interleaved in the
same run, and a last column gives this build's p50 over the other's (before/after).

Targets: recall p50 ≤ 2× baseline at 10k memories (stretch 1.3×), relayed ≤ 1.3×, local
mode ≤ 1.2× ``none`` mode (run once per --mode), ``cli version`` ≤ 1.5×. Compare on an interpreter
whose own start is lean: a site-packages ``.pth`` that imports much (this sandbox's CPython 3.11
loads ``certifi`` that way, ~25 ms) inflates the baseline and flatters every ratio.

Usage: python bench/hook_latency.py [--runs N] [--sizes 1000,10000] [--mode none|fake|local]
                                    [--pyz PATH] [--compare OLD.pyz] [--python PATH]
                                    [--callgrind]

--callgrind counts instructions (valgrind's callgrind, one run is as good as many)
instead of timing wall clock: the figures columns then hold millions of
instructions, and the ratios hold however busy the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from recall_quality import DATA, aegisdb_env, bench_env, hook_command, open_service  # noqa: E402

SUBJECTS = ["the invoice service", "the billing worker", "the API gateway", "the PDF renderer",
            "the reminder scheduler", "the export job", "the webhook sender", "the tax module",
            "the auth middleware", "the search index", "the React dashboard", "the CI pipeline"]
VERBS = ["must retry", "should log", "caches", "validates", "batches", "rate-limits",
         "serializes", "streams", "encrypts", "paginates", "deduplicates", "schedules"]
OBJECTS = ["customer records", "ledger entries", "payment intents", "credit notes",
           "audit events", "currency rates", "line items", "tenant settings", "refund requests",
           "subscription plans", "usage metrics", "email receipts"]
REASONS = ["because the upstream API times out", "since the March incident",
           "to keep p95 under 200 ms", "as agreed in the design review",
           "to satisfy the auditors", "because Postgres locks otherwise",
           "so retries stay idempotent", "after the outage in week 12"]
ON_TOPIC = ["how do we deploy a new release?", "should I store money as a float?",
            "render_invoice_pdf is timing out", "can I run terraform apply from my laptop?"]
OFF_TOPIC = ["write a haiku about autumn leaves", "what is the capital of Australia?"]


def synthetic(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"{rng.choice(REASONS)} (note {i}, ticket LED-{rng.randint(100, 9999)})."
            for i in range(n)]


def populate(env: dict[str, str], project: Path, size: int) -> None:
    spec = json.loads((DATA / "recall_memories.json").read_text(encoding="utf-8"))["memories"]
    with open_service(env, project) as service:
        for item in spec:
            service.save(item["text"], tags=item.get("tags"),
                         importance=item.get("importance", 0.5), scope=item.get("scope", "project"))
        for text in synthetic(size - len(spec)):
            service.save(text, importance=0.5)


CALLGRIND: list[bool] = [False]     # --callgrind: count instructions instead of timing


def timed(command: list[str], env: dict[str, str], cwd: Path, stdin: bytes = b"") -> float:
    """Wall ms of one run; with --callgrind, millions of instructions the process executed
    (valgrind's callgrind; load-independent, so ratios hold on a busy machine)."""
    if CALLGRIND[0]:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                               *command], input=stdin, capture_output=True, env=env, cwd=cwd,
                              timeout=600)
        found = re.search(rb"Collected : (\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"valgrind reported no instruction count for {command!r}: "
                             f"{done.stderr.decode(errors='replace')[-500:]}")
        return int(found.group(1)) / 1e6
    start = time.perf_counter()
    subprocess.run(command, input=stdin, capture_output=True, env=env, cwd=cwd, timeout=60)
    return (time.perf_counter() - start) * 1000.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(args: argparse.Namespace, size: int
            ) -> list[tuple[str, list[float], list[float], list[float]]]:
    with tempfile.TemporaryDirectory(prefix="aegis-latency-") as tmp:
        home, project = Path(tmp) / "home", Path(tmp) / "project"
        home.mkdir()
        project.mkdir()
        relayed = bench_env(home, args.mode)
        populate(relayed, project, size)
        env = {**relayed, "AEGIS_HOOK_RELAY": "false"}
        disabled = {**env, "AEGIS_RECALL_ENABLED": "false"}
        recall = hook_command(args.pyz, args.python, "user-prompt-submit")
        briefing = hook_command(args.pyz, args.python, "session-start")
        baseline = [args.python, "-c", "pass"]
        version = (hook_command(args.pyz, args.python, "x")[:-2] + ["version"] if args.pyz
                   else [args.python, "-m", "aegis", "version"])

        def payload(prompt: str | None = None) -> bytes:
            data = {"session_id": uuid.uuid4().hex, "cwd": str(project),
                    "transcript_path": str(Path(tmp) / "none.jsonl")}
            data.update({"prompt": prompt} if prompt is not None else {"source": "startup"})
            return json.dumps(data).encode()

        cases = {
            "recall, on-topic": lambda i: timed(recall, env, project,
                                                payload(ON_TOPIC[i % len(ON_TOPIC)])),
            "recall, off-topic": lambda i: timed(recall, env, project,
                                                 payload(OFF_TOPIC[i % len(OFF_TOPIC)])),
            "recall, disabled": lambda i: timed(recall, disabled, project, payload("deploy?")),
            "briefing": lambda i: timed(briefing, env, project, payload()),
            "cli version": lambda i: timed(version, env, project),
        }
        if args.aegisdb:        # the same store on the team server, timed in the same run
            team = {**env, **aegisdb_env(args.aegisdb),
                    "AEGIS_NAMESPACE": f"bench:{uuid.uuid4().hex}"}
            populate(team, project, size)
            cases["recall, on-topic, aegisdb"] = lambda i: timed(
                recall, team, project, payload(ON_TOPIC[i % len(ON_TOPIC)]))
            cases["briefing, aegisdb"] = lambda i: timed(briefing, team, project, payload())
        server = start_server(args, relayed, project) if args.pyz else None
        if server is not None:
            cases["recall, relayed"] = lambda i: timed(recall, relayed, project,
                                                       payload(ON_TOPIC[i % len(ON_TOPIC)]))
            cases["briefing, relayed"] = lambda i: timed(briefing, relayed, project, payload())
        for run in cases.values():                  # warm the page cache and the store
            run(0)
            if args.compare:                        # and the other build's byte-code cache
                with_pyz(args.compare, run, 0)
        # a hook that fails fast would look fast: check the on-topic case really injects
        check = subprocess.run(recall, input=payload(ON_TOPIC[0]), capture_output=True, env=env,
                               cwd=project, timeout=60)
        if b"additionalContext" not in check.stdout:
            raise SystemExit(f"the recall hook injected nothing for {ON_TOPIC[0]!r}: "
                             f"{check.stderr.decode(errors='replace')[-500:]}")
        results = []
        for name, run in cases.items():
            hook_ms, base_ms, other_ms = [], [], []
            for i in range(args.runs):
                base_ms.append(timed(baseline, env, project))
                hook_ms.append(run(i))
                if args.compare:
                    other_ms.append(with_pyz(args.compare, run, i))
            results.append((name, hook_ms, base_ms, other_ms))
        if server is not None:
            server.stdin.close()
            server.wait(timeout=30)
        return results


def with_pyz(pyz: str, run, i: int) -> float:
    """``run(i)`` with every command of the case pointed at ``pyz`` instead of --pyz."""
    global timed
    original = timed

    def swapped(command, *rest, **kwargs):
        return original([pyz if part == ARGS_PYZ[0] else part for part in command],
                        *rest, **kwargs)
    timed = swapped
    try:
        return run(i)
    finally:
        timed = original


ARGS_PYZ: list[str] = [""]       # the --pyz path, for with_pyz


def start_server(args: argparse.Namespace, env: dict[str, str], project: Path):
    """The memory server as this process's child, as Claude Code starts it; None if it
    never opens its relay socket (then only the in-process figures are printed)."""
    from aegis.hooks.relay import socket_path
    path = socket_path(env["AEGIS_DATA_DIR"], os.getpid())
    if path is None:
        return None
    server = subprocess.Popen([args.python, args.pyz, "serve"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                              cwd=project)
    deadline = time.monotonic() + 60
    while not os.path.exists(path):
        if server.poll() is not None or time.monotonic() > deadline:
            return None
        time.sleep(0.05)
    time.sleep(2.0)                  # let the SDK finish loading, as in a session's first turn
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per case (default 30)")
    parser.add_argument("--sizes", default="1000,10000", help="store sizes (default 1000,10000)")
    parser.add_argument("--mode", default="none", choices=("none", "fake", "local", "voyage"),
                        help="AEGIS_EMBEDDING_MODE (default none)")
    parser.add_argument("--pyz", default=os.environ.get("AEGIS_PYZ") or None,
                        help="time the hook from this zipapp (default $AEGIS_PYZ, else source)")
    parser.add_argument("--compare", metavar="OLD_PYZ",
                        help="also time every case with this zipapp, interleaved (before/after; "
                             "its relayed cases talk to --pyz's server)")
    parser.add_argument("--aegisdb", metavar="HOST:PORT",
                        help="also time recall and briefing on this AegisDB server (one you "
                             "started on 127.0.0.1), as a ratio to SQLite")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter for both the hook and the baseline")
    parser.add_argument("--callgrind", action="store_true",
                        help="report millions of instructions (valgrind callgrind) instead of ms: "
                             "load-independent ratios; a few --runs suffice")
    args = parser.parse_args(argv)
    CALLGRIND[0] = args.callgrind
    if args.pyz:
        args.pyz = str(Path(args.pyz).resolve())     # the hooks run in the project directory
        ARGS_PYZ[0] = args.pyz
    if args.compare:
        if not args.pyz:
            parser.error("--compare needs --pyz")
        args.compare = str(Path(args.compare).resolve())
    runner = f"pyz {args.pyz}" if args.pyz else "source (byte code cached in __pycache__)"
    unit = "M instructions (callgrind)" if args.callgrind else "ms"
    print(f"hook latency — {args.runs} runs per case, mode={args.mode}, hook from {runner}, "
          f"figures in {unit}")
    print(f"baseline: {args.python} -c pass, interleaved with the hook runs")
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"\n{size:,} memories")
        other = f" {'--compare p50':>14s} {'ratio':>6s} {'new/old':>8s}" if args.compare else ""
        print(f"  {'case':25s} {'p50 ms':>8s} {'p95 ms':>8s} {'base p50':>9s} "
              f"{'p50 ratio':>10s} {'p95 ratio':>10s}{other}")
        p50 = {}
        for name, hook_ms, base_ms, other_ms in measure(args, size):
            b50, b95 = statistics.median(base_ms), percentile(base_ms, 0.95)
            h50, h95 = statistics.median(hook_ms), percentile(hook_ms, 0.95)
            p50[name] = h50
            line = (f"  {name:25s} {h50:8.1f} {h95:8.1f} {b50:9.1f} {h50 / b50:9.2f}x "
                    f"{h95 / b95:9.2f}x")
            if other_ms:
                o50 = statistics.median(other_ms)
                line += f" {o50:14.1f} {o50 / b50:5.2f}x {h50 / o50:7.2f}x"
            print(line)
        for case in ("recall, on-topic", "briefing"):
            if f"{case}, aegisdb" in p50:
                print(f"  {case}: AegisDB p50 / SQLite p50 = "
                      f"{p50[f'{case}, aegisdb'] / p50[case]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
