"""The scanner's Russian prefilter: it may only spare pymorphy3, never change what a scan finds."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from glossary import scanprefilter
from glossary.model import Concept, Term
from glossary.scan import Scanner
from glossary.scanprefilter import DOMAIN, RussianKeyFilter, _layout_ok, _morphology, russian_filter
from glossary.termbase import TermBase
from glossary.text.morphology import russian_analyzer, word_keys
from glossary.text.normalise import tokens, word_fold

BASE = Path(__file__).parent / "fixtures" / "scan-prefilter" / "termbase"
FILLER = ("и в о с по на за для при люди человека шёл шли идти отца дня день лучше детей ребёнка годы лет "
          "бутявка бутявками глокая куздра кибер броне анти нано мега гипер сверхлюди").split()


@pytest.fixture(scope="module")
def base() -> TermBase:
    return TermBase.load(BASE)


@pytest.fixture(autouse=True)
def no_warmup(monkeypatch):
    """Let the filter decide unknown words from the first one (a scan of a long text does so)."""
    monkeypatch.setattr(scanprefilter, "WARMUP", 0)


def trie_keys(scanner: Scanner) -> set[str]:
    out: set[str] = set()
    stack = [scanner.root]
    while stack:
        node = stack.pop()
        for key, child in node.items():
            if key:
                out.add(key)
                stack.append(child)
    return out


def hits(scanner: Scanner, text: str) -> list[tuple]:
    return [(h.start, h.end, h.entry.term.concept, h.entry.term.text, h.exact) for h in scanner.hits(text)]


def unfiltered(concepts, lang: str) -> Scanner:
    """A scanner that analyses every word, as before the prefilter."""
    scanner = Scanner(concepts, lang)
    scanner._prefilter = lambda folded: None
    scanner._term_words = {}
    return scanner


def lexeme_forms(word: str) -> list[str]:
    return sorted({form.word for parse in russian_analyzer().parse(word)[:3] for form in parse.lexeme})


def variants(word: str, rng: random.Random) -> list[str]:
    out = [word, word.capitalize(), word.upper(), word.replace("е", "ё", 1)]
    return [w for w in out if rng.random() < 0.7] or [word]


def inflected_text(concepts, seed: int, lines: int) -> str:
    """Every term of ``concepts`` with each word replaced by forms of its lexeme, among filler."""
    rng = random.Random(seed)
    terms = [t.text for c in concepts for t in c.terms.get("ru", ())]
    out = []
    for _ in range(lines):
        words = []
        for word in rng.choice(terms).split():
            forms = lexeme_forms(word.lower()) or [word]
            words.append(rng.choice(variants(rng.choice(forms), rng)))
        words.insert(rng.randint(0, len(words)), rng.choice(FILLER))
        out.append(" ".join(words) + rng.choice([".", ",", "", " —"]))
    return "\n".join(out)


# -- words that must still match through the prefilter ---------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("Меры против торговли людьми.", [("human-trafficking", "торговли людьми")]),          # люди ~ человек
    ("Обмен лучшими практиками.", [("best-practice", "лучшими практиками")]),             # лучший ~ хороший
    ("Сведения воинского учета и ВОИНСКОГО УЧЁТА.", [("military-registration", "воинского учета"),
                                                     ("military-registration", "ВОИНСКОГО УЧЁТА")]),  # ё/е
    ("Лагерь для беженцев, беженца, беженцами.", [("refugee", "беженцев"), ("refugee", "беженца"),
                                                  ("refugee", "беженцами")]),            # fleeting vowel
    ("Отражение кибератак и кибератаками.", [("cyberattack", "кибератак"), ("cyberattack", "кибератаками")]),
    ("Удар по бронеколонне.", [("armoured-column", "бронеколонне")]),  # unknown word: броне + колонна
    ("Запуск наноспутников.", [("nanosatellite", "наноспутников")]),  # known prefix нано + спутник
    ("Колонна из мотолыги и мотолыгами.", [("mt-lb", "мотолыги"), ("mt-lb", "мотолыгами")]),  # мото + analogy
    ("Вагнеровцы и вагнеровцев.", [("wagner-fighter", "Вагнеровцы"), ("wagner-fighter", "вагнеровцев")]),
    ("Рой квадрокоптерных дронов.", [("attack-drone", "квадрокоптерных дронов")]),     # by analogy
    ("Пуск гиперзвуковых ракет.", [("hypersonic-missile", "гиперзвуковых ракет")]),
    ("Саммит ОДКБ, но не одкб.", [("csto", "ОДКБ")]),
])
def test_inflected_suppletive_and_unknown_words_still_match(base, sentence, expected):
    scanner = Scanner(base.concepts(), "ru")
    assert [(o.concept, o.text) for o in base.scan(sentence, "ru")] == expected
    assert hits(scanner, sentence) == hits(unfiltered(base.concepts(), "ru"), sentence)


def test_the_filter_spares_the_analysis_of_words_that_cannot_match(base):
    keys = trie_keys(Scanner(base.concepts(), "ru"))
    f = russian_filter(keys)
    assert f is not None
    # dictionary words: told at once, with the key they lead to
    assert f.lookup("беженцами") == ("беженец",) and f.lookup("людьми") == ("человек",)
    assert f.lookup("лучшими") == ("хороший",) and f.lookup("учета") == ("учет",)
    assert f.lookup("отца") == () and f.lookup("глокая") == ()
    # unknown words: none of their readings can give a key
    assert f.lookup("бутявками") == () and f.lookup("куздрами") == ()
    # unknown words that may: left to pymorphy3
    assert f.lookup("мотолыгами") is None and f.lookup("вагнеровцами") is None
    # words outside its domain, and short words (word_keys keeps them whole)
    assert f.lookup("Беженцы") is None and f.lookup("nato") is None and f.lookup("шёл") is None
    assert f.lookup("шел") == () and f("шел") is False
    assert f("беженец") is True and f.lookup("беженец") == ()  # a key itself: no other key


def test_a_known_prefix_before_a_suppletive_form():
    """псевдо + людьми is read as псевдо + человек: only the known-prefix reading finds it."""
    assert word_keys("псевдолюдьми", "ru") == ("псевдочеловек",)
    assert word_keys("псевдоракетами", "ru") == ("псевдоракета",)
    f = russian_filter({"псевдочеловек", "ракета"})
    assert f is not None and f.lookup("псевдолюдьми") != ()
    assert f.lookup("псевдоракетами") == () and f.lookup("псевдокуздрами") == ()


def test_a_word_with_more_than_four_lemmas_is_left_to_the_analysis():
    """word_keys keeps four lemmas, in pymorphy3's order: the fifth of «поле» is not among them."""
    assert "поля" not in word_keys("поле", "ru")
    f = russian_filter({"поля"})
    assert f is not None and f.lookup("поле") is None and f.lookup("полем") == ()


