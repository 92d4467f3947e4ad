"""JSON: the whole model, stable key order, strict on import."""
from __future__ import annotations

import json

import pytest

from glossary.errors import InputError
from glossary.formats import import_file
from glossary.formats.jsonfile import CONCEPT_KEYS, TERM_KEYS, read_json, write_json
from glossary.termbase import TermBase

from .test_tbx import BUNDLED, facts, rich


def test_rich_fixture_round_trips_exactly():
    original = rich()
    data = write_json(original)
    back = read_json(data, "rich.json").concepts
    assert facts(back) == facts(original)
    assert back == original
    assert write_json(back) == data


def test_every_field_is_present_in_a_fixed_order():
    data = json.loads(write_json(rich()))
    assert list(data) == ["format", "version", "concepts"]
    assert [c["id"] for c in data["concepts"]] == sorted(c["id"] for c in data["concepts"])
    for concept in data["concepts"]:
        assert tuple(concept) == CONCEPT_KEYS
        for lang, terms in concept["terms"].items():
            for term in terms:
                assert tuple(term) == TERM_KEYS
    vyborny = data["concepts"][0]["terms"]["ru"][0]
    assert vyborny == {"text": "Анатолий Выборный", "status": "preferred", "type": "fullForm", "pos": "properNoun",
                       "gender": "masculine", "forms": {}, "case_sensitive": False, "translate": False,
                       "reliability": 3, "source": "https://ru.wikipedia.org/wiki/Выборный,_Анатолий_Борисович",
                       "note": None, "context": None}


def test_bundled_base_round_trips_into_an_empty_base(tmp_path):
    source = TermBase.load(BUNDLED)
    path = tmp_path / "bundled.json"
    path.write_bytes(write_json(list(source.concepts())))
    assert import_file(TermBase.load(tmp_path / "new"), path).exit_code == 0
    assert facts(TermBase.load(tmp_path / "new").concepts()) == facts(source.concepts())


def test_missing_keys_and_nulls_are_not_stated():
    parsed = read_json(b'[{"id": "spy", "terms": {"en": [{"text": "spy", "status": null}], "fr": [{"text": "espion"}]}}]')
    term = parsed.concepts[0].terms["en"][0]
    assert (term.status, term.reliability, term.translate) == (None, None, None)
    assert parsed.notes.lines("skipped") == ["language fr is not one of ru en be kk ky tg hy (1: concepts[0].terms.fr)"]


@pytest.mark.parametrize("data, message", [
    (b'{"concepts": [{"id": "spy", "terms": {"en": [{"text": "spy", "reliabilty": 3}]}}]}',
     "x.json: concepts[0].terms.en[0]: unknown key 'reliabilty' (expected text, status, type, pos, gender, forms, "
     "case_sensitive, translate, reliability, source, note, context)"),
    (b'{"concepts": [{"id": "spy", "terms": {"en": [{"text": "spy", "status": "best"}]}}]}',
     "x.json: concepts[0].terms.en[0]: status 'best' is not one of preferred, admitted, deprecated, forbidden"),
    (b'{"concepts": [{"id": "spy", "terms": {"english": [{"text": "spy"}]}}]}',
     "x.json: concepts[0].terms.english: unknown language code 'english'"),
    (b'{"concepts": [{"id": "spy", "terms": {"en": [{"text": "spy", "reliability": "3"}]}}]}',
     "x.json: concepts[0].terms.en[0]: reliability must be a whole number from 1 to 4"),
    (b'{"concepts": [{"id": "Spy"}]}', "x.json: concepts[0].id: concept id 'Spy' is not a lower-case slug"),
    (b'{"concepts": [{"id": "spy"}, {"id": "spy"}]}', "x.json: concepts[1].id: concept 'spy' appears twice"),
    (b'{"concepts": [\n{"id": "spy",}]}', "x.json:2: not valid JSON: Expecting property name enclosed in double quotes"),
    (b'{"format": "tbx", "concepts": []}', "x.json: top level: expected format 'glossary' version 1"),
])
def test_bad_input_is_one_line(data, message):
    with pytest.raises(InputError) as caught:
        read_json(data, "x.json")
    assert str(caught.value) == message
