"""Inputs that once crashed a parser or broke a property (found by bench/fuzz.py and the hypothesis
properties); each must now succeed or fail with a GlossaryError, never anything else.

Each test names the module it guards and what used to happen.
"""
from __future__ import annotations

import gettext
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from glossary.errors import GlossaryError, InputError

from .conftest import FIXTURES


def outcome(function, *args, **kwargs):
    """'ok' or 'refused' (a GlossaryError); any other exception propagates and fails the test."""
    try:
        function(*args, **kwargs)
    except GlossaryError:
        return "refused"
    return "ok"


# --- glossary/store.py ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "domain: weapons\nconcepts:\n- [a, b]: x\n  id: y\n",         # a flow sequence as a key
    "? [a]\n: b\n",                                                # an explicit complex key at the top
    "{domain: x, concepts: [{id: a, terms: {[en]: []}}]}",         # a complex key among the languages
    "domain: weapons\nconcepts:\n- id: a\n  terms:\n    en:\n    - {text: a, {x: 1}: 2}\n",
])
def test_complex_yaml_keys_are_schema_problems(text):
    """store._Reader.mapping used a key node's value as a dict key: TypeError: unhashable type: 'list'."""
    from glossary.store import parse_domain

    _, _, problems = parse_domain(text, "weapons.yaml")
    assert any(p.rule == "schema" and "plain key" in p.message for p in problems)


