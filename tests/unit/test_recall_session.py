"""Per-session recall state: no re-injection, notices once, private files, reset on compaction."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from aegis.recall import session


def test_injected_ids_and_notices_survive_between_hook_processes(data_dir):
    state = session.load(data_dir, "sess-1")
    state.add_injected(["mem_a", "mem_b"])
    assert state.first_notice("backend:unavailable") is True
    assert session.save(data_dir, state)
    again = session.load(data_dir, "sess-1")
    assert again.was_injected("mem_a") and again.was_injected("mem_b")
    assert not again.was_injected("mem_c")
    assert again.first_notice("backend:unavailable") is False


def test_sessions_are_kept_apart(data_dir):
    state = session.load(data_dir, "sess-1")
    state.add_injected(["mem_a"])
    session.save(data_dir, state)
    assert not session.load(data_dir, "sess-2").was_injected("mem_a")


def test_reset_forgets_injections_but_keeps_notices(data_dir):
    state = session.load(data_dir, "s")
    state.add_injected(["mem_a"])
    state.first_notice("timeout")
    state.reset_injected()
    assert not state.was_injected("mem_a")
    assert state.first_notice("timeout") is False


def test_an_odd_session_id_cannot_leave_the_state_dir_and_files_are_private(data_dir):
    state = session.load(data_dir, "../../etc/passwd")
    state.add_injected(["mem_a"])
    assert session.save(data_dir, state)
    path = Path(session.state_path(data_dir, "../../etc/passwd"))
    assert path.parent == Path(session.sessions_dir(data_dir))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_corrupt_or_foreign_state_file_is_a_fresh_state(data_dir):
    path = Path(session.state_path(data_dir, "s"))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not json")
    assert session.load(data_dir, "s").injected == []
    path.write_text('{"session_id": "other", "injected": ["mem_x"]}')
    assert session.load(data_dir, "s").injected == []


def test_without_a_session_id_nothing_is_saved(data_dir):
    state = session.load(data_dir, "")
    state.add_injected(["mem_a"])
    assert session.save(data_dir, state) is False


def test_the_injected_list_is_bounded():
    state = session.SessionState("s")
    state.add_injected([f"mem_{n}" for n in range(session.MAX_IDS + 10)])
    assert len(state.injected) == session.MAX_IDS
    assert state.was_injected(f"mem_{session.MAX_IDS + 9}")


def test_prune_removes_only_stale_sessions(data_dir):
    for name in ("old", "new"):
        state = session.load(data_dir, name)
        state.add_injected(["mem_a"])
        session.save(data_dir, state)
    old = Path(session.state_path(data_dir, "old"))
    past = time.time() - session.STALE_AFTER - 60
    os.utime(old, (past, past))
    assert session.prune(data_dir) == 1
    assert not old.exists() and Path(session.state_path(data_dir, "new")).exists()


def test_state_files_are_named_by_a_plain_id_and_ids_never_share_state(data_dir):
    uuid_like = "0b6f3c2e-9d1a-4c55-8e0e-1f2a3b4c5d6e"
    assert Path(session.state_path(data_dir, uuid_like)).name == uuid_like + ".json"
    odd = "a/b c"
    assert Path(session.state_path(data_dir, odd)).name.startswith("id-")
    # a file written for another id (as a checksum collision would leave) is not this state
    state = session.load(data_dir, odd)
    state.add_injected(["mem_a"])
    assert session.save(data_dir, state)
    other = Path(session.state_path(data_dir, "x"))
    os.replace(session.state_path(data_dir, odd), other)
    assert session.load(data_dir, "x").injected == []
