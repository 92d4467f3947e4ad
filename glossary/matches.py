"""A lookup's answer: the concepts found (:class:`Match`), the term to use instead of a
deprecated or forbidden one, and the JSON shape of a match.

>>> from glossary.model import Concept, Term
>>> entry = Concept("csto", "organization", terms={"en": [Term("CSTO", "en", type="acronym"),
...     Term("ODKB", "en", status="forbidden", type="acronym")]})
>>> match = Match("csto", 98, "exact", entry.terms["en"][1], "organization", entry)
>>> match.replacement.text, to_json("ODKB", [match])["matches"][0]["matched"]
('CSTO', {'lang': 'en', 'term': 'ODKB', 'status': 'forbidden', 'use': 'CSTO'})
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from .model import Concept, Term, base_language, language_order

#: A forbidden acronym is replaced by a usable acronym where there is one (ODKB → CSTO).
SHORT_TYPES = ("acronym", "abbreviation", "shortForm")


@dataclass
class Match:
    """A concept found by a lookup: its id, score (0-100), layer and the term that matched."""

    concept: str
    score: int
    via: str
    term: Term
    domain: str
    entry: Concept = field(repr=False)
    #: The languages to show (``to``), None for all.
    languages: list[str] | None = field(default=None, repr=False)

    @property
    def replacement(self) -> Term | None:
        """For a deprecated or forbidden term: the term to use instead (same type if there is one)."""
        if self.term.usable:
            return None
        usable = [t for t in self.entry.terms.get(self.term.lang, []) if t.usable]
        if self.term.type in SHORT_TYPES:
            same_type = [t for t in usable if t.type == self.term.type]
            if same_type:
                return same_type[0]
        return self.entry.preferred(self.term.lang)

    def shown_languages(self) -> list[str]:
        """The languages of the entry to show, in the base's order (limited by ``to``)."""
        return _shown_languages(self.entry, self.languages)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a match (only the languages chosen by ``to`` in ``terms`` and ``definition``)."""
        langs = self.shown_languages()
        matched: dict[str, Any] = {"lang": self.term.lang, "term": self.term.text, "status": self.term.status}
        if self.replacement is not None:
            matched["use"] = self.replacement.text
        terms = {lang: [_term_dict(t) for t in self.entry.terms[lang]] for lang in langs if lang in self.entry.terms}
        return {"concept": self.concept, "score": self.score, "via": self.via, "matched": matched,
                "domain": self.domain, "terms": terms,
                "definition": {lang: self.entry.definition[lang] for lang in langs if lang in self.entry.definition},
                **({"note": self.entry.note} if self.entry.note else {}),
                **({"related": list(self.entry.related)} if self.entry.related else {})}


def _term_dict(term: Term) -> dict[str, Any]:
    out: dict[str, Any] = {"term": term.text, "status": term.status, "reliability": term.reliability,
                           "type": term.type}
    for key in ("source", "pos", "gender", "note", "context"):
        value = getattr(term, key)
        if value:
            out[key] = value
    if term.forms:
        out["forms"] = dict(term.forms)
    if term.case_sensitive:
        out["case_sensitive"] = True
    if not term.translate:
        out["translate"] = False
    return out


def _shown_languages(entry: Concept, to: Iterable[str] | None) -> list[str]:
    present = list(dict.fromkeys([*entry.terms, *entry.definition]))
    present.sort(key=language_order)
    if to is None:
        return present
    wanted = list(to)
    return [lang for lang in present if lang in wanted or base_language(lang) in wanted]


def to_json(query: str, matches: list[Match]) -> dict[str, Any]:
    """The JSON document of a lookup: ``{"query": ..., "matches": [...]}``."""
    return {"query": query, "matches": [m.to_dict() for m in matches]}
