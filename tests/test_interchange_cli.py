"""glossary export / glossary import end to end: formats, filters, merge rules, exit codes, hostile input."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.formats.csvfile import write_csv
from glossary.formats.tbx import write_tbx
from glossary.termbase import TermBase

from .conftest import snapshot
from .test_tbx import LAUGHS_TBX, facts, validate_tbx

XXE_TBX = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="csto"><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec></conceptEntry>
</body></text></tbx>"""


def glossary(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GLOSSARY_TERMBASE"}
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=120)


# --- export --------------------------------------------------------------------------------

def test_export_takes_the_format_from_the_extension_and_validates(small_base, tmp_path):
    out = tmp_path / "base.tbx"
    result = glossary("-t", str(small_base), "export", "-o", str(out))
    assert result.returncode == 0 and result.stdout == b""
    assert out.read_bytes() == write_tbx(list(TermBase.load(small_base).concepts()))
    validate_tbx(out)


def test_export_to_stdout_with_language_and_domain_filters(small_base):
    result = glossary("-t", str(small_base), "export", "--format", "csv", "--lang", "en,ru", "--domain", "weapons")
    assert result.returncode == 0
    text = result.stdout.decode("utf-8-sig")
    rows = text.splitlines()[1:]
    assert rows and {r.split(",")[1] for r in rows} == {"weapons"} and {r.split(",")[2] for r in rows} == {"en", "ru"}
    tsv = glossary("-t", str(small_base), "export", "--format", "tsv", "--lang", "en", "--lang", "ru")
    assert tsv.returncode == 0
    assert b"CSTO\t\xd0\x9e\xd1\x80\xd0\xb3" in tsv.stdout  # CSTO → Организация ...


@pytest.mark.parametrize("args, message", [
    (("export",), "give --format"),
    (("export", "-o", "x.txt"), "cannot tell the format from the extension '.txt'"),
    (("export", "--format", "csv", "--lang", "fr"), "--lang: 'fr' is not one of ru en be kk ky tg hy"),
    (("export", "--format", "csv", "--lang", "en-US"), "--lang: 'en-US' is not one of ru en be kk ky tg hy (use 'en')"),
    (("export", "--format", "csv", "--domain", "space"), "--domain: 'space' is not one of"),
    (("export", "--format", "tsv", "--lang", "en"), "--format tsv needs two languages"),
])
def test_export_usage_errors_exit_2_with_one_line(small_base, args, message):
    result = glossary("-t", str(small_base), *args)
    assert result.returncode == 2
    assert message in result.stderr.decode() and len(result.stderr.decode().strip().splitlines()) <= 2
    assert result.stdout == b""


# --- import --------------------------------------------------------------------------------

def test_import_into_a_missing_base_creates_it_and_a_second_import_changes_nothing(small_base, tmp_path):
    export = tmp_path / "all.json"
    assert glossary("-t", str(small_base), "export", "-o", str(export)).returncode == 0
    target = tmp_path / "new" / "base"
    first = glossary("-t", str(target), "import", str(export))
    assert first.returncode == 0, first.stderr
    assert b"added: csto: new concept" in first.stdout
    assert facts(TermBase.load(target).concepts()) == facts(TermBase.load(small_base).concepts())
    before = snapshot(target)
    second = glossary("-t", str(target), "import", str(export))
    assert second.returncode == 0 and second.stdout == b""
    assert b"0 added, 0 changed, 0 conflicts, 0 skipped" in second.stderr
    assert snapshot(target) == before


def edited_csv(base: Path, tmp_path: Path) -> Path:
    """An export of ``base`` with one changed reliability and one new Kyrgyz term."""
    text = write_csv(list(TermBase.load(base).concepts())).decode("utf-8-sig")
    old = "csto,organization,ru,Организация Договора о коллективной безопасности,preferred,fullForm,properNoun,feminine,,,,,,,false,true,3,"
    assert old in text
    text = text.replace(old, old[:-2] + "2,")
    text += "csto,organization,ky,Жамааттык коопсуздук келишими уюму,preferred,fullForm,properNoun,,,,,,,,false,true,1,,,,,,\r\n"
    path = tmp_path / "edited.csv"
    path.write_bytes(("\ufeff" + text).encode())
    return path


def test_conflicts_are_reported_and_kept_unless_overwrite(small_base, tmp_path):
    path = edited_csv(small_base, tmp_path)
    dry = glossary("-t", str(small_base), "import", str(path), "--dry-run")
    before = snapshot(small_base)
    assert dry.returncode == 1
    assert snapshot(small_base) == before
    out = dry.stdout.decode()
    assert "added: csto [ky] Жамааттык коопсуздук келишими уюму: new term" in out
    assert "conflict: csto [ru] Организация Договора о коллективной безопасности: reliability is 3 in the base, 2 in the import (kept 3)" in out
    assert "dry run, nothing written" in dry.stderr.decode()

    kept = glossary("-t", str(small_base), "import", str(path), "--report", "json")
    assert kept.returncode == 1
    report = json.loads(kept.stdout)
    assert report["exit_code"] == 1 and len(report["conflicts"]) == 1 and report["written"]
    csto = TermBase.load(small_base).concept("csto")
    assert csto.terms["ru"][0].reliability == 3 and csto.terms["ky"][0].text == "Жамааттык коопсуздук келишими уюму"

    overwritten = glossary("-t", str(small_base), "import", str(path), "--overwrite")
    assert overwritten.returncode == 0
    assert "reliability 3 → 2" in overwritten.stdout.decode()
    assert TermBase.load(small_base).concept("csto").terms["ru"][0].reliability == 2


