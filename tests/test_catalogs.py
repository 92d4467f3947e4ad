"""glossary compile: catalogs that msgfmt, Python gettext and C gettext (glibc) accept, reproducibly."""
from __future__ import annotations

import gettext
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import glossary
from glossary.catalogs import (PLURAL_SUFFIX, build_catalog, catalog_date, compile_catalogs, render_mo,
                               render_po, write_mo)
from glossary.errors import InputError
from glossary.model import Term
from glossary.plurals import plural_rule
from glossary.termbase import TermBase

from .conftest import FIXTURES, REPO, snapshot

BASE = FIXTURES / "catalogs" / "base"
TARGETS = ("ru", "be", "kk", "ky", "tg", "hy")


def require(tool: str) -> str:
    """The path of a GNU gettext tool; the test fails (never skips) when it is missing."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: install GNU gettext (apt-get install gettext) to run the catalog tests")
    return path


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("locales")
    compile_catalogs(TermBase.load(BASE), out)
    return out


def po_of(out: Path, lang: str) -> Path:
    return out / lang / "LC_MESSAGES" / "glossary.po"


def translations(out: Path, lang: str) -> gettext.GNUTranslations:
    return gettext.translation("glossary", localedir=str(out), languages=[lang])


C_LOOKUP = r"""
import ctypes, json, sys
libc = ctypes.CDLL("libc.so.6")
libc.setlocale.restype = ctypes.c_char_p
assert libc.setlocale(6, b"C.UTF-8"), "no C.UTF-8 locale"
domain, folder = sys.argv[1].encode(), sys.argv[2].encode()
libc.bindtextdomain(domain, folder)
libc.bind_textdomain_codeset(domain, b"UTF-8")
libc.dcgettext.restype = libc.dcngettext.restype = ctypes.c_char_p
libc.dcngettext.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_int]
answers = []
for ctx, msgid, plural, n in json.load(sys.stdin):
    key = (ctx + "\x04" + msgid).encode()
    if plural is None:
        answers.append(libc.dcgettext(domain, key, 5).decode())
    else:
        answers.append(libc.dcngettext(domain, key, plural.encode(), n, 5).decode())
print(json.dumps(answers))
"""


def c_gettext(out: Path, lang: str, queries: list[tuple[str, str, str | None, int]]) -> list[str]:
    """Ask glibc's dcgettext/dcngettext (with context) in a separate process."""
    env = {**os.environ, "LANGUAGE": lang, "LC_ALL": "C.UTF-8"}
    result = subprocess.run([sys.executable, "-c", C_LOOKUP, "glossary", str(out)], input=json.dumps(queries),
                            capture_output=True, text=True, env=env, check=True, timeout=60)
    return json.loads(result.stdout)


def expected_answers(out: Path, lang: str) -> tuple[list, list[str]]:
    """Every entry of a compiled .po (read with polib) as C queries with the expected answers."""
    rule = plural_rule(lang.split("@")[0])
    queries, expected = [], []
    for entry in polib.pofile(str(po_of(out, lang))):
        if entry.msgid_plural:
            for n in (0, 1, 2, 5, 11, 21, 22, 101, 111):
                queries.append((entry.msgctxt, entry.msgid, entry.msgid_plural, n))
                expected.append(entry.msgstr_plural[rule.index(n)])
        else:
            queries.append((entry.msgctxt, entry.msgid, None, 1))
            expected.append(entry.msgstr)
    return queries, expected


# The file set and its validity ------------------------------------------------------------

def test_compile_writes_the_file_set(compiled):
    names = sorted(str(p.relative_to(compiled)) for p in compiled.rglob("*") if p.is_file())
    assert names == sorted(["glossary.pot"] + [f"{lang}/LC_MESSAGES/glossary.{ext}"
                                               for lang in TARGETS for ext in ("po", "mo")])
    assert not [p for p in compiled.rglob(".*")], "temporary files left behind"


