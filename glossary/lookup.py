"""Lookup: find the concept from any language, word form, script or typo.

The query is matched against the index (:mod:`glossary.index`) in layers, and every hit says
which layer found it:

============  =====  ==========================================================================
layer         score  what matched
============  =====  ==========================================================================
exact         100    the whole term after normalisation (case, ё/е, dashes, quotes, hyphens)
form          95     one of the term's explicit ``forms`` (гиперзвуковых ракет)
form          90     the word forms of every word (гиперзвуковыми ракетами, Missiles)
translit      80     the Latin key of the whole term, or Latin-typed inflected Russian
                     (odkb → ОДКБ, giperzvukovye rakety, Vyborniy → Выборный)
form          ≤85    some of the words, by word form: 85 × matched words / max(term, query words)
translit      ≤75    the same, through Latin keys
fuzzy         ≤70    the same, with similar words standing in for a typo: 70 × the similarity
                     of each word (rapidfuzz OSA: 1 − edits / letters, a swap of neighbours
                     one edit) / max(term, query words). Candidates are words one edit away,
                     as written or as Latin keys (deletion neighbourhoods in the index), else
                     two edits away as written (two deletions meet one, or a third of the word
                     is intact); never a scan of every term
============  =====  ==========================================================================

Fuzzy candidates are sought for a query word that nothing else found and, when no whole-term
match scored 80 or more, for every word that the base does not have as written.

Then: a case-sensitive term (an acronym) that the query does not write in the same case
loses 10 (``одкб`` still finds ОДКБ, below ``ОДКБ``); an admitted term loses 1, a deprecated
or forbidden one 2 (they are found like any other, and the match names the term to use
instead). Each concept is reported once, by its best term; ties go to the stronger layer,
the better status, the text nearer the query, then the concept id.

>>> from glossary.model import Concept, Term
>>> from glossary.termbase import TermBase
>>> base = TermBase("/nonexistent", [Concept("csto", "organization", terms={
...     "en": [Term("Collective Security Treaty Organization", "en"),
...            Term("CSTO", "en", status="admitted", type="acronym", case_sensitive=True),
...            Term("ODKB", "en", status="forbidden", type="acronym", case_sensitive=True)],
...     "ru": [Term("Организация Договора о коллективной безопасности", "ru"),
...            Term("ОДКБ", "ru", status="admitted", type="acronym", case_sensitive=True)]})])
>>> [(m.concept, m.score, m.via, m.term.text) for m in lookup(base, "ОДКБ")]
[('csto', 99, 'exact', 'ОДКБ')]
>>> m = lookup(base, "ODKB")[0]
>>> m.term.status, m.replacement.text
('forbidden', 'CSTO')
>>> [(m.via, m.term.text) for m in lookup(base, "организации договора о коллективной безопасности")]
[('form', 'Организация Договора о коллективной безопасности')]
"""
from __future__ import annotations

import heapq
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from .errors import InputError
from .index import (EXACT, FORM, G_LATIN, G_WORD, LATIN, LATIN_WORD, PHRASE, V_FORM, V_LATIN, WORD, Index, Ref,
                    TermRow, key_hash)
from .indexcache import open_index
from .matches import Match, to_json
from .neighbours import FUZZY_MIN
from .model import LANGUAGES, Term, base_language, check_language, language_order
from .text.morphology import word_keys
from .text.normalise import fold, match_key, nfc, tokens, word_fold
from .text.scripts import fix_homoglyphs, foreign_letters, letter_script, script_of
from .text.translit import latin_key

if TYPE_CHECKING:
    from .termbase import TermBase

__all__ = ["LAYERS", "Match", "lookup", "to_json"]

