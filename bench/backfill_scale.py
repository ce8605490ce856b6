"""`aegis backfill` over a large transcript tree: wall time, MB/s and peak memory,
against baselines measured in the same run on the same bytes.

Generates a Claude Code projects tree (default 500 MB) into a temporary dir —
several projects, sessions in the real JSONL shape (lines copied from a Claude
Code 2.1.332 transcript, see tests/transcript_tree.py) with what dominates real
transcripts by size (tool calls and multi-kB tool results), assistant and user
prose with salient statements (decisions, conventions, fixes, a few secrets),
a few oversized lines (over the 4 MB line cap), a binary file and a truncated
one; a statement in one user turn of five and one assistant turn of ten — then runs, each as its own child process of the same interpreter:

* baseline ``lines``   a plain ``for line in file`` loop over every transcript
* baseline ``json``    the same loop with ``json.loads`` on every line
* ``backfill``         ``aegis.pyz backfill --all-projects --json`` (SQLite store)
* ``backfill again``   the same command once more (idempotent: reads nothing new)

and prints wall time, MB/s and peak RSS (``ru_maxrss`` of that child, from
``os.wait4``) for each, with backfill's ratios to the baselines. Bounded: the
tree's size is capped (``--mb`` at most 2000), each child has a timeout, and
the tree is deleted afterwards whatever happens.

The generated data is synthetic and was not tuned on: the extraction rules
were written before this bench existed; figures say how fast, not how well.

Usage: python bench/backfill_scale.py [--mb 500] [--projects 6] [--pyz PATH]
                                      [--python PATH] [--timeout 3600]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.transcript_tree import (ASSISTANT, HEAD, TAIL, TOOL_CALL, TOOL_RESULT,  # noqa: E402
                                   USER, encoded)

MAX_MB = 2000
SESSION_BYTES = 2_000_000
TOOLS = ["pnpm", "Postgres", "Redis", "Kafka", "uv", "ruff", "Vite", "Terraform", "nginx", "Go"]
COMPONENTS = ["orders service", "billing worker", "API gateway", "PDF renderer", "search index",
              "auth middleware", "CI pipeline", "export job", "webhook sender", "web client"]
REASONS = ["because the upstream API times out", "since the March incident",
           "to keep p95 under 200 ms", "as agreed in the design review",
           "because the old one leaked connections", "so retries stay idempotent"]
STATEMENTS = [
    "We decided to use {tool} {v} for the {c} {r}.",
    "We now use {tool} {v} for the {c} instead.",
    "Remember that the {c} must never log personal data {r}.",
    "The root cause was a stale `{file}` in the {c}.",
    "Our convention is that the {c} lives in `src/{slug}/` and owns its migrations.",
    "Please always run `make check-{slug}` before pushing changes to the {c}.",
    "Remember that the staging token for the {c} is ghp_{secret} for CI.",
]
NARRATION = ["Let me look at the {c} first.", "I'll run the tests for the {c} now.",
             "Here is the updated handler for the {c}.", "All tests pass for the {c}."]
FILLER = ("def handler(request):\n    payload = request.json()\n    return respond(payload)\n")


def _line(template: dict, cwd: str, session: str, stamp: str, **changes) -> str:
    record = dict(template, cwd=cwd, sessionId=session, timestamp=stamp, **changes)
    return json.dumps(record, ensure_ascii=False) + "\n"


def _stamp(base: float, offset: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(base + offset)) + ".000Z"


def write_session(path: Path, cwd: str, session: str, rng: random.Random, base: float,
                  target: int, oversized: bool) -> int:
    written, turn = 0, 0
    with path.open("w", encoding="utf-8") as out:
        def put(text: str) -> None:
            nonlocal written
            out.write(text)
            written += len(text.encode("utf-8"))
        for record in HEAD:
            put(_line(record, cwd, session, _stamp(base, 0)))
        while written < target:
            turn += 1
            at = _stamp(base, turn * 30)
            values = dict(tool=rng.choice(TOOLS), v=f"{rng.randint(1, 30)}.{rng.randint(0, 9)}",
                          c=rng.choice(COMPONENTS), r=rng.choice(REASONS),
                          file=f"cache-{rng.randint(1, 999)}.lock",
                          slug=f"mod{rng.randint(1, 400)}",
                          secret="".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                         for _ in range(36)))
            # Most turns are requests and narration; a statement worth keeping is rarer.
            said = rng.choice(STATEMENTS).format(**values) if turn % 5 == 1 else \
                f"Can you update the {values['c']} handler and rerun its tests?"
            put(_line(USER, cwd, session, at,
                      message={"role": "user", "content": said + " Thanks."}))
            prose = " ".join(rng.choice(NARRATION).format(**values) for _ in range(6))
            if turn % 10 == 3:
                prose += " " + rng.choice(STATEMENTS).format(**values)
            put(_line(ASSISTANT, cwd, session, at, message={
                **ASSISTANT["message"], "content": [{"type": "text", "text": prose}]}))
            put(_line(TOOL_CALL, cwd, session, at))
            size = 4_000_000 + 1000 if oversized and turn == 3 else rng.randint(2_000, 24_000)
            put(_line(TOOL_RESULT, cwd, session, at, message={"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_bench",
                 "content": (FILLER * (size // len(FILLER) + 1))[:size]}]}))
        for record in TAIL:
            put(_line(record, cwd, session, _stamp(base, turn * 30)))
    return written


def generate(root: Path, total_mb: int, projects: int, seed: int = 11) -> tuple[int, int]:
    rng = random.Random(seed)
    target = total_mb * 1_000_000
    sessions = max(projects, target // SESSION_BYTES)
    written = 0
    work = root / "work"
    for index in range(sessions):
        cwd = work / f"project-{index % projects}"
        cwd.mkdir(parents=True, exist_ok=True)
        folder = root / "claude" / "projects" / encoded(cwd)
        folder.mkdir(parents=True, exist_ok=True)
        base = 1780000000.0 + index * 3600
        written += write_session(folder / f"session-{index:05d}.jsonl", str(cwd),
                                 f"session-{index:05d}", rng, base,
                                 min(SESSION_BYTES, target - written), index % 50 == 7)
        if written >= target:
            break
    first = root / "claude" / "projects" / encoded(work / "project-0")
    (first / "binary.jsonl").write_bytes(bytes(rng.randrange(256) for _ in range(65536)))
    cut = (first / "session-00000.jsonl").read_bytes()
    (first / "truncated.jsonl").write_bytes(cut[: len(cut) // 2])
    files = list((root / "claude" / "projects").rglob("*.jsonl"))
    return sum(f.stat().st_size for f in files), len(files)


BASELINE = r"""
import json, sys
from pathlib import Path
parse = sys.argv[2] == "json"
lines = 0
for path in sorted(Path(sys.argv[1]).rglob("*.jsonl")):
    with open(path, "rb") as handle:
        for line in handle:
            lines += 1
            if parse:
                try:
                    json.loads(line)
                except ValueError:
                    pass
