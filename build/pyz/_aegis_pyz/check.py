"""``python3 aegis.pyz --pyz-server-check``: import what the server needs, report origins.

Runs through exactly the same bootstrap as ``serve`` and prints one JSON object
mapping each module the server stack imports to the file it was loaded from, plus
the extraction directory, so tests can prove the bundled copies are used.
"""

import json
import os
import sys

SERVER_MODULES = ("mcp", "mcp.server.mcpserver", "mcp.server.stdio", "pydantic", "pydantic_core",
                  "anyio", "aegis")


def server_imports() -> int:
    import importlib
    origins = {}
    for name in SERVER_MODULES:
        module = importlib.import_module(name)
        origins[name] = getattr(module, "__file__", None)
    report = {
        "shiv_root": os.environ.get("SHIV_ROOT"),
        "origins": origins,
        "sys_path": list(sys.path),
    }
    sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return 0
