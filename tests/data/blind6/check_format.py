"""Checks the FORMAT of the blind6 set with blind3's checker
(``tests/data/blind3/check_format.py``: what it checks is described there); blind6 is
capture-only, so there is no recall/ to check. It never runs capture or recall and never
scores.

Usage: python3 tests/data/blind6/check_format.py   (exit 0 when every check passes)
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    checker = runpy.run_path(str(HERE.parent / "blind3" / "check_format.py"))
    checker["main"].__globals__["HERE"] = HERE
    sys.exit(checker["main"]())
