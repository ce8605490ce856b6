"""The registry of storage backends: config validates ``backend`` against it,
``aegis.store.open_store`` opens from it, the CLI offers its names. Kept outside
``aegis.store`` so reading the configuration never loads the store package.
"""

from __future__ import annotations

from aegis.record import Record


class Backend(Record):
    """One storage backend: where its ``Store`` class lives (``from_settings`` opens it)."""
    name: str
    module: str
    store_class: str
    summary: str


BACKENDS: dict[str, Backend] = {b.name: b for b in (
    Backend("sqlite", "aegis.store.sqlite", "SQLiteStore",
            "embedded SQLite file in the data dir (default)"),
    Backend("aegisdb", "aegis.store.aegisdb", "AegisDBStore",
            "an AegisDB server shared by a team"),
)}
