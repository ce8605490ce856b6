"""aegis.quick_json is json's loads/dumps, without importing json: the same text out,
the same values in, json's own errors for bad input, on every supported CPython."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest

from aegis import quick_json

VALUES = [
    {}, [], "", 0, -1, 10**30, 1.5, -0.0, 1e300, 1e-7, True, False, None,
    "plain", "quote \" backslash \\ slash / tab \t nl \n cr \r bell \x07 nul \x00",
    "ünïcødé — 日本語 🚀", "lone \ud800 surrogate", "\u2028\u2029",
    {"hookSpecificOutput": {"hookEventName": "UserPromptSubmit",
                            "additionalContext": "<aegis-memory>\n- \"x\"</aegis-memory>"},
     "systemMessage": "Aegis memory: ok"},
    {"b": 1, "a": [1, 2, {"z": None, "y": [True, 2.25]}], "é": "é"},
    {1: "int key", 2.5: "float key", True: "bool key", None: "none key"},
    float("nan"), float("inf"), -float("inf"), [float("nan"), {"x": float("-inf")}],
    ("tuple", "becomes", "list"),
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("sort_keys", [False, True])
def test_dumps_is_jsons(value, ensure_ascii, sort_keys):
    try:
        expected = json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
    except TypeError as exc:
        with pytest.raises(TypeError, match=str(exc)[:20]):
            quick_json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys)
        return
    assert quick_json.dumps(value, ensure_ascii=ensure_ascii, sort_keys=sort_keys) == expected


def test_what_json_cannot_encode_fails_the_same_way():
    for bad in ({"s": {1, 2}}, object(), {(1, 2): "tuple key"}, {"b": 1, 2: "mixed"}):
        with pytest.raises(TypeError) as expected:
            json.dumps(bad, sort_keys=True)
        with pytest.raises(TypeError) as got:
            quick_json.dumps(bad, sort_keys=True)
        assert str(got.value) == str(expected.value)
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        quick_json.dumps(loop)


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


TEXTS = [json.dumps(v) for v in VALUES if not isinstance(v, dict) or None not in v] + [
    ' \n\t{"a": 1}\r\n ', '{"a": 1, "a": 2}', "[1, 2.0, 3e2, -0, 1E-2]", "NaN", "-Infinity",
    '"\\ud83d\\ude80 \\u00e9"', '"\\ud800"', "12345678901234567890123", '{"cwd": "/tmp/x y"}',
]
BAD = ["", " ", "{", '{"a": 1,}', "[1, 2", "nul", '{"a": 1} x', '"\x01"', "'single'", "01",
       '{"a" 1}', "\ufeff{}", "[1] [2]", '"unterminated', "1 2", "{}}"]


@pytest.mark.parametrize("text", TEXTS + [t.encode() for t in TEXTS])
def test_loads_is_jsons(text):
    assert same(quick_json.loads(text), json.loads(text))


@pytest.mark.parametrize("text", BAD + [t.encode("utf-8") for t in BAD]
                         + [b"\xff\xfe{\x00}\x00", b"\xef\xbb\xbf{}", b"\x80abc", b"{\"a\":\x00}"])
def test_bad_input_raises_jsons_own_error(text):
    try:
        expected = json.loads(text)
    except Exception as exc:             # noqa: BLE001 - the very error json raises
        with pytest.raises(type(exc)) as got:
            quick_json.loads(text)
        assert str(got.value) == str(exc)
    else:                                # e.g. a UTF-16 text json decodes
        assert same(quick_json.loads(text), expected)


def test_random_documents_round_trip_as_json_does():
    rng = random.Random(18)

    def value(depth: int):
        kind = rng.randrange(7 if depth < 4 else 4)
        if kind == 0:
            return rng.choice([None, True, False, rng.randint(-10**12, 10**12)])
        if kind == 1:
            return rng.uniform(-1e6, 1e6)
        if kind in (2, 3):
            return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0, 0x10FFFF)]))
                           for _ in range(rng.randint(0, 12)))
        if kind in (4, 5):
            return {value(4) if False else str(value(4)): value(depth + 1)
                    for _ in range(rng.randint(0, 4))}
        return [value(depth + 1) for _ in range(rng.randint(0, 4))]

    for _ in range(300):
        document = value(0)
        for ascii_only in (True, False):
            text = json.dumps(document, ensure_ascii=ascii_only)
            assert quick_json.dumps(document, ensure_ascii=ascii_only) == text
            assert same(quick_json.loads(text), json.loads(text))


def test_it_does_not_import_json():
    runtime = str(Path(quick_json.__file__).resolve().parents[1])
    probe = ("import sys; sys.path.insert(0, %r); from aegis import quick_json as q; "
             "assert q.loads(q.dumps({'a': [1, 'é']})) == {'a': [1, 'é']}; "
             "print('json' in sys.modules)" % runtime)
    done = subprocess.run([sys.executable, "-S", "-E", "-c", probe], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
