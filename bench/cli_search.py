"""CLI ``search`` wall time at 1k / 10k / 100k memories, as a ratio to
``python3 -c pass`` measured in the same run, plus in-process search p50/p95
against the same searches with every match scored (no candidate bound: see
``aegis.store.lexical``), timed and compared for result quality in the same run.

    python bench/cli_search.py [--sizes 1000,10000,100000] [--runs 15] [--queries 200]
                               [--store-dir DIR]

The zipapp under test is $AEGIS_PYZ (``make bench`` builds a fresh one), else
runtime/aegis.pyz. Stores are filled through the SQLite store's own ``add`` in a
temporary data dir; nothing touches the real HOME. Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "runtime"))

from aegis.models import NewMemory  # noqa: E402
from aegis.namespace import Namespaces  # noqa: E402
from aegis.service import MemoryService  # noqa: E402
from aegis.store import lexical  # noqa: E402
from aegis.store.sqlite import SQLiteStore  # noqa: E402
from _synthetic import OBJECTS, TOPICS, VERBS  # noqa: E402

NAMESPACE = "bench:project"
FILES = ("session.py", "hnsw.c", "worker.go", "router.ts", "models.py", "Makefile", "config.yaml")
FLAGS = ("--tenant-max-records", "--dry-run", "--max-workers", "--shard-count", "--no-cache")
ENVS = ("AEGIS_RECALL_TOP_K", "DATABASE_URL", "MAX_CONNECTIONS", "FEATURE_X_ENABLED")
QUERIES = ("how do we deploy", "hnsw.c:214", "--tenant-max-records", "AEGIS_RECALL_TOP_K",
           "cache invalidation redis", "why does the queue consumer time out",
           "session.py reconnect", "what does billing export depend on", "postgres 16 migration",
           "who owns the api gateway")


def memory_text(rng: random.Random, i: int) -> str:
    parts = [f"The {rng.choice(TOPICS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."]
    roll = rng.random()
    if roll < 0.3:
        parts.append(f"See {rng.choice(FILES)}:{rng.randint(1, 900)}.")
    elif roll < 0.5:
        parts.append(f"Run it with {rng.choice(FLAGS)}={rng.randint(1, 100000)}.")
    elif roll < 0.65:
        parts.append(f"{rng.choice(ENVS)} must be set to {rng.randint(1, 64)}.")
    parts.append(f"(note {i}, decided in sprint {rng.randint(1, 120)})")
    return " ".join(parts)


def populate(db: Path, count: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    started = time.perf_counter()
    store = SQLiteStore.open(db)
    try:
        now = time.time()
        for i in range(count):
            store.add(NewMemory(namespace=NAMESPACE, text=memory_text(rng, i),
                                tags=(rng.choice(TOPICS).split()[0],),
                                importance=rng.random(), created_at=now - rng.random() * 3e7))
    finally:
        store.close()
    return time.perf_counter() - started


def wall(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[2:]} failed: {proc.stderr.decode(errors='replace').strip()}")
    return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=15, help="CLI runs per size")
    parser.add_argument("--queries", type=int, default=200, help="in-process searches per size")
    parser.add_argument("--store-dir", default=None,
                        help="keep the filled stores here and reuse them on the next run "
                             "(they are deterministic); default: a throwaway directory")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    pyz = Path(os.environ.get("AEGIS_PYZ") or ROOT / "runtime" / "aegis.pyz")
    if not pyz.is_file():
        raise SystemExit(f"{pyz} is missing: run `make pyz` or set AEGIS_PYZ")
    python = sys.executable

    print(f"pyz: {pyz} ({pyz.stat().st_size / 1e6:.1f} MB)  python: {python}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="aegis-bench-") as tmp:
        for size in sizes:
            data_dir = Path(args.store_dir or tmp) / f"data-{size}"
            if not (data_dir / "memory.db").exists():
                seconds = populate(data_dir / "memory.db", size)
                print(f"populated {size:,} memories in {seconds:.1f}s", flush=True)
            env = {"PATH": os.environ.get("PATH", ""), "HOME": tmp,
                   "AEGIS_DATA_DIR": str(data_dir), "AEGIS_NAMESPACE": NAMESPACE}

            # CLI: interleave baseline and search so machine load affects both alike.
            base, version, search = [], [], []
            wall([python, str(pyz), "search", "warm up"], env)
            for run in range(args.runs):
                query = QUERIES[run % len(QUERIES)]
                base.append(wall([python, "-c", "pass"], env))
                version.append(wall([python, str(pyz), "version"], env))
                search.append(wall([python, str(pyz), "search", "--", query], env))

            # In process: the service as the MCP server and hooks use it. The same
            # searches with every match scored (no candidate bound) are the baseline
            # for both time and result quality, interleaved query by query.
            store = SQLiteStore.open(data_dir / "memory.db")
            service = MemoryService(store, Namespaces(NAMESPACE, "user:bench"))
            latencies, exact_latencies, hits, kept = [], [], 0, []
            bounded_rows = lexical.SCORED_ROWS
            for i in range(args.queries):
                query = QUERIES[i % len(QUERIES)]
                started = time.perf_counter()
                found = service.search(query, top_k=5)
                latencies.append(time.perf_counter() - started)
                hits += bool(found)
                lexical.SCORED_ROWS = 10 ** 12
                started = time.perf_counter()
                exact = service.search(query, top_k=5)
                exact_latencies.append(time.perf_counter() - started)
                lexical.SCORED_ROWS = bounded_rows
                best = sum(hit.score for hit in exact)
                kept.append(sum(hit.score for hit in found) / best if best else 1.0)
            service.close()
            rows.append((size, statistics.median(base), statistics.median(version),
                         statistics.median(search), percentile(latencies, 0.5),
                         percentile(latencies, 0.95), hits / args.queries,
                         percentile(exact_latencies, 0.5), percentile(exact_latencies, 0.95),
                         statistics.mean(kept)))

    print()
    print(f"{'memories':>9} | {'py -c pass':>10} | {'pyz version':>11} | {'pyz search':>10} | "
          f"{'version/pass':>12} | {'search/pass':>11} | {'in-proc p50':>11} | "
          f"{'in-proc p95':>11} | {'hit rate':>8}")
    print("-" * 115)
    for size, base, version, search, p50, p95, rate, *_ in rows:
        print(f"{size:>9,} | {base * 1e3:>8.1f}ms | {version * 1e3:>9.1f}ms | "
              f"{search * 1e3:>8.1f}ms | {version / base:>11.2f}x | {search / base:>10.2f}x | "
              f"{p50 * 1e3:>9.2f}ms | {p95 * 1e3:>9.2f}ms | {rate:>7.0%}")
    print(f"\nmedians of {args.runs} CLI runs per size (baseline interleaved); "
          f"{args.queries} in-process searches, top_k=5")
    print(f"\nin process, bounded candidates (SCORED_ROWS={lexical.SCORED_ROWS}) vs every match "
          f"scored, same queries interleaved:")
    print(f"{'memories':>9} | {'exact p50':>9} | {'exact p95':>9} | {'p50 ratio':>9} | "
          f"{'p95 ratio':>9} | {'top-5 score kept':>16}")
    for size, _, _, _, p50, p95, _, exact50, exact95, kept in rows:
        print(f"{size:>9,} | {exact50 * 1e3:>7.2f}ms | {exact95 * 1e3:>7.2f}ms | "
              f"{p50 / exact50:>8.2f}x | {p95 / exact95:>8.2f}x | {kept:>15.1%}")
    print("(top-5 score kept: the bounded top five's summed final scores as a share of the "
          "exact top five's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
