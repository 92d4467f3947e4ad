"""Translated .po files back into the base: new terms, conflicts, skipped entries, bad files."""
from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from glossary.catalogs import compile_catalogs
from glossary.errors import InputError
from glossary.poimport import import_po, parse_po, read_po, translator_name
from glossary.termbase import TermBase
from glossary.validate import validate

from .conftest import FIXTURES, snapshot

HEADER = ('msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Last-Translator: Aida Translator <aida@example.org>\\n"\n'
          '"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {plural}\\n"\n\n')
RU_PLURAL = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    target = tmp_path / "base"
    shutil.copytree(FIXTURES / "catalogs" / "base", target)
    return target


def write_po(tmp_path: Path, body: str, lang: str = "ru", plural: str = RU_PLURAL, name: str = "t.po") -> Path:
    path = tmp_path / name
    path.write_text(HEADER.format(lang=lang, plural=plural) + body, encoding="utf-8")
    return path


def terms(folder: Path, cid: str, lang: str) -> list[tuple[str, str]]:
    return [(t.text, t.status) for t in TermBase.load(folder).concept(cid).terms.get(lang, [])]


def test_round_trip_compile_translate_import_compile(base_dir, tmp_path):
    """A Kyrgyz translator fills the template; the next compile carries the new term."""
    out = tmp_path / "locales"
    compile_catalogs(TermBase.load(base_dir), out)
    template = polib.pofile(str(out / "glossary.pot"))
    template.metadata.update({"Language": "ky", "Last-Translator": "Aida Translator <aida@example.org>",
                              "Plural-Forms": "nplurals=2; plural=(n != 1);"})
    for entry in template:
        if entry.msgctxt == "spy":
            entry.msgstr = "тыңчы"
        elif entry.msgctxt == "spy#plural":
            entry.msgstr_plural = {0: "тыңчы", 1: "тыңчы"}
    translated = tmp_path / "ky.po"
    template.save(str(translated))

    report = import_po(TermBase.load(base_dir), translated)
    assert report.added == ["spy [ky] тыңчы: new term (preferred)"]
    assert report.conflicts == [] and report.skipped == [] and report.exit_code == 0
    assert [p.name for p in report.written] == ["security.yaml"]
    term = TermBase.load(base_dir).concept("spy").terms["ky"][0]
    assert (term.text, term.status, term.reliability, term.source, term.pos, term.forms) == (
        "тыңчы", "preferred", 1, "Aida Translator", "noun", {})
    assert validate(base_dir) == []

    result = compile_catalogs(TermBase.load(base_dir), out)
    assert sorted(p.name for p in result.written) == ["glossary.mo", "glossary.po"]
    ky = polib.pofile(str(out / "ky" / "LC_MESSAGES" / "glossary.po"))
    assert ky.find("spy", msgctxt="spy").msgstr == "тыңчы"
    assert ky.find("spy", msgctxt="spy#plural").msgstr_plural == {0: "тыңчы", 1: "тыңчы"}


def test_importing_an_untouched_catalog_changes_nothing(base_dir, tmp_path):
    out = tmp_path / "locales"
    compile_catalogs(TermBase.load(base_dir), out)
    before = snapshot(base_dir)
    for lang in ("ru", "be", "kk", "ky", "tg", "hy"):
        report = import_po(TermBase.load(base_dir), out / lang / "LC_MESSAGES" / "glossary.po")
        assert report.lines() == [] and report.written == [], lang
    assert snapshot(base_dir) == before


def test_a_different_preferred_term_is_a_conflict_never_an_overwrite(base_dir, tmp_path):
    out = tmp_path / "locales"
    compile_catalogs(TermBase.load(base_dir), out, langs=["ru"])
    po = out / "ru" / "LC_MESSAGES" / "glossary.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "гиперзвуковая ракета"',
                                                         'msgstr "гиперзвуковой снаряд"'), encoding="utf-8")
    report = import_po(TermBase.load(base_dir), po)
    assert report.conflicts == ["hypersonic-missile [ru] гиперзвуковой снаряд: the base prefers "
                                "'гиперзвуковая ракета'; added as admitted"]
    assert report.exit_code == 1
    assert terms(base_dir, "hypersonic-missile", "ru") == [("гиперзвуковая ракета", "preferred"),
                                                          ("гиперзвуковой снаряд", "admitted")]
    compile_catalogs(TermBase.load(base_dir), out, langs=["ru"])
    assert polib.pofile(str(po)).find("hypersonic missile", msgctxt="hypersonic-missile").msgstr == \
        "гиперзвуковая ракета"


