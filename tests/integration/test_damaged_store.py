"""A damaged or emptied memory.db is reported, never silently replaced.

Through the built pyz: ``doctor`` fails and names the fix, CLI commands give one
error line, hooks say so once per session and stay silent on stderr, capture
keeps its candidates spooled — and the file's bytes are never touched.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from aegis.capture.layout import CaptureFiles
from aegis.capture import spool


def real_db_head(tmp_path) -> bytes:
    path = tmp_path / "real.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    return path.read_bytes()[:60]


@pytest.fixture(params=["empty", "garbage", "cut_header"])
def damaged(request, data_dir, tmp_path):
    content = {"empty": b"", "garbage": b"\x00\xffnot a database at all\n" * 50,
               "cut_header": real_db_head(tmp_path)}[request.param]
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "memory.db").write_bytes(content)
    return data_dir / "memory.db", content


def test_doctor_fails_and_names_the_fix(run_pyz, damaged):
    path, content = damaged
    done = run_pyz("doctor")
    assert done.returncode != 0
    said = done.stdout.decode() + done.stderr.decode()
    assert str(path) in said and "mv it to memory.db." in said
    assert path.read_bytes() == content


@pytest.mark.parametrize("args", [("list",), ("search", "deploy"), ("stats",),
                                  ("remember", "We deploy with make release.")])
def test_cli_commands_give_one_error_line(run_pyz, damaged, args):
    path, content = damaged
    done = run_pyz(*args)
    assert done.returncode != 0
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aegis: error:") and str(path) in lines[0]
    assert b"Traceback" not in done.stderr
    assert path.read_bytes() == content


def test_hooks_say_so_once_per_session_and_capture_stays_spooled(run_pyz, damaged, project,
                                                                 data_dir, tmp_path):
    path, content = damaged
    notices = []
    for event, extra in (("session-start", {"source": "startup"}),
                         ("user-prompt-submit", {"prompt": "how do we deploy?"}),
                         ("user-prompt-submit", {"prompt": "how do we release?"})):
        payload = {"session_id": "s1", "cwd": str(project), **extra}
        done = run_pyz("hook", event, input=json.dumps(payload))
        assert (done.returncode, done.stderr) == (0, b"")
        out = json.loads(done.stdout) if done.stdout.strip() else {}
        assert "hookSpecificOutput" not in out
        notices.append(out.get("systemMessage"))
    assert notices[0] and str(path) in notices[0] and "mv " in notices[0]
    assert notices[1:] == [None, None]

    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps({"type": "user", "message": {
        "role": "user", "content": "We always use `uv` for installs."}}) + "\n")
    payload = {"session_id": "s1", "cwd": str(project), "transcript_path": str(transcript)}
    assert run_pyz("hook", "stop", input=json.dumps(payload),
                   env={"AEGIS_CAPTURE_SCOPE": "session"}).returncode == 0
    done = run_pyz("hook", "capture-worker", env={"AEGIS_CAPTURE_WORKER": "1"}, timeout=120)
    assert (done.returncode, done.stderr) == (0, b"")
    assert len(spool.read(CaptureFiles.in_data_dir(data_dir))) == 1
    assert path.read_bytes() == content
