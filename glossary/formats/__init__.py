"""Interchange formats: TBX, CSV, TSV, JSON (and translated .po on import), and what they share.

The registry maps a format name or a file extension to its reader and writer:

>>> detect_format("out/base.TBX"), detect_format("terms.csv"), detect_format("x.yaml", "json")
('tbx', 'csv', 'json')
>>> detect_format("terms.txt")
Traceback (most recent call last):
...
glossary.errors.InputError: terms.txt: cannot tell the format from the extension '.txt'; give --format (tbx, csv, tsv, json, po)

Readers return a :class:`Parsed`: concepts whose fields are ``None`` where the file did not
state them (a foreign TBX without reliability, a CSV cell left empty), plus what was mapped
or skipped. :func:`import_file` completes them against the base (:func:`complete`), merges
them with :func:`glossary.merge.merge_concepts` and saves the base (unless ``dry_run``).
"""
from __future__ import annotations

import copy
import hashlib
import importlib
import inspect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..atomic import read_bytes
from ..errors import InputError
from ..model import DOMAINS, ID_PATTERN, LANGUAGES, Concept, Term, base_language

if TYPE_CHECKING:
    from ..merge import ImportReport
    from ..termbase import TermBase


@dataclass(frozen=True)
class Format:
    """One interchange format: its extensions and the ``module:function`` of its reader/writer."""

    name: str
    extensions: tuple[str, ...]
    reader: str | None
    writer: str | None
    lossless: bool


FORMATS: dict[str, Format] = {
    "tbx": Format("tbx", (".tbx", ".xml"), "tbx:read_tbx", "tbx:write_tbx", True),
    "csv": Format("csv", (".csv",), "csvfile:read_csv", "csvfile:write_csv", True),
    "tsv": Format("tsv", (".tsv", ".tab"), None, "csvfile:write_tsv", False),
    "json": Format("json", (".json",), "jsonfile:read_json", "jsonfile:write_json", True),
    "po": Format("po", (".po",), None, None, False),
}
EXPORT_FORMATS = tuple(name for name, f in FORMATS.items() if f.writer)
IMPORT_FORMATS = ("tbx", "csv", "json", "po")


def detect_format(path: str | Path | None, fmt: str | None = None) -> str:
    """The format ``fmt`` when given, else the one the extension of ``path`` names."""
    if fmt:
        if fmt.lower() not in FORMATS:
            raise InputError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
        return fmt.lower()
    suffix = Path(str(path or "")).suffix.lower()
    for name, info in FORMATS.items():
        if suffix in info.extensions:
            return name
    raise InputError(f"cannot tell the format from the extension {suffix!r}; give --format ({', '.join(FORMATS)})",
                     path)


def _function(spec: str) -> Callable:
    module, name = spec.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


class Notes:
    """What a reader mapped or skipped, grouped so that a thousand alike cases make one line.

    >>> notes = Notes()
    >>> for item in ("c5 courriel", "c6 base de données"):
    ...     notes.skip("language fr is not a language of the base", item)
    >>> notes.map("en-US → en")
    >>> notes.lines("skipped"), notes.lines("mapped")
    (['language fr is not a language of the base (2: c5 courriel, c6 base de données)'], ['en-US → en'])
    """

    SHOWN = 5

    def __init__(self) -> None:
        self._groups: dict[tuple[str, str], list[str]] = {}

    def add(self, kind: str, message: str, item: str | None = None) -> None:
        items = self._groups.setdefault((kind, message), [])
        if item is not None:
            items.append(item)

    def skip(self, message: str, item: str | None = None) -> None:
        self.add("skipped", message, item)

    def map(self, message: str, item: str | None = None) -> None:
        self.add("mapped", message, item)

    def lines(self, kind: str) -> list[str]:
        out = []
        for (k, message), items in self._groups.items():
            if k != kind:
                continue
            if items:
                shown = ", ".join(items[: self.SHOWN]) + (", …" if len(items) > self.SHOWN else "")
                message = f"{message} ({len(items)}: {shown})"
            out.append(message)
        return out