def test_forbidden_term_is_reported_and_left_alone(base_dir, tmp_path):
    body = 'msgctxt "model-agreement"\nmsgid "типовое соглашение"\nmsgstr "typographical agreement"\n'
    path = write_po(tmp_path, body, lang="en", plural="nplurals=2; plural=(n != 1);")
    before = snapshot(base_dir)
    report = import_po(TermBase.load(base_dir), path)
    assert report.conflicts == ["model-agreement [en] typographical agreement: the base marks this term forbidden; "
                                "the base prefers 'model agreement' (not changed)"]
    assert report.added == [] and snapshot(base_dir) == before


def test_fuzzy_unknown_and_contextless_entries_are_skipped(base_dir, tmp_path):
    body = ('#, fuzzy\nmsgctxt "spy"\nmsgid "spy"\nmsgstr "разведчик"\n\n'
            'msgctxt "no-such-concept"\nmsgid "x"\nmsgstr "икс"\n\n'
            'msgid "Open"\nmsgstr "Открыть"\n\n'
            'msgctxt "espionage"\nmsgid "espionage"\nmsgstr ""\n\n'
            '#~ msgctxt "spy"\n#~ msgid "spy"\n#~ msgstr "лазутчик"\n')
    path = write_po(tmp_path, body)
    before = snapshot(base_dir)
    report = import_po(TermBase.load(base_dir), path)
    assert report.skipped == ["spy [ru]: fuzzy entry at t.po:9 not imported",
                              "t.po:13: unknown concept 'no-such-concept'",
                              "t.po:17: 'Open' has no msgctxt (not a glossary entry)"]
    assert report.added == report.conflicts == [] and report.exit_code == 1
    assert snapshot(base_dir) == before


def test_dry_run_reports_the_same_and_changes_nothing(base_dir, tmp_path):
    body = 'msgctxt "model-agreement"\nmsgid "model agreement"\nmsgstr "տիպային համաձայնագիր"\n'
    path = write_po(tmp_path, body, lang="hy", plural="nplurals=2; plural=(n > 1);")
    before = snapshot(base_dir)
    base = TermBase.load(base_dir)
    dry = import_po(base, path, dry_run=True)
    assert dry.added == ["model-agreement [hy] տիպային համաձայնագիր: new term (preferred)"] and dry.written == []
    assert snapshot(base_dir) == before and "hy" not in base.concept("model-agreement").terms
    real = import_po(TermBase.load(base_dir), path)
    assert real.added == dry.added and len(real.written) == 1
    assert terms(base_dir, "model-agreement", "hy") == [("տիպային համաձայնագիր", "preferred")]


def test_plural_forms_come_back_into_the_base(base_dir, tmp_path):
    """Belarusian has no morphology: the translator's forms make the plural entry possible."""
    body = ('msgctxt "spy#plural"\nmsgid "spy"\nmsgid_plural "spies"\n'
            'msgstr[0] "шпіён"\nmsgstr[1] "шпіёны"\nmsgstr[2] "шпіёнаў"\n')
    path = write_po(tmp_path, body, lang="be")
    report = import_po(TermBase.load(base_dir), path)
    assert report.changed == ["spy [be] шпіён: form one added (шпіён)", "spy [be] шпіён: form few added (шпіёны)",
                              "spy [be] шпіён: form many added (шпіёнаў)"]
    assert TermBase.load(base_dir).concept("spy").terms["be"][0].forms == {"one": "шпіён", "few": "шпіёны",
                                                                          "many": "шпіёнаў"}
    assert validate(base_dir) == []
    out = tmp_path / "locales"
    result = compile_catalogs(TermBase.load(base_dir), out, langs=["be"])
    assert not any(note.startswith("spy [be]") for note in result.notes)
    entry = polib.pofile(str(out / "be" / "LC_MESSAGES" / "glossary.po")).find("spy", msgctxt="spy#plural")
    assert entry.msgstr_plural == {0: "шпіён", 1: "шпіёны", 2: "шпіёнаў"}


