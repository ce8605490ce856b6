"""aegis.surrogates: a lone surrogate is dropped, everything else is kept as it is."""

from __future__ import annotations

import json

from aegis.surrogates import drop, drop_in


def test_a_lone_surrogate_goes_and_real_characters_stay():
    half = json.loads('"cut \\ud83d here, ok \\ud83d\\ude00, low \\udc00 too"')
    assert drop(half) == "cut  here, ok \U0001f600, low  too"
    assert drop("plain ünïcode 😀") == "plain ünïcode 😀"


def test_every_string_of_a_parsed_value_is_cleaned_keys_too():
    value = json.loads('{"a\\ud800": ["x\\udfff", {"b": "\\ud83dy"}], "n": 3, "t": true}')
    assert drop_in(value) == {"a": ["x", {"b": "y"}], "n": 3, "t": True}
    json.dumps(drop_in(value), ensure_ascii=False).encode("utf-8")
