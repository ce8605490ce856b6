"""A first run's second core: compile the server's modules on another process.

On the first run after an install or update nothing is compiled yet, and
compiling the pure-Python modules the server imports (about 4 MB of source:
the MCP SDK, pydantic, anyio, ...) cost about half a second on the server's
one busy thread, before its first tool result. Compiling is independent work,
so right after shiv has extracted ``site-packages`` the server starts this
module on a second process (``python3 aegis.pyz --pyz-precompile DIR``), which
compiles the same modules **in the reverse of the order the server imports
them** (``server_imports.txt``, recorded by build/record_server_imports.py): the
two meet in the middle, and each module the server reaches already compiled is
a plain byte-code load.

What the helper writes is what the import system would have written itself:
timestamp ``__pycache__`` files next to the extracted sources (atomically,
``py_compile``), and, for the archive-root packages (``aegis``), entries of
boot.py's byte-code cache through its own finder. A module either side
compiled first is skipped; when both compile one, the second atomic write
wins with the same bytes. Nothing depends on the helper: if it cannot start,
fails or is slow, the server compiles what it needs as before. It never reads
stdin or writes stdout (the server's stdout is the protocol), and it is not
started when byte code must not be written (``PYTHONDONTWRITEBYTECODE``) or
there is only one CPU to run on.
"""

from __future__ import annotations

import os
import sys

COMMAND = "--pyz-precompile"
IMPORTS = "_aegis_pyz/server_imports.txt"
SITE, ROOT = "site-packages/", "root "      # the two kinds of lines in IMPORTS


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))      # what a container or taskset allows
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start(site_packages) -> object | None:
    """Start the helper for the freshly extracted ``site_packages``; its Popen, or None.
    On one CPU it could only take turns with the server, so it is not started there."""
    if sys.dont_write_bytecode or not sys.executable or usable_cpus() < 2:
        return None
    try:
        import subprocess
        return subprocess.Popen(
            [sys.executable, sys.argv[0], COMMAND, str(site_packages)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=True, creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
    except (OSError, ValueError):
        return None


def recorded_imports(archive: str) -> list[str]:
    """The lines of ``IMPORTS`` in this archive (empty when it has none)."""
    import zipimport
    try:
        text = zipimport.zipimporter(archive).get_data(IMPORTS).decode("utf-8")
    except (OSError, zipimport.ZipImportError, UnicodeDecodeError):
        return []
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def compile_file(path: str) -> None:
    import importlib.util
    import py_compile
    try:
        if not os.path.isfile(path) or os.path.exists(importlib.util.cache_from_source(path)):
            return
        # TIMESTAMP explicitly: py_compile switches to hash-checked pycs when
        # SOURCE_DATE_EPOCH is set, which the import system would then re-check on
        # every start.
        py_compile.compile(path, doraise=False, quiet=2,
                           invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
    except (OSError, ValueError):
        pass


def compile_root_module(name: str) -> None:
    """Put ``name`` (an archive-root module) into boot.py's byte-code cache."""
    for finder in sys.meta_path:
        # by name: __main__ ran boot.py outside sys.modules, so importing it here would
        # make a second, different class
        if type(finder).__name__ == "CachedZipFinder":
            try:
                spec = finder.find_spec(name)
                if spec is not None and spec.loader.code is None:
                    spec.loader.get_code(name)      # compiles and stores
            except Exception:
                pass
            return


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        return 2
    site_packages = argv[0]
    for line in reversed(recorded_imports(sys.argv[0])):
        if line.startswith(SITE):
            compile_file(os.path.join(site_packages, *line[len(SITE):].split("/")))
        elif line.startswith(ROOT):
            compile_root_module(line[len(ROOT):])
    return 0
