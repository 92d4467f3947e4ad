"""CSV long format (lossless, byte-identical round trip) and TSV pairs for OmegaT."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from glossary.errors import InputError
from glossary.formats import import_file
from glossary.formats.csvfile import BOM, COLUMNS, read_csv, write_csv, write_tsv
from glossary.model import Concept, Term
from glossary.termbase import TermBase

from .conftest import snapshot
from .test_tbx import BUNDLED, CONCEPTS, facts, rich

HEADER = ",".join(COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (BOM + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def row(**cells: str) -> str:
    return ",".join(cells.get(column, "") for column in COLUMNS)


def test_rich_fixture_round_trips_exactly():
    original = rich()
    back = read_csv(write_csv(original), "rich.csv").concepts
    assert facts(back) == facts(original)
    assert back == original


def test_the_file_is_utf8_with_a_bom_crlf_and_the_documented_header():
    data = write_csv(rich())
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1].startswith("anatoly-vyborny,people,ru,Анатолий Выборный,preferred,fullForm,properNoun,masculine,")
    csto = [line for line in lines if line.startswith("csto,")]
    assert csto[0].endswith('"Founded as a treaty in 1992, an organization since 2002.\nSeat: Moscow.",'
                            'collective-security-treaty parliamentary-assembly')
    assert any(line.startswith("csto,organization,tg,,") for line in csto)  # a definition without terms


@pytest.mark.parametrize("name, folder", [("rich", None), ("bundled", BUNDLED)])
def test_export_import_export_is_byte_identical(tmp_path, name, folder):
    from .test_tbx import RICH

    source = TermBase.load(folder or RICH)
    assert len(source) > 0
    first = write_csv(list(source.concepts()))
    path = tmp_path / f"{name}.csv"
    path.write_bytes(first)
    report = import_file(TermBase.load(tmp_path / "new"), path)
    assert report.exit_code == 0, report.lines()
    second = write_csv(list(TermBase.load(tmp_path / "new").concepts()))
    assert second == first
    assert facts(TermBase.load(tmp_path / "new").concepts()) == facts(source.concepts())


@pytest.mark.parametrize("data, message", [
    (csv_bytes(row(concept="spy", domain="security", term="spy"), header=HEADER.replace(",lang,", ",")),
     "x.csv:1: missing column lang in the header"),
    (csv_bytes(row(concept="spy", domain="security", lang="en", term="spy", status="prefered")),
     "x.csv:2: status 'prefered' is not one of preferred, admitted, deprecated, forbidden"),
    (csv_bytes(row(concept="spy", lang="en", term="spy"), row(concept="spy", lang="en", term="spook", status="obsolete")),
     "x.csv:3: status 'obsolete' is not one of"),
    (csv_bytes(row(concept="spy", lang="english", term="spy")), "x.csv:2: unknown language code 'english'"),
    (csv_bytes(row(concept="spy", lang="en", term="spy", reliability="5")),
     "x.csv:2: reliability '5' is not a whole number from 1 to 4"),
    (csv_bytes(row(concept="spy", lang="en", term="spy", translate="maybe")), "x.csv:2: translate 'maybe' is not true or false"),
    (csv_bytes(row(concept="Spy", lang="en", term="spy")), "x.csv:2: concept id 'Spy' is not a lower-case slug"),
    (csv_bytes(row(concept="spy", lang="en", term="spy"), row(concept="spy", lang="en", term="spy")),
     "x.csv:3: spy [en] 'spy' is listed twice (first on line 2)"),
    (csv_bytes(row(concept="spy", lang="en", term="spy", definition="A"), row(concept="spy", lang="en", term="spook", definition="B")),
     "x.csv:3: definition [en] of spy differs from the one on line 2"),
    (csv_bytes(row(concept="spy", lang="en", term="spy") + ",extra"), "x.csv:2: 24 cells, but the header has 23 columns"),
    (csv_bytes(row(concept="spy", term="spy")), "x.csv:2: no language (the lang column is empty)"),
    (csv_bytes(row(concept="spy", lang="en", status="preferred")), "x.csv:2: status is filled in but the term is empty"),
    (csv_bytes('spy,security,en,"unclosed'), "x.csv:2: not valid CSV: unexpected end of data"),
    (b"concept,lang,term\r\nspy,en,\xff\xfe\r\n", "x.csv:2: not UTF-8 (byte 0xff)"),
])
def test_bad_input_is_one_line_with_its_line(data, message):
    with pytest.raises(InputError) as caught:
        read_csv(data, "x.csv")
    assert str(caught.value).startswith(message), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_quoted_cell_over_several_lines_counts_its_lines():
    data = csv_bytes(row(concept="spy", lang="en", term="spy", note='"one\r\ntwo"'),
                     row(concept="spy", lang="en", term="spook", status="bad"))
    with pytest.raises(InputError, match=r"^x\.csv:4: status 'bad'"):
        read_csv(data, "x.csv")


def test_a_short_spreadsheet_is_enough_and_blank_cells_are_not_stated():
    data = "concept;lang;term;Comment\nspy;en-US;spy;mine\nspy;ru;шпион;\nspy;fr;espion;\n".encode()
    parsed = read_csv(data, "x.csv")
    (spy,) = parsed.concepts
    assert [t.text for t in spy.all_terms()] == ["spy", "шпион"]
    term = spy.terms["en"][0]
    assert (term.status, term.type, term.reliability, term.case_sensitive, term.translate, spy.domain) == (
        None, None, None, None, None, "")
    assert parsed.notes.lines("mapped") == ["en-US → en"]
    assert parsed.notes.lines("skipped") == ["column 'comment' is not a column of the format; ignored",
                                             "language fr is not one of ru en be kk ky tg hy (1: line 4)"]


def test_concept_level_values_may_repeat_but_not_change():
    data = csv_bytes(row(concept="spy", domain="security", lang="en", term="spy", related="espionage"),
                     row(concept="spy", domain="security", lang="en", term="spook", related="espionage"),
                     row(concept="spy", domain="legal", lang="ru", term="шпион"))
    with pytest.raises(InputError, match=r"^x\.csv:4: domain of spy differs from the one on line 2"):
        read_csv(data, "x.csv")


def test_an_unknown_domain_is_bad_input_on_import(tmp_path):
    base = tmp_path / "base"
    path = tmp_path / "x.csv"
    path.write_bytes(csv_bytes(row(concept="spy", domain="espionage", lang="en", term="spy")))
    with pytest.raises(InputError, match=r"x\.csv:2: spy: domain 'espionage' is not one of geography, legal, military"):
        import_file(TermBase.load(base), path)
    assert not base.exists()


def test_tsv_pairs_for_omegat():
    data = write_tsv(rich(), ["en", "ru"]).decode()
    lines = data.splitlines()
    assert "CSTO\tОрганизация Договора о коллективной безопасности\tcsto; also: ОДКБ" in lines
    assert "ODKB\tОрганизация Договора о коллективной безопасности\tcsto; also: ОДКБ; source term forbidden" in lines
    assert ("hypersonic missile\tгиперзвуковая ракета\thypersonic-missile; avoid: гиперзвуковой реактивный снаряд"
            in lines)
    assert all(line.count("\t") == 2 for line in lines)
    concept = Concept("x", "legal", terms={"en": [Term("a\tb", "en")], "ru": [Term("в\nг", "ru")]})
    assert write_tsv([concept], ["en", "ru"]) == "a b\tв г\tx\n".encode()
    with pytest.raises(InputError, match="needs two languages"):
        write_tsv(rich(), ["en"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CONCEPTS)
def test_csv_round_trip_of_generated_concepts(concepts):
    data = write_csv(concepts)
    back = read_csv(data).concepts
    assert facts(back) == facts(concepts)
    assert back == concepts
    assert write_csv(back) == data


def test_a_failed_import_leaves_the_base_byte_identical(small_base, tmp_path):
    before = snapshot(small_base)
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(row(concept="new-one", domain="legal", lang="en", term="new"),
                               row(concept="new-one", domain="legal", lang="en", term="other", status="wrong")))
    with pytest.raises(InputError):
        import_file(TermBase.load(small_base), path)
    assert snapshot(small_base) == before
