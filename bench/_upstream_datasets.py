"""The upstream integration's recall eval datasets, read where they were fetched.

d4n-larsson/aegisdb (MIT licence) keeps labelled recall sets in
``eval/datasets/*.json``. They are not copied into this repository: the benches
read them at run time from a checkout (``SOURCE/eval/datasets/``) or from a bare
git mirror (``git show HEAD:eval/datasets/...``), and report them as absent when
neither is there.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

DATASETS = ("coding_agent", "identifiers", "ab_tasks")


def upstream_datasets(source: Path) -> list[tuple[str, dict]]:
    """[(name, parsed dataset)] for each of DATASETS found under ``source``; [] if none."""
    found = []
    for name in DATASETS:
        relative = f"eval/datasets/{name}.json"
        path = source / relative
        if path.is_file():
            found.append((name, json.loads(path.read_text(encoding="utf-8"))))
            continue
        try:
            shown = subprocess.run(["git", "--git-dir", str(source), "show", f"HEAD:{relative}"],
                                   capture_output=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if shown.returncode == 0:
            found.append((name, json.loads(shown.stdout.decode("utf-8"))))
    return found
