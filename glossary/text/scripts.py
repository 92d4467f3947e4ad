"""Writing systems: which script a word is in, each language's alphabet, Latin look-alikes.

>>> script_of("ОДКБ"), script_of("CSTO"), script_of("ՀԱՊԿ"), script_of("OДKБ")
('Cyrl', 'Latn', 'Armn', 'mixed')
>>> foreign_letters("ракета", "kk"), foreign_letters("щит", "be")
('', 'щи')
>>> fix_homoglyphs("OДKБ", "Cyrl")
'ОДКБ'
"""
from __future__ import annotations

import unicodedata

_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
#: The letters of each language's standard alphabet (lower case).
ALPHABETS: dict[str, str] = {
    "ru": _RU,
    "be": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "kk": _RU + "әғқңөұүһі",
    "ky": _RU + "ңөү",
    "tg": "абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
    "hy": "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
#: The script each language is written in (by default).
SCRIPTS = {"ru": "Cyrl", "be": "Cyrl", "kk": "Cyrl", "ky": "Cyrl", "tg": "Cyrl", "hy": "Armn", "en": "Latn"}
_LATIN_TO_CYRILLIC = dict(zip("aeopcxyiAEOPCXYIKMHTBsjh", "аеорсхуіАЕОРСХУІКМНТВѕјһ"))
_CYRILLIC_TO_LATIN = {v: k for k, v in _LATIN_TO_CYRILLIC.items()}
_LATIN_TO_ARMENIAN = dict(zip("ouhnq", "օսհոզ"))


def letter_script(ch: str) -> str | None:
    """``Latn``, ``Cyrl``, ``Armn``, ``Other`` for a letter, None for anything else."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for prefix, code in (("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARMENIAN", "Armn")):
        if name.startswith(prefix):
            return code
    return "Other"


def script_of(word: str) -> str | None:
    """The script of a word, ``mixed`` when it mixes scripts, None when it has no letters."""
    scripts = {s for s in map(letter_script, word) if s}
    if not scripts:
        return None
    return scripts.pop() if len(scripts) == 1 else "mixed"


def foreign_letters(word: str, lang: str) -> str:
    """The letters of ``word`` (in its language's script) that the language's alphabet lacks."""
    alphabet = ALPHABETS.get(lang)
    script = SCRIPTS.get(lang)
    if not alphabet:
        return ""
    seen = []
    for ch in word.lower():
        if letter_script(ch) == script and ch not in alphabet and ch not in seen:
            seen.append(ch)
    return "".join(seen)


def fix_homoglyphs(word: str, script: str) -> str:
    """Replace look-alike letters of other scripts by those of ``script``."""
    table = {"Cyrl": _LATIN_TO_CYRILLIC, "Latn": _CYRILLIC_TO_LATIN, "Armn": _LATIN_TO_ARMENIAN}[script]
    return "".join(table.get(ch, ch) if letter_script(ch) != script else ch for ch in word)
