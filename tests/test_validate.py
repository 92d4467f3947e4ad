"""Every validate rule fires on a broken fixture and stays quiet on the clean one."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.validate import validate

from .conftest import FIXTURES

HEADER = "domain: weapons\nconcepts:\n"


def concept(terms: str, extra: str = "", cid: str = "laser-weapon") -> str:
    return (f"- id: {cid}\n  definition:\n    ru: Оружие направленной энергии.\n    en: A directed-energy weapon.\n"
            f"{extra}  terms:\n{terms}")


GOOD_TERMS = ("    ru:\n    - text: лазерное оружие\n      status: preferred\n"
              "    en:\n    - text: laser weapon\n      status: preferred\n")

CASES = {
    "schema": concept(GOOD_TERMS.replace("      status: preferred\n    en", "      status: preferred\n      colour: red\n    en")),
    "duplicate-id": concept(GOOD_TERMS) + concept(GOOD_TERMS),
    "bad-id": concept(GOOD_TERMS, cid="Laser_Weapon"),
    "unknown-language": concept(GOOD_TERMS + "    xx:\n    - text: laser\n      status: preferred\n"),
    "unknown-status": concept(GOOD_TERMS.replace("status: preferred\n    en", "status: approved\n    en")),
    "unknown-value": concept(GOOD_TERMS.replace("status: preferred\n    en", "status: preferred\n      pos: thing\n    en")),
    "two-preferred": concept(GOOD_TERMS + "    - text: laser gun\n      status: preferred\n"),
    "missing-preferred": concept(GOOD_TERMS.replace("laser weapon\n      status: preferred", "laser weapon\n      status: admitted")),
    "source-required": concept(GOOD_TERMS.replace("laser weapon\n      status: preferred", "laser weapon\n      status: preferred\n      reliability: 3")),
    "reliability": concept(GOOD_TERMS.replace("laser weapon\n      status: preferred", "laser weapon\n      status: preferred\n      reliability: 7")),
    "wrong-script": concept(GOOD_TERMS + "    kk:\n    - text: lazerlik qaru\n      status: preferred\n"),
    "homoglyph": concept(GOOD_TERMS.replace("лазерное оружие", "лaзерное оружие")),  # Latin a
    "duplicate-term": concept(GOOD_TERMS) + concept(GOOD_TERMS, cid="laser-gun"),
    "dangling-related": concept(GOOD_TERMS, extra="  related:\n  - no-such-concept\n"),
    "not-nfc": concept(GOOD_TERMS.replace("лазерное оружие", "лазерное оружие\u0306")),
    "plural-forms": concept(GOOD_TERMS.replace("лазерное оружие\n      status: preferred",
                                               "лазерное оружие\n      status: preferred\n      forms:\n        one: лазерное оружие")),
    "not-canonical": concept(GOOD_TERMS.replace("    ru:\n    - text: лазерное оружие\n      status: preferred\n", "")
                             + "    ru:\n    - text: лазерное оружие\n      status: preferred\n"),
}


def run(tmp_path: Path, body: str) -> list:
    (tmp_path / "weapons.yaml").write_text(HEADER + body, encoding="utf-8")
    return validate(tmp_path)


def test_clean_fixture_has_no_findings():
    assert validate(FIXTURES / "base") == []


def test_clean_single_concept(tmp_path):
    assert run(tmp_path, concept(GOOD_TERMS)) == []


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires(tmp_path, rule):
    findings = run(tmp_path, CASES[rule])
    assert rule in {f.rule for f in findings}, findings
    hit = next(f for f in findings if f.rule == rule)
    assert hit.path.endswith("weapons.yaml") and hit.line >= 1
    assert str(hit).startswith(f"{hit.path}:{hit.line}: {rule}: ")


def test_lines_point_at_the_term(tmp_path):
    findings = run(tmp_path, CASES["homoglyph"])
    hit = next(f for f in findings if f.rule == "homoglyph")
    lines = (HEADER + CASES["homoglyph"]).splitlines()
    assert "лaзерное" in lines[hit.line - 1]
    assert "'лазерное'" in hit.message  # the suggestion uses the Cyrillic letter


def test_duplicate_term_allowed_with_a_note_that_explains_it(tmp_path):
    unrelated = concept(GOOD_TERMS) + concept(GOOD_TERMS, extra="  note: Defined by the 2020 doctrine.\n", cid="laser-gun")
    assert "duplicate-term" in {f.rule for f in run(tmp_path, unrelated)}
    explained = concept(GOOD_TERMS) + concept(GOOD_TERMS, extra="  note: Narrower than laser-weapon.\n", cid="laser-gun")
    assert "duplicate-term" not in {f.rule for f in run(tmp_path, explained)}
    on_term = concept(GOOD_TERMS) + concept(GOOD_TERMS.replace("laser weapon\n      status: preferred\n",
                                                               "laser weapon\n      status: preferred\n      note: Also the weapon itself.\n"),
                                             cid="laser-gun")
    duplicates = [f.message for f in run(tmp_path, on_term) if f.rule == "duplicate-term"]
    assert len(duplicates) == 1 and "лазерное оружие" in duplicates[0]  # only the term without a note


def test_alphabets_per_language(tmp_path):
    terms = GOOD_TERMS + ("    be:\n    - text: лазерная зброя и щит\n      status: preferred\n"
                          "    kk:\n    - text: лазерлік қару\n      status: preferred\n"
                          "    tg:\n    - text: силоҳи лазерӣ\n      status: preferred\n"
                          "    hy:\n    - text: лазер\n      status: preferred\n")
    findings = [f for f in run(tmp_path, concept(terms)) if f.rule == "wrong-script"]
    messages = " ".join(f.message for f in findings)
    assert "[be]" in messages and "и, щ" not in messages and "и" in messages
    assert "[hy]" in messages and "[kk]" not in messages and "[tg]" not in messages


def test_script_subtag_variant(tmp_path):
    terms = GOOD_TERMS + "    be-Latn:\n    - text: lazernaja zbroja\n      status: preferred\n"
    assert run(tmp_path, concept(terms)) == []


def test_regional_code_is_refused(tmp_path):
    terms = GOOD_TERMS + "    en-US:\n    - text: laser weapon\n      status: preferred\n"
    assert "unknown-language" in {f.rule for f in run(tmp_path, concept(terms))}
