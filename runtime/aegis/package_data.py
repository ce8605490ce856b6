"""Files shipped inside the ``aegis`` package (the local model's assets, the
keyword neighbours, the viewer's page), read the same way from a source tree and
from inside the zipapp, where they are members of the archive, not files: whole
(``read``), or where they lie (``asset_location``: the file, or the archive's stored
entry, for ``os.pread`` of the parts a lookup needs)."""

from __future__ import annotations

import os
import sys

LOCAL_HEADER_SIZE = 30        # a zip member's local file header: signature … name and extra sizes


def read(module_file: str, *parts: str) -> bytes:
    """The bytes of the file ``parts`` names beside ``module_file`` (a module's
    ``__file__``); OSError when it is missing."""
    path = os.path.join(os.path.dirname(module_file), *parts)
    get_data = getattr(getattr(sys.modules[__name__], "__loader__", None), "get_data", None)
    if get_data is not None:
        return get_data(path)
    with open(path, "rb") as handle:
        return handle.read()


def asset_location(path: str) -> tuple[str, int, int] | None:
    """(file, offset, size) of the asset at ``path`` (a file, or a path inside a zipapp
    on ``sys.path``), or None when it cannot be read in place."""
    if not hasattr(os, "pread"):
        return None
    try:
        if os.path.isfile(path):
            return path, 0, os.path.getsize(path)
        # aegis.pyz's own loader (build/pyz/_aegis_pyz/boot.py) knows where its files lie
        locate = getattr(getattr(sys.modules[__name__], "__loader__", None), "locate", None)
        if locate is not None:
            return locate(path)
        import zipimport
        directories = getattr(zipimport, "_zip_directory_cache", None)
        if not isinstance(directories, dict):
            return None
        archive = path
        while archive not in directories:
            parent = os.path.dirname(archive)
            if parent == archive:
                return None
            archive = parent
        entry = directories[archive].get(os.path.relpath(path, archive))
        if not isinstance(entry, tuple) or len(entry) != 8:
            return None
        _name, compress, data_size, file_size, header_offset = entry[:5]
        if compress != 0 or data_size != file_size:
            return None
        with open(archive, "rb") as handle:
            header = os.pread(handle.fileno(), LOCAL_HEADER_SIZE, header_offset)
        if len(header) != LOCAL_HEADER_SIZE or header[:4] != b"PK\x03\x04":
            return None
        name_size = int.from_bytes(header[26:28], "little")
        extra_size = int.from_bytes(header[28:30], "little")
        return archive, header_offset + LOCAL_HEADER_SIZE + name_size + extra_size, data_size
    except (OSError, ValueError, TypeError, AttributeError):
        return None
