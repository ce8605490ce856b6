"""Test servers listen on loopback only: the bind shim rewrites wildcard binds,
and the AegisDB servers the fixtures start are reachable through 127.0.0.1 alone."""

from __future__ import annotations

import subprocess
import sys

from tests.aegisdb_server import free_port, listening_sockets, loopback_env

BIND_PROBE = """
import socket
for family, wildcard in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
    with socket.socket(family) as sock:
        sock.bind((wildcard, 0))
        print(sock.getsockname()[0])
with socket.socket() as sock:
    sock.bind(("127.0.0.2", 0))
    print(sock.getsockname()[0])
"""


def bound_addresses(env) -> list[str]:
    done = subprocess.run([sys.executable, "-c", BIND_PROBE], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout.split()


def test_the_shim_turns_wildcard_binds_into_loopback_and_leaves_others_alone(loopback_shim):
    assert bound_addresses(None) == ["0.0.0.0", "::", "127.0.0.2"]      # control: no shim
    assert bound_addresses(loopback_env(loopback_shim)) == ["127.0.0.1", "::1", "127.0.0.2"]


def test_the_shared_server_listens_on_127_0_0_1_only(shared_server):
    listening = listening_sockets(shared_server.process.pid)
    assert listening == {("127.0.0.1", shared_server.port)}


def test_the_replication_listener_is_on_127_0_0_1_only_too(start_server):
    replication_port = free_port()
    server = start_server("--replication-port", str(replication_port),
                          "--replication-token", "repl-secret")
    listening = listening_sockets(server.process.pid)
    assert listening == {("127.0.0.1", server.port), ("127.0.0.1", replication_port)}
