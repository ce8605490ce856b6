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
is specific. Numbers are read the same way: the small ones and recent years ("3", "30",
"2010") are as common as any everyday word, "429" or "8080" are not.

Those words ship as their own small asset (``embeddings/assets/common_words.txt``, the
alphabetic whole words and numbers of the vocabulary's first ``COMMON_ROWS`` rows, one a
line), read
once per process through the package loader so it works from the zipapp: inflating and
splitting all of ``vocab.txt`` cost a keyword-mode hook 2–3 ms, this file a tenth of that.
``python -m aegis.commonness`` rewrites it from ``vocab.txt``; a unit test checks they
agree. A build without it calls every word specific, which is what recall did before.
"""

from __future__ import annotations

from functools import lru_cache

VOCABULARY = ("embeddings", "assets", "vocab.txt")          # beside this module
ASSET = ("embeddings", "assets", "common_words.txt")
# Rows 0–~1000 are characters and sub-word pieces, so this is about the 1500 most
# frequent whole words (in Wikipedia and books): "speed" (row 2180) is common,
# "secrets" (2598), "functions" (2856) and "file" (4374) are not.
COMMON_ROWS = 2500


def derive(vocabulary: str) -> str:
    """The asset's text: the alphabetic whole words and the numbers of the first
    COMMON_ROWS rows."""
    rows = vocabulary.split("\n")[:COMMON_ROWS]
    return "".join(f"{row}\n" for row in rows
                   if row.isascii() and (row.isalpha() or row.isdigit()))


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """The common words (empty without the asset)."""
    from aegis import package_data
    try:
        return frozenset(package_data.read(__file__, *ASSET).decode("ascii").split())
    except (OSError, UnicodeDecodeError):
        return frozenset()


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


def main() -> int:
    """Rewrite the bundled common_words.txt from the bundled vocab.txt."""
    import os
    here = os.path.dirname(__file__)
    with open(os.path.join(here, *VOCABULARY), encoding="utf-8") as source:
        text = derive(source.read())
    with open(os.path.join(here, *ASSET), "w", encoding="ascii") as target:
        target.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