def test_a_key_is_not_its_own_other_key():
    f = russian_filter({"псевдоракета", "ракета"})
    assert f is not None and f.lookup("псевдоракета") == () and f.lookup("ракетами") == ("ракета",)


def test_the_first_unknown_words_are_left_to_the_analysis():
    f = russian_filter({"ракета"}, warmup=2)
    assert [f.lookup("бутявками") for _ in range(3)] == [None, None, ()]
    assert f.lookup("ракетами") == ("ракета",)  # dictionary words never wait


def test_fewer_when_most_words_are_unknown(monkeypatch):
    monkeypatch.setattr(scanprefilter, "EAGER", 3)
    unknown = [f"бутявк{e}" for e in ("а", "и", "е", "у", "ой", "ами", "ах")]
    mostly_unknown = russian_filter({"ракета"}, warmup=100)
    assert [mostly_unknown.lookup(w) for w in unknown] == [None] * 3 + [()] * 4
    mostly_known = russian_filter({"ракета"}, warmup=100)
    for word in ("ракеты", "люди", "отца", "день", "года", "страны", "мира", "войны"):
        mostly_known.lookup(word)
    assert [mostly_known.lookup(w) for w in unknown] == [None] * 7


# -- exactness: what the filter tells is what word_keys gives -------------------------------------

def sample_words(keys: set[str], seed: int, count: int) -> list[str]:
    """Forms of the keys, the keys cut and extended, with prefixes, and plain dictionary words."""
    rng = random.Random(seed)
    morphology = _morphology()
    assert morphology is not None
    morphology.prepare()
    endings = sorted({e for table in morphology.endings for e in table})
    prefixes = sorted(morphology.known_prefixes)
    letters = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
    plain = sorted(k for k in keys if DOMAIN.fullmatch(k))
    out: set[str] = set()
    while len(out) < count:
        key = rng.choice(plain)
        roll = rng.random()
        if roll < 0.3:
            word = rng.choice(lexeme_forms(key) or [key])
        elif roll < 0.5:
            word = key[: rng.randint(1, len(key))] + rng.choice(endings)
        elif roll < 0.6:
            word = rng.choice(["по", "наи"]) + key[: rng.randint(1, len(key))] + rng.choice(endings)
        elif roll < 0.75:
            word = rng.choice(prefixes) + rng.choice(lexeme_forms(key) or [key])
        elif roll < 0.85:
            head = "".join(rng.choice(letters) for _ in range(rng.randint(1, 5)))
            word = head + rng.choice(lexeme_forms(rng.choice(["колонна", "атака", "спутник", "человек"])))
        elif roll < 0.9:
            word = rng.choice(prefixes) + rng.choice(lexeme_forms(rng.choice(["колонна", "атака", "спутник", "человек"])))
        else:
            word = rng.choice(lexeme_forms(rng.choice(FILLER)) or ["слово"])
        word = word_fold(word)
        if DOMAIN.fullmatch(word):
            out.add(word)
    return sorted(out)


