from hypothesis import given, strategies as st

from glossary.text.morphology import word_keys
from glossary.text.normalise import fold, match_key, tokens


def test_fold_examples():
    assert fold("ЁЛКА") == fold("елка") == "елка"
    assert fold("Counter\u2013UAV") == "counter-uav"
    assert match_key("counter-UAV") == match_key("Counter UAV") == "counter uav"
    assert match_key("«Модельное (типовое) соглашение»") == "модельное типовое соглашение"
    assert match_key("Аб’яднаны штаб") == match_key("Аб'яднаны штаб")


def test_tokens_keep_offsets():
    text = "ОДКБ (Организация) — Қазақстанға, Հայաստանի"
    for token in tokens(text):
        assert text[token.start:token.end] == token.text
    assert [t.text for t in tokens(text)] == ["ОДКБ", "Организация", "Қазақстанға", "Հայաստանի"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
    assert match_key(match_key(text)) == match_key(text)


def test_word_forms_per_language():
    pairs = [("ru", "гиперзвуковых", "гиперзвуковая"), ("ru", "ракет", "ракета"),
             ("en", "missiles", "missile"), ("kk", "күштерінің", "күштері"), ("kk", "Қазақстанға", "Қазақстан"),
             ("ky", "коопсуздугу", "коопсуздук"), ("ky", "күчтөрү", "күчтөр"),
             ("tg", "дастҷамъии", "дастҷамъӣ"), ("tg", "нерӯҳои", "нерӯ"),
             ("be", "бяспецы", "бяспека"), ("be", "калектыўнай", "калектыўная"), ("hy", "Հայաստանի", "Հայաստան")]
    for lang, inflected, base in pairs:
        assert set(word_keys(inflected, lang)) & set(word_keys(base, lang)), (lang, inflected, base)


def test_short_words_and_abbreviations_stay_whole():
    assert word_keys("ОДКБ", "kk") == ("одкб",)
    assert word_keys("ПВО", "ru") == ("пво",)


@given(st.text(alphabet="ABCXYZabcxyzАБВЖЩЯабвжщяйъЁё-", max_size=12))
def test_the_quick_path_of_word_fold_gives_what_the_full_folding_gives(word):
    from glossary.text.normalise import _PLAIN, _word_fold, word_fold

    assert _PLAIN.fullmatch(word) and word_fold(word) == _word_fold(word)


def test_the_quick_path_leaves_out_what_folding_changes_otherwise():
    from glossary.text.normalise import _PLAIN

    assert not any(_PLAIN.fullmatch(w) for w in ("straße", "İz", "l'été", "ў", "й\u0306", "a\u2013b", "Ǆ"))
