"""The lookup index: built on first use, per-file incremental, never trusted when stale or corrupt."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary import indexcache as index_module
from glossary.index import EXACT, FORM, LATIN, PHRASE, SEGMENT_SUFFIX, V_FORM, V_LATIN, WORD, term_keys
from glossary.indexcache import cache_folder, folder_index, read_concepts
from glossary.model import Concept, Term
from glossary.store import read_domain, termbase_folder
from glossary.termbase import TermBase

FIXTURE = Path(__file__).parent / "fixtures" / "lookup" / "base"


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    target = tmp_path / "base"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture(autouse=True)
def fresh_process_cache():
    index_module._OPEN.clear()
    yield
    index_module._OPEN.clear()


def segments(folder: Path) -> dict[str, tuple[int, int]]:
    cache = folder / ".cache"
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(cache.glob("*" + SEGMENT_SUFFIX))}


def count_builds(monkeypatch) -> list[Path]:
    built: list[Path] = []
    original = index_module._build_file

    def spy(source, target, expected):
        built.append(source)
        return original(source, target, expected)

    monkeypatch.setattr(index_module, "_build_file", spy)
    return built


def test_term_keys_cover_every_layer():
    term = Term("гиперзвуковая ракета", "ru", forms={"one": "гиперзвуковая ракета", "few": "гиперзвуковые ракеты"})
    keys = term_keys(term)
    assert keys[EXACT] == {"гиперзвуковая ракета"}
    assert keys[FORM] == {"гиперзвуковые ракеты"}
    assert "гиперзвуковой ракета" in keys[PHRASE]
    assert {"гиперзвуковая", "гиперзвуковой", "ракета", "ракеты"} <= keys[WORD]
    assert "giperzvukovaia raketa" in keys[LATIN]


def test_first_use_builds_one_segment_per_file_next_to_the_base(base_dir):
    index = folder_index(base_dir)
    assert sorted(segments(base_dir)) == sorted(p.name + SEGMENT_SUFFIX for p in base_dir.glob("*.yaml"))
    assert len(index.segments) == 7
    assert index.language_names["kk"] == "Kazakh" and index.language_names["hy"] == "Armenian"


def test_inflected_russian_forms_are_in_the_index(base_dir):
    index = folder_index(base_dir)
    assert "ракета" in index.vocab(V_FORM, "ракетами")
    assert "гиперзвуковой" in index.vocab(V_FORM, "гиперзвуковыми")
    assert "ракета" in index.vocab(V_LATIN, "raketami")  # Latin typing of an inflected form


def test_a_warm_index_is_reused_without_reading_yaml(base_dir, monkeypatch):
    folder_index(base_dir)
    before = segments(base_dir)
    index_module._OPEN.clear()
    monkeypatch.setattr(index_module, "read_concepts", lambda path: pytest.fail(f"re-read {path}"))
    assert TermBase(base_dir).lookup("гиперзвуковыми ракетами")[0].concept == "hypersonic-missile"
    assert segments(base_dir) == before


def test_only_the_changed_file_is_reindexed(base_dir, monkeypatch):
    folder_index(base_dir)
    before = segments(base_dir)
    built = count_builds(monkeypatch)
    path = base_dir / "weapons.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("text: гиперзвуковая ракета",
                                                             "text: гиперзвуковой снаряд"), encoding="utf-8")
    base = TermBase(base_dir)
    assert base.lookup("гиперзвуковой снаряд")[0].concept == "hypersonic-missile"
    assert built == [path]
    after = segments(base_dir)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"weapons.yaml" + SEGMENT_SUFFIX}


def test_same_size_change_is_seen_through_mtime(base_dir):
    folder_index(base_dir)
    path = base_dir / "security.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- text: шпион\n", "- text: шпеон\n"), encoding="utf-8")
    assert path.stat().st_size == len(text.encode("utf-8"))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000))
    assert TermBase(base_dir).lookup("шпеон")[0].via == "exact"


def test_new_and_removed_files(base_dir):
    folder_index(base_dir)
    (base_dir / "people.yaml").unlink()
    assert not [m for m in TermBase(base_dir).lookup("Сердюков") if m.concept == "andrei-serdyukov"]
    assert "people.yaml" + SEGMENT_SUFFIX not in segments(base_dir)
    shutil.copy(FIXTURE / "people.yaml", base_dir / "people.yaml")
    assert TermBase(base_dir).lookup("Сердюков")[0].concept == "andrei-serdyukov"


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_corrupt_segment_is_silently_rebuilt(base_dir, damage):
    folder_index(base_dir)
    index_module._OPEN.clear()
    target = base_dir / ".cache" / ("weapons.yaml" + SEGMENT_SUFFIX)
    target.write_bytes(damage)
    assert TermBase(base_dir).lookup("гиперзвуковая ракета")[0].score == 100
    assert target.stat().st_size > 10_000


def test_a_segment_of_other_code_or_format_is_rebuilt(base_dir, monkeypatch):
    folder_index(base_dir)
    index_module._OPEN.clear()
    built = count_builds(monkeypatch)
    monkeypatch.setattr(index_module, "_code_stamp", lambda: "some-other-code")
    folder_index(base_dir)
    assert len(built) == 7


def test_a_segment_copied_from_another_base_is_not_trusted(base_dir, tmp_path, monkeypatch):
    folder_index(base_dir)
    other = tmp_path / "other"
    shutil.copytree(base_dir, other)
    (other / "people.yaml").write_text("domain: people\nconcepts: []\n", encoding="utf-8")
    built = count_builds(monkeypatch)
    index = folder_index(other)
    assert built  # the copies name the first base's files in their metadata: rebuilt
    assert not [m for m in TermBase(other).lookup("Сердюков") if m.concept == "andrei-serdyukov"]
    assert index.segments


def test_segments_are_written_with_write_atomic(base_dir, monkeypatch):
    import glossary.atomic

    written = []
    original = glossary.atomic.write_atomic
    monkeypatch.setattr(glossary.atomic, "write_atomic", lambda path, data: (written.append(Path(path)),
                                                                              original(path, data)))
    folder_index(base_dir)
    assert sorted(p.name for p in written) == sorted(segments(base_dir))


def test_unwritable_base_uses_the_user_cache_dir(base_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    real_access = os.access
    monkeypatch.setattr(index_module.os, "access",
                        lambda path, mode: False if Path(path) in (base_dir, base_dir / ".cache") else real_access(path, mode))
    cache = cache_folder(base_dir)
    assert cache.parent == tmp_path / "xdg" / "glossary"
    assert TermBase(base_dir).lookup("ОДКБ")[0].concept == "csto"
    assert len(list(cache.glob("*" + SEGMENT_SUFFIX))) == 7
    assert not (base_dir / ".cache").exists()


def test_when_no_cache_can_be_written_lookups_still_work(base_dir, monkeypatch):
    from glossary.errors import InputError

    def refuse(path, data):
        raise InputError("cannot write: read-only", path)

    import glossary.atomic

    monkeypatch.setattr(glossary.atomic, "write_atomic", refuse)
    assert TermBase(base_dir).lookup("ОДКБ")[0].concept == "csto"


def test_fast_reader_agrees_with_the_store():
    for folder in (FIXTURE, termbase_folder()):
        for path in sorted(folder.glob("*.yaml")):
            assert read_concepts(path) == read_domain(path)[1], path


def test_fast_reader_falls_back_to_the_store_for_unusual_yaml(tmp_path):
    path = tmp_path / "weapons.yaml"
    path.write_text("domain: weapons\nconcepts:\n- &a\n  id: missile\n  terms:\n    en:\n    - text: missile\n",
                    encoding="utf-8")
    assert [c.id for c in read_concepts(path)] == ["missile"]


def test_broken_yaml_is_a_one_line_input_error(base_dir):
    from glossary.errors import InputError

    (base_dir / "legal.yaml").write_text("domain: legal\nconcepts: [\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        TermBase(base_dir).lookup("ОДКБ")
    assert "legal.yaml" in str(error.value)


def test_an_in_memory_base_is_indexed_in_memory(tmp_path):
    base = TermBase(tmp_path / "nowhere", [Concept("missile", "weapons", terms={"ru": [Term("ракета", "ru")]})])
    assert base.lookup("ракетами")[0].concept == "missile"
    base.add(Concept("spy", "security", terms={"ru": [Term("шпион", "ru")]}))
    assert base.lookup("шпионы")[0].concept == "spy"
    assert not (tmp_path / "nowhere").exists()


def test_a_loaded_base_with_an_added_concept_is_indexed_in_memory(base_dir):
    base = TermBase.load(base_dir)
    assert base.lookup("ОДКБ")[0].concept == "csto"
    base.add(Concept("laser-weapon", "weapons", terms={"en": [Term("laser weapon", "en")]}))
    assert base.lookup("laser weapons")[0].concept == "laser-weapon"


def test_a_warm_cli_lookup_loads_neither_pymorphy3_nor_the_yaml_store(base_dir):
    folder_index(base_dir)
    code = ("import sys; from glossary.termbase import TermBase; "
            f"m = TermBase({str(base_dir)!r}).lookup('гиперзвуковыми ракетами'); "
            "import glossary.indexcache as i; "
            "print(m[0].concept, 'pymorphy3' in sys.modules, i.read_concepts.__module__)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split()[:2] == ["hypersonic-missile", "False"], result.stderr


def test_parallel_build_gives_the_same_answers(base_dir, tmp_path, monkeypatch):
    queries = ("ОДКБ", "гиперзвуковыми ракетами", "bespilotnik", "Serdukov", "Collective Security Treaty")
    serial = [[(m.concept, m.score, m.via) for m in TermBase(base_dir).lookup(q)] for q in queries]
    other = tmp_path / "other"
    shutil.copytree(FIXTURE, other)
    monkeypatch.setattr(index_module, "PARALLEL_BYTES", 0)
    built_here = count_builds(monkeypatch)
    assert len(folder_index(other).segments) == 7
    assert built_here == []  # every segment came from a worker process
    assert len(segments(other)) == 7
    assert [[(m.concept, m.score, m.via) for m in TermBase(other).lookup(q)] for q in queries] == serial


def test_segments_record_their_source_and_reject_other_versions(base_dir):
    from glossary.index import Segment

    folder_index(base_dir)
    data = (base_dir / ".cache" / ("weapons.yaml" + SEGMENT_SUFFIX)).read_bytes()
    segment = Segment(data)
    assert segment.meta["path"] == str((base_dir / "weapons.yaml").resolve())
    with pytest.raises(ValueError):
        Segment(data[:-1])
    with pytest.raises(ValueError):
        Segment(data[:20] + b"x" + data[21:])  # the header checksum


def test_table_lookups_agree_with_a_plain_bisection_for_present_and_absent_keys():
    """The key filter and the search window around a key's even share are shortcuts only."""
    import random
    from bisect import bisect_left

    from glossary.index import Segment, build_segment

    segment = Segment(build_segment(TermBase.load().concepts(), {"format": "test"}))
    rng = random.Random(7)
    for table in ("post", "grams", "vocab"):
        keys = segment.s[table + ".keys"]
        drop = 64 - segment.meta["key_bits"][table]  # the fuzzy candidates keep half of each hash
        assert len(keys) > 1000
        probes = [key << drop for key in keys] + [rng.getrandbits(64) for _ in range(5000)] + [0, 2**64 - 1]
        for key in probes:
            i = bisect_left(keys, key >> drop)
            present = i < len(keys) and keys[i] == key >> drop
            assert bool(segment.lookup(table, key, 1)) == present


def test_words_two_edits_away_are_fuzzy_candidates_through_their_thirds(base_dir):
    from glossary.index import G_WORD
    from glossary.indexcache import open_index

    index = open_index(TermBase(base_dir))
    # two letters changed: no deletion of one meets a deletion of the other
    assert "гиперзвуковая" in index.similar("гипарзвуковоя", edits=2, kind=G_WORD)
    assert "гиперзвуковая" not in index.similar("гипарзвуковоя", edits=1, kind=G_WORD)
