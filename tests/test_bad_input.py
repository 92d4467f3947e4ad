"""Bad input never crashes the command line: one line on stderr naming the file (and line), exit 2
(or 1 for validation findings), no traceback, and nothing written anywhere.

Every case runs ``python -m glossary`` as a subprocess on a real file of tests/fixtures/bad/
(see its README.md), on a writable copy of tests/fixtures/base.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.termbase import TermBase

from .conftest import FIXTURES, snapshot

BAD = FIXTURES / "bad"


def glossary(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "GLOSSARY_TERMBASE"} | (env or {})
    argv = [os.fsencode(a) if isinstance(a, Path) else a for a in args]
    return subprocess.run([sys.executable, "-m", "glossary", *argv], capture_output=True, input=stdin, cwd=cwd,
                          env=environment, timeout=120)


def stderr_of(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode("utf-8", "replace")


def assert_one_line_error(result: subprocess.CompletedProcess, *names: str | Path, code: int = 2,
                          line: int | tuple[int, ...] | None = None) -> str:
    """Exit ``code``, exactly one stderr line ``glossary: error: ...`` naming every ``names`` (with
    ``:line`` right after the first one when given), no traceback; returns the line."""
    err = stderr_of(result)
    assert "Traceback" not in err, err
    assert result.returncode == code, (result.returncode, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("glossary: error: "), err
    for name in names:
        assert str(name) in lines[0], (name, err)
    if line is not None:
        wanted = (line,) if isinstance(line, int) else line
        found = re.search(re.escape(str(names[0])) + r":(\d+):", lines[0])
        assert found and int(found.group(1)) in wanted, (wanted, err)
    return lines[0]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """tmp/base (a copy of the small fixture base) and tmp/cwd (the working folder of every run)."""
    shutil.copytree(FIXTURES / "base", tmp_path / "base", ignore=shutil.ignore_patterns(".cache"))
    (tmp_path / "cwd").mkdir()
    return tmp_path


def state(folder: Path) -> dict[str, bytes]:
    """Like conftest.snapshot, without following symbolic links (one may point at /proc/self/mem)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def outside_changes(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Files created or changed outside base/ (and base/.cache, the lookup index)."""
    return {name for name in set(before) | set(after)
            if before.get(name) != after.get(name) and not name.startswith("base/")}


# --- the term base: malformed YAML ---------------------------------------------------------------

# file → (line of the first problem or None, exit of `validate`, lines `validate` must report)
YAML_CASES = {
    "syntax-error.yaml": ((7, 8), 2, ()),
    "tab-indent.yaml": (12, 2, ()),
    "binary.yaml": (None, 2, ()),
    "cp1251.yaml": (8, 2, ()),
    "wrong-types.yaml": (4, 1, (4, 7, 11, 12, 14)),
    "unknown-keys.yaml": (4, 1, (4, 10)),
    "duplicate-keys.yaml": (4, 1, (4, 14)),
    "duplicate-ids.yaml": (15, 1, (15,)),
    "top-level-list.yaml": (1, 1, (1,)),
    "concepts-not-a-list.yaml": (2, 1, (2,)),
    "alias-bomb.yaml": (2, 1, (2,)),
    "python-tag.yaml": (4, 1, (4, 7)),
    "domain-path.yaml": (1, 1, (1,)),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_malformed_yaml_is_one_line_with_file_and_line_and_changes_nothing(work, name):
    line, validate_code, reported = YAML_CASES[name]
    path = work / "base" / "weapons.yaml"
    shutil.copyfile(BAD / "yaml" / name, path)
    before = snapshot(work)
    for command in (["stats"], ["compile", "-o", "out"], ["fmt"], ["export", "-o", "x.tbx"]):
        result = glossary("-t", work / "base", *command, cwd=work / "cwd")
        if command == ["fmt"] and name == "duplicate-ids.yaml":
            assert result.returncode == 0  # each file is canonical; the base-level problem is validate's
            continue
        assert_one_line_error(result, path, line=line)
    # lookup reads what it can of a file whose schema is wrong (validate reports the rest),
    # but a file that is not YAML at all is an error
    looked = glossary("-t", work / "base", "lookup", "laser weapon", cwd=work / "cwd")
    if validate_code == 2 or looked.returncode == 2:
        assert_one_line_error(looked, path, line=line)
    else:
        assert looked.returncode in (0, 1) and "Traceback" not in stderr_of(looked)
    validated = glossary("-t", work / "base", "validate", cwd=work / "cwd")
    assert validated.returncode == validate_code and "Traceback" not in stderr_of(validated)
    if validate_code == 1:
        findings = validated.stdout.decode().splitlines()
        assert {int(f.split(":")[1]) for f in findings if f.startswith(f"{path}:")} >= set(reported), findings
    else:
        assert_one_line_error(validated, path, line=line)
    after = snapshot(work)
    assert outside_changes(before, after) == set()
    assert {k: v for k, v in after.items() if "/.cache/" not in k} == before
    assert not list(work.rglob("pwned-by-yaml"))


@pytest.mark.parametrize("name, line, rule", [
    ("unknown-language.yaml", (11, 12), "language"),
    ("unknown-status.yaml", (8, 9), "status"),
    ("path-id.yaml", (3,), "id"),
    ("control-characters.yaml", (3,), "U+2028"),
    ("control-characters.yaml", (8,), "U+0000"),
    ("control-characters.yaml", (12,), "U+0004"),
])
def test_schema_mistakes_that_load_are_validation_findings(work, name, line, rule):
    path = work / "base" / "weapons.yaml"
    shutil.copyfile(BAD / "yaml" / name, path)
    result = glossary("-t", work / "base", "validate", "--format", "json")
    assert result.returncode == 1 and "Traceback" not in stderr_of(result)
    findings = json.loads(result.stdout)["findings"]
    assert any(f["path"] == str(path) and f["line"] in line and rule in (f["rule"] + f["message"]) for f in findings), findings


def test_a_concept_id_that_looks_like_a_path_never_leaves_the_output_folder(work):
    shutil.copyfile(BAD / "yaml" / "path-id.yaml", work / "base" / "weapons.yaml")
    before = snapshot(work)
    result = glossary("-t", work / "base", "compile", "-o", work / "cwd" / "out", cwd=work / "cwd")
    assert result.returncode in (0, 2) and "Traceback" not in stderr_of(result)
    after = snapshot(work)
    created = {name for name in set(after) - set(before) if not name.startswith("base/.cache/")}
    assert all(name.startswith("cwd/out/") for name in created), created
    assert not [p for p in work.parent.rglob("escaped*")]


def test_utf8_bom_and_crlf_yaml_is_accepted_and_fmt_makes_it_canonical(work):
    path = work / "base" / "weapons.yaml"
    shutil.copyfile(BAD / "yaml" / "bom-crlf.yaml", path)
    stats = glossary("-t", work / "base", "stats", "--format", "json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["concepts"] == 2
    found = glossary("-t", work / "base", "lookup", "лазерное оружие", "--format", "json")
    assert found.returncode == 0 and json.loads(found.stdout)["matches"][0]["concept"] == "laser-weapon"
    assert glossary("-t", work / "base", "fmt").returncode == 0
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert glossary("-t", work / "base", "validate").returncode == 0


def test_an_empty_domain_file_is_an_empty_domain(work):
    (work / "base" / "weapons.yaml").write_bytes((BAD / "yaml" / "empty.yaml").read_bytes())
    stats = glossary("-t", work / "base", "stats", "--format", "json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["concepts"] == 1


# --- the term-base path -------------------------------------------------------------------------

def test_a_term_base_path_that_is_a_file(work):
    file = work / "base" / "weapons.yaml"
    assert_one_line_error(glossary("-t", file, "stats"), file)
    assert_one_line_error(glossary("-t", file, "lookup", "ракета"), file)


def test_a_term_base_path_below_a_file(work):
    path = work / "base" / "weapons.yaml" / "sub"
    before = snapshot(work)
    for command in (["stats"], ["compile", "-o", work / "out"], ["import", BAD / "csv" / "bom-crlf.csv"]):
        assert_one_line_error(glossary("-t", path, *command), path, "is a file")
    assert snapshot(work) == before


@pytest.mark.parametrize("kind", ["folder", "dangling-link", "proc-mem"])
def test_an_unreadable_domain_file(work, kind):
    path = work / "base" / "broken.yaml"
    if kind == "folder":
        path.mkdir()
    else:
        path.symlink_to("/nonexistent/x.yaml" if kind == "dangling-link" else "/proc/self/mem")
    before = state(work)
    for command in (["stats"], ["validate"], ["lookup", "ракета"], ["fmt"], ["compile", "-o", work / "out"]):
        message = assert_one_line_error(glossary("-t", work / "base", *command), path)
        assert ("folder" if kind == "folder" else "cannot read") in message
    assert {k: v for k, v in state(work).items() if "/.cache/" not in k} == before


# --- language codes -----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["lookup", "--lang", "xx", "ракета"],
    ["lookup", "--to", "xx", "ракета"],
    ["lookup", "--to", "../../etc", "ракета", "--format", "json"],
    ["scan", "--lang", "xx", str(BAD / "text" / "empty.txt")],
    ["scan", "--lang", "ru", "--to", "en,xx", str(BAD / "text" / "empty.txt")],
    ["check", "-s", "ru", "-l", "xx", str(BAD / "text" / "bom-crlf-source.txt"), str(BAD / "text" / "bom-crlf-target.txt")],
    ["check", "-s", "zz", "-l", "en", str(BAD / "text" / "bom-crlf-source.txt"), str(BAD / "text" / "bom-crlf-target.txt")],
    ["check", "-l", "xx", str(BAD / "text" / "empty.txt")],
    ["compile", "--lang", "xx", "-o", "out"],
    ["compile", "--lang", "../../x", "-o", "out"],
    ["compile", "--source-lang", "xx", "-o", "out"],
    ["export", "--format", "csv", "--lang", "xx"],
    ["translit", "--lang", "xx", "Анатолий"],
])
def test_unknown_language_codes(work, args):
    result = glossary("-t", work / "base", *args, cwd=work / "cwd")
    message = assert_one_line_error(result, code=2)
    assert re.search(r"xx|zz|\.\./", message)
    assert list((work / "cwd").iterdir()) == []


@pytest.mark.parametrize("name", ["unknown-language.po", "unknown-language.xlf"])
def test_unknown_language_named_by_a_file_is_reported_with_the_file(work, name):
    path = BAD / ("po" if name.endswith(".po") else "xliff") / name
    assert_one_line_error(glossary("-t", work / "base", "check", path), path, "xx")


# --- queries ------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_an_empty_query_is_bad_usage(work, query):
    message = assert_one_line_error(glossary("-t", work / "base", "lookup", query))
    assert "empty" in message


@pytest.mark.parametrize("query", ["a" * 100_000, "ракета " * 8_000, " ".join(["гиперзвуковая"] * 70) + " x"])
def test_an_enormous_query_is_refused_or_answered_quickly(work, query):
    result = glossary("-t", work / "base", "lookup", query, "--format", "json")
    assert "Traceback" not in stderr_of(result)
    if result.returncode == 2:
        assert_one_line_error(result)
    else:
        assert result.returncode in (0, 1) and "matches" in json.loads(result.stdout)


@pytest.mark.parametrize("query", [b"\xff\xfe", "?!…—«»".encode(), b"\xed\xa0\x80", "ОДКБ\u200b\u0301".encode()])
def test_odd_queries_are_answered_without_a_crash(work, query):
    for fmt in ("text", "json"):
        result = subprocess.run([sys.executable, "-m", "glossary", "-t", str(work / "base"), "lookup", query,
                                 "--format", fmt], capture_output=True, timeout=120,
                                env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert result.returncode in (0, 1, 2) and b"Traceback" not in result.stderr, result.stderr
        assert b"internal error" not in result.stderr, result.stderr
        if fmt == "json" and result.returncode in (0, 1):
            json.loads(result.stdout.decode("utf-8"))  # valid UTF-8 JSON, whatever the query was


# --- input files: missing, empty, binary, not UTF-8, BOM and CRLF -------------------------------

@pytest.mark.parametrize("name, message", [
    ("text/image.png.txt", "binary"),
    ("text/utf16.txt", "binary"),
    ("text/cp1251.txt", "not UTF-8"),
    ("text/latin1.txt", "not UTF-8"),
])
def test_binary_and_non_utf8_texts(work, name, message):
    path = BAD / name
    for args in (["scan", "-l", "ru", path], ["check", "-l", "en", path],
                 ["check", "-s", "ru", "-l", "en", path, BAD / "text" / "target-2-lines.txt"]):
        line = 1 if "UTF-8" in message else None
        assert message in assert_one_line_error(glossary("-t", work / "base", *args), path, line=line)


@pytest.mark.parametrize("make", ["missing", "folder", "proc-mem"])
def test_missing_and_unreadable_input_files(work, make):
    path = {"missing": work / "nothing.txt", "folder": work / "cwd", "proc-mem": Path("/proc/self/mem")}[make]
    for args in (["scan", "-l", "ru", path], ["check", "-l", "en", path], ["check", "-s", "ru", "-l", "en",
                 BAD / "text" / "target-2-lines.txt", path], ["import", "--format", "csv", path],
                 ["import", "--format", "tbx", path], ["import", "--format", "po", path], ["fmt", path]):
        assert_one_line_error(glossary("-t", work / "base", *args), path)


def test_empty_files_are_empty_not_errors(work):
    empty = BAD / "text" / "empty.txt"
    scanned = glossary("-t", work / "base", "scan", "-l", "ru", empty, "--format", "json")
    assert scanned.returncode == 1 and json.loads(scanned.stdout)["matches"] == []
    checked = glossary("-t", work / "base", "check", "-l", "en", empty, "--format", "json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["issues"] == []


@pytest.mark.parametrize("command", ["scan", "check"])
def test_standard_input_that_is_not_utf8(work, command):
    args = ["scan", "-l", "ru", "-"] if command == "scan" else ["check", "-l", "en", "-"]
    result = glossary("-t", work / "base", *args, stdin="Гиперзвуковая ракета".encode("cp1251"))
    assert "not UTF-8" in assert_one_line_error(result, "<stdin>", line=1)


def test_standard_input_that_is_not_utf8_as_check_source(work):
    result = glossary("-t", work / "base", "check", "-s", "ru", "-l", "en", "-", BAD / "text" / "target-2-lines.txt",
                      stdin="Гиперзвуковая ракета.\nЛазер.\n".encode("cp1251"))
    assert "not UTF-8" in assert_one_line_error(result, "<stdin>", line=1)


def test_bom_and_crlf_text_is_accepted_with_right_lines_and_offsets(work):
    path = BAD / "text" / "bom-crlf.txt"
    result = glossary("-t", work / "base", "scan", "-l", "ru", path, "--format", "json")
    assert result.returncode == 0, stderr_of(result)
    (match,) = json.loads(result.stdout)["matches"]
    text = path.read_bytes().decode("utf-8-sig")
    assert match["concept"] == "hypersonic-missile" and match["line"] == 2
    assert text[match["start"]:match["end"]] == match["text"] == "гиперзвуковая ракета"


def test_bom_and_crlf_pair_is_accepted_and_clean(work):
    result = glossary("-t", work / "base", "check", "-s", "ru", "-l", "en", BAD / "text" / "bom-crlf-source.txt",
                      BAD / "text" / "bom-crlf-target.txt", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["issues"] == [], result.stdout


def test_misaligned_source_and_target(work):
    source, target = BAD / "text" / "source-3-lines.txt", BAD / "text" / "target-2-lines.txt"
    message = assert_one_line_error(glossary("-t", work / "base", "check", "-s", "ru", "-l", "en", source, target),
                                    source, target)
    assert "3" in message and "2" in message


def test_an_enormous_text_is_scanned_whole(work, tmp_path):
    path = tmp_path / "big.txt"
    sentence = "Запущена гиперзвуковая ракета, а лазерное оружие осталось на складе. "
    path.write_text((sentence * 40 + "\n") * 500, encoding="utf-8")  # about 2.6 MB
    result = glossary("-t", work / "base", "scan", "-l", "ru", path, "--format", "json")
    assert result.returncode == 0, stderr_of(result)
    matches = json.loads(result.stdout)["matches"]
    assert len(matches) == 2 * 40 * 500 and matches[-1]["line"] == 500


# --- .po files ----------------------------------------------------------------------------------

PO_IMPORT = {  # file → (line, words of the message); None: accepted
    "truncated.po": (12, "string"),
    "bad-escape.po": (12, "escape"),
    "msgstr-without-msgid.po": (11, "msgid"),
    "garbage-line.po": (12, "syntax"),
    "cp1251-declared-utf8.po": (12, "UTF-8"),
    "binary-mo.po": (None, ".mo"),
    "empty.po": (None, "Language"),
    "plural-index-gap.po": (10, "msgstr["),
    "unknown-language.po": ((1, 3), "xx"),
}


@pytest.mark.parametrize("name", sorted(PO_IMPORT))
def test_malformed_po_import_is_one_line_and_changes_nothing(work, name):
    line, words = PO_IMPORT[name]
    path = BAD / "po" / name
    before = snapshot(work)
    message = assert_one_line_error(glossary("-t", work / "base", "import", path), path, line=line)
    assert words.lower() in message.lower()
    assert snapshot(work) == before


PO_CHECK = {  # file → line (None: the file has none)
    "truncated.po": 12,
    "bad-escape.po": 12,
    "msgstr-without-msgid.po": 11,
    "garbage-line.po": 12,
    "cp1251-declared-utf8.po": 12,
    "binary-mo.po": None,
    "plural-index-gap.po": 10,
}


@pytest.mark.parametrize("name", sorted(PO_CHECK))
def test_malformed_po_check_is_one_line(work, name):
    path = BAD / "po" / name
    assert_one_line_error(glossary("-t", work / "base", "check", path), path, line=PO_CHECK[name])


def test_po_without_language_needs_target_lang(work):
    path = BAD / "po" / "empty.po"
    assert "target" in assert_one_line_error(glossary("-t", work / "base", "check", path), path)


def test_bom_and_crlf_po_is_accepted(work):
    path = BAD / "po" / "bom-crlf.po"
    checked = glossary("-t", work / "base", "check", path, "--format", "json")
    assert checked.returncode == 0 and json.loads(checked.stdout)["issues"] == [], checked.stdout
    before = snapshot(work / "base")
    imported = glossary("-t", work / "base", "import", path)
    assert imported.returncode == 0, stderr_of(imported)
    assert snapshot(work / "base") == before  # the translation is the base's own: nothing to change


def test_a_hostile_plural_forms_header_is_never_evaluated(work):
    path = BAD / "po" / "bad-plural-forms.po"
    result = glossary("-t", work / "base", "import", path)
    assert result.returncode in (0, 1, 2) and "Traceback" not in stderr_of(result)
    if result.returncode == 2:
        assert_one_line_error(result, path)


# --- XLIFF --------------------------------------------------------------------------------------

XLIFF_CASES = {  # file → (line, words)
    "truncated.xlf": (7, "well-formed"),
    "xxe.xlf": (None, "refused"),
    "billion-laughs.xlf": (None, "refused"),
    "external-dtd.xlf": (None, "refused"),
    "not-xliff.xlf": (2, "xliff"),
    "no-languages.xlf": (None, "target"),
    "version-9.xlf": (2, "version"),
    "binary.xlf": (1, "xml"),
}


@pytest.mark.parametrize("name", sorted(XLIFF_CASES))
def test_malformed_and_hostile_xliff(work, name):
    line, words = XLIFF_CASES[name]
    path = BAD / "xliff" / name
    message = assert_one_line_error(glossary("-t", work / "base", "check", path), path, line=line)
    assert words.lower() in message.lower()
    assert "root:" not in message  # /etc/passwd never leaks into a message


def test_bom_and_crlf_xliff_is_accepted(work):
    result = glossary("-t", work / "base", "check", BAD / "xliff" / "bom-crlf.xlf", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["issues"] == [], result.stdout


# --- TBX, CSV, JSON imports ---------------------------------------------------------------------

IMPORT_CASES = {  # file → (line, words)
    "tbx/truncated.tbx": (11, "well-formed"),
    "tbx/martif-truncated.tbx": (4, "well-formed"),
    "tbx/xxe.tbx": (2, "refused"),
    "tbx/billion-laughs.tbx": (2, "refused"),
    "tbx/undeclared-entity.tbx": (9, "nbsp"),
    "tbx/not-tbx.tbx": (2, "not a TBX file"),
    "tbx/binary.tbx": (1, "xml"),
    "tbx/empty.tbx": (None, "empty"),
    "tbx/deep-nesting.tbx": (3, "nested"),
    "tbx/unknown-language.tbx": (11, "xx"),
    "csv/ragged-row.csv": (3, "cells"),
    "csv/no-concept-column.csv": (1, "concept"),
    "csv/unterminated-quote.csv": (3, "csv"),
    "csv/nul-byte.csv": (None, "binary"),
    "csv/binary.csv": (1, "UTF-8"),
    "csv/cp1251.csv": (2, "UTF-8"),
    "csv/bad-status.csv": (2, "approved"),
    "csv/bad-reliability.csv": (2, "high"),
    "csv/unknown-language.csv": (2, "xx"),
    "csv/empty.csv": (1, "header"),
    "csv/path-id-dotdot.csv": (2, "../../escaped"),
    "csv/path-id-absolute.csv": (2, "/etc/passwd"),
    "csv/path-id-slash.csv": (2, "a/b"),
    "csv/path-domain.csv": (2, "../../escaped"),
    "json/truncated.json": (2, "json"),
    "json/deep-nesting.json": (None, "json"),
    "json/wrong-types.json": (None, "concepts"),
    "json/term-wrong-types.json": (None, "text"),
    "json/path-id.json": (None, "../../escaped"),
    "json/nan.json": (None, "version"),
    "json/not-an-object.json": (None, "expected"),
}


@pytest.mark.parametrize("name", sorted(IMPORT_CASES))
def test_malformed_and_hostile_imports_are_one_line_and_change_nothing(work, name):
    line, words = IMPORT_CASES[name]
    path = BAD / name
    before = snapshot(work)
    for extra in ([], ["--dry-run"]):
        result = glossary("-t", work / "base", "import", path, *extra, cwd=work / "cwd")
        message = assert_one_line_error(result, path, line=line)
        assert words.lower() in message.lower()
        assert "root:" not in message
    assert snapshot(work) == before


@pytest.mark.parametrize("name", ["tbx/path-id-dotdot.tbx", "tbx/path-id-absolute.tbx", "tbx/path-id-slash.tbx",
                                  "po/path-msgctxt.po"])
def test_ids_that_look_like_paths_never_write_outside_the_base(work, name):
    before = snapshot(work)
    result = glossary("-t", work / "base", "import", BAD / name, cwd=work / "cwd")
    assert result.returncode in (0, 1, 2) and "Traceback" not in stderr_of(result), stderr_of(result)
    after = snapshot(work)
    assert outside_changes(before, after) == set()
    assert all(re.fullmatch(r"base/(\.cache/.*|\.glossary\.lock|[a-z]+\.yaml)", name) for name in set(after) - set(before))
    assert not [p for p in work.parent.rglob("escaped*")] and not [p for p in work.rglob("passwd")]
    if result.returncode != 2:
        ids = {c.id for c in TermBase.load(work / "base").concepts()}
        assert all(re.fullmatch(r"[a-z][a-z0-9-]*", cid) for cid in ids), ids
        assert glossary("-t", work / "base", "validate").returncode in (0, 1)


@pytest.mark.parametrize("name", ["tbx/bom-crlf.tbx", "csv/bom-crlf.csv", "csv/header-only.csv"])
def test_bom_and_crlf_imports_are_accepted(work, name):
    result = glossary("-t", work / "base", "import", BAD / name)
    assert result.returncode == 0, stderr_of(result)
    for path in (work / "base").glob("*.yaml"):
        data = path.read_bytes()
        assert b"\r" not in data and b"\xef\xbb\xbf" not in data
    assert glossary("-t", work / "base", "validate").returncode == 0
    if name == "csv/bom-crlf.csv":
        base = TermBase.load(work / "base")
        assert [t.text for t in base.concept("laser-weapon").terms["ru"]] == ["лазерное оружие", "лазерная пушка"]


def test_an_enormous_csv_cell(work, tmp_path):
    header = (BAD / "csv" / "header-only.csv").read_text(encoding="utf-8")
    path = tmp_path / "huge.csv"
    path.write_text(header + "laser-weapon,weapons,en," + "x" * 300_000 + ",admitted,,,,,,,,,,,,,,,,,,\n",
                    encoding="utf-8")
    result = glossary("-t", work / "base", "import", path)
    assert result.returncode in (0, 1, 2) and "Traceback" not in stderr_of(result)
    if result.returncode == 2:
        assert_one_line_error(result, path)
    else:
        assert len(max(TermBase.load(work / "base").concept("laser-weapon").terms["en"],
                       key=lambda t: len(t.text)).text) == 300_000


# --- output that cannot be written --------------------------------------------------------------

def test_compile_into_a_folder_below_a_file(work):
    blocker = work / "cwd" / "file"
    blocker.write_text("x")
    before = snapshot(work)
    assert "is a file" in assert_one_line_error(glossary("-t", work / "base", "compile", "-o", blocker / "locales"),
                                                blocker)
    assert_one_line_error(glossary("-t", work / "base", "compile", "-o", blocker), blocker)
    assert snapshot(work) == before


@pytest.mark.parametrize("target", ["/proc/glossary-locales", "/proc/self/glossary-locales"])
def test_compile_into_proc(work, target):
    assert_one_line_error(glossary("-t", work / "base", "compile", "-o", target), target)


@pytest.mark.parametrize("target", ["{cwd}/file/x.tbx", "/proc/x.tbx", "{cwd}", "/proc/self/status"])
def test_export_to_a_path_that_cannot_be_written(work, target):
    (work / "cwd" / "file").write_text("x")
    target = target.format(cwd=work / "cwd")
    before = snapshot(work)
    result = glossary("-t", work / "base", "export", "-o", target, "--format", "tbx")
    assert_one_line_error(result, target if "file/" not in target else work / "cwd" / "file")
    assert snapshot(work) == before


def test_import_when_the_lock_cannot_be_taken(work):
    (work / "base" / ".glossary.lock").mkdir()
    before = snapshot(work)
    result = glossary("-t", work / "base", "import", BAD / "csv" / "bom-crlf.csv")
    assert "lock" in assert_one_line_error(result, work / "base")
    assert snapshot(work) == before


def test_fmt_when_the_lock_cannot_be_taken(work):
    path = work / "base" / "weapons.yaml"
    path.write_bytes(path.read_bytes() + b"\n\n")
    (work / "base" / ".glossary.lock").mkdir()
    before = snapshot(work)
    assert "lock" in assert_one_line_error(glossary("-t", work / "base", "fmt"), work / "base")
    assert snapshot(work) == before


def test_usage_errors_are_one_line_too(work):
    for args in (["no-such-command"], ["stats", "--format", "xml"], ["compile", "-o", BAD / "text" / "empty.txt"],
                 ["lookup"], ["import", work / "cwd"]):
        result = glossary("-t", work / "base", *args)
        assert_one_line_error(result)