def test_plural_forms_that_differ_from_curated_ones_are_conflicts(base_dir, tmp_path):
    body = ('msgctxt "hypersonic-missile#plural"\nmsgid "hypersonic missile"\nmsgid_plural "hypersonic missiles"\n'
            'msgstr[0] "гиперзвуковая ракета"\nmsgstr[1] "гиперзвуковых ракеты"\nmsgstr[2] "гиперзвуковых ракет"\n')
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, body))
    assert report.conflicts == ["hypersonic-missile [ru] гиперзвуковая ракета: form few is 'гиперзвуковые ракеты' "
                                "in the base, 'гиперзвуковых ракеты' in the import (kept 'гиперзвуковые ракеты')"]
    assert report.written == []


def test_morphology_forms_are_not_copied_but_corrections_are(base_dir, tmp_path):
    same = ('msgctxt "spy#plural"\nmsgid "spy"\nmsgid_plural "spies"\n'
            'msgstr[0] "шпион"\nmsgstr[1] "шпиона"\nmsgstr[2] "шпионов"\n')
    assert import_po(TermBase.load(base_dir), write_po(tmp_path, same)).lines() == []
    corrected = same.replace("шпионов", "шпионов!")
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, corrected))
    assert TermBase.load(base_dir).concept("spy").terms["ru"][0].forms == {"one": "шпион", "few": "шпиона",
                                                                          "many": "шпионов!"}
    assert len(report.changed) == 3


def test_catalog_plural_forms_are_mapped_onto_the_pinned_categories(base_dir, tmp_path):
    # a tool that wrote Babel's form of the Russian rule: same categories, different text
    babel_ru = ("nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
                "(n % 100 < 12 || n % 100 > 14) ? 1 : 2);")
    body = ('msgctxt "spy#plural"\nmsgid "spy"\nmsgid_plural "spies"\n'
            'msgstr[0] "шпіён"\nmsgstr[1] "шпіёны"\nmsgstr[2] "шпіёнаў"\n')
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, body, lang="be", plural=babel_ru))
    assert len(report.changed) == 3 and report.skipped == []
    # two forms cannot carry Russian's three categories
    body = 'msgctxt "spy#plural"\nmsgid "spy"\nmsgid_plural "spies"\nmsgstr[0] "шпион"\nmsgstr[1] "шпионы"\n'
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, body, plural="nplurals=2; plural=(n != 1);"))
    assert report.skipped and "do not map" in report.skipped[0] and report.written == []
    # Kazakh with a single form: fine, nothing to store
    body = 'msgctxt "spy#plural"\nmsgid "spy"\nmsgid_plural "spies"\nmsgstr[0] "тыңшы"\n'
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, body, lang="kk", plural="nplurals=1; plural=0;"))
    assert report.lines() == []


def test_language_header_variants(base_dir, tmp_path):
    body = 'msgctxt "model-agreement"\nmsgid "model agreement"\nmsgstr "տիպային համաձայնագիր"\n'
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, body, lang="hy_AM", plural="nplurals=1; plural=0;"),
                       dry_run=True)
    assert report.added == ["model-agreement [hy] տիպային համաձայնագիր: new term (preferred)"]
    for lang, message in (("", "no Language header"), ("de", "not a language of the base")):
        with pytest.raises(InputError, match=message) as error:
            import_po(TermBase.load(base_dir), write_po(tmp_path, body, lang=lang))
        assert str(error.value).startswith(f"{tmp_path / 't.po'}:1: ")


def test_translator_name():
    assert translator_name("Aida Translator <aida@example.org>") == "Aida Translator"
    assert translator_name("<aida@example.org>") == "aida@example.org"
    assert translator_name("FULL NAME <EMAIL@ADDRESS>") is None
    assert translator_name("glossary compile") is None and translator_name(None) is None