@dataclass
class Parsed:
    """Concepts read from a file (``None`` = not stated there) and what was mapped or skipped."""

    concepts: list[Concept]
    path: str
    notes: Notes = field(default_factory=Notes)
    #: our own formats (CSV, JSON): a domain that is not one of the base is an error, not a skip
    strict: bool = False


# --- languages -----------------------------------------------------------------------------

_ISO639_2 = {"rus": "ru", "eng": "en", "bel": "be", "kaz": "kk", "kir": "ky", "tgk": "tg", "hye": "hy", "arm": "hy"}
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?((?:[-_][A-Za-z0-9]{1,8})*)$")


@lru_cache(maxsize=256)
def map_language(code: str) -> tuple[str | None, str | None]:
    """Map a language tag to a language of the base.

    Returns ``(lang, None)`` when ``code`` is used as it is, ``(lang, "en-US → en")`` when it was
    mapped, ``(None, reason)`` for a real language the base does not hold; raises ValueError for
    something that is not a language code.

    >>> map_language("ru"), map_language("en-US"), map_language("be-Latn"), map_language("kk-Cyrl-KZ")
    (('ru', None), ('en', 'en-US → en'), ('be-Latn', None), ('kk', 'kk-Cyrl-KZ → kk'))
    >>> map_language("fr")
    (None, 'language fr is not one of ru en be kk ky tg hy')
    >>> map_language("english")
    Traceback (most recent call last):
    ...
    ValueError: unknown language code 'english'
    """
    from ..text.scripts import SCRIPTS

    match = _TAG.match(code.strip())
    if not match:
        raise ValueError(f"unknown language code {code!r}")
    lang, script, _region, _rest = match.groups()
    lang = _ISO639_2.get(lang.lower(), lang.lower())
    if lang not in LANGUAGES:
        from babel import localedata

        if not localedata.exists(lang):
            raise ValueError(f"unknown language code {code!r}")
        return None, f"language {code} is not one of {' '.join(LANGUAGES)}"
    mapped = lang if not script or script.title() == SCRIPTS.get(lang) else f"{lang}-{script.title()}"
    return mapped, None if mapped == code else f"{code} → {mapped}"


# --- ids -----------------------------------------------------------------------------------

def term_slug(term: Term, taken: set[str] | None = None) -> str:
    """A concept id made from a term; Cyrillic and Armenian are romanised first (BGN/PCGN).

    >>> term_slug(Term("гиперзвуковая ракета", "ru"))
    'giperzvukovaya-raketa'
    """
    text = term.text
    if not re.search(r"[A-Za-z0-9]", unicodedata.normalize("NFKD", text)):
        try:
            from ..text.translit import romanise

            text = romanise(text, base_language(term.lang)) or text
        except (ImportError, ValueError, KeyError):
            pass
    return slug_id(text, taken)


