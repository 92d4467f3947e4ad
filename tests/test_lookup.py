"""Lookup: each matching layer in every language, the ranking rules, and the command line."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary import indexcache as index_module
from glossary.errors import InputError
from glossary.lookup import LAYERS, Match, lookup
from glossary.model import Concept, Term
from glossary.termbase import TermBase

FIXTURE = Path(__file__).parent / "fixtures" / "lookup" / "base"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> TermBase:
    target = tmp_path_factory.mktemp("lookup") / "base"
    shutil.copytree(FIXTURE, target)
    return TermBase(target)


def top(base: TermBase, query: str, **options) -> Match:
    matches = base.lookup(query, **options)
    assert matches, f"nothing found for {query!r}"
    return matches[0]


def found(base: TermBase, query: str, **options) -> list[str]:
    return [m.concept for m in base.lookup(query, **options)]


# --- layer 1: exact after normalisation ------------------------------------------------------

@pytest.mark.parametrize("query, concept, lang", [
    ("Collective Security Treaty", "collective-security-treaty", "en"),
    ("collective   security treaty", "collective-security-treaty", "en"),
    ("ГИПЕРЗВУКОВАЯ РАКЕТА", "hypersonic-missile", "ru"),
    ("вооружённые силы", "armed-forces", "ru"),  # ё = е
    ("узброеныя сілы", "armed-forces", "be"),
    ("қарулы күштер", "armed-forces", "kk"),
    ("куралдуу күчтөр", "armed-forces", "ky"),
    ("қувваҳои мусаллаҳ", "armed-forces", "tg"),
    ("զինված ուժեր", "armed-forces", "hy"),
    ("государство член", "member-state", "ru"),  # hyphen = space
])
def test_exact_layer(base, query, concept, lang):
    match = top(base, query)
    assert (match.concept, match.via, match.score, match.term.lang) == (concept, "exact", 100, lang)


# --- layer 2: word forms ----------------------------------------------------------------------

@pytest.mark.parametrize("query, concept, lang", [
    ("гиперзвуковыми ракетами", "hypersonic-missile", "ru"),
    ("организации договора о коллективной безопасности", "csto", "ru"),
    ("вооруженных сил", "armed-forces", "ru"),
    ("калектыўнай бяспекі", "collective-security", "be"),
    ("шпіёнам", "spy", "be"),
    ("қарулы күштерінің", "armed-forces", "kk"),
    ("тыңшылықтың", "espionage", "kk"),
    ("Ресейдің", "russia", "kk"),
    ("куралдуу күчтөрдүн", "armed-forces", "ky"),
    ("қувваҳои мусаллаҳро", "armed-forces", "tg"),
    ("ҷосусҳо", "spy", "tg"),
    ("զինված ուժերի", "armed-forces", "hy"),
    ("Հայաստանի", "armenia", "hy"),
    ("Missiles", "missile", "en"),
    ("armed force", "armed-forces", "en"),
])
def test_word_form_layer(base, query, concept, lang):
    match = top(base, query)
    assert (match.concept, match.via, match.term.lang) == (concept, "form", lang)
    assert 85 <= match.score < 100


def test_explicit_forms_of_the_base_rank_above_computed_forms(base):
    assert top(base, "гиперзвуковые ракеты").score == 95  # the `few` form written in the base
    assert top(base, "гиперзвуковыми ракетами").score == 90


@pytest.mark.parametrize("query, concept, acronym", [
    ("ОДКБ-нің", "csto", "ОДКБ"), ("ҰҚШҰ-ның", "csto", "ҰҚШҰ"), ("ЖККУнун", "csto", "ЖККУ"), ("ԱԹՍ-ների", "unmanned-aerial-vehicle", "ԱԹՍ"),
])
def test_acronyms_with_case_endings(base, query, concept, acronym):
    match = top(base, query)
    assert (match.concept, match.term.text, match.via) == (concept, acronym, "form")
    assert match.score >= 85


# --- layer 3: transliteration -----------------------------------------------------------------

@pytest.mark.parametrize("query, concept", [
    ("giperzvukovaya raketa", "hypersonic-missile"),
    ("giperzvukovye rakety", "hypersonic-missile"),  # Latin-typed and inflected
    ("bespilotnik", "unmanned-aerial-vehicle"),
    ("bespilotniki", "unmanned-aerial-vehicle"),
    ("Vybornogo", "anatoly-vyborny"),
    ("shpionazh", "espionage"),
    ("hayastan", "armenia"),
    ("Qazaqstan", "kazakhstan"),
])
def test_translit_layer(base, query, concept):
    match = top(base, query)
    assert (match.concept, match.via) == (concept, "translit")
    assert match.term.lang != "en"


def test_romanised_names_find_the_person(base):
    for query in ("Vyborniy", "Vybornyy", "Vybornyi", "Выборный"):
        assert top(base, query).concept == "anatoly-vyborny", query
    for query in ("Serdyukov", "Serdiukov", "Сердюкова"):
        assert top(base, query).concept == "andrei-serdyukov", query


def test_odkb_typed_in_latin_finds_the_organization_below_the_acronym(base):
    lower = top(base, "odkb")
    assert lower.concept == "csto"
    assert lower.score < top(base, "ОДКБ").score


# --- layer 4: fuzzy ---------------------------------------------------------------------------

@pytest.mark.parametrize("query, concept", [
    ("Serdukov", "andrei-serdyukov"),
    ("Colective Securty Treaty", "collective-security-treaty"),
    ("гиперзвукавая ракета", "hypersonic-missile"),
    ("шпеонаж", "espionage"),
    ("giperzvukovya raketa", "hypersonic-missile"),
    ("Kazakstan Republik", "kazakhstan"),
    ("ұжымдық қауіпсіздк", "collective-security"),
    ("Հայսատանի Հանրապետություն", "armenia"),
    ("калектыўная бяспкеа", "collective-security"),
    ("куралдуу күчтр", "armed-forces"),
    ("қувваҳои мусаллаш", "armed-forces"),
])
def test_fuzzy_layer(base, query, concept):
    match = top(base, query)
    assert (match.concept, match.via) == (concept, "fuzzy")
    assert 40 <= match.score <= 70


def test_nonsense_finds_nothing(base):
    assert base.lookup("zzxqvw") == []
    assert base.lookup("ъъъъъ") == []


# --- abbreviations ----------------------------------------------------------------------------

def test_abbreviations_match_case_sensitively_when_exact(base):
    exact = top(base, "ОДКБ")
    assert (exact.concept, exact.via, exact.term.text, exact.score) == ("csto", "exact", "ОДКБ", 99)
    for query in ("одкб", "Одкб"):
        lower = top(base, query)
        assert (lower.concept, lower.term.text) == ("csto", "ОДКБ")
        assert lower.score < exact.score
    assert top(base, "CSTO").score > top(base, "csto").score


def test_case_sensitive_surname_versus_the_ordinary_adjective(base):
    # «Выборный» (the surname) is case-sensitive: «выборный» is also the adjective 'elected'
    assert top(base, "Выборный").score > top(base, "выборный").score


# --- ranking ------------------------------------------------------------------------------------

def test_whole_phrase_beats_a_name_that_contains_it(base):
    assert found(base, "Collective Security Treaty")[:2] == ["collective-security-treaty", "csto"]
    assert found(base, "Договор о коллективной безопасности")[:2] == ["collective-security-treaty", "csto"]
    assert found(base, "коллективная безопасность")[0] == "collective-security"


def test_a_preferred_term_beats_a_variant():
    base = TermBase("/nonexistent", [
        Concept("missile", "weapons", terms={"ru": [Term("ракета", "ru")]}),
        Concept("carrier-rocket", "weapons", terms={"ru": [Term("ракета-носитель", "ru"),
                                                          Term("ракета", "ru", status="admitted", type="shortForm")]}),
    ])
    matches = base.lookup("ракета")
    assert [m.concept for m in matches] == ["missile", "carrier-rocket"]
    assert matches[0].score > matches[1].score
    assert [m.concept for m in base.lookup("ракеты-носители")][0] == "carrier-rocket"


def test_every_layer_is_reported_by_name(base):
    seen = {m.via for q in ("ОДКБ", "гиперзвуковыми ракетами", "bespilotnik", "Serdukov") for m in base.lookup(q)}
    assert seen == set(LAYERS)


# --- forbidden and deprecated terms ---------------------------------------------------------

def test_a_forbidden_term_is_found_and_names_the_term_to_use(base):
    match = top(base, "ODKB")
    assert (match.concept, match.term.text, match.term.status) == ("csto", "ODKB", "forbidden")
    assert match.replacement.text == "CSTO"  # same type: an acronym for an acronym
    match = top(base, "typographical agreement")
    assert (match.concept, match.term.status, match.replacement.text) == ("model-agreement", "forbidden",
                                                                          "model agreement")


def test_a_deprecated_term_is_found(base):
    match = top(base, "Organization of the Collective Security Treaty")
    assert (match.concept, match.term.status, match.via) == ("csto", "deprecated", "exact")
    assert match.replacement.text == "Collective Security Treaty Organization"


def test_usable_terms_have_no_replacement(base):
    assert top(base, "CSTO").replacement is None


# --- options --------------------------------------------------------------------------------------

def test_lang_restricts_the_terms_matched(base):
    assert top(base, "ракета", lang="kk").term.lang == "kk"
    assert top(base, "ракета", lang="ky").term.lang == "ky"
    assert base.lookup("ракета", lang="en") == []
    assert top(base, "giperzvukovaya raketa", lang="ru").term.lang == "ru"


def test_to_limits_the_languages_shown(base):
    match = top(base, "ОДКБ", to=["en", "kk"])
    data = match.to_dict()
    assert set(data["terms"]) == {"en", "kk"} and set(data["definition"]) <= {"en", "kk"}
    assert data["matched"]["term"] == "ОДКБ"  # the matched term is still named


def test_domain_limit_and_min_score(base):
    assert set(m.domain for m in base.lookup("коллективной безопасности", domain="organization")) == {"organization"}
    assert found(base, "ОДКБ", domain="weapons") == []
    assert all(m.score >= 80 for m in base.lookup("Collective Security", min_score=80))
    assert len(base.lookup("коллективной безопасности", limit=2)) == 2


@pytest.mark.parametrize("query, options", [
    ("", {}), ("   ", {}), ("—", {}), ("x" * 1001, {}), ("ОДКБ", {"lang": "xx"}), ("ОДКБ", {"to": ["ru", "de"]}),
    ("ОДКБ", {"limit": 0}),
])
def test_bad_usage_is_an_input_error(base, query, options):
    with pytest.raises(InputError):
        base.lookup(query, **options)


def test_homoglyphs_in_the_query_are_repaired(base):
    assert top(base, "OДKБ").term.text == "ОДКБ"  # Latin O and K inside Cyrillic


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=40))
def test_any_query_gives_matches_or_an_input_error(base, query):
    try:
        matches = base.lookup(query)
    except InputError:
        return
    assert all(0 <= m.score <= 100 and m.via in LAYERS for m in matches)
    assert len({m.concept for m in matches}) == len(matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_the_api_signature_of_the_issue(base):
    matches = lookup(base, "гиперзвуковыми ракетами", lang="ru", to=["en"], limit=1)
    match = matches[0]
    assert (match.concept, match.via, match.term.text, match.term.status, match.term.lang) == (
        "hypersonic-missile", "form", "гиперзвуковая ракета", "preferred", "ru")
    assert match.entry.preferred("en").text == "hypersonic missile"


# --- the bundled base (grows while curated: only stable facts) --------------------------------

@pytest.fixture(scope="module")
def bundled() -> TermBase:
    return TermBase.load()


@pytest.mark.parametrize("query, concept", [
    ("ОДКБ", "csto"), ("Collective Security Treaty", "collective-security-treaty"),
    ("гиперзвуковыми ракетами", "hypersonic-missile"), ("giperzvukovaya raketa", "hypersonic-missile"),
    ("Vyborniy", "anatoly-vyborny"), ("Serdukov", "andrei-serdyukov"), ("ҰҚШҰ", "csto"), ("ՀԱՊԿ", "csto"),
    ("Қазақстан", "kazakhstan"), ("шпионы", "spy"), ("espionage", "espionage"), ("model agreement", "model-agreement"),
])
def test_bundled_base(bundled, query, concept):
    assert top(bundled, query).concept == concept


def test_bundled_base_explains_odkb(bundled):
    match = top(bundled, "ODKB")
    assert (match.concept, match.term.status, match.replacement.text) == ("csto", "forbidden", "CSTO")


# --- the command line ---------------------------------------------------------------------------

def glossary(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("GLOSSARY_TERMBASE", "NO_COLOR")}
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, text=True,
                          env={**full_env, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def cli_base(base) -> str:
    index_module.folder_index(base.folder)  # warm the cache once for every CLI test
    return str(base.folder)


def test_cli_json_shape(cli_base):
    result = glossary("-t", cli_base, "lookup", "odkb", "--format", "json", "--to", "ru,en")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "odkb"
    first = data["matches"][0]
    assert set(first) >= {"concept", "score", "via", "matched", "terms", "definition", "domain"}
    assert first["concept"] == "csto" and first["domain"] == "organization"
    assert first["matched"] == {"lang": "en", "term": "ODKB", "status": "forbidden", "use": "CSTO"}
    assert set(first["terms"]) == {"ru", "en"}
    odkb = next(t for t in first["terms"]["en"] if t["term"] == "ODKB")
    assert {"term", "status", "reliability", "type", "source"} <= set(odkb) and odkb["type"] == "acronym"


def test_cli_query_words_need_no_quotes(cli_base):
    result = glossary("-t", cli_base, "lookup", "гиперзвуковыми", "ракетами", "--format", "json")
    assert json.loads(result.stdout)["matches"][0]["concept"] == "hypersonic-missile"


def test_cli_text_card(cli_base):
    result = glossary("-t", cli_base, "lookup", "ODKB", "--limit", "1")
    out = result.stdout
    assert result.returncode == 0
    assert "ODKB — forbidden; use CSTO" in out
    for name in ("Russian", "Kazakh", "Kyrgyz", "Tajik", "Armenian", "Belarusian"):
        assert name in out
    assert "Организация Договора о коллективной безопасности" in out and "definition (en)" in out
    assert "\x1b[" not in out  # not a terminal: no colour


def test_cli_colour_only_on_a_terminal_and_never_with_no_color(cli_base):
    import pty

    def run(env):
        code = (f"import sys; sys.argv=['glossary', '-t', {cli_base!r}, 'lookup', 'ODKB', '-n', '1']; "
                "from glossary_cli.main import run; run()")
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(sys.executable, [sys.executable, "-c", code], {**os.environ, **env})
        chunks = []
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.waitpid(pid, 0)
        return b"".join(chunks).decode("utf-8", "replace")

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    os.environ.pop("NO_COLOR", None)
    assert "\x1b[" in run({"TERM": "xterm"})
    assert "\x1b[" not in run({"NO_COLOR": "1"})
    os.environ.clear()
    os.environ.update(env)


def test_cli_tsv(cli_base):
    result = glossary("-t", cli_base, "lookup", "Collective Security Treaty", "--format", "tsv", "--to", "ru,kk")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["concept", "score", "via", "lang", "term", "status", "use", "domain", "ru", "kk"]
    first = lines[1].split("\t")
    assert first[:3] == ["collective-security-treaty", "100", "exact"]
    assert first[-2:] == ["Договор о коллективной безопасности", "Ұжымдық қауіпсіздік туралы шарт"]


def test_cli_no_match_exits_1_and_still_prints_json(cli_base):
    result = glossary("-t", cli_base, "lookup", "zzxqvw", "--format", "json")
    assert result.returncode == 1 and json.loads(result.stdout) == {"query": "zzxqvw", "matches": []}
    assert glossary("-t", cli_base, "lookup", "zzxqvw").returncode == 1


@pytest.mark.parametrize("args", [["  "], ["ОДКБ", "--lang", "xx"], ["ОДКБ", "--to", "ru,de"], ["x" * 1001],
                                  ["ОДКБ", "--limit", "0"], ["ОДКБ", "--domain", "cooking"]])
def test_cli_bad_usage_exits_2_with_one_line(cli_base, args):
    result = glossary("-t", cli_base, "lookup", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()
