"""TBX export (TBX-Basic v3, DCA) and import (v3 and 2008 martif): nothing lost, foreign files mapped."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from glossary.errors import InputError
from glossary.formats import import_file
from glossary.formats.tbx import read_tbx, write_tbx
from glossary.model import DOMAINS, GENDERS, PARTS_OF_SPEECH, PLURAL_CATEGORIES, STATUSES, TERM_TYPES, Concept, Term
from glossary.termbase import TermBase

from .conftest import FIXTURES, REPO, SHARED

RICH = FIXTURES / "interchange" / "rich"
FOREIGN = FIXTURES / "interchange" / "foreign"
VALIDATOR = SHARED / "tools" / "validate-tbx"
MARTIF = SHARED / "tbx" / "v2-martif" / "TBX-basic-sample.tbx"
ASTRONOMY = SHARED / "tbx" / "v3" / "Example_Astronomy_DCA_VALID.tbx"
BUNDLED = REPO / "glossary" / "termbase"


def facts(concepts) -> set[tuple]:
    """Every concept and term fact as a set of tuples (term order included), for exact comparison."""
    out: set[tuple] = set()
    for c in concepts:
        out.add(("concept", c.id, c.domain, c.note, tuple(c.related)))
        out |= {("definition", c.id, lang, text) for lang, text in c.definition.items()}
        for lang, terms in c.terms.items():
            for i, t in enumerate(terms):
                out.add(("term", c.id, lang, i, t.text, t.status, t.type, t.pos, t.gender, tuple(sorted(t.forms.items())),
                         t.case_sensitive, t.translate, t.reliability, t.source, t.note, t.context))
    return out


def validate_tbx(*paths: Path) -> None:
    """Run the official-schema validator of ../shared (present beside the checkout, also in CI)."""
    if not VALIDATOR.exists():
        pytest.skip(f"{VALIDATOR} is not present")
    result = subprocess.run([sys.executable, str(VALIDATOR), *map(str, paths)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": valid") == len(paths)


def rich() -> list[Concept]:
    return list(TermBase.load(RICH).concepts())


def test_the_rich_fixture_sets_every_field():
    terms = [t for c in rich() for t in c.all_terms()]
    assert {t.status for t in terms} == set(STATUSES)
    assert {t.type for t in terms} == set(TERM_TYPES)
    assert {t.pos for t in terms} >= set(PARTS_OF_SPEECH)
    assert {t.gender for t in terms} >= {"masculine", "feminine", "neuter"}
    assert {t.reliability for t in terms} == {1, 2, 3, 4}
    assert {c for t in terms for c in t.forms} == {"one", "few", "many", "other"}
    assert any(t.case_sensitive for t in terms) and any(not t.translate for t in terms)
    assert all(any(getattr(t, f) for t in terms) for f in ("source", "note", "context"))
    concepts = {c.id: c for c in rich()}
    assert "tg" in concepts["csto"].definition and "tg" not in concepts["csto"].terms
    assert concepts["collective-security-treaty"].note.startswith("glossary:")


def test_rich_fixture_round_trips_exactly():
    original = rich()
    back = read_tbx(write_tbx(original), "rich.tbx").concepts
    assert facts(back) == facts(original)
    assert back == original


def test_related_concepts_outside_the_file_survive_in_notes():
    original = [c for c in rich() if c.id == "csto"]
    data = write_tbx(original)
    assert b'<note>glossary:related=collective-security-treaty</note>' in data
    assert read_tbx(data).concepts[0].related == ["collective-security-treaty", "parliamentary-assembly"]


def test_what_tbx_basic_cannot_say_is_mapped_as_documented():
    data = write_tbx(rich()).decode()
    odkb = data[data.index("<term>ODKB</term>"):]
    odkb = odkb[: odkb.index("</termSec>")]
    assert '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>' in odkb
    assert "<note>glossary:status=forbidden</note>" in odkb and "<note>glossary:case_sensitive=true</note>" in odkb
    assert "&amp; not &lt;ODKB&gt;" in odkb  # user note kept as text, escaped
    vyborny = data[data.index("<term>Anatoly Vyborny</term>"):]
    assert vyborny.index('partOfSpeech">noun<') < vyborny.index("glossary:pos=properNoun") < vyborny.index("</termSec>")
    assert "<note>glossary:translate=false</note>" in vyborny[: vyborny.index("</termSec>")]
    assert "<note>glossary:forms.few=гиперзвуковые ракеты</note>" in data
    assert '<descrip type="definition" xml:lang="tg">' in data  # definition in a language without terms
    assert "<note>glossary:note=glossary:this note starts like" in data


def test_exports_validate_against_the_official_tbx_basic_schemas(tmp_path):
    from glossary.formats import select

    files = {"rich.tbx": write_tbx(rich()),
             "rich-en-ru.tbx": write_tbx(select(rich(), ["en", "ru"], ["organization"]), ["en", "ru"]),
             "empty.tbx": write_tbx([]),
             "bundled.tbx": write_tbx(list(TermBase.load(BUNDLED).concepts()))}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    validate_tbx(*(tmp_path / name for name in files))


def test_bundled_base_round_trips_through_tbx_into_an_empty_base(tmp_path):
    bundled = TermBase.load(BUNDLED)
    assert len(bundled) > 0
    path = tmp_path / "bundled.tbx"
    path.write_bytes(write_tbx(list(bundled.concepts())))
    target = TermBase.load(tmp_path / "new")
    report = import_file(target, path)
    assert report.exit_code == 0 and not report.skipped and not report.conflicts
    back = list(TermBase.load(tmp_path / "new").concepts())
    assert facts(back) == facts(bundled.concepts())
    for yaml_file in BUNDLED.glob("*.yaml"):
        assert (tmp_path / "new" / yaml_file.name).read_bytes() == yaml_file.read_bytes()


# --- foreign files -------------------------------------------------------------------------

def test_the_2008_martif_sample_imports():
    parsed = read_tbx(MARTIF.read_bytes(), str(MARTIF))
    concepts = {c.id: c for c in parsed.concepts}
    assert list(concepts) == ["c5", "c6", "c7", "c1", "c2"]
    lens = concepts["c7"]
    assert [(t.text, t.status, t.type) for t in lens.terms["en"]] == [
        ("progressive lens", "preferred", None), ("progressive addition lens", "admitted", "fullForm"),
        ("PAL", "deprecated", "acronym"), ("progressive power lens", "admitted", None),
        ("graduated lens", "deprecated", None)]
    assert set(lens.terms) == {"en"}  # fr and de are not languages of the base
    assert lens.definition["en"].startswith("corrective lenses used in eyeglasses to correct presbyopia")
    assert concepts["c6"].terms["en"][0].context == ("Users and applications interface with the federated database "
                                                      "managed by the federated server.")
    assert concepts["c1"].related == ["c2"] and concepts["c2"].related == ["c1"]
    scheduled = concepts["c1"].terms["en"][0]
    assert (scheduled.pos, scheduled.gender, scheduled.source) == ("verb", "masculine", "IBM")
    assert concepts["c2"].terms["en"][0].source == "Manufacturing Process Manual V2"
    skipped, mapped = parsed.notes.lines("skipped"), parsed.notes.lines("mapped")
    assert any(line.startswith("language fr is not one of ru en be kk ky tg hy (3:") for line in skipped)
    assert any(line.startswith("language de is not one of") for line in skipped)
    assert any(line.startswith("<transacGrp>") for line in skipped)
    assert "en-US → en" in mapped and "administrativeStatus supersededTerm-admn-sts → deprecated" in mapped


def test_the_martif_sample_merges_into_an_empty_base(tmp_path):
    report = import_file(TermBase.load(tmp_path / "new"), MARTIF, domain="legal")
    assert report.exit_code == 1  # fr, de and the data categories the base does not keep are reported
    base = TermBase.load(tmp_path / "new")
    assert sorted(c.id for c in base.concepts()) == ["c1", "c2", "c5", "c6", "c7"]
    assert base.concept("c5").terms["en"][0].status == "preferred"  # no status stated: the first is preferred
    assert base.concept("c5").terms["en"][0].reliability == 1


def test_a_foreign_v3_file_is_re_spaced_and_its_context_sources_kept():
    parsed = read_tbx(ASTRONOMY.read_bytes(), str(ASTRONOMY))
    c1 = next(c for c in parsed.concepts if c.id == "c1")
    assert c1.definition == {"en": "A group of stars formed together in the spiral arms of a galaxy."}
    assert c1.domain == "General"
    galactic = c1.terms["en"][1]
    assert (galactic.text, galactic.status, galactic.source) == (
        "galactic cluster", "deprecated", "http://www.eastbayastro.org/2000/0900/r0900-8.htm")
    assert galactic.note.endswith("N-Source: http://www.delscope.demon.co.uk/astronomy/glossary.htm#G")
    assert galactic.reliability is None and galactic.translate is None  # not stated in the file
    assert any("language es is not one of" in line for line in parsed.notes.lines("skipped"))


def test_foreign_text_is_re_spaced_but_keeps_no_break_spaces():
    data = ('<martif type="TBX" xml:lang="en"><text><body><termEntry id="a"><langSet xml:lang="en"><tig>'
            '<term>\n   10\u00a0km  <hi type="bold">range</hi>\t</term></tig></langSet></termEntry></body></text></martif>')
    term = read_tbx(data.encode()).concepts[0].terms["en"][0]
    assert (term.text, term.line) == ("10\u00a0km range", 1)


def test_dct_style_and_ntig_are_read():
    data = """<?xml version="1.0"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic" xmlns:min="http://www.tbxinfo.net/ns/min">
  <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="spy">
      <min:subjectField>security</min:subjectField>
      <langSec xml:lang="ru">
        <termSec><term>шпион</term>
          <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus>
          <min:partOfSpeech>noun</min:partOfSpeech>
          <basic:grammaticalGender>masculine</basic:grammaticalGender>
          <basic:source>Ожегов</basic:source>
        </termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>""".encode()
    (spy,) = read_tbx(data).concepts
    term = spy.terms["ru"][0]
    assert (spy.domain, term.status, term.pos, term.gender, term.source) == (
        "security", "preferred", "noun", "masculine", "Ожегов")
    martif = b"""<martif type="TBX" xml:lang="ru"><martifHeader/><text><body>
      <termEntry id="spy"><langSet xml:lang="en"><ntig><termGrp><term>spy</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp>
        <descrip type="context">He was a spy.</descrip></ntig></langSet></termEntry></body></text></martif>"""
    term = read_tbx(martif).concepts[0].terms["en"][0]
    assert (term.text, term.status, term.context) == ("spy", "admitted", "He was a spy.")


def test_entries_without_ids_get_slugs_from_the_english_or_first_term():
    data = """<martif type="TBX-Basic" xml:lang="en"><text><body>
      <termEntry><langSet xml:lang="ru"><tig><term>гиперзвуковая ракета</term></tig></langSet>
                 <langSet xml:lang="en"><tig><term>Hypersonic Missile</term></tig></langSet></termEntry>
      <termEntry><langSet xml:lang="en"><tig><term>hypersonic missile</term></tig></langSet></termEntry>
      <termEntry><langSet xml:lang="ru"><tig><term>шпионаж</term></tig></langSet></termEntry>
      <termEntry id="ID_7"><langSet xml:lang="en"><tig><term>spy</term></tig></langSet>
        <ref type="crossReference" target="ID_7"/></termEntry>
      <termEntry id="spy-ring"><descrip type="subjectField">security</descrip>
        <ref type="crossReference" target="ID_7">spy</ref>
        <langSet xml:lang="en"><tig><term>spy ring</term></tig></langSet></termEntry>
    </body></text></martif>""".encode()
    parsed = read_tbx(data)
    assert [c.id for c in parsed.concepts] == ["hypersonic-missile", "hypersonic-missile-2", "shpionazh", "id-7",
                                               "spy-ring"]
    assert parsed.concepts[-1].related == ["id-7"]
    assert parsed.concepts[0].terms["ru"][0].concept == "hypersonic-missile"
    assert any("ID_7 → id-7" in line for line in parsed.notes.lines("mapped"))


# --- bad input -----------------------------------------------------------------------------

def tbx(body: str, lang: str = "en") -> bytes:
    return (f'<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="{lang}" '
            f'xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc>'
            f'</tbxHeader>\n<text><body>\n{body}\n</body></text></tbx>').encode()


SPY = '<conceptEntry id="spy"><langSec xml:lang="{lang}"><termSec><term>spy</term>{extra}</termSec></langSec></conceptEntry>'


@pytest.mark.parametrize("data, message", [
    (tbx(SPY.format(lang="en", extra='<termNote type="administrativeStatus">preferedTerm</termNote>')),
     "x.tbx:5: administrativeStatus 'preferedTerm' is not one of admittedTerm-admn-sts"),
    (tbx(SPY.format(lang="english", extra="")), "x.tbx:5: unknown language code 'english'"),
    (tbx(SPY.format(lang="xx-YY", extra="")), "x.tbx:5: unknown language code 'xx-YY'"),
    (tbx(SPY.format(lang="en", extra="<note>glossary:reliability=7</note>")),
     "x.tbx:5: note 'glossary:reliability=7': reliability '7' is not a whole number from 1 to 4"),
    (tbx(SPY.format(lang="en", extra="") * 2), "x.tbx:5: concept id 'spy' appears twice (first at line 5)"),
    (tbx('<conceptEntry id="a"><langSec><termSec><term>a</term></termSec></langSec></conceptEntry>'),
     "x.tbx:5: <langSec> without xml:lang"),
    (b"<xliff><file/></xliff>", "x.tbx:1: not a TBX file: the root element is <xliff>, expected <tbx> (TBX v3) "
                                "or <martif> (TBX 2008)"),
    (tbx(SPY.format(lang="en", extra=""))[:-40], "x.tbx:5: not well-formed XML: "),
    (tbx(SPY.format(lang="en", extra=""))[:-20], "x.tbx:6: not well-formed XML: Premature end of data"),
])
def test_bad_input_is_one_line_with_its_line(data, message):
    with pytest.raises(InputError) as caught:
        read_tbx(data, "x.tbx")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_language_outside_the_base_is_skipped_and_regional_codes_mapped():
    data = tbx(SPY.format(lang="en-GB", extra="")
               + '<conceptEntry id="espion"><langSec xml:lang="fr"><termSec><term>espion</term></termSec></langSec>'
                 '</conceptEntry>')
    parsed = read_tbx(data)
    assert [c.id for c in parsed.concepts] == ["spy"] and list(parsed.concepts[0].terms) == ["en"]
    assert parsed.notes.lines("mapped") == ["en-GB → en"]
    assert parsed.notes.lines("skipped") == ["language fr is not one of ru en be kk ky tg hy (1: line 5)",
                                             "concept without a term in a language of the base (1: espion)"]


LAUGHS_TBX = ("<!DOCTYPE tbx [<!ENTITY l0 'lol'>"
              + "".join(f"<!ENTITY l{i} '{('&l%d;' % (i - 1)) * 10}'>" for i in range(1, 10)) + "]>\n"
              + '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
              + '<conceptEntry id="csto"><langSec xml:lang="en"><termSec><term>&l9;</term></termSec></langSec>'
              + "</conceptEntry></body></text></tbx>").encode()


def test_hostile_tbx_is_refused():
    with pytest.raises(InputError, match=r"^laughs\.tbx:1: refused: the DOCTYPE declares entities \(l0, l1, l2, \.\.\.\)"):
        read_tbx(LAUGHS_TBX, "laughs.tbx")
    xxe = tbx(SPY.format(lang="en", extra="<note>&xxe;</note>")).replace(
        b"<tbx ", b'<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<tbx ', 1)
    with pytest.raises(InputError, match=r"^xxe\.tbx:2: refused: the DOCTYPE declares entities \(xxe\)"):
        read_tbx(xxe, "xxe.tbx")


def test_text_that_xml_cannot_hold_is_a_clear_export_error():
    concept = Concept("spy", "security", terms={"en": [Term("spy", "en", note="bell \x07")]})
    with pytest.raises(InputError, match=r"spy \[en\] spy: U\+0007 cannot be written in XML"):
        write_tbx([concept])


# --- property ------------------------------------------------------------------------------

XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\t\n\r "),
                   min_size=1, max_size=30)
TERM_TEXT = XML_TEXT.filter(str.strip)
NOTE = st.none() | XML_TEXT | XML_TEXT.map(lambda s: "glossary:" + s) | st.sampled_from(
    ["glossary:reliability=4", "glossary:note=x", "glossary:related=spy"])
SLUG = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
LANGS = ("ru", "en", "be", "kk", "ky", "tg", "hy", "be-Latn", "kk-Latn")


@st.composite
def term(draw, lang: str) -> Term:
    return Term(draw(TERM_TEXT), lang, status=draw(st.sampled_from(STATUSES)), type=draw(st.sampled_from(TERM_TYPES)),
                pos=draw(st.none() | st.sampled_from(PARTS_OF_SPEECH)), gender=draw(st.none() | st.sampled_from(GENDERS)),
                forms=draw(st.dictionaries(st.sampled_from(PLURAL_CATEGORIES), XML_TEXT, max_size=3)),
                case_sensitive=draw(st.booleans()), translate=draw(st.booleans()), reliability=draw(st.integers(1, 4)),
                source=draw(st.none() | XML_TEXT), note=draw(NOTE), context=draw(st.none() | XML_TEXT))


@st.composite
def concept(draw) -> Concept:
    langs = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=3, unique=True))
    terms = {}
    for lang in langs:
        terms[lang] = draw(st.lists(term(lang), min_size=1, max_size=3, unique_by=lambda t: t.text))
    return Concept(draw(SLUG), draw(st.sampled_from(DOMAINS)),
                   definition=draw(st.dictionaries(st.sampled_from(LANGS), XML_TEXT, max_size=3)),
                   note=draw(NOTE), related=draw(st.lists(SLUG, max_size=3, unique=True)), terms=terms)


CONCEPTS = st.lists(concept(), min_size=1, max_size=4, unique_by=lambda c: c.id)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONCEPTS)
def test_tbx_round_trip_of_generated_concepts(concepts):
    back = read_tbx(write_tbx(concepts)).concepts
    assert facts(back) == facts(concepts)
    assert back == concepts
