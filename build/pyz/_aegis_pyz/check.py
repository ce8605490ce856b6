"""``python3 aegis.pyz --pyz-server-check``: import what the server needs, report origins.

Runs through exactly the same bootstrap as ``serve`` and prints one JSON object:
where each module of the server stack was loaded from, which compiled extension
modules are loaded, and any module that came from outside the archive, its
extraction directory and the standard library (must be none), so tests can prove
the server runs on the shipped closure alone.
"""

import json
import os
import sys
import sysconfig

SERVER_MODULES = ("mcp", "mcp.server.mcpserver", "mcp.server.stdio", "mcp_types", "pydantic",
                  "pydantic_core", "anyio", "aegis", "aegis.server", "aegisdb")
EXTENSION_SUFFIXES = (".so", ".pyd", ".dylib")


def imported_in_order() -> list[str]:
    """The server stack's modules in the order they were imported, as lines of
    ``_aegis_pyz/server_imports.txt`` (precompile.py): ``site-packages/<file>`` for the
    extracted pure-Python modules, ``root <module>`` for the archive-root packages."""
    from _aegis_pyz.packages import PACKAGES
    from _aegis_pyz.precompile import ROOT, SITE
    site = os.path.join(os.environ.get("SHIV_ROOT", ""), "")
    lines = []
    for name, module in list(sys.modules.items()):      # insertion order: import order
        path = getattr(module, "__file__", None) or ""
        if not path.endswith(".py"):
            continue
        parts = os.path.relpath(path, site).replace(os.sep, "/").split("/")
        if path.startswith(site) and len(parts) > 2 and parts[1] == "site-packages":
            lines.append(SITE + "/".join(parts[2:]))
        elif path.startswith(sys.argv[0] + os.sep) and name.partition(".")[0] in PACKAGES:
            lines.append(ROOT + name)
    return lines


def server_imports() -> int:
    import importlib
    origins = {}
    for name in SERVER_MODULES:
        module = importlib.import_module(name)
        origins[name] = getattr(module, "__file__", None)
    trusted = [os.path.realpath(p) for p in (
        sys.argv[0], os.environ.get("SHIV_ROOT", ""), sysconfig.get_paths()["stdlib"],
        sysconfig.get_paths()["platstdlib"]) if p]
    compiled, foreign = [], []
    for name, module in sorted(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path:
            continue
        real = os.path.realpath(path)
        if real.endswith(EXTENSION_SUFFIXES) and not real.startswith(tuple(trusted[2:])):
            compiled.append(name)
        if not any(real == t or real.startswith(t + os.sep) for t in trusted):
            foreign.append(f"{name}: {path}")
    report = {
        "imports": imported_in_order(),
        "shiv_root": os.environ.get("SHIV_ROOT"),
        "origins": origins,
        "compiled_modules": compiled,
        "foreign_modules": foreign,
        "sys_path": list(sys.path),
    }
    sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return 0
