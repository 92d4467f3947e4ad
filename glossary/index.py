"""The lookup index: compact memory-mapped segments, so that lookups never parse YAML.

One segment per domain file, built on first use and rebuilt when that file changes: the
file's path, size and mtime_ns, the format and a hash of the matching code are recorded in the
segment and compared on every open; a segment that differs, or does not read back whole
(magic, version, header checksum, sizes), is rebuilt, never trusted. Segments live in
``<base>/.cache/`` when the base folder is writable, else in
``platformdirs.user_cache_dir("glossary")/<hash of the base path>/``, are written with
:func:`~glossary.atomic.write_atomic`, and are read with ``mmap``: a lookup touches only the
pages it needs. A segment holds, as sorted arrays searched by bisection:

- postings: 64-bit key hash → term ids, shortest terms first, for exact keys (``match_key``),
  the base's explicit ``forms``, word-form phrase keys, word keys (the folded word and its
  word-form keys), Latin phrase keys and Latin word keys (:func:`~glossary.text.translit.latin_key`);
- vocabulary: every inflected form of the base's Russian dictionary words (pymorphy3 lexemes,
  computed at build time), and its Latin key, → the lemma key; so an inflected query, in
  Cyrillic or typed in Latin, resolves without loading pymorphy3;
- the fuzzy candidates (:mod:`glossary.neighbours`): the deletion neighbourhoods of the
  segment's folded words and of their Latin keys (words one edit apart share an entry), and
  the thirds of each folded word (a word two edits from another keeps one of them intact),
  under the top 32 bits of the key hash (a rare false hit is only a candidate more to measure);
- the terms (what ranking needs) and each concept's entry as compressed JSON, read only when shown.

A base made in memory (``TermBase(folder, concepts)``, or with concepts added that are in no
file) is indexed in memory the same way. Where segments live and when they are rebuilt is
:mod:`glossary.indexcache`.

>>> from glossary.model import Concept, Term
>>> from glossary.termbase import TermBase
>>> from glossary.indexcache import open_index
>>> base = TermBase("/nonexistent", [Concept("missile", "weapons", terms={"ru": [Term("ракета", "ru")]})])
>>> index = open_index(base)
>>> sorted(index.vocab(V_FORM, "ракетами")), sorted(index.vocab(V_LATIN, "raketami"))
(['ракета'], ['ракета'])
"""
from __future__ import annotations

import itertools
import json
import math
import struct
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import mmh3

from .model import LANGUAGES, STATUSES, TERM_TYPES, Concept, Term, base_language
from .perf import without_cyclic_gc
from .neighbours import FUZZY_MIN, THIRDS_MIN, chunk_keys, deletions, query_chunk_keys
from .text.morphology import lexemes, word_keys
from .text.normalise import tokens, word_fold
from .text.translit import latin_word_key


FORMAT_VERSION = "7"
MAGIC = b"GLOSSIDX"
#: Posting kinds.
EXACT, FORM, PHRASE, WORD, LATIN, LATIN_WORD = 1, 2, 3, 4, 5, 6
#: Vocabulary kinds: inflected form, Latin key of an inflected form; and the deletion-variant kind.
V_FORM, V_LATIN = 7, 8
#: Fuzzy-candidate kinds: deletion variants of folded words, of Latin keys; thirds of folded words.
G_WORD, G_LATIN, G_THIRD = 9, 10, 11
MAX_COMBOS = 8
SEGMENT_SUFFIX = ".lookup.idx"
#: Stale files bigger than this in total are indexed by parallel processes, as many as there
#: are cores and as fit in MEMORY_BUDGET (a build needs about BUILD_BASE_BYTES plus
#: BUILD_BYTES_PER_BYTE times the size of its YAML file).
PARALLEL_BYTES = 4_000_000
MEMORY_BUDGET = 900_000_000
BUILD_BASE_BYTES, BUILD_BYTES_PER_BYTE = 120_000_000, 25
_TERM = struct.Struct("<IIIHBBBBB")  # cid, text offset, text length, domain, nwords, lang, status, type, flags
_HEAD = struct.Struct("<8sII")  # magic, header length, header crc32

