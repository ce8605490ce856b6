"""Writes blind6/capture/*.jsonl + *.labels.json from the session scripts in sessions/,
with blind3's builder (``tests/data/blind3/generate.py``: the turn format is described
there), its own uuid namespace and its own projects. Deterministic, like blind3's to
blind5's; it then runs check_format.py.

Usage: python3 tests/data/blind6/generate.py
"""

from __future__ import annotations

import runpy
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = ["bellhaven", "drovewire", "quillmark", "tallyrun"]

if __name__ == "__main__":
    builder = runpy.run_path(str(HERE.parent / "blind3" / "generate.py"))
    builder["main"].__globals__.update(
        HERE=HERE, OUT=HERE / "capture", NS=uuid.UUID("3b7e1c54-8a2f-4d6e-b190-7c5a2e9f4d13"),
        MODULES=MODULES)
    sys.exit(builder["main"]())
