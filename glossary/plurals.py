"""Plural forms: the pinned gettext ``Plural-Forms`` per language, and the forms of a term.

One rule per language, agreed with CLDR (Babel) for whole numbers; the msgstr index of a
plural entry is the position of its CLDR category in :attr:`PluralRule.categories`.

>>> rule = plural_rule("ru")
>>> [rule.category(n) for n in (1, 2, 5, 21, 11)]
['one', 'few', 'many', 'one', 'many']
>>> plural_rule("hy").header
'nplurals=2; plural=(n > 1);'
>>> english_plural("chief of joint staff"), english_plural("agency")
('chiefs of joint staff', 'agencies')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .errors import InputError
from .model import Concept, Term, base_language
from .text.morphology import russian_analyzer

RU_BE = "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"


@dataclass(frozen=True)
class PluralRule:
    """A gettext plural rule and the CLDR category of each msgstr index."""

    lang: str
    nplurals: int
    expression: str
    categories: tuple[str, ...]
    note: str = ""

    @property
    def header(self) -> str:
        """The value of the ``Plural-Forms`` header."""
        return f"nplurals={self.nplurals}; plural={self.expression};"

    def index(self, n: int) -> int:
        """The msgstr index that gettext picks for the count ``n``."""
        return _compiled(self.expression)(n)

    def category(self, n: int) -> str:
        return self.categories[self.index(n)]


#: The pinned table (docs/catalogs.md). Never derive these at run time: catalogs must not
#: change when a library is upgraded; tests/test_plurals.py checks them against CLDR.
PLURAL_RULES: dict[str, PluralRule] = {r.lang: r for r in (
    PluralRule("en", 2, "(n != 1)", ("one", "other"), "GNU gettext and CLDR"),
    PluralRule("ru", 3, RU_BE, ("one", "few", "many"), "GNU gettext; CLDR one/few/many"),
    PluralRule("be", 3, RU_BE, ("one", "few", "many"), "GNU gettext; CLDR one/few/many"),
    PluralRule("kk", 2, "(n != 1)", ("one", "other"), "CLDR one: n = 1"),
    PluralRule("ky", 2, "(n != 1)", ("one", "other"), "CLDR one: n = 1"),
    PluralRule("tg", 2, "(n > 1)", ("one", "other"), "CLDR one: i = 0 or n = 1"),
    PluralRule("hy", 2, "(n > 1)", ("one", "other"), "CLDR one: i = 0,1"),
)}

#: Languages whose nouns stay singular after a numeral: every plural form is the term itself.
INVARIANT = frozenset({"kk", "ky", "tg", "hy"})
#: A count for each CLDR category, to inflect with morphology.
SAMPLE = {"zero": 0, "one": 1, "two": 2, "few": 2, "many": 5, "other": 5}


def plural_rule(lang: str) -> PluralRule:
    """The pinned rule of ``lang`` (a script subtag is ignored: ``kk-Latn`` → ``kk``)."""
    rule = PLURAL_RULES.get(base_language(lang))
    if rule is None:
        raise InputError(f"no plural rule for language {lang!r} (known: {', '.join(PLURAL_RULES)})")
    return rule


@lru_cache(maxsize=64)
def _compiled(expression: str) -> Callable[[int], int]:
    import gettext

    return gettext.c2py(expression)


def parse_plural_forms(header: str) -> tuple[int, Callable[[int], int]]:
    """``nplurals`` and the plural function of a ``Plural-Forms`` value (ValueError if bad).

    >>> n, f = parse_plural_forms("nplurals=2; plural=(n != 1);")
    >>> n, f(1), f(7)
    (2, 0, 1)
    """
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", header)
    if not match:
        raise ValueError(f"not a Plural-Forms value: {header!r}")
    nplurals = int(match.group(1))
    if not 1 <= nplurals <= 6:
        raise ValueError(f"nplurals={nplurals} is out of range")
    function = _compiled(match.group(2))
    for n in range(201):
        if not 0 <= function(n) < nplurals:
            raise ValueError(f"plural({n}) is outside 0..{nplurals - 1}")
    return nplurals, function


def is_countable(concept: Concept) -> bool:
    """A concept is countable when the base records plural forms for one of its terms.

    >>> from glossary.model import Concept, Term
    >>> is_countable(Concept("spy", "security", terms={"en": [Term("spy", "en", pos="noun",
    ...     forms={"one": "spy", "other": "spies"})]}))
    True
    """
    for terms in concept.terms.values():
        for term in terms:
            plural = len(term.forms) > 1 or (term.forms and "one" not in term.forms)
            if plural and term.pos != "properNoun" and term.usable:
                return True
    return False


@dataclass(frozen=True)
class Forms:
    """The plural forms of a term in the order of its language's msgstr indexes."""

    texts: tuple[str, ...]
    origin: str  # "base", "morphology", "base and morphology" or "invariant"


