"""How common a word is in general English, read off the bundled model's vocabulary.

Recall must not inject a memory because it shares one everyday word with a prompt:
"what's a good name for a cat" and "event names are snake_case" share "name",
"what's the difference between a process and a thread" and the release process
share "process". How ordinary a word is cannot be learnt from a store of a few
dozen memories (in one, "name" may occur once, as rare as "oban"), so it comes from
outside: the bert-base-uncased WordPiece vocabulary that the local model keeps
(``embeddings/assets/vocab.txt``) lists its whole words in the order of their
frequency in the corpus it was built from, the ordering model2vec's SIF weighting
of that model already relies on. A word among its first ``COMMON_ROWS`` rows
("time", "name", "keep", "process", "speed", "test") is common; a
rarer one, or one the vocabulary only has in pieces ("oban", "malloc", "grpc"),
is specific.

Only the first ``COMMON_ROWS`` lines of ``vocab.txt`` are parsed, once per process, through
the package loader (so it works from the zipapp) and without importing the embedding package,
so keyword mode pays a fraction of a millisecond. A build without the asset calls every word
specific, which is what recall did before this module.
"""

from __future__ import annotations

from functools import lru_cache

ASSET = ("embeddings", "assets", "vocab.txt")      # beside this module
# Rows 0–~1000 are characters and sub-word pieces, so this is about the 1500 most
# frequent whole words (in Wikipedia and books): "speed" (row 2180) is common,
# "secrets" (2598), "functions" (2856) and "file" (4374) are not.
COMMON_ROWS = 2500


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """The tokens of the vocabulary's first COMMON_ROWS rows (empty without the asset)."""
    from aegis import package_data
    try:
        data = package_data.read(__file__, *ASSET)
    except OSError:
        return frozenset()
    end = -1
    for _ in range(COMMON_ROWS):
        end = data.find(b"\n", end + 1)
        if end < 0:
            end = len(data)
            break
    return frozenset(data[:end].decode("utf-8", "replace").split("\n"))


@lru_cache(maxsize=1024)
def is_common(word: str) -> bool:
    """Whether ``word``, or its singular ("names" for "name"), is one of the most frequent
    English words (see the module docstring)."""
    common = _common()
    if word in common:
        return True
    if word.endswith("s") and len(word) > 3:
        return word[:-1] in common or (word.endswith("es") and word[:-2] in common)
    return False
