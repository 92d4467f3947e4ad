"""Term recognition in running text: every occurrence of every concept, inflected forms included.

The terms of one language are compiled once per (base, language) into a token trie: a dict from
the first word's keys to the keys of the following words, with the terms at the ends. A word's
keys are its folded spelling plus its word-form keys (``word_keys``: lemmas or stems), so
``гиперзвуковых ракет`` reaches ``гиперзвуковая ракета``. Scanning walks the trie from each token
of the text (linear in the text; keys are computed once per distinct word), collects every
candidate, then keeps the longest non-overlapping matches first (more words, then more
characters, then leftmost). A word that cannot be part of a match is not analysed (scanprefilter),
and a word spelled as a term's word keeps the keys the build gave it. Rules:

- case-sensitive terms (acronyms) must agree in letter case: ``ОДКБ`` does not match ``одкб``;
  an agglutinative suffix after the acronym is allowed (``ЖККУнун``);
- a term text with a parenthesised part also matches without it, and a parenthesised word in
  the middle of a term is also an alternative to the word before it (``Модельное (типовое)
  соглашение`` matches ``модельное соглашение`` and ``типовое соглашение``);
- hyphens, dashes, quotes, brackets and single line breaks between words are ignored; other
  punctuation (``.``, ``,``, ``;`` ...) and blank lines end a match unless the term has it too;
- the plural ``forms`` of a term in the base are matched as well;
- English words differing from the term by more than a plural or possessive ending do not
  match, even when their Snowball stems agree (organs ≁ organization, trains ≁ training);
- ``via`` is ``exact`` when every word is spelled as in the base (up to case, ё/е, dashes),
  ``forms`` when a word form (a lemma, a stem or a listed form) made the match.

>>> from glossary.model import Concept, Term
>>> from glossary.termbase import TermBase
>>> base = TermBase("x", [Concept("hypersonic-missile", "weapons", terms={
...     "ru": [Term("гиперзвуковая ракета", "ru")], "en": [Term("hypersonic missile", "en")]}),
...     Concept("csto", "organization", terms={"ru": [Term("ОДКБ", "ru", type="acronym", case_sensitive=True)]})])
>>> [(o.concept, o.text, o.start, o.line, o.via) for o in scan(base, "ОДКБ и одкб:\\nпуск гиперзвуковых ракет", "ru")]
[('csto', 'ОДКБ', 0, 1, 'exact'), ('hypersonic-missile', 'гиперзвуковых ракет', 18, 2, 'forms')]
>>> scan(base, "пуск гиперзвуковой ракеты", "ru")[0].translations
{'en': 'hypersonic missile'}
"""
from __future__ import annotations

import bisect
import itertools
import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .model import STATUSES, Term, base_language, check_language
from .perf import without_cyclic_gc
from .text.morphology import MIN_STEM, _snowball, word_keys
from .scanprefilter import _en_plain, prefilter
from .text.normalise import WORD_PATTERN, tokens, word_fold

if TYPE_CHECKING:
    from .termbase import TermBase

#: Characters that may stand between the words of a term in running text.
_SOFT_GAP = frozenset(" \t\r\n\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
                      "\"'«»„“”‘’‚‛ʼ`()[]")
_BLANK_LINE = re.compile(r"\n[ \t\r\u00a0]*\n")
_PARENS = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")
_POSSESSIVE = re.compile(r"^(.+?)['’ʼ]s?$")
_END = ""  # the trie key under which a node keeps the terms that end there (no word key is empty)
_MAX_PATHS = 64  # key combinations inserted per term variant (words with several lemmas)
_STATUS_RANK = {s: i for i, s in enumerate(STATUSES)}


