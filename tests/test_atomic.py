"""The one atomic writer and the writer lock."""
from __future__ import annotations

import os
import threading
import time

import pytest

from glossary.atomic import locked, write_atomic
from glossary.errors import InputError


def test_replaces_whole_file_and_leaves_no_temp(tmp_path):
    path = tmp_path / "a.txt"
    write_atomic(path, "one")
    write_atomic(path, "two")
    assert path.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_failure_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    write_atomic(path, "old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(InputError, match="No space left"):
        write_atomic(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_unwritable_folder(tmp_path):
    if os.geteuid() == 0:
        target = tmp_path / "file" / "sub" / "a.txt"  # a parent that is a file fails for root too
        (tmp_path / "file").write_text("x")
    else:
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
        target = folder / "a.txt"
    with pytest.raises(InputError, match="cannot write"):
        write_atomic(target, "x")


def test_lock_serialises_writers(tmp_path):
    order = []

    def writer(name):
        with locked(tmp_path):
            order.append(f"{name}-in")
            time.sleep(0.1)
            order.append(f"{name}-out")

    threads = [threading.Thread(target=writer, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert order in (["a-in", "a-out", "b-in", "b-out"], ["b-in", "b-out", "a-in", "a-out"])


def test_lock_times_out_clearly(tmp_path):
    with locked(tmp_path):
        result = {}

        def other():
            try:
                with locked(tmp_path, timeout=0.2):
                    result["got"] = True
            except InputError as e:
                result["error"] = str(e)

        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert "another glossary process is writing" in result["error"]
