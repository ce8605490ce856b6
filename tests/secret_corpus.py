"""The secret corpus (tests/data/secrets/corpus.json), made concrete.

Each secret is stored as parts — literals and ``[charset, n]`` random runs — and
assembled here from a generator seeded by its id, so values are stable between
runs while the committed file holds nothing a secret scanner would flag.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

CORPUS_PATH = Path(__file__).parent / "data" / "secrets" / "corpus.json"

_CHARSETS = {
    "b62": string.ascii_letters + string.digits,
    "b64": string.ascii_letters + string.digits + "+/",
    "b64url": string.ascii_letters + string.digits + "_-",
    "hexl": "0123456789abcdef",
    "alpha": string.ascii_letters,
    "lower": string.ascii_lowercase + string.digits,
    "upper": string.ascii_uppercase + string.digits,
    "digits": string.digits,
    "b32": string.ascii_uppercase + "234567",
    "bech32u": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
    "azure": string.ascii_letters + string.digits + "_~.-",
    "djsecret": string.ascii_lowercase + string.digits + "!@#%^&*(-_=+)",
}


class Case:
    def __init__(self, id: str, kind: str, text: str, secret: str):
        self.id, self.kind, self.text, self.secret = id, kind, text, secret

    def __repr__(self) -> str:
        return f"Case({self.id})"


def _run(rng: random.Random, charset: str, n: int) -> str:
    if charset == "uuid":
        return "-".join("".join(rng.choice("0123456789abcdef") for _ in range(k))
                        for k in (8, 4, 4, 4, 12))
    if charset == "pem":
        return "\n".join("".join(rng.choice(_CHARSETS["b64"]) for _ in range(64))
                         for _ in range(n))
    alphabet = _CHARSETS[charset]
    value = "".join(rng.choice(alphabet) for _ in range(n))
    if charset in ("b62", "b64", "b64url") and n >= 12:
        # a random run always shows every class it is drawn from, as real keys do
        value = rng.choice(string.ascii_uppercase) + rng.choice(string.digits) + value[2:]
    return value


def _assemble(entry: dict) -> str:
    rng = random.Random(entry["id"])
    return "".join(part if isinstance(part, str) else _run(rng, part[0], part[1])
                   for part in entry["secret"])


def load() -> tuple[list[Case], list[str]]:
    data = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
    cases = []
    for entry in data["secrets"]:
        secret = _assemble(entry)
        cases.append(Case(entry["id"], entry["kind"], entry["text"].format(secret=secret), secret))
    return cases, list(data["near_misses"])


def fragments(secret: str) -> list[str]:
    """What must not survive: the value, and for a long one its core, so a secret
    split across a file boundary or half-redacted still counts as leaked."""
    found = [secret]
    if len(secret) >= 24:
        middle = len(secret) // 2
        found.append(secret[middle - 8:middle + 8])
    return found
