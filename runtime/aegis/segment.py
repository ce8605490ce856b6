"""Search terms for what a word tokenizer cannot split: text written without spaces
between words (Chinese, Japanese, Thai, …) and emoji.

Both full-text indexes see a run of such characters as one token: SQLite's
``unicode61`` keeps "日本語のテキスト" whole and drops emoji as punctuation; AegisDB
keeps any non-ASCII run whole. So a part of the run ("日本語", "テキスト") or an emoji
("🚀") matched nothing. ``split`` gives such text terms of its own, the same for a
memory (indexed beside its text) and for a query:

* a run of these scripts becomes its overlapping character bigrams ("日本", "本語",
  "語の", …), and for a memory also its single characters, so that a one-character
  query ("猫") is found. A run is NFKC-normalized first (half-width katakana are
  full-width ones) and loses its combining marks (Thai vowel and tone marks, which
  ``unicode61`` treats as separators);
* each emoji is a term of its own, spelt ``emoji<hex code point>`` (a token both
  indexes keep, and that no word of a query spells by chance).

In a query, a bigram of hiragana only ("する", "して") is a piece of grammar, left out
when the run has any other bigram; so is a lone hiragana character (a particle).
Latin text is untouched: ``split`` is only called for text that has such characters.
"""

from __future__ import annotations

from aegis import fastre

# Han, kana, Hangul, and the Southeast Asian scripts written without spaces (Thai, Lao,
# Myanmar, Khmer), their combining marks included so that a run is not cut at one.
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3005-\u3007"
             "\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
             "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
# pictographs and symbols (skin-tone modifiers, which only colour the one before, apart)
_EMOJI = "\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001f3fa\U0001f400-\U0001faff"
SPECIAL = fastre.compile(f"[{_UNSPACED}{_EMOJI}]")
_RUN = fastre.compile(f"([{_EMOJI}])|[{_UNSPACED}]+")
_HIRAGANA = fastre.compile("[\u3040-\u309f]+")
EMOJI_PREFIX = "emoji"
_EMOJI_TERM = fastre.compile(EMOJI_PREFIX + "[0-9a-f]{4,5}")


def split(text: str, query: bool = False) -> tuple[str, list[str]]:
    """``text`` with every run of unspaced script and every emoji replaced by a space,
    and the terms those make (in order, repeats kept). ``query`` leaves out the
    single characters and the grammar a query's other bigrams make redundant."""
    terms: list[str] = []

    def blank(match) -> str:
        emoji = match.group(1)
        terms.extend([f"{EMOJI_PREFIX}{ord(emoji):x}"] if emoji
                     else _run_terms(match.group(), query))
        return " "

    return _RUN.sub(blank, text), terms


def _run_terms(run: str, query: bool) -> list[str]:
    import unicodedata
    chars = [c for c in unicodedata.normalize("NFKC", run)
             if not unicodedata.category(c).startswith("M")]
    if len(chars) < 2:                  # a lone particle says nothing in a query
        return [] if query and chars and _HIRAGANA.fullmatch(chars[0]) else chars
    bigrams = [a + b for a, b in zip(chars, chars[1:])]
    if not query:
        return bigrams + chars
    content = [pair for pair in bigrams if not _HIRAGANA.fullmatch(pair)]
    return content or bigrams


def made(word: str) -> bool:
    """Whether ``word`` is a term ``split`` makes (a bigram, a character, an emoji's)."""
    return bool(SPECIAL.match(word) or _EMOJI_TERM.fullmatch(word))
