"""``json.loads`` and ``json.dumps`` for the hook path, without importing ``json``.

Every prompt's hook reads its payload, its session state and writes a log line and
its answer as JSON. The ``json`` package costs a fresh interpreter about 2 ms on
top of ``re`` (``json.decoder``, ``json.scanner``, ``json.encoder`` and their
module-level set-up) to reach the same C accelerator, ``_json``, that does all
the work. This module calls ``_json`` directly, configured exactly as ``json``
configures it for these calls (default separators, no indent, ``allow_nan``), so
the text produced and the values read are ``json``'s own. Malformed input, and
any interpreter without ``_json``, go to the real ``json``, which raises its
usual ``JSONDecodeError`` (a ``ValueError``) or does the work itself.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

try:
    import _json
except ImportError:                 # another implementation: use json for everything
    _json = None

WHITESPACE = " \t\n\r"              # json.decoder.WHITESPACE
_NAN = float("nan")
_CONSTANTS = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": _NAN}


class _DecoderContext:
    """The attributes ``_json.make_scanner`` reads from a ``json.JSONDecoder()``."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_CONSTANTS.__getitem__)
    memo: dict = {}


def _not_serializable(o: Any) -> Any:
    """``json.JSONEncoder.default``: the same TypeError."""
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


_scan = _json.make_scanner(_DecoderContext()) if _json is not None else None


def loads(text: str | bytes) -> Any:
    """``json.loads(text)``."""
    if isinstance(text, (bytes, bytearray)) and _plain_utf8(text):
        try:
            text = text.decode("utf-8", "surrogatepass")      # as json decodes UTF-8
        except UnicodeDecodeError:
            pass                                               # json raises it
    if _scan is None or not isinstance(text, str) or text.startswith("\ufeff"):
        import json
        return json.loads(text)
    try:
        value, end = _scan(text, len(text) - len(text.lstrip(WHITESPACE)))
    except (StopIteration, ValueError, SystemError):
        # SystemError: on 3.10 and 3.11 the scanner's error path needs ``json.decoder``
        # imported already, and returns NULL without an exception when it is not.
        value, end = None, -1
    if end < 0 or text[end:].strip(WHITESPACE):
        import json
        return json.loads(text)        # raises json's own error for this text
    return value


def _plain_utf8(data: bytes) -> bool:
    """Bytes that ``json.detect_encoding`` calls plain UTF-8: no BOM, and no NUL in
    the first four bytes (its sign of UTF-16 or UTF-32)."""
    return not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and 0 not in data[:4]


def dumps(value: Any, *, ensure_ascii: bool = True, sort_keys: bool = False) -> str:
    """``json.dumps(value, ensure_ascii=..., sort_keys=...)``."""
    if _json is None:
        import json
        return json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    encode = _json.encode_basestring_ascii if ensure_ascii else _json.encode_basestring
    if isinstance(value, str):
        return encode(value)
    encoder = _json.make_encoder({}, _not_serializable, encode, None, ": ", ", ", sort_keys,
                                 False, True)
    return "".join(encoder(value, 0))
