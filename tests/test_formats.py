"""glossary.formats: language mapping, ids, and completing imported concepts against a base."""
from __future__ import annotations

import pytest

from glossary.errors import InputError
from glossary.formats import (Parsed, blank_term, complete, detect_format, is_id, map_language, select, slug_id,
                              term_slug)
from glossary.model import Concept, Term
from glossary.termbase import TermBase


@pytest.mark.parametrize("code, expected", [
    ("ru", ("ru", None)), ("RU", ("ru", "RU → ru")), ("ru_RU", ("ru", "ru_RU → ru")), ("hy-AM", ("hy", "hy-AM → hy")),
    ("rus", ("ru", "rus → ru")), ("arm", ("hy", "arm → hy")), ("be-Latn", ("be-Latn", None)),
    ("kk-latn-KZ", ("kk-Latn", "kk-latn-KZ → kk-Latn")), ("tg-Cyrl", ("tg", "tg-Cyrl → tg")),
    ("de-CH", (None, "language de-CH is not one of ru en be kk ky tg hy")),
    ("uz", (None, "language uz is not one of ru en be kk ky tg hy")),
])
def test_language_codes_are_mapped_or_skipped(code, expected):
    assert map_language(code) == expected


@pytest.mark.parametrize("code", ["", "english", "x-klingon", "qq", "e", "en--US", "ru RU"])
def test_what_is_not_a_language_code_is_an_error(code):
    with pytest.raises(ValueError, match="unknown language code"):
        map_language(code)


def test_slugs_are_ids_and_unique():
    taken = {"spy"}
    assert slug_id("Spy", taken) == "spy-2"
    assert slug_id("  --  ", set()).startswith("concept-")
    for term in (Term("Ұжымдық қауіпсіздік", "kk"), Term("ՀԱՊԿ", "hy"), Term("шпионаж", "ru")):
        slug = term_slug(term)  # romanised, not a hash
        assert is_id(slug) and not slug.startswith("concept-"), slug
    assert term_slug(Term("шпионаж", "ru"), {"shpionazh"}) == "shpionazh-2"
    long = slug_id("word " * 40)
    assert len(long) <= 60 and not long.endswith("-")


def test_detect_format_by_name_wins_over_the_extension():
    assert detect_format("x.csv", "JSON") == "json"
    with pytest.raises(InputError, match="unknown format 'xlsx'"):
        detect_format("x.csv", "xlsx")


def base_with_spy() -> TermBase:
    spy = Concept("spy", "security", terms={"en": [Term("spy", "en", reliability=3, source="s")]})
    return TermBase("unused", [spy])


def test_complete_fills_new_terms_and_leaves_known_ones_unstated():
    known = blank_term("spy", "en")
    new_en = blank_term("snoop", "en")
    new_ru = [blank_term("шпион", "ru"), blank_term("лазутчик", "ru")]
    parsed = Parsed([Concept("spy", "", terms={"en": [known, new_en], "ru": new_ru},
                             related=["espionage", "spy"])], "x.tbx")
    (spy,) = complete(parsed, base_with_spy())
    assert known.status is None and known.reliability is None  # the merge keeps the base's values
    assert (new_en.status, new_en.type, new_en.reliability, new_en.translate) == ("admitted", "fullForm", 1, True)
    assert [t.status for t in new_ru] == ["preferred", "admitted"]
    assert spy.related == [] and spy.domain == ""
    assert parsed.notes.lines("skipped") == [
        "related id that is neither in the file nor in the base (1: spy → espionage)"]


def test_complete_domains():
    base = base_with_spy()
    parsed = Parsed([Concept("mole", "Espionage", terms={"en": [Term("mole", "en")]}),
                     Concept("agent", "SECURITY", terms={"en": [Term("agent", "en")]})], "x.tbx")
    kept = complete(parsed, base)
    assert [(c.id, c.domain) for c in kept] == [("agent", "security")]
    assert parsed.notes.lines("skipped") == [
        "subject field 'Espionage' is not a domain of the base; give --domain to import these concepts (1: mole)"]
    parsed = Parsed([Concept("mole", "Espionage", terms={"en": [Term("mole", "en")]})], "x.tbx")
    assert complete(parsed, base, "legal")[0].domain == "legal"
    with pytest.raises(InputError, match="--domain: 'space' is not one of"):
        complete(parsed, base, "space")
    strict = Parsed([Concept("mole", "", terms={"en": [Term("mole", "en")]}, file="x.csv", line=4)], "x.csv", strict=True)
    with pytest.raises(InputError, match=r"^x\.csv:4: mole: a new concept needs a domain"):
        complete(strict, base)


def test_select_keeps_only_the_asked_languages_and_domains():
    concepts = [Concept("a", "legal", definition={"en": "x", "kk": "y"},
                        terms={"en": [Term("a", "en")], "ru": [Term("а", "ru")]}),
                Concept("b", "legal", terms={"hy": [Term("բ", "hy")]}),
                Concept("c", "people", terms={"en": [Term("c", "en")]})]
    chosen = select(concepts, ["en", "kk"], ["legal"])
    assert [(c.id, set(c.terms), set(c.definition)) for c in chosen] == [("a", {"en"}, {"en", "kk"})]
    assert set(concepts[0].terms) == {"en", "ru"}  # the originals are not changed
    latin = Concept("d", "legal", terms={"be": [Term("б", "be")], "be-Latn": [Term("b", "be-Latn")], "ru": [Term("б", "ru")]})
    assert set(select([latin], ["be"])[0].terms) == {"be", "be-Latn"}
    assert set(select([latin], ["be-Latn"])[0].terms) == {"be-Latn"}