def slug_id(text: str, taken: set[str] | None = None) -> str:
    """A concept id made from a term or a foreign id: lower-case ASCII words joined by hyphens.

    >>> slug_id("Collective Security Treaty Organization")
    'collective-security-treaty-organization'
    >>> slug_id("Élysée Treaty", {"elysee-treaty"}), slug_id("2nd army")
    ('elysee-treaty-2', 'c-2nd-army')
    >>> slug_id("ракета")[:8]
    'concept-'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        if len(slug) + len(word) > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        slug = "concept-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    if not slug[0].isalpha():
        slug = "c-" + slug
    taken = taken or set()
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# --- values --------------------------------------------------------------------------------

def choice(name: str, value: str, allowed: Sequence[str]) -> str:
    """``value`` as spelled in ``allowed`` (case-insensitive), else ValueError naming the choices.

    >>> choice("type", "fullform", ("fullForm", "acronym"))
    'fullForm'
    """
    for option in allowed:
        if value.strip().lower() == option.lower():
            return option
    raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")


def boolean(name: str, value: str) -> bool:
    """true/yes/1 or false/no/0, else ValueError.

    >>> boolean("translate", "False"), boolean("case_sensitive", "yes")
    (False, True)
    """
    text = value.strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise ValueError(f"{name} {value!r} is not true or false")


def reliability(value: str | int) -> int:
    """A reliability code from 1 to 4 (IATE scale), else ValueError.

    >>> reliability("3")
    3
    """
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 4 or isinstance(value, bool):
        raise ValueError(f"reliability {value!r} is not a whole number from 1 to 4")
    return number


# --- export --------------------------------------------------------------------------------

def select(concepts: Iterable[Concept], langs: Sequence[str] | None = None,
           domains: Sequence[str] | None = None) -> list[Concept]:
    """Copies of the concepts of ``domains`` with only the terms and definitions of ``langs``.

    ``be`` also selects ``be-Latn``. A concept with nothing left in those languages is left out.
    """
    out = []
    for concept in concepts:
        if domains and concept.domain not in domains:
            continue
        if not langs:
            out.append(concept)
            continue
        def wanted(lang: str) -> bool:
            return lang in langs or base_language(lang) in langs

        copied = copy.deepcopy(concept)
        copied.terms = {lang: terms for lang, terms in copied.terms.items() if wanted(lang) and terms}
        copied.definition = {lang: text for lang, text in copied.definition.items() if wanted(lang)}
        if copied.terms or copied.definition:
            out.append(copied)
    return out


def export_concepts(concepts: Iterable[Concept], fmt: str, langs: Sequence[str] | None = None) -> bytes:
    """The bytes of ``concepts`` in format ``fmt`` (tbx, csv, tsv, json)."""
    info = FORMATS[detect_format(None, fmt)]
    if not info.writer:
        raise InputError(f"cannot export to {fmt}; export formats: {', '.join(EXPORT_FORMATS)}")
    return _function(info.writer)(list(concepts), langs=list(langs) if langs else None)


def export_termbase(base: "TermBase", fmt: str, langs: Sequence[str] | None = None,
                    domains: Sequence[str] | None = None) -> bytes:
    """Export the concepts of ``base`` (optionally only some languages and domains)."""
    langs = list(langs or [])
    for lang in langs:
        try:
            mapped, note = map_language(lang)
        except ValueError:
            mapped, note = None, None
        if mapped is None or note:
            hint = f" (use {mapped!r})" if mapped else ""
            raise InputError(f"--lang: {lang!r} is not one of {' '.join(LANGUAGES)}{hint}")
    known = set(DOMAINS) | set(base.domains())
    for domain in domains or []:
        if domain not in known:
            raise InputError(f"--domain: {domain!r} is not one of {', '.join(sorted(known))}")
    return export_concepts(select(base.concepts(), langs, domains), fmt, langs)


# --- import --------------------------------------------------------------------------------

def read_file(path: str | Path, fmt: str | None = None) -> Parsed:
    """Read an interchange file (tbx, csv, json) into a :class:`Parsed`."""
    name = detect_format(path, fmt)
    info = FORMATS[name]
    if not info.reader:
        raise InputError(f"cannot import {name} files; import formats: {', '.join(IMPORT_FORMATS)}", path)
    path = Path(path)
    data = read_bytes(path, 512 * 1024 * 1024)
    return _function(info.reader)(data, str(path))


def import_file(base: "TermBase", path: str | Path, fmt: str | None = None, *, dry_run: bool = False,
                overwrite: bool = False, domain: str | None = None) -> "ImportReport":
    """Merge the concepts of ``path`` into ``base`` and save it (unless ``dry_run``).

    Bad input raises InputError before anything is written. The report's ``exit_code`` is 0,
    or 1 when something was skipped or conflicts were kept.
    """
    from ..merge import ImportReport, merge_concepts

    if detect_format(path, fmt) == "po":
        from .. import poimport

        accepted = inspect.signature(poimport.import_po).parameters
        for name, value in (("overwrite", overwrite), ("domain", domain)):
            if value and name not in accepted:
                raise InputError(f"--{name} does not apply to .po files", path)
        options = {"dry_run": dry_run, "overwrite": overwrite, "domain": domain}
        return poimport.import_po(base, path, **{k: v for k, v in options.items() if k in accepted})
    parsed = read_file(path, fmt)
    incoming = complete(parsed, base, domain)
    report = ImportReport(skipped=parsed.notes.lines("skipped"), mapped=parsed.notes.lines("mapped"))
    merge_concepts(base, incoming, overwrite=overwrite, report=report)
    if not dry_run:
        report.written = base.save()
    return report


def complete(parsed: Parsed, base: "TermBase", default_domain: str | None = None) -> list[Concept]:
    """Resolve domains and related ids against ``base`` and fill unstated fields of new terms.

    A field left ``None`` on a term that the base already has stays ``None`` (the merge keeps the
    base's value); a new term gets the model's defaults, and a new term without a status becomes
    the preferred term of its language when that language has none yet, else admitted.
    """
    notes = parsed.notes
    known = {d.lower(): d for d in (*DOMAINS, *base.domains())}
    if default_domain is not None and default_domain.lower() not in known:
        raise InputError(f"--domain: {default_domain!r} is not one of {', '.join(sorted(known.values()))}")
    kept: list[Concept] = []
    for concept in parsed.concepts:
        if _resolve_domain(concept, base, known, default_domain, parsed):
            kept.append(concept)
    ids = {c.id for c in kept} | {c.id for c in base.concepts()}
    guessed = 0
    for concept in kept:
        related = []
        for rid in concept.related:
            if rid == concept.id or rid in related:
                continue
            if rid not in ids:
                notes.skip("related id that is neither in the file nor in the base", f"{concept.id} → {rid}")
                continue
            related.append(rid)
        concept.related = related
        guessed += _complete_terms(concept, base.concept(concept.id))
    if guessed:
        notes.map("terms without a status: the first of a language without a preferred term taken as preferred, "
                  f"the others as admitted ({guessed} terms)")
    return kept


def _resolve_domain(concept: Concept, base: "TermBase", known: dict[str, str], default: str | None,
                    parsed: Parsed) -> bool:
    stated = (concept.domain or "").strip()
    if stated.lower() in known:
        concept.domain = known[stated.lower()]
        return True
    existing = base.concept(concept.id)
    what = f"subject field {stated!r} is not a domain of the base" if stated else "no subject field"
    if parsed.strict and stated:
        raise InputError(f"{concept.id}: domain {stated!r} is not one of {', '.join(sorted(known.values()))}",
                         concept.file or parsed.path, concept.line)
    if default:
        concept.domain = known[default.lower()]
        if stated:
            parsed.notes.map(f"subject field {stated!r} → domain {concept.domain!r} (--domain)", concept.id)
        return True
    if existing is not None:
        concept.domain = ""
        if stated:
            parsed.notes.map(f"{what}: kept the base's domain", concept.id)
        return True
    if parsed.strict:
        raise InputError(f"{concept.id}: a new concept needs a domain (fill the domain column or give --domain)",
                         concept.file or parsed.path, concept.line)
    parsed.notes.skip(f"{what}; give --domain to import these concepts", concept.id)
    return False


def _complete_terms(concept: Concept, existing: Concept | None) -> int:
    from ..merge import find_term

    guessed = 0
    for lang, terms in concept.terms.items():
        base_terms = existing.terms.get(lang, []) if existing else []
        has_preferred = any(t.status == "preferred" for t in [*base_terms, *terms])
        for term in terms:
            if existing is not None and find_term(existing, lang, term.text) is not None:
                continue
            if term.status is None:
                term.status = "admitted" if has_preferred else "preferred"
                has_preferred = True
                guessed += 1
            for name, default in (("type", "fullForm"), ("case_sensitive", False), ("translate", True),
                                  ("reliability", 1)):
                if getattr(term, name) is None:
                    setattr(term, name, default)
    return guessed


def blank_term(text: str, lang: str) -> Term:
    """A term with every field unstated (``None``), for readers to fill in.

    >>> blank_term("spy", "en").status is None
    True
    """
    term = Term(text, lang)
    for name in ("status", "type", "case_sensitive", "translate", "reliability"):
        setattr(term, name, None)
    return term


def is_id(text: str) -> bool:
    """True for a concept id: a lower-case slug that starts with a letter.

    >>> is_id("hypersonic-missile"), is_id("C1")
    (True, False)
    """
    return bool(ID_PATTERN.match(text))
