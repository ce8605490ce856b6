"""Capture on MemoryCode: do stated conventions, and only their current versions, reach a new session?

MemoryCode (``../shared/benchmarks/memorycode``, its README says which dialogues
are there: the development half) is a mentor and a mentee over 1-100 sessions;
the mentor states coding conventions in passing among small talk and later
replaces some of them. For each dialogue, in a throwaway data dir:

1. each session becomes a transcript in Claude Code's JSONL shape (mentor =
   user, mentee = assistant, as Claude Code 2.1.332 writes them) and goes
   through ``hook session-end`` exactly as Claude Code runs it — a fresh
   process, the hook JSON on stdin — which queues a job and starts the
   detached capture worker; the benchmark waits for the worker to settle
   before the next session;
2. then, for each coding task of the last session, a new session runs
   ``hook session-start`` (the briefing) and ``hook user-prompt-submit`` with
   "Write a <task>" (the recall), and the injected context is judged against
   the instruction in force that MemoryCode pairs with that task (by
   position; when a dialogue lists fewer tasks than instructions, tasks are
   reused in turn).

Figures, per dialogue length (sessions):

* current   share of instructions in force whose current version is in the
            context (a memory naming its key value — ``'_at'``, ``count_calls``,
            "CamelCase", … — and the kind of name it applies to);
* outdated  among instructions that replaced an earlier version, the share whose
            context also carries a replaced version (a memory with the old value
            and not the new one);
* tokens    estimated tokens injected per task (briefing + recall), and the
            briefing's own largest size.

The judge reads MemoryCode's structured ``session_regex``, never its wording, and
knows nothing of how capture phrases memories beyond "the memory names the value
and the kind". The hooks run from the built zipapp (``--pyz``, default $AEGIS_PYZ,
else build/out/aegis.pyz); ``--engine source`` runs the same hooks from the
source tree as subprocesses, ``--engine inproc`` calls them in this process
(fast, for a development loop; report the pyz figures). The recall time budget
is raised so that machine load cannot turn a slow run into a miss: this measures
what is carried, bench/hook_latency.py measures how fast.

The default run is bounded (every dialogue of 1-10 sessions and the first of each
longer length, several minutes); ``--lengths``, ``--per-length`` and ``--all``
choose others. Without the data it prints why and exits 0.

Usage: python bench/capture_memorycode.py [--lengths 1,2,5] [--per-length N] [--all]
                                          [--engine pyz|source|inproc] [--pyz PATH]
                                          [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "memorycode"
sys.path.insert(0, str(ROOT / "runtime"))

from aegis.text import estimate_tokens  # noqa: E402

LENGTHS = (1, 2, 3, 4, 5, 10, 15, 20, 30, 40, 50, 100)
SHORT = 10                      # the target holds for dialogues of up to this many sessions
DEFAULT_LONG_PER_LENGTH = 1
SETTLE_SECONDS = 120.0
CLI_VERSION = "2.1.332"
FROM_SOURCE = "import sys; from aegis.hooks import main; sys.exit(main(sys.argv[1]))"


# ---------------------------------------------------------------- the data

@dataclass
class Instruction:
    kind: str                   # MemoryCode's python object kind: "attribute", "method decorator", …
    value: Any                  # its regex, [name, True] or True

    @property
    def key(self) -> str:
        return json.dumps([self.kind, self.value])

    @property
    def shape(self) -> str:
        """What a later instruction of the same kind replaces: a start, an end, a case style."""
        value = self.value
        if not isinstance(value, str):
            return f"other:{json.dumps(value)}"
        if value in CASE_STYLES:
            return "case"
        if value.startswith("^") and value.endswith(".*"):
            return "start"
        if value.endswith("$") and value.startswith(".*") and "\\d" not in value:
            return "end"
        return f"other:{value}"


@dataclass
class Task:
    instruction: Instruction
    task: str
    replaced: list[Instruction] = field(default_factory=list)


@dataclass
class Dialogue:
    name: str
    mentor: str
    mentee: str
    sessions: list[str]
    tasks: list[Task]


def dialogue_number(path: Path) -> int:
    match = re.search(r"(\d+)", path.stem)
    return int(match.group(1)) if match else 0


def load_dialogue(path: Path) -> Dialogue:
    data = json.loads(path.read_text(encoding="utf-8"))
    sessions = data["sessions"]
    stated: list[Instruction] = []
    for session in sessions:
        stated += [Instruction(kind, value) for kind, value in session.get("session_regex", [])]
    last = sessions[-1]
    in_force = [Instruction(kind, value) for kind, value in last.get("history_regex", [])]
    force_keys = {i.key for i in in_force}
    queries = last.get("history_eval_query") or last.get("session_eval_query") or ["function"]
    tasks = []
    for number, instruction in enumerate(in_force):
        replaced = [old for old in stated if old.key not in force_keys
                    and old.kind == instruction.kind and old.shape == instruction.shape]
        tasks.append(Task(instruction, queries[number % len(queries)],
                          _unique(replaced)))
    context = data.get("context", {})
    return Dialogue(path.stem, context.get("mentor", ""), context.get("mentee", ""),
                    [s.get("text", "") for s in sessions], tasks)


def _unique(items: list[Instruction]) -> list[Instruction]:
    seen, out = set(), []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            out.append(item)
    return out


def select(data_dir: Path, lengths: tuple[int, ...], per_length: int | None,
           long_per_length: int) -> list[Dialogue]:
    by_length: dict[int, list[Path]] = {}
    for path in sorted((data_dir / "dialogues").glob("*.json"), key=dialogue_number):
        count = len(json.loads(path.read_text(encoding="utf-8"))["sessions"])
        by_length.setdefault(count, []).append(path)
    chosen = []
    for length in lengths:
        limit = per_length if per_length is not None else (
            None if length <= SHORT else long_per_length)
        chosen += [load_dialogue(p) for p in by_length.get(length, [])[:limit]]
    return chosen


SPEAKER = re.compile(r"^([A-Z][\w .'-]{0,40}?):\s+(.*)$")


def turns(text: str, mentor: str, mentee: str) -> list[tuple[str, str]]:
    """(role, utterance) pairs: mentor = user, mentee = assistant; unlabelled lines
    continue the utterance before them."""
    out: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = SPEAKER.match(line.strip())
        role = _role(match.group(1), mentor, mentee, out) if match else None
        if role is None:
            if out:
                out[-1][1] += "\n" + line.strip()
            else:
                out.append(["user", line.strip()])
            continue
        if out and out[-1][0] == role:
            out[-1][1] += "\n\n" + match.group(2)
        else:
            out.append([role, match.group(2)])
    return [(role, body.strip()) for role, body in out if body.strip()]


def _role(label: str, mentor: str, mentee: str, so_far: list) -> str | None:
    label = label.strip()
    for name, role in ((mentee, "assistant"), (mentor, "user")):
        if name and (label == name or name.startswith(label) or label.startswith(name)):
            return role
    if len(label.split()) <= 2 and so_far:        # an unknown speaker label: alternate
        return "assistant" if so_far[-1][0] == "user" else "user"
    return None


def write_transcript(path: Path, session_id: str, cwd: str,
                     pairs: list[tuple[str, str]], start: float) -> None:
    """The session as Claude Code 2.1.332 writes it (the fields capture does not read
    are there so that it reads its real input, not a simplified one)."""
    parent = None
    lines = [{"type": "queue-operation", "operation": "enqueue", "sessionId": session_id,
              "timestamp": _stamp(start), "content": pairs[0][1] if pairs else ""}]
    for number, (role, text) in enumerate(pairs):
        uid = str(uuid.uuid4())
        common = {"parentUuid": parent, "isSidechain": False, "type": role, "uuid": uid,
                  "timestamp": _stamp(start + number), "userType": "external",
                  "entrypoint": "cli", "cwd": cwd, "sessionId": session_id,
                  "version": CLI_VERSION, "gitBranch": "main"}
        if role == "user":
            common.update(promptId=str(uuid.uuid4()), permissionMode="default",
                          message={"role": "user", "content": text})
        else:
            common.update(requestId=f"req_{uid[:8]}", message={
                "id": f"msg_{uid[:12]}", "type": "message", "role": "assistant",
                "model": "claude-opus-5-5", "content": [{"type": "text", "text": text}],
                "stop_reason": "end_turn", "stop_sequence": None,
                "usage": {"input_tokens": 10, "output_tokens": 10}})
        lines.append(common)
        parent = uid
    lines.append({"type": "last-prompt", "lastPrompt": pairs[-1][1] if pairs else "",
                  "sessionId": session_id})
    with open(path, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def _stamp(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(epoch))


# ---------------------------------------------------------------- the judge

CASE_STYLES = {
    "^[A-Z][a-z0-9]*((\\d|[a-z])[A-Z\\d]*[a-z0-9]*)*$": r"camel\s?case",
    "^[a-z0-9_]*$": r"snake[\s_]?case",
    "\\b[A-Z][A-Z0-9_]*\\b": r"upper\s?case|all caps|capital letters",
}
BOOLEAN_WORDS = {"try": r"\btry\b", "assert": r"\bassert", "annotation": r"annotat|type hint",
                 "docstring": r"docstring", "comment": r"\bcomment"}
KIND_NOUN = {"function argument": r"\bargument", "function": r"\bfunction(?!\s+argument)",
             "method": r"\bmethod", "attribute": r"\battribute", "variable": r"\bvariable",
             "class": r"\bclass", "import": r"\bimport", "comment": r""}


def value_pattern(instruction: Instruction) -> str:
    """A regex a memory must match to carry ``instruction``'s value."""
    kind, value = instruction.kind, instruction.value
    if isinstance(value, list):                          # a decorator or an import
        return r"(?<![\w])@?" + re.escape(str(value[0])) + r"(?![\w])"
    if value is True:
        return BOOLEAN_WORDS[kind.split()[-1]]
    if value in CASE_STYLES:
        return CASE_STYLES[value]
    if "\\d" in value:
        return r"\b(?:digit|number|numeral)"
    core = value.lstrip("^").replace(".*", "").rstrip("$")
    return r"(?<![A-Za-z0-9_])" + re.escape(core) + r"(?![A-Za-z0-9])"


