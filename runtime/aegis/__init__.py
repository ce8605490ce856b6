"""Aegis: persistent long-term memory for Claude Code.

The package is layered so a reader can find things by name:

    adapters   cli.py, hooks/, server.py      parse input, call the service, format output
    service    service.py                    the one place memory behaviour lives
    store      store/                        one ``Store`` protocol, SQLite and AegisDB backends

Hooks and the CLI import only the standard library; ``server.py`` alone imports
the MCP SDK.
"""

__version__ = "0.1.12"
