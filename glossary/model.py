"""The data model: concepts and their terms, aligned with TBX (ISO 30042).

>>> t = Term("ОДКБ", "ru", status="admitted", type="acronym", case_sensitive=True)
>>> c = Concept("csto", "organization", terms={"ru": [Term("Организация Договора о коллективной безопасности", "ru"), t]})
>>> c.preferred("ru").text
'Организация Договора о коллективной безопасности'
>>> [x.text for x in c.all_terms() if x.type == "acronym"]
['ОДКБ']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

#: The languages of the base, in display order.
LANGUAGES = ("ru", "en", "be", "kk", "ky", "tg", "hy")
STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
TERM_TYPES = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
PARTS_OF_SPEECH = ("noun", "adjective", "verb", "adverb", "properNoun", "other")
GENDERS = ("masculine", "feminine", "neuter", "other")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
DOMAINS = ("organization", "geography", "people", "weapons", "military", "security", "legal")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
#: Statuses a translator may use.
USABLE = ("preferred", "admitted")


def check_language(code: str) -> str:
    """A language code of the base, normalised (``ru_RU`` → ``ru``; a script subtag is kept:
    ``be-latn`` → ``be-Latn``); anything else is an InputError.

    >>> check_language("ru_RU"), check_language("be-latn"), check_language("EN")
    ('ru', 'be-Latn', 'en')
    """
    from .errors import InputError

    text = (code or "").strip().replace("_", "-")
    base = base_language(text)
    if base not in LANGUAGES:
        raise InputError(f"unknown language {code!r} (known: {' '.join(LANGUAGES)})")
    parts = text.split("-")
    if len(parts) > 1 and len(parts[1]) == 4 and parts[1].isalpha():
        return f"{base}-{parts[1].title()}"
    return base


def base_language(lang: str) -> str:
    """The language without script or region subtag: ``be-Latn`` → ``be``."""
    return lang.replace("_", "-").split("-")[0].lower()


def language_order(lang: str) -> tuple[int, str]:
    """Sort key: the base's languages in their display order, then any others.

    >>> sorted(["hy", "xx", "be-Latn", "ru", "be"], key=language_order)
    ['ru', 'be', 'be-Latn', 'hy', 'xx']
    """
    base = base_language(lang)
    return (LANGUAGES.index(base) if base in LANGUAGES else len(LANGUAGES), lang)


@dataclass
class Term:
    """One designation of a concept in one language."""

    text: str
    lang: str
    status: str = "preferred"
    type: str = "fullForm"
    pos: str | None = None
    gender: str | None = None
    forms: dict[str, str] = field(default_factory=dict)
    case_sensitive: bool = False
    translate: bool = True
    reliability: int = 1
    source: str | None = None
    note: str | None = None
    context: str | None = None
    concept: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def usable(self) -> bool:
        """Preferred and admitted terms may be used; deprecated and forbidden may not."""
        return self.status in USABLE


@dataclass
class Concept:
    """A unit of meaning with its definitions and its terms in every language."""

    id: str
    domain: str
    definition: dict[str, str] = field(default_factory=dict)
    note: str | None = None
    related: list[str] = field(default_factory=list)
    terms: dict[str, list[Term]] = field(default_factory=dict)
    file: str | None = field(default=None, compare=False, repr=False)
    line: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for terms in self.terms.values():
            for term in terms:
                term.concept = self.id

    def preferred(self, lang: str) -> Term | None:
        """The preferred term in ``lang`` (else the first admitted one), or None."""
        terms = self.terms.get(lang, [])
        for status in USABLE:
            for term in terms:
                if term.status == status:
                    return term
        return None

    def all_terms(self) -> Iterator[Term]:
        for terms in self.terms.values():
            yield from terms

    def add_term(self, term: Term) -> None:
        term.concept = self.id
        self.terms.setdefault(term.lang, []).append(term)