Ref = tuple[int, int]  # (segment number, term id)


@dataclass(frozen=True)
class TermRow:
    """What ranking needs to know about one indexed term."""

    ref: Ref
    concept: str
    domain: str
    lang: str
    text: str
    status: str
    type: str
    case_sensitive: bool
    nwords: int
    cid: int


def key_hash(kind: int, key: str, _hash=mmh3.hash64) -> int:
    """The stable 64-bit hash under which a key is stored (MurmurHash3, the kind as its seed).

    >>> key_hash(EXACT, "ракета") == key_hash(EXACT, "ракета") != key_hash(WORD, "ракета")
    True
    """
    return _hash(key, kind, signed=False)[0]


def phrase_keys(per_word: Sequence[Iterable[str]], limit: int = MAX_COMBOS) -> list[str]:
    """The phrase keys of a sequence of words, one key chosen per word (at most ``limit``).

    >>> phrase_keys([("a", "b"), ("c",)])
    ['a c', 'b c']
    """
    return [" ".join(c) for c in itertools.islice(itertools.product(*per_word), limit)]


@lru_cache(maxsize=1 << 16)
def word_info(word: str, lang: str) -> tuple[str, tuple[str, ...], str]:
    """One word's folded form, word-form keys and Latin key (``lang`` a base language code)."""
    folded = word_fold(word)
    return folded, word_keys(folded, lang), latin_word_key(folded, lang)


def term_keys(term: Term, words: Sequence[str] | None = None) -> dict[int, set[str]]:
    """Every posting key of a term (and of its explicit forms), by posting kind.

    >>> keys = term_keys(Term("гиперзвуковая ракета", "ru", forms={"many": "гиперзвуковых ракет"}))
    >>> sorted(keys[PHRASE]), sorted(keys[FORM]), sorted(keys[LATIN])
    (['гиперзвуковой ракета'], ['гиперзвуковых ракет'], ['giperzvukovaia raketa', 'giperzvukovih raket'])
    """
    lang = base_language(term.lang)
    out: dict[int, set[str]] = {k: set() for k in (EXACT, FORM, PHRASE, WORD, LATIN, LATIN_WORD)}
    for n, text in enumerate([term.text, *term.forms.values()]):
        infos = [word_info(word, lang) for word in (words if n == 0 and words is not None else
                                                     [t.text for t in tokens(text)])]
        if not infos:
            continue
        out[EXACT if n == 0 else FORM].add(" ".join(info[0] for info in infos))
        out[PHRASE].update(phrase_keys([info[1] for info in infos]))
        for folded, keys, latin in infos:
            out[WORD].add(folded)
            out[WORD].update(keys)
            out[LATIN_WORD].add(latin)
        out[LATIN].add(" ".join(info[2] for info in infos))
    out[FORM] -= out[EXACT]
    return out


@lru_cache(maxsize=16)
def _language_names(codes: tuple[str, ...]) -> dict[str, str]:
    """English names of language codes from Babel (CLDR): kk → Kazakh, be-Latn → Belarusian (Latin)."""
    from babel import Locale

    english = Locale("en")
    names = {}
    for code in codes:
        parts = code.replace("_", "-").split("-")
        name = english.languages.get(parts[0].lower(), code)
        if len(parts) > 1:
            name += f" ({english.scripts.get(parts[1].title(), parts[1])})"
        names[code] = name
    return names


# --- building a segment ---------------------------------------------------------------------

