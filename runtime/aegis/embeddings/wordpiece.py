"""BERT's uncased WordPiece tokenizer in pure Python.

Matches the Hugging Face ``BertNormalizer`` + ``BertPreTokenizer`` + ``WordPiece``
pipeline that all-MiniLM-L6-v2 uses: control characters dropped, CJK characters
split apart, lowercased, accents stripped (NFD minus combining marks), split on
whitespace and punctuation, then greedy longest-match-first word pieces
(``##`` continuation prefix); a word with no segmentation becomes ``[UNK]``.

Only ids are produced (no special tokens): a static model mean-pools token rows.
ASCII text takes a regex fast path; anything else goes through the full rules.
"""

from __future__ import annotations

import re
import unicodedata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Mapping

MAX_WORD_CHARS = 100
CACHE_LIMIT = 50_000

_ASCII_PIECES = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")   # words | ASCII punctuation


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char) in ("Cc", "Cf")


def pre_tokenize(text: str) -> list[str]:
    """Normalized words and punctuation marks, in order."""
    if text.isascii():
        return _ASCII_PIECES.findall(text.lower())
    out: list[str] = []
    word: list[str] = []

    def flush() -> None:
        if word:
            out.append("".join(word))
            word.clear()

    text = unicodedata.normalize("NFD", text.lower())
    for char in text:
        cp = ord(char)
        if cp == 0 or cp == 0xFFFD or _is_control(char):
            continue
        if unicodedata.category(char) == "Mn":
            continue
        if char.isspace() or unicodedata.category(char) == "Zs":
            flush()
        elif _is_cjk(cp) or _is_punctuation(char):
            flush()
            out.append(char)
        else:
            word.append(char)
    flush()
    return out


class WordPiece:
    """Maps text to vocabulary ids; results per word are cached."""

    def __init__(self, vocab: Mapping[str, int], unk_token: str = "[UNK]"):
        """``vocab``: token -> id; only its ``get`` is used (a dict, or the bundled
        model's ``aegis.embeddings.vocab_index.VocabIndex``)."""
        self.vocab = vocab
        self.unk_id = vocab.get(unk_token)
        self._cache: dict[str, tuple[int, ...]] = {}

    def word_ids(self, word: str) -> tuple[int, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        ids = self._segment(word)
        if len(self._cache) < CACHE_LIMIT:
            self._cache[word] = ids
        return ids

    def _segment(self, word: str) -> tuple[int, ...]:
        unk = () if self.unk_id is None else (self.unk_id,)
        if len(word) > MAX_WORD_CHARS:
            return unk
        vocab = self.vocab
        whole = vocab.get(word)
        if whole is not None:
            return (whole,)
        ids: list[int] = []
        start, length = 0, len(word)
        while start < length:
            end = length
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return unk
            ids.append(found)
            start = end
        return tuple(ids)

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text`` without special tokens."""
        ids: list[int] = []
        for word in pre_tokenize(text):
            ids.extend(self.word_ids(word))
        return ids
