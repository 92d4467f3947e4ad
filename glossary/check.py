"""Terminology QA of a translation: source and target segments checked against the term base.

Rules (stable names; severity in brackets):

- ``missing-term`` [error]: a concept was found in the source segment, but none of its preferred
  or admitted target terms appears in the target segment, in any inflected form;
- ``forbidden-term`` [error] / ``deprecated-term`` [warning]: the target uses a term with that
  status; the preferred replacement is given (for an acronym, the concept's usable acronym);
- ``untranslated-script`` [error]: target text in a script that is not the target language's
  (Cyrillic ``Выборный`` in English), with the concept's target term when the text is a form of a
  known term or name, else a romanisation; a Latin run in a Cyrillic or Armenian target counts
  when it is a known English term or three or more lower-case words; Russian-only letters (и щ ъ)
  in Belarusian count too;
- ``do-not-translate`` [error]: a ``translate: false`` source term (a name) was changed: neither
  the source form nor one of the concept's target names appears in the target.

Without a source (target-only mode) only ``forbidden-term``, ``deprecated-term`` and
``untranslated-script`` run. A forbidden term that is part of a longer matched term does not fire
(longest match first), nor one whose words are also a usable term of another concept (unless the
source names the forbidden term's concept and not the other). A forbidden or deprecated term that
is one ordinary lower-case word (not a name or acronym: the false friend "diversion" for
диверсия) fires only when the source segment names its concept, so target-only mode and
unrelated sentences ("a traffic diversion") stay quiet. URLs, e-mail addresses, printf and
brace placeholders, markup tags and entities are not checked.

Suppression: a segment whose note/comment, or the end of whose plain-text line, contains
``glossary: ignore`` is not checked; ``glossary: ignore=missing-term,forbidden-term`` skips only
those rules.

>>> from glossary.model import Concept, Term
>>> from glossary.termbase import TermBase
>>> base = TermBase("x", [Concept("csto", "organization", terms={
...     "ru": [Term("ОДКБ", "ru", type="acronym", case_sensitive=True)],
...     "en": [Term("CSTO", "en", type="acronym", case_sensitive=True),
...            Term("ODKB", "en", status="forbidden", type="acronym", case_sensitive=True)]})])
>>> [(i.rule, i.line, i.found, i.expected) for i in check(base, "ОДКБ\\nОДКБ", "the CSTO\\nthe ODKB", "ru", "en")]
[('forbidden-term', 2, 'ODKB', 'CSTO')]
>>> check(base, None, "ОДКБ", None, "en")[0].rule
'untranslated-script'
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable

from .bilingual import Segment, read_bilingual, read_plain_pair, segments_from_texts
from .errors import InputError
from .model import LANGUAGES, Term, base_language, check_language
from .scan import Hit, name_word, scanner
from .text.normalise import tokens, word_fold
from .text.scripts import SCRIPTS, script_of

if TYPE_CHECKING:
    from .termbase import TermBase

#: rule name → severity
RULES = {
    "missing-term": "error",
    "forbidden-term": "error",
    "deprecated-term": "warning",
    "untranslated-script": "error",
    "do-not-translate": "error",
}
_STATUS_RULES = {"forbidden": "forbidden-term", "deprecated": "deprecated-term"}
#: The rules that need no source text.
TARGET_ONLY_RULES = ("forbidden-term", "deprecated-term", "untranslated-script")
SCRIPT_NAMES = {"Latn": "Latin", "Cyrl": "Cyrillic", "Armn": "Armenian", "Other": "foreign-script"}
LANGUAGE_NAMES = {"ru": "Russian", "en": "English", "be": "Belarusian", "kk": "Kazakh", "ky": "Kyrgyz",
                  "tg": "Tajik", "hy": "Armenian"}

_DIRECTIVE = re.compile(r"glossary:\s*ignore(?:\s*=\s*([a-z-]+(?:\s*,\s*[a-z-]+)*))?\W*$")
_DIRECTIVE_ANYWHERE = re.compile(r"glossary:\s*ignore(?:\s*=\s*([a-z-]+(?:\s*,\s*[a-z-]+)*))?")
_MASK = re.compile(
    r"(?:https?|ftp)://\S+|\bwww\.\S+"                        # addresses
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"                         # e-mail
    r"|%(?:\([^)\s]*\))?[-+#0]*\d*(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrsa](?![^\W\d_])"  # printf
    r"|\{[^{}\s]*\}"                                            # {name}, {0}
    r"|</?[A-Za-z][^<>]*>"                                      # markup tags
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]\w*);"                   # entities
)
_RUN = re.compile(r"[^\W\d_]+(?:['’ʼ-]?[^\W\d_]+)*(?:[ \t\u00a0]+[^\W\d_]+(?:['’ʼ-]?[^\W\d_]+)*)*")
_RUSSIAN_ONLY = frozenset("ищъ")  # letters of Russian that the Belarusian alphabet lacks
_KK_ONLY, _TG_ONLY, _BE_ONLY = frozenset("әғқұһ"), frozenset("ӣӯҳҷ"), frozenset("ў")
_KY_LETTERS, _KK_TYPICAL = frozenset("ңөү"), frozenset("і")


@dataclass
class Issue:
    """One terminology problem in a target text; ``line`` is the 1-based line of the target file."""

    rule: str
    severity: str
    line: int
    concept: str | None
    found: str | None
    expected: str | None
    message: str
    path: str | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.path or '-'}:{self.line}: {self.rule}: {self.message}"


def suppressions(*texts: str | None) -> set[str]:
    """The rules a segment's notes switch off (``*`` for all).

    >>> sorted(suppressions("# glossary: ignore=missing-term, forbidden-term"))
    ['forbidden-term', 'missing-term']
    >>> suppressions(None, "note: glossary: ignore")
    {'*'}
    """
    out: set[str] = set()
    for text in texts:
        for match in _DIRECTIVE_ANYWHERE.finditer(text or ""):
            out |= {r.strip() for r in match.group(1).split(",")} if match.group(1) else {"*"}
    return out


def strip_directive(line: str) -> tuple[str, set[str]]:
    """Split a trailing ``glossary: ignore[=rules]`` off a plain-text line (blanked, offsets kept).

    >>> strip_directive("ОДКБ  # glossary: ignore=missing-term")
    ('ОДКБ  # ', {'missing-term'})
    """
    match = _DIRECTIVE.search(line)
    if not match:
        return line, set()
    return line[: match.start()], suppressions(match.group())


def mask(text: str) -> str:
    """Blank out what is not prose (addresses, placeholders, tags, entities); offsets are kept.

    >>> mask("See %(name)s at <b>https://x.org/a</b> 50% of {0}")
    'See          at                        50% of    '
    """
    return _MASK.sub(lambda m: " " * len(m.group()), text)


def check(base: "TermBase", source: str | None, target: str, source_lang: str | None, target_lang: str,
          rules: Iterable[str] | None = None, path: str | None = None, **options: Any) -> list[Issue]:
    """Check a line-aligned ``target`` text against its ``source`` (None: target-only mode)."""
    if options:
        raise TypeError(f"unknown option(s): {', '.join(sorted(options))}")
    segments = segments_from_texts(source, target)
    return check_segments(base, segments, source_lang if source is not None else None, target_lang,
                          rules=rules, path=path)


def check_files(base: "TermBase", source_path: Any, target_path: Any, source_lang: str, target_lang: str,
                rules: Iterable[str] | None = None) -> list[Issue]:
    """Check two line-aligned plain-text files."""
    segments = read_plain_pair(source_path, target_path)
    return check_segments(base, segments, source_lang, target_lang, rules=rules, path=str(target_path))


def check_file(base: "TermBase", path: Any, source_lang: str | None = None, target_lang: str | None = None,
               rules: Iterable[str] | None = None) -> list[Issue]:
    """Check a bilingual file (.po, XLIFF 1.2/2.x) by path; the languages given here override the
    file's own. A plain-text file is checked alone (target-only mode; ``target_lang`` required)."""
    doc = read_bilingual(path, target_lang=target_lang)
    if doc.kind == "text":
        if not target_lang:
            raise InputError("a plain-text file alone needs --target-lang (or give SOURCE and TARGET)", path)
        return check_segments(base, doc.segments, None, target_lang, rules=rules, path=str(path))
    tgt = target_lang or doc.target_lang
    if not tgt:
        raise InputError("the file names no target language; give --target-lang", path, doc.lang_line)
    src = source_lang or doc.source_lang or "en"
    for given, named in ((source_lang, doc.source_lang), (target_lang, doc.target_lang)):
        if not given and named:
            try:
                check_language(named)
            except InputError:
                raise InputError(f"the file names an unknown language {named!r} (expected one of: "
                                 f"{', '.join(LANGUAGES)}; or give --source-lang/--target-lang)",
                                 path, doc.lang_line) from None
    return check_segments(base, doc.segments, src, tgt, rules=rules, path=str(path))


