"""``python3 aegis.pyz --pyz-info``: one JSON object describing this start-up.

It shows what the fast path saw (``sys.path`` after isolation, which modules were
loaded), so tests can prove the user's site-packages are invisible and that no
third-party package is imported outside ``serve``.
"""

import json
import sys
import zipfile


def main() -> int:
    archive = sys.path[0]
    with zipfile.ZipFile(archive) as zf:
        environment = json.loads(zf.read("environment.json").decode("utf-8"))
    info = {
        "archive": archive,
        "build_id": environment.get("build_id"),
        "python": list(sys.version_info[:3]),
        "sys_path": list(sys.path),
        "modules": sorted(sys.modules),
    }
    sys.stdout.write(json.dumps(info, indent=2, sort_keys=True) + "\n")
    return 0
