"""Word-form keys: the same key for the inflected forms of a word, per language.

- ru: pymorphy3 lemmas (all readings, best first);
- en and hy: the Snowball stemmers (English, Armenian); for Armenian also the keys of
  :func:`armenian_keys` (case endings and the -ություն family the Snowball stemmer misses);
- kk, ky, tg, be: the suffix-stripping stemmers below. Kazakh and Kyrgyz are agglutinative:
  case, possessive and plural suffixes are stripped repeatedly (күштерінің → күш), then a final
  voiced consonant that alternates before a vowel is restored (қауіпсіздігі → қауіпсіздік).
  Tajik: the izofa -и, plural -ҳо/-он, object -ро, possessive enclitics. Belarusian: the
  inflectional endings of nouns and adjectives, and the ц/к, з/г alternation (бяспецы → бяспека).
A stem is never shorter than three letters, so short words and abbreviations stay whole.
Keys are computed the same way for terms and for running text, so over-stripping costs little.

>>> word_keys("гиперзвуковых", "ru")
('гиперзвуковой',)
>>> word_keys("күштерінің", "kk") == word_keys("күштері", "kk")
True
>>> word_keys("Missiles", "en")
('missil',)
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import base_language
from .normalise import word_fold

MIN_STEM = 3


def _suffixes(*groups: str) -> tuple[str, ...]:
    return tuple(sorted({s for g in groups for s in g.split()}, key=len, reverse=True))


_KK = _suffixes(
    "ның нің дың дің тың тің ға ге қа ке на не нда нде да де та те дан ден тан тен нан нен",
    "ды ді ты ті ны ні н мен бен пен ша ше дай дей",
    "дағы дегі тағы тегі ндағы ндегі",
    "лар лер дар дер тар тер",
    "ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ым ім м ың ің ң сы сі ы і а е",
)
_KY = _suffixes(
    "нын нин нун нүн дын дин дун дүн тын тин тун түн",
    "га ге го гө ка ке ко кө на не но нө",
    "ны ни ну нү ды ди ду дү ты ти ту тү н",
    "нда нде ндо ндө да де до дө та те то тө дан ден дон дөн тан тен тон төн нан нен нон нөн",
    "менен мен",
    "лар лер лор лөр дар дер дор дөр тар тер тор төр",
    "ыбыз ибиз убуз үбүз быз биз буз бүз ыңыз иңиз уңуз үңүз ым им ум үм м ың иң уң үң ң",
    "сы си су сү ы и у ү а е о ө",
)
_TG = _suffixes("ҳоро ҳои ҳо гонро гони гон ёни ёнро ён вони вон они онро он ро и йи е ям ят яш",
                "амон атон ашон ам ат аш")
_BE = _suffixes(
    "ымі імі амі ямі ых іх ым ім ай ой ей яй ую юю ая яя ое ае ыя ія ага яга аму яму",
    "ах ях ам ям ом ем ою ею ў ь ы і а я о е у ю",
)
_HY = _suffixes(
    "ներից ներով ներում ներին ների ները ներն ներս ներդ ներ երից երով երում երին երի երը երն երս երդ եր",
    "ից ով ում ին ոջ ի ը ն ս դ",
)
_HY_VOWELS = "աեէըիոօ"
_ALTERNATING = {"kk": {"г": "к", "ғ": "қ", "б": "п"}, "ky": {"г": "к", "б": "п"}, "be": {"ц": "к", "з": "г"}}


def strip_suffixes(word: str, suffixes: tuple[str, ...], rounds: int = 4) -> str:
    """Strip the longest matching suffix repeatedly, keeping at least MIN_STEM letters.

    >>> strip_suffixes("дастҷамъии", _TG)
    'дастҷамъӣ'
    """
    if suffixes is _TG and word.endswith("ии") and len(word) > MIN_STEM + 1:
        # Tajik: the izofa after -ӣ is written -ии (дастҷамъии ← дастҷамъӣ + и).
        return word[:-2] + "ӣ"
    for _ in range(rounds):
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


@lru_cache(maxsize=1)
def russian_analyzer():
    """pymorphy3's Russian analyzer, loaded once, on first use (it takes a few tenths of a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1 << 14)
def _parse(word: str) -> tuple:
    """pymorphy3's readings of a word, kept: a term's word is parsed for its keys, then, being
    mostly its own lemma, again for its forms when the index is built."""
    return tuple(russian_analyzer().parse(word))


@lru_cache(maxsize=None)
def _snowball(name: str):
    import snowballstemmer

    return snowballstemmer.stemmer(name)


def _has_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


