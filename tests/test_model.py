from glossary.model import Concept, Term, base_language
from glossary.termbase import TermBase


def test_preferred_falls_back_to_admitted():
    concept = Concept("x", "legal", terms={"en": [Term("b", "en", status="deprecated"), Term("a", "en", status="admitted")]})
    assert concept.preferred("en").text == "a"
    assert concept.preferred("ru") is None


def test_terms_know_their_concept():
    concept = Concept("x", "legal", terms={"en": [Term("a", "en")]})
    concept.add_term(Term("б", "ru"))
    assert {t.concept for t in concept.all_terms()} == {"x"}


def test_usable_statuses():
    assert Term("a", "en", status="admitted").usable and not Term("a", "en", status="forbidden").usable


def test_base_language():
    assert base_language("be-Latn") == "be" and base_language("kk_Latn") == "kk"


def test_stats_counts(small_base):
    stats = TermBase.load(small_base).stats()
    assert stats["concepts"] == 3
    ru = stats["languages"]["ru"]
    assert ru == {"concepts": 3, "preferred": 3, "terms": 4, "reliability": {"1": 1, "2": 1, "3": 2, "4": 0}}
    assert stats["languages"]["kk"]["concepts"] == 2
    assert list(stats["languages"])[:2] == ["ru", "en"]
    assert stats["domains"] == {"organization": 1, "weapons": 2}
