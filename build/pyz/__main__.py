"""Entry point of ``aegis.pyz`` (placed at the archive root as ``__main__.py``).

Two paths, chosen from the first argument:

* ``serve`` (the MCP server) needs the bundled third-party packages, so it goes
  through shiv's bootstrap (``_aegis_pyz.serve``), which extracts them once into
  the Aegis data dir and activates them.
* Everything else (hooks run on every prompt, the CLI) needs only the standard
  library and ``aegis``, which is imported straight from this archive by
  zipimport: no extraction, no ``site.addsitedir`` of the dependency tree.

Before anything else is imported, ``sys.path`` is cut down to this archive and the
interpreter's standard library, so packages in the user's own site-packages
(user site, system site, a venv, PYTHONPATH) can never shadow or add to ours.
Keep this module tiny and standard-library-only: it is on the hot path.
"""

import sys


def isolate_sys_path() -> None:
    """Keep only the archive and the standard library on ``sys.path``."""
    archive = sys.path[0]
    roots = tuple({p.rstrip("/\\") for p in (sys.base_prefix, sys.base_exec_prefix) if p})
    kept = [archive]
    for entry in sys.path[1:]:
        parts = entry.replace("\\", "/").split("/")
        if "site-packages" in parts or "dist-packages" in parts:
            continue
        if entry.startswith(roots) and entry not in kept:
            kept.append(entry)
    sys.path[:] = kept


def main() -> None:
    isolate_sys_path()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in ("serve", "--pyz-server-check", "--pyz-info"):
        try:
            from _aegis_pyz.bytecode import install     # zipimport caches no byte code
            install(sys.path[0])
        except Exception:
            pass
    if command == "hook" and len(sys.argv) == 3 and not sys.argv[2].startswith("-"):
        # every prompt runs this: the same contract as aegis.cli's hook path, minus its imports
        try:
            from aegis.hooks import main as hook
        except Exception:          # e.g. a Python too old for aegis: never break Claude Code
            sys.exit(0)
        sys.exit(hook(sys.argv[2]))
    elif command == "serve" or command == "--pyz-server-check":
        from _aegis_pyz.serve import bootstrap_server
        bootstrap_server()
    elif command == "--pyz-info":
        from _aegis_pyz.info import main as info
        sys.exit(info())
    else:
        from aegis.cli import main as cli
        sys.exit(cli(sys.argv[1:]))


main()