print(lines)
"""


def measure(command: list[str], env: dict[str, str], timeout: float) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stdout) of one child process."""
    out = tempfile.TemporaryFile()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env,
                             stdin=subprocess.DEVNULL)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            raise SystemExit(f"timed out after {timeout:.0f} s: {command[:3]}")
        time.sleep(0.01)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    out.seek(0)
    text = out.read().decode(errors="replace")
    out.close()
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({child.returncode}): {err[-500:]}")
    return wall, usage.ru_maxrss // 1024, text   # ru_maxrss is in kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--projects", type=int, default=6)
    parser.add_argument("--pyz", default=os.environ.get("AEGIS_PYZ")
                        or str(ROOT / "build" / "out" / "aegis.pyz"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--timeout", type=float, default=3600.0)
    args = parser.parse_args()
    if not 1 <= args.mb <= MAX_MB:
        raise SystemExit(f"--mb must be 1..{MAX_MB}")
    if not Path(args.pyz).is_file():
        raise SystemExit(f"{args.pyz} is missing: build it (build/build_pyz.py) or pass --pyz")
    root = Path(tempfile.mkdtemp(prefix="aegis-backfill-bench-"))
    try:
        began = time.perf_counter()
        size, files = generate(root, args.mb, args.projects)
        print(f"tree: {size / 1e6:,.0f} MB in {files} files, {args.projects} projects "
              f"(generated in {time.perf_counter() - began:.0f} s)")
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("AEGIS_", "CLAUDE_", "PYTHONDONTWRITEBYTECODE"))}
        env.update(HOME=str(root / "home"), CLAUDE_CONFIG_DIR=str(root / "claude"),
                   AEGIS_DATA_DIR=str(root / "data"))
        tree = str(root / "claude" / "projects")
        rows = []
        for label in ("lines", "json"):
            wall, rss, _ = measure([args.python, "-c", BASELINE, tree, label], env, args.timeout)
            rows.append((f"baseline {label}", wall, rss, ""))
        command = [args.python, args.pyz, "backfill", "--all-projects", "--json"]
        wall, rss, out = measure(command, env, args.timeout)
        report = json.loads(out)
        added = sum(p["added"] for p in report["projects"])
        extracted = sum(p["extracted"] for p in report["projects"])
        rows.append(("backfill", wall, rss, f"{report['sessions']} sessions, {extracted:,} "
                                            f"statements, {added:,} added, "
                                            f"{len(report['skipped'])} skipped"))
        wall2, rss2, out2 = measure(command, env, args.timeout)
        again = json.loads(out2)
        rows.append(("backfill again", wall2, rss2,
                     f"{sum(p['added'] for p in again['projects'])} added, "
                     f"{sum(p['up_to_date'] for p in again['projects'])} up to date"))
        print(f"{'run':<16}{'wall s':>9}{'MB/s':>9}{'peak RSS MB':>13}  notes")
        for label, seconds, peak, note in rows:
            print(f"{label:<16}{seconds:>9.1f}{size / 1e6 / seconds:>9.1f}{peak:>13}  {note}")
        lines_s, json_s = rows[0][1], rows[1][1]
        print(f"backfill ÷ baseline: {wall / lines_s:.1f}× the line loop, "
              f"{wall / json_s:.1f}× the json loop; peak RSS {rss} MB for "
              f"{size / 1e6:,.0f} MB of transcripts ({rows[1][2]} MB for the json loop)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
