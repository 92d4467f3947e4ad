"""glossary scan: terms found in running text of all seven languages, with offsets and lines."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from glossary.errors import InputError
from glossary.model import Concept, Term
from glossary.model import check_language
from glossary.scan import Scanner, scan, scanner, term_variants
from glossary.termbase import TermBase

BASE = Path(__file__).parent / "fixtures" / "check" / "termbase"


@pytest.fixture(scope="module")
def base() -> TermBase:
    return TermBase.load(BASE)


def found(base: TermBase, text: str, lang: str) -> list[tuple[str, str]]:
    return [(o.concept, o.text) for o in base.scan(text, lang)]


def run_cli(capsys, *args: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    from glossary_cli.main import run

    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    with pytest.raises(SystemExit) as exit_info:
        run(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


# -- inflected forms, real sentences ------------------------------------------------------------

@pytest.mark.parametrize("lang, sentence, expected", [
    ("ru", "Государства — члены ОДКБ обсудили применение гиперзвуковых ракет.",
     [("member-state", "Государства — члены"), ("csto", "ОДКБ"), ("hypersonic-missile", "гиперзвуковых ракет")]),
    ("ru", "Представители Организации Договора о коллективной безопасности прибыли в Казахстан и Армению.",
     [("csto", "Организации Договора о коллективной безопасности"), ("kazakhstan", "Казахстан"), ("armenia", "Армению")]),
    ("ru", "Начальник Объединённого штаба ОДКБ рассказал о лазерном оружии.",
     [("joint-staff", "Объединённого штаба ОДКБ"), ("laser-weapon", "лазерном оружии")]),
    ("kk", "Қазақстанға ҰҚШҰ-ның бітімгершілік күштерінің өкілдері келді.",
     [("kazakhstan", "Қазақстанға"), ("csto", "ҰҚШҰ"), ("peacekeeping-forces", "бітімгершілік күштерінің")]),
    ("kk", "Ұжымдық қауіпсіздік туралы шарт ұйымына мүше мемлекеттер гипердыбыстық зымырандарды талқылады.",
     [("csto", "Ұжымдық қауіпсіздік туралы шарт ұйымына"), ("member-state", "мүше мемлекеттер"),
      ("hypersonic-missile", "гипердыбыстық зымырандарды")]),
    ("ky", "ЖККУнун мүчө-мамлекеттери Казакстанда жамааттык коопсуздук маселелерин талкуулашты.",
     [("csto", "ЖККУнун"), ("member-state", "мүчө-мамлекеттери"), ("kazakhstan", "Казакстанда"),
      ("collective-security", "жамааттык коопсуздук")]),
    ("hy", "ՀԱՊԿ-ի անդամ պետությունները Հայաստանի մայրաքաղաքում քննարկեցին հիպերձայնային հրթիռների հարցը։",
     [("csto", "ՀԱՊԿ"), ("member-state", "անդամ պետությունները"), ("armenia", "Հայաստանի"),
      ("hypersonic-missile", "հիպերձայնային հրթիռների")]),
    ("hy", "Հավաքական անվտանգության պայմանագրի կազմակերպության տիպային համաձայնագրի նախագիծը",
     [("csto", "Հավաքական անվտանգության պայմանագրի կազմակերպության"), ("model-agreement", "տիպային համաձայնագրի")]),
    ("be", "Беларусь і Расія абмеркавалі калектыўную бяспеку ў рамках Арганізацыі Дагавора аб калектыўнай бяспецы.",
     [("belarus", "Беларусь"), ("russia", "Расія"), ("collective-security", "калектыўную бяспеку"),
      ("csto", "Арганізацыі Дагавора аб калектыўнай бяспецы")]),
    ("tg", "Давлатҳои аъзои СААД дар бораи амнияти дастаҷамъӣ ва мушакҳои гиперсадоӣ сӯҳбат карданд; Қазоқистонро.",
     [("member-state", "Давлатҳои аъзои"), ("csto", "СААД"), ("collective-security", "амнияти дастаҷамъӣ"),
      ("hypersonic-missile", "мушакҳои гиперсадоӣ"), ("kazakhstan", "Қазоқистонро")]),
    ("en", "The CSTO's member states discussed hypersonic missiles with Kazakhstan's spies.",
     [("csto", "CSTO's"), ("member-state", "member states"), ("hypersonic-missile", "hypersonic missiles"),
      ("kazakhstan", "Kazakhstan's"), ("spy", "spies")]),
])
def test_inflected_forms_in_seven_languages(base, lang, sentence, expected):
    assert found(base, sentence, lang) == expected


def test_via_tells_exact_from_word_forms(base):
    result = {o.text: o.via for o in base.scan("гиперзвуковая ракета и гиперзвуковыми ракетами", "ru")}
    assert result == {"гиперзвуковая ракета": "exact", "гиперзвуковыми ракетами": "forms"}


def test_listed_plural_forms_are_exact(base):
    [occurrence] = base.scan("five hypersonic missiles", "en")
    assert occurrence.via == "exact" and occurrence.term.text == "hypersonic missile"


# -- case, longest match, variants ---------------------------------------------------------------

def test_case_sensitive_acronyms(base):
    assert found(base, "ОДКБ", "ru") == [("csto", "ОДКБ")]
    assert found(base, "одкб и Одкб", "ru") == []
    assert found(base, "csto", "en") == []
    # the surname is case-sensitive: lower-case «выборный» is the ordinary adjective
    assert found(base, "выборный орган", "ru") == []
    assert found(base, "Выборный заявил", "ru") == [("anatoly-vyborny", "Выборный")]


def test_acronym_followed_by_a_suffix():
    base = TermBase("x", [Concept("csto", "organization", terms={"ky": [Term("ЖККУ", "ky", type="acronym", case_sensitive=True)]})])
    assert found(base, "ЖККУнун жыйыны", "ky") == [("csto", "ЖККУнун")]
    assert found(base, "жккунун жыйыны", "ky") == []


def test_longest_match_wins_and_no_overlaps(base):
    text = "Организация Договора о коллективной безопасности обеспечивает коллективную безопасность."
    assert found(base, text, "ru") == [("csto", "Организация Договора о коллективной безопасности"),
                                         ("collective-security", "коллективную безопасность")]
    # "Security Council" inside "Collective Security Council" is not reported on its own
    assert found(base, "The Collective Security Council met.", "en") == [
        ("collective-security-council", "Collective Security Council")]


def test_the_same_words_in_two_concepts_are_both_reported(base):
    result = base.scan("The Security Council met.", "en")
    assert sorted((o.concept, o.status) for o in result) == [("collective-security-council", "forbidden"),
                                                              ("un-security-council", "admitted")]
    assert {o.start for o in result} == {4}


def test_hyphen_dash_and_space_variants(base):
    for text in ("государства-члены", "государства — члены", "государства члены", "государства‑члены"):
        assert found(base, text, "ru") == [("member-state", text)], text


def test_parenthesised_variants():
    term = Term("Модельное (типовое) соглашение", "ru")
    base = TermBase("x", [Concept("model-agreement", "legal", terms={"ru": [term]})])
    for text in ("Модельное (типовое) соглашение", "модельное соглашение", "типовых соглашений"):
        assert found(base, f"Проект: {text}.", "ru") == [("model-agreement", text)], text
    assert term_variants("laser weapon") == ["laser weapon"]


def test_punctuation_and_blank_lines_end_a_match(base):
    assert found(base, "hypersonic. Missile", "en") == []
    assert found(base, "hypersonic, missile", "en") == []
    assert found(base, "hypersonic\n\nmissile", "en") == []
    assert found(base, "hypersonic\nmissile", "en") == [("hypersonic-missile", "hypersonic\nmissile")]
    assert found(base, "the Model (typographical) Agreement", "en") == [("model-agreement", "typographical) Agreement")]


def test_english_words_match_by_plural_only(base):
    extra = TermBase("x", [Concept("training", "military", terms={"en": [Term("training", "en")]}),
                           Concept("organization", "organization", terms={"en": [Term("organization", "en")]})])
    assert found(extra, "trains and organs", "en") == []
    assert found(extra, "trainings of organizations", "en") == [("training", "trainings"), ("organization", "organizations")]
    assert found(base, "spying", "en") == [("espionage", "spying")]  # not the spy


# -- offsets, lines, long texts -----------------------------------------------------------------

def test_offsets_and_lines_index_the_whole_input(base):
    text = "Intro line.\n\nThe CSTO met.\r\nThen Kazakhstan\nand Armenia."
    result = base.scan(text, "en")
    assert [(o.concept, o.line) for o in result] == [("csto", 3), ("kazakhstan", 4), ("armenia", 5)]
    for o in result:
        assert text[o.start:o.end] == o.text


def test_long_text_is_not_truncated(base):
    filler = "Nothing to see here in this sentence. " * 30000  # over a million characters
    text = "CSTO\n" + filler + "\nArmenia"
    result = base.scan(text, "en")
    assert [o.concept for o in result] == ["csto", "armenia"]
    assert result[-1].end == len(text) and result[-1].line == 3


def test_translations_default_to_every_language_and_follow_to(base):
    [occurrence] = base.scan("гиперзвуковая ракета", "ru")
    assert set(occurrence.translations) == {"en", "be", "kk", "ky", "tg", "hy"}
    [occurrence] = base.scan("гиперзвуковая ракета", "ru", to=["kk", "en"])
    assert occurrence.translations == {"kk": "гипердыбыстық зымыран", "en": "hypersonic missile"}


def test_scan_json_fields(base):
    [occurrence] = base.scan("ODKB", "en")
    data = occurrence.to_dict()
    assert {k: data[k] for k in ("concept", "lang", "term", "text", "start", "end", "line", "via", "status")} == {
        "concept": "csto", "lang": "en", "term": "ODKB", "text": "ODKB", "start": 0, "end": 4, "line": 1,
        "via": "exact", "status": "forbidden"}
    assert data["translations"]["ru"] == "Организация Договора о коллективной безопасности"


def test_statuses_filter(base):
    assert [o.text for o in base.scan("ODKB and CSTO", "en", statuses=["forbidden"])] == ["ODKB"]


# -- the compiled index ---------------------------------------------------------------------------

def test_scanner_is_built_once_and_rebuilt_after_a_change(base):
    copy = TermBase.load(BASE)
    first = scanner(copy, "en")
    assert scanner(copy, "en") is first
    copy.add(Concept("nato", "organization", terms={"en": [Term("NATO", "en", case_sensitive=True)]}))
    assert scanner(copy, "en") is not first
    assert found(copy, "NATO", "en") == [("nato", "NATO")]


def test_language_codes():
    assert check_language("kk-KZ") == "kk" and check_language("be-Latn") == "be-Latn"
    with pytest.raises(InputError, match="unknown language 'xx'"):
        check_language("xx")
    with pytest.raises(TypeError):
        scan(TermBase("x", []), "text", "en", colour=True)


def test_scanner_works_on_plain_concepts():
    s = Scanner([Concept("spy", "security", terms={"en": [Term("spy", "en")]})], "en")
    assert [(h.start, h.end) for h in s.hits("spies, a spy")] == [(0, 5), (9, 12)]


# -- the prefilter and the scanner's shortcuts: faster, never different ----------------------------

def unfiltered(concepts, lang: str) -> Scanner:
    scanner = Scanner(concepts, lang)
    scanner._prefilter = lambda folded: None  # every word analysed,
    scanner._term_words = {}  # even those spelled as a term's word
    return scanner


def all_hits(scanner: Scanner, text: str) -> list[tuple]:
    return [(h.start, h.end, h.entry.term.concept, h.entry.term.text, h.exact) for h in scanner.hits(text)]


def test_english_words_without_a_term_word_plain_form_are_not_analysed(base):
    s = Scanner(base.concepts(), "en")
    s.hits("warmup")
    assert s._known_keys("organs") == () and s._known_keys("missiles") is None
    assert s._known_keys("cstos") is None  # CSTO's folds to cstos, plain csto
    text = ("The CSTO's member states, Kazakhstan's spies and spying, hypersonic missiles; organs, "
            "trains, trainings, security councils.\n\nThe Security Council's and the Collective Security Council.")
    assert all_hits(s, text) == all_hits(unfiltered(base.concepts(), "en"), text)


def test_every_language_finds_the_same_with_and_without_the_prefilter(base):
    for lang in ("ru", "en", "kk", "hy", "be"):
        terms = [t.text for c in base.concepts() for t in c.terms.get(lang, ())]
        text = "\n".join(f"{t}ы и {t.upper()}, {t}s; {t}ов — {t}'s {t}ами" for t in terms)
        assert all_hits(Scanner(base.concepts(), lang), text) == all_hits(unfiltered(base.concepts(), lang), text)


def test_the_scanner_tokenises_as_the_tokeniser():
    from glossary.text.normalise import WORD_PATTERN
    from glossary.text.normalise import tokens

    text = "ПА ОДКБ, РХБ-защита; CSTO’s l'État ʼa ЖККУнун й\u0306 ё 2024 foo_bar «x»\n\nд'Артаньян"
    assert [(m.group(), m.start(), m.end()) for m in WORD_PATTERN.finditer(text)] == [tuple(t) for t in tokens(text)]


def test_a_scan_leaves_the_garbage_collector_as_it_found_it(base):
    import gc

    base.scan("CSTO", "en")
    assert gc.isenabled()
    gc.disable()
    try:
        base.scan("CSTO", "en")
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- command line -----------------------------------------------------------------------------------

def test_cli_scan_json(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_text("The ODKB met.\nThen the CSTO.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "-t", str(BASE), "scan", str(path), "--lang", "en", "--to", "ru", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [(m["concept"], m["text"], m["start"], m["end"], m["line"], m["status"]) for m in data["matches"]] == [
        ("csto", "ODKB", 4, 8, 1, "forbidden"), ("csto", "CSTO", 23, 27, 2, "admitted")]
    assert data["matches"][0]["translations"] == {"ru": "Организация Договора о коллективной безопасности"}


def test_cli_scan_text_marks_the_match_and_shows_translations(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Nothing here. Talks in Kazakhstan went well. More text.", encoding="utf-8")
    code, out, _ = run_cli(capsys, "-t", str(BASE), "scan", str(path), "--lang", "en", "--to", "kk,ru")
    assert code == 0
    assert f"{path}:1: Talks in ⟦Kazakhstan⟧ went well." in out
    assert "Kazakhstan → kazakhstan [preferred, exact]  kk: Қазақстан · ru: Казахстан" in out
    assert "Nothing here" not in out


def test_cli_scan_tsv_from_stdin(capsys, monkeypatch):
    code, out, _ = run_cli(capsys, "-t", str(BASE), "scan", "-", "--lang", "ru", "--to", "en", "--format", "tsv",
                           stdin="Пуск гиперзвуковых ракет".encode(), monkeypatch=monkeypatch)
    assert code == 0
    header, row = out.splitlines()
    assert header.split("\t") == ["line", "start", "end", "concept", "lang", "status", "via", "term", "text", "en"]
    assert row.split("\t") == ["1", "5", "24", "hypersonic-missile", "ru", "preferred", "exact", "гиперзвуковая ракета",
                               "гиперзвуковых ракет", "hypersonic missile"]


def test_cli_scan_exit_codes(tmp_path, capsys):
    path = tmp_path / "none.txt"
    path.write_text("nothing relevant", encoding="utf-8")
    code, out, _ = run_cli(capsys, "-t", str(BASE), "scan", str(path), "--lang", "en", "--format", "json")
    assert code == 1 and json.loads(out) == {"file": str(path), "lang": "en", "matches": []}
    code, _, err = run_cli(capsys, "-t", str(BASE), "scan", str(path), "--lang", "xx")
    assert code == 2 and "unknown language 'xx'" in err
    code, _, err = run_cli(capsys, "-t", str(BASE), "scan", str(tmp_path / "missing.txt"), "--lang", "en")
    assert code == 2 and "cannot read" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    code, _, err = run_cli(capsys, "-t", str(BASE), "scan", str(bad), "--lang", "en")
    assert code == 2 and "not UTF-8" in err
