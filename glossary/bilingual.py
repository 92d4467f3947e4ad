"""Readers of bilingual input → segments (source, target, the line where the target text starts).

- line-aligned plain text: two files (or strings), line n of the source ↔ line n of the target;
- gettext .po: msgid ↔ msgstr (plural entries: msgid ↔ msgstr[0], msgid_plural ↔ msgstr[n]);
  languages from the header ``Language:`` and ``X-Source-Language:``; obsolete and untranslated
  entries are skipped, fuzzy ones are checked;
- XLIFF 1.2 (``trans-unit``: source/target, ``file/@source-language``, ``@target-language``) and
  XLIFF 2.x (``unit/segment``: source/target, ``@srcLang``, ``@trgLang``); units marked
  ``translate="no"`` are skipped; inline codes (``ph``, ``bpt``, ``x`` ...) are left out of the
  text, ``g``/``pc``/``mrk`` keep theirs.

XML is parsed with lxml without DTD loading, entity expansion or network access; a file with a
DOCTYPE (and so with entity declarations) is refused: no XXE, no billion laughs.

>>> [(s.source, s.target, s.line) for s in segments_from_texts("один\\nдва\\n", "one\\ntwo\\n")]
[('один', 'one', 1), ('два', 'two', 2)]
>>> segments_from_texts("a\\nb", "a")
Traceback (most recent call last):
...
glossary.errors.InputError: the source and the target are not line-aligned: the source has 2 lines, the target 1 (first unpaired line: 2)
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .atomic import read_bytes
from .errors import InputError
from .store import read_text


@dataclass
class Segment:
    """A translation unit: ``line`` is the 1-based line of the target file where the target starts."""

    target: str
    line: int
    source: str | None = None
    source_line: int | None = None
    note: str = ""
    id: str | None = None
    #: True when line n of the target text is line ``line + n`` of the file (plain text).
    exact_lines: bool = False


@dataclass
class BilingualDoc:
    """The segments of a file with the languages it names (None when it names none)."""

    kind: str  # text | po | xliff
    segments: list[Segment] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    #: the line that names the languages (the .po header, the XLIFF file or root element)
    lang_line: int | None = None


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def segments_from_texts(source: str | None, target: str, source_name: str = "the source",
                        target_name: str = "the target") -> list[Segment]:
    """Line-aligned texts → one segment per line (``source`` None: target-only segments)."""
    targets = _lines(target)
    if source is None:
        return [Segment(t, n, exact_lines=True) for n, t in enumerate(targets, 1)]
    sources = _lines(source)
    if len(sources) != len(targets):
        first = min(len(sources), len(targets)) + 1
        raise InputError(f"{source_name} and {target_name} are not line-aligned: {source_name} has "
                         f"{len(sources)} lines, {target_name} {len(targets)} (first unpaired line: {first})")
    return [Segment(t, n, s, n, exact_lines=True) for n, (s, t) in enumerate(zip(sources, targets), 1)]


def read_plain_pair(source_path: Any, target_path: Any) -> list[Segment]:
    """Two line-aligned plain-text files (``-`` reads standard input for one of them)."""
    return segments_from_texts(_read(source_path), _read(target_path), str(source_path), str(target_path))


def _read(path: Any) -> str:
    return read_stdin() if str(path) == "-" else read_text(Path(path))


def read_stdin() -> str:
    """Standard input as UTF-8 text (a BOM is accepted); anything else is an InputError."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 (byte 0x{data[e.start]:02x})", "<stdin>",
                         data[: e.start].count(b"\n") + 1) from None


def detect_kind(path: Any, head: bytes) -> str:
    """``po``, ``xliff`` or ``text``, from the file name, else from the first bytes.

    >>> detect_kind("a.xlf", b""), detect_kind("a", b'msgid ""'), detect_kind("a.txt", b"<p>")
    ('xliff', 'po', 'text')
    """
    suffix = Path(str(path)).suffix.lower()
    if suffix in (".po", ".pot"):
        return "po"
    if suffix in (".xlf", ".xliff", ".xlf2", ".sdlxliff", ".mqxliff", ".mxliff"):
        return "xliff"
    if suffix in (".txt", ".text", ".md"):
        return "text"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<?xml", b"<xliff", b"\xff\xfe", b"\xfe\xff")):
        return "xliff"
    if re.search(rb"(?m)^msgid\s+\"", head):
        return "po"
    return "text"