def plural_forms(term: Term, lang: str) -> Forms | None:
    """The forms of ``term`` for every msgstr index of ``lang``, or None when unknown.

    Forms come from the base; a missing one from morphology (pymorphy3 for Russian, the
    English rules of :func:`english_plural`); in kk, ky, tg and hy every form is the term.

    >>> from glossary.model import Term
    >>> plural_forms(Term("гиперзвуковая ракета", "ru"), "ru").texts
    ('гиперзвуковая ракета', 'гиперзвуковые ракеты', 'гиперзвуковых ракет')
    >>> plural_forms(Term("гіпергукавая ракета", "be"), "be") is None
    True
    """
    code = base_language(lang)
    rule = plural_rule(code)
    texts, origins = [], set()
    for category in rule.categories:
        form = term.forms.get(category)
        if form:
            origins.add("base")
        elif category == "one":
            form = term.text
        elif code in INVARIANT:
            form = term.text
            origins.add("invariant")
        else:
            form = inflect(term.text, code, category)
            if form is None:
                return None
            origins.add("morphology")
        texts.append(form)
    origin = " and ".join(sorted(origins)) or "base"
    return Forms(tuple(texts), origin)


def source_plural(term: Term, lang: str) -> str | None:
    """The ``msgid_plural`` of a source term: its plural as a dictionary would give it.

    >>> from glossary.model import Term
    >>> source_plural(Term("hypersonic missile", "en"), "en")
    'hypersonic missiles'
    """
    code = base_language(lang)
    if term.forms.get("other"):
        return term.forms["other"]
    if code in INVARIANT:
        return term.text
    if code == "ru":
        plural = _russian_phrase(term.text, "plural")
        if plural:
            return plural
    return term.forms.get("many") or term.forms.get("few") or inflect(term.text, code, "other")


def inflect(text: str, lang: str, category: str) -> str | None:
    """The form of ``text`` after a number of the CLDR ``category`` in ``lang``, or None."""
    if category == "one":
        return text
    if lang == "en":
        return english_plural(text)
    if lang == "ru":
        return _russian_phrase(text, category)
    return None


# English -------------------------------------------------------------------------------

_IRREGULAR = {"man": "men", "woman": "women", "child": "children", "person": "persons", "foot": "feet",
              "tooth": "teeth", "mouse": "mice", "criterion": "criteria", "phenomenon": "phenomena",
              "datum": "data", "index": "indices", "matrix": "matrices", "appendix": "appendices",
              "chief": "chiefs", "roof": "roofs", "proof": "proofs", "belief": "beliefs",
              "aircraft": "aircraft", "spacecraft": "spacecraft", "personnel": "personnel",
              "series": "series", "species": "species", "means": "means", "headquarters": "headquarters",
              "sheep": "sheep", "fish": "fish", "staff": "staffs", "corps": "corps", "chassis": "chassis"}
_VES = {"knife": "knives", "life": "lives", "wife": "wives", "half": "halves", "leaf": "leaves",
        "wolf": "wolves", "thief": "thieves", "shelf": "shelves", "self": "selves"}
_O_ES = {"hero", "torpedo", "veto", "potato", "tomato", "echo", "embargo"}
_HEAD_BREAK = {"of", "for", "in", "on", "at", "to", "with", "under", "against", "between", "from", "by"}


