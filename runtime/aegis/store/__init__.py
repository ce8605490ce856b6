"""The storage seam: one ``Store`` protocol (``aegis.store.protocol``), one
factory, two backends. A backend is imported only when it is opened.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aegis.config import Settings
    from aegis.store.protocol import Store

SQLITE_FILE = "memory.db"       # the embedded store's file in the data dir


def open_store(settings: "Settings") -> Store:
    """The backend the settings choose. Never falls back from one to the other."""
    if settings.backend == "aegisdb":
        from aegis.store.aegisdb import AegisDBStore
        return AegisDBStore.from_settings(settings)
    from aegis.store.sqlite import SQLiteStore
    return SQLiteStore.open(os.path.join(settings.data_dir, SQLITE_FILE))
