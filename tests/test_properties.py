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


# --- normalisation (issue 8): the tokeniser and keys do not depend on how text was encoded -------

import unicodedata  # noqa: E402

from glossary.text.normalise import fold, match_key, tokens  # noqa: E402

# Letters of the base's scripts (precomposed and as combining sequences), punctuation, spaces.
SCRIPT_TEXT = st.text(alphabet=st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЁЙЎўіІәғқңөұүһӣӯҳҷԱաբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ")
    + list("abcxyzİßﬁ0123456789 \t\n-–—'’ʼ«»\"().,;:!?") + ["\u0306", "\u0308", "\u0301", "\u0304", "\u0307"]),
    max_size=60)


@settings(max_examples=300, deadline=None)
@given(SCRIPT_TEXT)
def test_keys_are_the_same_for_nfc_and_nfd_text(text):
    for form in ("NFC", "NFD"):
        assert match_key(unicodedata.normalize(form, text)) == match_key(text)
    assert fold(fold(text)) == fold(text)
    assert match_key(match_key(text)) == match_key(text)


@settings(max_examples=300, deadline=None)
@given(SCRIPT_TEXT | st.text())
def test_tokens_are_slices_of_the_text_in_order(text):
    previous = 0
    for token in tokens(text):
        assert text[token.start:token.end] == token.text and token.text
        assert token.start >= previous
        previous = token.end


# --- catalogs (issue 8): generated concepts → .po/.mo → polib and gettext read the same ----------

# Term text as a base may hold it: any printable Unicode; and the same with control characters,
# line and paragraph separators (U+0000, U+0004, U+0085, U+2028 ...), which a catalog must either
# carry exactly or refuse with an InputError — never write a catalog its readers misread.
PRINTABLE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cn", "Cc", "Zl", "Zp")), min_size=1,
                         max_size=25).filter(lambda s: s.strip())
CONTROL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cn")), min_size=1, max_size=25).filter(
    lambda s: s.strip())

@st.composite
def catalog_concepts(draw, text=PRINTABLE_TEXT) -> list[Concept]:
    out = []
    for cid in draw(st.lists(slug, min_size=1, max_size=5, unique=True)):
        terms = {}
        for lang in ("en", "ru", "hy"):
            if lang != "en" and not draw(st.booleans()):
                continue
            countable = draw(st.booleans())
            forms = {"one": draw(text), "other": draw(text)} if countable else {}
            if countable and lang == "ru":
                forms |= {"few": draw(text), "many": draw(text)}
            terms[lang] = [Term(draw(text), lang, pos="noun" if countable else None, forms=forms,
                                reliability=draw(st.integers(1, 4)), source=draw(st.none() | text))]
        out.append(Concept(cid, "weapons", definition=draw(st.dictionaries(st.sampled_from(("en", "ru")), text,
                                                                           max_size=2)), terms=terms))
    return out


@settings(max_examples=120, deadline=None)
@given(catalog_concepts(), st.sampled_from(["ru", "hy"]))
def test_catalogs_read_back_what_the_base_says(items, lang):
    _catalog_round_trip(items, lang, may_refuse=False)


@settings(max_examples=120, deadline=None)
@given(catalog_concepts(CONTROL_TEXT), st.sampled_from(["ru", "hy"]))
def test_catalogs_carry_or_refuse_control_characters(items, lang):
    _catalog_round_trip(items, lang, may_refuse=True)


def _catalog_round_trip(items: list[Concept], lang: str, may_refuse: bool) -> None:
    import gettext
    import io

    import polib

    from glossary.catalogs import build_catalog, render_mo, render_po
    from glossary.errors import InputError
    from glossary.termbase import TermBase

    base = TermBase("unused", items)
    try:
        catalog = build_catalog(base, "en", lang)
        po_text, mo = render_po(catalog), render_mo(catalog)
    except InputError:
        if may_refuse:
            return  # refusing text a catalog cannot hold is allowed; writing a broken catalog is not
        raise
    expected = {(c.id, c.preferred("en").text): c.preferred(lang).text for c in items if c.preferred(lang)}
    singular = {(e.context, e.msgid): e.msgstr[0] for e in catalog.entries if e.msgid_plural is None}
    assert singular == expected
    po = polib.pofile(po_text)
    assert {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.msgid_plural} == expected
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    for (context, msgid), msgstr in expected.items():
        assert translations.pgettext(context, msgid) == msgstr
    rule = catalog.rule
    for entry in (e for e in catalog.entries if e.msgid_plural is not None):
        read = next(e for e in po if e.msgctxt == entry.context and e.msgid == entry.msgid)
        assert read.msgid_plural == entry.msgid_plural
        assert [read.msgstr_plural[i] for i in range(len(entry.msgstr))] == list(entry.msgstr)
        for n in (1, 2, 5, 11, 21):
            assert translations.npgettext(entry.context, entry.msgid, entry.msgid_plural, n) == entry.msgstr[rule.index(n)]
