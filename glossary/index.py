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
- the deletion neighbourhoods of the segment's folded words and of their Latin keys (every
  string one letter shorter), the fuzzy candidates: words one edit apart share an entry;
- the terms (what ranking needs) and each concept's entry as JSON, decoded only when shown.

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

import hashlib
import itertools
import json
import re
import struct
import zlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from .model import LANGUAGES, STATUSES, TERM_TYPES, Concept, Term, base_language
from .text.morphology import inflected_forms, word_keys
from .text.normalise import tokens, word_fold
from .text.translit import latin_word_key


FORMAT_VERSION = "3"
MAGIC = b"GLOSSIDX"
#: Posting kinds.
EXACT, FORM, PHRASE, WORD, LATIN, LATIN_WORD = 1, 2, 3, 4, 5, 6
#: Vocabulary kinds: inflected form, Latin key of an inflected form; and the deletion-variant kind.
V_FORM, V_LATIN = 7, 8
#: Deletion-variant kinds (fuzzy candidates): of folded words, of Latin keys.
G_WORD, G_LATIN = 9, 10
MAX_COMBOS = 8
_DOUBLE = re.compile(r"(.)\1+")
#: Latin keys shorter than this get no fuzzy candidates (one edit changes them too much).
FUZZY_MIN = 3
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


def key_hash(kind: int, key: str, _blake=hashlib.blake2b) -> int:
    """The stable 64-bit hash under which a key is stored."""
    return int.from_bytes(_blake(bytes((kind,)) + key.encode("utf-8"), digest_size=8).digest(), "little")


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
    return {word} | {_single(word[:i] + word[i + 1:]) for i in range(len(word))}


def _single(word: str) -> str:
    return _DOUBLE.sub(r"\1", word) if _DOUBLE.search(word) else word


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


def term_keys(term: Term) -> dict[int, set[str]]:
    """Every posting key of a term (and of its explicit forms), by posting kind.

    >>> keys = term_keys(Term("гиперзвуковая ракета", "ru", forms={"many": "гиперзвуковых ракет"}))
    >>> sorted(keys[PHRASE]), sorted(keys[FORM]), sorted(keys[LATIN])
    (['гиперзвуковой ракета'], ['гиперзвуковых ракет'], ['giperzvukovaia raketa', 'giperzvukovih raket'])
    """
    lang = base_language(term.lang)
    out: dict[int, set[str]] = {k: set() for k in (EXACT, FORM, PHRASE, WORD, LATIN, LATIN_WORD)}
    for n, text in enumerate([term.text, *term.forms.values()]):
        infos = [word_info(t.text, lang) for t in tokens(text)]
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


def _language_names(codes: Iterable[str]) -> dict[str, str]:
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

    def sections(self, name: str) -> dict[str, bytes]:
        """Sorted unique pairs as (keys, offsets, values) arrays: the values of ``keys[i]`` are
        ``values[offsets[i]:offsets[i + 1]]``, in ascending order."""
        keys, offsets, values = array("Q"), array("I"), array("I")
        for bucket in range(256):
            pairs = sorted(set(map(_join, self.keys[bucket], self.values[bucket])))
            self.keys[bucket] = self.values[bucket] = array("Q")  # free as we go
            last_key = None
            for pair in pairs:
                key = pair >> 32
                if key != last_key:
                    keys.append(key)
                    offsets.append(len(values))
                    last_key = key
                values.append(pair & 0xFFFFFFFF)
        offsets.append(len(values))
        return {f"{name}.keys": keys.tobytes(), f"{name}.offsets": offsets.tobytes(), f"{name}.values": values.tobytes()}


def _join(key: int, value: int) -> int:
    return key << 32 | value


class _Blob:
    """Strings stored one after another as UTF-8, with offsets; ``intern`` keeps one copy each."""

    def __init__(self, intern: bool = False) -> None:
        self.data = bytearray()
        self.offsets = array("I", [0])
        self.ids: dict[str, int] | None = {} if intern else None

    def add(self, text: str) -> int:
        if self.ids is not None:
            found = self.ids.get(text)
            if found is not None:
                return found
            self.ids[text] = len(self.offsets) - 1
        self.data += text.encode("utf-8")
        self.offsets.append(len(self.data))
        return len(self.offsets) - 2

    def string(self, i: int) -> str:
        return self.data[self.offsets[i]:self.offsets[i + 1]].decode("utf-8")

    def sections(self, name: str) -> dict[str, bytes]:
        return {name: bytes(self.data), name + ".offsets": self.offsets.tobytes()}


