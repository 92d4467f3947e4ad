"""gettext catalogs from the term base: ``glossary.pot`` and ``<lang>/LC_MESSAGES/glossary.po|.mo``.

One entry per concept with a preferred term in the source and the target language:
``msgctxt`` = concept id, ``msgid`` = source term, ``msgstr`` = target term. Countable
concepts (:func:`glossary.plurals.is_countable`) also get a plural entry under the context
``<id>#plural`` (see docs/catalogs.md for the consumer contract). Output is byte-for-byte
reproducible; the .mo layout is exactly GNU msgfmt's (sorted keys, hash table).

>>> from glossary.model import Concept, Term
>>> from glossary.termbase import TermBase
>>> base = TermBase("x", [Concept("spy", "security", terms={
...     "en": [Term("spy", "en", pos="noun", forms={"one": "spy", "other": "spies"})],
...     "ru": [Term("шпион", "ru", pos="noun")]})])
>>> catalog = build_catalog(base, "en", "ru")
>>> [(e.context, e.msgid, e.msgstr) for e in catalog.entries]
[('spy', 'spy', ('шпион',)), ('spy#plural', 'spy', ('шпион', 'шпиона', 'шпионов'))]
>>> import gettext, io
>>> t = gettext.GNUTranslations(io.BytesIO(render_mo(catalog)))
>>> t.pgettext("spy", "spy"), t.npgettext("spy#plural", "spy", "spies", 5)
('шпион', 'шпионов')
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

from .atomic import same_bytes, write_files
from .errors import InputError
from .model import LANGUAGES, Concept, Term, base_language, language_order
from .perf import without_cyclic_gc
from .plurals import PluralRule, is_countable, plural_forms, plural_rule, source_plural

DOMAIN = "glossary"
PLURAL_SUFFIX = "#plural"
#: Last-Translator of generated catalogs; poimport treats it as "no translator named".
GENERATOR = "glossary compile"
RELIABILITY = {1: "not verified", 2: "minimum reliability", 3: "reliable", 4: "very reliable"}
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$")
_SCRIPTS = {"Latn": "latin", "Cyrl": "cyrillic", "Armn": "armenian", "Arab": "arabic"}


class Entry(NamedTuple):
    """One catalog message: a singular entry has one msgstr, a plural entry one per form.

    (A named tuple: cheap to make by the ten thousand, and invisible to the garbage collector.)
    """

    context: str
    msgid: str
    msgstr: tuple[str, ...]
    msgid_plural: str | None = None
    comments: tuple[str, ...] = ()


@dataclass
class Catalog:
    """The header and entries of one .po (``lang`` set) or of the .pot (``lang`` None)."""

    source_lang: str
    lang: str | None
    date: str
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rule(self) -> PluralRule:
        return plural_rule(self.lang or self.source_lang)

    def header(self, mo: bool = False) -> str:
        """The header entry; msgfmt leaves POT-Creation-Date out of a .mo, and so do we."""
        fields = [("Project-Id-Version", DOMAIN), ("Report-Msgid-Bugs-To", ""),
                  ("POT-Creation-Date", self.date), ("PO-Revision-Date", self.date),
                  ("Last-Translator", GENERATOR), ("Language-Team", "CSTO glossary"),
                  ("Language", gettext_locale(self.lang) if self.lang else ""),
                  ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"),
                  ("Content-Transfer-Encoding", "8bit"), ("Plural-Forms", self.rule.header),
                  ("X-Source-Language", self.source_lang), ("X-Generator", GENERATOR)]
        return "".join(f"{key}: {value}\n" for key, value in fields if not (mo and key == "POT-Creation-Date"))

    @property
    def plural_count(self) -> int:
        return sum(1 for e in self.entries if e.msgid_plural is not None)


@dataclass
class CompileResult:
    """What ``compile_catalogs`` wrote (or, with ``check``, found stale)."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    entries: dict[str, int] = field(default_factory=dict)
    plurals: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    check: bool = False

    @property
    def exit_code(self) -> int:
        """1 when ``check`` found stale files, else 0."""
        return 1 if self.check and self.stale else 0

    def as_dict(self) -> dict[str, object]:
        return {"out": str(self.out_dir), "check": self.check, "files": [str(p) for p in self.files],
                "written": [str(p) for p in self.written], "stale": [str(p) for p in self.stale],
                "catalogs": {k: {"entries": self.entries[k], "plural": self.plurals.get(k, 0)}
                             for k in self.entries},
                "notes": list(self.notes)}


