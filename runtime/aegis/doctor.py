"""``aegis doctor``: check the installation, the configuration and the store."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from aegis.config import Settings
from aegis.errors import AegisError


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def to_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


def _python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    detail = f"{version} at {sys.executable}"
    if sys.version_info < (3, 10):          # the hooks and the CLI run on 3.9 (MIN_CLI_PYTHON)
        detail += ("; the memory server (the MCP tools) needs Python 3.10 or newer, the "
                   "hooks and the CLI work")
    return Check("python", sys.version_info >= (3, 10), detail)


def _sqlite() -> Check:
    try:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
        db.close()
        return Check("sqlite", True, f"SQLite {sqlite3.sqlite_version} with FTS5")
    except sqlite3.Error as exc:
        return Check("sqlite", False, f"SQLite {sqlite3.sqlite_version} lacks FTS5 ({exc})")


def _data_dir(settings: Settings) -> Check:
    path = Path(settings.data_dir)
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = path / ".doctor-probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        from aegis.paths import file_in_the_way
        blocker = file_in_the_way(path)
        if blocker:
            return Check("data dir", False, f"{path} cannot be a directory: {blocker} is a file")
        return Check("data dir", False, f"{path} is not writable: {exc.strerror}")
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        return Check("data dir", False, f"{path} is readable by others; run chmod 700 {path}")
    return Check("data dir", True, str(path))


def _config(settings: Settings) -> Check:
    if settings.problems:
        return Check("config", False, "; ".join(settings.problems))
    if settings.embedding_mode == "voyage" and not settings.voyage_api_key:
        from aegis.embeddings.voyage import MISSING_KEY
        return Check("config", False, f"backend {settings.backend}: {MISSING_KEY}")
    return Check("config", True, f"backend {settings.backend}, embeddings "
                                 f"{settings.embedding_mode}")


def _store(settings: Settings, cwd: Path) -> Check:
    from aegis.service import MemoryService
    try:
        with MemoryService.open(settings, cwd) as service:
            stats = service.stats()
    except AegisError as exc:
        return Check("store", False, exc.message)
    from aegis.humanize import plural
    pool = stats.get("token_pool")        # a namespaced token: the project's name is unused
    where = f"the token's pool {pool!r}" if pool else stats["project_namespace"]
    return Check("store", True, f"{stats['backend']}: {plural(stats['project_memories'], 'memory')}"
                                f" in {where}, "
                                f"{plural(stats['user_memories'], 'user preference')}")


# A local store this size is checked in a second or two; a bigger one gets advice only.
SCAN_LIMIT = 20_000
# What the record of a store under the current rules says was done (``scrub.record``).
RECORDED = {"created": "the store was created under the current rules",
            "scrubbed": "the store was scrubbed with the current rules",
            "verified": "the store was checked with the current rules: nothing to re-redact"}


def _redaction(settings: Settings, cwd: Path) -> Check:
    """A store redacted under older rules may hold what today's rules catch. A local
    store is scanned (a dry-run scrub) rather than failed for having no record: a
    store written by an older release is usually clean, and the scan records that."""
    from aegis.humanize import plural
    from aegis import scrub
    from aegis.service import MemoryService
    reason = scrub.needs_scrub(settings)
    if reason is None:
        entry = scrub.read_state(settings.data_dir).get(scrub.store_key(settings)) or {}
        return Check("redaction", True, RECORDED.get(
            entry.get("event"), "the store is recorded as redacted under the current rules"))
    try:
        with MemoryService.open(settings, cwd) as service:
            # a SQLite scrub covers the whole file, every project in it
            scope = None if service.store.name == "sqlite" else service.namespaces.readable
            stored = service.store.stats(scope).memories
            backend = service.store.name
            if 0 < stored <= SCAN_LIMIT and backend == "sqlite":
                report = scrub.run(settings, service, dry_run=True)
                if scrub.nothing_to_change(report):
                    return Check("redaction", True, f"checked {plural(stored, 'memory')} "
                                                    "with the current rules: nothing to re-redact")
                reason = (f"{plural(report['changed_memories'], 'memory')} and "
                          f"{plural(report['changed_versions'], 'earlier version')} hold what "
                          "the current rules redact")
            # a read-only token cannot scrub: the advice goes to whoever can write
            writable = getattr(service.store, "token_writable", lambda: True)()
    except AegisError as exc:
        return Check("redaction", False, exc.message)
    if stored == 0:
        return Check("redaction", True, "nothing stored yet")
    if not writable:
        # not this user's to fix: someone with a token that can write runs the scrub
        return Check("redaction", True, f"{reason}; re-redacting its "
                                        f"{plural(stored, 'memory')} (`aegis scrub`) needs a "
                                        f"token that can write — this one is read-only")
    if reason == scrub.NO_SCRUB_RECORDED and backend != "sqlite":
        # a team server is written by many machines; this one cannot know under which rules
        return Check("redaction", True, f"{reason}; `aegis scrub` re-redacts its "
                                        f"{plural(stored, 'memory')} with the current rules")
    return Check("redaction", False, f"{reason}; run `aegis scrub` to re-redact its "
                                     f"{plural(stored, 'memory')} (`aegis scrub --dry-run` shows "
                                     f"what would change)")


def run_checks(settings: Settings, cwd: Path) -> list[Check]:
    checks = [_python(), _sqlite(), _data_dir(settings), _config(settings)]
    checks.append(_store(settings, cwd))
    if checks[-1].ok:
        checks.append(_redaction(settings, cwd))
    from aegis.store.diagnose import store_findings
    checks += [Check(*finding) for finding in store_findings(settings, cwd)]
    return checks
