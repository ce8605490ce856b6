"""The recall and briefing hooks run on every prompt: they must not import the
modules that cost more start-up time than the rest of the hook together.

Measured on CPython 3.13 over json + sqlite3 + threading (bench/hook_latency.py
has the whole-process figures): ``dataclasses`` (it imports ``inspect``)
+11 ms, ``pathlib`` +4 ms, ``hashlib`` (OpenSSL) +3 ms, ``typing`` +3 ms,
``logging`` and ``subprocess`` several ms each. The test runs real hooks in a
fresh interpreter against a real store and lists what they imported (the Stop
hook, which runs after every turn, only queues a job with the default
session-scope capture).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RUNTIME = Path(__file__).resolve().parents[2] / "runtime"
EXPENSIVE = ("dataclasses", "inspect", "pathlib", "hashlib", "typing", "logging", "subprocess",
             "asyncio", "email", "tempfile", "uuid", "configparser", "getpass")
# -S -E: no site-packages or PYTHON* variables, whose .pth files could import anything
PROBE = """
import io, sys
sys.path.insert(0, sys.argv[3])
from aegis.hooks import main
out = io.StringIO()
main(sys.argv[1], stdin=io.BytesIO(sys.argv[2].encode()), stdout=out)
modules = sorted(sys.modules)          # before this probe's own json
import json
print(json.dumps({"output": out.getvalue(), "modules": modules}))
"""


def run_hook(event: str, payload: dict, env: dict) -> tuple[str, set[str]]:
    done = subprocess.run([sys.executable, "-S", "-E", "-c", PROBE, event, json.dumps(payload),
                           str(RUNTIME)],
                          capture_output=True, text=True, timeout=60, env=env,
                          cwd=payload["cwd"])
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    return result["output"], {name.split(".")[0] for name in result["modules"]}


@pytest.fixture
def hook_env(data_dir, project, service):
    service.save("We deploy releases with `make release` from the main branch.",
                 tags=["deploy"], importance=0.8)
    service.save("Prefer pytest fixtures over setUp methods.", scope="user", importance=0.9,
                 tags=["preference"])
    return dict(os.environ, AEGIS_NAMESPACE="test:project", LOGNAME="tester", USER="tester")


@pytest.mark.parametrize("event, payload", [
    ("user-prompt-submit", {"prompt": "how do we deploy a release?"}),
    ("user-prompt-submit", {"prompt": "write a haiku about autumn"}),
    ("session-start", {"source": "startup"}),
    ("stop", {"transcript_path": "/nonexistent.jsonl",
              "last_assistant_message": "We decided to deploy with make release."}),
])
def test_hooks_do_not_import_expensive_modules(event, payload, hook_env, project, data_dir):
    full = {"session_id": "imports-" + event, "cwd": str(project), **payload}
    output, modules = run_hook(event, full, hook_env)
    if "deploy" in payload.get("prompt", "") or event == "session-start":
        assert "additionalContext" in output      # the hook did its real work
    if event == "stop":
        assert list((data_dir / "capture" / "jobs").glob("*.json"))      # a job was queued
    assert not set(EXPENSIVE) & modules, sorted(set(EXPENSIVE) & modules)
    if event == "user-prompt-submit":
        # every prompt: JSON goes through _json directly (aegis.quick_json), ~2 ms less, and
        # the deadline worker is a _thread thread (aegis.recall.guard), ~1 ms less
        assert not {"json", "threading"} & modules, sorted({"json", "threading"} & modules)


@pytest.mark.parametrize("prompt", ["how do we deploy a release?", "write a haiku about autumn"])
def test_a_warm_recall_hook_does_not_import_re(prompt, hook_env, project, data_dir):
    # the pyz's start-up creates <data dir>/runtime 0700; aegis.fastre keeps the compiled
    # regex programs there, so from the second prompt on ``re`` (~12% of the hook) stays out
    (data_dir / "runtime").mkdir(mode=0o700)
    for run in range(2):
        full = {"session_id": f"re-{run}", "cwd": str(project), "prompt": prompt}
        output, modules = run_hook("user-prompt-submit", full, hook_env)
    if "deploy" in prompt:
        assert "additionalContext" in output
    assert "re" not in modules