def gettext_locale(lang: str) -> str:
    """The gettext locale name of a language tag: ``kk-Latn`` → ``kk@latin``.

    >>> gettext_locale("ru"), gettext_locale("be-Latn")
    ('ru', 'be@latin')
    """
    code, _, script = lang.partition("-")
    return f"{code}@{_SCRIPTS.get(script, script.lower())}" if script else code


def catalog_date(environ: dict[str, str] | None = None) -> str:
    """The header date: SOURCE_DATE_EPOCH when set, else the fixed 1970-01-01 (never the clock).

    >>> catalog_date({"SOURCE_DATE_EPOCH": "1700000000"}), catalog_date({})
    ('2023-11-14 22:13+0000', '1970-01-01 00:00+0000')
    """
    value = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(value) if value else 0
        moment = _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {value!r}") from None
    return moment.strftime("%Y-%m-%d %H:%M+0000")


#: What a catalog cannot carry in a message: control characters (NUL ends a C string; tabs and
#: line breaks make msgfmt --check fail or readers split lines) and line/paragraph separators.
_UNCARRIABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _preferred(concept: Concept, lang: str, min_reliability: int) -> Term | None:
    for term in concept.terms.get(lang, []):
        if term.status == "preferred":
            if term.reliability < min_reliability:
                return None
            for text in (term.text, *term.forms.values()):
                bad = _UNCARRIABLE.search(text)
                if bad:
                    raise InputError(f"{concept.id} [{lang}]: the term {text!r} holds the control character "
                                     f"U+{ord(bad.group()):04X}, which a catalog cannot carry",
                                     concept.file, term.line or concept.line)
            return term
    return None


def _describe(term: Term) -> str:
    text = f"{term.lang}: {term.status}, reliability {term.reliability} ({RELIABILITY.get(term.reliability, '?')})"
    return text + (f"; source: {term.source}" if term.source else "")


def _comments(concept: Concept, terms: list[Term]) -> tuple[str, ...]:
    definitions = concept.definition
    lines = [f"Definition ({t.lang}): {definitions[t.lang]}" for t in terms if definitions.get(t.lang)]
    lines.append(f"Domain: {concept.domain}")
    lines += [_describe(t) for t in terms]
    if not all(t.translate for t in terms):
        lines.append("A name: transliterate it, do not translate it.")
    if _UNCARRIABLE.search("".join(lines)):  # a comment line must stay one line
        lines = [" ".join(_UNCARRIABLE.sub(" ", part).split()) for line in lines
                 for part in re.split(r"\r\n?|\n", line)]
        lines = [line for line in lines if line]
    return tuple(lines)


@lru_cache(maxsize=64)
def _plural_slots(rule: PluralRule) -> str:
    slots = []
    for index, category in enumerate(rule.categories):
        examples = [str(n) for n in range(201) if rule.index(n) == index][:4]
        slots.append(f"msgstr[{index}] {category} ({', '.join(examples)}, …)")
    return "; ".join(slots)


def _plural_comment(concept_id: str, rule: PluralRule, origin: str | None) -> tuple[str, ...]:
    where = f"; forms from {origin}" if origin else ""
    return (f"Plural forms of {concept_id}: {_plural_slots(rule)}{where}",)


def build_catalog(base, source_lang: str = "en", lang: str | None = None, min_reliability: int = 1) -> Catalog:
    """The catalog of ``lang`` (the template when ``lang`` is None) from the term base."""
    with without_cyclic_gc():
        return _build_catalog(base, source_lang, lang, min_reliability)


def _build_catalog(base, source_lang: str, lang: str | None, min_reliability: int) -> Catalog:
    catalog = Catalog(source_lang, lang, catalog_date())
    rule = catalog.rule
    source_rule = plural_rule(source_lang)
    for concept in base.concepts():
        source = _preferred(concept, source_lang, min_reliability)
        if source is None:
            continue
        target = _preferred(concept, lang, min_reliability) if lang else None
        if lang and target is None:
            continue
        terms = [source] + ([target] if target else [])
        catalog.entries.append(Entry(concept.id, source.text, (target.text if target else "",),
                                     comments=_comments(concept, terms)))
        if not is_countable(concept):
            continue
        plural_id = source_plural(source, source_lang)
        if plural_id is None:
            catalog.notes.append(f"{concept.id} [{source_lang}]: no plural of {source.text!r}; plural entry left out")
            continue
        if target is None:
            catalog.entries.append(Entry(concept.id + PLURAL_SUFFIX, source.text, ("",) * source_rule.nplurals,
                                         plural_id, _plural_comment(concept.id, source_rule, None)))
            continue
        forms = plural_forms(target, lang)
        if forms is None:
            catalog.notes.append(f"{concept.id} [{lang}]: no plural forms for {target.text!r} in the base "
                                 "and none from morphology; plural entry left out")
            continue
        catalog.entries.append(Entry(concept.id + PLURAL_SUFFIX, source.text, forms.texts, plural_id,
                                     _plural_comment(concept.id, rule, forms.origin)))
    return catalog


