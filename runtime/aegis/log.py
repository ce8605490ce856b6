"""One logger for the runtime, writing to ``aegis.log`` in the data dir.

Hooks must not chatter on stderr (Claude Code shows it to the user), so
diagnostics go to a private file instead. Never log memory text or secrets:
log ids, counts, timings and error classes (and every line is redacted anyway,
in case an exception message carries text).

Hooks run on every prompt and most runs log nothing, so ``logging`` is imported,
and the file opened, only when something first touches the logger:
``get_logger()`` returns a stand-in that becomes the real ``logging.Logger`` on
first use, and ``log_to_file`` only notes where the file goes until then.
"""

from __future__ import annotations

import os

LOGGER_NAME = "aegis"
MAX_BYTES = 1_000_000
INFO = 20                            # logging.INFO, without importing logging

_file_target: tuple[str, int] | None = None     # (data dir, level) set by log_to_file
_configured = False                               # the real logger exists (handler attached)


class _LazyLogger:
    """Forwards every attribute to the real ``aegis`` logger, creating it on first use."""

    def __getattr__(self, name: str):
        return getattr(_real_logger(), name)


_LOGGER = _LazyLogger()


def debugging(env) -> bool:
    """``AEGIS_DEBUG`` set to anything but empty/0/false: diagnostics may go to stderr."""
    return env.get("AEGIS_DEBUG", "").strip().lower() not in ("", "0", "false", "no", "off")


def get_logger():
    """The ``aegis`` logger (a stand-in that behaves as the ``logging.Logger``)."""
    return _LOGGER


def log_to_file(data_dir: str, level: int = INFO) -> None:
    """Log to ``<data_dir>/aegis.log`` from the first message on; failures leave logging off."""
    global _file_target
    _file_target = (os.fspath(data_dir), level)
    if _configured:                     # the real logger already exists: attach now
        _attach_file_handler()


def _real_logger():
    global _configured
    import logging
    logger = logging.getLogger(LOGGER_NAME)
    if not _configured:
        _configured = True
        _attach_file_handler()
        if not logger.handlers:
            # Without a file, logging's last resort would print to stderr, which a
            # hook must never do; AEGIS_DEBUG asks for exactly that.
            logger.addHandler(logging.StreamHandler() if debugging(os.environ)
                              else logging.NullHandler())
            logger.propagate = False
    return logger


def _RedactingFormatter(fmt: str):
    """A ``logging.Formatter`` whose lines (message, exception text) pass through
    redaction: a secret inside an exception message must not reach the log file."""
    import logging
    from aegis.redact import redact_text

    class RedactingFormatter(logging.Formatter):
        def format(self, record) -> str:
            return redact_text(super().format(record))
    return RedactingFormatter(fmt)


def _attach_file_handler() -> None:
    """Attach the file handler for the ``log_to_file`` target (no-op without one), once
    per target: a process that moves to another data dir logs there from then on."""
    import logging
    from aegis.paths import ensure_private_dir, make_private
    if _file_target is None:
        return
    data_dir, level = _file_target
    path = os.path.join(data_dir, "aegis.log")
    logger = logging.getLogger(LOGGER_NAME)
    for old in [h for h in logger.handlers if getattr(h, "_aegis", False)]:
        if old.baseFilename == os.path.abspath(path):
            return
        logger.removeHandler(old)
        old.close()
    try:
        ensure_private_dir(data_dir)
        if os.path.exists(path) and os.path.getsize(path) > MAX_BYTES:
            os.replace(path, path + ".1")
        handler = logging.FileHandler(path, encoding="utf-8")
        make_private(path)
    except OSError:
        return
    handler._aegis = True  # type: ignore[attr-defined]
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
