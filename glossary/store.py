"""The YAML store: one file per domain, read with line numbers, written in one canonical layout.

>>> from glossary.model import Concept, Term
>>> text = dump_domain("weapons", [Concept("laser-weapon", "weapons",
...     definition={"en": "A directed-energy weapon."},
...     terms={"en": [Term("laser weapon", "en", pos="noun", forms={"one": "laser weapon", "other": "laser weapons"})]})])
>>> print(text, end="")
domain: weapons
concepts:
- id: laser-weapon
  definition:
    en: A directed-energy weapon.
  terms:
    en:
    - text: laser weapon
      status: preferred
      pos: noun
      forms:
        one: laser weapon
        other: laser weapons
>>> domain, concepts, problems = parse_domain(text, "weapons.yaml")
>>> concepts[0].terms["en"][0].forms["other"], concepts[0].terms["en"][0].line, problems
('laser weapons', 8, [])
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import yaml

from .atomic import read_bytes
from .errors import Finding, InputError
from .model import PLURAL_CATEGORIES, Concept, Term, language_order
from .text.normalise import nfc

SUFFIX = ".yaml"
CONCEPT_KEYS = ("id", "definition", "note", "related", "terms")
TERM_KEYS = ("text", "status", "type", "pos", "gender", "forms", "case_sensitive", "translate",
             "reliability", "source", "note", "context")
TERM_DEFAULTS: dict[str, Any] = {"type": "fullForm", "case_sensitive": False, "translate": True,
                                 "reliability": 1}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def domain_files(folder: Path) -> list[Path]:
    """The domain files of a term-base folder, sorted; a missing folder is an empty base."""
    if not folder.exists():
        for parent in folder.parents:  # a missing folder under a file can never be a term base
            if parent.exists():
                if not parent.is_dir():
                    raise InputError(f"term base is not a folder ({parent} is a file)", folder)
                break
        return []
    if not folder.is_dir():
        raise InputError("term base is not a folder", folder)
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith("."))
    except OSError as e:
        raise InputError(f"cannot read term base: {e.strerror}", folder) from None


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is accepted) with a clear error when that fails."""
    data = read_bytes(path)
    if b"\x00" in data[:8192]:
        raise InputError("binary file, expected UTF-8 text", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 (byte 0x{data[e.start]:02x})", path, line) from None


def read_domain(path: Path) -> tuple[str, list[Concept], list[Finding]]:
    """Parse one domain file; syntax errors raise, schema problems are returned as findings."""
    return parse_domain(read_text(path), str(path))


def parse_domain(text: str, path: str) -> tuple[str, list[Concept], list[Finding]]:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or "syntax error"
        raise InputError(f"not valid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    reader = _Reader(path)
    domain = Path(path).stem
    if root is None:
        return domain, [], []
    top = reader.mapping(root, ("domain", "concepts"))
    if top is None:
        return domain, [], reader.findings
    if "domain" in top:
        domain = reader.string(top["domain"]) or domain
        if domain != Path(path).stem:
            reader.problem(top["domain"], "schema", f"domain {domain!r} does not match the file name")
    concepts = []
    for node in reader.sequence(top.get("concepts")):
        concept = reader.concept(node, domain)
        if concept is not None:
            concepts.append(concept)
    return domain, concepts, reader.findings


class _Reader:
    """Turns YAML nodes into model objects, recording schema problems with their lines."""

    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []

    def problem(self, node: yaml.Node, rule: str, message: str) -> None:
        self.findings.append(Finding(self.path, node.start_mark.line + 1, rule, message))

    def mapping(self, node: yaml.Node | None, keys: tuple[str, ...]) -> dict[str, yaml.Node] | None:
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "schema", "expected a mapping")
            return None
        out: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # a complex key: `? [a, b]` or `{x: 1}: y`
                self.problem(key_node, "schema", "expected a plain key")
                continue
            key = key_node.value
            if key in out:
                self.problem(key_node, "schema", f"duplicate key {key!r}")
            elif keys and key not in keys:
                self.problem(key_node, "schema", f"unknown key {key!r} (expected one of: {', '.join(keys)})")
            else:
                out[key] = value
        return out

    def sequence(self, node: yaml.Node | None) -> list[yaml.Node]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "schema", "expected a list")
            return []
        return list(node.value)

    def string(self, node: yaml.Node | None) -> str | None:
        if node is None:
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag.endswith((":null", ":bool", ":int", ":float")):
            self.problem(node, "schema", "expected text")
            return None
        return node.value

    def scalar(self, node: yaml.Node, kind: type) -> Any:
        tag = getattr(node, "tag", "")
        if kind is bool and tag.endswith(":bool"):
            return node.value.lower() in ("true", "yes", "on")
        if kind is int and tag.endswith(":int"):
            try:
                return int(node.value)
            except ValueError:
                pass
        self.problem(node, "schema", f"expected {'true/false' if kind is bool else 'a whole number'}")
        return None

    def texts(self, node: yaml.Node | None) -> dict[str, str]:
        out = {}
        for key, value in (self.mapping(node, ()) or {}).items():
            text = self.string(value)
            if text is not None:
                out[key] = text
        return out

    def concept(self, node: yaml.Node, domain: str) -> Concept | None:
        fields = self.mapping(node, CONCEPT_KEYS)
        if fields is None:
            return None
        cid = self.string(fields.get("id"))
        if not cid:
            self.problem(node, "schema", "concept without id")
            return None
        concept = Concept(cid, domain, file=self.path, line=node.start_mark.line + 1)
        concept.definition = self.texts(fields.get("definition"))
        concept.note = self.string(fields.get("note"))
        concept.related = [r for r in map(self.string, self.sequence(fields.get("related"))) if r]
        for lang, terms_node in (self.mapping(fields.get("terms"), ()) or {}).items():
            for term_node in self.sequence(terms_node):
                term = self.term(term_node, lang)
                if term is not None:
                    concept.add_term(term)
        return concept

    def term(self, node: yaml.Node, lang: str) -> Term | None:
        fields = self.mapping(node, TERM_KEYS)
        if fields is None:
            return None
        text = self.string(fields.get("text"))
        if not text:
            self.problem(node, "schema", "term without text")
            return None
        term = Term(text, lang, line=node.start_mark.line + 1)
        for key in ("status", "type", "pos", "gender", "source", "note", "context"):
            if key in fields:
                value = self.string(fields[key])
                if value is not None:
                    setattr(term, key, value)
        for key, kind in (("case_sensitive", bool), ("translate", bool), ("reliability", int)):
            if key in fields:
                value = self.scalar(fields[key], kind)
                if value is not None:
                    setattr(term, key, value)
        forms = self.texts(fields.get("forms"))
        for category in forms:
            if category not in PLURAL_CATEGORIES:
                self.problem(fields["forms"], "schema", f"unknown plural category {category!r}")
        term.forms = {k: forms[k] for k in PLURAL_CATEGORIES if k in forms}
        return term


