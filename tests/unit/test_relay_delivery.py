"""A relayed hook's session state is written only for an answer the hook received.

The server computes a briefing or recall for the hook process; when that answer
misses the hook's deadline (a busy machine, a server still importing), the hook
prints nothing — and the session must not record those memories as injected, or
its later prompts skip them. ``HookRun.finish`` hands its commit to the relay,
which calls it with True once the answer is sent, False when it was too late."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time

import pytest

from aegis.hooks import relay
from aegis.recall.runner import after_answer

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")


@pytest.fixture
def socket_dir():
    path = tempfile.mkdtemp(prefix="aegis-rd-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def listen(socket_dir: str, work_s: float, calls: list):
    def work() -> None:                           # a hook run, as HookRun.finish ends one
        time.sleep(work_s)
        after_answer(lambda sent: calls.append(("commit", sent, time.monotonic())))

    def run_hook(request: relay.Request) -> bytes:
        relay.run_deferred(request, work)
        return b'{"hookSpecificOutput": {}}'
    listener = relay.RelayListener(os.path.join(socket_dir, "s"), run_hook)
    assert listener.start()
    return listener


def test_an_answer_in_time_commits_before_the_hook_has_it(socket_dir):
    calls: list = []
    listener = listen(socket_dir, 0.0, calls)
    try:
        answer = relay.ask_server(listener.path, "session-start", b"{}", time.monotonic(), 2000)
        received = time.monotonic()
        assert answer == b'{"hookSpecificOutput": {}}'
        # committed before the answer went out: the session's next hook sees the state
        assert [(kind, sent) for kind, sent, _ in calls] == [("commit", True)]
        assert calls[0][2] <= received
    finally:
        listener.close()


def test_a_late_answer_commits_nothing(socket_dir):
    calls: list = []
    listener = listen(socket_dir, 0.6, calls)            # work outlasts the 200 ms budget
    try:
        answer = relay.ask_server(listener.path, "session-start", b"{}", time.monotonic(), 200)
        assert answer in (b"", None)                      # the hook prints nothing
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [(kind, sent) for kind, sent, _ in calls] == [("commit", False)]
    finally:
        listener.close()
        for thread in threading.enumerate():
            if thread.name == "aegis-relay-work":
                thread.join(timeout=2)
