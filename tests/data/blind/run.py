"""Runs bench/capture_quality.py or bench/recall_quality.py on the blind data.

The benches read fixed paths (tests/data/transcripts/, tests/data/recall_*.json).
Rather than change them, this points their module-level path (FIXTURES, DATA) at
the blind folders and calls their own main(), so the figures are computed and
printed by exactly the code that produces the tuned figures. For capture the
hook-timing half is skipped: timing does not depend on the data, and that half
of the bench expects a transcript that exists only among the tuned fixtures.

Usage: python tests/data/blind/run.py capture [--data DIR] [--verbose]
       python tests/data/blind/run.py recall [--data DIR] [recall_quality.py options]

--data DIR points at another held-out folder of the same shape (DIR/capture/,
DIR/recall/), e.g. tests/data/blind2; the default is this folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "bench"))


def main(argv: list[str]) -> int:
    data = HERE
    if "--data" in argv:
        at = argv.index("--data")
        if at + 1 >= len(argv):
            print("run.py: --data needs a folder", file=sys.stderr)
            return 2
        data = Path(argv[at + 1]).resolve()
        argv = argv[:at] + argv[at + 2:]
    if not argv or argv[0] not in ("capture", "recall"):
        print("usage: run.py capture|recall [--data DIR] [bench options]", file=sys.stderr)
        return 2
    if argv[0] == "capture":
        if not any((data / "capture").glob("*.jsonl")):
            # blind2 does not commit its sessions (they hold generated fake secrets)
            print(f"run.py: no sessions in {data / 'capture'}; generate them with "
                  f"{data / 'capture' / 'make_sessions.py'}", file=sys.stderr)
            return 2
        import capture_quality as bench
        bench.FIXTURES = data / "capture"
        bench.hook_timing = lambda runs: None
    else:
        import recall_quality as bench
        bench.DATA = data / "recall"
    return bench.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
