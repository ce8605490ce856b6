"""bench/recall_quality.py's in-process engine scores what the hook injects."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import recall_quality  # noqa: E402

DATASET = {
    "memories": [{"label": "money", "text": "Money is stored as integer cents, never floats."},
                 {"label": "deploy", "text": "Deploys go through the release pipeline."}],
    "queries": [{"text": "how do we store money amounts?", "relevant": ["money"]},
                {"text": "how do we deploy?", "relevant": ["deploy"]}],
}


def test_the_in_process_engine_scores_the_injected_memories():
    args = argparse.Namespace(dataset=DATASET, fixture="recall", aegisdb=None, top_k=None,
                              min_score=None, mode="none", pyz=None, python=sys.executable,
                              inproc=True)
    result = recall_quality.evaluate(args)
    assert [row["got"][:1] for row in result["rows"]] == [["money"], ["deploy"]]
    assert result["hit_rate"] == 1.0 and result["nonzero_exits"] == 0
