"""Which project files the user lets point their memory at a server.

A project's ``.aegis.json`` is usually committed, so whoever can push to the
repository writes it. It may name the team's AegisDB server (docs/team-server.md),
but what goes there is what the user said in their sessions, sent with the user's
own token. So a server named only by a project file is used once the user trusts
it, like direnv's ``allow``: ``aegis trust`` records the project file's real path
and the address it names in the data dir's ``trusted_servers.json``. If the file
later names another address, it needs trusting again. Loopback addresses never
leave this machine and need no trust.

A project file's ``namespace`` is gated the same way when it is not the project's
own (or one under it, ``git:github.com/acme/mono/web``): namespaces are predictable,
so a cloned repository could otherwise read, rewrite and plant the memories of the
user's other projects. Its record sits beside the server's, under the file's path
with ``NAMESPACE_KEY`` appended.
"""

from __future__ import annotations

import os

TRUST_FILE = "trusted_servers.json"
NAMESPACE_KEY = "#namespace"


def is_loopback(host: str) -> bool:
    """``localhost``, ``::1`` or an address in 127.0.0.0/8 (no name lookup: hot path)."""
    host = host.strip().lower().strip("[]")
    if host in ("localhost", "::1"):
        return True
    parts = host.split(".")
    return (len(parts) == 4 and parts[0] == "127"
            and all(part.isdigit() and int(part) < 256 for part in parts))


def address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _read(data_dir: str) -> dict[str, str]:
    from aegis.capture.layout import read_json      # never blocks on a FIFO in its place
    data = read_json(os.path.join(data_dir, TRUST_FILE), {})
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


def _write(data_dir: str, entries: dict[str, str]) -> None:
    from aegis.capture.layout import write_json_atomic
    from aegis.paths import ensure_private_dir
    ensure_private_dir(data_dir)
    write_json_atomic(os.path.join(data_dir, TRUST_FILE), entries)


def _key(config_file: str, what: str) -> str:
    path = os.path.realpath(config_file)
    return path + NAMESPACE_KEY if what == "namespace" else path


def is_trusted(data_dir: str, config_file: str, value: str, what: str = "server") -> bool:
    """Whether the user accepted ``value`` (an address, or with ``what="namespace"`` a
    namespace) from ``config_file``."""
    return _read(data_dir).get(_key(config_file, what)) == value


def trust(data_dir: str, config_file: str, value: str, what: str = "server") -> None:
    entries = _read(data_dir)
    entries[_key(config_file, what)] = value
    _write(data_dir, entries)


def revoke(data_dir: str, config_file: str) -> bool:
    """Forget whatever ``config_file`` was trusted with; False if nothing was."""
    entries = _read(data_dir)
    found = [entries.pop(_key(config_file, what), None) for what in ("server", "namespace")]
    if found == [None, None]:
        return False
    _write(data_dir, entries)
    return True
