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

import os
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


def data_dir(env, platform) -> str:
    """``aegis.paths.default_data_dir``, restated so the byte-code cache can be
    found before any ``aegis`` module is loaded (a test keeps the two in step)."""
    if env.get("AEGIS_DATA_DIR"):
        return os.path.expanduser(env["AEGIS_DATA_DIR"])
    home = env.get("HOME") or env.get("USERPROFILE") or os.path.expanduser("~")
    join = os.path.join
    if platform == "darwin":
        return join(home, "Library", "Application Support", "aegis")
    if platform.startswith("win"):
        return join(env.get("LOCALAPPDATA") or join(home, "AppData", "Local"), "aegis")
    return join(env.get("XDG_DATA_HOME") or join(home, ".local", "share"), "aegis")


def install_bytecode_cache(archive: str) -> None:
    """Serve ``aegis`` from a byte-code cache (see _aegis_pyz/bytecode.py).

    The cache's entries are keyed on the archive's path, size and modification
    time. The finder's own module is cached here too: zipimport would compile
    its source twice (to find it, then to run it) on every run. Any failure
    leaves plain zipimport in charge.
    """
    try:
        import marshal
        import zlib
        info = os.stat(archive)
        identity = "%s\0%d\0%d" % (archive, info.st_size, info.st_mtime_ns)
        key = "%08x" % zlib.crc32(identity.encode("utf-8", "surrogateescape"))
        cache_dir = os.path.join(data_dir(os.environ, sys.platform), "runtime", "bytecode",
                                 sys.implementation.cache_tag or "none")
        entry = os.path.join(cache_dir, "_aegis_pyz.bytecode." + key)
        try:
            with open(entry, "rb") as f:
                is_package, code = marshal.loads(f.read())
            cached = is_package is False and hasattr(code, "co_code")
        except (OSError, ValueError, EOFError, TypeError):
            cached = False
        if not cached:
            import zipimport
            source = zipimport.zipimporter(archive).get_data("_aegis_pyz/bytecode.py")
            code = compile(source, os.path.join(archive, "_aegis_pyz", "bytecode.py"), "exec",
                           dont_inherit=True)
        namespace = {"__name__": "_aegis_pyz.bytecode"}
        exec(code, namespace)
        finder = namespace["install"](archive, cache_dir, key)
        if finder is not None and not cached:
            finder.store("_aegis_pyz.bytecode", False, code)
    except Exception:
        pass


# Hooks that the environment turns off (aegis.hooks.SWITCHES and the boolean
# parsing of aegis.config, restated so such a hook costs only the interpreter's
# start; a test keeps them in step).
HOOK_SWITCHES = {
    "session-start": "AEGIS_RECALL_ENABLED",
    "user-prompt-submit": "AEGIS_RECALL_ENABLED",
    "stop": "AEGIS_CAPTURE_ENABLED",
    "pre-compact": "AEGIS_CAPTURE_ENABLED",
    "session-end": "AEGIS_CAPTURE_ENABLED",
}
FALSE_WORDS = ("0", "false", "no", "off", "")


def switched_off(event: str) -> bool:
    value = os.environ.get(HOOK_SWITCHES.get(event, ""))
    return value is not None and value.strip().lower() in FALSE_WORDS


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "hook" and len(sys.argv) == 3 and switched_off(sys.argv[2]):
        sys.exit(0)
    isolate_sys_path()
    if command not in ("serve", "--pyz-server-check", "--pyz-info"):
        install_bytecode_cache(sys.path[0])
    if command == "hook" and len(sys.argv) == 3 and not sys.argv[2].startswith("-"):
        # every prompt runs this: the same contract as aegis.cli's hook path, minus its imports
        try:
            from aegis.hooks import run_and_exit
        except Exception:          # e.g. a Python too old for aegis: never break Claude Code
            sys.exit(0)
        run_and_exit(sys.argv[2])
    elif command == "serve" or command == "--pyz-server-check":
        from _aegis_pyz.serve import bootstrap_server
        bootstrap_server()
    elif command == "--pyz-info":
        from _aegis_pyz.info import main as info
        sys.exit(info())
    else:
        from aegis.cli import main as cli
        sys.exit(cli(sys.argv[1:]))


if __name__ == "__main__":
    main()