@dataclass
class Occurrence:
    """One occurrence of a concept's term in a text (offsets are Python string indices)."""

    concept: str
    lang: str
    term: Term
    text: str
    start: int
    end: int
    line: int
    via: str
    translations: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.term.status

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a match."""
        return {"concept": self.concept, "lang": self.lang, "term": self.term.text, "text": self.text,
                "start": self.start, "end": self.end, "line": self.line, "via": self.via,
                "status": self.term.status, "type": self.term.type, "translations": dict(self.translations)}


@dataclass(slots=True)
class _Entry:
    """A term variant at the end of a trie path."""

    term: Term
    folded: tuple[str, ...]
    surfaces: tuple[str, ...]
    gaps: tuple[frozenset, ...]  # punctuation the term itself has between word k and k+1


@dataclass(slots=True)
class Hit:
    """A candidate match: tokens [first, last) of a text, characters [start, end)."""

    first: int
    last: int
    start: int
    end: int
    entry: _Entry
    exact: bool
    order: tuple[bool, int] = (True, 9)  # lower is better among hits of one concept on one span

    def __post_init__(self) -> None:
        self.order = (not self.exact, _STATUS_RANK.get(self.entry.term.status, 9))

    @property
    def term(self) -> Term:
        return self.entry.term

    def rank(self) -> tuple[bool, int]:
        """Lower is better among hits of one concept on one span: exact first, then by status."""
        return self.order


def term_variants(text: str) -> list[str]:
    """The spellings a term text stands for: as written, without parenthesised parts, and with a
    parenthesised word in the middle replacing the word before it.

    >>> term_variants("Модельное (типовое) соглашение")
    ['Модельное (типовое) соглашение', 'Модельное соглашение', 'типовое соглашение']
    >>> term_variants("Collective Security Treaty Organization (CSTO)")
    ['Collective Security Treaty Organization (CSTO)', 'Collective Security Treaty Organization']
    """
    out = [text]
    if not _PARENS.search(text):
        return out
    dropped = _PARENS.sub(" ", text).strip()
    if dropped:
        out.append(dropped)
    match = _PARENS.search(text)
    assert match is not None
    before, inner, after = text[: match.start()], match.group(1).strip(), text[match.end():]
    words_before, words_inner = before.split(), inner.split()
    if after.strip() and words_inner and len(words_before) >= len(words_inner):
        swapped = " ".join(words_before[: len(words_before) - len(words_inner)] + words_inner + [after.strip()])
        out.append(_PARENS.sub(" ", swapped).strip())
    return list(dict.fromkeys(v for v in out if tokens(v)))


def _gap_marks(gap: str) -> frozenset:
    return frozenset(ch for ch in gap if ch not in _SOFT_GAP and not ch.isspace())


class Scanner:
    """The compiled terms of one language of a base; reusable for many texts.

    >>> from glossary.model import Concept
    >>> s = Scanner([Concept("spy", "security", terms={"en": [Term("spy", "en")]})], "en")
    >>> [(h.start, h.end) for h in s.hits("Two spies, one spy.")]
    [(4, 9), (15, 18)]
    """

    def __init__(self, concepts: Iterable[Any], lang: str):
        self.lang = lang
        self.concepts: dict[str, Any] = {}
        self.root: dict[str, Any] = {}
        self._keys: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, tuple[tuple[str, ...], list[dict]]] = {}  # filled by scans, after the build
        self.size = 0
        self.english = base_language(lang) == "en" and "-" not in lang
        self._prefilter: Callable[[str], tuple[str, ...] | None] | None = None  # set by the first scan
        self._trie_keys: set[str] = set()  # every key of the trie, for the prefilter
        self._term_words: dict[str, tuple[str, ...]] = {}  # folded word of a term -> its keys
        for concept in concepts:
            self.concepts[concept.id] = concept
            for term in concept.terms.get(lang, ()):
                self._add_term(term)

    def keys(self, word: str, folded: str | None = None) -> tuple[str, ...]:
        """The keys of one word: folded spelling, word-form keys, and for English the word
        without a possessive ending (``CSTO’s`` → ``csto``) and the stem of a short word."""
        cached = self._keys.get(word)
        if cached is None:
            folded = word_fold(word) if folded is None else folded
            keys = [folded, *word_keys(folded, self.lang)]  # word_keys folds first: same keys
            if self.lang.startswith("en"):
                match = _POSSESSIVE.match(word)
                if match:
                    keys += [word_fold(match.group(1)), *word_keys(match.group(1), self.lang)]
                if len(keys[0]) <= MIN_STEM and keys[0].isalpha():
                    # word_keys keeps short words whole; stem them too so that spy ~ spies.
                    keys.append(_snowball("english").stemWord(keys[0]))
            cached = self._keys[word] = tuple(dict.fromkeys(keys))
        return cached

    def _add_term(self, term: Term) -> None:
        spellings = term_variants(term.text) + [form for f in term.forms.values() for form in term_variants(f)]
        seen: set[tuple[str, ...]] = set()
        for spelling in spellings:
            toks = tokens(spelling)
            folded = tuple(word_fold(t.text) for t in toks)
            if not toks or folded in seen:
                continue
            seen.add(folded)
            gaps = tuple(_gap_marks(spelling[a.end:b.start]) for a, b in zip(toks, toks[1:]))
            entry = _Entry(term, folded, tuple(t.text for t in toks), gaps)
            keys = [self.keys(t.text, f) for t, f in zip(toks, folded)]
            self._term_words.update(zip(folded, keys))  # (in English keys depend on more than the folded word)
            for path in itertools.islice(itertools.product(*keys), _MAX_PATHS):
                node = self.root
                for key in path:
                    node = node.setdefault(key, {})
                    self._trie_keys.add(key)
                ends = node.setdefault(_END, [])
                if not any(e.term is term and e.folded == folded for e in ends):
                    ends.append(entry)
            self.size += 1

    def hits(self, text: str, offset: int = 0) -> list[Hit]:
        """Every candidate match in ``text`` (overlaps included), offsets shifted by ``offset``."""
        out: list[Hit] = []
        with without_cyclic_gc():
            for chunk_start, chunk in _chunks(text):
                out += self._chunk_hits(chunk, offset + chunk_start)
        return out

    def _chunk_hits(self, text: str, offset: int) -> list[Hit]:
        toks = list(WORD_PATTERN.finditer(text))  # what normalise.tokens() finds, without a Token per word
        known, learn = self._words, self._learn
        words = [known.get(w) or learn(w) for w in map(re.Match.group, toks)]  # (keys, trie nodes below the root)
        keys = [w[0] for w in words]
        out: list[Hit] = []
        n = len(toks)
        for i in range(n):
            states = words[i][1]
            j = i
            while states:
                seen: set[int] = set()
                for state in states:
                    for entry in state.get(_END, ()):
                        if id(entry) not in seen:
                            seen.add(id(entry))
                            hit = self._verify(text, toks, keys, i, j + 1, entry)
                            if hit is not None:
                                hit.start += offset
                                hit.end += offset
                                out.append(hit)
                j += 1
                if j >= n:
                    break
                next_keys = keys[j]
                states = _unique([child for state in states for k in next_keys
                                  if (child := state.get(k)) is not None])
        return out

    def _learn(self, word: str) -> tuple[tuple[str, ...], list[dict]]:
        """A word's keys (only those that can matter, when _known_keys tells them) and the trie
        nodes they lead to from the root (cached per distinct word)."""
        folded = word_fold(word)
        keys = None if self.lang.startswith("en") else self._term_words.get(folded)  # a term's word: from the build
        if keys is None:
            known = self._known_keys(folded)
            keys = self.keys(word, folded) if known is None else (folded, *known)
        found = self._words[word] = (keys, _unique([c for k in keys if (c := self.root.get(k)) is not None]))
        return found

    def _known_keys(self, folded: str) -> tuple[str, ...] | None:
        """The keys of a (folded) word that can play a part in a match when the prefilter tells
        them without analysing the word (scanprefilter.prefilter); None: it must be analysed."""
        if self._prefilter is None:
            self._prefilter = prefilter(self)
        return self._prefilter(folded)

    def _verify(self, text: str, toks: list, keys: list, first: int, last: int, entry: _Entry) -> Hit | None:
        span = toks[first:last]  # re.Match objects of the tokeniser
        for k in range(len(span) - 1):
            gap = text[span[k].end():span[k + 1].start()]
            if gap != " ":
                marks = _gap_marks(gap)
                if marks and not marks <= entry.gaps[k]:
                    return None
        if entry.term.case_sensitive and not all(_case_agrees(t.group(), s) for t, s in zip(span, entry.surfaces)):
            return None
        folded = [keys[i][0] for i in range(first, last)]  # a word's first key is its folded spelling
        exact = tuple(folded) == entry.folded
        if not exact and self.english and not all(_en_plain(a) == _en_plain(b) for a, b in zip(folded, entry.folded)):
            return None
        return Hit(first, last, span[0].start(), span[-1].end(), entry, exact)

    def select(self, hits: list[Hit]) -> list[list[Hit]]:
        """The longest non-overlapping spans first; per span the best hit of each concept."""
        by_span: dict[tuple[int, int], dict[str, Hit]] = {}
        for hit in hits:
            per_concept = by_span.setdefault((hit.start, hit.end), {})
            best = per_concept.get(hit.entry.term.concept)
            if best is None or hit.order < best.order:
                per_concept[hit.entry.term.concept] = hit
        if not by_span:
            return []
        low = min(start for start, _ in by_span)
        taken = bytearray(max(end for _, end in by_span) - low)  # one byte per character: linear
        chosen: list[tuple[int, int]] = []
        # one span is one run of tokens, so every hit on it has the same number of words
        order = sorted(by_span.items(), key=lambda item: (-_words(item[1]), item[0][0] - item[0][1], item[0][0]))
        for (start, end), _ in order:
            if taken.find(1, start - low, end - low) != -1:
                continue
            taken[start - low:end - low] = b"\x01" * (end - start)
            chosen.append((start, end))
        chosen.sort()
        return [sorted(by_span[s].values(), key=lambda h: (h.order, h.entry.term.concept)) for s in chosen]


def _words(per_concept: dict[str, Hit]) -> int:
    hit = next(iter(per_concept.values()))
    return hit.last - hit.first


def _unique(states: list[dict]) -> list[dict]:
    if len(states) < 2:
        return states
    seen: dict[int, dict] = {}
    for state in states:
        seen.setdefault(id(state), state)
    return list(seen.values())


def _case_agrees(word: str, term_word: str) -> bool:
    """Letter case agrees where both words have letters (a suffix after the term word is free);
    a word in capitals also stands for a capitalised one (headlines: ВЫБОРНЫЙ ~ Выборный).

    >>> _case_agrees("ОДКБ", "ОДКБ"), _case_agrees("одкб", "ОДКБ"), _case_agrees("ЖККУнун", "ЖККУ")
    (True, False, True)
    >>> _case_agrees("ВЫБОРНЫЙ", "Выборный"), _case_agrees("выборный", "Выборный"), _case_agrees("Odkb", "ODKB")
    (True, False, False)
    """
    if word.isupper() and term_word[:1].isupper():
        return True
    for a, b in zip(word, term_word):
        if a.isalpha() and b.isalpha() and a.isupper() != b.isupper():
            return False
    return True


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs (no match crosses a blank line), with their offsets; nothing is dropped."""
    start = 0
    for match in _BLANK_LINE.finditer(text):
        yield start, text[start:match.start()]
        start = match.end()
    yield start, text[start:]