class _Pairs:
    """(64-bit key, 32-bit value) pairs, kept compact in 256 buckets of arrays (by the key's top
    byte) and sorted one bucket at a time: about 12 bytes a pair instead of Python objects."""

    def __init__(self) -> None:
        self.keys = [array("Q") for _ in range(256)]
        self.values = [array("I") for _ in range(256)]

    def add(self, key: int, value: int) -> None:
        bucket = key >> 56
        self.keys[bucket].append(key)
        self.values[bucket].append(value)

    def add_all(self, keys: Iterable[int], value: int) -> None:
        for key in keys:
            bucket = key >> 56
            self.keys[bucket].append(key)
            self.values[bucket].append(value)

    def sections(self, name: str, key_bits: int = 64) -> dict[str, bytes]:
        """Sorted unique pairs as (keys, offsets, values) arrays: the values of ``keys[i]`` are
        ``values[offsets[i]:offsets[i + 1]]``, in ascending order; and a bitmap of the keys'
        top bits (``filter``), eight bits or more per key, that tells most absent keys at once.
        With ``key_bits=32`` only the top half of each key is kept (where a rare false hit costs
        nothing but a candidate that is measured and dropped)."""
        keys, offsets, values = array("Q" if key_bits == 64 else "I"), array("I"), array("I")
        bits = max(6, (8 * sum(map(len, self.keys)) - 1).bit_length())
        shift, bitmap = key_bits - bits, bytearray(1 << (bits - 3))
        for bucket in range(256):
            pairs = sorted({key << 32 | value for key, value in zip(self.keys[bucket], self.values[bucket])})
            self.keys[bucket] = self.values[bucket] = array("Q")  # free as we go
            last_key = None
            for pair in pairs:
                key = pair >> (96 - key_bits)
                if key != last_key:
                    keys.append(key)
                    offsets.append(len(values))
                    last_key = key
                    bit = key >> shift
                    bitmap[bit >> 3] |= 1 << (bit & 7)
                values.append(pair & 0xFFFFFFFF)
        offsets.append(len(values))
        return {f"{name}.keys": keys.tobytes(), f"{name}.offsets": offsets.tobytes(), f"{name}.values": values.tobytes(),
                f"{name}.filter": bytes(bitmap)}


class _Blob:
    """Strings stored one after another as UTF-8 (or bytes as they are), with offsets;
    ``intern`` keeps one copy each."""

    def __init__(self, intern: bool = False) -> None:
        self.data = bytearray()
        self.offsets = array("I", [0])
        self.ids: dict[str, int] | None = {} if intern else None

    def add(self, text: str | bytes) -> int:
        if self.ids is not None:
            found = self.ids.get(text)
            if found is not None:
                return found
            self.ids[text] = len(self.offsets) - 1
        self.data += text if isinstance(text, bytes) else text.encode("utf-8")
        self.offsets.append(len(self.data))
        return len(self.offsets) - 2

    def sections(self, name: str) -> dict[str, bytes]:
        return {name: bytes(self.data), name + ".offsets": self.offsets.tobytes()}


def build_segment(concepts: Iterable[Concept], meta: dict[str, str]) -> bytearray:
    """Index ``concepts`` (any iterable: they are read one at a time) into the bytes of one segment."""
    with without_cyclic_gc():
        return _build_segment(concepts, meta)