LAYERS = ("exact", "form", "translit", "fuzzy")
MAX_QUERY = 1000
#: Scores of whole-term matches, and the top scores of word-by-word matches, by layer.
PHRASE_SCORES = {"exact": 100, "forms": 95, "form": 90, "translit": 80}
WORD_SCORES = {"form": 85, "translit": 75, "fuzzy": 70}
CASE_PENALTY = 10
STATUS_PENALTY = {"preferred": 0, "admitted": 1, "deprecated": 2, "forbidden": 2}
#: Postings read per key (over all segments), shortest terms first: the bound on work per query.
POSTINGS_CAP = 400
#: Candidates whose word-by-word score is worked out again from their own word keys.
RESCORE = 200
#: Fuzzy matching: similar words whose postings are read per query word (the nearest), and how
#: many more are looked for in the candidates that the other query words found;
#: the similarity (rapidfuzz OSA: 1 - edits / letters) a word one edit away needs, and one two
#: edits away (tried when none is one edit away, for words of FUZZY_TWO_MIN letters or more).
FUZZY_WORDS, FUZZY_HINTS = 20, 300
FUZZY_ONE_EDIT, FUZZY_TWO_EDITS, FUZZY_TWO_MIN = 0.6, 0.6, 5
#: Without a match scoring this much, every query word also gets fuzzy candidates.
FUZZY_BELOW = 80
#: The longest case ending recognised after an acronym (ОДКБ-нің, ЖККУнун).
MAX_SUFFIX = 6
_LANGS_BY_SCRIPT = {"Cyrl": ("ru", "be", "kk", "ky", "tg"), "Latn": ("en",), "Armn": ("hy",)}


@dataclass
class _Word:
    folded: str
    script: str | None
    native: set[str]  # the folded word and its word-form keys in every language it may be in
    latin: str
    translit: set[str]  # Russian lemma keys of a Latin-typed word
    by_lang: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class _Hit:
    score: float
    layer: str


def _fix_scripts(text: str) -> str:
    """Words mixing scripts get the look-alike letters of their main script (OДKБ → ОДКБ)."""
    out, last = [], 0
    for token in tokens(text):
        if script_of(token.text) == "mixed":
            counts: dict[str, int] = {}
            for ch in token.text:
                script = letter_script(ch)
                if script in ("Latn", "Cyrl", "Armn"):
                    counts[script] = counts.get(script, 0) + 1
            fixed = fix_homoglyphs(token.text, max(counts, key=lambda s: (counts[s], s == "Cyrl")))
            out += [text[last:token.start], fixed]
            last = token.end
    return "".join(out) + text[last:]


def _query_languages(word: str, script: str | None, lang: str | None) -> tuple[str, ...]:
    """The languages a query word may be in: ``lang`` if given, else those of its script whose
    alphabet has all its letters (қарулы is Kazakh, not Russian; ракета may be any).

    >>> _query_languages("қарулы", "Cyrl", None), _query_languages("ракета", "Cyrl", None)
    (('kk',), ('ru', 'be', 'kk', 'ky', 'tg'))
    """
    if lang:
        return (base_language(lang),)
    candidates = _LANGS_BY_SCRIPT.get(script or "", LANGUAGES)
    return tuple(code for code in candidates if not foreign_letters(word, code)) or candidates


def _acronym(word: str) -> str | None:
    """The acronym of an inflected acronym written solid (ЖККУнун → ЖККУ), else None."""
    i = 0
    while i < len(word) and word[i].isupper():
        i += 1
    if i >= 2 and i < len(word) and len(word) - i <= MAX_SUFFIX and word[i:].islower():
        return word[:i]
    return None


def _query_tokens(text: str) -> list[str]:
    """The query's words; a case ending hyphenated to an acronym (ОДКБ-нің, ԱԹՍ-ների) is left out."""
    words: list[str] = []
    previous = None
    for token in tokens(text):
        if (previous is not None and text[previous.end:token.start] == "-" and len(previous.text) >= 2
                and previous.text.isupper() and token.text.islower() and len(token.text) <= MAX_SUFFIX):
            previous = None
            continue
        words.append(token.text)
        previous = token
    return words


def _analyse(index: Index, text: str, lang: str | None) -> list[_Word]:
    words = []
    for token in _query_tokens(text):
        folded = word_fold(token)
        script = script_of(token)
        acronym = _acronym(token)
        by_lang = {}
        for code in _query_languages(token, script, lang):
            if code == "ru":  # inflected forms were resolved when the index was built
                keys = tuple(sorted(index.vocab(V_FORM, folded))) or (folded,)
            else:
                keys = word_keys(folded, code)
            by_lang[code] = keys + ((word_fold(acronym),) if acronym else ())
        native = {folded, *(k for keys in by_lang.values() for k in keys)}
        latin = latin_key(folded)
        translit = index.vocab(V_LATIN, latin) if script == "Latn" and lang in (None, "ru") else set()
        words.append(_Word(folded, script, native, latin, translit, by_lang))
    return words


