"""Writes the dev4 capture sessions and their labels, with dev3's transcript builder.

The line shapes (Claude Code 2.1.x JSONL) and the label checks are dev3's
(tests/data/dev3/generate.py: ``build`` and ``check``); this script only supplies other
conversations. Run: python3 tests/data/dev4/generate.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "capture"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent / "dev3"))

_spec = importlib.util.spec_from_file_location("dev3_generate", HERE.parent / "dev3" / "generate.py")
dev3 = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev3)

from sessions import SESSIONS  # noqa: E402  (this directory, ahead of dev3's)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, spec in SESSIONS.items():
        lines = dev3.build(name, spec)
        (OUT / f"{name}.jsonl").write_text(
            "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for line in lines), encoding="utf-8")
        labels = {"must_capture": spec["must_capture"], "must_not_capture": spec["must_not_capture"]}
        (OUT / f"{name}.labels.json").write_text(json.dumps(labels, indent=2, ensure_ascii=False)
                                                 + "\n", encoding="utf-8")
        dev3.check(name, lines, labels)


if __name__ == "__main__":
    main()
