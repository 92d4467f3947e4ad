"""Translated .po files back into the term base (``glossary import FILE.po``).

Each translated entry is matched to its concept by ``msgctxt`` (the concept id; the plural
entry by ``<id>#plural``). A new target term becomes the preferred term where the language
had none, else an admitted term (reported as a conflict: curated terms are never replaced);
new terms get reliability 1 and the translator (``Last-Translator``) as source. Fuzzy
entries, unknown contexts and untranslatable plural forms are reported as skipped.

>>> po = parse_po('msgid ""\\nmsgstr "Language: ru\\\\n"\\n\\nmsgctxt "spy"\\nmsgid "spy"\\nmsgstr "шпион"\\n', "x.po")
>>> po.header["Language"], [(e.msgctxt, e.msgstr, e.line) for e in po.entries]
('ru', [('spy', 'шпион', 4)])
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from .catalogs import GENERATOR, PLURAL_SUFFIX
from .atomic import read_bytes
from .errors import InputError
from .merge import ImportReport, find_term
from .model import LANGUAGES, PLURAL_CATEGORIES, Concept, Term, base_language
from .text.normalise import nfc
from .plurals import INVARIANT, parse_plural_forms, plural_forms, plural_rule
from .termbase import TermBase

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(".*)$')
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)")
_PLACEHOLDER_TRANSLATORS = {"", "FULL NAME <EMAIL@ADDRESS>", GENERATOR}


@dataclass
class PoEntry:
    """One message of a .po file; ``line`` is where it starts (its msgctxt, else its msgid)."""

    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        if self.msgid_plural is None:
            return bool(self.msgstr)
        return any(self.msgstr_plural.values())


@dataclass
class PoFile:
    path: str
    header: dict[str, str] = field(default_factory=dict)
    header_line: int = 1
    entries: list[PoEntry] = field(default_factory=list)


def _unescape(text: str, path: str, line: int) -> str:
    def replace(match: re.Match) -> str:
        code = match.group(1)
        if code[0] == "x" and len(code) > 1:  # a bare \x is an unknown escape, below
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        if code in _ESCAPES:
            return _ESCAPES[code]
        raise InputError(f"unknown escape sequence \\{code}", path, line)

    return _ESCAPE.sub(replace, text)


def _decode(data: bytes, path: str) -> str:
    match = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:8192])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # an unfilled template header
        charset = "utf-8"
    try:
        return data.decode("utf-8-sig" if charset.lower().replace("_", "-") in ("utf-8", "utf8") else charset)
    except LookupError:
        raise InputError(f"unknown charset {charset!r} in the header", path) from None
    except UnicodeDecodeError as e:
        raise InputError(f"not valid {charset} (byte 0x{data[e.start]:02x})", path,
                         data[: e.start].count(b"\n") + 1) from None


def read_po(path: str | Path) -> PoFile:
    """Read a .po file strictly; any syntax error raises InputError with the file and line."""
    path = Path(path)
    data = read_bytes(path)
    if data[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
        raise InputError("a compiled .mo file; import the .po file", path)
    return parse_po(_decode(data, str(path)), str(path))


def parse_po(text: str, path: str = "<po>") -> PoFile:
    """Parse the text of a .po file (see :func:`read_po`)."""
    po = PoFile(path)
    entries: list[PoEntry] = []
    entry, last, flags, seen = PoEntry(), None, set(), {}

    def finish(line: int) -> None:
        nonlocal entry, last
        if last is None:
            return
        if entry.msgstr is None and not entry.msgstr_plural:
            raise InputError("message without msgstr", path, entry.line or line)
        if entry.msgid_plural is not None and entry.msgstr is not None:
            raise InputError("plural message with a singular msgstr (use msgstr[0] ...)", path, entry.line)
        if entry.msgid_plural is None and entry.msgstr_plural:
            raise InputError("msgstr[N] without msgid_plural", path, entry.line)
        if entry.msgstr_plural and sorted(entry.msgstr_plural) != list(range(len(entry.msgstr_plural))):
            raise InputError("msgstr[N] indexes are not 0, 1, 2 ...", path, entry.line)
        key = (entry.msgctxt, entry.msgid)
        if not entry.obsolete:
            if key in seen:
                raise InputError(f"duplicate message (first at line {seen[key]})", path, entry.line)
            seen[key] = entry.line
        entries.append(entry)
        entry, last = PoEntry(), None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        if not line:
            continue
        if line.startswith("#"):
            if last in ("msgstr", "msgstr[]"):
                finish(number)
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name, index, rest = keyword.groups()
            string = _STRING.match(rest.strip())
            if not string:
                raise InputError(f"{name}: expected one quoted string", path, number)
            value = _unescape(string.group(1), path, number)
            if name in ("msgctxt", "msgid") and last in ("msgstr", "msgstr[]"):
                finish(number)
            if (name == "msgctxt" and last is not None) or (name == "msgid" and last not in (None, "msgctxt")):
                raise InputError("message without msgstr", path, entry.line)
            if name == "msgctxt":
                entry.msgctxt, entry.line = value, number
            elif name == "msgid":
                entry.msgid = value
                entry.line = entry.line if last == "msgctxt" else number
            elif name == "msgid_plural":
                if last != "msgid":
                    raise InputError("msgid_plural must follow msgid", path, number)
                entry.msgid_plural = value
            elif index is None:
                if last != "msgid":
                    raise InputError("msgstr must follow msgid", path, number)
                entry.msgstr = value
            else:
                if last not in ("msgid_plural", "msgstr[]"):
                    raise InputError("msgstr[N] must follow msgid_plural", path, number)
                entry.msgstr_plural[int(index)] = value
            if last is None:
                entry.flags, flags = flags, set()
                entry.obsolete = obsolete
            last = "msgstr[]" if index is not None else name
            continue
        string = _STRING.match(line)
        if string and last is not None:
            value = _unescape(string.group(1), path, number)
            if last == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif last in ("msgid", "msgid_plural"):
                setattr(entry, last, getattr(entry, last) + value)
            elif last == "msgstr":
                entry.msgstr = (entry.msgstr or "") + value
            else:
                top = max(entry.msgstr_plural)
                entry.msgstr_plural[top] += value
            continue
        raise InputError(f"not .po syntax: {raw.strip()[:40]!r}", path, number)
    finish(len(text.splitlines()) + 1)
    for item in entries:
        if item.msgid == "" and item.msgctxt is None and not item.obsolete:
            po.header_line = item.line
            po.header = _header(item.msgstr or "")
        else:
            po.entries.append(item)
    return po


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip()] = value.strip()
    return fields


def translator_name(value: str | None) -> str | None:
    """The translator's name from a Last-Translator header (the address left out).

    >>> translator_name("Jane Doe <jane@example.org>"), translator_name("FULL NAME <EMAIL@ADDRESS>")
    ('Jane Doe', None)
    """
    value = (value or "").strip()
    if value in _PLACEHOLDER_TRANSLATORS:
        return None
    name = re.sub(r"\s*<[^>]*>\s*", " ", value).strip()
    return name or value.strip("<>") or None


def catalog_language(po: PoFile) -> str:
    """The base language of the catalog from its ``Language`` header (``ru_RU`` → ``ru``)."""
    value = po.header.get("Language", "").strip()
    if not value:
        raise InputError("no Language header: cannot tell which language the translations are in",
                         po.path, po.header_line)
    code, _, modifier = value.replace("-", "_").partition("@")
    code = code.split("_")[0].lower()
    if code not in LANGUAGES:
        raise InputError(f"Language {value!r} is not a language of the base ({', '.join(LANGUAGES)})",
                         po.path, po.header_line)
    script = {"latin": "Latn", "cyrillic": "Cyrl"}.get(modifier.lower())
    return f"{code}-{script}" if script else code


class _Importer:
    """Applies the entries of one catalog to working copies of the concepts."""

    def __init__(self, base: TermBase, po: PoFile, lang: str, report: ImportReport):
        self.base, self.po, self.lang, self.report = base, po, lang, report
        self.source = translator_name(po.header.get("Last-Translator"))
        self.work: dict[str, Concept] = {}
        self.changed: set[str] = set()

    def concept(self, cid: str) -> Concept | None:
        if cid not in self.work:
            original = self.base.concept(cid)
            if original is None:
                return None
            self.work[cid] = copy.deepcopy(original)
        return self.work[cid]

    def where(self, entry: PoEntry) -> str:
        return f"{Path(self.po.path).name}:{entry.line}"

    def singular(self, entry: PoEntry, concept: Concept) -> None:
        text = nfc((entry.msgstr or "").strip())
        label = f"{concept.id} [{self.lang}] {text}"
        if not text:
            return
        if "\n" in text:
            self.report.skipped.append(f"{concept.id} [{self.lang}]: a line break in the term at {self.where(entry)}")
            return
        existing = find_term(concept, self.lang, text)
        preferred = next((t for t in concept.terms.get(self.lang, []) if t.status == "preferred"), None)
        if existing is not None:
            if not existing.usable:
                better = f"; the base prefers {preferred.text!r}" if preferred else ""
                self.report.conflicts.append(
                    f"{label}: the base marks this term {existing.status}{better} (not changed)")
            return
        status = "admitted" if preferred is not None else "preferred"
        term = Term(text, self.lang, status=status, reliability=1, source=self.source, pos=self._pos(concept, entry))
        concept.add_term(term)
        self.changed.add(concept.id)
        self.report.added.append(f"{label}: new term ({status})")
        if preferred is not None:
            self.report.conflicts.append(f"{label}: the base prefers {preferred.text!r}; added as admitted")

    def _pos(self, concept: Concept, entry: PoEntry) -> str | None:
        for term in concept.all_terms():
            if term.text == entry.msgid and term.pos in ("noun", "properNoun"):
                return term.pos
        return None

    def plural(self, entry: PoEntry, concept: Concept, mapping: tuple[int, list[set[int]] | None]) -> None:
        label = f"{concept.id} [{self.lang}]"
        nplurals, categories = mapping
        if categories is None:
            self.report.skipped.append(f"{label}: plural forms at {self.where(entry)} not imported: "
                                       "the catalog's Plural-Forms do not map onto the base's categories")
            return
        if len(entry.msgstr_plural) != nplurals or not all(v.strip() for v in entry.msgstr_plural.values()):
            self.report.skipped.append(f"{label}: incomplete plural forms at {self.where(entry)} "
                                       f"({nplurals} expected); not imported")
            return
        rule = plural_rule(self.lang)
        forms: dict[str, str] = {}
        for category, indexes in zip(rule.categories, categories):
            values = {nfc(entry.msgstr_plural[i].strip()) for i in indexes}
            if len(values) != 1:
                self.report.skipped.append(f"{label}: plural forms at {self.where(entry)} give {category} two "
                                           "different texts; not imported")
                return
            forms[category] = values.pop()
        term = find_term(concept, self.lang, forms.get("one", ""))
        if term is None:
            self.report.skipped.append(f"{label}: no {self.lang} term {forms.get('one')!r} for the plural forms at "
                                       f"{self.where(entry)}; not imported")
            return
        implied = plural_forms(term, self.lang)
        if implied is not None and implied.texts == tuple(forms[c] for c in rule.categories):
            return  # nothing new: the base (with morphology, or invariance) already gives these forms
        for category, form in forms.items():
            old = term.forms.get(category)
            if old is None:
                term.forms[category] = form
                self.changed.add(concept.id)
                self.report.changed.append(f"{label} {term.text}: form {category} added ({form})")
            elif old != form:
                self.report.conflicts.append(f"{label} {term.text}: form {category} is {old!r} in the base, "
                                             f"{form!r} in the import (kept {old!r})")
        term.forms = {c: term.forms[c] for c in PLURAL_CATEGORIES if c in term.forms}


def _categories(po: PoFile, lang: str) -> tuple[int, list[set[int]] | None]:
    """The catalog's nplurals and, for each category of the pinned rule, the msgstr indexes
    of the catalog's own rule (None when one of its msgstr would serve two categories)."""
    rule = plural_rule(lang)
    value = po.header.get("Plural-Forms")
    if not value:
        return rule.nplurals, [{i} for i in range(rule.nplurals)]
    try:
        nplurals, theirs = parse_plural_forms(value)
    except (ValueError, SyntaxError, RecursionError) as e:
        raise InputError(f"bad Plural-Forms header: {e}", po.path, po.header_line) from None
    indexes: list[set[int]] = [set() for _ in rule.categories]
    for n in range(201):
        indexes[rule.index(n)].add(theirs(n))
    owners = [i for group in indexes for i in group]
    if len(owners) != len(set(owners)) and base_language(lang) not in INVARIANT:
        return nplurals, None  # one msgstr would serve two categories: the forms cannot be told apart
    return nplurals, indexes


