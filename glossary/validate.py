"""``glossary validate``: the mistakes a terminologist can make in the YAML, with file:line.

Rules (stable names): schema, duplicate-id, bad-id, unknown-language, unknown-value,
two-preferred, missing-preferred, reliability, source-required, wrong-script, homoglyph,
duplicate-term, dangling-related, not-nfc, plural-forms, not-canonical, control-character.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .errors import Finding
from .model import (GENDERS, ID_PATTERN, LANGUAGES, PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Term,
                    base_language)
from .store import domain_files, dump_domain, parse_domain, read_text
from .termbase import TermBase
from .text.normalise import match_key, tokens
from .text.scripts import SCRIPTS, foreign_letters, fix_homoglyphs, script_of

#: Plural categories a countable noun must carry when it has forms.
REQUIRED_FORMS = {"ru": ("one", "few", "many"), "be": ("one", "few", "many"), "en": ("one", "other")}


@lru_cache(maxsize=64)
def language_problem(lang: str) -> str | None:
    """Why ``lang`` is not a language of this base (None when it is); checked with Babel."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang, sep="-")
    except (ValueError, UnknownLocaleError):
        return f"unknown language code {lang!r}"
    if locale.language not in LANGUAGES:
        return f"language {lang!r} is not one of {', '.join(LANGUAGES)}"
    if locale.territory:
        return f"use {locale.language!r}, not a regional code {lang!r}"
    return None


def validate(folder: str | Path) -> list[Finding]:
    """Every finding in the term base at ``folder``, sorted by file and line."""
    folder = Path(folder)
    findings: list[Finding] = []
    for path in domain_files(folder):
        text = read_text(path)
        domain, concepts, _ = parse_domain(text, str(path))
        if dump_domain(domain, concepts) != text:
            findings.append(Finding(str(path), 1, "not-canonical", "file is not in the canonical layout; run `glossary fmt`"))
    base = TermBase.load(folder, strict=False)
    findings += base.problems
    concepts = list(base.concepts())
    known = {c.id for c in concepts}
    for concept in concepts:
        findings += concept_findings(concept, known)
    findings += duplicate_terms(concepts)
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.rule, f.message))


def concept_findings(concept: Concept, known_ids: set[str]) -> Iterator[Finding]:
    where = (concept.file or "?", concept.line or 1)

    def finding(rule: str, message: str, line: int | None = None) -> Finding:
        return Finding(where[0], line or where[1], rule, message)

    if not ID_PATTERN.match(concept.id):
        yield finding("bad-id", f"concept id {concept.id!r} must be a lower-case slug like 'hypersonic-missile'")
    for rid in concept.related:
        if rid not in known_ids:
            yield finding("dangling-related", f"{concept.id}: related id {rid!r} does not exist")
        if rid == concept.id:
            yield finding("dangling-related", f"{concept.id}: a concept cannot be related to itself")
    for lang in concept.definition:
        if language_problem(lang):
            yield finding("unknown-language", f"definition: {language_problem(lang)}")
    bad = control_characters([*concept.definition.values(), concept.note or ""])
    if bad:
        yield finding("control-character", f"{concept.id}: a definition or note holds {bad}")
    for text in [*concept.definition.values(), concept.note or ""]:
        if unicodedata.normalize("NFC", text) != text:
            yield finding("not-nfc", f"{concept.id}: text is not Unicode NFC; run `glossary fmt`")
    if not any(t.status == "preferred" for t in concept.all_terms()):
        yield finding("missing-preferred", f"{concept.id}: no preferred term in any language")
    for lang, terms in concept.terms.items():
        problem = language_problem(lang)
        if problem:
            yield finding("unknown-language", f"{concept.id}: {problem}", terms[0].line if terms else None)
            continue
        preferred = [t for t in terms if t.status == "preferred"]
        if len(preferred) > 1:
            yield finding("two-preferred", f"{concept.id} [{lang}]: two preferred terms: "
                          + ", ".join(repr(t.text) for t in preferred), preferred[1].line)
        if terms and not preferred and any(t.usable for t in terms):
            yield finding("missing-preferred", f"{concept.id} [{lang}]: admitted terms but no preferred term",
                          terms[0].line)
        seen: set[str] = set()
        for term in terms:
            key = match_key(term.text)
            if key in seen:
                yield finding("duplicate-term", f"{concept.id} [{lang}]: {term.text!r} listed twice", term.line)
            seen.add(key)
            for rule, message in term_problems(term):
                yield finding(rule, f"{concept.id} [{lang}] {term.text!r}: {message}", term.line)


