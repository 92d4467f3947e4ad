"""The scanner's prefilter: which keys of the term trie a text word can have, told without
analysing the word, so that pymorphy3 (or Snowball) runs only on the few words that may match.
A scan needs a text word's keys (its folded spelling and ``word_keys``) only where they are keys
of the trie (:func:`prefilter` is what the scanner asks).

English: a match by word form needs each word's plain form (no plural or possessive ending,
:func:`_en_plain`) to be a term word's, so the other words need no analysis.

Russian: :meth:`RussianKeyFilter.lookup` follows what pymorphy3 does with a lower-case Russian
word without hyphens, with cheap dictionary look-ups in place of the analysis:

- a dictionary word has only its dictionary readings (that unit is terminal): their normal forms
  are built directly, so suppletive and alternating forms are just readings (``людьми`` →
  ``человек``, ``шедший`` → ``идти``, ``отца`` → ``отец``, ``лучшего`` → ``хороший``); when one
  of them is a key and the word has at most four, it is the answer and no analysis is needed;
- an unknown word may be read (a) by analogy with the endings of known words: lemma = normal
  prefix + stem + normal ending, the stem being the word without a paradigm prefix and a form
  ending of at most ``max_suffix_length`` letters (guaranteed by the dictionary's compilation),
  so some such cut of the word must be a key's stem, with an ending of the same paradigm;
  (b) as 1-5 letters + a dictionary word (lemma = the letters + that word's lemma); (c) as a known
  prefix + a word read recursively (``гипер`` + ...), against the keys that begin with the prefix.

``()`` is a proof that no key of ``word_keys(word, "ru")`` other than the word itself is among
the keys; a tuple of keys is exactly those of its keys that are, in order; None leaves the word
to the full analysis (which may still find nothing). When pymorphy3's analyzer is not laid out
as this module expects (other units, other substitutions, other limits), :func:`russian_filter`
returns None and every word is analysed. tests/test_scanprefilter.py checks the answers against
``word_keys`` itself on many words (forms, suppletive forms, prefixed and unknown words).

>>> f = russian_filter({"ракета", "человек", "идти", "гиперзвуковой", "отец"}, warmup=0)
>>> [(w, f.lookup(w)) for w in ["ракетами", "людьми", "шедшего", "отца", "людоед", "ракетный"]]
[('ракетами', ('ракета',)), ('людьми', ('человек',)), ('шедшего', ('идти',)), ('отца', ('отец',)), ('людоед', ()), ('ракетный', ())]
>>> f.lookup("бутявками"), f.lookup("Ракета"), f.lookup("ракета")  # unknown; not folded; no key but itself
((), None, ())
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any, Callable, Iterable

from .model import base_language
from .text.morphology import MIN_STEM, russian_analyzer
from .text.normalise import word_fold

#: The words the filter decides: lower-case Russian letters only (ё folded to е), so that the
#: folded spelling is the very string pymorphy3 analyses. Other words are always analysed.
DOMAIN = re.compile("[а-я]+")
#: Unknown words analysed in full before the tables for them are built (see RussianKeyFilter)...
WARMUP = 256
#: ... or only this many when they are most of the words seen so far (then more are to come).
EAGER = 32
_UNITS = ("DictionaryAnalyzer", "AbbreviatedFirstNameAnalyzer", "AbbreviatedPatronymicAnalyzer",
          "NumberAnalyzer", "PunctuationAnalyzer", "RomanNumberAnalyzer", "LatinAnalyzer",
          "HyphenSeparatedParticleAnalyzer", "HyphenAdverbAnalyzer", "HyphenatedWordsAnalyzer",
          "KnownPrefixAnalyzer", "UnknownPrefixAnalyzer", "KnownSuffixAnalyzer", "UnknAnalyzer")


class _Morphology:
    """What the filter needs from pymorphy3's Russian analyzer, read once per process."""

    def __init__(self, morph: Any):
        d = morph.dictionary
        known_prefix, known_suffix = morph._units[10].analyzer, morph._units[12].analyzer
        self.dictionary = d
        self.words = d.words
        self.substitutes = morph.char_substitutes
        self.paradigm_prefixes = tuple(word_fold(p) for p in d.paradigm_prefixes)
        self.max_suffix = max(known_suffix._prediction_splits)  # the longest ending looked up
        self.known_prefixes = {p for p in known_prefix.known_prefixes if "-" not in p}
        self.prefix_trie: dict[str, Any] = {}  # the known prefixes letter by letter, "" marking an end
        for prefix in self.known_prefixes:
            node = self.prefix_trie
            for ch in prefix:
                node = node.setdefault(ch, {})
            node[""] = True
        self.min_remainder = known_prefix.min_remainder_length
        self.build_normal_form = d.build_normal_form
        self.endings: list[dict[str, tuple[tuple[str, str], ...]]] = []  # filled by prepare()
        self.normal_prefixes: tuple[str, ...] = ()
        self.backwards: dict[str, Any] = {}

    def prepare(self) -> None:
        """The tables of readings by analogy (tens of milliseconds; once per process, when needed)."""
        if self.endings:
            return
        d = self.dictionary
        suffixes = [word_fold(s) for s in d.suffixes]
        short = {i for i, s in enumerate(suffixes) if len(s) <= self.max_suffix}
        # (form prefix id, form ending) -> {(normal prefix, normal ending)} over every paradigm:
        # a word read by analogy as that form has the lemma normal prefix + stem + normal ending
        endings: dict[tuple[int, str], set[tuple[str, str]]] = {}
        normal: set[tuple[str, str]] = set()
        for paradigm in d.paradigms:
            n = len(paradigm) // 3
            pair = (self.paradigm_prefixes[paradigm[2 * n]], suffixes[paradigm[0]])
            normal.add(pair)
            for suffix, prefix in set(zip(paradigm[:n], paradigm[2 * n:])):
                if suffix in short:
                    endings.setdefault((prefix, suffixes[suffix]), set()).add(pair)
        self.normal_prefixes = tuple({p for p, _ in normal})
        for suffix in {s for _, s in normal}:  # the normal endings spelled backwards, "" marking an end
            node = self.backwards
            for ch in reversed(suffix):
                node = node.setdefault(ch, {})
            node[""] = True
        tables: list[dict[str, tuple[tuple[str, str], ...]]] = [{} for _ in self.paradigm_prefixes]
        for (prefix, ending), pairs in endings.items():
            tables[prefix][ending] = tuple(pairs)
        self.endings = tables

    def normal_forms(self, word: str) -> list[str] | None:
        """The folded normal forms of the dictionary readings of ``word``; None if not in the dictionary."""
        if "е" not in word and word not in self.words:  # (ё is the only letter substituted)
            return None
        entries = self.words.similar_items(word, self.substitutes)
        if not entries:
            return None
        build = self.build_normal_form
        return [word_fold(build(para_id, idx, fixed)) for fixed, parses in entries for para_id, idx in parses]


