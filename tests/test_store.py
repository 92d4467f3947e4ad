"""The YAML store: round trips, canonical layout, line numbers, bad files."""
from __future__ import annotations

import pytest

from glossary.errors import InputError
from glossary.fmt import format_base
from glossary.model import Concept, Term
from glossary.store import dump_domain, parse_domain, read_domain
from glossary.termbase import TermBase

from .conftest import FIXTURES, snapshot


@pytest.mark.parametrize("name", ["organization.yaml", "weapons.yaml"])
def test_load_save_gives_identical_bytes(name):
    path = FIXTURES / "base" / name
    domain, concepts, problems = read_domain(path)
    assert problems == []
    assert dump_domain(domain, concepts).encode("utf-8") == path.read_bytes()


def test_bundled_base_is_canonical():
    from glossary.store import domain_files, termbase_folder

    for path in domain_files(termbase_folder()):
        domain, concepts, _ = read_domain(path)
        assert dump_domain(domain, concepts) == path.read_text(encoding="utf-8"), path


def test_model_fields_survive_the_round_trip():
    term = Term("ракета", "ru", status="admitted", type="shortForm", pos="noun", gender="feminine",
                forms={"many": "ракет", "one": "ракета", "few": "ракеты"}, case_sensitive=True, translate=False,
                reliability=4, source="doc", note="n", context="c")
    concept = Concept("missile", "weapons", definition={"en": "e", "ru": "р"}, note="cn", related=["x"],
                      terms={"ru": [term]})
    _, [back], problems = parse_domain(dump_domain("weapons", [concept]), "weapons.yaml")
    assert problems == []
    assert back == concept
    assert list(back.terms["ru"][0].forms) == ["one", "few", "many"]  # CLDR order


def test_canonical_sorts_concepts_and_languages():
    a = Concept("b-concept", "legal", terms={"hy": [Term("բ", "hy")], "ru": [Term("б", "ru")]})
    b = Concept("a-concept", "legal", terms={"en": [Term("a", "en")]})
    text = dump_domain("legal", [a, b])
    assert text.index("a-concept") < text.index("b-concept")
    assert text.index("    ru:") < text.index("    hy:")


def test_lines_are_recorded():
    _, concepts, _ = read_domain(FIXTURES / "base" / "organization.yaml")
    lines = (FIXTURES / "base" / "organization.yaml").read_text(encoding="utf-8").splitlines()
    for term in concepts[0].all_terms():
        assert term.text in lines[term.line - 1]


@pytest.mark.parametrize("text, line", [
    ("domain: weapons\nconcepts:\n- id: x\n  terms: [\n", 5),
    ("domain: weapons\nconcepts:\n  - id: x\n - id: y\n", 4),
])
def test_syntax_errors_name_file_and_line(tmp_path, text, line):
    path = tmp_path / "weapons.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_domain(path)
    assert str(info.value).startswith(f"{path}:")
    assert info.value.line is not None and abs(info.value.line - line) <= 1


def test_non_utf8_and_binary(tmp_path):
    bad = tmp_path / "weapons.yaml"
    bad.write_bytes("domain: weapons\nconcepts:\n- id: \xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"weapons.yaml:3: not UTF-8"):
        read_domain(bad)
    bad.write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="binary"):
        read_domain(bad)


def test_bom_and_crlf_are_accepted(tmp_path):
    text = (FIXTURES / "base" / "weapons.yaml").read_text(encoding="utf-8")
    path = tmp_path / "weapons.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    _, concepts, problems = read_domain(path)
    assert problems == [] and {c.id for c in concepts} == {"hypersonic-missile", "laser-weapon"}


def test_fmt_rewrites_and_is_idempotent(small_base):
    path = small_base / "weapons.yaml"
    canonical = path.read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace("status: preferred\n      pos: noun",
                                                            "pos: noun\n      status: preferred", 1))
    assert format_base(small_base, write=False) == [path]
    assert format_base(small_base) == [path]
    assert path.read_bytes() == canonical
    assert format_base(small_base) == []


def test_fmt_refuses_files_it_would_damage(small_base):
    path = small_base / "weapons.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("pos: noun", "pos: noun\n      colour: red", 1))
    before = snapshot(small_base)
    with pytest.raises(InputError, match="unknown key 'colour'"):
        format_base(small_base)
    assert snapshot(small_base) == before


def test_missing_folder_is_an_empty_base(tmp_path):
    assert len(TermBase.load(tmp_path / "nothing")) == 0


def test_folder_that_is_a_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        TermBase.load(path)


def test_save_writes_only_changed_files(small_base):
    base = TermBase.load(small_base)
    assert base.save() == []
    base.concept("laser-weapon").add_term(Term("лазерная пушка", "ru", status="admitted"))
    assert base.save() == [small_base / "weapons.yaml"]
    assert "лазерная пушка" in (small_base / "weapons.yaml").read_text(encoding="utf-8")
    assert TermBase.load(small_base).concept("laser-weapon").terms["ru"][1].text == "лазерная пушка"


def test_strict_load_reports_schema_problem(small_base):
    path = small_base / "weapons.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reliability: 2", "reliability: high", 1))
    with pytest.raises(InputError, match=r"weapons.yaml:\d+: schema: expected a whole number"):
        TermBase.load(small_base)