def import_po(base: TermBase, path: str | Path, dry_run: bool = False) -> ImportReport:
    """Bring the translations of a .po file into ``base`` and save it (unless ``dry_run``).

    Raises InputError (file and line) for a malformed file or a missing/unknown Language.
    """
    po = read_po(path)
    lang = catalog_language(po)
    report = ImportReport()
    importer = _Importer(base, po, lang, report)
    mapping = _categories(po, lang) if any(e.msgid_plural is not None for e in po.entries) else (0, None)
    live = [e for e in po.entries if not e.obsolete]
    for entry in sorted(live, key=lambda e: (e.msgid_plural is not None, e.line)):
        if not entry.translated:
            continue
        where = importer.where(entry)
        if entry.msgctxt is None:
            report.skipped.append(f"{where}: {entry.msgid!r} has no msgctxt (not a glossary entry)")
            continue
        cid = entry.msgctxt.removesuffix(PLURAL_SUFFIX)
        concept = importer.concept(cid)
        if concept is None:
            report.skipped.append(f"{where}: unknown concept {entry.msgctxt!r}")
        elif entry.fuzzy:
            report.skipped.append(f"{cid} [{lang}]: fuzzy entry at {where} not imported")
        elif entry.msgid_plural is None:
            importer.singular(entry, concept)
        else:
            importer.plural(entry, concept, mapping)
    if importer.changed and not dry_run:
        for cid in sorted(importer.changed):
            base.add(importer.work[cid])
        report.written = base.save()
    return report
