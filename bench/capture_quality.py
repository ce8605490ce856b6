"""Capture quality and hook cost.

Runs the whole capture pipeline (transcript → extraction → dedup/supersede →
a throwaway SQLite store) on each labelled fixture in tests/data/transcripts/
and prints precision and recall against the labels:

* a stored memory is a true positive if it contains a ``must_capture`` phrase,
  otherwise a false positive (including anything matching ``must_not_capture``);
* recall is the share of ``must_capture`` phrases found in some memory.

Then times ``hook stop`` / ``hook session-end`` as Claude Code runs them
(python3 + the zipapp in $AEGIS_PYZ, else ``-m aegis`` from source) against
``python3 -c pass`` measured in the same run, and reports the ratio.

Usage: python bench/capture_quality.py [--runs N] [--verbose]
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
sys.path.insert(0, str(ROOT / "runtime"))

from aegis.capture.reconcile import apply  # noqa: E402
from aegis.capture.worker import to_candidate  # noqa: E402
from aegis.capture.extract import extract  # noqa: E402
from aegis.namespace import Namespaces  # noqa: E402
from aegis.service import MemoryService  # noqa: E402
from aegis.store.sqlite import SQLiteStore  # noqa: E402
from aegis.transcript import read_messages  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "transcripts"


def captured_texts(transcript: Path, store_dir: Path, min_salience: float = 0.5) -> list[str]:
    namespaces = Namespaces("bench:project", "user:bench")
    service = MemoryService(SQLiteStore.open(store_dir / "memory.db"), namespaces)
    try:
        for statement in extract(read_messages(transcript), min_salience):
            apply(service, to_candidate(statement, transcript.stem, namespaces, None))
        return [m.text for m in service.list(limit=1000)]
    finally:
        service.close()


def score_fixture(transcript: Path, verbose: bool) -> tuple[int, int, int, int]:
    labels = json.loads(transcript.with_suffix(".labels.json").read_text())
    must = [p.lower() for p in labels["must_capture"]]
    must_not = [p.lower() for p in labels["must_not_capture"]]
    with tempfile.TemporaryDirectory() as tmp:
        texts = captured_texts(transcript, Path(tmp))
    true_pos = false_pos = 0
    for text in texts:
        lowered = text.lower()
        good = any(p in lowered for p in must) and not any(p in lowered for p in must_not)
        true_pos += good
        false_pos += not good
        if verbose:
            print(f"    {'+' if good else '-'} {text}")
    found = sum(1 for p in must if any(p in t.lower() for t in texts))
    if verbose:
        for p in must:
            if not any(p in t.lower() for t in texts):
                print(f"    missed: {p}")
    return true_pos, false_pos, found, len(must)


def wall_time(argv: list[str], payload: bytes, env: dict, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, input=payload, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def hook_timing(runs: int) -> None:
    pyz = os.environ.get("AEGIS_PYZ")
    runtime = [sys.executable, pyz] if pyz and Path(pyz).is_file() else [sys.executable, "-m", "aegis"]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, AEGIS_DATA_DIR=str(Path(tmp) / "data"), HOME=tmp,
                   PYTHONPATH=str(ROOT / "runtime"), AEGIS_CAPTURE_SCOPE="turn")
        transcript = FIXTURES / "decisions_and_fixes.jsonl"
        payload = json.dumps({"session_id": "bench", "transcript_path": str(transcript),
                              "cwd": tmp, "hook_event_name": "Stop",
                              "last_assistant_message": "All 142 tests pass."}).encode()
        baseline = wall_time([sys.executable, "-c", "pass"], b"", env, runs)
        label = "pyz" if len(runtime) == 2 else "source"
        print(f"hook wall time ({label}, median of {runs}); baseline python3 -c pass = "
              f"{baseline * 1000:.1f} ms")
        dispatcher = wall_time(runtime + ["hook", "no-such-event"], payload, env, runs)
        print(f"  dispatcher alone  {dispatcher * 1000:6.1f} ms  = {dispatcher / baseline:4.1f}x "
              f"baseline (the shared hook entry point, no event work)")
        for event in ("stop", "session-end"):
            took = wall_time(runtime + ["hook", event], payload, env, runs)
            print(f"  hook {event:<12} {took * 1000:6.1f} ms  = {took / baseline:4.1f}x baseline, "
                  f"{(took - dispatcher) * 1000:+.1f} ms over the dispatcher")
        _wait_for_workers(Path(tmp) / "data")


def _wait_for_workers(data_dir: Path, deadline_s: float = 30.0) -> None:
    """Let the spawned workers finish before the temp dir goes away."""
    from aegis.capture.layout import CaptureFiles
    jobs = CaptureFiles.in_data_dir(data_dir).jobs
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline and jobs.is_dir() and any(jobs.iterdir()):
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    totals = [0, 0, 0, 0]
    print("capture quality on labelled fixtures")
    for transcript in sorted(FIXTURES.glob("*.jsonl")):
        tp, fp, found, wanted = score_fixture(transcript, args.verbose)
        totals = [a + b for a, b in zip(totals, (tp, fp, found, wanted))]
        print(f"  {transcript.stem:<26} captured {tp + fp:3d}  correct {tp:3d}  "
              f"found {found}/{wanted}")
    tp, fp, found, wanted = totals
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = found / wanted if wanted else 0.0
    print(f"precision {precision:.2f} (target >= 0.85)   recall {recall:.2f} (target >= 0.75)")
    hook_timing(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
