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
    return Check("python", sys.version_info >= (3, 10), f"{version} at {sys.executable}")


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
        return Check("data dir", False, f"{path} is not writable: {exc.strerror}")
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        return Check("data dir", False, f"{path} is readable by others; run chmod 700 {path}")
    return Check("data dir", True, str(path))


def _config(settings: Settings) -> Check:
    if settings.problems:
        return Check("config", False, "; ".join(settings.problems))
    return Check("config", True, f"backend {settings.backend}, embeddings "
                                 f"{settings.embedding_mode}")


def _store(settings: Settings, cwd: Path) -> Check:
    from aegis.service import MemoryService
    try:
        with MemoryService.open(settings, cwd) as service:
            stats = service.stats()
    except AegisError as exc:
        return Check("store", False, exc.message)
    return Check("store", True, f"{stats['backend']}: {stats['project_memories']} memories in "
                                f"{stats['project_namespace']}, {stats['user_memories']} user "
                                f"preferences")


def run_checks(settings: Settings, cwd: Path) -> list[Check]:
    checks = [_python(), _sqlite(), _data_dir(settings), _config(settings)]
    checks.append(_store(settings, cwd))
    from aegis.store.diagnose import store_findings
    checks += [Check(*finding) for finding in store_findings(settings, cwd)]
    return checks