# Writing ---------------------------------------------------------------------------------

def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\t", "\\t").replace("\r", "\\r") + '"'


def render_po(catalog: Catalog) -> str:
    """The .po (or .pot) text of a catalog: deterministic, unwrapped, UTF-8."""
    template = catalog.lang is None
    title = "template" if template else f"{catalog.lang} catalog"
    out = [f"# CSTO defence and security glossary: {title}, {catalog.source_lang} source terms.",
           "# Generated by `glossary compile` from the term base. Translations made in this file",
           "# come back into the base with `glossary import FILE.po` (see docs/catalogs.md).",
           "#", 'msgid ""', 'msgstr ""']
    out += [_quote(line + "\n") for line in catalog.header().splitlines()]
    quote = _quote
    for context, msgid, msgstr, msgid_plural, comments in catalog.entries:
        head = "".join([f"\n#. {line}" for line in comments])
        if msgid_plural is None:
            out.append(f"{head}\nmsgctxt {quote(context)}\nmsgid {quote(msgid)}\nmsgstr {quote(msgstr[0])}")
        else:
            forms = "".join([f"\nmsgstr[{i}] {quote(s)}" for i, s in enumerate(msgstr)])
            out.append(f"{head}\nmsgctxt {quote(context)}\nmsgid {quote(msgid)}\n"
                       f"msgid_plural {quote(msgid_plural)}{forms}")
    return "\n".join(out) + "\n"


def _hash(key: bytes) -> int:
    """hashpjw, as GNU gettext hashes keys for the .mo hash table (a 32-bit result).

    gettext folds bits 28-31 back into bits 4-7 after each byte. Bits above 31 (which a 64-bit
    C ``unsigned long`` may carry) never reach the 32-bit result, so they are dropped at once.

    >>> _hash(b"ctx\x04msgid")
    146077508
    """
    value = 0
    for byte in key:
        value = (value << 4) + byte
        if value > 0x0FFFFFFF:
            value = (value & 0x0FFFFFFF) ^ ((value >> 24) & 0xF0)
    return value


def _next_prime(n: int) -> int:
    n |= 1
    while any(n % d == 0 for d in range(3, int(n ** 0.5) + 1, 2)):
        n += 2
    return n


