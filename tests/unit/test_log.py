"""aegis.log: one private log file in the data dir, following the data dir it is given."""

from __future__ import annotations

import stat


def test_log_to_file_follows_a_new_data_dir(tmp_path):
    from aegis.log import get_logger, log_to_file
    logger = get_logger()
    saved = (logger.level, logger.propagate)
    first, second = tmp_path / "one", tmp_path / "two"
    try:
        log_to_file(first)
        logger.warning("to the first")
        log_to_file(second)
        logger.warning("to the second")
        for handler in logger.handlers:
            handler.flush()
        assert "to the second" not in (first / "aegis.log").read_text()
        assert "to the second" in (second / "aegis.log").read_text()
        assert stat.S_IMODE((second / "aegis.log").stat().st_mode) == 0o600
    finally:
        for handler in [h for h in logger.handlers if getattr(h, "_aegis", False)]:
            logger.removeHandler(handler)
            handler.close()
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