def test_yaml_complex_key_from_the_fuzzer_is_one_line_on_the_cli(small_base):
    path = small_base / "people.yaml"
    path.write_text("domain: people\nconcepts:\n- id: anatoly-vyborny\n  terms:\n    ru:\n    - text: Анатолий Выборный\n"
                    "  ? ?     source: https://ru.wikipedia.org/wiki/Выборный\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "glossary", "-t", str(small_base), "stats"], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and f"{path}:" in result.stderr


# --- glossary/text/normalise.py (found by the normalisation properties) --------------------------

def test_text_in_nfd_tokenises_like_nfc():
    """tokens() split words at combining marks: NFD «Российский» gave 'России', 'скии'."""
    from glossary.text.normalise import match_key, tokens

    nfd = unicodedata.normalize("NFD", "Российский ёж, ўсход, ӣ")
    assert [t.text for t in tokens(nfd)] == [unicodedata.normalize("NFD", w) for w in ("Российский", "ёж", "ўсход", "ӣ")]
    assert match_key(nfd) == match_key(unicodedata.normalize("NFC", nfd)) == "российский еж ўсход ӣ"


def test_scan_finds_terms_in_nfd_text(small_base):
    from glossary.termbase import TermBase

    text = unicodedata.normalize("NFD", "Организация Договора о коллективной безопасности провела учения.")
    found = TermBase.load(small_base).scan(text, "ru")
    assert [o.concept for o in found] == ["csto"]
    assert text[found[0].start:found[0].end] == unicodedata.normalize("NFD", "Организация Договора о коллективной безопасности")


@pytest.mark.parametrize("text", ["ﬁ́", "İstanbul", "0:ʼ", "ʼ", "a ’ b", "ʼ\u0301", "ßʼ\u0301", "\ufb2a"])
def test_fold_and_match_key_are_idempotent(text):
    """fold('ﬁ́') was not NFC (case folding decomposes); match_key('0:ʼ') was '0 ' (an empty word);
    match_key('ʼ́') a lone combining mark, match_key('ßʼ́') not NFC, match_key('שׁ' U+FB2A) a mark
    that the next tokenisation split off."""
    from glossary.text.normalise import fold, match_key

    assert fold(fold(text)) == fold(text)
    assert match_key(match_key(text)) == match_key(text)
    assert "  " not in match_key(text) and match_key(text) == match_key(text).strip()


# --- glossary/formats/jsonfile.py ----------------------------------------------------------------

@pytest.mark.parametrize("depth", [1_000, 5_000, 100_000])
def test_deeply_nested_json_is_refused(depth):
    """json.loads raised RecursionError → 'internal error', exit 3."""
    from glossary.formats.jsonfile import read_json

    with pytest.raises(InputError):
        read_json(b"[" * depth + b"]" * depth, "deep.json")


# --- glossary/poimport.py ------------------------------------------------------------------------

@pytest.mark.parametrize("escape", ['\\x', '\\x"', '\\xg0', '\\'])
def test_a_broken_escape_in_a_po_string_is_an_input_error(tmp_path, escape):
    """_unescape took '\\x' without hex digits: ValueError: invalid literal for int() with base 16: ''."""
    from glossary.poimport import read_po

    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr "Language: ru\\n"\n\nmsgctxt "spy"\nmsgid "spy"\n'
                    f'msgstr "шпион{escape}"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_po(path)
    assert caught.value.path == str(path) and caught.value.line == 6


def test_the_po_that_the_fuzzer_found_is_refused_on_the_cli(tmp_path, small_base):
    path = tmp_path / "fuzzed.po"
    path.write_bytes((FIXTURES / "bad" / "po" / "truncated.po").read_bytes().replace(
        b'X-Source-Language: en\\n"', b'X-Source-Language: en\\n\\x"'))
    result = subprocess.run([sys.executable, "-m", "glossary", "-t", str(small_base), "import", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and str(path) in result.stderr


# --- glossary/catalogs.py (found by the catalog property in tests/test_properties.py) -----------

@pytest.mark.parametrize("where, text", [
    ("target", "лазерное\x00оружие"),
    ("target", "лазерное\x04оружие"),
    ("target", "лазерное\u2028оружие"),
    ("target", "лазерное\x85оружие"),
    ("source", "laser\x00weapon"),
    ("source", "laser\x04weapon"),
    ("plural", "лазерных\x00орудий"),
    ("definition", "Оружие\u2028направленной энергии."),
])
def test_catalogs_never_write_what_their_readers_misread(tmp_path, where, text):
    """A control character or line separator in the base gave catalogs that msgfmt rejects
    (U+0004), that Python gettext cannot load (NUL in a plural form: ValueError) or misreads (NUL
    in a msgid), or that polib cannot parse (U+2028, U+0085). Refusing with an InputError is fine."""
    import polib

    from glossary.catalogs import build_catalog, render_mo, render_po
    from glossary.model import Concept, Term
    from glossary.termbase import TermBase

    en = Term(text if where == "source" else "laser weapon", "en", pos="noun",
              forms={"one": "laser weapon", "other": "laser weapons"})
    ru = Term(text if where == "target" else "лазерное оружие", "ru", pos="noun",
              forms={"one": "лазерное орудие", "few": "лазерных орудия", "many": text if where == "plural" else "орудий"})
    concept = Concept("laser-weapon", "weapons", terms={"en": [en], "ru": [ru]},
                      definition={"ru": text} if where == "definition" else {})
    try:
        catalog = build_catalog(TermBase("x", [concept]), "en", "ru")
        po_text, mo = render_po(catalog), render_mo(catalog)
    except InputError:
        return
    po = polib.pofile(po_text)
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in po if not e.msgid_plural] == [("laser-weapon", en.text, ru.text)]
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    assert translations.pgettext("laser-weapon", en.text) == ru.text
    path = tmp_path / "glossary.po"
    path.write_text(po_text, encoding="utf-8")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# --- cli/output.py, cli/main.py ------------------------------------------------------------------

def test_json_output_is_valid_utf8_for_an_undecodable_file_name(small_base, tmp_path):
    """A file name with invalid UTF-8 came back as raw bytes inside the JSON (invalid UTF-8), or
    as an 'internal error: UnicodeEncodeError' where stdout is strict UTF-8."""
    import os

    name = os.fsencode(tmp_path) + b"/\xff.txt"
    Path(os.fsdecode(name)).write_text("Hypersonic missile\n", encoding="utf-8")
    for env in ({}, {"PYTHONIOENCODING": "utf-8"}):
        result = subprocess.run([os.fsencode(sys.executable), b"-m", b"glossary", b"-t", os.fsencode(small_base), b"scan", b"-l", b"en",
                                 name, b"--format", b"json"], capture_output=True, env={**os.environ, **env})
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout.decode("utf-8"))
        assert data["file"].endswith("\udcff.txt") and data["matches"][0]["concept"] == "hypersonic-missile"