def _build_segment(concepts: Iterable[Concept], meta: dict[str, str]) -> bytearray:
    from .store import concept_to_dict

    posts, vocab, grams = _Pairs(), _Pairs(), _Pairs()
    lemmas, words, ids, cards = _Blob(intern=True), _Blob(intern=True), _Blob(), _Blob()
    langs, domains = _Blob(intern=True), _Blob(intern=True)
    records, texts = bytearray(), bytearray()
    ru_keys: set[str] = set()  # the word keys of the Russian terms
    ru_words: set[str] = set()  # their words as written
    seen_words: set[tuple[int, str]] = set()
    word_keys_of_terms, word_offsets = array("I"), array("I", [0])  # each term's word-key hashes (top halves)
    tid = 0
    for cid, concept in enumerate(concepts):
        ids.add(concept.id)
        card = json.dumps({"domain": concept.domain, **concept_to_dict(concept)}, ensure_ascii=False)
        cards.add(zlib.compress(card.encode("utf-8")))  # read only when shown: kept small
        domain = domains.add(concept.domain)
        for term in concept.all_terms():
            words_of_term = [t.text for t in tokens(term.text)]
            nwords = min(255, len(words_of_term) or 1)
            text = term.text.encode("utf-8")
            records += _TERM.pack(cid, len(texts), len(text), domain, nwords, langs.add(term.lang),
                                  _code(STATUSES, term.status), _code(TERM_TYPES, term.type), int(term.case_sensitive))
            texts += text
            keys = term_keys(term, words_of_term)
            composite = nwords << 24 | tid
            word_hashes = set()
            for kind, values in keys.items():
                hashes = [key_hash(kind, value) for value in values]
                posts.add_all(hashes, composite)
                if kind == WORD or kind == LATIN_WORD:
                    word_hashes.update(hashes)
            word_keys_of_terms.extend(sorted({h >> 32 for h in word_hashes}))
            word_offsets.append(len(word_keys_of_terms))
            lang = base_language(term.lang)
            for gram_kind, folded in itertools.chain(((G_LATIN, w) for w in keys[LATIN_WORD]),
                                                     ((G_WORD, word_info(w, lang)[0]) for w in words_of_term)):
                if len(folded) >= FUZZY_MIN and (gram_kind, folded) not in seen_words:
                    seen_words.add((gram_kind, folded))
                    wid = words.add(folded)
                    grams.add_all([key_hash(gram_kind, variant) for variant in deletions(folded)], wid)
                    if gram_kind == G_WORD:
                        grams.add_all([key_hash(G_THIRD, chunk) for chunk in chunk_keys(folded)], wid)
            if lang == "ru":
                ru_keys.update(keys[WORD])
                ru_words.update(word_info(t.text, lang)[0] for text in (term.text, *term.forms.values())
                                for t in tokens(text))
            tid += 1
            if tid >= 1 << 24:
                raise ValueError("more than 16 million terms in one domain file")
    for key in ru_keys:  # each word key, typed in Latin
        vocab.add(key_hash(V_LATIN, latin_word_key(key, "ru")), lemmas.add(key))
    for word in ru_words:  # every form of the lexemes of the words, as written and typed in Latin
        for key, forms in lexemes(word, "ru").items():
            lemma = lemmas.add(key)
            vocab.add_all([key_hash(V_FORM, form) for form in forms if form != key], lemma)
            vocab.add_all([key_hash(V_LATIN, latin_word_key(form, "ru")) for form in forms], lemma)
    del ru_keys, ru_words
    lang_codes = list(langs.ids or {})
    header: dict[str, Any] = {**meta, "langs": lang_codes, "domains": list(domains.ids or {}),
                              "languages": _language_names(tuple(sorted(set(LANGUAGES) | set(lang_codes)))),
                              "sections": {}, "key_bits": {}}
    body = bytearray()

    def put(sections: dict[str, bytes]) -> None:
        for name, data in sections.items():
            body.extend(b"\0" * (-len(body) % 8))
            header["sections"][name] = [len(body), len(data)]
            body.extend(data)

    put({"terms": records, "texts": texts, "termwords.values": word_keys_of_terms.tobytes(),
         "termwords.offsets": word_offsets.tobytes()})
    del records, texts, word_keys_of_terms
    for name, pairs, key_bits in (("post", posts, 64), ("vocab", vocab, 64), ("grams", grams, 32)):
        put(pairs.sections(name, key_bits))
        header["key_bits"][name] = key_bits
    for name, blob in (("lemmas", lemmas), ("words", words), ("ids", ids), ("cards", cards)):
        put(blob.sections(name))
    header["size"] = len(body)
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    head += b" " * (-(len(head) + _HEAD.size) % 8)
    body[0:0] = _HEAD.pack(MAGIC, len(head), zlib.crc32(head)) + head
    return body


def _code(values: Sequence[str], value: str) -> int:
    return values.index(value) if value in values else 255


# --- reading a segment ----------------------------------------------------------------------

