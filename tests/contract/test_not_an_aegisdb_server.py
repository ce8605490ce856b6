"""A wrong port where something else answers, through the built pyz (trial5 F3).

The CLI, `doctor` and the recall hook say in one line that the address answered but
not as an AegisDB server, never a JSON decoder's "line 1 column 1 (char 0)"; an
explicit save is refused there, not spooled for an address that will never take it.
"""

from __future__ import annotations

import json
import socket
import socketserver
import subprocess
import sys
import threading

import pytest

from aegis.capture.layout import CaptureFiles
from aegis.capture.spool import waiting

from tests.aegisdb_server import free_port
from tests.conftest import poll

DECODER_NOISE = "line 1 column"


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def web_server():
    """`python3 -m http.server` on loopback: the web server a wrong port finds."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port),
                               "--bind", "127.0.0.1"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        poll(lambda: accepts(port), "the web server to listen")
        yield port
    finally:
        server.kill()
        server.wait()


GREETINGS = {"ssh": b"SSH-2.0-OpenSSH_9.6\r\n",
             "http/1.1": b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"}


@pytest.fixture(params=sorted(GREETINGS))
def banner_server(request):
    """A service that answers every connection with a line of its own: an SSH banner,
    or the status line of a web server that speaks HTTP/1.1 only."""
    class Greeter(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.sendall(GREETINGS[request.param])

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Greeter)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield request.param, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def env_for(port: int) -> dict[str, str]:
    return {"AEGIS_BACKEND": "aegisdb", "AEGIS_HOST": "127.0.0.1", "AEGIS_PORT": str(port)}


def test_the_cli_says_the_address_is_not_an_aegisdb_server(run_pyz, web_server):
    done = run_pyz("list", env=env_for(web_server))
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1, err
    assert (f"127.0.0.1:{web_server} answered, but not as an AegisDB server (it sent HTTP); "
            f"check the host and port") in err
    assert DECODER_NOISE not in err


def test_what_the_peer_speaks_is_named_never_printed(run_pyz, banner_server):
    protocol, port = banner_server
    err = run_pyz("list", env=env_for(port)).stderr.decode()
    sent = "HTTP" if protocol.startswith("http") else "something else"
    assert f"not as an AegisDB server (it sent {sent}); check the host and port" in err, err
    assert "SSH-2.0" not in err and "Bad Request" not in err


def test_an_explicit_save_is_refused_not_spooled(run_pyz, data_dir, web_server):
    done = run_pyz("remember", "--json", "We deploy with make ship.", env=env_for(web_server))
    err = done.stderr.decode()
    assert done.returncode == 1, (done.stdout, err)
    assert "not as an AegisDB server" in err and "queued" not in err
    assert not waiting(CaptureFiles.in_data_dir(data_dir))


def test_doctor_and_the_hook_say_the_same_line(run_pyz, project, web_server):
    env = env_for(web_server)
    doctor = run_pyz("doctor", env=env).stdout.decode()
    failed = [line for line in doctor.splitlines() if "FAIL" in line]
    assert failed and all(DECODER_NOISE not in line for line in failed), doctor
    assert any("not as an AegisDB server (it sent HTTP)" in line for line in failed), doctor
    payload = {"session_id": "s-wrong-port", "cwd": str(project), "prompt": "how do we deploy?",
               "hook_event_name": "UserPromptSubmit"}
    hook = run_pyz("hook", "user-prompt-submit", input=json.dumps(payload), env=env)
    assert hook.returncode == 0 and hook.stderr == b""
    message = json.loads(hook.stdout)["systemMessage"]
    assert "not as an AegisDB server (it sent HTTP)" in message and DECODER_NOISE not in message