@pytest.mark.parametrize("body, line, message", [
    ('msgctxt "spy"\nmsgid "spy"\nmsgstr "шпион\n', 10, "quoted string"),
    ('msgctxt "spy"\nmsgid "spy"\n\nmsgctxt "espionage"\nmsgid "espionage"\nmsgstr "шпионаж"\n', 8, "without msgstr"),
    ('msgctxt "spy"\nmsgid "spy"\nmsgstr "a"\n\nmsgctxt "spy"\nmsgid "spy"\nmsgstr "b"\n', 12, "duplicate"),
    ('msgctxt "spy"\nmsgid "spy"\nmsgstr[0] "a"\n', 10, "msgid_plural"),
    ('msgctxt "spy"\nmsgid "spy"\nmsgstr "a\\q"\n', 10, "escape"),
    ('msgctxt "spy"\nmsgid "spy"\nmsgstr "a"\nhello\n', 11, "not .po syntax"),
    ('msgctxt "spy"\nmsgid "spy"\nmsgid_plural "spies"\nmsgstr[0] "a"\nmsgstr[2] "b"\n', 8, "indexes"),
])
def test_malformed_files_name_the_file_and_line(base_dir, tmp_path, body, line, message):
    path = write_po(tmp_path, body)
    before = snapshot(base_dir)
    with pytest.raises(InputError, match=message) as error:
        import_po(TermBase.load(base_dir), path)
    assert str(error.value).startswith(f"{path}:{line}: ")
    assert snapshot(base_dir) == before


def test_unreadable_inputs(tmp_path, base_dir):
    mo = tmp_path / "x.mo"
    compile_catalogs(TermBase.load(base_dir), tmp_path / "l", langs=["ru"])
    shutil.copy(tmp_path / "l" / "ru" / "LC_MESSAGES" / "glossary.mo", mo)
    with pytest.raises(InputError, match=".mo file"):
        read_po(mo)
    with pytest.raises(InputError, match="cannot read"):
        read_po(tmp_path / "missing.po")
    bad = tmp_path / "bad.po"
    bad.write_bytes(HEADER.format(lang="ru", plural=RU_PLURAL).encode() + b'msgid "a"\nmsgstr "\xff"\n')
    with pytest.raises(InputError, match="not valid UTF-8") as error:
        read_po(bad)
    assert str(error.value).startswith(f"{bad}:9: ")


def test_parser_reads_what_gettext_tools_write():
    text = ('# translator comment\nmsgid ""\nmsgstr ""\n"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=0;\\n"\n\n'
            '#. extracted\n#: file.c:1\n#, fuzzy, c-format\n#| msgctxt "old"\n#| msgid "old"\n'
            'msgctxt ""\n"spl"\n"it"\nmsgid ""\n"long "\n"text"\nmsgstr "a\\tb\\n\\"c\\" \\\\ \\101"\n\n'
            'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "x"\nmsgstr[1] ""\n"y"\nmsgstr[2] "z"\n\n'
            '#~ msgid "gone"\n#~ msgstr "old"\n')
    po = parse_po(text, "x.po")
    assert po.header == {"Language": "ru", "Plural-Forms": "nplurals=3; plural=0;"}
    first, second, third = po.entries
    assert (first.msgctxt, first.msgid, first.msgstr, first.fuzzy, first.line) == (
        "split", "long text", 'a\tb\n"c" \\ A', True, 12)
    assert second.msgstr_plural == {0: "x", 1: "y", 2: "z"} and second.msgid_plural == "many"
    assert third.obsolete and third.msgid == "gone"


def test_plural_entries_with_missing_forms_and_blank_terms(base_dir, tmp_path):
    body = ('msgctxt "spy#plural"\nmsgid "spy"\nmsgid_plural "spies"\nmsgstr[0] "шпіён"\nmsgstr[1] "шпіёны"\n\n'
            'msgctxt "espionage"\nmsgid "espionage"\nmsgstr "   "\n\n'
            'msgctxt "hypersonic-missile#plural"\nmsgid "hypersonic missile"\nmsgid_plural "hypersonic missiles"\n'
            'msgstr[0] "гіпергукавая ракета"\nmsgstr[1] ""\nmsgstr[2] "гіпергукавых ракет"\n')
    before = snapshot(base_dir)
    report = import_po(TermBase.load(base_dir), write_po(tmp_path, body, lang="be"))
    assert report.skipped == ["spy [be]: incomplete plural forms at t.po:8 (3 expected); not imported",
                              "hypersonic-missile [be]: incomplete plural forms at t.po:18 (3 expected); not imported"]
    assert report.added == [] and snapshot(base_dir) == before