def write_mo(messages: Iterable[tuple[bytes, bytes]], hash_table: bool = True,
             hashes: dict[bytes, int] | None = None) -> bytes:
    """A .mo file in GNU msgfmt's layout from (key, translation) pairs; keys are
    ``ctx\\x04msgid`` (``\\x00msgid_plural`` appended for plural entries), the translations
    NUL-separated forms. Keys are sorted by their bytes, as C gettext's binary search needs.
    ``hashes`` may carry key hashes from one catalog to the next (they share most keys).

    >>> import gettext, io
    >>> mo = write_mo([(b"", b"Content-Type: text/plain; charset=UTF-8\\n"), (b"ctx\\x04a", b"b")])
    >>> gettext.GNUTranslations(io.BytesIO(mo)).pgettext("ctx", "a")
    'b'
    """
    pairs = sorted(messages)
    count = len(pairs)
    size = _next_prime(max(3, count * 4 // 3)) if hash_table and count else 0
    originals_at = 28
    translations_at = originals_at + 8 * count
    hash_at = translations_at + 8 * count
    offset = hash_at + 4 * size
    table_o, table_t, blobs = [], [], []
    for key, _ in pairs:
        table_o += (len(key), offset)
        blobs.append(key + b"\0")
        offset += len(key) + 1
    for _, value in pairs:
        table_t += (len(value), offset)
        blobs.append(value + b"\0")
        offset += len(value) + 1
    slots = [0] * size
    for number, (key, _) in enumerate(pairs if size else (), start=1):
        key = key.split(b"\0", 1)[0]
        value = hashes.get(key) if hashes is not None else None
        if value is None:
            value = _hash(key)
            if hashes is not None:
                hashes[key] = value
        index = value % size
        step = 1 + value % (size - 2)
        while slots[index]:
            index = index - (size - step) if index >= size - step else index + step
        slots[index] = number
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, size, hash_at)
    return b"".join([header, struct.pack(f"<{2 * count}I", *table_o), struct.pack(f"<{2 * count}I", *table_t),
                     struct.pack(f"<{size}I", *slots), *blobs])


def render_mo(catalog: Catalog, hashes: dict[bytes, int] | None = None) -> bytes:
    """The .mo bytes of a translated catalog (what ``msgfmt`` makes of :func:`render_po`)."""
    with without_cyclic_gc():
        return _render_mo(catalog, hashes)


def _render_mo(catalog: Catalog, hashes: dict[bytes, int] | None) -> bytes:
    messages = [(b"", catalog.header(mo=True).encode("utf-8"))]
    for entry in catalog.entries:
        key = f"{entry.context}\x04{entry.msgid}"
        if entry.msgid_plural is not None:
            key += f"\0{entry.msgid_plural}"
        messages.append((key.encode("utf-8"), "\0".join(entry.msgstr).encode("utf-8")))
    return write_mo(messages, hashes=hashes)


def base_languages(base) -> list[str]:
    """The language tags of the base: the seven languages, and script variants it has (be-Latn)."""
    tags = set(LANGUAGES)
    for concept in base.concepts():
        tags.update(lang for lang, terms in concept.terms.items()
                    if terms and _LANG.match(lang) and base_language(lang) in LANGUAGES)
    return sorted(tags, key=language_order)


def _languages(source_lang: str, langs: Iterable[str] | None, base=None) -> list[str]:
    if isinstance(langs, str):
        langs = [langs]
    chosen = [x.strip() for item in (langs or ()) for x in item.split(",") if x.strip()]
    for lang in [source_lang, *chosen]:
        if not _LANG.match(lang) or base_language(lang) not in LANGUAGES:
            raise InputError(f"unknown language {lang!r} (expected one of {', '.join(LANGUAGES)}, "
                             "optionally with a script such as kk-Latn)")
    if source_lang in chosen:
        raise InputError(f"{source_lang} is the source language; it cannot also be a target")
    if not chosen:
        chosen = [lang for lang in (base_languages(base) if base is not None else LANGUAGES) if lang != source_lang]
    return sorted(dict.fromkeys(chosen), key=language_order)


def render_catalogs(base, out_dir: Path, source_lang: str = "en", langs: Iterable[str] | None = None,
                    min_reliability: int = 1) -> tuple[dict[Path, bytes], CompileResult]:
    """Every file of the catalog set with its bytes, written nowhere."""
    out_dir = Path(out_dir)
    result = CompileResult(out_dir)
    files: dict[Path, bytes] = {}
    targets = _languages(source_lang, langs, base)
    hashes: dict[bytes, int] = {}
    for lang in [None, *targets]:
        catalog = build_catalog(base, source_lang, lang, min_reliability)
        name = lang or "pot"
        result.entries[name] = len(catalog.entries) - catalog.plural_count
        result.plurals[name] = catalog.plural_count
        result.notes += [note for note in catalog.notes if note not in result.notes]
        po = render_po(catalog).encode("utf-8")
        if lang is None:
            files[out_dir / f"{DOMAIN}.pot"] = po
        else:
            folder = out_dir / gettext_locale(lang) / "LC_MESSAGES"
            files[folder / f"{DOMAIN}.po"] = po
            files[folder / f"{DOMAIN}.mo"] = render_mo(catalog, hashes)
    result.files = list(files)
    return files, result


def compile_catalogs(base, out_dir: str | os.PathLike, source_lang: str = "en",
                     langs: Iterable[str] | None = None, min_reliability: int = 1,
                     check: bool = False) -> CompileResult:
    """Write ``glossary.pot`` and ``<lang>/LC_MESSAGES/glossary.po|.mo`` into ``out_dir``.

    Files whose bytes are already right are left alone; the others are replaced all together or
    not at all. An empty term base (a mistyped --termbase) is refused rather than compiled into
    empty catalogs over good ones. With ``check`` nothing is written and
    ``result.stale`` names the missing or outdated files (``result.exit_code`` is then 1).
    """
    if not 1 <= int(min_reliability) <= 4:
        raise InputError(f"min_reliability must be 1 to 4, not {min_reliability}")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("output is not a folder", out_dir)
    if len(base) == 0:
        raise InputError("the term base has no concepts; nothing to compile", base.folder)
    files, result = render_catalogs(base, out_dir, source_lang, langs, int(min_reliability))
    result.check = check
    changed = {path: data for path, data in files.items() if not same_bytes(path, data)}
    if check:
        result.stale = list(changed)
    else:
        write_files(changed)  # all catalogs or none: a failure leaves the old set whole
        result.written = list(changed)
    return result
