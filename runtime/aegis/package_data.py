"""Files shipped inside the ``aegis`` package (the local model's assets, the
keyword neighbours, the viewer's page), read the same way from a source tree and
from inside the zipapp, where they are members of the archive, not files."""

from __future__ import annotations

import os
import sys


def read(module_file: str, *parts: str) -> bytes:
    """The bytes of the file ``parts`` names beside ``module_file`` (a module's
    ``__file__``); OSError when it is missing."""
    path = os.path.join(os.path.dirname(module_file), *parts)
    get_data = getattr(getattr(sys.modules[__name__], "__loader__", None), "get_data", None)
    if get_data is not None:
        return get_data(path)
    with open(path, "rb") as handle:
        return handle.read()
