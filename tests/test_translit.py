"""Transliteration: the romanisation schemes and the coarse Latin key used by lookup."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary.errors import InputError
from glossary.text.scripts import letter_script
from glossary.text.translit import SCHEME_LANGUAGES, SCHEMES, latin_key, romanise


@pytest.mark.parametrize("text, scheme, expected", [
    ("Анатолий Выборный", "bgn", "Anatoliy Vybornyy"),
    ("Андрей Сердюков", "bgn", "Andrey Serdyukov"),
    ("Анатолий Выборный", "press", "Anatoly Vyborny"),
    ("Андрей Сердюков", "press", "Andrei Serdyukov"),
    ("Сергей Шойгу", "press", "Sergei Shoigu"),
    ("Дмитрий Толстой", "press", "Dmitry Tolstoy"),
    ("Анатолий Выборный", "icao", "Anatolii Vybornyi"),
    ("Андрей Сердюков", "icao", "Andrei Serdiukov"),
    ("Организация Договора о коллективной безопасности", "bgn",
     "Organizatsiya Dogovora o kollektivnoy bezopasnosti"),
    ("Ёлкин, Пётр, объём", "bgn", "Yëlkin, Pëtr, ob”yëm"),
    ("ОДКБ", "bgn", "ODKB"),
    ("Хабаровск", "icao", "Khabarovsk"),
])
def test_russian_schemes(text, scheme, expected):
    assert romanise(text, "ru", scheme) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("Гродна", "be", "Hrodna"),
    ("Магілёў", "be", "Mahilyow"),
    ("Гомель", "be", "Homyel’"),
    ("Қазақстан", "kk", "Qazaqstan"),
    ("Өскемен", "kk", "Öskemen"),
    ("Жогорку Кеңеш", "ky", "Jogorku Kengesh"),
    ("Бишкек", "ky", "Bishkek"),
    ("Тоҷикистон", "tg", "Tojikiston"),
    ("Ҳисор", "tg", "Hisor"),
    ("Երևան", "hy", "Yerevan"),
    ("Հայաստան", "hy", "Hayastan"),
    ("Ոսկան", "hy", "Voskan"),
    ("Գյումրի", "hy", "Gyumri"),
    ("ՀԱՊԿ", "hy", "HAPK"),
])
def test_bgn_tables_of_the_other_languages(text, lang, expected):
    assert romanise(text, lang) == expected


def test_latin_digits_and_punctuation_pass_through():
    assert romanise("ПА ОДКБ, 2024 (NATO)", "ru") == "PA ODKB, 2024 (NATO)"


@pytest.mark.parametrize("scheme, lang", [("press", "kk"), ("icao", "hy"), ("bgn", "en"), ("nope", "ru"), ("bgn", "xx")])
def test_unknown_scheme_or_language_is_an_input_error(scheme, lang):
    with pytest.raises(InputError):
        romanise("Москва", lang, scheme)


def test_every_scheme_is_described():
    assert set(SCHEMES) == set(SCHEME_LANGUAGES) == {"bgn", "press", "icao"}
    assert all(SCHEMES.values())


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЕЁЖЙЩЪЫЬЮЯ -", max_size=30),
       st.sampled_from(sorted(SCHEMES)))
def test_russian_romanisations_leave_no_cyrillic(text, scheme):
    result = romanise(text, "ru", scheme)
    assert not any(letter_script(ch) == "Cyrl" for ch in result)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_latin_key_never_fails_and_keeps_one_key_per_word(text):
    from glossary.text.normalise import tokens

    assert len(latin_key(text).split()) == len(tokens(text))


@pytest.mark.parametrize("spellings", [
    ("Выборный", "Vyborny", "Vyborniy", "Vybornyy", "Vybornyi", "Vybornij"),
    ("Сердюков", "Serdyukov", "Serdiukov", "Serdjukov"),
    ("ОДКБ", "odkb", "ODKB"),
    ("гиперзвуковая ракета", "giperzvukovaya raketa", "giperzvukovaja raketa", "giperzvukovaia raketa"),
    ("беспилотник", "bespilotnik", "Bespilotnik"),
    ("Юрий", "Yuriy", "Yury", "Iurii", "Jurij"),
    ("Елена", "Yelena", "Elena"),
    ("Пётр", "Pyotr", "Petr"),
    ("Хабаровск", "Khabarovsk", "Habarovsk"),
    ("Шойгу", "Shoigu", "Shoygu"),
    ("Максим", "Maxim", "Maksim"),
    ("Қазақстан", "Qazaqstan", "Kazakstan"),
    ("Тоҷикистон", "Tojikiston"),
    ("Հայաստան", "Hayastan"),
    ("ՀԱՊԿ", "HAPK", "hapk"),
])
def test_latin_key_unites_the_spellings_of_a_word(spellings):
    assert len({latin_key(s) for s in spellings}) == 1, {s: latin_key(s) for s in spellings}


def test_latin_key_reads_belarusian_g_as_h():
    assert latin_key("Гродна", "be") == latin_key("Hrodna") != latin_key("Гродна")
    assert latin_key("беспілотнік", "be") == latin_key("bespilotnik")


@pytest.mark.parametrize("a, b", [
    ("ракета", "ракеты"), ("Сердюков", "Сердюк"), ("шпион", "шпионаж"), ("csto", "odkb"), ("Россия", "Русия"),
])
def test_latin_key_keeps_different_words_apart(a, b):
    assert latin_key(a) != latin_key(b)


def glossary(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, text=True, timeout=60)


def test_cli_translit_and_its_help():
    assert glossary("translit", "Анатолий", "Выборный", "--scheme", "press").stdout == "Anatoly Vyborny\n"
    assert glossary("translit", "Қазақстан", "--lang", "kk").stdout == "Qazaqstan\n"
    result = glossary("translit", "Андрей Сердюков", "--scheme", "icao", "--format", "json")
    assert json.loads(result.stdout) == {"text": "Андрей Сердюков", "lang": "ru", "scheme": "icao",
                                         "romanised": "Andrei Serdiukov"}
    help_text = glossary("translit", "--help").stdout
    for name in SCHEMES:
        assert name in help_text
    assert "ICAO Doc 9303" in help_text and "BGN/PCGN" in help_text


def test_cli_translit_bad_usage_exits_2():
    result = glossary("translit", "Москва", "--lang", "en")
    assert result.returncode == 2 and "does not cover" in result.stderr and "Traceback" not in result.stderr
    assert glossary("translit", "Москва", "--scheme", "xyz").returncode == 2