class LineIndex:
    """1-based line numbers of string offsets.

    >>> LineIndex("a\\nb\\nc").line(4)
    3
    """

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


_SCANNERS: "weakref.WeakKeyDictionary[Any, dict[str, tuple[tuple[int, int], Scanner]]]" = weakref.WeakKeyDictionary()


def _fingerprint(base: "TermBase") -> tuple[int, int]:
    concepts = getattr(base, "_by_id", None)
    if isinstance(concepts, dict):
        return len(concepts), sum(map(id, concepts.values()))
    return len(base), 0


def scanner(base: "TermBase", lang: str) -> Scanner:
    """The compiled scanner of ``lang`` for ``base``, built once and cached with the base (it is
    rebuilt when concepts are added or replaced)."""
    lang = check_language(lang)
    cache = _SCANNERS.setdefault(base, {})
    fingerprint = _fingerprint(base)
    cached = cache.get(lang)
    if cached is None or cached[0] != fingerprint:
        cached = cache[lang] = (fingerprint, Scanner(base.concepts(), lang))
    return cached[1]


def translations(concept: Any, lang: str, to: Iterable[str] | None) -> dict[str, str]:
    """The preferred term of the concept in each ``to`` language (default: every other one)."""
    langs = list(to) if to else [l for l in concept.terms if l != lang]
    out = {}
    for other in langs:
        term = concept.preferred(other)
        if term is not None:
            out[other] = term.text
    return out