def test_a_foreign_tbx_changes_only_what_it_states(small_base, tmp_path):
    path = tmp_path / "foreign.tbx"
    path.write_bytes("""<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en-US"><martifHeader/><text><body>
  <termEntry id="csto"><descrip type="subjectField">Defence</descrip>
    <langSet xml:lang="en-US"><tig><term>CSTO</term></tig></langSet>
    <langSet xml:lang="ky-KG"><tig><term>ЖККУ</term><termNote type="termType">acronym</termNote></tig></langSet>
    <langSet xml:lang="de"><tig><term>OVKS</term></tig></langSet></termEntry>
</body></text></martif>""".encode())
    result = glossary("-t", str(small_base), "import", str(path))
    out = result.stdout.decode()
    assert result.returncode == 1, out  # de skipped
    assert "conflict" not in out
    assert "added: csto [ky] ЖККУ: new term" in out
    assert "skipped: language de is not one of ru en be kk ky tg hy (1: line 6)" in out
    assert "mapped: en-US → en" in out and "mapped: ky-KG → ky" in out
    assert "mapped: subject field 'Defence' is not a domain of the base: kept the base's domain (1: csto)" in out
    ky = TermBase.load(small_base).concept("csto").terms["ky"][0]
    assert (ky.status, ky.type, ky.reliability) == ("preferred", "acronym", 1)


BAD_FILES = {
    "xxe.tbx": XXE_TBX,
    "laughs.tbx": LAUGHS_TBX,
    "truncated.tbx": None,  # filled in below from a real export
    "missing-column.csv": "\ufeffconcept,domain,term\r\ncsto,organization,CSTO\r\n".encode(),
    "bad-status.csv": ("\ufeffconcept,domain,lang,term,status\r\ncsto,organization,en,CSTO,admitted\r\n"
                       "csto,organization,en,Collective Security Treaty Organization,approved\r\n").encode(),
    "bad-language.csv": "\ufeffconcept,domain,lang,term\r\ncsto,organization,english,CSTO\r\n".encode(),
    "bad-language.tbx": None,
    "bad.json": b'{"concepts": [{"id": "csto", "terms": {"en": [{"text": "CSTO", "status": "approved"}]}}]}',
}
EXPECTED = {
    "xxe.tbx": "xxe.tbx:2: refused: the DOCTYPE declares entities (xxe)",
    "laughs.tbx": "laughs.tbx:1: refused: the DOCTYPE declares entities (l0, l1, l2, ...)",
    "truncated.tbx": "truncated.tbx:",
    "missing-column.csv": "missing-column.csv:1: missing column lang in the header",
    "bad-status.csv": "bad-status.csv:3: status 'approved' is not one of preferred, admitted, deprecated, forbidden",
    "bad-language.csv": "bad-language.csv:2: unknown language code 'english'",
    "bad-language.tbx": "bad-language.tbx:",
    "bad.json": "bad.json: concepts[0].terms.en[0]: status 'approved' is not one of",
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_input_exits_2_with_one_line_and_leaves_the_base_byte_identical(small_base, tmp_path, name):
    data = BAD_FILES[name]
    if name == "truncated.tbx":
        full = write_tbx(list(TermBase.load(small_base).concepts()))
        data = full[: len(full) // 2]
    elif name == "bad-language.tbx":
        data = write_tbx(list(TermBase.load(small_base).concepts())).replace(b'xml:lang="kk"', b'xml:lang="kz-"', 1)
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(small_base)
    for extra in ((), ("--dry-run",), ("--overwrite",)):
        result = glossary("-t", str(small_base), "import", str(path), *extra, cwd=tmp_path)
        stderr = result.stderr.decode()
        assert result.returncode == 2, stderr
        assert stderr.count("\n") == 1 and stderr.startswith("glossary: error: ")
        assert EXPECTED[name] in stderr, stderr
        assert "Traceback" not in stderr and result.stdout == b""
        assert snapshot(small_base) == before


def test_bad_input_into_a_missing_base_creates_nothing(tmp_path):
    path = tmp_path / "xxe.tbx"
    path.write_bytes(XXE_TBX)
    assert glossary("-t", str(tmp_path / "new"), "import", str(path)).returncode == 2
    assert not (tmp_path / "new").exists()


def test_import_format_option_and_unknown_extension(small_base, tmp_path):
    path = tmp_path / "terms.txt"
    path.write_bytes(write_csv(list(TermBase.load(small_base).concepts())))
    unknown = glossary("-t", str(small_base), "import", str(path))
    assert unknown.returncode == 2 and b"give --format" in unknown.stderr
    assert glossary("-t", str(small_base), "import", str(path), "--format", "csv").returncode == 0


def test_po_files_go_to_the_po_importer(small_base, tmp_path):
    path = tmp_path / "ky.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: ky\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgctxt "csto"\nmsgid "Collective Security Treaty Organization"\n'
                    'msgstr "Жамааттык коопсуздук келишими уюму"\n', encoding="utf-8")
    before = snapshot(small_base)
    result = glossary("-t", str(small_base), "import", str(path), "--dry-run")
    assert result.returncode in (0, 1), result.stderr
    assert "Жамааттык коопсуздук келишими уюму" in result.stdout.decode()
    assert snapshot(small_base) == before
    overwrite = glossary("-t", str(small_base), "import", str(path), "--overwrite")
    assert overwrite.returncode == 2 and b"--overwrite does not apply to .po files" in overwrite.stderr
