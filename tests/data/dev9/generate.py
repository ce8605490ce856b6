"""Writes the dev9 capture sessions and labels with dev4's folder builder (dev3's ``build``
and ``check``): edit sessions.py here, then run python3 tests/data/dev9/generate.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    spec = importlib.util.spec_from_file_location("dev4_generate", HERE.parent / "dev4" / "generate.py")
    dev4 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev4)
    dev4.main(HERE)