def kind_pattern(instruction: Instruction) -> str:
    noun = instruction.kind.split()[0] if instruction.value is True or isinstance(
        instruction.value, list) else instruction.kind
    if instruction.kind == "import":
        noun = "import"
    return KIND_NOUN.get(noun, re.escape(noun))


def carries(memory_text: str, instruction: Instruction) -> bool:
    return bool(re.search(value_pattern(instruction), memory_text, re.I)
                and re.search(kind_pattern(instruction), memory_text, re.I))


MEMORY_LINE = re.compile(r'^- mem_\w+ \([^)]*\): (".*")$', re.M)


def memories_in(context: str) -> list[str]:
    out = []
    for match in MEMORY_LINE.finditer(context):
        try:
            out.append(json.loads(match.group(1)))
        except ValueError:
            out.append(match.group(1))
    return out


def judge(context: str, task: Task) -> tuple[bool, bool]:
    """(current version carried, a replaced version carried)."""
    texts = memories_in(context)
    current = any(carries(t, task.instruction) for t in texts)
    outdated = any(carries(t, old) and not carries(t, task.instruction)
                   for t in texts for old in task.replaced)
    return current, outdated


# ---------------------------------------------------------------- running the hooks

class Engine:
    """Runs hooks against one data dir; ``settle`` waits for capture to finish."""

    def __init__(self, kind: str, pyz: str | None, python: str, env: dict[str, str],
                 project: Path):
        self.kind, self.pyz, self.python, self.env, self.project = kind, pyz, python, env, project
        self.data_dir = Path(env["AEGIS_DATA_DIR"])

    def hook(self, event: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        raw = json.dumps(payload).encode()
        if self.kind == "inproc":
            from aegis.hooks import main
            out = io.StringIO()
            if event == "session-end":
                self._capture_inproc(payload)
                return None
            main(event, stdin=io.BytesIO(raw), stdout=out, env=self.env,
                 started_at=time.monotonic())   # its own budget, not the bench's start
            text = out.getvalue().strip()
        else:
            command = ([self.python, self.pyz, "hook", event] if self.kind == "pyz"
                       else [self.python, "-c", FROM_SOURCE, event])
            done = subprocess.run(command, input=raw, capture_output=True, env=self.env,
                                  cwd=self.project, timeout=60)
            if done.returncode != 0 or done.stderr.strip():
                raise RuntimeError(f"hook {event} exited {done.returncode}: "
                                   f"{done.stderr.decode(errors='replace')[:300]}")
            text = done.stdout.decode("utf-8", "replace").strip()
        return json.loads(text) if text else None

    def _capture_inproc(self, payload: dict[str, Any]) -> None:
        """The capture hook's job, then the worker, both in this process."""
        from aegis.capture import worker
        from aegis.capture.jobs import job_from_payload, write_job
        from aegis.capture.layout import CaptureFiles
        job = job_from_payload(payload, "session-end")
        write_job(CaptureFiles.in_data_dir(self.data_dir), job)
        worker.run(self.data_dir, env=self.env)

    def settle(self, timeout: float = SETTLE_SECONDS) -> None:
        """Wait until no job is queued and no worker holds the lock."""
        if self.kind == "inproc":
            return
        from aegis.capture.layout import CaptureFiles
        from aegis.capture.lock import LockBusy, worker_lock
        files = CaptureFiles.in_data_dir(self.data_dir)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                queued = any(n.endswith(".json") for n in os.listdir(files.jobs))
            except OSError:
                queued = False
            if not queued:
                try:
                    with worker_lock(files.lock, max(0.0, deadline - time.monotonic())):
                        return
                except LockBusy:
                    break
            time.sleep(0.02)
        raise RuntimeError(f"capture did not settle within {timeout:.0f} s")


def context_of(output: dict[str, Any] | None) -> str:
    if not output:
        return ""
    return str((output.get("hookSpecificOutput") or {}).get("additionalContext") or "")


def bench_env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AEGIS_", "CLAUDE_PLUGIN_OPTION_")) and k != "VOYAGE_API_KEY"}
    env.pop("XDG_DATA_HOME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(HOME=str(home), AEGIS_DATA_DIR=str(home / "aegis-data"),
               AEGIS_BACKEND="sqlite", AEGIS_EMBEDDING_MODE="none",
               AEGIS_RECALL_TIME_BUDGET_MS="20000", AEGIS_NOTIFY="off",
               PYTHONPATH=str(ROOT / "runtime"))
    env.update(extra)
    return env


@dataclass
class Result:
    dialogue: str
    sessions: int
    rows: list[dict[str, Any]]
    seconds: float


def run_dialogue(dialogue: Dialogue, args: argparse.Namespace) -> Result:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="aegis-memorycode-") as tmp:
        home, project = Path(tmp) / "home", Path(tmp) / "project"
        transcripts = home / ".claude" / "projects" / "-project"
        transcripts.mkdir(parents=True)
        project.mkdir()
        extra = {}
        if args.briefing_budget is not None:
            extra["AEGIS_BRIEFING_TOKEN_BUDGET"] = str(args.briefing_budget)
        engine = Engine(args.engine, args.pyz, args.python, bench_env(home, extra), project)
        clock = time.time() - 86400 * len(dialogue.sessions)
        for number, text in enumerate(dialogue.sessions):
            session_id = str(uuid.uuid4())
            path = transcripts / f"{session_id}.jsonl"
            write_transcript(path, session_id, str(project),
                             turns(text, dialogue.mentor, dialogue.mentee), clock + number * 86400)
            engine.hook("session-end", {"session_id": session_id, "transcript_path": str(path),
                                        "cwd": str(project), "hook_event_name": "SessionEnd",
                                        "reason": "prompt_input_exit"})
            engine.settle()
        rows = []
        for task in dialogue.tasks:
            session_id = str(uuid.uuid4())
            base = {"session_id": session_id, "cwd": str(project),
                    "transcript_path": str(transcripts / f"{session_id}.jsonl")}
            briefing = context_of(engine.hook("session-start", dict(
                base, hook_event_name="SessionStart", source="startup")))
            prompt = f"Write a {task.task}"
            recall = context_of(engine.hook("user-prompt-submit", dict(
                base, hook_event_name="UserPromptSubmit", prompt=prompt)))
            current, outdated = judge(briefing + "\n" + recall, task)
            rows.append({"instruction": task.instruction.key, "task": prompt,
                         "current": current, "outdated": outdated,
                         "has_replaced": bool(task.replaced),
                         "briefing_tokens": estimate_tokens(briefing) if briefing else 0,
                         "recall_tokens": estimate_tokens(recall) if recall else 0,
                         "in_briefing": judge(briefing, task)[0],
                         "context": briefing + "\n" + recall if args.verbose else None})
    return Result(dialogue.name, len(dialogue.sessions), rows, time.monotonic() - started)


