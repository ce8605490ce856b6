"""Write the lexical search's neighbour-word table from the shipped local model.

    /work/main/.venv/bin/python build/distill/neighbours.py [--min-cosine 0.5] [--per-word 6]

Keyword search (``aegis.neighbours``) widens a query word with the words the
local embedding model places nearest to it: "coordinates" also looks for
"longitude", "predict" for "forecast", "velocity" for "speed". The table is
derived here, once, from the asset the build ships (``model.bin`` +
``vocab.txt`` in runtime/aegis/embeddings/assets), so a hook in ``none`` mode
reads a small text file and never loads the model.

For every whole-word token of the vocabulary (three or more ASCII letters, not
a stopword of ``aegis.text``): its nearest whole-word tokens by cosine of the
token rows, at least ``--min-cosine``, at most ``--per-word``, skipping words of
the same Porter stem (the index already matches those). Output, sorted by word:
``word neighbour neighbour ...`` one line each, ASCII. Deterministic: same
asset, same bytes (ties break by vocabulary order). Needs numpy only.
"""

from __future__ import annotations

import argparse
import re
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "runtime"))

from aegis.stem import stem  # noqa: E402
from aegis.text import STOPWORDS  # noqa: E402

ASSETS = ROOT / "runtime" / "aegis" / "embeddings" / "assets"
OUT = ASSETS / "neighbours.txt"
WHOLE_WORD = re.compile(r"[a-z]{3,}")


def token_rows(assets: Path) -> tuple[list[str], np.ndarray]:
    blob = (assets / "model.bin").read_bytes()
    _magic, _format, rows, dims = struct.unpack_from("<8sIII", blob)
    matrix = np.frombuffer(blob, dtype=np.int8, offset=20 + 4 * rows).reshape(rows, dims)
    vocab = (assets / "vocab.txt").read_text(encoding="utf-8").split("\n")[:rows]
    return vocab, matrix.astype(np.float32)


def table(vocab: list[str], matrix: np.ndarray, min_cosine: float, per_word: int) -> list[str]:
    chosen = [i for i, token in enumerate(vocab)
              if WHOLE_WORD.fullmatch(token) and token not in STOPWORDS]
    words = [vocab[i] for i in chosen]
    stems = [stem(word) for word in words]
    unit = matrix[chosen]
    unit /= np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12)
    lines = []
    for start in range(0, len(words), 2048):             # bounded memory: 2048 rows at a time
        block = unit[start:start + 2048] @ unit.T
        for offset, similarities in enumerate(block):
            at = start + offset
            order = np.argsort(-similarities, kind="stable")
            picked: list[str] = []
            for other in order:
                if similarities[other] < min_cosine or len(picked) == per_word:
                    break
                if other != at and stems[other] != stems[at]:
                    picked.append(words[other])
            if picked:
                lines.append(" ".join([words[at], *picked]))
    return sorted(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-cosine", type=float, default=0.5)
    parser.add_argument("--per-word", type=int, default=6)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    vocab, matrix = token_rows(ASSETS)
    lines = table(vocab, matrix, args.min_cosine, args.per_word)
    args.out.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{args.out}: {len(lines)} words, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
