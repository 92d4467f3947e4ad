"""TBX: export TBX-Basic (ISO 30042:2019, TBX v3, DCA style); import v3 (DCA or DCT) and 2008 ``martif``.

What TBX-Basic has no data category for travels in notes of the form ``glossary:KEY=VALUE``
(``glossary:reliability=3``, ``glossary:status=forbidden``, ``glossary:forms.few=...``); the
mapping table is in docs/interchange.md. An export names this convention in its header, and
reading such a file back restores every field exactly (text is not re-spaced; a field that is
absent has the model's default). In other TBX files whitespace is collapsed and an absent
field is "not stated" (the merge keeps what the base has).

>>> from glossary.model import Concept, Term
>>> spy = Concept("spy", "security", definition={"en": "A person who gathers secret information."},
...               terms={"en": [Term("spy", "en", pos="noun", reliability=3, source="NATOTerm"),
...                             Term("snoop", "en", status="forbidden")]})
>>> data = write_tbx([spy])
>>> b'<note>glossary:status=forbidden</note>' in data
True
>>> read_tbx(data).concepts == [spy]
True
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError
from ..model import GENDERS, PARTS_OF_SPEECH, PLURAL_CATEGORIES, STATUSES, TERM_TYPES, Concept, Term, language_order
from ..xmlsafe import parse_xml, text_of
from . import Parsed, blank_term, boolean, choice, is_id, map_language, reliability, slug_id, term_slug

if TYPE_CHECKING:
    from lxml import etree

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: ``p/@type`` in the header of our own exports.
MARK = "glossary-notes"
PREFIX = "glossary:"
HEADER_NOTE = ("Exported from a glossary term base. Notes of the form glossary:KEY=VALUE carry what TBX-Basic "
               "has no data category for: status=forbidden (administrativeStatus is then deprecatedTerm-admn-sts), "
               "pos=properNoun (partOfSpeech is then noun), reliability=1..4 (IATE scale), case_sensitive=true, "
               "translate=false, forms.CATEGORY=plural form (CLDR category), related=concept id (a related "
               "concept that is not in this file), note=a note that itself starts with 'glossary:'. "
               "A field that is absent has its default: reliability 1, case_sensitive false, translate true.")
STATUS_OUT = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
              "deprecated": "deprecatedTerm-admn-sts", "forbidden": "deprecatedTerm-admn-sts"}
STATUS_IN = {**{v: k for k, v in STATUS_OUT.items() if k != "forbidden"}, **{s: s for s in STATUSES}}
#: Values of TBX (full) and older files that have no exact equivalent: mapped and reported.
STATUS_MAPPED = {"supersededTerm-admn-sts": "deprecated", "standardizedTerm-admn-sts": "preferred",
                 "legalTerm-admn-sts": "admitted", "regulatedTerm-admn-sts": "admitted"}
#: DCT style: a data-category element → the DCA element it stands for.
DCT = {**dict.fromkeys(("subjectField", "definition", "context"), "descrip"),
       **dict.fromkeys(("administrativeStatus", "normativeAuthorization", "partOfSpeech", "termType",
                        "grammaticalGender", "geographicalUsage", "termLocation"), "termNote"),
       **dict.fromkeys(("source", "customerSubset", "projectSubset"), "admin"),
       "crossReference": "ref", "externalCrossReference": "xref", "xGraphic": "xref",
       "transactionType": "transac", "responsibility": "transacNote"}
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # not NBSP: a no-break space in a term is meant
_MACHINE = re.compile(r"glossary:([a-z_]+(?:\.[a-z]+)?)=(.*)\Z", re.S)
_TERM_KEYS = ("status", "pos", "case_sensitive", "translate", "reliability", "note",
              *(f"forms.{c}" for c in PLURAL_CATEGORIES))


# --- writing -------------------------------------------------------------------------------

class _Writer:
    def __init__(self, ids: set[str]):
        self.ids = ids
        self.where = ""

    def sub(self, parent: "etree._Element", tag: str, text: str | None = None, **attrib: str) -> "etree._Element":
        from lxml import etree

        el = etree.SubElement(parent, f"{{{NS}}}{tag}", {XML_LANG if k == "lang" else k: v for k, v in attrib.items()})
        if text is not None:
            try:
                el.text = text
            except ValueError:
                bad = next((c for c in text if ord(c) < 32 and c not in "\t\n\r" or 0xFFFE <= ord(c) <= 0xFFFF), "?")
                raise InputError(f"{self.where}: U+{ord(bad):04X} cannot be written in XML") from None
        return el

    def note(self, parent: "etree._Element", text: str) -> None:
        self.sub(parent, "note", f"{PREFIX}note={text}" if text.startswith(PREFIX) else text)

    def concept(self, body: "etree._Element", concept: Concept) -> None:
        self.where = concept.id
        entry = self.sub(body, "conceptEntry", id=concept.id)
        if concept.domain:
            self.sub(entry, "descrip", concept.domain, type="subjectField")
        langs = sorted((lang for lang, terms in concept.terms.items() if terms), key=language_order)
        for lang in sorted(concept.definition, key=language_order):
            if lang not in langs:
                self.sub(entry, "descrip", concept.definition[lang], type="definition", lang=lang)
        if concept.note:
            self.note(entry, concept.note)
        for rid in concept.related:
            if rid in self.ids:
                self.sub(entry, "ref", rid, type="crossReference", target=rid)
            else:
                self.sub(entry, "note", f"{PREFIX}related={rid}")
        for lang in langs:
            section = self.sub(entry, "langSec", lang=lang)
            if lang in concept.definition:
                self.sub(section, "descrip", concept.definition[lang], type="definition")
            for term in concept.terms[lang]:
                self.where = f"{concept.id} [{lang}] {term.text}"
                self.term(section, term)

    def term(self, section: "etree._Element", term: Term) -> None:
        if term.status not in STATUS_OUT:
            raise InputError(f"{self.where}: status {term.status!r} is not one of {', '.join(STATUSES)}")
        sec = self.sub(section, "termSec")
        self.sub(sec, "term", term.text)
        self.sub(sec, "termNote", STATUS_OUT[term.status], type="administrativeStatus")
        if term.type:
            self.sub(sec, "termNote", term.type, type="termType")
        if term.pos:
            self.sub(sec, "termNote", "noun" if term.pos == "properNoun" else term.pos, type="partOfSpeech")
        if term.gender:
            self.sub(sec, "termNote", term.gender, type="grammaticalGender")
        if term.context:
            self.sub(sec, "descrip", term.context, type="context")
        if term.source:
            self.sub(sec, "admin", term.source, type="source")
        machine = []
        if term.status == "forbidden":
            machine.append("status=forbidden")
        if term.pos == "properNoun":
            machine.append("pos=properNoun")
        if term.case_sensitive:
            machine.append("case_sensitive=true")
        if not term.translate:
            machine.append("translate=false")
        if term.reliability != 1:
            machine.append(f"reliability={term.reliability}")
        machine += [f"forms.{c}={term.forms[c]}" for c in PLURAL_CATEGORIES if c in term.forms]
        for text in machine:
            self.sub(sec, "note", PREFIX + text)
        if term.note:
            self.note(sec, term.note)


def write_tbx(concepts: Sequence[Concept], langs: Sequence[str] | None = None) -> bytes:
    """TBX-Basic v3 (DCA) bytes for ``concepts`` (those without any term are left out)."""
    from lxml import etree

    concepts = [c for c in concepts if any(c.terms.values())]
    writer = _Writer({c.id for c in concepts})
    root = etree.Element(f"{{{NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"}, nsmap={None: NS})
    header = writer.sub(root, "tbxHeader")
    writer.sub(writer.sub(writer.sub(header, "fileDesc"), "sourceDesc"), "p",
               "Concept-oriented term base exported by glossary (languages: "
               + " ".join(sorted({lang for c in concepts for lang in c.terms}, key=language_order)) + ").")
    writer.sub(writer.sub(header, "encodingDesc"), "p", HEADER_NOTE, type=MARK)
    text = writer.sub(root, "text")
    if concepts:
        body = writer.sub(text, "body")
        for concept in concepts:
            writer.concept(body, concept)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- reading -------------------------------------------------------------------------------

def _name(el: "etree._Element") -> tuple[str, str | None]:
    """(element, data category) of a DCA, DCT or 2008 element."""
    from lxml import etree

    qname = etree.QName(el)
    if qname.namespace in (NS, None):
        return qname.localname, el.get("type")
    kind = DCT.get(qname.localname)
    return (kind, qname.localname) if kind else (qname.localname, None)


class _Reader:
    def __init__(self, path: str, root: "etree._Element"):
        self.parsed = Parsed([], path)
        self.notes = self.parsed.notes
        header = next((c for c in root if _name(c)[0] in ("tbxHeader", "martifHeader")), None)
        self.ours = header is not None and any(_name(el) == ("p", MARK) for el in header.iter("*"))

    def error(self, message: str, el: "etree._Element") -> InputError:
        return InputError(message, self.parsed.path, el.sourceline)

    def text(self, el: "etree._Element") -> str:
        text = text_of(el)
        return text if self.ours else _XML_SPACE.sub(" ", text).strip(" ")

    def drop(self, el: "etree._Element", where: str = "") -> None:
        kind, dtype = _name(el)
        what = f"<{kind} type={dtype!r}>" if dtype else f"<{kind}>"
        self.notes.skip(f"{what}{where}: not kept by the base", f"line {el.sourceline}")

    def language(self, el: "etree._Element", what: str, inherit: bool = True) -> str | None:
        """The base language of ``el`` (its own xml:lang, or with ``inherit`` the nearest ancestor's)."""
        node: etree._Element | None = el
        while inherit and node is not None and node.get(XML_LANG) is None:
            node = node.getparent()
        code = node.get(XML_LANG) if node is not None else None
        if not code:
            raise self.error(f"{what} without xml:lang", el)
        try:
            lang, note = map_language(code)
        except ValueError as e:
            raise self.error(str(e), el) from None
        if lang is None:
            self.notes.skip(note or code, f"line {el.sourceline}")
        elif note:
            self.notes.map(note)
        return lang

    def entries(self, body: "etree._Element") -> list[Concept]:
        found: list[tuple[str, Concept, list[tuple[str, int]]]] = []
        for el in body:
            kind = _name(el)[0]
            if kind in ("conceptEntry", "termEntry"):
                refs: list[tuple[str, int]] = []
                concept = self.entry(el, refs)
                found.append(((el.get("id") or "").strip(), concept, refs))
            else:
                self.drop(el)
        return self.assign_ids(found)

    def entry(self, el: "etree._Element", refs: list[tuple[str, int]]) -> Concept:
        concept = Concept("", "", file=self.parsed.path, line=el.sourceline)
        notes: list[str] = []
        for child in el:
            kind, dtype = _name(child)
            if kind in ("langSec", "langSet"):
                self.lang_section(child, concept, refs)
            elif kind == "descrip" and dtype in ("subjectField", "definition"):
                self.concept_descrip(child, dtype, concept)
            elif kind == "descripGrp":
                for part in child:
                    if _name(part)[0] == "descrip" and _name(part)[1] in ("subjectField", "definition"):
                        self.concept_descrip(part, _name(part)[1], concept)
                    else:
                        self.drop(part, " in a concept's descripGrp")
            elif kind == "note":
                stated = self.note(child, notes, ("related", "note"))
                if stated:
                    refs.append((str(stated[1]), child.sourceline))
            elif kind == "ref" and dtype == "crossReference":
                refs.append(((child.get("target") or self.text(child)).strip(), child.sourceline))
            else:
                self.drop(child)
        concept.note = "\n".join(notes) or None
        return concept

    def concept_descrip(self, el: "etree._Element", dtype: str | None, concept: Concept) -> None:
        text = self.text(el)
        if dtype == "subjectField":
            if concept.domain and concept.domain != text:
                self.notes.skip("a second subject field", f"line {el.sourceline}")
            concept.domain = concept.domain or text
            return
        lang = self.language(el, "<descrip type='definition'>")
        if lang and text:
            self.add_definition(concept, lang, text)

    def add_definition(self, concept: Concept, lang: str, text: str) -> None:
        old = concept.definition.get(lang)
        concept.definition[lang] = f"{old}\n{text}" if old and old != text else text

    def lang_section(self, el: "etree._Element", concept: Concept, refs: list[tuple[str, int]]) -> None:
        lang = self.language(el, f"<{_name(el)[0]}>", inherit=False)
        if lang is None:
            return
        for child in el:
            kind, dtype = _name(child)
            if kind in ("termSec", "tig", "ntig"):
                term = self.term(child, lang, refs)
                if term is not None:
                    concept.add_term(term)
            elif kind == "descrip" and dtype == "definition":
                self.add_definition(concept, lang, self.text(child))
            elif kind == "descripGrp":
                for part in child:
                    if _name(part) == ("descrip", "definition"):
                        self.add_definition(concept, lang, self.text(part))
                    else:
                        self.drop(part, " beside a definition")
            else:
                self.drop(child, " on a language section")

    def note(self, el: "etree._Element", notes: list[str], keys: tuple[str, ...]) -> tuple[str, object] | None:
        """A user note goes to ``notes``; a ``glossary:KEY=VALUE`` note of ``keys`` is returned parsed."""
        text = self.text(el)
        match = _MACHINE.match(text)
        if not match or match.group(1) not in keys:
            if text:
                notes.append(text)
            return None
        key, value = match.groups()
        if key == "note":
            notes.append(value)
            return None
        try:
            if key == "related":
                return key, value.strip()
            if key in ("status", "pos"):
                return key, choice(key, value, STATUSES if key == "status" else PARTS_OF_SPEECH)
            if key in ("case_sensitive", "translate"):
                return key, boolean(key, value)
            if key == "reliability":
                return key, reliability(value)
            return key, value
        except ValueError as e:
            raise self.error(f"note {text!r}: {e}", el) from None

    def term(self, el: "etree._Element", lang: str, refs: list[tuple[str, int]]) -> Term | None:
        children = list(el)
        if _name(el)[0] == "ntig":
            group = next((c for c in children if _name(c)[0] == "termGrp"), None)
            children = [*(group if group is not None else []), *(c for c in children if c is not group)]
        term_el = next((c for c in children if _name(c)[0] == "term"), None)
        if term_el is None:
            raise self.error(f"<{_name(el)[0]}> without <term>", el)
        text = self.text(term_el)
        if not text.strip():
            self.notes.skip("term without text", f"line {term_el.sourceline}")
            return None
        term = Term(text, lang) if self.ours else blank_term(text, lang)
        term.line = el.sourceline
        stated: dict[str, object] = {}
        notes: list[str] = []
        contexts: list[str] = []
        sources: list[str] = []
        context_sources: list[str] = []
        for child in children:
            kind, dtype = _name(child)
            if child is term_el:
                continue
            if kind == "termNoteGrp":
                child = next((c for c in child if _name(c)[0] == "termNote"), child)
                kind, dtype = _name(child)
            if kind == "termNote":
                self.term_note(child, dtype, term)
            elif kind == "descrip" and dtype == "context":
                contexts.append(self.text(child))
            elif kind == "descripGrp":
                for part in child:
                    if _name(part) == ("descrip", "context"):
                        contexts.append(self.text(part))
                    elif _name(part) == ("admin", "source"):
                        context_sources.append(self.text(part))
                    else:
                        self.drop(part, " in a term's descripGrp")
            elif kind == "admin" and dtype == "source":
                sources.append(self.text(child))
            elif kind == "note":
                pair = self.note(child, notes, _TERM_KEYS + ("related",))
                if pair and pair[0] == "related":
                    refs.append((str(pair[1]), child.sourceline))
                elif pair:
                    stated[pair[0]] = pair[1]
            elif kind == "ref" and dtype == "crossReference":
                self.notes.map("cross-reference on a term taken as a related concept", f"line {child.sourceline}")
                refs.append(((child.get("target") or "").strip(), child.sourceline))
            else:
                self.drop(child, " on a term")
        for key, value in stated.items():
            if not key.startswith("forms."):
                setattr(term, key, value)
        term.forms = {c: str(stated[f"forms.{c}"]) for c in PLURAL_CATEGORIES if f"forms.{c}" in stated}
        term.note = "\n".join(notes) or None
        term.context = "\n".join(c for c in contexts if c) or None
        unique = list(dict.fromkeys(s for s in sources or context_sources if s))
        term.source = "; ".join(unique) or None
        return term

    def term_note(self, el: "etree._Element", dtype: str | None, term: Term) -> None:
        value = self.text(el).strip()
        if dtype in ("administrativeStatus", "normativeAuthorization"):
            if value in STATUS_MAPPED:
                term.status = STATUS_MAPPED[value]
                self.notes.map(f"{dtype} {value} → {term.status}")
            elif value in STATUS_IN:
                term.status = STATUS_IN[value]
            else:
                raise self.error(f"{dtype} {value!r} is not one of {', '.join(sorted(set(STATUS_OUT.values())))}"
                                 f" (or {', '.join(STATUS_MAPPED)})", el)
            return
        fields = {"termType": ("type", TERM_TYPES), "partOfSpeech": ("pos", PARTS_OF_SPEECH),
                  "grammaticalGender": ("gender", GENDERS)}
        if dtype not in fields:
            self.drop(el, " on a term")
            return
        name, allowed = fields[dtype]
        try:
            setattr(term, name, choice(dtype, value, allowed))
        except ValueError:
            self.notes.skip(f"{dtype} {value!r} is not one of {', '.join(allowed)}; value left out",
                            f"line {el.sourceline}")

    def assign_ids(self, found: list[tuple[str, Concept, list[tuple[str, int]]]]) -> list[Concept]:
        seen: dict[str, int] = {}
        for raw, concept, _ in found:
            if raw and raw in seen:
                raise InputError(f"concept id {raw!r} appears twice (first at line {seen[raw]})", self.parsed.path,
                                 concept.line)
            if raw:
                seen[raw] = concept.line or 0
        taken = {raw for raw in seen if is_id(raw)}
        idmap: dict[str, str] = {}
        for raw, concept, _ in found:
            if is_id(raw):
                concept.id = raw
                continue
            if raw:
                concept.id = slug_id(raw, taken)
                self.notes.map("concept id that is not a lower-case slug", f"{raw} → {concept.id}")
            else:
                terms = concept.terms.get("en") or next((t for t in concept.terms.values() if t), [])
                concept.id = term_slug(terms[0], taken) if terms else slug_id("concept", taken)
                self.notes.map("concept without an id: id made from its English (or first) term",
                               f"line {concept.line} → {concept.id}")
            taken.add(concept.id)
            idmap[raw] = concept.id
        out = []
        for raw, concept, refs in found:
            for target, line in refs:
                target = target.lstrip("#")
                rid = idmap.get(target, target)
                if is_id(rid):
                    concept.related.append(rid)
                else:
                    self.notes.skip("cross-reference to something that is not a concept id", f"line {line}")
            for term in concept.all_terms():
                term.concept = concept.id
            if any(concept.terms.values()):
                out.append(concept)
            else:
                self.notes.skip("concept without a term in a language of the base", concept.id)
        return out


def read_tbx(data: bytes, path: str = "<tbx>") -> Parsed:
    """Read TBX v3 (DCA or DCT style) or TBX 2008 (``martif``); XML parsed by glossary.xmlsafe."""
    root = parse_xml(data, path)
    kind = _name(root)[0]
    if kind not in ("tbx", "martif"):
        raise InputError(f"not a TBX file: the root element is <{kind}>, expected <tbx> (TBX v3) or <martif> "
                         "(TBX 2008)", path, root.sourceline)
    reader = _Reader(path, root)
    text = next((c for c in root if _name(c)[0] == "text"), None)
    body = next((c for c in text if _name(c)[0] == "body"), None) if text is not None else None
    if body is not None:
        reader.parsed.concepts = reader.entries(body)
    return reader.parsed
