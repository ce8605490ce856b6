"""Embeddings: model load, embedding throughput, hybrid search latency, recall quality.

    python bench/embeddings.py [--sizes 1000,10000,100000] [--queries 50] [--skip-quality]

Prints, asserting nothing:

* local model load, cold, in a fresh interpreter importing ``aegis`` from a zip
  (as the zipapp does) — wall time as a ratio to ``python3 -c pass`` in the same run;
* per-query embedding latency (short prompts) and document throughput;
* in-process search p50/p95 at each size: lexical only (``none``) and hybrid
  (``local``: query embedding + BM25 + sign-bit prefilter + int8 cosine), plus the
  vector stage alone;
* an in-process recall evaluation on bench/_embedding_eval_data.py in ``none``,
  ``fake`` and ``local`` modes: hit rate and MRR over paraphrase prompts, and the
  share of off-topic prompts that inject anything (floor AEGIS_RECALL_MIN_SCORE 0.2).
  bench/recall_quality.py measures the same through the real hook process.

Stores live in a temporary directory; nothing touches the real HOME.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "runtime"))
sys.path.insert(0, str(ROOT / "bench"))

import _embedding_eval_data as EVAL  # noqa: E402
from aegis.embeddings import GuardedEmbedder  # noqa: E402
from aegis.embeddings.fake import FakeEmbedder  # noqa: E402
from aegis.embeddings.static_model import LocalEmbedder  # noqa: E402
from aegis.models import Query  # noqa: E402
from aegis.namespace import Namespaces  # noqa: E402
from aegis.service import MemoryService  # noqa: E402
from aegis.store import vectors  # noqa: E402
from aegis.store.sqlite import SQLiteStore  # noqa: E402
from _synthetic import OBJECTS, TOPICS, VERBS  # noqa: E402

NAMESPACES = Namespaces("bench:project", "user:bench")
MIN_SCORE = 0.2
SHORT_QUERIES = ("how do we deploy?", "which package manager do we use",
                 "why does the migration fail on CI", "tabs or spaces",
                 "where do API keys go", "how long do sessions last",
                 "what time zone are timestamps in", "who is on call")

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def wall(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


# ---------------------------------------------------------------- load and throughput

def bench_load(tmp: Path, runs: int = 7) -> None:
    archive = tmp / "aegis-src.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted((ROOT / "runtime" / "aegis").rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(ROOT / "runtime").as_posix())
    python = sys.executable
    load = ("import sys; sys.path.insert(0, %r); "
            "from aegis.embeddings.static_model import LocalEmbedder; "
            "LocalEmbedder().embed('warm up the model', 'query')" % str(archive))
    imports_only = ("import sys; sys.path.insert(0, %r); import aegis.service" % str(archive))
    base, service, model = [], [], []
    for _ in range(runs):
        base.append(wall([python, "-S", "-c", "pass"]))
        service.append(wall([python, "-S", "-c", imports_only]))
        model.append(wall([python, "-S", "-c", load]))
    b, s, m = statistics.median(base), statistics.median(service), statistics.median(model)
    started = time.perf_counter()
    LocalEmbedder().model
    in_process = time.perf_counter() - started
    print("local model load (fresh interpreter, aegis imported from a deflated zip)")
    print(f"  python -S -c pass        {b * 1e3:7.1f} ms   1.00×")
    print(f"  import aegis.service     {s * 1e3:7.1f} ms   {s / b:5.2f}×")
    print(f"  + load model, 1 query    {m * 1e3:7.1f} ms   {m / b:5.2f}×   "
          f"(model load alone ≈ {(m - s) * 1e3:.0f} ms; in-process from source "
          f"{in_process * 1e3:.0f} ms)")
    print(f"  asset: {(ROOT / 'runtime/aegis/embeddings/assets/model.bin').stat().st_size / 1e6:.1f}"
          f" MB model.bin, deflated in zip "
          f"{zipfile.ZipFile(archive).getinfo('aegis/embeddings/assets/model.bin').compress_size / 1e6:.1f} MB")


def bench_throughput(embedder: LocalEmbedder) -> None:
    rng = random.Random(3)
    documents = [memory_text(rng, i) for i in range(2000)]
    embedder.embed_batch(SHORT_QUERIES)
    latencies = []
    for _ in range(25):
        for query in SHORT_QUERIES:
            embedder.model.tokenizer._cache.clear()          # cold words every time
            started = time.perf_counter()
            embedder.embed(query, "query")
            latencies.append(time.perf_counter() - started)
    started = time.perf_counter()
    embedder.embed_batch(documents)
    seconds = time.perf_counter() - started
    chars = statistics.mean(len(d) for d in documents)
    print("local embedding speed")
    print(f"  short query   p50 {percentile(latencies, .5) * 1e3:.3f} ms   "
          f"p95 {percentile(latencies, .95) * 1e3:.3f} ms   (target ≤ 1 ms)")
    print(f"  documents     {len(documents) / seconds:,.0f} docs/s  "
          f"({chars:.0f} chars each, {seconds / len(documents) * 1e3:.2f} ms/doc)")


# ---------------------------------------------------------------- search latency

def memory_text(rng: random.Random, i: int) -> str:
    return (f"The {rng.choice(TOPICS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}; "
            f"the {rng.choice(TOPICS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
            f"(note {i}, sprint {rng.randint(1, 120)}).")


def populate(db: Path, count: int, embedder: LocalEmbedder) -> float:
    """Bulk-load ``count`` memories with their vectors in one transaction."""
    rng = random.Random(count)
    started = time.perf_counter()
    store = SQLiteStore.open(db)
    model, now = embedder.model_id, time.time()
    texts = [memory_text(rng, i) for i in range(count)]
    pool = {}
    db_ = store._db
    db_.execute("BEGIN")
    for i, text in enumerate(texts):
        cursor = db_.execute(
            "INSERT INTO memories (id, namespace, text, content_hash, created_at, updated_at, "
            "importance) VALUES (?,?,?,?,?,?,?)",
            (f"mem_{i:012x}", NAMESPACES.project, text, str(i), now - i, now - i, rng.random()))
        key = text.split(" (note")[0]
        if key not in pool:
            pool[key] = vectors.pack(embedder.embed(key))
        db_.execute("INSERT INTO embeddings VALUES (?,?,?,?)",
                    (cursor.lastrowid, model, embedder.dimensions, pool[key]))
    db_.execute("COMMIT")
    store.close()
    return time.perf_counter() - started


def bench_search(tmp: Path, sizes: list[int], queries: int, embedder: LocalEmbedder) -> None:
    guard = GuardedEmbedder(embedder)
    rows = []
    for size in sizes:
        db = tmp / f"search-{size}.db"
        seconds = populate(db, size, embedder)
        print(f"  populated {size:,} memories in {seconds:.1f}s", flush=True)
        store = SQLiteStore.open(db)
        lexical = MemoryService(store, NAMESPACES)
        hybrid = MemoryService(store, NAMESPACES, embedder=guard)
        texts = [SHORT_QUERIES[i % len(SHORT_QUERIES)] for i in range(queries)]
        for service in (lexical, hybrid):
            service.search(texts[0], top_k=5)
        timings = {"none": [], "local": [], "vector": []}
        for text in texts:
            for name, service in (("none", lexical), ("local", hybrid)):
                started = time.perf_counter()
                service.search(text, top_k=5)
                timings[name].append(time.perf_counter() - started)
            query = Query(namespaces=NAMESPACES.readable, text="zzzz",
                          vector=tuple(embedder.embed(text, "query")),
                          vector_model=embedder.model_id,
                          vector_range=embedder.similarity_range, limit=15)
            started = time.perf_counter()
            store.search(query)
            timings["vector"].append(time.perf_counter() - started)
        store.close()
        rows.append((size, {k: (percentile(v, .5), percentile(v, .95))
                            for k, v in timings.items()}))
    print()
    print(f"{'memories':>9} | {'none p50/p95 ms':>16} | {'local p50/p95 ms':>17} | "
          f"{'vector stage p50/p95':>20} | local ÷ none")
    for size, t in rows:
        print(f"{size:>9,} | {t['none'][0] * 1e3:7.1f} /{t['none'][1] * 1e3:7.1f} | "
              f"{t['local'][0] * 1e3:7.1f} / {t['local'][1] * 1e3:7.1f} | "
              f"{t['vector'][0] * 1e3:8.1f} / {t['vector'][1] * 1e3:8.1f}  | "
              f"{t['local'][0] / t['none'][0]:5.2f}×")
    print("  target: hybrid in-process p50 ≤ 20 ms at 100k")


# ---------------------------------------------------------------- quality

def evaluate(mode: str, tmp: Path) -> tuple[float, float, float]:
    embedder = {"none": None, "fake": FakeEmbedder(), "local": LocalEmbedder()}[mode]
    guard = GuardedEmbedder(embedder) if embedder else None
    service = MemoryService(SQLiteStore.open(tmp / f"quality-{mode}.db"), NAMESPACES,
                            embedder=guard)
    ids = {service.save(text).memory.id: key for key, text in EVAL.MEMORIES.items()}
    hits = reciprocal = 0.0
    for prompt, expected in EVAL.PARAPHRASES:
        found = [ids[h.memory.id] for h in service.search(prompt, top_k=5,
                                                           min_relevance=MIN_SCORE)]
        if expected in found:
            hits += 1
            reciprocal += 1 / (found.index(expected) + 1)
    injected = sum(bool(service.search(prompt, top_k=5, min_relevance=MIN_SCORE))
                   for prompt in EVAL.OFF_TOPIC)
    service.close()
    n = len(EVAL.PARAPHRASES)
    return hits / n, reciprocal / n, injected / len(EVAL.OFF_TOPIC)


def bench_quality(tmp: Path) -> None:
    print(f"\nrecall on paraphrase prompts ({len(EVAL.PARAPHRASES)} prompts, "
          f"{len(EVAL.MEMORIES)} memories, {len(EVAL.OFF_TOPIC)} off-topic; floor {MIN_SCORE})")
    print(f"  {'mode':>6} | hit rate |   MRR  | off-topic injection")
    for mode in ("none", "fake", "local"):
        hit, mrr, off = evaluate(mode, tmp)
        print(f"  {mode:>6} |   {hit:.3f}  | {mrr:.3f}  | {off:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--queries", type=int, default=50, help="searches per size")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args(argv)
    embedder = LocalEmbedder()
    with tempfile.TemporaryDirectory(prefix="aegis-bench-emb-") as name:
        tmp = Path(name)
        bench_load(tmp)
        bench_throughput(embedder)
        print("\nhybrid search latency (in process, top 5)")
        bench_search(tmp, [int(s) for s in args.sizes.split(",")], args.queries, embedder)
        if not args.skip_quality:
            bench_quality(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