def _ratio(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


def _closeness(query: str, term: str) -> float:
    """How close the term's text is to the query (2 × matching letters / letters): the tie-break
    between equal scores (ҷосусҳо is nearer ҷосус than ҷосусӣ). rapidfuzz once a fuzzy match has
    loaded it, else difflib, so that a cold exact lookup need not load rapidfuzz.

    >>> _closeness("ҷосусҳо", "ҷосус") > _closeness("ҷосусҳо", "ҷосусӣ")
    True
    """
    if "rapidfuzz" in sys.modules:
        return round(_ratio(query, fold(term)), 3)
    from difflib import SequenceMatcher

    return round(SequenceMatcher(None, query, fold(term), autojunk=False).ratio(), 3)


class _Search:
    """The candidates of one query and their scores.

    Postings are read capped (shortest terms first), so a term found through one word may be
    missing from the capped list of another: the word-by-word score of the likely candidates
    is therefore worked out again from each term's own word keys (stored in the index).
    """

    def __init__(self, index: Index, words: list[_Word]):
        self.index = index
        self.words = words
        self.best: dict[Ref, _Hit] = {}
        self.nwords: dict[Ref, int] = {}
        self.word_hits: dict[Ref, dict[int, tuple[float, int]]] = {}
        self.complete: set[Ref] = set()  # found through a posting list read whole (a rare word)
        #: per query word: top half of a word key's hash -> (similarity, layer rank)
        self.hashes: list[dict[int, tuple[float, int]]] = [{} for _ in words]

    def phrase(self, kind: int, keys: Iterable[str], score: float, layer: str) -> None:
        for ref, nwords in self.index.find(kind, keys, POSTINGS_CAP):
            self.nwords[ref] = nwords
            self._offer(ref, score, layer)

    def _offer(self, ref: Ref, score: float, layer: str) -> None:
        hit = self.best.get(ref)
        if hit is None or (score, -LAYERS.index(layer)) > (hit.score, -LAYERS.index(hit.layer)):
            self.best[ref] = _Hit(score, layer)

    def hint(self, i: int, kind: int, key: str, layer: str, similarity: float = 1.0) -> None:
        """Let query word ``i`` count, as ``key``, in the candidates that have ``key`` among
        their own words when they are rescored; without reading the postings of ``key``."""
        rank = LAYERS.index(layer)
        h = key_hash(kind, key) >> 32  # as the index keeps a term's word keys
        known = self.hashes[i].get(h)
        if known is None or (similarity, -rank) > (known[0], -known[1]):
            self.hashes[i][h] = (similarity, rank)

    def word(self, i: int, kind: int, key: str, layer: str, similarity: float = 1.0) -> int:
        """Query word ``i`` matches ``key``: the terms posted under it become candidates."""
        self.hint(i, kind, key, layer, similarity)
        rank = LAYERS.index(layer)
        found, complete = self.index.postings_of(kind, key, POSTINGS_CAP)
        for ref, nwords in found:
            self.nwords[ref] = nwords
            hits = self.word_hits.setdefault(ref, {})
            old = hits.get(i)
            if old is None or (similarity, -rank) > (old[0], -old[1]):
                hits[i] = (similarity, rank)
        if complete:
            self.complete.update(ref for ref, _ in found)
        return len(found)

    def _word_score(self, ref: Ref, hits: dict[int, tuple[float, int]]) -> tuple[float, str]:
        layer = LAYERS[max(rank for _, rank in hits.values())]
        covered = sum(similarity for similarity, _ in hits.values())
        return WORD_SCORES[layer] * covered / max(self.nwords[ref], len(self.words)), layer

    def rescore(self, top: int = RESCORE) -> None:
        """Count every query word in the likely candidates' own word keys."""
        preliminary = heapq.nlargest(top, self.word_hits, key=lambda r: (len(self.word_hits[r]), -self.nwords[r]))
        for ref in self.complete.union(preliminary):
            own = self.index.word_hashes(ref)
            hits = {}
            for i, wanted in enumerate(self.hashes):
                matched = [wanted[h] for h in own.intersection(wanted)]
                if matched:
                    hits[i] = max(matched, key=lambda hit: (hit[0], -hit[1]))
            if hits:
                self.word_hits[ref] = hits

    def best_word_score(self) -> float:
        """The best word-by-word score so far (only terms with every query word can reach 80)."""
        m = len(self.words)
        full = [ref for ref, hits in self.word_hits.items() if len(hits) == m]
        return max((self._word_score(ref, self.word_hits[ref])[0] for ref in full), default=0.0)

    def score_words(self) -> None:
        for ref, hits in self.word_hits.items():
            self._offer(ref, *self._word_score(ref, hits))


def _search(index: Index, text: str, lang: str | None) -> _Search:
    words = _analyse(index, text, lang)
    search = _Search(index, words)
    key = match_key(text)
    search.phrase(EXACT, [key], PHRASE_SCORES["exact"], "exact")
    search.phrase(FORM, [key], PHRASE_SCORES["forms"], "form")
    search.phrase(PHRASE, _phrase_keys(words, lang, translit=False), PHRASE_SCORES["form"], "form")
    search.phrase(LATIN, [latin_key(text)], PHRASE_SCORES["translit"], "translit")
    if any(w.translit for w in words):
        search.phrase(PHRASE, _phrase_keys(words, lang, translit=True), PHRASE_SCORES["translit"], "translit")
    phrase_found = bool(search.best)
    unfound, unwritten = [], []
    for i, word in enumerate(words):
        if len(word.folded) < 2 and not word.folded.isdigit():
            continue  # one letter: counted in the coverage, too common to find terms by
        verbatim = search.word(i, WORD, word.folded, "form")
        found = verbatim + sum(search.word(i, WORD, k, "form") for k in sorted(word.native - {word.folded}))
        found += sum(search.word(i, WORD, k, "translit") for k in sorted(word.translit))
        found += search.word(i, LATIN_WORD, word.latin, "translit")
        if not found:
            unfound.append(i)
        if not verbatim:
            unwritten.append(i)
    if not phrase_found and search.best_word_score() < FUZZY_BELOW:
        unfound = unwritten  # no whole-term match: any word the base does not have may be a typo
    for i in unfound:
        _fuzzy_word(search, i, words[i])
    search.rescore()
    if len(words) > 1 and not phrase_found and search.best_word_score() < FUZZY_BELOW:
        # No term matched whole or has every word: one may be a typo that made another word of
        # the base, or is two edits from the word meant and one from some other. The candidates
        # found through the other words are checked for words near it (in their own word keys).
        for i, word in enumerate(words):
            if i not in unfound and len(word.folded) >= FUZZY_MIN:
                _fuzzy_word(search, i, word, post=False)
        search.rescore()
    search.score_words()
    return search


def _phrase_keys(words: list[_Word], lang: str | None, translit: bool) -> list[str]:
    from .index import phrase_keys

    if not words:
        return []
    if translit:
        return phrase_keys([sorted(w.translit) or list(w.by_lang.get("ru", (w.folded,))) for w in words], limit=16)
    keys = {" ".join(w.folded for w in words)}
    for code in dict.fromkeys(c for w in words for c in w.by_lang):
        keys.update(phrase_keys([w.by_lang.get(code, (w.folded,)) for w in words]))
    return sorted(keys)


def _fuzzy_word(search: _Search, i: int, word: _Word, post: bool = True) -> None:
    """Words of the base one edit from ``word`` stand in for it, rapidfuzz deciding: as written
    (a typo in any script) and through its Latin key (a typo in Latin typing); when there are
    none, words two edits from it as written. The nearest come first (fewest edits, a swap of
    two neighbours counting as one, then the most letters in common): the postings of the
    first FUZZY_WORDS are read; the others, up to FUZZY_HINTS, count where the other query
    words bring a term that has them. With ``post=False`` none are read,
    and only words one edit away as written are looked for."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    passes = ((1, G_WORD, WORD, word.folded, FUZZY_ONE_EDIT), (1, G_LATIN, LATIN_WORD, word.latin, FUZZY_ONE_EDIT),
              (2, G_WORD, WORD, word.folded, FUZZY_TWO_EDITS))
    found_any = False
    for edits, kind, posting, typed, threshold in passes if post else passes[:1]:
        if kind == G_LATIN and found_any and word.script != "Latn":
            continue  # a word written in its own script has its neighbours as written
        if edits == 2 and (found_any or len(typed) < FUZZY_TWO_MIN):
            break
        candidates = sorted(search.index.similar(typed, edits=edits, kind=kind) - {typed})
        near = process.extract(typed, candidates, scorer=OSA.normalized_similarity, score_cutoff=threshold,
                               limit=None)
        scored = sorted(((score, _ratio(typed, w), w) for w, score, _ in near), reverse=True)
        for n, (similarity, _, similar) in enumerate(scored[:FUZZY_HINTS]):
            if post and n < FUZZY_WORDS:
                found_any = True
                search.word(i, posting, similar, "fuzzy", similarity)
            else:
                search.hint(i, posting, similar, "fuzzy", similarity)


def _shape(word: str) -> str:
    """U for an acronym (ОДКБ, ЖККУнун), T for a capitalised word (Выборный), L otherwise."""
    if len(word) > 1 and word[:2].isupper():
        return "U"
    return "T" if word[:1].isupper() else "L"


def _case_ok(query: str, term: str) -> bool:
    """Does the query write a case-sensitive term in its case? Word by word, by shape, when the
    word counts agree (so Vyborniy is written like Vyborny, одкб not like ОДКБ).

    >>> _case_ok("ОДКБ", "ОДКБ"), _case_ok("одкб", "ОДКБ"), _case_ok("Vyborniy", "Vyborny"), _case_ok("выборный", "Выборный")
    (True, False, True, False)
    """
    q, t = [w.text for w in tokens(query)], [w.text for w in tokens(term)]
    if len(q) != len(t):
        return True
    return all(_shape(a) == _shape(b) for a, b in zip(q, t))


def lookup(base: "TermBase", query: str, lang: str | None = None, to: Iterable[str] | None = None,
           limit: int = 10, domain: str | None = None, min_score: float = 0) -> list[Match]:
    """The concepts that best match ``query``, best first (see the module doc for the layers).

    ``lang`` restricts the terms matched to one language; ``to`` the languages of each
    entry's terms and definitions; ``domain`` the concepts; ``min_score`` drops weaker matches.
    """
    if len(query) > MAX_QUERY:
        raise InputError(f"query too long ({len(query)} characters; at most {MAX_QUERY})")
    text = _fix_scripts(nfc(query).strip())
    if not match_key(text):
        raise InputError("empty query (no words)" if text else "empty query")
    if lang is not None:
        lang = check_language(lang)
    wanted = None if to is None else [check_language(code) for code in to]
    if limit < 1:
        raise InputError("limit must be at least 1")
    index = open_index(base)
    search = _search(index, text, lang)
    ranked = sorted(search.best, key=lambda r: -search.best[r].score)
    pool = max(50, limit * 5) * (4 if lang or domain else 1)
    rows = index.rows(ranked[:pool])
    folded = fold(text)
    scored = []
    for ref in ranked[:pool]:
        row, hit = rows[ref], search.best[ref]
        if lang and base_language(row.lang) != base_language(lang) and row.lang != lang:
            continue
        if domain and row.domain != domain:
            continue
        score = hit.score - STATUS_PENALTY.get(row.status, 2)
        if row.case_sensitive and not _case_ok(text, row.text):
            score -= CASE_PENALTY
        score = max(0, min(100, round(score)))
        scored.append(((-score, LAYERS.index(hit.layer), STATUS_PENALTY.get(row.status, 2)), row, _Hit(score, hit.layer)))
    ties = Counter(first for first, _, _ in scored)
    per_concept: dict[tuple[int, int], tuple[tuple, TermRow, _Hit]] = {}
    for first, row, hit in scored:
        closeness = _closeness(folded, row.text) if ties[first] > 1 else 0.0  # only ties need it
        rank = (*first, -closeness, row.concept, *language_order(row.lang), row.text)
        key = (row.ref[0], row.cid)
        if key not in per_concept or rank < per_concept[key][0]:
            per_concept[key] = (rank, row, hit)
    chosen = sorted(per_concept.values(), key=lambda item: item[0])
    matches = []
    seen: set[str] = set()
    for rank, row, hit in chosen:
        if hit.score < min_score or row.concept in seen:
            continue
        seen.add(row.concept)
        entry = index.entry(row.ref[0], row.cid)
        term = next((t for t in entry.terms.get(row.lang, []) if t.text == row.text), None) or \
            Term(row.text, row.lang, status=row.status, type=row.type, case_sensitive=row.case_sensitive)
        term.concept = entry.id
        matches.append(Match(row.concept, int(hit.score), hit.layer, term, row.domain, entry, wanted))
        if len(matches) >= limit:
            break
    return matches