def term_to_dict(term: Term) -> dict[str, Any]:
    """The canonical mapping of a term: fixed key order, defaults left out."""
    out: dict[str, Any] = {"text": term.text, "status": term.status}
    for key in TERM_KEYS[2:]:
        value = getattr(term, key)
        if value is None or value == {} or TERM_DEFAULTS.get(key, object()) == value:
            continue
        out[key] = dict(value) if key == "forms" else value
    return out


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    out: dict[str, Any] = {"id": concept.id}
    if concept.definition:
        out["definition"] = {k: concept.definition[k] for k in sorted(concept.definition, key=language_order)}
    if concept.note:
        out["note"] = concept.note
    if concept.related:
        out["related"] = list(concept.related)
    terms = {lang: [term_to_dict(t) for t in concept.terms[lang]]
             for lang in sorted(concept.terms, key=language_order) if concept.terms[lang]}
    if terms:
        out["terms"] = terms
    return out


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def dump_domain(domain: str, concepts: list[Concept]) -> str:
    """The canonical text of a domain file: concepts sorted by id, NFC, fixed key order."""
    data = {"domain": domain, "concepts": [concept_to_dict(c) for c in sorted(concepts, key=lambda c: c.id)]}
    return yaml.dump(_nfc(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000, indent=2)


def domain_path(folder: Path, domain: str) -> Path:
    return folder / f"{domain}{SUFFIX}"


def is_canonical(path: Path) -> bool:
    text = read_text(path)
    domain, concepts, _ = parse_domain(text, str(path))
    return dump_domain(domain, concepts) == text


def termbase_folder(path: str | os.PathLike | None = None) -> Path:
    """The term-base folder: ``path``, else $GLOSSARY_TERMBASE, else the bundled base."""
    chosen = path or os.environ.get("GLOSSARY_TERMBASE")
    if chosen:
        return Path(chosen)
    return Path(__file__).resolve().parent / "termbase"


# --- a fast reader for indexing -----------------------------------------------------------------
# (added for the lookup index: no line numbers and no schema findings, but several times faster
# and streamed, one concept at a time; files it does not expect go to read_domain.)

def iter_concepts_fast(path: Path) -> Iterator[Concept]:
    """The concepts of one domain file, streamed from the YAML parser's events.

    Raises NotPlain (or a YAML error) for a file that only :func:`read_domain` should read:
    anchors, tags, unknown keys, odd shapes. Use it where speed matters more than findings.

    >>> path = termbase_folder() / "people.yaml"
    >>> list(iter_concepts_fast(path)) == read_domain(path)[1]
    True
    """
    return _stream_concepts(read_text(path), path.stem)


class NotPlain(Exception):
    """The file uses YAML that :func:`iter_concepts_fast` leaves to :func:`read_domain`."""


_NO_KEY = object()


_RESOLVER = yaml.resolver.Resolver()


def _scalar(event) -> Any:
    if event.tag not in (None, "!"):
        raise NotPlain
    if event.style or not event.implicit[0]:
        return event.value
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag.endswith(":str"):
        return event.value
    return yaml.safe_load(event.value)


def _stream_concepts(text: str, default_domain: str) -> Iterator[Concept]:
    """The concepts of a domain file from the C parser's events, one at a time."""
    stack: list[Any] = []
    keys: list[Any] = []
    domain = default_domain
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = _scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor or event.tag not in (None, "!"):
                raise NotPlain
            stack.append({} if kind is yaml.MappingStartEvent else [])
            keys.append(_NO_KEY)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value = stack.pop()
            keys.pop()
            if len(stack) == 2 and keys[0] == "concepts" and type(stack[1]) is list:
                yield _concept_of(value, domain)  # a whole concept: index it, keep nothing
                continue
        elif kind is yaml.AliasEvent:
            raise NotPlain
        else:
            continue
        if not stack:
            if value is not None and not isinstance(value, dict):
                raise NotPlain
        elif type(stack[-1]) is list:
            stack[-1].append(value)
        elif keys[-1] is _NO_KEY:
            if not isinstance(value, (str, int, bool)) or value in stack[-1] or \
                    (len(stack) == 1 and value not in ("domain", "concepts")):
                raise NotPlain
            keys[-1] = value
        else:
            if len(stack) == 1 and keys[-1] == "domain":
                domain = str(value or default_domain)
            elif len(stack) == 1 and value is not None and not isinstance(value, list):
                raise NotPlain
            stack[-1][keys[-1]] = value
            keys[-1] = _NO_KEY


def _concept_of(item: Any, domain: str) -> Concept:
    """A concept from its parsed mapping; anything unexpected raises NotPlain."""
    if not isinstance(item, dict) or set(item) - set(CONCEPT_KEYS) or not isinstance(item.get("id"), str):
        raise NotPlain
    terms_data = item.get("terms") or {}
    definition = item.get("definition") or {}
    if not isinstance(terms_data, dict) or not isinstance(definition, dict):
        raise NotPlain
    concept = Concept(item["id"], domain, definition={str(k): str(v) for k, v in definition.items()},
                      note=item.get("note"), related=[str(r) for r in item.get("related") or []])
    for lang, terms in terms_data.items():
        for fields in terms or []:
            if not isinstance(fields, dict) or set(fields) - set(TERM_KEYS) or not fields.get("text"):
                raise NotPlain
            concept.add_term(Term(lang=str(lang), **{k: v for k, v in fields.items() if v is not None}))
    return concept