def occurrences(scan_: Scanner, text: str, to: Iterable[str] | None = None, offset: int = 0,
                lines: LineIndex | None = None) -> list[Occurrence]:
    """The selected matches of ``text`` as Occurrence objects."""
    lines = lines or LineIndex(text)
    to = [check_language(l) for l in to] if to else None
    out = []
    known: dict[str, dict[str, str]] = {}
    with without_cyclic_gc():
        for group in scan_.select(scan_.hits(text, offset)):
            for hit in group:
                concept = scan_.concepts[hit.term.concept]
                if concept.id not in known:
                    known[concept.id] = translations(concept, scan_.lang, to)
                out.append(Occurrence(concept.id, scan_.lang, hit.term, text[hit.start - offset:hit.end - offset],
                                      hit.start, hit.end, lines.line(hit.start - offset),
                                      "exact" if hit.exact else "forms", dict(known[concept.id])))
    return out


def scan(base: "TermBase", text: str, lang: str, to: Iterable[str] | None = None,
         statuses: Iterable[str] | None = None, **options: Any) -> list[Occurrence]:
    """Every occurrence of every concept of ``base`` in ``text`` (in ``lang``), in text order.

    ``to`` limits the translations shown; ``statuses`` keeps only terms of those statuses.
    """
    if options:
        raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
    found = occurrences(scanner(base, lang), text, to)
    if statuses is not None:
        keep = set(statuses)
        found = [o for o in found if o.term.status in keep]
    return found