def read_bilingual(path: Any, target_lang: str | None = None) -> BilingualDoc:
    """Read a .po, XLIFF or plain-text file (``-``: plain text from standard input)."""
    if str(path) == "-":
        return BilingualDoc("text", segments_from_texts(None, read_stdin()), None, target_lang)
    file = Path(path)
    try:
        with file.open("rb") as handle:
            head = handle.read(4096)
    except IsADirectoryError:
        raise InputError("is a folder, not a file", path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path) from None
    kind = detect_kind(file, head)
    if kind == "po":
        return read_po(file)
    if kind == "xliff":
        return read_xliff(file)
    return BilingualDoc("text", segments_from_texts(None, read_text(file)), None, target_lang)


# -- gettext .po ---------------------------------------------------------------------------------

def read_po(path: Any) -> BilingualDoc:
    """The entries of a .po file as segments, with the header's languages.

    The file is parsed by the project's strict reader (glossary.poimport: any syntax error is an
    InputError with its line); the translator comments and the line of each msgstr are then
    taken from the file's lines.
    """
    from .poimport import _decode, read_po as read_strictly

    file = Path(path)
    catalog = read_strictly(file)
    lines = _decode(read_bytes(file), str(file)).splitlines()
    segments = []
    for entry in catalog.entries:
        if entry.obsolete or not entry.translated:
            continue
        start = max(entry.line - 1, 0)
        note = _comments_before(lines, start)
        if entry.msgid_plural is not None:
            for index, text in sorted(entry.msgstr_plural.items()):
                if text:
                    source = entry.msgid if index == 0 else entry.msgid_plural
                    line = _keyword_line(lines, start, f"msgstr[{index}]")
                    segments.append(Segment(text, line, source, entry.line, note, entry.msgctxt))
        elif entry.msgstr:
            line = _keyword_line(lines, start, "msgstr")
            segments.append(Segment(entry.msgstr, line, entry.msgid, entry.line, note, entry.msgctxt))
    header = catalog.header
    return BilingualDoc("po", segments, _header_lang(header, "X-Source-Language"), _header_lang(header, "Language"),
                        catalog.header_line)


def _comments_before(lines: list[str], start: int) -> str:
    """The comment lines (``#``, ``#.``, ...) right above the entry that starts at index ``start``."""
    out: list[str] = []
    number = start - 1
    while number >= 0 and lines[number].lstrip().startswith("#") and not lines[number].lstrip().startswith("#~"):
        out.append(lines[number].lstrip().lstrip("#.:,| ").strip())
        number -= 1
    return "\n".join(reversed(out))


def _header_lang(metadata: dict[str, str], key: str) -> str | None:
    for name, value in metadata.items():
        if name.lower() == key.lower() and value.strip():
            return value.strip()
    return None


def _keyword_line(lines: list[str], start: int, keyword: str) -> int:
    """The 1-based line at or after index ``start`` where the text of ``keyword`` (``msgstr``,
    ``msgstr[1]``) starts: its own line, or the next for ``msgstr ""`` continued below."""
    for number in range(max(start, 0), len(lines)):
        stripped = lines[number].lstrip()
        if stripped.startswith(keyword) and stripped[len(keyword):len(keyword) + 1] in (" ", "\t", '"'):
            rest = stripped[len(keyword):].strip()
            if rest == '""' and number + 1 < len(lines) and lines[number + 1].lstrip().startswith('"'):
                return number + 2
            return number + 1
    return start + 1


# -- XLIFF 1.2 and 2.x ---------------------------------------------------------------------------

_SKIP_12 = {"ph", "bpt", "ept", "it", "x", "bx", "ex"}
_SKIP_2 = {"ph", "sc", "ec", "sm", "em"}
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY")


