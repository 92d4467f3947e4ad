"""Fuzzy candidates: the keys under which words a typo or two apart meet.

- :func:`deletions`: a word and every string one letter shorter. Two words one edit apart
  (a letter added, dropped or changed, or two neighbours swapped) share one.
- :func:`chunk_keys` / :func:`query_chunk_keys`: a word's three thirds with their place. Two
  edits cannot touch all three thirds, so a word two edits from another keeps one of its
  thirds intact, at most two letters from where it was (the pigeonhole principle): two-edit
  candidates without indexing every two-letter deletion.

The index stores these keys for its words (:mod:`glossary.index`); the lookup computes them
for the query's words and measures the candidates with rapidfuzz (:mod:`glossary.lookup`).
"""
from __future__ import annotations

import re

#: Words (and Latin keys) shorter than this get no fuzzy candidates (one edit changes them too much).
FUZZY_MIN = 3
#: Words shorter than this have no thirds (two edits in fewer letters leave too little to go by).
THIRDS_MIN = 6
_DOUBLE = re.compile(r"(.)\1+")


def deletions(word: str) -> set[str]:
    """The word and every string one letter shorter: two words share one when they are one
    edit apart (a letter added, dropped or changed, or two neighbours swapped).

    >>> sorted(deletions("raketa"))
    ['aketa', 'raeta', 'rakea', 'raket', 'raketa', 'rakta', 'rketa']
    >>> deletions("serdukov") & deletions("serdiukov"), bool(deletions("biaspkea") & deletions("biaspeka"))
    ({'serdukov'}, True)

    A letter dropped between two equal ones leaves them single, as Latin keys are
    (buSuZuzu → buSuzu, not buSuuzu).
    """
    if _DOUBLE.search(word):
        return {word} | {_DOUBLE.sub(r"\1", word[:i] + word[i + 1:]) for i in range(len(word))}
    out = {word}
    for i in range(len(word)):  # (without the regular expression: the index builds faster)
        if 0 < i < len(word) - 1 and word[i - 1] == word[i + 1]:
            out.add(word[:i] + word[i + 2:])  # the two equal letters made one
        else:
            out.add(word[:i] + word[i + 1:])
    return out


def _thirds(length: int) -> tuple[int, int, int, int]:
    return 0, length // 3, length - length // 3, length


def chunk_keys(word: str) -> list[str]:
    """The keys of a word's three thirds: its length, which third, and the letters.

    >>> chunk_keys("гиперзвук")
    ['9:0:гип', '9:1:ерз', '9:2:вук']
    """
    if len(word) < THIRDS_MIN:
        return []
    bounds = _thirds(len(word))
    return [f"{len(word)}:{i}:{word[bounds[i]:bounds[i + 1]]}" for i in range(3)]


def query_chunk_keys(query: str, edits: int = 2) -> set[str]:
    """The chunk keys of every indexed word at most ``edits`` edits (letters inserted, dropped
    or changed) from ``query``: one of its thirds is intact, shifted by the edits before it.

    >>> thirds = set(chunk_keys("гиперзвук"))
    >>> [bool(thirds & query_chunk_keys(typo)) for typo in ("гипрзвукк", "гаперзвак", "гиперзву", "гапкрзвак")]
    [True, True, True, False]
    """
    out = set()
    n = len(query)
    for length in range(max(THIRDS_MIN, n - edits), n + edits + 1):
        bounds = _thirds(length)
        for i in range(3):
            for shift in range(-edits, edits + 1):
                # edits before the third shift it; those after it make up the rest of the difference
                if (i == 0 and shift) or (i == 2 and shift != n - length) or abs(shift) + abs(n - length - shift) > edits:
                    continue
                start, end = bounds[i] + shift, bounds[i + 1] + shift
                if 0 <= start and end <= n:
                    out.add(f"{length}:{i}:{query[start:end]}")
    return out