# ---------------------------------------------------------------- figures

def summarize(results: list[Result]) -> dict[str, Any]:
    def figures(chosen: list[Result]) -> dict[str, Any]:
        rows = [r for res in chosen for r in res.rows]
        with_old = [r for r in rows if r["has_replaced"]]
        return {
            "dialogues": len(chosen), "instructions": len(rows),
            "current": _rate(sum(r["current"] for r in rows), len(rows)),
            "current_in_briefing": _rate(sum(r["in_briefing"] for r in rows), len(rows)),
            "with_replaced": len(with_old),
            "outdated": _rate(sum(r["outdated"] for r in with_old), len(with_old)),
            "outdated_of_all": _rate(sum(r["outdated"] for r in rows), len(rows)),
            "context_tokens": _mean([r["briefing_tokens"] + r["recall_tokens"] for r in rows]),
            "briefing_tokens_max": max((r["briefing_tokens"] for r in rows), default=0),
            "seconds": round(sum(res.seconds for res in chosen), 1),
        }
    by_length = {str(n): figures([r for r in results if r.sessions == n])
                 for n in sorted({r.sessions for r in results})}
    return {"by_length": by_length,
            f"up_to_{SHORT}": figures([r for r in results if r.sessions <= SHORT]),
            f"over_{SHORT}": figures([r for r in results if r.sessions > SHORT]),
            "all": figures(results)}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def print_table(summary: dict[str, Any], engine: str, elapsed: float) -> None:
    print(f"capture on MemoryCode (development half) — hooks from {engine}, "
          f"briefing budget {summary.get('budget', 400)} tokens")
    print(f"  {'sessions':>8} {'dialogues':>9} {'instr':>6} {'current':>8} {'in brief':>8} "
          f"{'outdated':>8} {'of':>4} {'tokens':>7} {'brief max':>9} {'seconds':>8}")
    rows = list(summary["by_length"].items()) + [
        (f"<= {SHORT}", summary[f"up_to_{SHORT}"]), (f"> {SHORT}", summary[f"over_{SHORT}"]),
        ("all", summary["all"])]
    for label, f in rows:
        if not f["dialogues"]:
            continue
        print(f"  {label:>8} {f['dialogues']:>9} {f['instructions']:>6} {_fmt(f['current']):>8} "
              f"{_fmt(f['current_in_briefing']):>8} {_fmt(f['outdated']):>8} "
              f"{f['with_replaced']:>4} {f['context_tokens']:>7} {f['briefing_tokens_max']:>9} "
              f"{f['seconds']:>8}")
    print(f"  targets for <= {SHORT} sessions: current >= 0.90, outdated <= 0.05, "
          f"briefing within its budget")
    print(f"  run time {elapsed:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the MemoryCode directory (default ../shared/benchmarks/memorycode)")
    parser.add_argument("--lengths", default=None,
                        help="comma-separated dialogue lengths in sessions (default all)")
    parser.add_argument("--per-length", type=int, default=None,
                        help="dialogues per length (default: all up to 10 sessions, "
                             f"{DEFAULT_LONG_PER_LENGTH} of each longer length)")
    parser.add_argument("--all", action="store_true", help="every dialogue (long: ~1 h)")
    parser.add_argument("--engine", default="pyz", choices=("pyz", "source", "inproc"))
    parser.add_argument("--pyz", default=os.environ.get("AEGIS_PYZ")
                        or str(ROOT / "build" / "out" / "aegis.pyz"))
    parser.add_argument("--python", default=sys.executable, help="interpreter for the hooks")
    parser.add_argument("--briefing-budget", type=int, default=None,
                        help="AEGIS_BRIEFING_TOKEN_BUDGET (default: the product's, 400)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every miss")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.data / "dialogues").is_dir():
        print(f"capture_memorycode: skipped — no MemoryCode data at {args.data}")
        return 0
    if args.engine == "pyz":
        if not Path(args.pyz).is_file():
            print(f"capture_memorycode: no zipapp at {args.pyz}; build it "
                  f"(build/build_pyz.py) or pass --engine source", file=sys.stderr)
            return 2
        args.pyz = str(Path(args.pyz).resolve())
    lengths = (tuple(int(x) for x in args.lengths.split(",")) if args.lengths else LENGTHS)
    per_length = 10_000 if args.all else args.per_length
    started = time.monotonic()
    dialogues = select(args.data, lengths, per_length, DEFAULT_LONG_PER_LENGTH)
    results = []
    for dialogue in dialogues:
        result = run_dialogue(dialogue, args)
        results.append(result)
        if args.verbose:
            for row in result.rows:
                if not row["current"] or row["outdated"]:
                    print(f"{result.dialogue} ({result.sessions} sessions) "
                          f"{'MISS' if not row['current'] else 'OUTDATED'} {row['instruction']} "
                          f"[{row['task']}]\n{row['context']}\n")
    elapsed = time.monotonic() - started
    summary = summarize(results)
    summary["budget"] = args.briefing_budget or 400
    summary["engine"] = args.engine
    summary["seconds"] = round(elapsed, 1)
    if args.json:
        print(json.dumps(summary, indent=2, sort_keys=True))
    else:
        print_table(summary, "pyz " + args.pyz if args.engine == "pyz" else args.engine, elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