def name_word(base: "TermBase", lang: str, target_lang: str, word: str) -> tuple[str, str] | None:
    """(concept, aligned target word) when ``word`` is a form of one word of a name in ``lang``
    whose target name has as many words (``Выборного`` → ``Vyborny`` of Анатолий Выборный)."""
    index = _name_index(base, lang, target_lang)
    sc = scanner(base, lang)
    for key in sc.keys(word):
        found = index.get(key)
        if found:
            return found
    return None


_NAME_INDEXES: dict[tuple[int, str, str], tuple[Any, dict[str, tuple[str, str]]]] = {}


def _name_index(base: "TermBase", lang: str, target_lang: str) -> dict[str, tuple[str, str]]:
    sc = scanner(base, lang)
    key = (id(base), lang, target_lang)
    cached = _NAME_INDEXES.get(key)
    if cached is not None and cached[0] is sc:
        return cached[1]
    index: dict[str, tuple[str, str]] = {}
    ambiguous: set[str] = set()
    for concept in sc.concepts.values():
        target_term = concept.preferred(target_lang)
        if target_term is None:
            continue
        target_words = [t.text for t in tokens(target_term.text)]
        for term in concept.terms.get(lang, []):
            if term.translate and concept.domain != "people":
                continue  # word-by-word alignment holds for personal names only
            words = tokens(term.text)
            if len(words) != len(target_words) or len(words) < 2:
                continue
            for word, target_word in zip(words, target_words):
                for k in sc.keys(word.text):
                    if k in index and index[k] != (concept.id, target_word):
                        ambiguous.add(k)
                    index.setdefault(k, (concept.id, target_word))
    for k in ambiguous:
        index.pop(k, None)
    if len(_NAME_INDEXES) > 32:
        _NAME_INDEXES.clear()
    _NAME_INDEXES[key] = (sc, index)
    return index