class Segment:
    """One segment, read from bytes or a memory map; raises ValueError when it is not whole."""

    def __init__(self, data: Any):
        view = memoryview(data)
        if len(view) < _HEAD.size:
            raise ValueError("too short")
        magic, length, crc = _HEAD.unpack_from(view)
        head = bytes(view[_HEAD.size:_HEAD.size + length])
        if magic != MAGIC or len(head) != length or zlib.crc32(head) != crc:
            raise ValueError("not a glossary index")
        self.meta: dict[str, Any] = json.loads(head)
        body = view[_HEAD.size + length:]
        if len(body) != self.meta["size"]:
            raise ValueError("truncated")
        self._data = data
        self.s: dict[str, memoryview] = {}
        for name, (offset, size) in self.meta["sections"].items():
            if offset + size > len(body):
                raise ValueError("section out of bounds")
            section = body[offset:offset + size]
            wide = name.endswith(".keys") and self.meta["key_bits"].get(name[:-5]) == 64
            typecode = "Q" if wide else "I" if name.endswith((".keys", ".offsets", ".values")) else None
            self.s[name] = section.cast(typecode) if typecode else section
        #: per table: its keys, and the window searched around where a key would be (the
        #: farthest a key is from its even share is about the square root of their number)
        self.tables = {}
        for name, keys in self.s.items():
            if name.endswith(".keys"):
                table = name[:-5]
                bitmap = self.s[table + ".filter"]
                if len(bitmap) < 8 or len(bitmap) & (len(bitmap) - 1):
                    raise ValueError("bad filter")
                key_bits = self.meta["key_bits"][table]
                self.tables[table] = (keys, 2 * math.isqrt(len(keys)) + 64, self.s[table + ".offsets"],
                                      self.s[table + ".values"], bitmap, key_bits - 2 - len(bitmap).bit_length(),
                                      64 - key_bits)
        self.langs: list[str] = self.meta["langs"]
        self.domains: list[str] = self.meta["domains"]

    def lookup(self, table: str, key: int, limit: int) -> Sequence[int]:
        """The values of ``key`` in ``table`` (at most ``limit``)."""
        return self.lookup_all(table, [(key, limit)])[0]

    def lookup_all(self, table: str, wanted: Iterable[tuple[int, int]]) -> list[Sequence[int]]:
        """The values of each (key, limit) in ``table``."""
        keys, window, offsets, values, bitmap, shift, drop = self.tables[table]
        n, width = len(keys), 64 - drop
        out: list[Sequence[int]] = []
        for key, limit in wanted:
            key >>= drop
            bit = key >> shift
            if not bitmap[bit >> 3] >> (bit & 7) & 1:
                out.append(())  # no key has these top bits
                continue
            # The keys are hashes, spread evenly: look near where the key would be, and
            # bisect all of them only when it is not within the window around that place.
            guess = key * n >> width
            lo, hi = max(0, guess - window), min(n, guess + window)
            if (lo and keys[lo] > key) or (hi < n and keys[hi - 1] < key):
                lo, hi = 0, n
            i = bisect_left(keys, key, lo, hi)
            if i == n or keys[i] != key:
                out.append(())
            else:
                start = offsets[i]
                out.append(values[start:min(offsets[i + 1], start + limit)])
        return out

    def string(self, name: str, i: int) -> str:
        return self.data(name, i).decode("utf-8")

    def data(self, name: str, i: int) -> bytes:
        offsets = self.s[name + ".offsets"]
        return bytes(self.s[name][offsets[i]:offsets[i + 1]])

    def record(self, tid: int) -> tuple:
        return _TERM.unpack_from(self.s["terms"], tid * _TERM.size)


