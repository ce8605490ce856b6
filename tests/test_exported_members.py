"""The public surface the adapters rely on, pinned so a change to it is a
deliberate one: the error tree and its codes, the ``Store`` seam and its SQLite
implementation, and the CLI's command set."""

from __future__ import annotations

import inspect
import re

import aegis
from aegis import errors
from aegis.store.protocol import Store
from aegis.store.sqlite import SQLiteStore


def test_package_exports_a_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[.-]?\w+)?", aegis.__version__)


def test_error_tree_codes_are_complete_and_distinct():
    classes = [obj for obj in vars(errors).values()
               if inspect.isclass(obj) and issubclass(obj, errors.AegisError)]
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes))
    assert set(errors.ERROR_CODES) == set(codes)
    assert {"invalid", "too_large", "not_found", "unavailable", "unauthorized", "forbidden",
            "read_only", "rate_limited", "quota_exceeded"} <= set(codes)
    assert issubclass(errors.TooLarge, errors.InvalidInput)


def test_error_messages_are_the_message():
    assert str(errors.NotFound("no memory x")) == "no memory x"


def _protocol_methods(protocol) -> dict[str, inspect.Signature]:
    return {name: inspect.signature(member) for name, member in vars(protocol).items()
            if callable(member) and not name.startswith("_")}


CORE_STORE_METHODS = {"add", "get", "find_duplicate", "update", "delete", "search", "list",
                      "history", "relate", "relations", "mark_recalled", "restore", "stats",
                      "close"}


def test_sqlite_store_implements_the_store_seam_with_the_same_parameters():
    """Every core method exists; optional ones (vectors), when present, match too."""
    methods = _protocol_methods(Store)
    assert CORE_STORE_METHODS <= set(methods)
    for name, signature in methods.items():
        implementation = getattr(SQLiteStore, name, None)
        if implementation is None:
            assert name not in CORE_STORE_METHODS, f"SQLiteStore lacks {name}"
            continue
        assert list(inspect.signature(implementation).parameters) == \
            list(signature.parameters), name
    assert SQLiteStore.name == "sqlite"


def test_cli_command_set():
    from aegis.cli import build_parser
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert {"remember", "search", "recall", "get", "update", "relate", "forget", "list",
            "export", "import", "stats", "doctor", "version", "demo", "serve",
            "hook"} <= set(subparsers.choices)
