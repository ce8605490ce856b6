"""The storage seam: one ``Store`` protocol (``aegis.store.protocol``), one registry
of backends (``aegis.backends.BACKENDS``: config, ``open_store`` and the CLI all read
it), one factory. A backend's module is imported only when it is opened, so the SQLite path
never imports the ``aegisdb`` client.
"""

from __future__ import annotations

import os

from aegis.backends import BACKENDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aegis.config import Settings
    from aegis.store.protocol import Store

SQLITE_FILE = "memory.db"       # the embedded store's file in the data dir


def open_store(settings: "Settings") -> Store:
    """The backend the settings choose. Never falls back from one to the other."""
    import importlib
    backend = BACKENDS[settings.backend]
    module = importlib.import_module(backend.module)
    return getattr(module, backend.store_class).from_settings(settings)


def sqlite_path(settings: "Settings") -> str:
    return os.path.join(settings.data_dir, SQLITE_FILE)


def target(settings: "Settings") -> str:
    """Where the settings' memories live, for people and for the spool:
    ``aegisdb 10.0.0.5:9470`` or ``sqlite /home/ada/.local/share/aegis/memory.db``.
    Computed without opening (or importing) the backend."""
    if settings.backend == "aegisdb":
        return f"aegisdb {settings.host}:{settings.port}"
    return f"sqlite {sqlite_path(settings)}"


def tenant(settings: "Settings") -> str:
    """Which namespace a server applies beyond ``target``: a namespaced token pins one,
    so two tokens on one server are two targets. A short fingerprint of the token (never
    the token), or "" without one."""
    if settings.backend != "aegisdb" or not settings.auth_token:
        return ""
    import hashlib
    return "token:" + hashlib.sha256(settings.auth_token.encode("utf-8")).hexdigest()[:12]
