"""glossary check: terminology QA of translations — every rule, precision, inputs, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.check import RULES, check_file, check_files, guess_language, suppressions
from glossary.errors import InputError
from glossary.model import Concept, Term
from glossary.termbase import TermBase

from .test_scan import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "check"
BASE = FIXTURES / "termbase"
ARTICLE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "csto-new-weapons.en.txt"


@pytest.fixture(scope="module")
def base() -> TermBase:
    return TermBase.load(BASE)


def rules(issues) -> list[tuple[int, str]]:
    return [(i.line, i.rule) for i in issues]


# -- the rules, on a plain-text pair ----------------------------------------------------------------

def test_plain_pair_reports_each_rule(base):
    issues = check_files(base, FIXTURES / "ru-en.ru.txt", FIXTURES / "ru-en.en.txt", "ru", "en")
    assert rules(issues) == [(1, "untranslated-script"), (1, "forbidden-term"), (2, "deprecated-term"),
                             (3, "forbidden-term"), (4, "do-not-translate"), (6, "forbidden-term"), (7, "missing-term")]
    by_rule = {(i.line, i.rule): i for i in issues}
    vyborny = by_rule[1, "untranslated-script"]
    assert (vyborny.found, vyborny.expected, vyborny.concept, vyborny.column) == ("Выборный", "Vyborny", "anatoly-vyborny", 9)
    assert "romanised: Vybornyy" in vyborny.message
    assert (by_rule[1, "forbidden-term"].found, by_rule[1, "forbidden-term"].expected) == ("ODKB", "CSTO")
    assert by_rule[2, "deprecated-term"].severity == "warning"
    assert by_rule[2, "deprecated-term"].expected == "hypersonic missile"
    assert (by_rule[3, "forbidden-term"].found, by_rule[3, "forbidden-term"].expected) == (
        "(typographical) Agreement", "model agreement")
    assert by_rule[4, "do-not-translate"].expected == "Andrei Serdyukov"
    assert by_rule[6, "forbidden-term"].expected == "Collective Security Council"
    missing = by_rule[7, "missing-term"]
    assert (missing.concept, missing.found, missing.expected) == ("armenia", "Армении", "Armenia")
    assert all(i.path == str(FIXTURES / "ru-en.en.txt") for i in issues)
    assert str(missing) == f"{FIXTURES / 'ru-en.en.txt'}:7: missing-term: {missing.message}"


def test_correct_translation_is_clean(base):
    assert check_files(base, FIXTURES / "ru-en.ru.txt", FIXTURES / "ru-en.clean.en.txt", "ru", "en") == []


@pytest.mark.parametrize("source_lang, target_lang, source, target", [
    ("en", "ru", "The CSTO discussed hypersonic missiles and laser weapons.",
     "Организация Договора о коллективной безопасности обсудила гиперзвуковые ракеты и лазерное оружие."),
    ("en", "ru", "The CSTO deployed peacekeeping forces to Armenia.",
     "ОДКБ направила миротворческие силы в Армению."),
    ("ru", "kk", "Представители Казахстана и ОДКБ обсудили гиперзвуковые ракеты.",
     "Қазақстан мен ҰҚШҰ өкілдері гипердыбыстық зымырандарды талқылады."),
    ("ru", "kk", "Миротворческие силы ОДКБ прибыли в Казахстан.",
     "Ұжымдық қауіпсіздік туралы шарт ұйымының бітімгершілік күштері Қазақстанға келді."),
    ("ru", "ky", "Государства-члены ОДКБ обсудили коллективную безопасность в Казахстане.",
     "ЖККУнун мүчө-мамлекеттери Казакстанда жамааттык коопсуздук маселелерин талкуулашты."),
    ("ru", "hy", "Государства-члены ОДКБ обсудили гиперзвуковые ракеты в Армении.",
     "ՀԱՊԿ-ի անդամ պետությունները Հայաստանում քննարկեցին հիպերձայնային հրթիռների հարցը։"),
    ("ru", "be", "Россия и Белоруссия обсудили коллективную безопасность.",
     "Расія і Беларусь абмеркавалі калектыўную бяспеку."),
    ("ru", "tg", "Россия и Казахстан обсудили коллективную безопасность.",
     "Русия ва Қазоқистон амнияти дастҷамъиро муҳокима карданд."),
    ("ru", "en", "Обсудили модельное соглашение; Выборного поддержали в Объединённом штабе ОДКБ.",
     "They discussed the standard agreement; Vyborny was backed by the CSTO Joint Staff."),
    ("ru", "en", "В Белоруссии задержан шпион, обвинённый в шпионаже.",
     "A spy accused of spying was detained in Belarus."),
])
def test_inflected_and_admitted_translations_pass(base, source_lang, target_lang, source, target):
    assert base.check(source, target, source_lang, target_lang) == []


@pytest.mark.parametrize("source_lang, target_lang, source, target, expected", [
    ("ru", "kk", "Представители ОДКБ обсудили гиперзвуковые ракеты.", "Өкілдер зымырандарды талқылады.",
     [("missing-term", "csto"), ("missing-term", "hypersonic-missile")]),
    ("ru", "hy", "ОДКБ обсудила безопасность Армении.", "ОДКБ-ն քննարկել է Армении անվտանգությունը։",
     [("untranslated-script", "csto"), ("untranslated-script", "armenia")]),
    ("en", "ru", "The CSTO held talks in Kazakhstan.", "CSTO провела переговоры в Казахстане.",
     [("untranslated-script", "csto")]),
    ("ru", "be", "Россия обсудила коллективную безопасность.", "Расія абмеркавала коллективную безопасность.",
     [("untranslated-script", "collective-security")]),  # reported once: the Russian words left in
    ("ru", "tg", "ОДКБ и Казахстан.", "СААД ва Қазоқистон.", []),
    ("ru", "ky", "Гиперзвуковые ракеты ОДКБ.", "ЖККУнун ракеталары.", [("missing-term", "hypersonic-missile")]),
])
def test_rules_fire_in_other_languages(base, source_lang, target_lang, source, target, expected):
    assert [(i.rule, i.concept) for i in base.check(source, target, source_lang, target_lang)] == expected


def test_untranslated_script_suggestions(base):
    [unknown] = base.check(None, "The meeting was held in Москва.", None, "en")
    assert (unknown.rule, unknown.found, unknown.expected, unknown.concept) == (
        "untranslated-script", "Москва", "Moskva", None)
    # a form of a known name: the word of the target name, aligned (no short form in the base)
    [name] = base.check(None, "Сердюкова supported it.", None, "en")
    assert (name.expected, name.concept) == ("Serdyukov", "andrei-serdyukov")
    # a whole term left in the source language
    [term] = base.check(None, "They use гиперзвуковые ракеты now.", None, "en")
    assert (term.found, term.expected) == ("гиперзвуковые ракеты", "hypersonic missile")
    # Kazakh letters are romanised as Kazakh
    [kazakh] = base.check(None, "In Ақтөбе.", None, "en")
    assert kazakh.expected == "Aqtöbe"
    # Armenian script in a Russian text; Latin names and codes are normal in any text
    assert [i.found for i in base.check(None, "Встреча в Երևան, NATO и iPhone 15, Москва.", None, "ru")] == ["Երևան"]
    # a Latin phrase left untranslated in a Cyrillic target
    assert rules(base.check(None, "Затем the organization held a meeting.", None, "ru")) == [(1, "untranslated-script")]


def test_do_not_translate(base):
    source = "Андрей Сердюков выступил."
    assert rules(base.check(source, "Andrew Serdyukov spoke.", "ru", "en")) == [(1, "do-not-translate")]
    assert base.check(source, "Andrei Serdyukov spoke.", "ru", "en") == []
    # kept as written is not a translation (the rule for scripts reports it where that is wrong)
    assert base.check(source, "Андрей Сердюков сөз сөйледі.", "ru", "kk") == []
    # no target name in the base: the romanisation (any common spelling) is accepted
    name_only = TermBase("x", [Concept("ivan-petrov", "people", terms={
        "ru": [Term("Иван Петров", "ru", pos="properNoun", translate=False)]})])
    assert name_only.check("Иван Петров выступил.", "Ivan Petrov spoke.", "ru", "en") == []
    [issue] = name_only.check("Иван Петров выступил.", "John Stone spoke.", "ru", "en")
    assert (issue.rule, issue.expected) == ("do-not-translate", "Ivan Petrov")


# -- precision ----------------------------------------------------------------------------------

def test_forbidden_term_inside_a_longer_correct_term_does_not_fire(base):
    assert base.check(None, "The Collective Security Council met.", None, "en") == []
    source = "Совет коллективной безопасности собрался."
    assert base.check(source, "The Collective Security Council met.", "ru", "en") == []


def test_forbidden_words_that_are_another_concepts_term(base):
    # "Security Council" is also the UN Security Council: without a source it is not flagged ...
    assert base.check(None, "The Security Council met.", None, "en") == []
    assert base.check("Совет Безопасности ООН собрался.", "The Security Council met.", "ru", "en") == []
    # ... but where the source names the CSTO body, it is the forbidden short form
    issues = base.check("Совет коллективной безопасности собрался.", "The Security Council met.", "ru", "en")
    assert [(i.rule, i.concept) for i in issues] == [("forbidden-term", "collective-security-council")]


def test_case_sensitive_forbidden_acronym(base):
    assert base.check(None, "Odkb is a word here.", None, "en") == []
    assert rules(base.check(None, "The ODKB met.", None, "en")) == [(1, "forbidden-term")]


def test_markup_and_placeholders_are_not_prose(base):
    target = "См. https://en.odkb-csto.org/news: <b>ОДКБ</b>, %(name)s, {count} и &amp;."
    assert base.check("See the CSTO news, %(name)s, {count} &amp;.", target, "en", "ru") == []


# -- suppression, modes, options ----------------------------------------------------------------------

def test_inline_suppression_on_plain_text_lines(base):
    source = "ОДКБ\nОДКБ\nОДКБ"
    target = "the ODKB  # glossary: ignore\nthe ODKB <!-- glossary: ignore=missing-term -->\nthe ODKB"
    issues = base.check(source, target, "ru", "en")
    assert rules(issues) == [(2, "forbidden-term"), (3, "forbidden-term")]
    assert suppressions("x glossary: ignore=missing-term,forbidden-term") == {"missing-term", "forbidden-term"}


def test_target_only_mode_runs_only_the_rules_without_source(base):
    issues = base.check(None, "The ODKB\nAnatoly Выборный\nByelorussia\nNothing here", None, "en")
    assert rules(issues) == [(1, "forbidden-term"), (2, "untranslated-script"), (3, "deprecated-term")]


def test_rules_can_be_switched_off(base):
    issues = base.check(None, "The ODKB and Выборный", None, "en", rules=["untranslated-script"])
    assert rules(issues) == [(1, "untranslated-script")]
    with pytest.raises(InputError, match="unknown rule"):
        base.check(None, "x", None, "en", rules=["spelling"])


def test_severities_are_stable():
    assert RULES == {"missing-term": "error", "forbidden-term": "error", "deprecated-term": "warning",
                     "untranslated-script": "error", "do-not-translate": "error"}


def test_guess_language():
    assert [guess_language(w, "Cyrl") for w in ("Москва", "Ақтөбе", "Бишкек", "Душанбе ҳам", "Гродна ў")] == [
        "ru", "kk", "ru", "tg", "be"]
    assert guess_language("Երևան", "Armn") == "hy"


# -- bilingual files --------------------------------------------------------------------------------

def test_po_file(base):
    issues = check_file(base, FIXTURES / "ru-kk.po")
    assert [(i.line, i.rule, i.concept) for i in issues] == [
        (24, "missing-term", "hypersonic-missile"), (35, "missing-term", "member-state"),
        (50, "missing-term", "espionage")]  # Армениядағы is a form of Армения


def test_xliff_files(base):
    assert [(i.line, i.rule, i.concept) for i in check_file(base, FIXTURES / "en-ru.xlf")] == [
        (11, "untranslated-script", "csto"), (35, "missing-term", "espionage")]
    issues = check_file(base, FIXTURES / "ru-hy.xlf")
    assert [(i.line, i.rule, i.concept) for i in issues] == [
        (11, "missing-term", "hypersonic-missile"), (20, "missing-term", "csto"),
        (26, "untranslated-script", "anatoly-vyborny")]
    assert issues[-1].expected == "Վիբորնի"


def test_languages_given_override_the_file(base):
    # read as a Russian → Kazakh file, but checked as if the target were English: nothing matches
    issues = check_file(base, FIXTURES / "ru-kk.po", target_lang="en")
    assert {i.rule for i in issues} == {"missing-term", "untranslated-script"}


def test_plain_text_alone_needs_a_target_language(base):
    with pytest.raises(InputError, match="needs --target-lang"):
        check_file(base, FIXTURES / "ru-en.en.txt")


# -- command line -----------------------------------------------------------------------------------

def test_cli_text_output_and_exit_codes(capsys):
    code, out, err = run_cli(capsys, "-t", str(BASE), "check", str(FIXTURES / "ru-en.ru.txt"),
                             str(FIXTURES / "ru-en.en.txt"), "-s", "ru", "-l", "en")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 7 and lines[0].startswith(f"{FIXTURES / 'ru-en.en.txt'}:1: untranslated-script: ")
    assert "6 errors, 1 warning" in err
    code, out, err = run_cli(capsys, "-t", str(BASE), "check", str(FIXTURES / "ru-en.ru.txt"),
                             str(FIXTURES / "ru-en.clean.en.txt"), "--source-lang", "ru", "--target-lang", "en")
    assert (code, out) == (0, "") and "clean" in err


def test_cli_warnings_only_exit_0(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text("He was born in Byelorussia.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "-t", str(BASE), "check", "-l", "en", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["errors"] == 0 and data["warnings"] == 1
    assert set(data["issues"][0]) >= {"rule", "severity", "line", "concept", "found", "expected", "message"}


def test_cli_json_on_errors_and_skip(capsys):
    code, out, _ = run_cli(capsys, "-t", str(BASE), "check", str(FIXTURES / "ru-kk.po"), "--format", "json")
    data = json.loads(out)
    assert code == 1 and [i["line"] for i in data["issues"]] == [24, 35, 50]
    code, out, _ = run_cli(capsys, "-t", str(BASE), "check", str(FIXTURES / "ru-kk.po"), "--skip", "missing-term")
    assert (code, out) == (0, "")


def test_cli_tsv(capsys):
    code, out, _ = run_cli(capsys, "-t", str(BASE), "check", str(FIXTURES / "en-ru.xlf"), "--format", "tsv")
    header, *rows = out.splitlines()
    assert code == 1 and header.split("\t")[:4] == ["file", "line", "rule", "severity"] and len(rows) == 2


@pytest.mark.parametrize("args, message", [
    (["ru-en.ru.txt", "short.en.txt", "-s", "ru", "-l", "en"], "not line-aligned"),
    (["ru-en.ru.txt", "ru-en.en.txt", "-s", "ru", "-l", "xx"], "unknown language 'xx'"),
    (["ru-en.ru.txt", "ru-en.en.txt", "-s", "ru"], "needs --source-lang and --target-lang"),
    (["missing.txt", "-l", "en"], "cannot read"),
    (["xxe.xlf"], "refused"),
    (["laughs.xlf"], "refused"),
    (["ru-en.en.txt"], "needs --target-lang"),
    (["ru-kk.po", "--skip", "spelling"], "unknown rule"),
])
def test_cli_bad_input_exit_2(capsys, args, message):
    args = [str(FIXTURES / a) if a.endswith((".txt", ".xlf", ".po")) else a for a in args]
    code, out, err = run_cli(capsys, "-t", str(BASE), "check", *args)
    assert code == 2 and message in err and out == ""
    if "not line-aligned" in message:
        assert "has 7 lines" in err and "5 (first unpaired line: 6)" in err


# -- end to end on the bundled base -------------------------------------------------------------------

@pytest.mark.skipif(not ARTICLE.exists(), reason="the shared seed article is not in this checkout")
def test_seed_article_with_the_bundled_base():
    env_free = {k: v for k, v in __import__("os").environ.items() if k != "GLOSSARY_TERMBASE"}
    result = subprocess.run([sys.executable, "-m", "glossary", "check", "--target-lang", "en", str(ARTICLE),
                             "--format", "json"], capture_output=True, text=True, env=env_free, timeout=300)
    assert result.returncode == 1, result.stderr
    issues = json.loads(result.stdout)["issues"]
    found = {(i["rule"], i["found"]) for i in issues}
    assert ("forbidden-term", "ODKB") in found
    assert any(rule == "forbidden-term" and "typographical" in text for rule, text in found)
    vyborny = [i for i in issues if i["rule"] == "untranslated-script" and i["found"] == "Выборный"]
    assert [i["line"] for i in vyborny] == [3, 5]
    assert all(i["expected"].startswith("Vyborn") and "romanised: Vyborn" in i["message"] for i in vyborny)
    text = subprocess.run([sys.executable, "-m", "glossary", "check", "--target-lang", "en", str(ARTICLE)],
                          capture_output=True, text=True, env=env_free, timeout=300)
    assert f"{ARTICLE}:9: forbidden-term: " in text.stdout and text.returncode == 1


def test_cli_target_from_standard_input(capsys, monkeypatch):
    code, out, _ = run_cli(capsys, "-t", str(BASE), "check", "-l", "en", "-", stdin="The ODKB met.\n".encode(),
                           monkeypatch=monkeypatch)
    assert code == 1 and out.startswith("-:1: forbidden-term: ")


def test_single_word_false_friend_needs_the_source_concept():
    base = TermBase("x", [Concept("sabotage", "security", terms={
        "ru": [Term("диверсия", "ru")],
        "en": [Term("sabotage", "en"), Term("diversion", "en", status="forbidden", note="False friend of диверсия.")]})])
    assert base.check(None, "The traffic diversion on the road was long.", None, "en") == []
    assert base.check("Дорогу перекрыли.", "The traffic diversion was long.", "ru", "en") == []
    issues = base.check("Диверсия на аэродроме.", "A diversion at the airfield.", "ru", "en")
    assert [(i.rule, i.found, i.expected) for i in issues] == [("forbidden-term", "diversion", "sabotage")]
