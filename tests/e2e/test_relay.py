"""With the real CLI, the recall hook is answered by the session's memory server."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from test_memory_loop import remember_deploy


@pytest.fixture
def data_dir(monkeypatch):
    """A data dir short enough for the relay's Unix socket (pytest's tmp paths are not)."""
    path = Path(tempfile.mkdtemp(prefix="aegis-e2e-")) / "data"
    monkeypatch.setenv("AEGIS_DATA_DIR", str(path))
    yield path
    shutil.rmtree(path.parent, ignore_errors=True)


def test_the_recall_hook_is_relayed_to_the_sessions_memory_server(claude, project, data_dir):
    remember_deploy(claude, project)
    run = claude.run("How do I deploy this project?", project)
    injected = run.injected_context("SessionStart") + run.injected_context("UserPromptSubmit")
    assert "make ship" in injected, run.describe()
    log = [json.loads(line) for line in (data_dir / "recall" / "log.jsonl").read_text().splitlines()]
    recalls = [entry for entry in log if entry["event"] == "recall"]
    assert recalls and all(entry.get("relayed") for entry in recalls), log
    assert not (data_dir / "run").exists() or not list((data_dir / "run").iterdir()), \
        "each server removes its socket when its session ends"
