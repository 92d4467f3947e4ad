"""CSV: the lossless long format (one row per term) for spreadsheets; TSV pairs for OmegaT.

The columns are documented in docs/interchange.md. UTF-8 with a BOM (so that Excel reads it
as UTF-8), comma separated, CRLF line ends, cells quoted only where needed. Concept-level
values (``definition`` in the row's language, ``concept_note``, ``related``) are written on
the first row they belong to; on import they may be repeated on other rows, but not changed.

>>> from glossary.model import Concept, Term
>>> csto = Concept("csto", "organization", definition={"en": "A military alliance."},
...                terms={"en": [Term("CSTO", "en", type="acronym", case_sensitive=True)],
...                       "ru": [Term("ОДКБ", "ru", type="acronym", case_sensitive=True)]})
>>> data = write_csv([csto])
>>> data[:3] == BOM.encode()
True
>>> print(data.decode("utf-8-sig").splitlines()[2])
csto,organization,en,CSTO,preferred,acronym,,,,,,,,,true,true,1,,,,A military alliance.,,
>>> read_csv(data).concepts == [csto]
True
>>> write_tsv([csto], ["en", "ru"]).decode()
'CSTO\\tОДКБ\\tcsto\\n'
"""
from __future__ import annotations

import csv
import io
from typing import Iterator, Sequence

from ..errors import InputError
from ..model import GENDERS, PARTS_OF_SPEECH, PLURAL_CATEGORIES, STATUSES, TERM_TYPES, Concept, Term, language_order
from . import Parsed, blank_term, boolean, choice, is_id, map_language, reliability

BOM = "\ufeff"
FORM_COLUMNS = tuple(f"form_{c}" for c in PLURAL_CATEGORIES)
COLUMNS = ("concept", "domain", "lang", "term", "status", "type", "pos", "gender", *FORM_COLUMNS,
           "case_sensitive", "translate", "reliability", "source", "note", "context",
           "definition", "concept_note", "related")
REQUIRED = ("concept", "lang", "term")
TERM_COLUMNS = COLUMNS[COLUMNS.index("status"):COLUMNS.index("definition")]
_CHOICES = {"status": STATUSES, "type": TERM_TYPES, "pos": PARTS_OF_SPEECH, "gender": GENDERS}


def _term_cells(term: Term) -> dict[str, str]:
    cells = {"term": term.text, "status": term.status, "type": term.type or "", "pos": term.pos or "",
             "gender": term.gender or "", "case_sensitive": "true" if term.case_sensitive else "false",
             "translate": "true" if term.translate else "false", "reliability": str(term.reliability),
             "source": term.source or "", "note": term.note or "", "context": term.context or ""}
    cells.update({f"form_{c}": term.forms.get(c, "") for c in PLURAL_CATEGORIES})
    return cells


def rows(concept: Concept) -> Iterator[list[str]]:
    """The rows of one concept, in the order of COLUMNS."""
    langs = sorted({lang for lang, terms in concept.terms.items() if terms} | set(concept.definition), key=language_order)
    concept_cells = {"concept_note": concept.note or "", "related": " ".join(concept.related)}
    for lang in langs:
        for i, term in enumerate(concept.terms.get(lang) or [None]):
            cells = {"concept": concept.id, "domain": concept.domain, "lang": lang, **concept_cells}
            concept_cells = {}
            if term is not None:
                cells.update(_term_cells(term))
            if i == 0:
                cells["definition"] = concept.definition.get(lang, "")
            yield [cells.get(column, "") for column in COLUMNS]
    if concept_cells:  # a concept without terms or definitions
        cells = {"concept": concept.id, "domain": concept.domain, **concept_cells}
        yield [cells.get(column, "") for column in COLUMNS]


