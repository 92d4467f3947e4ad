"""Property-based tests of the core transformations: YAML save/load, fmt idempotence."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings, strategies as st

from glossary.fmt import format_base
from glossary.model import GENDERS, LANGUAGES, PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Term
from glossary.store import dump_domain, parse_domain

# Text as terminologists write it: any printable Unicode, including YAML-significant characters.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).map(
    lambda s: s.strip()).filter(bool)
optional_text = st.none() | text
slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def terms(draw, lang: str) -> Term:
    forms = draw(st.dictionaries(st.sampled_from(["one", "few", "many", "other"]), text, max_size=3))
    return Term(draw(text), lang, status=draw(st.sampled_from(STATUSES)), type=draw(st.sampled_from(TERM_TYPES)),
                pos=draw(st.none() | st.sampled_from(PARTS_OF_SPEECH)), gender=draw(st.none() | st.sampled_from(GENDERS)),
                forms={k: forms[k] for k in ("one", "few", "many", "other") if k in forms},
                case_sensitive=draw(st.booleans()), translate=draw(st.booleans()),
                reliability=draw(st.integers(1, 4)), source=draw(optional_text), note=draw(optional_text),
                context=draw(optional_text))


@st.composite
def concepts(draw) -> Concept:
    langs = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=4, unique=True))
    return Concept(draw(slug), "legal", definition=draw(st.dictionaries(st.sampled_from(LANGUAGES), text, max_size=2)),
                   note=draw(optional_text), related=draw(st.lists(slug, max_size=2)),
                   terms={lang: draw(st.lists(terms(lang), min_size=1, max_size=3)) for lang in langs})


def normalised(concept: Concept) -> Concept:
    import unicodedata

    def n(s):
        return unicodedata.normalize("NFC", s) if isinstance(s, str) else s

    for term in concept.all_terms():
        for field in ("text", "source", "note", "context"):
            setattr(term, field, n(getattr(term, field)))
        term.forms = {k: n(v) for k, v in term.forms.items()}
    concept.definition = {k: n(v) for k, v in concept.definition.items()}
    concept.note = n(concept.note)
    return concept


@settings(max_examples=150, deadline=None)
@given(st.lists(concepts(), min_size=1, max_size=3, unique_by=lambda c: c.id))
def test_yaml_save_load_round_trip(items):
    text = dump_domain("legal", items)
    domain, back, problems = parse_domain(text, "legal.yaml")
    assert problems == [] and domain == "legal"
    assert sorted(back, key=lambda c: c.id) == sorted(map(normalised, items), key=lambda c: c.id)
    assert dump_domain("legal", back) == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(concepts(), min_size=1, max_size=3, unique_by=lambda c: c.id), st.sampled_from(string.whitespace[:2]))
def test_fmt_is_idempotent(tmp_path_factory, items, extra):
    folder = tmp_path_factory.mktemp("fmt")
    path = folder / "legal.yaml"
    path.write_text(dump_domain("legal", items).replace("concepts:\n", "concepts:\n" + extra.strip(" \t") + "\n", 1)
                    + "\n", encoding="utf-8")
    format_base(folder)
    once = path.read_bytes()
    assert format_base(folder) == []
    assert path.read_bytes() == once
