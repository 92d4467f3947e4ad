"""The one normaliser and tokeniser of the project.

>>> fold("Ёлка — «ОДКБ»")
'елка - "одкб"'
>>> match_key("РХБ-защита")
'рхб защита'
>>> match_key("  Model  (typographical)  agreement ")
'model typographical agreement'
>>> [(t.text, t.start, t.end) for t in tokens("ПА ОДКБ, РХБ-защита")]
[('ПА', 0, 2), ('ОДКБ', 3, 7), ('РХБ', 9, 12), ('защита', 13, 19)]
"""
from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"), "-")
_QUOTES = {**dict.fromkeys(map(ord, "«»„“”‟″"), '"'), **dict.fromkeys(map(ord, "‘’‚‛ʼ`´′"), "'")}
_FOLD_TABLE = {**_DASHES, **_QUOTES, ord("ё"): "е", ord("Ё"): "е", 0xA0: " "}
#: combining marks (Latin, Cyrillic and generic blocks) continue a word: NFD text (й = и + U+0306, ў, ӣ, ё)
#: tokenises like NFC
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_PATTERN = re.compile(rf"\w[\w{_MARKS}]*(?:['’ʼ]\w[\w{_MARKS}]*)*")
_LEADING_MARKS = re.compile(rf"^[{_MARKS}]+")  # left alone when an apostrophe they followed is removed
_SPACES = re.compile(r"\s+")


class Token(NamedTuple):
    """A word of running text with its character offsets."""

    text: str
    start: int
    end: int


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """NFC, case fold, ё→е, one kind of dash and quote, single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE).casefold()
    # case folding may decompose (ﬁ́ → fi + U+0301, İ → i + U+0307): compose again, so fold(fold(x)) == fold(x)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)).strip()


def tokens(text: str) -> list[Token]:
    """The words of ``text``; hyphens, punctuation and spaces separate words."""
    return [Token(m.group(), m.start(), m.end()) for m in WORD_PATTERN.finditer(text)]


def match_key(text: str) -> str:
    """The exact-match key: the folded words joined by single spaces (hyphen = space)."""
    words = [word_fold(t.text) for t in tokens(text)]
    # folding may leave a mark the tokeniser does not join (a Hebrew point after a decomposed
    # presentation form): split the folded words again, so that match_key(match_key(x)) == match_key(x)
    return " ".join(word for w in words for word in (word_fold(t.text) for t in tokens(w)) if word)


def word_fold(word: str) -> str:
    """Fold one word (apostrophes unified).

    >>> word_fold("Ёлки"), word_fold("l’été")
    ('елки', 'lété')
    """
    if _PLAIN.fullmatch(word):  # the common case, quickly: the same result as below
        return word.lower().replace("ё", "е")
    return _word_fold(word)


#: Words that fold by lower() alone, ё made е: basic Latin and Russian letters and hyphens (no
#: marks, apostrophes, other dashes or special case rules).
_PLAIN = re.compile("[A-Za-zЁА-яё-]*")


def _word_fold(word: str) -> str:
    return _LEADING_MARKS.sub("", unicodedata.normalize("NFC", fold(word).replace("'", "")))