def check_segments(base: "TermBase", segments: Iterable[Segment], source_lang: str | None, target_lang: str,
                   rules: Iterable[str] | None = None, path: str | None = None) -> list[Issue]:
    """Check segments; a segment without source gets the target-only rules."""
    enabled = set(RULES if rules is None else rules)
    unknown = enabled - set(RULES)
    if unknown:
        raise InputError(f"unknown rule(s): {', '.join(sorted(unknown))} (expected: {', '.join(RULES)})")
    target_lang = check_language(target_lang)
    source_lang = check_language(source_lang) if source_lang else None
    checker = _Checker(base, source_lang, target_lang, enabled)
    issues: list[Issue] = []
    for segment in segments:
        for issue in checker.segment(segment):
            issue.path = path
            issues.append(issue)
    issues.sort(key=lambda i: (i.line, i.column or 0, i.rule))
    return issues


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


class _Checker:
    def __init__(self, base: "TermBase", source_lang: str | None, target_lang: str, rules: set[str]):
        self.base, self.source_lang, self.target_lang, self.rules = base, source_lang, target_lang, rules
        self.target = scanner(base, target_lang)
        self.source = scanner(base, source_lang) if source_lang else None
        self.script = SCRIPTS.get(base_language(target_lang), "Latn")
        if "-" in target_lang:
            self.script = target_lang.split("-")[1]

    # -- one segment ---------------------------------------------------------------------------

    def segment(self, seg: Segment) -> list[Issue]:
        target, off_target = strip_directive(seg.target)
        source, off_source = strip_directive(seg.source) if seg.source is not None else (None, set())
        off = off_target | off_source | suppressions(seg.note)
        if "*" in off:
            return []
        rules = self.rules - off
        if source is None or self.source is None:
            rules &= set(TARGET_ONLY_RULES)
        target = mask(target)
        target_hits = self.target.hits(target)
        source_groups = self.source.select(self.source.hits(mask(source))) if source is not None and self.source else None
        source_concepts = {h.term.concept for g in source_groups or () for h in g}
        issues: list[Issue] = []
        if rules & {"forbidden-term", "deprecated-term"}:
            issues += self._status_issues(seg, target, target_hits,
                                          source_concepts if source_groups is not None else None, rules)
        if "untranslated-script" in rules:
            issues += self._script_issues(seg, target)
        if source_groups is not None and rules & {"missing-term", "do-not-translate"}:
            issues += self._source_issues(seg, source or "", target, source_groups, target_hits, issues, rules)
        return issues

    def _issue(self, rule: str, seg: Segment, offset: int, concept: str | None, found: str | None,
               expected: str | None, message: str) -> Issue:
        line = seg.line + (seg.target.count("\n", 0, offset) if seg.exact_lines else 0)
        column = offset - seg.target.rfind("\n", 0, offset) if seg.exact_lines else None
        return Issue(rule, RULES[rule], line, concept, found, expected, message, column=column)

    # -- forbidden-term, deprecated-term -------------------------------------------------------

    def _status_issues(self, seg: Segment, target: str, hits: list[Hit], source_concepts: set[str] | None,
                       rules: set[str]) -> list[Issue]:
        usable = [h for h in hits if h.term.usable]
        candidates = []
        for hit in hits:
            rule = _STATUS_RULES.get(hit.term.status)
            if rule not in rules:
                continue
            if any(u.start <= hit.start and hit.end <= u.end and u.end - u.start > hit.end - hit.start for u in usable):
                continue  # part of a longer approved term
            if _ordinary_word(hit.term) and not (source_concepts and hit.term.concept in source_concepts):
                continue  # "diversion" is only wrong where the source means sabotage
            same = {u.term.concept for u in usable if (u.start, u.end) == (hit.start, hit.end)}
            if hit.term.concept in same:
                continue
            if same and not (source_concepts is not None and hit.term.concept in source_concepts
                             and not same & source_concepts):
                continue  # the words are also a usable term of another concept
            candidates.append(hit)
        out = []
        for group in self.target.select(candidates):
            for hit in group:
                found = seg.target[slice(*_balanced(seg.target, hit.start, hit.end))]
                expected = self._replacement(hit.term)
                message = f'{hit.term.status} term "{found}" ({hit.term.concept})'
                message += f'; use "{expected}"' if expected else "; the concept has no usable term in this language"
                if hit.term.note:
                    message += f" — {hit.term.note}"
                out.append(self._issue(_STATUS_RULES[hit.term.status], seg, hit.start, hit.term.concept, found,
                                       expected, message))
        return out

    def _replacement(self, term: Term) -> str | None:
        concept = self.target.concepts.get(term.concept)
        if concept is None:
            return None
        terms = concept.terms.get(self.target_lang, [])
        short = ("acronym", "abbreviation")
        if term.type in short:
            for status in ("preferred", "admitted"):
                for other in terms:
                    if other.status == status and other.type in short:
                        return other.text
        preferred = concept.preferred(self.target_lang)
        return preferred.text if preferred else None

    # -- missing-term, do-not-translate ----------------------------------------------------------

    def _source_issues(self, seg: Segment, source: str, target: str, groups: list[list[Hit]],
                       target_hits: list[Hit], so_far: list[Issue], rules: set[str]) -> list[Issue]:
        usable_in_target = {h.term.concept for h in target_hits if h.term.usable}
        any_in_target = {h.term.concept for h in target_hits}
        # a source term left in the target is reported once, as untranslated-script
        any_in_target |= {i.concept for i in so_far if i.rule == "untranslated-script" and i.concept}
        reported: set[str] = set()
        out = []
        for group in groups:
            concepts = [h.term.concept for h in group]
            if any(c in reported for c in concepts) or any(c in usable_in_target for c in concepts):
                continue
            hit = group[0]
            found = source[hit.start:hit.end]
            if not hit.term.translate:
                if "do-not-translate" in rules:
                    issue = self._do_not_translate(seg, source, target, hit, found, so_far)
                    if issue:
                        out.append(issue)
                reported.update(concepts)
                continue
            if "missing-term" not in rules or any(c in any_in_target for c in concepts):
                continue  # a deprecated or forbidden term of the concept is reported by its own rule
            concept = self.target.concepts.get(hit.term.concept)
            expected = concept.preferred(self.target_lang) if concept else None
            if expected is None:
                continue  # no target term to expect
            reported.update(concepts)
            message = (f'source term "{found}" ({hit.term.concept}) has no approved translation in the target; '
                       f'expected "{expected.text}"')
            admitted = [t.text for t in concept.terms.get(self.target_lang, []) if t.usable and t is not expected]
            if admitted:
                message += " or " + ", ".join(f'"{a}"' for a in admitted)
            out.append(self._issue("missing-term", seg, 0, hit.term.concept, found, expected.text, message))
        return out

    def _do_not_translate(self, seg: Segment, source: str, target: str, hit: Hit, found: str,
                          so_far: list[Issue]) -> Issue | None:
        cid = hit.term.concept
        if any(i.concept == cid and i.rule == "untranslated-script" for i in so_far):
            return None  # already reported, with the name to write
        if _contains_words(target, found) or _contains_words(target, hit.term.text):
            return None  # kept as written
        concept = self.target.concepts.get(cid)
        names = [t.text for t in (concept.terms.get(self.target_lang, []) if concept else []) if t.usable]
        expected = names[0] if names else romanised(hit.term.text, self.source_lang or "ru")
        if not names and expected and _contains_words(target, expected):
            return None
        message = f'"{found}" ({cid}) is a name that is transliterated, not translated'
        message += f'; expected "{expected}"' if expected else ""
        return self._issue("do-not-translate", seg, 0, cid, found, expected, message)

    # -- untranslated-script -------------------------------------------------------------------

    def _script_issues(self, seg: Segment, target: str) -> list[Issue]:
        out = []
        for match in _RUN.finditer(target):
            for start, end, script in _script_runs(match.group(), match.start()):
                run = target[start:end]
                issue = self._foreign_run(seg, run, start, script)
                if issue:
                    out.append(issue)
        return out

    def _foreign_run(self, seg: Segment, run: str, start: int, script: str) -> Issue | None:
        target_name = LANGUAGE_NAMES.get(base_language(self.target_lang), self.target_lang)
        if script == self.script:
            if self.target_lang == "be" and script == "Cyrl":
                bad = "".join(sorted({ch for ch in run.lower() if ch in _RUSSIAN_ONLY}))
                if bad:
                    concept, suggestion, known = self._suggest(run, "ru")
                    suggestion = suggestion if known else None
                    message = f'Russian spelling "{run}" (letters {bad}) in {target_name} text'
                    message += f'; write "{suggestion}"' if suggestion else ""
                    return self._issue("untranslated-script", seg, start, concept, run, suggestion, message)
            return None
        run_lang = self._run_language(run, script)
        concept, suggestion, known = self._suggest(run, run_lang)
        if script == "Latn" and not known:
            lower = [t for t in tokens(run) if t.text.islower()]
            if len(lower) < 3:
                return None  # names, brands and codes in Latin letters are normal in any text
            suggestion = None
        name = SCRIPT_NAMES.get(script, script)
        message = f'{name} text "{run}" in {target_name} text'
        if suggestion and known:
            message += f'; write "{suggestion}"' + (f" ({concept})" if concept else "")
            latin = romanised(run, run_lang) if self.script == "Latn" and script != "Latn" else None
            if latin and latin != suggestion:
                message += f"; romanised: {latin}"
        elif suggestion:
            message += f'; romanised: "{suggestion}"'
        return self._issue("untranslated-script", seg, start, concept, run, suggestion, message)

    def _run_language(self, run: str, script: str) -> str:
        if self.source_lang and SCRIPTS.get(base_language(self.source_lang)) == script and "-" not in self.source_lang:
            return self.source_lang
        return guess_language(run, script)

    def _suggest(self, run: str, lang: str) -> tuple[str | None, str | None, bool]:
        """(concept, target text, known) for a run in another script: the target term of a known
        term or name (known), else a romanisation."""
        langs = [lang] + [l for l in LANGUAGES if l != lang and SCRIPTS[l] == SCRIPTS.get(lang)]
        for candidate in langs:
            concept, text = self._known(run, candidate)
            if text:
                return concept, text, True
        return None, (romanised(run, lang) if self.script == "Latn" else None), False

    def _known(self, run: str, lang: str) -> tuple[str | None, str | None]:
        if lang == self.target_lang:
            return None, None
        sc = scanner(self.base, lang)
        groups = sc.select(sc.hits(run))
        pieces: list[str] = []
        concepts: list[str] = []
        position = 0
        for group in groups:
            hit = next((h for h in group if self._target_term(h.term.concept)), None)
            if hit is None:
                continue
            pieces += self._words(run[position:hit.start], lang, concepts)
            aligned = name_word(self.base, lang, self.target_lang, run[hit.start:hit.end])
            if aligned and aligned[0] == hit.term.concept and len(tokens(hit.term.text)) == 1:
                pieces.append(aligned[1])  # a surname alone: its word of the target name
            else:
                pieces.append(self._replacement(hit.term) or "")
            concepts.append(hit.term.concept)
            position = hit.end
        pieces += self._words(run[position:], lang, concepts)
        if not concepts:
            return None, None
        unique = list(dict.fromkeys(concepts))
        return (unique[0] if len(unique) == 1 else None), " ".join(p for p in pieces if p)

    def _words(self, text: str, lang: str, concepts: list[str]) -> list[str]:
        """Each word: the aligned word of a known name's target term, else its romanisation."""
        out = []
        for token in tokens(text):
            aligned = name_word(self.base, lang, self.target_lang, token.text)
            if aligned:
                out.append(aligned[1])
                concepts.append(aligned[0])
            else:
                out.append(romanised(token.text, lang) if self.script == "Latn" else token.text)
        return out

    def _target_term(self, concept_id: str) -> str | None:
        concept = self.target.concepts.get(concept_id)
        term = concept.preferred(self.target_lang) if concept else None
        return term.text if term else None