@pytest.mark.parametrize("lang", TARGETS)
def test_every_catalog_passes_msgfmt_check(compiled, lang, tmp_path):
    msgfmt = require("msgfmt")
    result = subprocess.run([msgfmt, "--check", "--statistics", "-o", str(tmp_path / "x.mo"),
                             str(po_of(compiled, lang))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


def test_template_passes_msgfmt_check(compiled, tmp_path):
    msgfmt = require("msgfmt")
    result = subprocess.run([msgfmt, "--check", "-o", str(tmp_path / "t.mo"), str(compiled / "glossary.pot")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # a template leaves Language empty on purpose; nothing else may be flagged
    assert [line for line in result.stderr.splitlines() if "'Language'" not in line] == []


@pytest.mark.parametrize("lang", TARGETS)
def test_mo_is_byte_identical_to_msgfmt(compiled, lang, tmp_path):
    msgfmt = require("msgfmt")
    subprocess.run([msgfmt, "-o", str(tmp_path / "m.mo"), str(po_of(compiled, lang))], check=True)
    assert (compiled / lang / "LC_MESSAGES" / "glossary.mo").read_bytes() == (tmp_path / "m.mo").read_bytes()


def test_mo_matches_polib(compiled):
    for lang in TARGETS:
        ours = polib.mofile(str(compiled / lang / "LC_MESSAGES" / "glossary.mo"))
        po = polib.pofile(str(po_of(compiled, lang)))
        pairs = lambda f: sorted((e.msgctxt, e.msgid, e.msgid_plural, e.msgstr,  # noqa: E731
                                  tuple(sorted(e.msgstr_plural.items()))) for e in f)
        assert pairs(ours) == pairs(po) and len(po) > 0


def test_write_mo_sorts_by_the_whole_key_and_hashes_like_msgfmt(tmp_path):
    msgfmt = require("msgfmt")
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgctxt "b"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt "a"\nmsgid "b"\nmsgstr "2"\n\n'
                  'msgid "zz"\nmsgstr "3"\n\nmsgctxt "a-b"\nmsgid "ы"\nmsgstr "4"\n', encoding="utf-8")
    subprocess.run([msgfmt, "-o", str(tmp_path / "x.mo"), str(po)], check=True)
    ours = write_mo([(b"b\x04a", b"1"), (b"a\x04b", b"2"), (b"zz", b"3"), ("a-b\x04ы".encode(), "4".encode()),
                     (b"", b"Content-Type: text/plain; charset=UTF-8\n")])
    assert ours == (tmp_path / "x.mo").read_bytes()
    subprocess.run([msgfmt, "--no-hash", "-o", str(tmp_path / "n.mo"), str(po)], check=True)
    no_hash = write_mo([(b"b\x04a", b"1"), (b"a\x04b", b"2"), (b"zz", b"3"), ("a-b\x04ы".encode(), "4".encode()),
                        (b"", b"Content-Type: text/plain; charset=UTF-8\n")], hash_table=False)
    assert no_hash == (tmp_path / "n.mo").read_bytes()


def test_large_catalog_is_byte_identical_to_msgfmt_and_found_by_c_gettext(tmp_path):
    """3,000 concepts: many hash collisions, so msgfmt's probing must be matched exactly."""
    import random

    from glossary.model import Concept

    rng = random.Random(7)
    letters_en, letters_ru = "abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщэюяё"
    concepts = []
    for i in range(3000):
        en = " ".join("".join(rng.choice(letters_en) for _ in range(rng.randint(3, 9))) for _ in range(2))
        ru = "".join(rng.choice(letters_ru) for _ in range(rng.randint(3, 12)))
        forms = {"one": en, "other": en + "s"} if i % 4 == 0 else {}
        concepts.append(Concept(f"c{i}-{rng.randint(0, 99)}", "weapons", terms={
            "en": [Term(en, "en", pos="noun", forms=forms)],
            "ru": [Term(ru, "ru", pos="noun", forms={"one": ru, "few": ru + "ы", "many": ru + "ов"})]}))
    compile_catalogs(TermBase("x", concepts), tmp_path, langs=["ru"])
    po, mo = po_of(tmp_path, "ru"), tmp_path / "ru" / "LC_MESSAGES" / "glossary.mo"
    subprocess.run([require("msgfmt"), "--check", "-o", str(tmp_path / "m.mo"), str(po)], check=True)
    assert mo.read_bytes() == (tmp_path / "m.mo").read_bytes()
    queries, expected = expected_answers(tmp_path, "ru")
    assert len(queries) > 3000 and c_gettext(tmp_path, "ru", queries) == expected


# Lookups -----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", TARGETS)
def test_python_gettext_finds_every_entry(compiled, lang):
    t = translations(compiled, lang)
    rule = plural_rule(lang)
    entries = polib.pofile(str(po_of(compiled, lang)))
    assert len(entries) >= 3
    for entry in entries:
        if entry.msgid_plural:
            assert entry.msgctxt.endswith(PLURAL_SUFFIX)
            for n in range(0, 130):
                assert t.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n) == \
                    entry.msgstr_plural[rule.index(n)]
        else:
            assert t.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr != entry.msgid


@pytest.mark.parametrize("lang", TARGETS)
def test_c_gettext_finds_every_entry(compiled, lang):
    queries, expected = expected_answers(compiled, lang)
    assert queries
    assert c_gettext(compiled, lang, queries) == expected


def test_hypersonic_missile_in_russian_and_belarusian(compiled):
    ru, be = translations(compiled, "ru"), translations(compiled, "be")
    ctx = "hypersonic-missile" + PLURAL_SUFFIX
    assert [ru.npgettext(ctx, "hypersonic missile", "hypersonic missiles", n) for n in (1, 2, 5, 21, 11)] == [
        "гиперзвуковая ракета", "гиперзвуковые ракеты", "гиперзвуковых ракет", "гиперзвуковая ракета",
        "гиперзвуковых ракет"]
    assert [be.npgettext(ctx, "hypersonic missile", "hypersonic missiles", n) for n in (1, 3, 12, 22)] == [
        "гіпергукавая ракета", "гіпергукавыя ракеты", "гіпергукавых ракет", "гіпергукавыя ракеты"]
    assert ru.pgettext("hypersonic-missile", "hypersonic missile") == "гиперзвуковая ракета"


def test_gettext_command_line_with_context(compiled):
    """The contract of docs/catalogs.md, with GNU gettext's own gettext/ngettext programs."""
    gettext_program, ngettext_program = require("gettext"), require("ngettext")
    env = {**os.environ, "TEXTDOMAINDIR": str(compiled), "LANGUAGE": "ru", "LC_ALL": "C.UTF-8"}

    def run(*args: str) -> str:
        return subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout

    assert run(gettext_program, "-d", "glossary", "-c", "spy", "spy") == "шпион"
    forms = [run(ngettext_program, "-d", "glossary", "-c", "spy#plural", "spy", "spies", str(n)) for n in (1, 2, 5)]
    assert forms == ["шпион", "шпиона", "шпионов"]  # morphology: the ru term has no forms in the base
    env["LANGUAGE"] = "be"
    assert run(ngettext_program, "-d", "glossary", "-c", "hypersonic-missile#plural", "hypersonic missile",
               "hypersonic missiles", "5") == "гіпергукавых ракет"


# Content -----------------------------------------------------------------------------------

def test_entries_comments_and_header(compiled):
    text = po_of(compiled, "ru").read_text(encoding="utf-8")
    po = polib.pofile(text)
    entry = po.find("model agreement", msgctxt="model-agreement")
    assert entry.msgstr == "типовое соглашение"
    assert "Definition (en): A standard agreement text" in entry.comment
    assert "en: preferred, reliability 3 (reliable); source: https://pacsto.org/" in entry.comment
    assert "ru: preferred, reliability 2 (minimum reliability); source: https://www.rbc.ru/" in entry.comment
    assert "Domain: legal" in entry.comment
    names = po.find("Anatoly Vyborny", msgctxt="anatoly-vyborny")
    assert names.msgstr == "Анатолий Выборный" and "transliterate" in names.comment
    assert po.metadata["Language"] == "ru" and po.metadata["X-Source-Language"] == "en"
    assert po.metadata["Plural-Forms"] == plural_rule("ru").header
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_no_duplicate_keys_and_plural_entries_only_for_countable_concepts(compiled):
    for lang in TARGETS:
        entries = polib.pofile(str(po_of(compiled, lang)))
        keys = [(e.msgctxt, e.msgid) for e in entries]
        assert len(keys) == len(set(keys))
        contexts = {e.msgctxt for e in entries}
        assert "espionage#plural" not in contexts and "csto#plural" not in contexts
        for entry in entries:
            if entry.msgid_plural:
                assert entry.msgctxt[: -len(PLURAL_SUFFIX)] in contexts  # always beside its singular entry


def test_catalogs_hold_only_translated_concepts_and_the_template_all(compiled):
    template = polib.pofile(str(compiled / "glossary.pot"))
    assert {e.msgctxt for e in template} >= {"spy", "spy#plural", "espionage", "csto", "model-agreement"}
    assert all(not e.msgstr and not any(e.msgstr_plural.values()) for e in template)
    ky = {e.msgctxt for e in polib.pofile(str(po_of(compiled, "ky")))}
    assert "spy" not in ky and "espionage" in ky  # the fixture has no Kyrgyz term for spy
    hy = {e.msgctxt for e in polib.pofile(str(po_of(compiled, "hy")))}
    assert "model-agreement" not in hy


def test_invariant_languages_repeat_the_term(compiled):
    kk = polib.pofile(str(po_of(compiled, "kk"))).find("hypersonic missile", msgctxt="hypersonic-missile#plural")
    assert kk.msgstr_plural == {0: "гипердыбыстық зымыран", 1: "гипердыбыстық зымыран"}
    assert "forms from invariant" in kk.comment


def test_belarusian_without_forms_gets_no_plural_entry_and_a_note(tmp_path):
    result = compile_catalogs(TermBase.load(BASE), tmp_path, langs=["be"])
    be = {e.msgctxt for e in polib.pofile(str(po_of(tmp_path, "be")))}
    assert "spy" in be and "spy#plural" not in be and "hypersonic-missile#plural" in be
    assert any(note.startswith("spy [be]: no plural forms") for note in result.notes)


def test_min_reliability_filters_both_terms():
    base = TermBase.load(BASE)
    catalog = build_catalog(base, "en", "ru", min_reliability=3)
    assert [e.context for e in catalog.entries] == ["csto"]  # 3 and 3; model-agreement is 3 en, 2 ru
    catalog = build_catalog(base, "en", "ru", min_reliability=2)
    assert {e.context for e in catalog.entries} == {"csto", "member-state", "member-state#plural", "model-agreement",
                                                    "model-agreement#plural", "anatoly-vyborny"}
    with pytest.raises(InputError):
        compile_catalogs(base, "unused", min_reliability=5)


def test_russian_source_language(tmp_path):
    compile_catalogs(TermBase.load(BASE), tmp_path, source_lang="ru", langs=["en"])
    en = gettext.translation("glossary", localedir=str(tmp_path), languages=["en"])
    assert en.pgettext("hypersonic-missile", "гиперзвуковая ракета") == "hypersonic missile"
    assert en.npgettext("spy#plural", "шпион", "шпионы", 3) == "spies"
    template = polib.pofile(str(tmp_path / "glossary.pot"))
    assert template.find("гиперзвуковая ракета", msgctxt="hypersonic-missile#plural").msgid_plural == \
        "гиперзвуковые ракеты"
    assert not (tmp_path / "ru").exists()


def test_script_variants_of_the_base_get_their_own_catalog(tmp_path):
    base = TermBase.load(BASE)
    base.concept("spy").add_term(Term("špijon", "be-Latn", pos="noun"))
    result = compile_catalogs(base, tmp_path)
    po = tmp_path / "be@latin" / "LC_MESSAGES" / "glossary.po"
    assert po in result.files and result.entries["be-Latn"] == 1
    catalog = polib.pofile(str(po))
    assert catalog.metadata["Language"] == "be@latin"
    assert catalog.metadata["Plural-Forms"] == plural_rule("be").header
    t = gettext.translation("glossary", localedir=str(tmp_path), languages=["be@latin"])
    assert t.pgettext("spy", "spy") == "špijon"
    assert c_gettext(tmp_path, "be@latin", [("spy", "spy", None, 1)]) == ["špijon"]


def test_language_options(tmp_path):
    base = TermBase.load(BASE)
    result = compile_catalogs(base, tmp_path, langs=["ru,be", "kk"])
    assert sorted(p.parent.parent.name for p in result.files if p.suffix == ".po") == ["be", "kk", "ru"]
    result = compile_catalogs(base, tmp_path / "latin", langs=["kk-Latn"])
    assert (tmp_path / "latin" / "kk@latin" / "LC_MESSAGES" / "glossary.mo").exists()
    for bad in (["xx"], ["en"], ["ru;be"]):
        with pytest.raises(InputError):
            compile_catalogs(base, tmp_path, langs=bad)


# Reproducibility, atomic writes, --check --------------------------------------------------

def test_two_compiles_give_identical_bytes(tmp_path, compiled):
    compile_catalogs(TermBase.load(BASE), tmp_path / "again")
    assert snapshot(tmp_path / "again") == snapshot(compiled)


def test_header_date_comes_from_source_date_epoch_never_the_clock(tmp_path, monkeypatch):
    base = TermBase.load(BASE)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert "PO-Revision-Date: 1970-01-01 00:00+0000" in render_po(build_catalog(base, "en", "ru"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    po = render_po(build_catalog(base, "en", "ru"))
    assert "POT-Creation-Date: 2026-01-01 00:00+0000" in po
    assert b"POT-Creation-Date" not in render_mo(build_catalog(base, "en", "ru"))  # as msgfmt does
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        catalog_date()


def test_files_are_written_atomically_and_only_when_changed(tmp_path, monkeypatch):
    import glossary.catalogs as catalogs

    calls = []
    real = catalogs.write_files
    monkeypatch.setattr(catalogs, "write_files", lambda files: (calls.extend(files), real(files)))
    base = TermBase.load(BASE)
    first = compile_catalogs(base, tmp_path)
    assert sorted(calls) == sorted(first.files) == sorted(first.written)
    calls.clear()
    second = compile_catalogs(base, tmp_path)
    assert calls == [] and second.written == [] and second.stale == []


def test_an_empty_base_is_refused_and_catalogs_kept(tmp_path):
    base = TermBase.load(BASE)
    compile_catalogs(base, tmp_path / "out")
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    with pytest.raises(InputError, match="no concepts"):
        compile_catalogs(TermBase.load(tmp_path / "mistyped"), tmp_path / "out")
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()} == before


def test_check_names_stale_files_and_writes_nothing(tmp_path):
    base = TermBase.load(BASE)
    compile_catalogs(base, tmp_path)
    assert compile_catalogs(base, tmp_path, check=True).exit_code == 0
    po = po_of(tmp_path, "ru")
    po.write_text(po.read_text(encoding="utf-8").replace("шпион", "разведчик"), encoding="utf-8")
    (tmp_path / "hy" / "LC_MESSAGES" / "glossary.mo").unlink()
    before = snapshot(tmp_path)
    result = compile_catalogs(base, tmp_path, check=True)
    assert result.exit_code == 1
    assert sorted(result.stale) == sorted([po, tmp_path / "hy" / "LC_MESSAGES" / "glossary.mo"])
    assert snapshot(tmp_path) == before


def test_output_that_is_not_a_folder(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(InputError):
        compile_catalogs(TermBase.load(BASE), target)
    with pytest.raises(InputError, match="cannot write"):
        compile_catalogs(TermBase.load(BASE), target / "sub")


def test_api_delegate_accepts_a_folder(tmp_path):
    result = glossary.compile_catalogs(str(BASE), tmp_path, langs=["hy"])
    assert result.entries["hy"] >= 3 and (tmp_path / "hy" / "LC_MESSAGES" / "glossary.mo").exists()
    assert result.as_dict()["catalogs"]["hy"]["entries"] == result.entries["hy"]


# The command line ------------------------------------------------------------------------

def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GLOSSARY_TERMBASE"}
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def test_cli_compile_check_and_json(tmp_path):
    out = tmp_path / "locales"
    result = run_cli("--termbase", str(BASE), "compile", "--out", str(out), "--lang", "ru,be", "--lang", "hy")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["be", "glossary.pot", "hy", "ru"]
    result = run_cli("--termbase", str(BASE), "compile", "--out", str(out), "--lang", "ru,be,hy", "--check",
                     "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["stale"] == []
    (out / "be" / "LC_MESSAGES" / "glossary.po").write_text("stale", encoding="utf-8")
    result = run_cli("--termbase", str(BASE), "compile", "--out", str(out), "--lang", "ru,be,hy", "--check")
    assert result.returncode == 1
    assert result.stdout.strip() == f"{out / 'be' / 'LC_MESSAGES' / 'glossary.po'}: stale"
    assert (out / "be" / "LC_MESSAGES" / "glossary.po").read_text() == "stale"
    data = json.loads(run_cli("--termbase", str(BASE), "compile", "--out", str(out), "--lang", "ru,be,hy",
                              "--check", "--format", "json").stdout)
    assert data["check"] is True and len(data["stale"]) == 1 and data["catalogs"]["ru"]["plural"] >= 3


def test_cli_bad_output_and_language_are_one_line_exit_2(tmp_path):
    (tmp_path / "file").write_text("x")
    for args in (["--out", str(tmp_path / "file" / "sub")], ["--lang", "xx"], ["--min-reliability", "9"]):
        result = run_cli("--termbase", str(BASE), "compile", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
    result = run_cli("--termbase", str(BASE), "compile", "--out", str(tmp_path / "file" / "sub"))
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write" in result.stderr


def test_cli_default_out_is_locales_in_the_working_folder(tmp_path):
    result = run_cli("--termbase", str(BASE), "compile", "--lang", "tg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "locales" / "tg" / "LC_MESSAGES" / "glossary.mo").exists()


# The bundled base and the committed locales/ ---------------------------------------------------

@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled")
    env_date = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        compile_catalogs(glossary.load(), out)
    finally:
        if env_date is not None:
            os.environ["SOURCE_DATE_EPOCH"] = env_date
    return out


def test_committed_locales_are_up_to_date(bundled):
    committed = REPO / "locales"
    assert committed.is_dir(), "locales/ is missing: run `glossary compile` at the top of the checkout"
    ours = snapshot(bundled)
    theirs = {k: v for k, v in snapshot(committed).items() if not Path(k).name.startswith(".")}
    stale = sorted(set(ours) ^ set(theirs) | {k for k in set(ours) & set(theirs) if ours[k] != theirs[k]})
    assert not stale, f"locales/ is stale ({', '.join(stale)}): run `glossary compile` at the top of the checkout"


def test_bundled_catalogs_are_valid_everywhere(bundled, tmp_path):
    msgfmt = require("msgfmt")
    langs = sorted(p.name for p in bundled.iterdir() if p.is_dir())
    assert set(langs) >= set(TARGETS)
    for lang in langs:
        po = po_of(bundled, lang)
        result = subprocess.run([msgfmt, "--check", "-o", str(tmp_path / "x.mo"), str(po)], capture_output=True,
                                text=True)
        assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
        assert (tmp_path / "x.mo").read_bytes() == (po.parent / "glossary.mo").read_bytes()
        queries, expected = expected_answers(bundled, lang)
        assert len(queries) > (20 if lang in TARGETS else 0)
        assert c_gettext(bundled, lang, queries) == expected
        t = translations(bundled, lang)
        for (ctx, msgid, plural, n), answer in zip(queries, expected):
            assert (t.npgettext(ctx, msgid, plural, n) if plural else t.pgettext(ctx, msgid)) == answer
    ru = translations(bundled, "ru")
    assert [ru.npgettext("hypersonic-missile#plural", "hypersonic missile", "hypersonic missiles", n)
            for n in (1, 2, 5, 21, 11)] == ["гиперзвуковая ракета", "гиперзвуковые ракеты", "гиперзвуковых ракет",
                                             "гиперзвуковая ракета", "гиперзвуковых ракет"]


def test_text_a_catalog_cannot_carry_is_refused_with_its_place(tmp_path):
    from glossary.model import Concept

    def base(term_text: str, definition: str = "A spy.") -> TermBase:
        return TermBase("x", [Concept("spy", "security", definition={"en": definition}, file="security.yaml", line=3,
                                      terms={"en": [Term("spy", "en")], "ru": [Term(term_text, "ru", line=9)]})])

    for bad in ("шпи\nон", "шпион\x00", "шпион\u2028", "\tшпион"):
        with pytest.raises(InputError, match="control character") as error:
            compile_catalogs(base(bad), tmp_path, langs=["ru"])
        assert str(error.value).startswith("security.yaml:9: spy [ru]")
    # a definition is only a comment: odd characters become spaces, the catalog stays valid
    compile_catalogs(base("шпион", "A spy\x1ewho\u2028spies.\nSecond line."), tmp_path, langs=["ru"])
    po = polib.pofile((po_of(tmp_path, "ru")).read_text(encoding="utf-8"))
    assert po.find("spy", msgctxt="spy").comment.splitlines()[:2] == ["Definition (en): A spy who spies.",
                                                                      "Second line."]
    subprocess.run([require("msgfmt"), "--check", "-o", os.devnull, str(po_of(tmp_path, "ru"))], check=True)
