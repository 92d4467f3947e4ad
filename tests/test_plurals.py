"""The pinned Plural-Forms table, and the plural forms of terms (base, morphology, invariant)."""
from __future__ import annotations

import re

import pytest
from babel import Locale

from glossary.errors import InputError
from glossary.model import LANGUAGES, Concept, Term
from glossary.plurals import (INVARIANT, PLURAL_RULES, english_plural, inflect, is_countable, parse_plural_forms,
                              plural_forms, plural_rule, source_plural)

from .conftest import REPO

GNU_RU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


def test_every_language_has_exactly_one_rule():
    assert sorted(PLURAL_RULES) == sorted(LANGUAGES)
    for rule in PLURAL_RULES.values():
        assert rule.nplurals == len(rule.categories) == len(set(rule.categories))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pinned_rule_agrees_with_cldr_for_0_to_200(lang):
    cldr = Locale.parse(lang).plural_form
    rule = plural_rule(lang)
    disagreements = [(n, rule.category(n), cldr(n)) for n in range(201) if rule.category(n) != cldr(n)]
    assert disagreements == []
    assert {rule.index(n) for n in range(201)} == set(range(rule.nplurals))  # every msgstr is used


def test_russian_and_belarusian_use_the_gnu_expression_and_english_two_forms():
    assert plural_rule("ru").header == plural_rule("be").header == GNU_RU
    assert plural_rule("en").header == "nplurals=2; plural=(n != 1);"
    assert [plural_rule("ru").index(n) for n in (1, 2, 5, 21, 11, 22, 111, 112, 0)] == [0, 1, 2, 0, 2, 1, 2, 2, 2]
    assert plural_rule("be-Latn") is plural_rule("be")
    with pytest.raises(InputError):
        plural_rule("de")


def test_documented_table_is_the_pinned_table():
    text = (REPO / "docs" / "catalogs.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w\w) \| `(nplurals=[^`]+)` \| ([a-z, ]+) \|", text, re.M)
    documented = {lang: (header.replace("\\|", "|"), tuple(c.strip() for c in cats.split(",")))
                  for lang, header, cats in rows}
    assert documented == {lang: (rule.header, rule.categories) for lang, rule in PLURAL_RULES.items()}


def test_parse_plural_forms_accepts_what_tools_write_and_rejects_nonsense():
    nplurals, f = parse_plural_forms("nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                                     "(n%100<10 || n%100>=20) ? 1 : 2;")
    assert nplurals == 3 and [f(n) for n in (1, 3, 7)] == [0, 1, 2]
    assert parse_plural_forms("nplurals=1; plural=0;")[0] == 1
    for bad in ("nplurals=2", "nplurals=2; plural=n+;", "nplurals=2; plural=(n > 1) ? 2 : 0;",
                "nplurals=0; plural=0;", "nplurals=2; plural=import os;"):
        with pytest.raises((ValueError, SyntaxError)):
            parse_plural_forms(bad)


# Forms of terms --------------------------------------------------------------------------------

def test_forms_from_the_base_win():
    term = Term("гиперзвуковая ракета", "ru", forms={"one": "гиперзвуковая ракета", "few": "гиперзвуковые ракеты",
                                                    "many": "гиперзвуковых ракет"})
    forms = plural_forms(term, "ru")
    assert forms.origin == "base"
    rule = plural_rule("ru")
    assert [forms.texts[rule.index(n)] for n in (1, 2, 5, 21, 11)] == [
        "гиперзвуковая ракета", "гиперзвуковые ракеты", "гиперзвуковых ракет", "гиперзвуковая ракета",
        "гиперзвуковых ракет"]
    odd = Term("ракета", "ru", forms={"many": "ракетищ"})
    assert plural_forms(odd, "ru").texts == ("ракета", "ракеты", "ракетищ")
    assert plural_forms(odd, "ru").origin == "base and morphology"


@pytest.mark.parametrize("text, few, many", [
    ("шпион", "шпиона", "шпионов"),
    ("государство-член", "государства-члена", "государств-членов"),
    ("начальник Объединённого штаба", "начальника Объединённого штаба", "начальников Объединённого штаба"),
    ("беспилотный летательный аппарат", "беспилотных летательных аппарата", "беспилотных летательных аппаратов"),
    ("Крылатая ракета", "Крылатые ракеты", "Крылатых ракет"),
    ("повестка дня", "повестки дня", "повесток дня"),
    ("военный потенциал", "военных потенциала", "военных потенциалов"),  # военный is also a noun
])
def test_russian_morphology(text, few, many):
    forms = plural_forms(Term(text, "ru"), "ru")
    assert forms.texts == (text, few, many) and forms.origin == "morphology"


@pytest.mark.parametrize("text", ["ОДКБ", "Армения", "in Latin", "ядерное и химическое оружие"])
def test_russian_morphology_gives_up_rather_than_guess(text):
    assert inflect(text, "ru", "many") is None
    assert plural_forms(Term(text, "ru"), "ru") is None


def test_belarusian_needs_forms_and_invariant_languages_repeat_the_term():
    assert plural_forms(Term("шпіён", "be"), "be") is None
    for lang in sorted(INVARIANT):
        forms = plural_forms(Term("тыңшы", lang), lang)
        assert forms.texts == ("тыңшы", "тыңшы") and forms.origin == "invariant"


@pytest.mark.parametrize("phrase, plural", [
    ("missile", "missiles"), ("spy", "spies"), ("ICBM", "ICBMs"), ("crisis", "crises"), ("box", "boxes"),
    ("chief of joint staff", "chiefs of joint staff"), ("member state", "member states"),
    ("unmanned aerial vehicle", "unmanned aerial vehicles"), ("Commander-in-Chief", "Commanders-in-Chief"),
    ("follow-up", "follow-ups"),
    ("weapon of mass destruction", "weapons of mass destruction"), ("day", "days"), ("Agency", "Agencies"),
    ("aircraft", "aircraft"), ("regulations", "regulations"), ("armed forces", "armed forces"),
    ("gas", "gases"), ("bus", "buses"), ("half", "halves"),
    ("man-portable air-defence system", "man-portable air-defence systems"),
])
def test_english_plural(phrase, plural):
    assert english_plural(phrase) == plural


def test_source_plural():
    assert source_plural(Term("spy", "en", forms={"one": "spy", "other": "spies"}), "en") == "spies"
    assert source_plural(Term("laser weapon", "en"), "en") == "laser weapons"
    assert source_plural(Term("гиперзвуковая ракета", "ru"), "ru") == "гиперзвуковые ракеты"
    assert source_plural(Term("зымыран", "kk"), "kk") == "зымыран"


def test_countable_means_recorded_forms():
    def concept(*terms: Term) -> Concept:
        by_lang: dict[str, list[Term]] = {}
        for term in terms:
            by_lang.setdefault(term.lang, []).append(term)
        return Concept("x", "weapons", terms=by_lang)

    assert is_countable(concept(Term("шпион", "ru", pos="noun"),
                                Term("spy", "en", pos="noun", forms={"one": "spy", "other": "spies"})))
    assert not is_countable(concept(Term("espionage", "en", pos="noun"), Term("шпионаж", "ru", pos="noun")))
    assert not is_countable(concept(Term("CSTO", "en", pos="properNoun", forms={"other": "CSTOs"})))
    assert not is_countable(concept(Term("x", "en", status="forbidden", forms={"other": "xs"})))
