"""The sign-bit prefilter (aegis.store.vectors.SignatureSnapshot.nearest) keeps exactly
the memories a plain sort would: the nearest by the leading 64 bits (ties by position),
then the nearest of those by the whole signature."""

from __future__ import annotations

import array
import random

import pytest

from aegis.store.vectors import SignatureSnapshot, signature


def reference_nearest(signatures: list[int], rowids: list[int], query: int, keep: int):
    if len(signatures) <= keep:
        return rowids
    positions = range(len(signatures))
    if len(signatures) > keep * 8:
        lead = (1 << 64) - 1
        positions = sorted(positions, key=lambda i: ((signatures[i] ^ query) & lead).bit_count())
        positions = positions[:keep * 8]
    fine = sorted(((signatures[i] ^ query).bit_count(), i) for i in positions)
    return [rowids[i] for _, i in fine[:keep]]


@pytest.mark.parametrize("dims", [64, 72, 256, 384])
@pytest.mark.parametrize("clustered", [False, True])
def test_nearest_matches_a_plain_sort(dims, clustered):
    rng = random.Random(dims * 2 + clustered)
    width = (dims + 7) // 8
    # Clustered signatures make many equal distances, so ties are exercised.
    pool = [rng.getrandbits(dims) for _ in range(12)]
    signatures = [pool[rng.randrange(12)] ^ (1 << rng.randrange(dims)) if clustered
                  else rng.getrandbits(dims) for _ in range(3000)]
    rowids = [rng.randrange(1, 10 ** 9) for _ in signatures]
    snapshot = SignatureSnapshot(array.array("q", rowids).tobytes(),
                                 b"".join(s.to_bytes(width, "little") for s in signatures), dims)
    for _ in range(5):
        query = [rng.gauss(0.0, 1.0) for _ in range(dims)]
        for keep in (5, 200, 2999, 4000):
            assert snapshot.nearest(query, keep) == reference_nearest(
                signatures, rowids, signature(query), keep)
