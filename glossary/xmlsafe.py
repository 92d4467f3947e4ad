"""The one safe way to parse XML in the project (TBX, XLIFF): no entities, no network, limits.

lxml is called with external entities, DTD loading and network access off and without the
``huge_tree`` option, and the document is refused with one clear :class:`InputError` when

- its DOCTYPE declares any ENTITY (XXE, "billion laughs" and its quadratic cousins),
- it is larger than ``max_bytes`` or nested deeper than ``max_depth`` elements,
- it still holds an entity reference that was not expanded (``&name;`` declared nowhere),
- it is not well-formed (with the line where the parser gave up).

A DOCTYPE without entity declarations (``<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">``)
is accepted; the DTD it names is never read.

>>> root = parse_xml(b'<a><b>text</b></a>')
>>> root[0].text
'text'
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', "evil.xml")
Traceback (most recent call last):
...
glossary.errors.InputError: evil.xml:1: refused: the DOCTYPE declares entities (x); entity declarations are not accepted (XXE / entity expansion)
>>> parse_xml(b'<a><b>cut', "cut.xml")
Traceback (most recent call last):
...
glossary.errors.InputError: cut.xml:1: not well-formed XML: Premature end of data in tag b line 1
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .atomic import read_bytes
from .errors import InputError

if TYPE_CHECKING:
    from lxml import etree

#: Refuse documents larger than this (bytes).
MAX_BYTES = 256 * 1024 * 1024
#: Refuse documents nested deeper than this (elements); TBX needs about ten.
MAX_DEPTH = 64
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s>]+)")
_LINE = re.compile(r",? line \d+, column \d+.*$")


def _parser() -> "etree.XMLParser":
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False)


def _refuse_entities_early(data: bytes, where: str) -> None:
    """Refuse a DOCTYPE with entity declarations before the parser sees it (ASCII-compatible encodings)."""
    start = data.find(b"<!DOCTYPE")
    if start < 0:
        return
    end = data.find(b"]>", start)
    names = _ENTITY_DECL.findall(data[start:end if end > 0 else len(data)])
    if names:
        line = data[:start].count(b"\n") + 1
        shown = ", ".join(n.decode("utf-8", "replace") for n in names[:3]) + (", ..." if len(names) > 3 else "")
        raise InputError(f"refused: the DOCTYPE declares entities ({shown}); entity declarations are not accepted "
                         "(XXE / entity expansion)", where, line)


def parse_xml(data: bytes, path: Any = None, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> "etree._Element":
    """Parse ``data`` safely and return the root element (its tree's ``docinfo`` is kept)."""
    from lxml import etree

    where = str(path) if path is not None else "<xml>"
    if len(data) > max_bytes:
        raise InputError(f"refused: {len(data):,} bytes is more than the limit of {max_bytes:,} bytes", where)
    if not data.strip():
        raise InputError("empty file, expected XML", where)
    _refuse_entities_early(data, where)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as e:
        message = _LINE.sub("", str(e.msg or e)).strip()
        if "amplification" in message or "Detected an entity reference loop" in message:
            message = f"refused: entity expansion ({message})"
        elif "Excessive depth" in message:
            message = "refused: the elements are nested too deeply"
        else:
            message = f"not well-formed XML: {message}"
        raise InputError(message, where, e.lineno or None) from None
    except ValueError as e:  # e.g. a str with an encoding declaration
        raise InputError(f"not well-formed XML: {e}", where) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None:
        names = [e.name for e in dtd.iterentities()]
        if names:
            raise InputError(f"refused: the DOCTYPE declares entities ({', '.join(names[:3])}); entity declarations "
                             "are not accepted (XXE / entity expansion)", where, 1)
    _check_tree(root, where, max_depth)
    return root


def _check_tree(root: "etree._Element", where: str, max_depth: int) -> None:
    from lxml import etree

    depth = 0
    for event, node in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > max_depth:
            raise InputError(f"refused: the elements are nested more than {max_depth} deep", where, node.sourceline)
        for child in node:
            if isinstance(child, etree._Entity):
                raise InputError(f"refused: entity reference {child.text} is not defined in the document", where,
                                 child.sourceline or node.sourceline)


def read_xml(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> "etree._Element":
    """Read and parse the XML file at ``path`` safely (the size is checked before reading)."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    return parse_xml(data, path, max_bytes=max_bytes, max_depth=max_depth)


def text_of(element: "etree._Element") -> str:
    """All the text inside ``element`` (inline markup such as ``<hi>`` flattened).

    >>> text_of(parse_xml(b'<note>a <hi type="bold">b</hi> c</note>'))
    'a b c'
    """
    return "".join(element.itertext())
