"""glossary.xmlsafe: hostile XML is refused with one clear error; ordinary XML parses."""
from __future__ import annotations

import pytest

from glossary.errors import InputError
from glossary.xmlsafe import parse_xml, read_xml, text_of

XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx>&xxe;</tbx>"""
XXE_NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<tbx/>"""
LAUGHS = ("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY l0 'lol'>"
          + "".join(f"<!ENTITY l{i} '{('&l%d;' % (i - 1)) * 10}'>" for i in range(1, 10))
          + "]><lolz a='&l9;'>&l9;</lolz>").encode()


@pytest.mark.parametrize("data", [XXE_FILE, XXE_NETWORK, LAUGHS], ids=["xxe-file", "xxe-parameter-entity", "laughs"])
def test_entity_declarations_are_refused(data):
    with pytest.raises(InputError) as caught:
        parse_xml(data, "evil.tbx")
    message = str(caught.value)
    assert message.startswith("evil.tbx:") and "refused" in message and "entit" in message
    assert "\n" not in message and "root:" not in message


def test_entities_are_refused_in_utf16_too():
    data = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'
    with pytest.raises(InputError, match="refused: the DOCTYPE declares entities"):
        parse_xml(data.encode("utf-16"), "evil.xml")


def test_undeclared_entity_behind_an_external_dtd_is_refused():
    with pytest.raises(InputError, match=r"entity reference &nbsp; is not defined"):
        parse_xml(b'<!DOCTYPE a SYSTEM "a.dtd"><a>x&nbsp;y</a>', "a.xml")


def test_a_doctype_without_entities_is_accepted_and_its_dtd_never_read(tmp_path):
    root = parse_xml(b'<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "http://127.0.0.1:9/x.dtd">\n<martif><b>ok</b></martif>')
    assert root.tag == "martif" and text_of(root) == "ok"


def test_depth_and_size_limits():
    with pytest.raises(InputError, match="nested more than 10 deep"):
        parse_xml(b"<a>" * 11 + b"</a>" * 11, "deep.xml", max_depth=10)
    with pytest.raises(InputError, match="nested too deeply"):
        parse_xml(b"<a>" * 100_000 + b"</a>" * 100_000, "deep.xml")
    with pytest.raises(InputError, match="more than the limit of 100 bytes"):
        parse_xml(b"<a>" + b"x" * 200 + b"</a>", "big.xml", max_bytes=100)


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "big.tbx"
    path.write_bytes(b"<a>" + b"x" * 5000 + b"</a>")
    with pytest.raises(InputError, match="limit of 1,000 bytes"):
        read_xml(path, max_bytes=1000)


@pytest.mark.parametrize("data, expected", [
    (b"<a><b>cut", "big.xml:1: not well-formed XML: Premature end of data in tag b line 1"),
    (b"<a>\n<b></a>", "big.xml:2: not well-formed XML: Opening and ending tag mismatch: b line 2 and a"),
    (b"   ", "big.xml: empty file, expected XML"),
])
def test_malformed_xml_is_one_line_with_its_line_number(data, expected):
    with pytest.raises(InputError) as caught:
        parse_xml(data, "big.xml")
    assert str(caught.value) == expected


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_xml(tmp_path / "missing.tbx")
