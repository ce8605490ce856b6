"""Writes blind5/capture/*.jsonl + *.labels.json from the session scripts in sessions/,
with blind3's builder (``tests/data/blind3/generate.py``: the turn format is described
there), its own uuid namespace and its own projects. Deterministic, like blind3's and
blind4's; it then runs check_format.py.

Usage: python3 tests/data/blind5/generate.py
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
        HERE=HERE, OUT=HERE / "capture", NS=uuid.UUID("9d4a6f20-3c1e-4b8a-a7d2-5e0f1b3c8a94"),
        MODULES=["gorsehold", "kestrelpay", "inkwell", "cirrusgrid", "thornforge"])
    sys.exit(builder["main"]())