def write_csv(concepts: Sequence[Concept], langs: Sequence[str] | None = None) -> bytes:
    """The long format: a BOM, the header, one row per term (plus rows for concept-level data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for concept in concepts:
        writer.writerows(rows(concept))
    return (BOM + out.getvalue()).encode("utf-8")


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def write_tsv(concepts: Sequence[Concept], langs: Sequence[str] | None = None) -> bytes:
    """OmegaT-style glossary: ``source term TAB target term TAB comment``, one line per source term.

    Every source term of a concept is paired with the preferred target term; the comment names
    the concept, the other usable target terms (``also:``) and those to avoid (``avoid:``).
    Lossy by design; there is no TSV import.
    """
    if not langs or len(langs) != 2:
        raise InputError("--format tsv needs two languages: --lang SOURCE,TARGET (for example --lang en,ru)")
    source, target = langs
    lines = []
    for concept in concepts:
        preferred = concept.preferred(target)
        if preferred is None:
            continue
        targets = concept.terms.get(target, [])
        comment = [concept.id]
        also = [t.text for t in targets if t.usable and t is not preferred]
        avoid = [t.text for t in targets if not t.usable]
        if also:
            comment.append("also: " + ", ".join(also))
        if avoid:
            comment.append("avoid: " + ", ".join(avoid))
        for term in concept.terms.get(source, []):
            note = comment + ([f"source term {term.status}"] if not term.usable else [])
            lines.append("\t".join(_clean(x) for x in (term.text, preferred.text, "; ".join(note))))
    return "".join(line + "\n" for line in lines).encode("utf-8")


# --- reading -------------------------------------------------------------------------------

def _records(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; the delimiter (comma, semicolon or tab) read off the header."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise InputError(f"not valid CSV: {e}", path, reader.line_num) from None
        yield line, record
        line = reader.line_num + 1


class _Builder:
    """Collects rows into concepts, checking that concept-level values agree."""

    def __init__(self, parsed: Parsed):
        self.parsed = parsed
        self.concepts: dict[str, Concept] = {}
        self.where: dict[tuple[str, ...], int] = {}
        self.skipped: set[str] = set()

    def error(self, message: str, line: int) -> InputError:
        return InputError(message, self.parsed.path, line)

    def once(self, key: tuple[str, ...], old: str | None, new: str, line: int) -> str | None:
        """The value of a concept-level field that may be repeated but not changed."""
        if not new:
            return old
        if old and old != new:
            raise self.error(f"{key[1]} of {key[0]} differs from the one on line {self.where[key]}", line)
        self.where.setdefault(key, line)
        return new

    def row(self, line: int, cells: dict[str, str]) -> None:
        cid = cells.get("concept", "").strip()
        if not is_id(cid):
            raise self.error(f"concept id {cid!r} is not a lower-case slug such as 'hypersonic-missile'"
                             if cid else "no concept id", line)
        concept = self.concepts.get(cid)
        if concept is None:
            concept = self.concepts[cid] = Concept(cid, "", file=self.parsed.path, line=line)
        concept.domain = self.once((cid, "domain"), concept.domain, cells.get("domain", "").strip(), line) or ""
        concept.note = self.once((cid, "concept_note"), concept.note, cells.get("concept_note", ""), line)
        related = cells.get("related", "").replace(",", " ").split()
        for rid in related:
            if not is_id(rid):
                raise self.error(f"related id {rid!r} is not a concept id", line)
        joined = self.once((cid, "related"), " ".join(concept.related), " ".join(related), line)
        concept.related = joined.split() if joined else []
        text, definition, code = cells.get("term", ""), cells.get("definition", ""), cells.get("lang", "").strip()
        if not (text.strip() or definition):
            filled = [c for c in TERM_COLUMNS if cells.get(c, "").strip()]
            if filled:
                raise self.error(f"{filled[0]} is filled in but the term is empty", line)
            return
        if not code:
            raise self.error("no language (the lang column is empty)", line)
        try:
            lang, mapped = map_language(code)
        except ValueError as e:
            raise self.error(str(e), line) from None
        if lang is None:
            self.parsed.notes.skip(mapped or code, f"line {line}")
            self.skipped.add(cid)
            return
        if mapped:
            self.parsed.notes.map(mapped)
        if definition:
            concept.definition[lang] = self.once((cid, f"definition [{lang}]"), concept.definition.get(lang),
                                                 definition, line) or definition
        if text.strip():
            self.term(concept, lang, text, cells, line)

    def term(self, concept: Concept, lang: str, text: str, cells: dict[str, str], line: int) -> None:
        key = (concept.id, lang, text)
        if key in self.where:
            raise self.error(f"{concept.id} [{lang}] {text!r} is listed twice (first on line {self.where[key]})", line)
        self.where[key] = line
        term = blank_term(text, lang)
        term.line = line
        try:
            for name, allowed in _CHOICES.items():
                value = cells.get(name, "").strip()
                if value:
                    setattr(term, name, choice(name, value, allowed))
            for name in ("case_sensitive", "translate"):
                if cells.get(name, "").strip():
                    setattr(term, name, boolean(name, cells[name]))
            if cells.get("reliability", "").strip():
                term.reliability = reliability(cells["reliability"])
        except ValueError as e:
            raise self.error(str(e), line) from None
        for name in ("source", "note", "context"):
            setattr(term, name, cells.get(name) or None)
        term.forms = {c: cells[f"form_{c}"] for c in PLURAL_CATEGORIES if cells.get(f"form_{c}")}
        concept.add_term(term)

    def result(self) -> list[Concept]:
        out = []
        for concept in self.concepts.values():
            if concept.id in self.skipped and not concept.terms and not concept.definition:
                self.parsed.notes.skip("concept without a term in a language of the base", concept.id)
                continue
            out.append(concept)
        return out


def read_csv(data: bytes, path: str = "<csv>") -> Parsed:
    """Read the long format (a header naming at least concept, lang and term; see docs/interchange.md)."""
    parsed = Parsed([], path, strict=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 (byte 0x{data[e.start]:02x}); save the file as CSV UTF-8", path,
                         data[: e.start].count(b"\n") + 1) from None
    if "\x00" in text:
        raise InputError("binary file, expected CSV text", path)
    records = _records(text, path)
    header_line, header = next(records, (1, []))
    names = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} in the header "
                         f"(it needs at least {', '.join(REQUIRED)}; the columns are {', '.join(COLUMNS)})",
                         path, header_line)
    for name in names:
        if names.count(name) > 1:
            raise InputError(f"column {name!r} appears twice in the header", path, header_line)
        if name not in COLUMNS:
            parsed.notes.skip(f"column {name!r} is not a column of the format; ignored")
    builder = _Builder(parsed)
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(names):
            raise InputError(f"{len(record)} cells, but the header has {len(names)} columns", path, line)
        builder.row(line, dict(zip(names, record)))
    parsed.concepts = builder.result()
    return parsed