def term_problems(term: Term) -> Iterator[tuple[str, str]]:
    for name, value, allowed in (("status", term.status, STATUSES), ("type", term.type, TERM_TYPES),
                                 ("pos", term.pos, PARTS_OF_SPEECH), ("gender", term.gender, GENDERS)):
        if value is not None and value not in allowed:
            rule = "unknown-status" if name == "status" else "unknown-value"
            yield rule, f"{name} {value!r} is not one of {', '.join(allowed)}"
    if not 1 <= term.reliability <= 4:
        yield "reliability", f"reliability {term.reliability} is not between 1 and 4"
    if term.reliability >= 3 and not (term.source or "").strip():
        yield "source-required", f"reliability {term.reliability} needs a source"
    texts = [term.text, *term.forms.values(), term.note or "", term.context or "", term.source or ""]
    bad = control_characters([term.text, *term.forms.values()], allowed="") or control_characters(texts[-3:])
    if bad:
        yield "control-character", f"holds {bad}, which catalogs and interchange files cannot carry"
    if any(unicodedata.normalize("NFC", t) != t for t in texts):
        yield "not-nfc", "text is not Unicode NFC; run `glossary fmt`"
    yield from script_problems([term.text, *term.forms.values()], term.lang)
    lang = base_language(term.lang)
    required = REQUIRED_FORMS.get(lang)
    if term.forms and required and "-" not in term.lang:
        missing = [c for c in required if c not in term.forms]
        if missing:
            yield "plural-forms", f"forms lack {', '.join(missing)} (needs {', '.join(required)})"


def control_characters(texts: Iterable[str], allowed: str = "\n\t") -> str | None:
    """The first control character or line/paragraph separator in ``texts`` (other than ``allowed``).

    >>> control_characters(["ракета", "a\\nb"]), control_characters(["ракета\\x00"]), control_characters(["a\\nb"], "")
    (None, 'U+0000', 'U+000A')
    """
    for text in texts:
        for char in text:
            if char not in allowed and unicodedata.category(char) in ("Cc", "Zl", "Zp"):
                return f"U+{ord(char):04X}"
    return None


def script_problems(texts: Iterable[str], lang: str) -> Iterator[tuple[str, str]]:
    """Mixed-script words (homoglyphs), words in the wrong script, letters foreign to the alphabet."""
    base = base_language(lang)
    subtags = lang.split("-")[1:]
    expected = next((s.title() for s in subtags if len(s) == 4), SCRIPTS.get(base))
    reported: set[str] = set()
    for text in texts:
        for token in tokens(text):
            word = token.text
            if word in reported:
                continue
            script = script_of(word)
            if script is None or script == "Other" and expected is None:
                continue
            if script == "mixed":
                reported.add(word)
                target = expected or "Cyrl"
                yield "homoglyph", f"word {word!r} mixes scripts (look-alike letters); did you mean {fix_homoglyphs(word, target)!r}?"
            elif expected and script != expected and not (script == "Latn" and word.isupper() and base != "hy"):
                reported.add(word)
                yield "wrong-script", f"word {word!r} is in {script} script, {lang} is written in {expected}"
            elif script == expected and expected == SCRIPTS.get(base):
                letters = foreign_letters(word, base)
                if letters:
                    reported.add(word)
                    yield "wrong-script", f"word {word!r} has letters not in the {base} alphabet: {', '.join(letters)}"


def duplicate_terms(concepts: list[Concept]) -> Iterator[Finding]:
    """The same term text in two concepts, unless a note explains it.

    A note explains it when it is on one of the two terms, or on one of the two concepts and
    names the other concept's id or the shared text.
    """
    first: dict[tuple[str, str], tuple[Concept, Term]] = {}
    for concept in concepts:
        for term in concept.all_terms():
            key = (base_language(term.lang), match_key(term.text) if not term.case_sensitive else term.text)
            if key in first and first[key][0].id != concept.id:
                other, other_term = first[key]
                if not _explained(concept, term, other, other_term):
                    yield Finding(concept.file or "?", term.line or concept.line or 1, "duplicate-term",
                                  f"{term.text!r} [{term.lang}] is also a term of {other.id!r}; add a note saying why")
            else:
                first.setdefault(key, (concept, term))


def _explained(concept: Concept, term: Term, other: Concept, other_term: Term) -> bool:
    if term.note or other_term.note:
        return True
    text = match_key(term.text)
    return any(other_id in (note or "") or text in match_key(note or "")
               for note, other_id in ((concept.note, other.id), (other.note, concept.id)))
