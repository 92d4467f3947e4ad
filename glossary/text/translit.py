"""Transliteration: romanised names for people and places, and a coarse key for Latin typing.

:func:`romanise` writes Cyrillic or Armenian text in Latin letters by a named scheme:

- ``bgn`` — BGN/PCGN, the US/UK geographic-names romanisations: Russian (1947), Belarusian
  (1979), Kazakh (1979), Kyrgyz (1979), Tajik (1994) and Armenian (1981). Russian uses the
  maintained ``iuliia`` tables; the others use the small tables below.
- ``press`` — the common English press spelling of Russian names: -ий/-ый → y, й after a
  vowel → i, no apostrophes (Anatoly Vyborny, Andrei Serdyukov, Sergei Shoigu).
- ``icao`` — ICAO Doc 9303, the machine-readable passport scheme for Russian.

:func:`latin_key` is not a romanisation but a matching key: it maps Cyrillic, Armenian and
Latin spellings of the same word to one coarse string, so that the many ways people type a
Russian name in Latin letters (Vyborniy, Vybornyy, Vyborny, Vybornyi) meet the Cyrillic
original (Выборный).

>>> romanise("Анатолий Выборный", "ru"), romanise("Анатолий Выборный", "ru", "press")
('Anatoliy Vybornyy', 'Anatoly Vyborny')
>>> romanise("Андрей Сердюков", "ru", "icao")
'Andrei Serdiukov'
>>> romanise("Гродна", "be"), romanise("Қазақстан", "kk"), romanise("Երևան", "hy")
('Hrodna', 'Qazaqstan', 'Yerevan')
>>> latin_key("Vyborniy") == latin_key("Vybornyy") == latin_key("Vyborny") == latin_key("Выборный")
True
>>> latin_key("odkb") == latin_key("ОДКБ"), latin_key("giperzvukovaya raketa") == latin_key("гиперзвуковая ракета")
(True, True)
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from ..errors import InputError
from ..model import base_language
from .normalise import fold, nfc, tokens

#: Scheme name -> one-line description (shown in ``glossary translit --help``).
SCHEMES: dict[str, str] = {
    "bgn": "BGN/PCGN (ru be kk ky tg hy): Anatoliy Vybornyy, Andrey Serdyukov, Hrodna, Qazaqstan",
    "press": "English press spelling (ru): Anatoly Vyborny, Andrei Serdyukov, Sergei Shoigu",
    "icao": "ICAO Doc 9303 passports (ru): Anatolii Vybornyi, Andrei Serdiukov",
}
#: The languages each scheme covers.
SCHEME_LANGUAGES: dict[str, tuple[str, ...]] = {
    "bgn": ("ru", "be", "kk", "ky", "tg", "hy"),
    "press": ("ru",),
    "icao": ("ru",),
}

_COMMON = dict(zip("абвгдзийклмнопрстуфыэ", "abvgdziyklmnoprstufye"))
_COMMON.update({"ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ё": "yo",
                "ю": "yu", "я": "ya", "ъ": "”", "ь": "’", "е": "e"})
_VOWELS_CYR = set("аеёиоуыэюяіәөұүӣӯ")
_VOWELS_ARM = set("աեէըիոօ")

#: BGN/PCGN tables for the languages iuliia does not cover (lower case; "е" is contextual).
BGN_TABLES: dict[str, dict[str, str]] = {
    "be": {**_COMMON, "г": "h", "е": "ye", "і": "i", "ў": "w", "'": "”", "’": "”"},
    "kk": {**_COMMON, "ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "ö", "ұ": "ū", "ү": "ü",
           "һ": "h", "і": "i"},
    "ky": {**_COMMON, "ж": "j", "ң": "ng", "ө": "ö", "ү": "ü"},
    "tg": {**_COMMON, "ғ": "gh", "ӣ": "ī", "қ": "q", "ӯ": "ū", "ҳ": "h", "ҷ": "j", "ъ": "’"},
    "hy": dict(zip("աբգդզէըժիլխծկհձղճմյնշչպջռսվտրցւփքօֆ",
                   ["a", "b", "g", "d", "z", "e", "y", "zh", "i", "l", "kh", "ts", "k", "h", "dz",
                    "gh", "ch", "m", "y", "n", "sh", "ch’", "p", "j", "r", "s", "v", "t", "r",
                    "ts’", "w", "p’", "k’", "o", "f"])) | {"թ": "t’", "ե": "e", "ո": "o", "և": "ev"},
}


def romanise(text: str, lang: str, scheme: str = "bgn") -> str:
    """Write ``text`` (in ``lang``) in Latin letters by ``scheme`` (see :data:`SCHEMES`).

    Letters the scheme does not know (Latin, digits, punctuation) are kept as they are.

    >>> romanise("Сергей Шойгу", "ru", "press"), romanise("Пётр Ёлкин", "ru")
    ('Sergei Shoigu', 'Pëtr Yëlkin')
    >>> romanise("Тоҷикистон", "tg"), romanise("Жогорку Кеңеш", "ky")
    ('Tojikiston', 'Jogorku Kengesh')
    >>> romanise("ОДКБ", "ru"), romanise("ՀԱՊԿ", "hy")
    ('ODKB', 'HAPK')
    >>> romanise("x", "en")
    Traceback (most recent call last):
    ...
    glossary.errors.InputError: scheme 'bgn' does not cover language 'en' (it covers: ru be kk ky tg hy)
    """
    if scheme not in SCHEMES:
        raise InputError(f"unknown transliteration scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    base = base_language(lang)
    if base not in SCHEME_LANGUAGES[scheme]:
        raise InputError(f"scheme {scheme!r} does not cover language {lang!r} "
                         f"(it covers: {' '.join(SCHEME_LANGUAGES[scheme])})")
    text = nfc(text)
    if base == "ru":
        return _iuliia(scheme).translate(text)
    return _table_romanise(text, base)


def _definition(schema) -> dict:
    import json

    with open(schema.path, encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=None)
def _iuliia(scheme: str):
    """The iuliia schema of ``scheme`` (press: Wikipedia's tables, й after a vowel → i, -ой → oy)."""
    import iuliia
    from iuliia.schema import TranslitSchema

    if scheme == "icao":
        return iuliia.ICAO_DOC_9303
    if scheme == "bgn":
        # iuliia's table writes ё as Cyrillic ё; BGN/PCGN writes ë (yë initially, after vowels).
        defn = _definition(iuliia.BGN_PCGN)
        fix = {k: v.replace("ё", "ë") for k, v in defn["mapping"].items()}
        prev = {k: v.replace("ё", "ë") for k, v in defn["prev_mapping"].items()}
        return TranslitSchema(name="bgn", mapping=fix, prev_mapping=prev,
                              next_mapping=defn.get("next_mapping"), ending_mapping=defn.get("ending_mapping"))
    defn = _definition(iuliia.WIKIPEDIA)
    after_vowel = {v + "й": "i" for v in "аеоуэюя"}
    return TranslitSchema(name="press", mapping=defn["mapping"],
                          prev_mapping={**defn.get("prev_mapping", {}), **after_vowel},
                          next_mapping=defn.get("next_mapping"),
                          ending_mapping={"ий": "y", "ый": "y", "ой": "oy"})


def _table_romanise(text: str, lang: str) -> str:
    table = BGN_TABLES[lang]
    vowels = _VOWELS_ARM if lang == "hy" else _VOWELS_CYR
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        low = ch.lower()
        prev = text[i - 1].lower() if i else ""
        initial = not prev.isalpha()
        if lang == "hy" and low == "ո" and i + 1 < len(text) and text[i + 1].lower() == "ւ":
            latin, i = "u", i + 2
            out.append(_case(latin, ch, text, i - 1))
            continue
        if lang == "hy" and low == "ե":
            latin = "ye" if initial or prev in vowels else "e"
        elif lang == "hy" and low == "ո":
            following = text[i + 1].lower() if i + 1 < len(text) else ""
            latin = "vo" if initial and following != "վ" else "o"
        elif lang == "hy" and low == "և":
            latin = "yev" if initial else "ev"
        elif low == "е" and lang != "be":
            latin = "ye" if initial or prev in vowels or prev in "ъьй" else "e"
        else:
            latin = table.get(low, ch)
        out.append(_case(latin, ch, text, i))
        i += 1
    return "".join(out)


def _case(latin: str, source: str, text: str, i: int) -> str:
    if not source.isupper() or latin == source:
        return latin
    neighbours = text[max(0, i - 1): i] + text[i + 1: i + 2]
    if any(c.isupper() for c in neighbours):
        return latin.upper()
    return latin.capitalize()


# --- the coarse matching key -------------------------------------------------------------

_KEY_CYR = {**{k: v for k, v in _COMMON.items()}, "ъ": "", "ь": "", "е": "e", "ё": "e", "і": "i",
            "ї": "i", "є": "e", "ў": "u", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o",
            "ұ": "u", "ү": "u", "һ": "h", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ґ": "g"}
_KEY_ARM = {**{k: v.replace("’", "") for k, v in BGN_TABLES["hy"].items()}, "ե": "e", "ը": "",
            "ո": "o", "և": "ev", "ւ": "v"}
_KEY_TABLES = {lang: str.maketrans({**_KEY_CYR, **_KEY_ARM, **extra, "'": ""})
               for lang, extra in ((None, {}), ("be", {"г": "h"}))}
_KEY_DIGRAPHS = {"shch": "S", "sch": "S", "shh": "S", "šč": "S", "tch": "C", "ch": "C", "č": "C", "sh": "S",
                 "š": "S", "zh": "Z", "ž": "Z", "kh": "h", "ts": "c", "tz": "c", "x": "ks", "ck": "k", "q": "k",
                 "ph": "f", "gh": "g", "w": "v", "y": "i", "j": "i"}
_KEY_ORDER = sorted(_KEY_DIGRAPHS.items(), key=lambda item: -len(item[0]))  # longest first
_KEY_GLIDE = re.compile(r"i+[eo]")
_KEY_DOUBLE = re.compile(r"(.)\1+")


def _latin_letters(text: str) -> str:
    """Strip accents from Latin letters (ë → e, ū → u) but keep other scripts whole."""
    out = []
    for ch in text:
        if ch.isascii() or not ("\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"):
            out.append(ch)
        else:
            out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def latin_word_key(word: str, lang: str | None = None) -> str:
    """The Latin key of one folded word (see :func:`latin_key`); ``lang`` is a base language code.

    >>> latin_word_key("выборный"), latin_word_key("vybornyj"), latin_word_key("ուժ")
    ('viborni', 'viborni', 'uZ')
    """
    key = word.replace("ու", "u").translate(_KEY_TABLES.get(lang, _KEY_TABLES[None]))
    if not key.isascii():
        key = _latin_letters(key)
    for spelling, letter in _KEY_ORDER:
        if spelling in key:
            key = key.replace(spelling, letter)
    if "ie" in key or "io" in key:
        key = _KEY_GLIDE.sub("e", key)
    if _KEY_DOUBLE.search(key):  # (groupby: a quicker way to single the doubled letters)
        key = "".join(letter for letter, _ in itertools.groupby(key))
    return key or word


def latin_key(text: str, lang: str | None = None) -> str:
    """A coarse key shared by the Latin, Cyrillic and Armenian spellings of the same words.

    The letters are first written in a plain Latin (Cyrillic and Armenian through the
    BGN/PCGN-like tables above; ``lang="be"`` reads г as h), then the spelling differences
    between romanisation systems are erased: shch/sch → one letter, ch/č, sh/š, zh/ž, kh/h/x,
    ts/c, y/j/i, ye/e and yo/e (ё is read as е), doubled letters,
    apostrophes and accents. Words stay separated by single spaces.

    >>> latin_key("Гиперзвуковая ракета")
    'giperzvukovaia raketa'
    >>> latin_key("Serdyukov") == latin_key("Сердюков") == latin_key("Serdiukov") == latin_key("Serdjukov")
    True
    >>> latin_key("Yelena") == latin_key("Elena") == latin_key("Елена"), latin_key("Pyotr") == latin_key("Пётр")
    (True, True)
    >>> latin_key("беспилотник") == latin_key("bespilotnik") == latin_key("беспілотнік", "be")
    True
    >>> latin_key("ՀԱՊԿ"), latin_key("Гродна", "be"), latin_key("Khabarovsk") == latin_key("Хабаровск")
    ('hapk', 'hrodna', True)
    """
    base = base_language(lang) if lang else None
    return " ".join(latin_word_key(fold(t.text).replace("'", ""), base) for t in tokens(text))