def _script_runs(text: str, offset: int) -> list[tuple[int, int, str]]:
    """Split a run of words at changes of script: (start, end, script) of each part."""
    out: list[tuple[int, int, str]] = []
    for token in tokens(text):
        script = script_of(token.text)
        if script in (None, "mixed"):
            continue
        if out and out[-1][2] == script and not text[out[-1][1] - offset:token.start].strip():
            out[-1] = (out[-1][0], offset + token.end, script)
        else:
            out.append((offset + token.start, offset + token.end, script))
    return out


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span by the bracket it opens or closes: ``typographical) Agreement`` → ``(typographical) Agreement``.

    >>> text = "The Model (typographical) Agreement"
    >>> text[slice(*_balanced(text, 11, 35))]
    '(typographical) Agreement'
    """
    inner = text[start:end]
    for opening, closing in ("()", "[]"):
        if inner.count(closing) > inner.count(opening) and start > 0 and text[start - 1] == opening:
            start -= 1
        elif inner.count(opening) > inner.count(closing) and text[end:end + 1] == closing:
            end += 1
    return start, end


def _contains_words(text: str, words: str) -> bool:
    """Whether the words of ``words`` occur in ``text`` in a row (folded)."""
    needle = [word_fold(t.text) for t in tokens(words)]
    hay = [word_fold(t.text) for t in tokens(text)]
    if not needle:
        return False
    return any(hay[i:i + len(needle)] == needle for i in range(len(hay) - len(needle) + 1))


def guess_language(text: str, script: str) -> str:
    """The likeliest language of a run of text from its letters.

    >>> guess_language("Қазақстанға", "Cyrl"), guess_language("Выборный", "Cyrl"), guess_language("ўзброеныя", "Cyrl")
    ('kk', 'ru', 'be')
    """
    if script == "Armn":
        return "hy"
    if script == "Latn":
        return "en"
    letters = set(text.lower())
    if letters & _TG_ONLY:
        return "tg"
    if letters & _KK_ONLY:
        return "kk"
    if letters & _BE_ONLY or (letters & _KK_TYPICAL and not letters & _KY_LETTERS):
        return "be"
    if letters & _KY_LETTERS:
        return "ky"
    return "ru"


@lru_cache(maxsize=4096)
def romanised(text: str, lang: str) -> str | None:
    """The BGN/PCGN romanisation of ``text`` (None when the transliterator is not available)."""
    try:
        from .text.translit import romanise
    except ImportError:
        return None
    try:
        return romanise(text, base_language(lang), scheme="bgn")
    except (KeyError, ValueError, InputError):
        return None


def _ordinary_word(term: Term) -> bool:
    """A single lower-case common word, which is wrong only in the sense the source gives it."""
    return (not term.case_sensitive and term.type not in ("acronym", "abbreviation") and term.text.islower()
            and len(tokens(term.text)) == 1)
