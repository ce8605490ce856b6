"""Recall quality, measured through the UserPromptSubmit hook process.

Loads the labelled memories (tests/data/recall_memories.json) into a throwaway
data dir, then runs every labelled prompt (tests/data/recall_prompts.json)
through ``hook user-prompt-submit`` exactly as Claude Code does — a fresh
process, the hook JSON on stdin, a fresh session each time — and reads the
memory ids out of the injected context. Prints:

* hit rate     on-topic prompts where at least one expected memory was injected
* recall@k     share of expected memories injected (k = AEGIS_RECALL_TOP_K)
* MRR          1 / position of the first expected memory in the injected list
* off-topic    share of off-topic prompts that injected anything (want: none)
* avg tokens   estimated tokens of the injected context, over prompts that injected

The hook runs from $AEGIS_PYZ (or --pyz) when given, else from source
(``aegis.hooks.main``, as the zipapp enters it). ``--mode`` sets AEGIS_EMBEDDING_MODE so lexical and hybrid search can be
compared side by side. The time budget is raised so that machine load cannot
turn a slow run into a miss: this measures what is recalled, hook_latency.py
measures how fast.

Usage: python bench/recall_quality.py [--mode none|fake|local] [--top-k N]
                                      [--min-score F] [--pyz PATH] [--verbose] [--json]
                                      [--dataset UPSTREAM.json] [--upstream DIR] [--inproc]
                                      [--fixture recall|recall_paraphrase_dev]

``--upstream`` runs every eval dataset of a fetched d4n-larsson/aegisdb (a checkout
or a bare mirror, see bench/_upstream_datasets.py) and prints one line per set;
it says so and exits 0 when none is there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT / "runtime"))

from aegis.text import estimate_tokens  # noqa: E402

NAMESPACE = "bench:ledgerly"
INJECTED_ID = re.compile(r"^- (mem_[0-9A-Za-z_]+) \(", re.MULTILINE)


# From source, the hook is entered the way the zipapp enters it (aegis.hooks.main, no
# CLI parser), so source runs measure the hook rather than ``aegis.cli``'s imports.
FROM_SOURCE = "import sys; from aegis.hooks import main; sys.exit(main(sys.argv[1]))"


def hook_command(pyz: str | None, python: str, event: str) -> list[str]:
    if pyz:                        # absolute: the hook runs in the project directory
        return [python, str(Path(pyz).resolve()), "hook", event]
    return [python, "-c", FROM_SOURCE, event]


def aegisdb_env(address: str | None) -> dict[str, str]:
    """``--aegisdb HOST:PORT``: the environment that puts the store on that server
    (a server you started on 127.0.0.1; token from $AEGIS_BENCH_TOKEN if it needs one)."""
    if not address:
        return {}
    host, _, port = address.rpartition(":")
    env = {"AEGIS_BACKEND": "aegisdb", "AEGIS_HOST": host or "127.0.0.1", "AEGIS_PORT": port}
    if os.environ.get("AEGIS_BENCH_TOKEN"):
        env["AEGIS_AUTH_TOKEN"] = os.environ["AEGIS_BENCH_TOKEN"]
    return env


def bench_env(home: Path, mode: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AEGIS_", "CLAUDE_PLUGIN_OPTION_")) and k != "VOYAGE_API_KEY"}
    env.update(HOME=str(home), AEGIS_DATA_DIR=str(home / "aegis-data"),
               AEGIS_NAMESPACE=NAMESPACE, AEGIS_EMBEDDING_MODE=mode,
               PYTHONPATH=str(ROOT / "runtime"))
    env.pop("XDG_DATA_HOME", None)
    env.update(extra or {})
    return env


def open_service(env: dict[str, str], project: Path):
    from aegis.config import load_config
    from aegis.service import MemoryService
    return MemoryService.open(load_config(env=env, cwd=project), project)


def load_dataset(upstream: Path | dict | None, fixture: str = "recall"
                 ) -> tuple[list[dict], list[dict]]:
    """(memories, prompts): DATA's ``<fixture>_memories.json`` and ``<fixture>_prompts.json``
    (``recall``: the tuned set; ``recall_paraphrase_dev``: the paraphrase development
    set), or an AegisDB eval dataset converted.

    The upstream integration's datasets (``eval/datasets/*.json`` in
    d4n-larsson/aegisdb, read from wherever they were fetched) label memories
    with ``label`` and queries with ``relevant``; the A/B set pairs each task's
    memories with one question. Every converted prompt is on-topic (kind
    ``upstream``): those sets have no off-topic prompts.
    """
    if upstream is None:
        memories = json.loads((DATA / f"{fixture}_memories.json").read_text(encoding="utf-8"))
        prompts = json.loads((DATA / f"{fixture}_prompts.json").read_text(encoding="utf-8"))
        return memories["memories"], prompts["prompts"]
    spec = upstream if isinstance(upstream, dict) else json.loads(
        upstream.read_text(encoding="utf-8"))
    if "tasks" in spec:
        memories, prompts = [], []
        for task in spec["tasks"]:
            keys = [f"{task['id']}#{n}" for n in range(len(task["memories"]))]
            memories += [{"key": key, "text": text} for key, text in zip(keys, task["memories"])]
            prompts.append({"kind": "upstream", "prompt": task["question"], "expect": keys})
        return memories, prompts
    memories = [{"key": m["label"], "text": m["text"], "tags": m.get("tags"),
                 "importance": m.get("importance", 0.5)} for m in spec["memories"]]
    prompts = [{"kind": "upstream", "prompt": q["text"], "expect": list(q["relevant"])}
               for q in spec["queries"]]
    return memories, prompts


def load_memories(env: dict[str, str], project: Path, memories: list[dict]) -> dict[str, str]:
    """Save the labelled memories; returns {memory id: label}."""
    labels = {}
    with open_service(env, project) as service:
        for item in memories:
            saved = service.save(item["text"], tags=item.get("tags"),
                                 importance=item.get("importance", 0.5),
                                 kind=item.get("kind", "fact"),
                                 scope=item.get("scope", "project"))
            labels[saved.memory.id] = item["key"]
    return labels


def write_transcript(path: Path, turns: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for role, text in turns:
            handle.write(json.dumps({"type": role, "message": {"role": role, "content": text},
                                     "uuid": str(uuid.uuid4())}) + "\n")


def run_hook(command: list[str] | None, env: dict[str, str], payload: dict[str, Any],
             cwd: Path) -> tuple[int, dict[str, Any] | None]:
    """(exit code, output) of one hook run: a process of ``command``, or, for ``None``
    (``--inproc``), ``aegis.hooks.main`` called in this process with ``env``."""
    if command is None:
        import io
        import time
        from aegis.hooks import main
        out = io.StringIO()
        code = main("user-prompt-submit", stdin=io.BytesIO(json.dumps(payload).encode()),
                    stdout=out, env=env, started_at=time.monotonic())
        text = out.getvalue().strip()
        return code or 0, (json.loads(text) if text else None)
    done = subprocess.run(command, input=json.dumps(payload).encode(), capture_output=True,
                          env=env, cwd=cwd, timeout=60)
    out = done.stdout.decode("utf-8", "replace").strip()
    return done.returncode, (json.loads(out) if out else None)


def injected_context(output: dict[str, Any] | None) -> str:
    if not output:
        return ""
    return str((output.get("hookSpecificOutput") or {}).get("additionalContext") or "")


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    memories, prompts = load_dataset(args.dataset, args.fixture)
    with tempfile.TemporaryDirectory(prefix="aegis-recall-bench-") as tmp:
        home, project = Path(tmp) / "home", Path(tmp) / "project"
        home.mkdir()
        project.mkdir()
        extra = {"AEGIS_RECALL_TIME_BUDGET_MS": "20000", **aegisdb_env(args.aegisdb)}
        if args.top_k:
            extra["AEGIS_RECALL_TOP_K"] = str(args.top_k)
        if args.min_score is not None:
            extra["AEGIS_RECALL_MIN_SCORE"] = str(args.min_score)
        env = bench_env(home, args.mode, extra)
        labels = load_memories(env, project, memories)
        command = (None if args.inproc else
                   hook_command(args.pyz, args.python, "user-prompt-submit"))
        rows = []
        for number, item in enumerate(prompts):
            payload = {"session_id": f"bench-{number}-{uuid.uuid4().hex[:8]}",
                       "hook_event_name": "UserPromptSubmit", "cwd": str(project),
                       "prompt": item["prompt"]}
            if item.get("transcript"):
                transcript = Path(tmp) / f"transcript-{number}.jsonl"
                write_transcript(transcript, item["transcript"])
                payload["transcript_path"] = str(transcript)
            code, output = run_hook(command, env, payload, project)
            context = injected_context(output)
            got = [labels.get(i, i) for i in INJECTED_ID.findall(context)]
            rows.append({"prompt": item["prompt"], "kind": item["kind"],
                         "expect": item["expect"], "got": got, "exit": code,
                         "tokens": estimate_tokens(context) if context else 0,
                         "notice": (output or {}).get("systemMessage")})
    return summarize(rows)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    on = [r for r in rows if r["expect"]]
    off = [r for r in rows if not r["expect"]]
    hits = [r for r in on if set(r["expect"]) & set(r["got"])]
    recall = [len(set(r["expect"]) & set(r["got"])) / len(r["expect"]) for r in on]
    reciprocal = []
    for r in on:
        ranks = [i for i, key in enumerate(r["got"], 1) if key in r["expect"]]
        reciprocal.append(1.0 / ranks[0] if ranks else 0.0)
    injected = [r for r in rows if r["got"]]
    by_kind: dict[str, list[int]] = {}
    for r in on:
        by_kind.setdefault(r["kind"], [0, 0])
        by_kind[r["kind"]][0] += 1 if r in hits else 0
        by_kind[r["kind"]][1] += 1
    return {
        "prompts": len(rows), "on_topic": len(on), "off_topic": len(off),
        "hit_rate": len(hits) / len(on) if on else 0.0,
        "recall_at_k": sum(recall) / len(recall) if recall else 0.0,
        "mrr": sum(reciprocal) / len(reciprocal) if reciprocal else 0.0,
        "off_topic_injection_rate": (sum(1 for r in off if r["got"]) / len(off)) if off else 0.0,
        "avg_injected_tokens": (sum(r["tokens"] for r in injected) / len(injected)
                                if injected else 0.0),
        "avg_injected_memories": (sum(len(r["got"]) for r in injected) / len(injected)
                                  if injected else 0.0),
        "hit_rate_by_kind": {k: round(v[0] / v[1], 3) for k, v in sorted(by_kind.items())},
        "nonzero_exits": sum(1 for r in rows if r["exit"] != 0),
        "notices": sorted({r["notice"] for r in rows if r["notice"]}),
        "rows": rows,
    }


def run_upstream(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from _upstream_datasets import upstream_datasets
    found = upstream_datasets(args.upstream)
    if not found:
        print(f"upstream datasets: none under {args.upstream} (fetch d4n-larsson/aegisdb); "
              "skipped")
        return 0
    runner = "source, in process" if args.inproc else f"pyz {args.pyz}" if args.pyz else "source"
    print(f"recall quality on d4n-larsson/aegisdb eval/datasets — mode={args.mode}, "
          f"hook from {runner} (not tuned on; all prompts on-topic)")
    for name, spec in found:
        args.dataset = spec
        result = evaluate(args)
        print(f"  {name:<13} prompts {result['prompts']:>3}  hit {result['hit_rate']:.3f}  "
              f"recall@k {result['recall_at_k']:.3f}  MRR {result['mrr']:.3f}  "
              f"avg memories {result['avg_injected_memories']:.2f}")
        if args.verbose:
            for r in result["rows"]:
                if not set(r["expect"]) & set(r["got"]):
                    print(f"    MISS {r['prompt']!r}: expected {r['expect']}, got {r['got']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", default="none", choices=("none", "fake", "local", "voyage"),
                        help="AEGIS_EMBEDDING_MODE for the store and the hook (default none)")
    parser.add_argument("--top-k", type=int, default=None, help="AEGIS_RECALL_TOP_K")
    parser.add_argument("--min-score", type=float, default=None, help="AEGIS_RECALL_MIN_SCORE")
    parser.add_argument("--pyz", default=os.environ.get("AEGIS_PYZ") or None,
                        help="run the hook from this zipapp (default $AEGIS_PYZ, else source)")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the hook")
    parser.add_argument("--inproc", action="store_true",
                        help="call the hook from source in this process (a fast development "
                             "loop; report the pyz figures)")
    parser.add_argument("--aegisdb", metavar="HOST:PORT",
                        help="measure on this AegisDB server instead of SQLite")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false hit")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--dataset", type=Path, default=None,
                        help="an AegisDB eval dataset (eval/datasets/*.json of "
                             "d4n-larsson/aegisdb) instead of tests/data")
    parser.add_argument("--fixture", default="recall",
                        help="tests/data/<FIXTURE>_{memories,prompts}.json (default recall, "
                             "the tuned set; recall_paraphrase_dev is the paraphrase dev set, "
                             "dev3/recall/recall the dev3 set)")
    parser.add_argument("--upstream", type=Path, default=None, metavar="DIR",
                        help="run every eval dataset of a fetched d4n-larsson/aegisdb "
                             "(checkout or bare git mirror)")
    args = parser.parse_args(argv)
    if args.upstream is not None:
        return run_upstream(args)
    result = evaluate(args)
    rows = result.pop("rows")
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0
    runner = "source, in process" if args.inproc else f"pyz {args.pyz}" if args.pyz else "source"
    print(f"recall quality — mode={args.mode}, hook from {runner}")
    print(f"  prompts {result['prompts']} ({result['on_topic']} on-topic, "
          f"{result['off_topic']} off-topic)")
    print(f"  hit rate            {result['hit_rate']:.3f}   (target ≥ 0.85)")
    print(f"  recall@k            {result['recall_at_k']:.3f}")
    print(f"  MRR                 {result['mrr']:.3f}")
    print(f"  off-topic injection {result['off_topic_injection_rate']:.3f}   (target ≤ 0.10)")
    print(f"  avg injected tokens {result['avg_injected_tokens']:.1f} "
          f"({result['avg_injected_memories']:.2f} memories)")
    print(f"  hit rate by kind    {result['hit_rate_by_kind']}")
    if result["nonzero_exits"] or result["notices"]:
        print(f"  nonzero exits {result['nonzero_exits']}; notices {result['notices']}")
    if args.verbose:
        for r in rows:
            wrong = (r["expect"] and not set(r["expect"]) & set(r["got"])) or \
                    (not r["expect"] and r["got"])
            if wrong:
                print(f"  MISS [{r['kind']}] {r['prompt']!r}: expected {r['expect']}, "
                      f"got {r['got']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