def _layout_ok(morph: Any) -> bool:
    """pymorphy3's Russian analyzer as this module knows it: its units in this order, ё the only
    substitution, unknown-prefix splits of 1-5 letters leaving at least 3."""
    import inspect

    from pymorphy3.utils import word_splits

    try:
        names = tuple(type(u.analyzer).__name__ for u in morph._units)
        modules = {type(u.analyzer).__module__.split(".")[0] for u in morph._units}
        substitutes = {k.decode(): sorted(v for _, v in subs) for k, subs in morph.char_substitutes.items()}
        splits = inspect.signature(word_splits).parameters
        return (names == _UNITS and modules == {"pymorphy3"} and substitutes == {"е": ["ё"]}
                and morph._units[2].is_terminal and not morph._units[0].is_terminal
                and splits["max_prefix_length"].default == 5 and splits["min_reminder"].default == 3
                and morph.dictionary.meta["compile_options"]["max_suffix_length"] == 5)
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


@lru_cache(maxsize=1)
def _morphology() -> _Morphology | None:
    morph = russian_analyzer()
    return _Morphology(morph) if _layout_ok(morph) else None


class RussianKeyFilter:
    """Which keys among ``keys`` (folded word-form keys) a folded Russian word can have.

    Dictionary words are decided at once. Unknown words need tables (:meth:`_prepare`: the
    keys' stems, and pymorphy3's endings; tens of milliseconds), which pay only
    over many words: the first ``warmup`` unknown words are left to the full analysis, or the first
    :data:`EAGER` when they make up most of the words looked up (a text full of unknown words).
    """

    def __init__(self, keys: Iterable[str], morphology: _Morphology, warmup: int = 0):
        self.keys = set(keys)
        self.m = morphology
        self.warmup = warmup
        self._looked_up = self._unknown = 0
        self._sorted: list[str] | None = None
        self._subs: dict[str, RussianKeyFilter | None] = {}
        self._stems: set[str] | None = None
        self._heads: dict[str, bool] = {}  # whether some key begins so

    def lookup(self, word: str) -> tuple[str, ...] | None:
        """The keys among ``keys`` other than ``word`` itself that ``word_keys(word, "ru")`` gives, in
        its order, when they can be told without analysing ``word``: ``()`` when it gives none; None
        when the word must be analysed."""
        self._looked_up += 1
        if not DOMAIN.fullmatch(word):
            return None
        if len(word) <= MIN_STEM:
            return ()  # word_keys keeps short words whole
        keys = self.keys
        forms = self.m.normal_forms(word)
        if forms is not None:  # a dictionary word: its keys are the normal forms of its readings
            distinct = list(dict.fromkeys(forms))
            found = [f for f in distinct if f in keys and f != word]
            if not found:
                return ()
            # word_keys keeps the first four, in pymorphy3's order: alone, the one found is among them
            return (found[0],) if len(found) == 1 and len(distinct) <= 4 else None
        if self._stems is None:
            self._unknown += 1
            if self._unknown <= self.warmup and (self._unknown <= EAGER or 2 * self._unknown < self._looked_up):
                return None
            self._prepare()
        return None if self._unknown_may(word, word) else ()

    def __call__(self, word: str) -> bool:
        """False only when no word-form key of ``word`` can be among ``keys``."""
        return word in self.keys or self.lookup(word) != ()

    def _may(self, word: str, skip: str) -> bool:
        """Whether the normal form of some reading pymorphy3 gives ``word`` may be among ``keys``
        (``skip`` excepted: keys are never empty, so ``""`` excepts none)."""
        if word in self.keys and word != skip:  # shape and unknown readings keep the word itself
            return True
        forms = self.m.normal_forms(word)
        if forms is not None:
            return any(f in self.keys and f != skip for f in forms)
        if self._stems is None:
            self._prepare()
        return self._unknown_may(word, skip)

    def _unknown_may(self, word: str, skip: str) -> bool:
        return self._by_analogy(word, skip) or self._by_unknown_prefix(word, skip) or \
            self._by_known_prefix(word, skip)

    def _prepare(self) -> None:
        """The stems of the keys: each key without a normal prefix and a normal ending."""
        m = self.m
        m.prepare()
        stems: set[str] = set()
        add, backwards = stems.add, m.backwards
        for prefix in m.normal_prefixes:
            start = len(prefix)
            for key in self.keys:
                if key.startswith(prefix):
                    node, cut = backwards, len(key)
                    while True:  # the key's endings, longer and longer, while some normal ending has them
                        if "" in node:
                            add(key[start:cut])
                        cut -= 1
                        if cut < start or (node := node.get(key[cut])) is None:
                            break
        self._stems = stems

    def _by_unknown_prefix(self, word: str, skip: str) -> bool:
        """A reading as 1-5 letters + a dictionary word (lemma: the letters + its lemma)."""
        keys, m = self.keys, self.m
        words, similar, substitutes, build = m.words, m.words.similar_items, m.substitutes, m.build_normal_form
        for k in range(1, min(5, len(word) - 3) + 1):
            rest = word[k:]
            if "е" not in rest and rest not in words:  # not a dictionary word (ё is the one substitute)
                continue
            entries = similar(rest, substitutes)
            head = word[:k]
            if not entries or not self._begins_a_key(head):
                continue
            for fixed, parses in entries:
                for para_id, idx in parses:
                    lemma = head + word_fold(build(para_id, idx, fixed))
                    if lemma in keys and lemma != skip:
                        return True
        return False

    def _by_analogy(self, word: str, skip: str) -> bool:
        """A reading by analogy with known words' endings: the word is a form prefix + stem + form
        ending of at most max_suffix letters, and its lemma normal prefix + stem + normal ending."""
        m, stems, keys, n = self.m, self._stems, self.keys, len(word)
        assert stems is not None
        low = max(0, n - m.max_suffix) - 1
        for prefix, endings in zip(m.paradigm_prefixes, m.endings):
            if prefix and not word.startswith(prefix):
                continue
            start = len(prefix)
            for cut in range(n, low, -1):
                stem = word[start:cut]
                if stem in stems and (pairs := endings.get(word[cut:])) is not None:
                    for p, e in pairs:
                        if (lemma := p + stem + e) in keys and lemma != skip:
                            return True
        return False

    def _by_known_prefix(self, word: str, skip: str) -> bool:
        """A reading as a known prefix + a word read recursively (lemma: the prefix + its lemma)."""
        node, end = self.m.prefix_trie, len(word) - self.m.min_remainder
        for length, ch in enumerate(word[:end], 1):
            node = node.get(ch)
            if node is None:
                break
            if "" in node:  # word[:length] is a known prefix
                sub = self._sub(word[:length])
                if sub is not None and sub._may(word[length:], skip[length:] if skip[:length] == word[:length] else ""):
                    return True
        return False

    def _sorted_keys(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.keys)
        return self._sorted

    def _begins_a_key(self, head: str) -> bool:
        found = self._heads.get(head)
        if found is None:
            keys = self._sorted_keys()
            i = bisect.bisect_left(keys, head)
            found = self._heads[head] = i < len(keys) and keys[i].startswith(head)
        return found

    def _sub(self, prefix: str) -> "RussianKeyFilter | None":
        """The filter over the keys that begin with ``prefix``, without it (None when there are none)."""
        if prefix not in self._subs:
            keys = self._sorted_keys()
            start = bisect.bisect_left(keys, prefix)
            rest = []
            for key in keys[start:]:
                if not key.startswith(prefix):
                    break
                if len(key) > len(prefix):
                    rest.append(key[len(prefix):])
            self._subs[prefix] = RussianKeyFilter(rest, self.m, warmup=0) if rest else None
        return self._subs[prefix]