def parse_xml(path: Any) -> Any:
    """Parse an XLIFF file with the project's safe parser (glossary.xmlsafe: no DTD loading, no
    entities, no network, no huge trees); any DOCTYPE is refused, XLIFF has none."""
    from .xmlsafe import parse_xml as parse_safely

    file = Path(path)
    data = read_bytes(file)
    first_element = re.search(rb"<[A-Za-z_]", data)
    if _DOCTYPE.search(data[: first_element.start() if first_element else len(data)]):
        raise InputError("refused: XML with a DOCTYPE or entity declarations is not accepted in XLIFF", file)
    root = parse_safely(data, file)
    if root.getroottree().docinfo.doctype:
        raise InputError("refused: XML with a DOCTYPE is not accepted in XLIFF", file)
    return root.getroottree()


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(element: Any, name: str) -> Iterator[Any]:
    return (child for child in element if _local(child) == name)


def _child(element: Any, name: str) -> Any | None:
    return next(_children(element, name), None)


def inline_text(element: Any, version: int) -> str:
    """The translatable text of a source/target element: inline codes left out, ``<cp>`` decoded."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child)
        if name == "cp" and version == 2:
            try:
                code = int(child.get("hex", ""), 16)
            except ValueError:
                code = -1
            if 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                parts.append(chr(code))
        elif name and name not in (_SKIP_2 if version == 2 else _SKIP_12):
            parts.append(inline_text(child, version))
        parts.append(child.tail or "")
    return "".join(parts)


def _text_line(element: Any, text: str) -> int:
    leading = text[: len(text) - len(text.lstrip())]
    return (element.sourceline or 1) + leading.count("\n")


def read_xliff(path: Any) -> BilingualDoc:
    """The translation units of an XLIFF 1.2 or 2.x file as segments."""
    tree = parse_xml(path)
    root = tree.getroot()
    if _local(root) != "xliff":
        raise InputError(f"not an XLIFF file (root element <{_local(root)}>)", path, root.sourceline)
    version = root.get("version", "")
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if version.startswith("2") or namespace.endswith(":2.0"):
        return _read_xliff2(root)
    if version and not version.startswith("1"):
        raise InputError(f"unsupported XLIFF version {version!r} (1.2 and 2.x are read)", path, root.sourceline)
    return _read_xliff1(root)


def _notes(element: Any, version: int) -> list[str]:
    holder = _child(element, "notes") if version == 2 else element
    return [inline_text(n, version) for n in (_children(holder, "note") if holder is not None else ())]


def _read_xliff1(root: Any) -> BilingualDoc:
    doc = BilingualDoc("xliff")
    for file in root.iter("{*}file", "file"):
        if doc.lang_line is None:
            doc.source_lang, doc.target_lang = file.get("source-language"), file.get("target-language")
            doc.lang_line = file.sourceline
        for unit in file.iter("{*}trans-unit", "trans-unit"):
            if unit.get("translate") == "no" or _excluded(unit, file):
                continue
            _add_segment(doc, unit, 1, "\n".join(_notes(unit, 1)), unit.get("id"))
    return doc


def _add_segment(doc: BilingualDoc, holder: Any, version: int, note: str, ident: str | None) -> None:
    """Append the source/target pair of a trans-unit (1.2) or segment (2.x) that has target text."""
    source, target = _child(holder, "source"), _child(holder, "target")
    if target is None:
        return
    text = inline_text(target, version)
    if not text.strip():
        return
    src = inline_text(source, version) if source is not None else None
    doc.segments.append(Segment(text, _text_line(target, text), src,
                                source.sourceline if source is not None else None, note, ident))


def _excluded(unit: Any, stop: Any) -> bool:
    """Whether a group around the unit says translate="no"."""
    parent = unit.getparent()
    while parent is not None and parent is not stop:
        if parent.get("translate") == "no":
            return True
        parent = parent.getparent()
    return False


def _read_xliff2(root: Any) -> BilingualDoc:
    doc = BilingualDoc("xliff", source_lang=root.get("srcLang"), target_lang=root.get("trgLang"),
                       lang_line=root.sourceline)
    for unit in root.iter("{*}unit", "unit"):
        if unit.get("translate") == "no" or _excluded(unit, root):
            continue
        note = "\n".join(_notes(unit, 2))
        for segment in _children(unit, "segment"):
            ident = unit.get("id") + ("/" + segment.get("id") if segment.get("id") else "") if unit.get("id") else None
            _add_segment(doc, segment, 2, note, ident)
    return doc
