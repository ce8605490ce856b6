"""Redaction cost on the capture path, per 10 KB of text.

Prints, for three kinds of 10 KB text — prose, a coding session (paths, SHAs,
code, a few secrets), and base64-heavy output — the time ``aegis.redact.redact``
takes, next to two baselines measured in the same run on the same text: one
plain ``re`` scan for word characters and ``str.lower``. The capture worker
redacts each extracted statement and the Stop hook redacts the last assistant
message, so this is the cost each pays per 10 KB. Also prints the cost of
importing the rules (a fresh interpreter, median of several) against
``python3 -c pass``.

Usage: python3 bench/redaction.py [--rounds N]
The texts are generated here from a fixed seed; the rules were not tuned on them.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "runtime"))

from aegis.redact import redact  # noqa: E402

SIZE = 10 * 1024
WORDS = ("the worker reads the transcript from its offset and extracts statements then "
         "appends them to the spool before it moves the offset so a kill never loses a "
         "capture we decided to keep the lock file in the data dir and to retry the store "
         "when it is down the tests run against a real server on the loopback interface").split()


def prose(rng: random.Random) -> str:
    out = []
    while sum(len(w) + 1 for w in out) < SIZE:
        out.append(rng.choice(WORDS) + ("." if rng.random() < 0.08 else ""))
    return " ".join(out)[:SIZE]


def coding(rng: random.Random) -> str:
    alnum = string.ascii_letters + string.digits
    lines = []
    while sum(len(line) + 1 for line in lines) < SIZE:
        kind = rng.random()
        if kind < 0.2:
            lines.append(f"  File \"runtime/aegis/{rng.choice(WORDS)}.py\", line {rng.randint(1, 900)}")
        elif kind < 0.3:
            lines.append("commit " + "".join(rng.choice("0123456789abcdef") for _ in range(40)))
        elif kind < 0.4:
            lines.append(f"    result = self.{rng.choice(WORDS)}_{rng.choice(WORDS)}(path, timeout=30)")
        elif kind < 0.43:
            lines.append("export API_TOKEN=" + "".join(rng.choice(alnum) for _ in range(40)))
        elif kind < 0.45:
            lines.append("ghp_" + "".join(rng.choice(alnum) for _ in range(36)))
        else:
            lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))))
    return "\n".join(lines)[:SIZE]


def base64_heavy(rng: random.Random) -> str:
    b64 = string.ascii_letters + string.digits + "+/"
    return "\n".join("".join(rng.choice(b64) for _ in range(76)) for _ in range(SIZE // 77))


def per_call_ms(function, text: str, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function(text)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def import_ms(runs: int = 7) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "runtime"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def run(code: str) -> float:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)
    return run("pass"), run("from aegis.redact import redact; redact('warm up the rules')")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args(argv)
    rng = random.Random(15)
    word_scan = re.compile(r"\w+")
    print(f"{'text (10 KB)':<14}{'redact ms':>11}{'re scan ms':>12}{'lower ms':>10}"
          f"{'× re scan':>11}{'× lower':>9}")
    for name, make in (("prose", prose), ("coding", coding), ("base64", base64_heavy)):
        text = make(rng)
        redact(text)                                  # compile lazily built patterns
        ms = per_call_ms(redact, text, args.rounds)
        scan = per_call_ms(lambda t: word_scan.findall(t), text, args.rounds)
        lower = per_call_ms(str.lower, text, args.rounds)
        print(f"{name:<14}{ms:>11.2f}{scan:>12.3f}{lower:>10.4f}{ms / scan:>11.1f}"
              f"{ms / lower:>9.0f}")
    bare, with_rules = import_ms()
    print(f"start-up: python3 -c pass {bare:.1f} ms; importing and first use of the rules "
          f"{with_rules:.1f} ms ({with_rules / bare:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
