"""How ``aegis.pyz`` starts: its ``__main__.py`` compiles and runs this file (in
``__main__``'s namespace), which runs ``_aegis_pyz/boot.py`` from the byte-code cache
when it is there.

runpy compiles ``__main__.py`` twice on every run (once to find it, once to run it),
and nothing it holds can come from the cache, so ``__main__.py`` is a few lines that
read and compile this file, once. This file holds only what finding the cache takes,
and the environment switches that turn a hook off before anything else happens.
Standard library only; it runs before ``sys.path`` is cleaned up, so it imports
nothing that could come from the user's site-packages.
"""
import os
import sys


def data_dir(env, platform) -> str:
    """``aegis.paths.default_data_dir``, restated so the byte-code cache can be
    found before any ``aegis`` module is loaded (a test keeps the two in step)."""
    chosen = os.path.expanduser(env.get("AEGIS_DATA_DIR") or "")
    if os.path.isabs(chosen):            # a relative one is ignored, as aegis does
        return chosen
    home = env.get("HOME") or env.get("USERPROFILE") or os.path.expanduser("~")
    join = os.path.join
    if platform == "darwin":
        return join(home, "Library", "Application Support", "aegis")
    if platform.startswith("win"):
        return join(env.get("LOCALAPPDATA") or join(home, "AppData", "Local"), "aegis")
    return join(env.get("XDG_DATA_HOME") or join(home, ".local", "share"), "aegis")


def cache_location(archive: str) -> tuple:
    """(cache dir, key): where compiled modules of this archive are kept."""
    import zlib
    info = os.stat(archive)
    identity = "%s\0%d\0%d" % (archive, info.st_size, info.st_mtime_ns)
    key = "%08x" % zlib.crc32(identity.encode("utf-8", "surrogateescape"))
    return os.path.join(data_dir(os.environ, sys.platform), "runtime", "bytecode",
                        sys.implementation.cache_tag or "none"), key


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


def cached_boot_code(cache_dir: str, key: str):
    """The compiled ``_aegis_pyz/boot.py`` from the cache, or None (also when the cache
    dir is another user's or writable by others: boot.py then repairs or skips it)."""
    import marshal
    try:
        if os.name == "posix":
            info = os.stat(cache_dir)
            if info.st_mode & 0o022 or info.st_uid != os.getuid():
                return None
        with open(os.path.join(cache_dir, "_aegis_pyz.boot." + key), "rb") as f:
            is_package, code = marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if is_package is False and hasattr(code, "co_code") else None


def boot(archive: str) -> None:
    try:
        cache_dir, key = cache_location(archive)
    except (OSError, ValueError):
        cache_dir = key = None
    code = cached_boot_code(cache_dir, key) if cache_dir else None
    fresh = None
    if code is None:
        import zipimport
        source = zipimport.zipimporter(archive).get_data("_aegis_pyz/boot.py")
        code = fresh = compile(source, os.path.join(archive, "_aegis_pyz", "boot.py"), "exec",
                               dont_inherit=True)
    namespace = {"__name__": "_aegis_pyz.boot"}
    exec(code, namespace)
    namespace["main"](archive, cache_dir, key, fresh)


if __name__ == "__main__":
    hook = sys.argv[1:2] == ["hook"]
    if hook and len(sys.argv) == 3 and switched_off(sys.argv[2]):
        sys.exit(0)
    try:
        boot(sys.path[0])
    except Exception:
        if not hook:
            raise
        sys.exit(0)            # a hook never fails Claude Code, even from a damaged archive