@pytest.mark.parametrize("seed", [1, 2])
def test_what_the_filter_tells_is_what_word_keys_gives(base, seed):
    keys = trie_keys(Scanner(base.concepts(), "ru")) | {"брастость", "крамая", "гиперзвуковой", "дроновый",
                                                       "псевдочеловек", "антропоспутник", "гиперколонна", "внутриатака"}
    f = russian_filter(keys)
    assert f is not None
    told = 0
    for word in sample_words(keys, seed, 1500):
        answer = f.lookup(word)
        if answer is not None:
            expected = tuple(k for k in dict.fromkeys([word, *word_keys(word, "ru")]) if k in keys and k != word)
            assert answer == expected, word
            told += 1
    assert told > 500  # the filter decides most words


def test_a_word_spelled_as_a_terms_word_keeps_the_keys_of_the_build(base):
    scanner = Scanner(base.concepts(), "ru")
    built = dict(scanner._term_words)
    assert built["беженец"] == scanner.keys("беженец") and built["учет"] == scanner.keys("учёт")
    scanner._keys.clear()
    scanner.hits("Беженец и УЧЁТ.")
    assert scanner._words["Беженец"][0] is built["беженец"] and scanner._words["УЧЁТ"][0] is built["учет"]
    assert not scanner._keys  # neither was analysed again


def test_a_scan_finds_the_same_with_and_without_the_prefilter(base):
    concepts = list(base.concepts())
    text = inflected_text(concepts, seed=3, lines=600)
    assert hits(Scanner(concepts, "ru"), text) == hits(unfiltered(concepts, "ru"), text)


def test_the_same_on_the_bundled_base():
    concepts = list(TermBase.load().concepts())
    rng = random.Random(5)
    sample = rng.sample(concepts, min(len(concepts), 120))
    text = inflected_text(sample, seed=5, lines=400)
    found = hits(Scanner(concepts, "ru"), text)
    assert found == hits(unfiltered(concepts, "ru"), text)
    assert len(found) > 200


def test_pseudo_words_by_analogy():
    """Words pymorphy3 does not know, read by analogy with the endings of known words."""
    rng = random.Random(11)
    onsets, vowels = "б бр в г гр д ж з зв к кр л м н п пр с ст т тр ф х ц ч ш".split(), "аеиоуыяю"
    endings = ["ость", "ция", "ник", "ство", "ный", "ная", "ское", "ка", "ор", "ум"]

    def pseudo() -> str:
        return "".join(rng.choice(onsets) + rng.choice(vowels) for _ in range(rng.randint(1, 3))) + rng.choice(endings)

    concepts = [Concept(f"c{i}", "weapons", terms={"ru": [Term(f"{pseudo()} {pseudo()}", "ru")]}) for i in range(300)]
    terms = [c.terms["ru"][0].text for c in concepts]
    words = []
    for _ in range(3000):
        if rng.random() < 0.1:
            words.append(" ".join(rng.choice(lexeme_forms(w) or [w]) for w in rng.choice(terms).split()))
        else:
            words.append(pseudo() + rng.choice(["", "а", "ов", "ами", "ой", "ых", "у"]))
    text = " ".join(words)
    found = hits(Scanner(concepts, "ru"), text)
    assert found == hits(unfiltered(concepts, "ru"), text)
    assert len(found) > 50


# -- when pymorphy3 is not what the filter expects --------------------------------------------------

def test_the_installed_pymorphy3_is_the_one_the_filter_knows():
    assert _layout_ok(russian_analyzer()) and _morphology() is not None


def test_another_analyzer_layout_turns_the_filter_off(base, monkeypatch):
    class Other:
        _units = russian_analyzer()._units[:-1]  # one unit fewer
        char_substitutes = russian_analyzer().char_substitutes
        dictionary = russian_analyzer().dictionary

    assert not _layout_ok(Other())
    monkeypatch.setattr(scanprefilter, "_morphology", lambda: None)
    assert russian_filter({"ракета"}) is None
    scanner = Scanner(base.concepts(), "ru")
    assert [(o.concept, o.text) for o in base.scan("Запуск наноспутников.", "ru")] == [
        ("nanosatellite", "наноспутников")]
    assert hits(scanner, "пуск гиперзвуковых ракет") == [(5, 24, "hypersonic-missile", "гиперзвуковая ракета", False)]
    assert scanner._known_keys("ракета") is None and scanner._known_keys("бутявками") is None


def test_a_filter_over_no_keys_rejects_every_dictionary_word():
    morphology = _morphology()
    assert morphology is not None
    f = RussianKeyFilter(set(), morphology)
    assert [f.lookup(w) for w in ("ракета", "людьми", "бутявка")] == [(), (), ()]
    assert [f.lookup(t.text) for t in tokens("Ёлка OДKБ 2024")] == [None, None, None]  # outside the domain
