"""Writes blind4/capture/*.jsonl + *.labels.json from the session scripts in sessions/,
with blind3's builder (``tests/data/blind3/generate.py``: the turn format is described
there), its own uuid namespace and its own projects. Deterministic, like blind3's; it then
runs check_format.py.

Usage: python3 tests/data/blind4/generate.py
"""

from __future__ import annotations

import runpy
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    builder = runpy.run_path(str(HERE.parent / "blind3" / "generate.py"))
    builder["main"].__globals__.update(
        HERE=HERE, OUT=HERE / "capture", NS=uuid.UUID("2b7e9c41-8d3f-4a6e-b1c5-7f0a9d2e4c83"),
        MODULES=["quillstone", "cragbook", "larchyard", "sparrowcount", "brackenstat"])
    sys.exit(builder["main"]())
