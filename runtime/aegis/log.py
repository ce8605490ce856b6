"""One logger for the runtime, writing to ``aegis.log`` in the data dir.

Hooks must not chatter on stderr (Claude Code shows it to the user), so
diagnostics go to a private file instead. Never log memory text or secrets:
log ids, counts, timings and error classes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aegis.paths import ensure_private_dir, make_private

LOGGER_NAME = "aegis"
MAX_BYTES = 1_000_000


def get_logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def log_to_file(data_dir: Path, level: int = logging.INFO) -> None:
    """Attach the file handler once per process; failures leave logging off."""
    logger = get_logger()
    if any(getattr(h, "_aegis", False) for h in logger.handlers):
        return
    try:
        ensure_private_dir(data_dir)
        path = data_dir / "aegis.log"
        if path.exists() and path.stat().st_size > MAX_BYTES:
            path.replace(data_dir / "aegis.log.1")
        handler = logging.FileHandler(path, encoding="utf-8")
        make_private(path)
    except OSError:
        return
    handler._aegis = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