def build_segment(concepts: Iterable[Concept], meta: dict[str, str]) -> bytearray:
    """Index ``concepts`` (any iterable: they are read one at a time) into the bytes of one segment."""
    from .store import concept_to_dict

    posts, vocab, grams = _Pairs(), _Pairs(), _Pairs()
    lemmas, words, ids, cards = _Blob(intern=True), _Blob(intern=True), _Blob(), _Blob()
    langs, domains = _Blob(intern=True), _Blob(intern=True)
    records, texts = bytearray(), bytearray()
    ru_keys: set[str] = set()
    seen_words: set[tuple[int, str]] = set()
    word_keys_of_terms, word_offsets = array("Q"), array("I", [0])  # each term's word-key hashes
    tid = 0
    for cid, concept in enumerate(concepts):
        ids.add(concept.id)
        cards.add(json.dumps({"domain": concept.domain, **concept_to_dict(concept)}, ensure_ascii=False))
        domain = domains.add(concept.domain)
        for term in concept.all_terms():
            nwords = min(255, len(tokens(term.text)) or 1)
            text = term.text.encode("utf-8")
            records += _TERM.pack(cid, len(texts), len(text), domain, nwords, langs.add(term.lang),
                                  _code(STATUSES, term.status), _code(TERM_TYPES, term.type), int(term.case_sensitive))
            texts += text
            keys = term_keys(term)
            composite = nwords << 24 | tid
            word_hashes = set()
            for kind, values in keys.items():
                for value in values:
                    h = key_hash(kind, value)
                    posts.add(h, composite)
                    if kind == WORD or kind == LATIN_WORD:
                        word_hashes.add(h)
            word_keys_of_terms.extend(sorted(word_hashes))
            word_offsets.append(len(word_keys_of_terms))
            for gram_kind, word in itertools.chain(((G_LATIN, w) for w in keys[LATIN_WORD]),
                                                   ((G_WORD, t.text.casefold()) for t in tokens(term.text))):
                if len(word) >= FUZZY_MIN and (gram_kind, word) not in seen_words:
                    seen_words.add((gram_kind, word))
                    wid = words.add(word_fold(word) if gram_kind == G_WORD else word)
                    for variant in deletions(words.string(wid)):
                        grams.add(key_hash(gram_kind, variant), wid)
            if base_language(term.lang) == "ru":
                ru_keys.update(keys[WORD])
            tid += 1
            if tid >= 1 << 24:
                raise ValueError("more than 16 million terms in one domain file")
    for key in ru_keys:
        lemma = lemmas.add(key)
        for form in inflected_forms(key, "ru"):
            if form != key:
                vocab.add(key_hash(V_FORM, form), lemma)
            vocab.add(key_hash(V_LATIN, latin_word_key(form, "ru")), lemma)
    del ru_keys
    lang_codes = list(langs.ids or {})
    header: dict[str, Any] = {**meta, "langs": lang_codes, "domains": list(domains.ids or {}),
                              "languages": _language_names(sorted(set(LANGUAGES) | set(lang_codes))),
                              "sections": {}}
    body = bytearray()

    def put(sections: dict[str, bytes]) -> None:
        for name, data in sections.items():
            body.extend(b"\0" * (-len(body) % 8))
            header["sections"][name] = [len(body), len(data)]
            body.extend(data)

    put({"terms": records, "texts": texts, "termwords.values": word_keys_of_terms.tobytes(),
         "termwords.offsets": word_offsets.tobytes()})
    del records, texts, word_keys_of_terms
    for name, pairs in (("post", posts), ("vocab", vocab), ("grams", grams)):
        put(pairs.sections(name))
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
            typecode = "Q" if name.endswith(".keys") or name == "termwords.values" else \
                "I" if name.endswith((".offsets", ".values")) else None
            self.s[name] = section.cast(typecode) if typecode else section
        self.langs: list[str] = self.meta["langs"]
        self.domains: list[str] = self.meta["domains"]

    def lookup(self, table: str, key: int, limit: int) -> Sequence[int]:
        keys = self.s[table + ".keys"]
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return ()
        offsets = self.s[table + ".offsets"]
        start = offsets[i]
        return self.s[table + ".values"][start:min(offsets[i + 1], start + limit)]

    def string(self, name: str, i: int) -> str:
        offsets = self.s[name + ".offsets"]
        return bytes(self.s[name][offsets[i]:offsets[i + 1]]).decode("utf-8")

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
        """The hashes of a term's word keys (``key_hash(WORD, ...)``, ``key_hash(LATIN_WORD, ...)``)."""
        segment = self.segments[ref[0]]
        offsets = segment.s["termwords.offsets"]
        return set(segment.s["termwords.values"][offsets[ref[1]]:offsets[ref[1] + 1]])

    def vocab(self, kind: int, word: str) -> set[str]:
        """The lemma keys of an inflected Russian form (``V_FORM``) or of its Latin key (``V_LATIN``)."""
        h = key_hash(kind, word)
        return {segment.string("lemmas", i) for segment in self.segments for i in segment.lookup("vocab", h, 64)}

    def similar(self, word: str, limit: int = 50, edits: int = 1, kind: int = G_LATIN) -> list[str]:
        """Words of the base one edit away from ``word`` (they share a deletion variant): Latin
        keys (``G_LATIN``) or folded words (``G_WORD``); with ``edits=2``, also those that two
        deletions of ``word`` meet (most two-edit typos)."""
        if len(word) < FUZZY_MIN:
            return []
        found: set[str] = set()
        variants = deletions(word)
        if edits > 1:
            variants = {v2 for v in variants for v2 in deletions(v)}
        hashes = [key_hash(kind, variant) for variant in variants]
        for segment in self.segments:
            for h in hashes:
                for wid in segment.lookup("grams", h, limit):
                    found.add(segment.string("words", wid))
        return sorted(found)[:limit * 4]

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
        data: dict[str, Any] = json.loads(self.segments[segment].string("cards", cid))
        terms = {lang: [Term(lang=lang, **t) for t in items] for lang, items in data.get("terms", {}).items()}
        return Concept(data["id"], data["domain"], definition=data.get("definition", {}), note=data.get("note"),
                       related=data.get("related", []), terms=terms)
