"""Runs bench/capture_quality.py or bench/recall_quality.py on the blind data.

The benches read fixed paths (tests/data/transcripts/, tests/data/recall_*.json).
Rather than change them, this points their module-level path (FIXTURES, DATA) at
the blind folders and calls their own main(), so the figures are computed and
printed by exactly the code that produces the tuned figures. For capture the
hook-timing half is skipped: timing does not depend on the data, and that half
of the bench expects a transcript that exists only among the tuned fixtures.

Usage: python tests/data/blind/run.py capture [--verbose]
       python tests/data/blind/run.py recall [recall_quality.py options]
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "bench"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("capture", "recall"):
        print("usage: run.py capture|recall [bench options]", file=sys.stderr)
        return 2
    if argv[0] == "capture":
        import capture_quality as bench
        bench.FIXTURES = HERE / "capture"
        bench.hook_timing = lambda runs: None
    else:
        import recall_quality as bench
        bench.DATA = HERE / "recall"
    return bench.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
