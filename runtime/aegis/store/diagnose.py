"""What ``aegis doctor`` reports about the configured store beyond "it opens": on
AegisDB the server version and reachability, the token, the namespace in effect and
the embedding dimension; on every backend the captures waiting in the spool.

Returns ``(name, ok, detail)`` triples, so ``aegis.doctor`` owns the presentation.
"""

from __future__ import annotations

from pathlib import Path

from aegis.config import Settings
from aegis.errors import AegisError

Finding = tuple[str, bool, str]


def store_findings(settings: Settings, cwd: Path) -> list[Finding]:
    findings = _aegisdb(settings, cwd) if settings.backend == "aegisdb" else []
    return findings + _earlier(settings, cwd) + [_spool(settings)]


def _earlier(settings: Settings, cwd: Path) -> list[Finding]:
    """Memories of this directory under a namespace it no longer has (aegis.adopt)."""
    from aegis.namespace import earlier_namespaces
    from aegis.store import sqlite_path
    if not earlier_namespaces(str(cwd), settings.namespace) or (
            settings.backend == "sqlite" and not Path(sqlite_path(settings)).exists()):
        return []
    from aegis.adopt import notice, waiting
    from aegis.service import MemoryService
    try:
        with MemoryService.open(settings, str(cwd)) as service:
            found = waiting(service, str(cwd), settings.namespace)
    except AegisError:
        return []                    # the store check above already says why
    return [("earlier memories", False, notice(found).removeprefix("Aegis: "))] if found else []


# what a read-only token with capture on is told, here and at session start
READER_BY_CHOICE = "a reader by choice sets AEGIS_CAPTURE_ENABLED=false"


def _token(pinned: str, read_only: bool, capturing: bool) -> Finding:
    if not read_only:
        return ("aegisdb auth", True, f"namespaced token for {pinned!r}")
    if not capturing:           # a reader by choice: nothing of this machine's is refused
        return ("aegisdb auth", True, f"read-only token for {pinned!r}: memories are "
                                      "recalled; capture is off, so nothing is written")
    return ("aegisdb auth", False, f"read-only token for {pinned!r}: memories are recalled, "
                                   f"but saves and captures will be refused ({READER_BY_CHOICE})")


def _aegisdb(settings: Settings, cwd: Path) -> list[Finding]:
    from aegis.namespace import resolve_namespaces
    from aegis.store import open_store
    where = f"{settings.host}:{settings.port}"
    try:
        store = open_store(settings)
    except AegisError as exc:
        return [("aegisdb server", False, exc.message)]
    try:
        try:
            ping = store.ping()
        except AegisError as exc:
            return [("aegisdb server", False, exc.message)]
        found = [("aegisdb server", True, f"AegisDB {ping.get('version', '?')} at {where} "
                                          f"answers (phase {ping.get('phase', '?')})")]
        names = resolve_namespaces(str(cwd), settings.namespace)
        try:
            pinned = store.token_namespace()
        except AegisError as exc:
            return found + [("aegisdb auth", False, exc.message)]
        if pinned:
            read_only = not store.token_writable()
            found.append(_token(pinned, read_only, settings.capture_enabled))
            found.append(("namespace", True, f"{pinned} (pinned by the token; this project "
                                             + ("reads the token's pool and cannot write it)"
                                                if read_only else
                                                "reads and writes the token's pool)")))
        elif settings.auth_token:
            found.append(("aegisdb auth", True, "admin token"))
        else:
            found.append(_without_token(store, names))
            source = "config" if settings.namespace else "derived from the project"
            found.append(("namespace", True, f"project {names.project} ({source}), "
                                             f"user {names.user}"))
        found.append(_dimensions(settings, store))
        return found
    finally:
        store.close()


def _dimensions(settings: Settings, store) -> Finding:
    if settings.embedding_mode == "none":
        return ("embedding dimension", True, "embeddings off: keyword search only")
    from aegis.embeddings import open_embedder
    dimensions = open_embedder(settings).dimensions
    if not dimensions:
        return ("embedding dimension", False, "the embedding provider is not usable")
    try:
        problem = store.check_dimensions(int(dimensions))
    except AegisError as exc:
        return ("embedding dimension", False, exc.message)
    return ("embedding dimension", problem is None,
            problem or f"the server takes the provider's {dimensions}-dimensional vectors")


def _without_token(store, names) -> Finding:
    """No token: true only if the server answers a read without one (``export`` alone
    does not tell: a server with authentication on answers it subjectless too)."""
    from aegis.errors import Unauthorized
    try:
        store.stats([names.project])
    except Unauthorized:
        return ("aegisdb auth", False, "no token, but the server requires one; set the "
                                       "plugin's aegisdb_token or AEGIS_AUTH_TOKEN")
    except AegisError as exc:
        return ("aegisdb auth", False, exc.message)
    return ("aegisdb auth", True, "no token (the server runs without authentication)")


def _spool(settings: Settings) -> Finding:
    from aegis.capture import spool
    from aegis.capture.layout import CaptureFiles
    from aegis.store import target
    waiting = spool.waiting(CaptureFiles.in_data_dir(settings.data_dir))
    if not waiting:
        return ("capture spool", True, "no memories waiting")
    lines = spool.describe_waiting(waiting)
    note = spool.elsewhere_note(waiting, target(settings))
    if note:
        lines.append(note)
    return ("capture spool", False, "; ".join(lines))