@lru_cache(maxsize=1 << 16)
def word_keys(word: str, lang: str) -> tuple[str, ...]:
    """The word-form keys of one word in ``lang``: best first, never empty."""
    folded = word_fold(word)
    lang = base_language(lang)
    if len(folded) <= MIN_STEM or folded.isdigit():
        return (folded,)
    if lang == "ru" and _has_cyrillic(folded):
        keys: list[str] = []
        for parse in _parse(folded):
            key = word_fold(parse.normal_form)
            if key not in keys:
                keys.append(key)
        return tuple(keys[:4]) or (folded,)
    if lang in ("en", "hy"):
        name = "english" if lang == "en" else "armenian"
        stem = _snowball(name).stemWord(folded)
        if lang == "hy":
            return tuple(dict.fromkeys((stem, *armenian_keys(folded))))
        return (stem,)
    if lang in ("kk", "ky", "tg", "be") and _has_cyrillic(folded):
        stem = strip_suffixes(folded, {"kk": _KK, "ky": _KY, "tg": _TG, "be": _BE}[lang],
                              rounds=2 if lang in ("tg", "be") else 4)
        if lang in _ALTERNATING and stem != folded and stem[-1] in _ALTERNATING[lang]:
            stem = stem[:-1] + _ALTERNATING[lang][stem[-1]]
        if lang == "tg" and "ӣ" in folded:
            # Tajik -ӣ is written -и before a suffix (дастҷамъӣ → дастҷамъиро): a second key
            return tuple(dict.fromkeys((stem, strip_suffixes(folded.replace("ӣ", "и"), _TG, rounds=2))))
        return (stem,)
    return (folded,)


def armenian_keys(folded: str) -> tuple[str, ...]:
    """Extra keys for an Armenian word (the Snowball stemmer alone misses many case forms):
    the ``-ություն`` family reduced to one key (անվտանգության, անվտանգությամբ → անվտանգություն),
    else plural, case, article and possessive endings stripped; plus the stem without the ի/ու
    of its last syllable, which Armenian drops before an ending (պայմանագիր → պայմանագրի).

    >>> armenian_keys("անվտանգության") == armenian_keys("անվտանգություն")
    True
    >>> set(armenian_keys("պայմանագրի")) & set(armenian_keys("պայմանագիր"))
    {'պայմանագր'}
    >>> armenian_keys("հրթիռների")[0], armenian_keys("պետությունները")[0]
    ('հրթիռ', 'պետություն')
    """
    cut = folded.rfind("ությ")
    if cut >= MIN_STEM - 1:
        return (folded[:cut] + "ություն",)
    stem = strip_suffixes(folded, _HY, rounds=3)
    reduced = re.sub(r"(?:ի|ու)(?=[^աեէըիոօու]+$)", "", stem, count=1)
    if reduced != stem and len(reduced) >= MIN_STEM and reduced[-1] not in _HY_VOWELS:
        return (stem, reduced)
    return (stem,)


def word_key(word: str, lang: str) -> str:
    """The best word-form key of one word."""
    return word_keys(word, lang)[0]


def lexemes(word: str, lang: str) -> dict[str, tuple[str, ...]]:
    """The forms of each lexeme a word form belongs to, by lemma key (its word-form keys), from
    one analysis of the word. Russian only: the pymorphy3 lexemes of each reading (for a word the
    dictionary does not know, those it infers from a known ending or a known word after an
    unknown prefix; none from its last-resort guesses); the forms of the stemmed languages are
    open-ended, and none are listed. The lookup index uses them to resolve inflected queries
    without loading pymorphy3.

    >>> forms = lexemes("ракеты", "ru")
    >>> list(forms), "ракетами" in forms["ракета"]
    (['ракета'], True)
    >>> lexemes("күштер", "kk")
    {}
    """
    from pymorphy3.units import DictionaryAnalyzer

    folded = word_fold(word)
    if base_language(lang) != "ru" or len(folded) <= MIN_STEM or not _has_cyrillic(folded):
        return {}
    wanted = {key for key in word_keys(folded, "ru") if len(key) > MIN_STEM}
    forms: dict[str, set[str]] = {}
    seen = set()
    for parse in _parse(folded):
        lemma = parse.normal_form.replace("ё", "е")
        if (lemma, parse.tag.POS) in seen or lemma not in wanted or \
                not isinstance(parse.methods_stack[0][0], DictionaryAnalyzer):  # a last-resort guess
            continue
        seen.add((lemma, parse.tag.POS))
        forms.setdefault(lemma, {lemma}).update(f.word.replace("ё", "е") for f in parse.lexeme)
    return {lemma: tuple(sorted(words)) for lemma, words in forms.items()}
