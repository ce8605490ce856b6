"""Writes a capture set's sessions and labels (dev4's, or another folder's) with dev3's builder.

The line shapes (Claude Code 2.1.x JSONL) and the label checks are dev3's
(tests/data/dev3/generate.py: ``build`` and ``check``); a set only supplies its
conversations in ``<folder>/sessions.py`` (``SESSIONS``), and gets ``<folder>/capture/``.
Run: python3 tests/data/dev4/generate.py [FOLDER]   (default: this folder)
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(folder: Path = HERE) -> None:
    sessions = _load("capture_set_sessions", folder / "sessions.py").SESSIONS
    sys.modules["sessions"] = sys.modules.get("sessions") or _load("sessions", folder / "sessions.py")
    dev3 = _load("dev3_generate", HERE.parent / "dev3" / "generate.py")
    out = folder / "capture"
    out.mkdir(parents=True, exist_ok=True)
    for name, spec in sessions.items():
        lines = dev3.build(name, spec)
        (out / f"{name}.jsonl").write_text(
            "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
                    for line in lines), encoding="utf-8")
        labels = {"must_capture": spec["must_capture"], "must_not_capture": spec["must_not_capture"]}
        (out / f"{name}.labels.json").write_text(json.dumps(labels, indent=2, ensure_ascii=False)
                                                 + "\n", encoding="utf-8")
        dev3.check(name, lines, labels)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)
