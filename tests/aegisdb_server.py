"""Start test servers that listen on loopback only, and prove that they do.

AegisDB binds its listeners to every interface and has no bind-address flag.
Test servers must listen on 127.0.0.1 only, so they run with the LD_PRELOAD shim
``loopback_bind.c`` (next to this file), which turns a wildcard ``bind()`` into a
loopback one. The shim is compiled once per session into a temporary directory;
without a C compiler (or off Linux) ``ShimUnavailable`` is raised and the caller
skips — there is no fallback to a server on every interface.

``listening_sockets`` reads /proc to report where a process really listens, so
a caller can refuse a server that is reachable from outside.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO

SHIM_SOURCE = Path(__file__).resolve().parent / "loopback_bind.c"
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "::1"})
TCP_LISTEN = "0A"


class ShimUnavailable(Exception):
    """The loopback shim cannot be built here; the message says why (a skip reason)."""


def build_loopback_shim(out_dir: Path) -> Path:
    """Compile ``loopback_bind.c`` into ``out_dir``; return the shared object's path."""
    if not sys.platform.startswith("linux"):
        raise ShimUnavailable("the loopback-only bind shim needs Linux (LD_PRELOAD, /proc/net); "
                              "AegisDB test servers are not started on every interface")
    compiler = shlex.split(os.environ.get("CC") or "cc")
    if not compiler or shutil.which(compiler[0]) is None:
        raise ShimUnavailable(f"no C compiler ({' '.join(compiler) or 'cc'}) to build the "
                              "loopback-only bind shim; AegisDB test servers must listen on "
                              "127.0.0.1 only, so the AegisDB tests skip")
    shim = Path(out_dir) / "loopback_bind.so"
    done = subprocess.run([*compiler, "-shared", "-fPIC", "-O2", "-o", str(shim),
                           str(SHIM_SOURCE), "-ldl"], capture_output=True, text=True)
    if done.returncode != 0 or not shim.is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ShimUnavailable(f"the loopback-only bind shim did not compile: {detail[0]}")
    return shim


def loopback_env(shim: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the shim preloaded first."""
    env = dict(os.environ if base is None else base)
    env["LD_PRELOAD"] = ":".join(filter(None, [str(shim), env.get("LD_PRELOAD", "")]))
    return env


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spawn_on_loopback(argv: list[str], shim: Path, log: IO[bytes]) -> subprocess.Popen:
    """Start ``argv`` with the shim preloaded, stdout and stderr going to ``log``."""
    return subprocess.Popen(argv, env=loopback_env(shim), stdout=log, stderr=log)


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:          # closed between listing and reading
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    return inodes


def _decode_address(hex_address: str) -> str:
    """/proc/net/tcp{,6} print addresses as 32-bit words in host (little-endian) order."""
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return socket.inet_ntop(socket.AF_INET if len(raw) == 4 else socket.AF_INET6, words)


def listening_sockets(pid: int) -> set[tuple[str, int]]:
    """Every (address, port) on which process ``pid`` holds a listening TCP socket."""
    inodes = _socket_inodes(pid)
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:    # no IPv6 in this kernel
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == TCP_LISTEN and inode in inodes:
                address, port = local.rsplit(":", 1)
                found.add((_decode_address(address), int(port, 16)))
    return found


def exposed_listeners(pid: int) -> set[tuple[str, int]]:
    """The listening sockets of ``pid`` that are reachable from beyond this host."""
    return {(address, port) for address, port in listening_sockets(pid)
            if address not in LOOPBACK_ADDRESSES}