def english_plural(phrase: str) -> str:
    """The plural of an English noun phrase: its head noun (last word, or the word before
    "of", "for" ...) made plural.

    >>> [english_plural(w) for w in ("missile", "ICBM", "crisis", "weapon of mass destruction")]
    ['missiles', 'ICBMs', 'crises', 'weapons of mass destruction']
    """
    words = phrase.split(" ")
    head = len(words) - 1
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in _HEAD_BREAK:
            head = i - 1
            break
    words[head] = _english_word_plural(words[head])
    return " ".join(words)


def _english_word_plural(word: str) -> str:
    if "-" in word.strip("-"):
        parts = word.split("-")  # commander-in-chief → commanders-in-chief; follow-up → follow-ups
        head = next((i - 1 for i, p in enumerate(parts[1:], start=1) if p.lower() in _HEAD_BREAK), len(parts) - 1)
        parts[head] = _english_word_plural(parts[head])
        return "-".join(parts)
    if len(word) > 1 and word.isupper():
        return word + "s"
    lower = word.lower()
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
    elif lower in _VES:
        plural = _VES[lower]
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is", "as", "os")):
        plural = lower  # already plural: regulations, forces, arms
    elif lower.endswith(("s", "x", "z", "ch", "sh")) and not lower.endswith("is"):
        plural = lower + "es"
    elif lower.endswith("is"):
        plural = lower[:-2] + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        plural = lower[:-1] + "ies"
    elif lower in _O_ES:
        plural = lower + "es"
    else:
        plural = lower + "s"
    return _same_case(word, plural)


def _same_case(model: str, word: str) -> str:
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Russian -------------------------------------------------------------------------------

_TOKEN = re.compile(r"(\w+(?:-\w+)*)")
_AGREEING = ("ADJF", "PRTF")


@lru_cache(maxsize=65536)
def _russian_phrase(text: str, category: str) -> str | None:
    """Inflect a Russian noun phrase (adjectives + head noun + unchanged complements) for
    ``few`` (2), ``many`` (5) or ``plural`` (nominative plural); None when no head is found."""
    parts = _TOKEN.split(text)
    words = [(i, parts[i]) for i in range(1, len(parts), 2)]
    head = None
    for position, (index, word) in enumerate(words):
        adjective = _nominative(word, *_AGREEING)
        following = words[position + 1][1] if position + 1 < len(words) else None
        if adjective is not None and following and _nominative(following, "NOUN", *_AGREEING):
            continue  # an adjective before its noun (военный потенциал: not the noun военный)
        parse = _nominative(word, "NOUN")
        if parse is not None:
            head = (position, index, parse)
            break
        return None  # something other than an adjective before the head noun
    if head is None:
        return None
    position, index, noun = head
    if {"Sgtm", "Pltm", "Fixd"} & set(noun.tag.grammemes):
        return None
    feminine = "femn" in noun.tag
    if category == "plural":
        noun_form, adjective_case = noun.inflect({"plur", "nomn"}), {"plur", "nomn"}
    elif category == "few":
        noun_form = noun.make_agree_with_number(2)
        adjective_case = {"plur", "nomn"} if feminine else {"plur", "gent"}
    elif category == "many":
        noun_form, adjective_case = noun.make_agree_with_number(5), {"plur", "gent"}
    else:
        return None
    if noun_form is None:
        return None
    parts[index] = _same_case(parts[index], noun_form.word)
    for _, (adj_index, word) in zip(range(position), words):
        parse = _nominative(word, *_AGREEING)
        form = parse.inflect(adjective_case) if parse is not None else None
        if form is None:
            return None
        parts[adj_index] = _same_case(word, form.word)
    return "".join(parts)


def _nominative(word: str, *pos: str):
    """The singular nominative reading of ``word`` with one of the parts of speech ``pos``."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in word):
        return None
    for parse in russian_analyzer().parse(word):
        if parse.tag.POS in pos and {"sing", "nomn"} <= set(parse.tag.grammemes):
            return parse
    return None