def russian_filter(keys: Iterable[str], warmup: int | None = None) -> RussianKeyFilter | None:
    """The filter over ``keys`` (folded word-form keys; ``warmup`` defaults to :data:`WARMUP`), or
    None when pymorphy3 is laid out otherwise than this module knows (every word is analysed)."""
    morphology = _morphology()
    if morphology is None:
        return None
    return RussianKeyFilter(keys, morphology, WARMUP if warmup is None else warmup)


_EN_PLURALS = (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"), ("xes", "x"), ("zes", "z"), ("s", ""))


def _en_plain(word: str) -> str:
    """An English word without plural/possessive ending. English words match by stem only when
    these agree, since Snowball stems derivations together (organs ~ organization, trains ~
    training, spies ~ spying).

    >>> _en_plain("countries"), _en_plain("forces"), _en_plain("cstos"), _en_plain("training")
    ('country', 'force', 'csto', 'training')
    """
    for suffix, replacement in _EN_PLURALS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def _analyse(folded: str) -> None:
    return None


def prefilter(scanner: Any) -> Callable[[str], tuple[str, ...] | None]:
    """What ``scanner._known_keys`` asks: the keys of a folded text word that can play a part in a
    match, when they can be told without the word's analysis, else None. In English: none when the
    word's plain form (no plural or possessive ending) is no term word's, since the scanner
    rejects such a match; in Russian: what :meth:`RussianKeyFilter.lookup` tells."""
    if scanner.english:
        plain = {_en_plain(word) for word in scanner._term_words}
        return lambda folded: () if _en_plain(folded) not in plain else None
    if base_language(scanner.lang) == "ru":
        ru = russian_filter(scanner._trie_keys)
        if ru is not None:
            return ru.lookup
    return _analyse