class Index:
    """The segments of a base, queried together. Term references are (segment, term id)."""

    def __init__(self, segments: list[Segment]):
        self.segments = segments
        self.language_names: dict[str, str] = {}
        for segment in segments:
            self.language_names.update(segment.meta.get("languages", {}))

    def find(self, kind: int, keys: Iterable[str], limit: int = 1000) -> list[tuple[Ref, int]]:
        """The terms posted under any of ``keys`` with their word counts."""
        return [hit for key in sorted(set(keys)) for hit in self.postings(kind, key, limit)]

    def postings(self, kind: int, key: str, limit: int = 1000) -> list[tuple[Ref, int]]:
        """The terms posted under ``key``, shortest terms first: about ``limit`` over all segments."""
        return self.postings_of(kind, key, limit)[0]

    def postings_of(self, kind: int, key: str, limit: int = 1000) -> tuple[list[tuple[Ref, int]], bool]:
        """:meth:`postings`, and whether they are all of them (no segment had more)."""
        h = key_hash(kind, key)
        share = -(-limit // max(1, len(self.segments))) + 8
        out, complete = [], True
        for n, segment in enumerate(self.segments):
            values = segment.lookup("post", h, share)
            complete = complete and len(values) < share
            out += [((n, value & 0xFFFFFF), value >> 24) for value in values]
        return out, complete

    def word_hashes(self, ref: Ref) -> set[int]:
        """The top halves of the hashes of a term's word keys (``key_hash(WORD, ...) >> 32``,
        ``key_hash(LATIN_WORD, ...) >> 32``)."""
        segment = self.segments[ref[0]]
        offsets = segment.s["termwords.offsets"]
        return set(segment.s["termwords.values"][offsets[ref[1]]:offsets[ref[1] + 1]])

    def vocab(self, kind: int, word: str) -> set[str]:
        """The lemma keys of an inflected Russian form (``V_FORM``) or of its Latin key (``V_LATIN``)."""
        h = key_hash(kind, word)
        return {segment.string("lemmas", i) for segment in self.segments for i in segment.lookup("vocab", h, 64)}

    def similar(self, word: str, limit: int = 50, edits: int = 1, kind: int = G_LATIN) -> set[str]:
        """Candidates for the words of the base one edit away from ``word`` (they share a
        deletion variant): Latin keys (``G_LATIN``) or folded words (``G_WORD``); with
        ``edits=2``, folded words two edits away (one of their thirds is intact in ``word``;
        below THIRDS_MIN letters, two deletions of ``word`` meet one of theirs). At most
        ``limit`` words per key and segment (a quarter of it per third); some candidates may be
        farther: the caller measures."""
        if len(word) < FUZZY_MIN:
            return set()
        if edits == 1:
            keys = [(key_hash(kind, variant), limit) for variant in deletions(word)]
        elif len(word) < THIRDS_MIN or kind != G_WORD:
            keys = [(key_hash(kind, v2), limit) for v2 in {v2 for v in deletions(word) for v2 in deletions(v)}]
        else:
            keys = [(key_hash(G_THIRD, key), max(1, limit // 4)) for key in query_chunk_keys(word, edits)]
        found: set[str] = set()
        for segment in self.segments:
            wids: set[int] = set()
            for values in segment.lookup_all("grams", keys):
                wids.update(values)
            found.update(segment.string("words", wid) for wid in wids)
        return found

    def rows(self, refs: Iterable[Ref]) -> dict[Ref, TermRow]:
        """The term rows of ``refs``."""
        out = {}
        for ref in set(refs):
            segment = self.segments[ref[0]]
            cid, offset, length, domain, nwords, lang, status, kind, flags = segment.record(ref[1])
            out[ref] = TermRow(ref, segment.string("ids", cid), segment.domains[domain], segment.langs[lang],
                               bytes(segment.s["texts"][offset:offset + length]).decode("utf-8"),
                               STATUSES[status] if status < len(STATUSES) else "preferred",
                               TERM_TYPES[kind] if kind < len(TERM_TYPES) else "fullForm", bool(flags & 1),
                               nwords, cid)
        return out

    def row(self, ref: Ref) -> TermRow:
        return self.rows([ref])[ref]

    def entry(self, segment: int, cid: int) -> Concept:
        """The whole concept entry, as stored when the segment was built."""
        data: dict[str, Any] = json.loads(zlib.decompress(self.segments[segment].data("cards", cid)))
        terms = {lang: [Term(lang=lang, **t) for t in items] for lang, items in data.get("terms", {}).items()}
        return Concept(data["id"], data["domain"], definition=data.get("definition", {}), note=data.get("note"),
                       related=data.get("related", []), terms=terms)
