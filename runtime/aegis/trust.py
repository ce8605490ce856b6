"""Which project files the user lets point their memory at a server.

A project's ``.aegis.json`` is usually committed, so whoever can push to the
repository writes it. It may name the team's AegisDB server (docs/team-server.md),
but what goes there is what the user said in their sessions, sent with the user's
own token. So a server named only by a project file is used once the user trusts
it, like direnv's ``allow``: ``aegis trust`` records the project file's real path
and the address it names in the data dir's ``trusted_servers.json``. If the file
later names another address, it needs trusting again. Loopback addresses never
leave this machine and need no trust.
"""

from __future__ import annotations

import os

from aegis.paths import open_private

TRUST_FILE = "trusted_servers.json"


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
    from aegis.quick_json import loads
    try:
        with open(os.path.join(data_dir, TRUST_FILE), encoding="utf-8") as handle:
            data = loads(handle.read())
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


def _write(data_dir: str, entries: dict[str, str]) -> None:
    import json
    path = os.path.join(data_dir, TRUST_FILE)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open_private(temporary, "w") as handle:
        handle.write(json.dumps(entries, indent=2, sort_keys=True) + "\n")
    os.replace(temporary, path)


def is_trusted(data_dir: str, config_file: str, server: str) -> bool:
    return _read(data_dir).get(os.path.realpath(config_file)) == server


def trust(data_dir: str, config_file: str, server: str) -> None:
    entries = _read(data_dir)
    entries[os.path.realpath(config_file)] = server
    _write(data_dir, entries)


def revoke(data_dir: str, config_file: str) -> bool:
    """Forget the trust of ``config_file``; False if it was not trusted."""
    entries = _read(data_dir)
    if entries.pop(os.path.realpath(config_file), None) is None:
        return False
    _write(data_dir, entries)
    return True
