"""JSON: the whole model for scripts, every field present, keys in a fixed order.

Shape: ``{"format": "glossary", "version": 1, "concepts": [concept, ...]}`` where a concept is
``{"id", "domain", "definition": {lang: text}, "note", "related": [id], "terms": {lang: [term]}}``
and a term is ``{"text", "status", "type", "pos", "gender", "forms": {category: text},
"case_sensitive", "translate", "reliability", "source", "note", "context"}`` (``null`` where
unset). On import a missing key or ``null`` means "not stated"; unknown keys are errors.

>>> from glossary.model import Concept, Term
>>> spy = Concept("spy", "security", terms={"en": [Term("spy", "en", reliability=3, source="NATOTerm")]})
>>> data = write_json([spy])
>>> json.loads(data)["concepts"][0]["terms"]["en"][0]["reliability"]
3
>>> read_json(data).concepts == [spy]
True
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from ..errors import InputError
from ..model import GENDERS, PARTS_OF_SPEECH, PLURAL_CATEGORIES, STATUSES, TERM_TYPES, Concept, Term, language_order
from . import Parsed, blank_term, choice, is_id, map_language, reliability

FORMAT = "glossary"
VERSION = 1
CONCEPT_KEYS = ("id", "domain", "definition", "note", "related", "terms")
TERM_KEYS = ("text", "status", "type", "pos", "gender", "forms", "case_sensitive", "translate", "reliability",
             "source", "note", "context")
_CHOICES = {"status": STATUSES, "type": TERM_TYPES, "pos": PARTS_OF_SPEECH, "gender": GENDERS}


def term_dict(term: Term) -> dict[str, Any]:
    out: dict[str, Any] = {key: getattr(term, key) for key in TERM_KEYS}
    out["forms"] = {c: term.forms[c] for c in PLURAL_CATEGORIES if c in term.forms}
    return out


def concept_dict(concept: Concept) -> dict[str, Any]:
    return {"id": concept.id, "domain": concept.domain,
            "definition": {k: concept.definition[k] for k in sorted(concept.definition, key=language_order)},
            "note": concept.note, "related": list(concept.related),
            "terms": {lang: [term_dict(t) for t in concept.terms[lang]]
                      for lang in sorted(concept.terms, key=language_order) if concept.terms[lang]}}


def write_json(concepts: Sequence[Concept], langs: Sequence[str] | None = None) -> bytes:
    data = {"format": FORMAT, "version": VERSION, "concepts": [concept_dict(c) for c in concepts]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class _Reader:
    def __init__(self, parsed: Parsed):
        self.parsed = parsed

    def error(self, where: str, message: str) -> InputError:
        return InputError(f"{where}: {message}", self.parsed.path)

    def mapping(self, value: Any, where: str, keys: tuple[str, ...] = ()) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(where, f"expected an object, got {type(value).__name__}")
        for key in value:
            if keys and key not in keys:
                raise self.error(where, f"unknown key {key!r} (expected {', '.join(keys)})")
        return value

    def text(self, value: Any, where: str) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.error(where, f"expected text, got {type(value).__name__}")
        return value

    def language(self, code: str, where: str) -> str | None:
        try:
            lang, note = map_language(code)
        except ValueError as e:
            raise self.error(where, str(e)) from None
        if lang is None:
            self.parsed.notes.skip(note or code, where)
        elif note:
            self.parsed.notes.map(note)
        return lang

    def concept(self, value: Any, where: str) -> Concept | None:
        data = self.mapping(value, where, CONCEPT_KEYS)
        cid = self.text(data.get("id"), f"{where}.id") or ""
        if not is_id(cid):
            raise self.error(f"{where}.id", f"concept id {cid!r} is not a lower-case slug")
        concept = Concept(cid, self.text(data.get("domain"), f"{where}.domain") or "", file=self.parsed.path)
        for code, text in self.mapping(data.get("definition"), f"{where}.definition").items():
            lang = self.language(code, f"{where}.definition.{code}")
            text = self.text(text, f"{where}.definition.{code}")
            if lang and text:
                concept.definition[lang] = text
        concept.note = self.text(data.get("note"), f"{where}.note")
        related = data.get("related") or []
        if not isinstance(related, list) or not all(isinstance(r, str) and is_id(r) for r in related):
            raise self.error(f"{where}.related", "expected a list of concept ids")
        concept.related = list(related)
        skipped = False
        for code, terms in self.mapping(data.get("terms"), f"{where}.terms").items():
            lang = self.language(code, f"{where}.terms.{code}")
            if not isinstance(terms, list):
                raise self.error(f"{where}.terms.{code}", "expected a list of terms")
            skipped |= lang is None
            for i, term in enumerate(terms if lang else []):
                concept.add_term(self.term(term, lang, f"{where}.terms.{code}[{i}]"))
        if skipped and not concept.terms and not concept.definition:
            self.parsed.notes.skip("concept without a term in a language of the base", cid)
            return None
        return concept

    def term(self, value: Any, lang: str, where: str) -> Term:
        data = self.mapping(value, where, TERM_KEYS)
        text = self.text(data.get("text"), f"{where}.text")
        if not text or not text.strip():
            raise self.error(f"{where}.text", "a term needs its text")
        term = blank_term(text, lang)
        try:
            for name, allowed in _CHOICES.items():
                if data.get(name) is not None:
                    setattr(term, name, choice(name, self.text(data[name], f"{where}.{name}") or "", allowed))
            for name in ("case_sensitive", "translate"):
                if data.get(name) is not None:
                    if not isinstance(data[name], bool):
                        raise ValueError(f"{name} must be true or false")
                    setattr(term, name, data[name])
            if data.get("reliability") is not None:
                if not isinstance(data["reliability"], int):
                    raise ValueError("reliability must be a whole number from 1 to 4")
                term.reliability = reliability(data["reliability"])
        except ValueError as e:
            raise self.error(where, str(e)) from None
        for name in ("source", "note", "context"):
            setattr(term, name, self.text(data.get(name), f"{where}.{name}"))
        forms = self.mapping(data.get("forms"), f"{where}.forms", PLURAL_CATEGORIES)
        term.forms = {c: self.text(forms[c], f"{where}.forms.{c}") for c in PLURAL_CATEGORIES if forms.get(c)}
        return term


def read_json(data: bytes, path: str = "<json>") -> Parsed:
    """Read the shape that :func:`write_json` writes (a bare list of concepts is accepted too)."""
    parsed = Parsed([], path, strict=True)
    try:
        root = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 (byte 0x{data[e.start]:02x})", path) from None
    except json.JSONDecodeError as e:
        raise InputError(f"not valid JSON: {e.msg}", path, e.lineno) from None
    except RecursionError:
        raise InputError("refused: the JSON is nested too deeply", path) from None
    reader = _Reader(parsed)
    if isinstance(root, dict):
        top = reader.mapping(root, "top level", ("format", "version", "concepts"))
        if top.get("format", FORMAT) != FORMAT or top.get("version", VERSION) != VERSION:
            raise reader.error("top level", f"expected format {FORMAT!r} version {VERSION}")
        root = top.get("concepts", [])
    if not isinstance(root, list):
        raise reader.error("concepts", "expected a list of concepts")
    seen: set[str] = set()
    for i, value in enumerate(root):
        concept = reader.concept(value, f"concepts[{i}]")
        if concept is None:
            continue
        if concept.id in seen:
            raise reader.error(f"concepts[{i}].id", f"concept {concept.id!r} appears twice")
        seen.add(concept.id)
        parsed.concepts.append(concept)
    return parsed
