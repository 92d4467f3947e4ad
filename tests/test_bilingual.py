"""Readers of bilingual input: plain-text pairs, .po, XLIFF 1.2 and 2.x, and refusing unsafe XML."""
from __future__ import annotations

from pathlib import Path

import pytest

from glossary.bilingual import (detect_kind, read_bilingual, read_plain_pair, read_po, read_xliff,
                                segments_from_texts)
from glossary.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def test_plain_pairs_align_by_line():
    segments = segments_from_texts("один\r\nдва\r\n", "one\r\ntwo")
    assert [(s.source, s.target, s.line, s.exact_lines) for s in segments] == [
        ("один", "one", 1, True), ("два", "two", 2, True)]
    assert [s.source for s in segments_from_texts(None, "a\n\nb\n")] == [None, None, None]


def test_misaligned_files_name_both_counts(tmp_path):
    source, target = tmp_path / "src.txt", tmp_path / "tgt.txt"
    source.write_text("1\n2\n3\n", encoding="utf-8")
    target.write_text("1\n2\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_plain_pair(source, target)
    message = str(error.value)
    assert f"{source} has 3 lines" in message and f"{target} 2" in message and "first unpaired line: 3" in message


def test_detect_kind():
    assert detect_kind("x.po", b"") == "po"
    assert detect_kind("x.XLIFF", b"") == "xliff"
    assert detect_kind("noext", b'\xef\xbb\xbf<?xml version="1.0"?><xliff/>') == "xliff"
    assert detect_kind("noext", b'# comment\nmsgid ""\nmsgstr ""\n') == "po"
    assert detect_kind("noext", "Просто текст".encode()) == "text"


def test_po_entries_with_lines_and_languages():
    doc = read_po(FIXTURES / "ru-kk.po")
    assert (doc.kind, doc.source_lang, doc.target_lang) == ("po", "ru", "kk")
    lines = {s.line: s for s in doc.segments}
    assert sorted(lines) == [14, 19, 24, 29, 34, 35, 39, 50]  # obsolete and empty entries skipped
    assert lines[14].source.startswith("Представители Казахстана")
    # msgstr "" with the text on continuation lines: the text starts on the next line
    assert lines[19].target == "Ұжымдық қауіпсіздік туралы шарт ұйымының бітімгершілік күштері Қазақстанға келді."
    # plural entries: msgid ↔ msgstr[0], msgid_plural ↔ msgstr[1]
    assert lines[34].source.startswith("%d государство-член") and lines[35].source.startswith("%d государства-члены")
    assert "glossary: ignore=missing-term" in lines[29].note
    assert lines[39].target == "Анатолий Выборный сөз сөйледі."  # fuzzy entries are checked too


def test_po_syntax_error_is_input_error_with_its_line(tmp_path):
    path = tmp_path / "bad.po"
    path.write_text('msgid "a"\nmsgstr "b"\nfoo bar\n', encoding="utf-8")
    with pytest.raises(InputError, match="not .po syntax") as error:
        read_po(path)
    assert error.value.line == 3


def test_xliff12_inline_codes_notes_and_lines():
    doc = read_xliff(FIXTURES / "en-ru.xlf")
    assert (doc.source_lang, doc.target_lang) == ("en", "ru")
    by_id = {s.id: s for s in doc.segments}
    assert "5" not in by_id  # inside <group translate="no">
    assert by_id["1"].source == "The CSTO discussed hypersonic missiles."
    assert by_id["1"].target == "ОДКБ обсудила гиперзвуковые ракеты." and by_id["1"].line == 7
    assert by_id["3"].source == "Collective security matters."  # <ph> content is code, not text
    assert by_id["3"].line == 16  # the target text starts on the line after <target>
    assert by_id["4"].note == "glossary: ignore"


def test_xliff2_segments_pc_ph_cp_and_unit_notes():
    doc = read_xliff(FIXTURES / "ru-hy.xlf")
    assert (doc.source_lang, doc.target_lang) == ("ru", "hy")
    assert [(s.id, s.line) for s in doc.segments] == [("u1/s1", 7), ("u1/s2", 11), ("u2", 20), ("u3", 26)]
    first, second, third, fourth = doc.segments
    assert first.source == "Государства-члены ОДКБ обсудили безопасность Армении."
    assert second.source == "Гиперзвуковые ракеты." and second.target == "Հրթիռներ։"
    assert "ignore=untranslated-script" in third.note
    assert fourth.source == "Анатолий Выборный\u00a0выступил."


def test_read_bilingual_dispatches(tmp_path):
    assert read_bilingual(FIXTURES / "ru-kk.po").kind == "po"
    assert read_bilingual(FIXTURES / "ru-hy.xlf").kind == "xliff"
    text = tmp_path / "t.txt"
    text.write_text("one\ntwo\n", encoding="utf-8")
    doc = read_bilingual(text, target_lang="en")
    assert doc.kind == "text" and [s.target for s in doc.segments] == ["one", "two"]
    with pytest.raises(InputError, match="cannot read"):
        read_bilingual(tmp_path / "missing.xlf")


@pytest.mark.parametrize("name", ["xxe.xlf", "laughs.xlf", "doctype.xlf"])
def test_unsafe_xml_is_refused(name):
    with pytest.raises(InputError, match="refused"):
        read_xliff(FIXTURES / name)


def test_doctype_in_utf16_is_refused_too(tmp_path):
    path = tmp_path / "u16.xlf"
    xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           '<xliff version="1.2"><file source-language="en" target-language="ru"><body>'
           '<trans-unit id="1"><source>a</source><target>&e;</target></trans-unit></body></file></xliff>')
    path.write_bytes(xml.encode("utf-16"))
    with pytest.raises(InputError, match="refused"):
        read_xliff(path)


def test_not_xliff_and_not_well_formed(tmp_path):
    other = tmp_path / "other.xlf"
    other.write_text("<tmx version='1.4'/>", encoding="utf-8")
    with pytest.raises(InputError, match="not an XLIFF file"):
        read_xliff(other)
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff version='1.2'>\n<file>\n</xliff>", encoding="utf-8")
    with pytest.raises(InputError, match="not well-formed") as error:
        read_xliff(broken)
    assert error.value.line == 3


def test_xliff2_code_points_out_of_range_are_dropped(tmp_path):
    path = tmp_path / "cp.xlf"
    path.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ru">'
                    '<file id="f"><unit id="u"><segment><source>a</source>'
                    '<target>b<cp hex="D800"/><cp hex="FFFFFFFFFFFFFFFFFFFF"/><cp hex="zz"/><cp hex="41"/>c</target>'
                    '</segment></unit></file></xliff>', encoding="utf-8")
    [segment] = read_xliff(path).segments
    assert segment.target == "bAc"
