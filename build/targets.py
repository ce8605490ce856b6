"""What the zipapp ships, and for which interpreters.

One pure-Python ``site-packages`` serves every target; each (platform, CPython)
target adds a native layer: the compiled distributions resolved for it by
``uv pip install --python-platform … --python-version …`` from the same lock, so
every target gets the same versions and its own environment markers.
"""

from __future__ import annotations

# layer platform name -> uv --python-platform
PLATFORMS = {
    "linux-x86_64": "x86_64-manylinux_2_17",           # glibc 2.17+
    "linux-aarch64": "aarch64-manylinux_2_17",
    "macos-arm64": "aarch64-apple-darwin",
    "macos-x86_64": "x86_64-apple-darwin",
    "windows-amd64": "x86_64-pc-windows-msvc",
}
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14", "3.15")

# Locked distributions the stdio server never imports (client-side helpers of the MCP
# SDK: JSON-schema validation, OAuth/JWT, Windows process management for spawning
# servers). Left out to keep the pyz small; the server tests run on the shipped set.
EXCLUDED = frozenset({
    "attrs", "jsonschema", "jsonschema-specifications", "referencing", "rpds-py",
    "pyjwt", "pywin32", "pycparser",
})

# Pure-Python distributions that the standard-library paths (hooks, the CLI, the
# capture worker, migrate, doctor) import, so they cannot wait for ``serve``'s
# extraction: the build puts them at the archive root beside ``aegis/`` (and leaves
# them out of dependencies.zip), where every command and the server import them from
# the archive itself. Each must be pure Python with no dependencies of its own (the
# build checks both). ``aegisdb``: the AegisDB client, for ``backend = aegisdb``.
ROOT_DISTRIBUTIONS = ("aegisdb",)

# Compiled distributions the server imports. A new one failing the build (and the
# import-audit test) is deliberate: it needs a decision about size and platforms.
NATIVE = frozenset({"pydantic-core", "cryptography", "cffi"})


def targets() -> list[tuple[str, str]]:
    return [(platform, python) for platform in PLATFORMS for python in PYTHONS]


def layer_name(platform: str, python: str) -> str:
    """``linux-x86_64-cp312``: the key the runtime selector computes for itself."""
    return f"{platform}-cp{python.replace('.', '')}"
