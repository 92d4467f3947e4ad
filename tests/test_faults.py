"""Faults never lose data: failed writes, kill -9 in the middle of a compile, concurrent writers
and readers.

- Every write goes through glossary.atomic (temp file in the same folder, fsync, rename); a
  change of several files (a save, a fmt) is all or nothing.
- A compile killed at any moment leaves every catalog whole (the old or the new bytes) and no
  file that gettext would open half-written.
- Concurrent compiles and readers: readers only ever see whole, parseable catalogs.
- Concurrent writers of the base are serialised by the lock or refused with exit 2; no update
  is silently lost.
Faults are injected either for real (kill -9, a lock path that is a folder) or by patching one
OS call in a child process (``patched`` below), never by changing the product code.
"""
from __future__ import annotations

import errno
import gettext
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from glossary.atomic import write_atomic, write_files
from glossary.errors import InputError
from glossary.fmt import format_base
from glossary.termbase import TermBase

from .conftest import FIXTURES, REPO, snapshot

TEMP = re.compile(r"\.[^/]+\.tmp$")  # the writer's temp files: hidden, never a name gettext opens


def glossary(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GLOSSARY_TERMBASE"}
    return subprocess.run([sys.executable, "-m", "glossary", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def patched(patch: str, *args, **popen) -> subprocess.Popen:
    """Start the CLI in a child process after running ``patch`` (Python code that injects a fault)."""
    code = "import os, sys, time\n" + textwrap.dedent(patch) + "\nfrom glossary_cli.main import run\nrun(sys.argv[1:])\n"
    env = {k: v for k, v in os.environ.items() if k != "GLOSSARY_TERMBASE"}
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, **popen)


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if TEMP.search(p.name)]


# --- the atomic writer under failure --------------------------------------------------------------

def _fail_on_call(monkeypatch, module, name: str, call: int, error: BaseException) -> None:
    real = getattr(module, name)
    count = {"n": 0}

    def failing(*args, **kwargs):
        count["n"] += 1
        if count["n"] == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


@pytest.mark.parametrize("name, call, error", [
    ("fsync", 1, OSError(errno.ENOSPC, "No space left on device")),
    ("fsync", 2, OSError(errno.ENOSPC, "No space left on device")),
    ("fsync", 3, OSError(errno.EIO, "Input/output error")),
    ("replace", 1, OSError(errno.EROFS, "Read-only file system")),
    ("replace", 2, OSError(errno.EXDEV, "Invalid cross-device link")),
    ("replace", 3, OSError(errno.EIO, "Input/output error")),
    ("replace", 2, KeyboardInterrupt()),
])
def test_a_failed_multi_file_write_leaves_every_file_as_it_was(tmp_path, monkeypatch, name, call, error):
    for n in range(3):
        (tmp_path / f"f{n}.txt").write_text(f"old {n}")
    before = snapshot(tmp_path)
    _fail_on_call(monkeypatch, os, name, call, error)
    with pytest.raises(type(error) if isinstance(error, KeyboardInterrupt) else InputError):
        write_files({tmp_path / f"f{n}.txt": f"new {n}" for n in range(3)} | {tmp_path / "new.txt": "new"})
    assert snapshot(tmp_path) == before
    assert no_temp_files(tmp_path)


def test_a_new_file_is_removed_again_when_the_change_fails(tmp_path, monkeypatch):
    (tmp_path / "b.txt").write_text("old")
    _fail_on_call(monkeypatch, os, "replace", 2, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(InputError, match="Input/output error"):
        write_files({tmp_path / "a.txt": "new a", tmp_path / "b.txt": "new b"})
    assert snapshot(tmp_path) == {"b.txt": b"old"}


def test_the_error_names_the_file_that_blocks_a_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError) as caught:
        write_atomic(tmp_path / "file" / "sub" / "a.po", "x")
    assert str(caught.value) == f"{tmp_path / 'file' / 'sub' / 'a.po'}: cannot write: {tmp_path / 'file'} is a file, not a folder"


def test_permissions_of_a_replaced_file_are_kept(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert path.stat().st_mode & 0o777 == 0o640


def _two_domain_change(base_folder: Path) -> TermBase:
    from glossary.model import Concept, Term

    base = TermBase.load(base_folder)
    base.add(Concept("drone-swarm", "weapons", terms={"en": [Term("drone swarm", "en")]}))
    base.add(Concept("peacekeeping-force", "organization", terms={"en": [Term("peacekeeping force", "en")]}))
    return base


@pytest.mark.parametrize("call", [1, 2])
def test_a_save_that_fails_half_way_changes_no_file(small_base, monkeypatch, call):
    before = snapshot(small_base)
    base = _two_domain_change(small_base)
    _fail_on_call(monkeypatch, os, "replace", call, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(InputError, match="No space left"):
        base.save()
    assert {k: v for k, v in snapshot(small_base).items() if k != ".glossary.lock"} == before
    assert no_temp_files(small_base)


def test_a_fmt_that_fails_half_way_changes_no_file(small_base, monkeypatch):
    for name in ("organization.yaml", "weapons.yaml"):
        path = small_base / name
        path.write_bytes(path.read_bytes() + b"\n\n")
    before = snapshot(small_base)
    _fail_on_call(monkeypatch, os, "replace", 2, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(InputError, match="Input/output error"):
        format_base(small_base)
    assert {k: v for k, v in snapshot(small_base).items() if k != ".glossary.lock"} == before
    assert no_temp_files(small_base)


def test_save_refuses_when_another_process_changed_the_base_since_it_was_read(small_base):
    from glossary.model import Concept, Term

    base = TermBase.load(small_base)
    base.add(Concept("drone-swarm", "weapons", terms={"en": [Term("drone swarm", "en")]}))
    other = TermBase.load(small_base)  # another writer, done first
    other.add(Concept("loitering-munition", "weapons", terms={"en": [Term("loitering munition", "en")]}))
    assert other.save() == [small_base / "weapons.yaml"]
    written = (small_base / "weapons.yaml").read_bytes()
    with pytest.raises(InputError, match="changed by another process"):
        base.save()
    assert (small_base / "weapons.yaml").read_bytes() == written
    other.add(Concept("swarm-attack", "weapons", terms={"en": [Term("swarm attack", "en")]}))
    assert other.save() == [small_base / "weapons.yaml"]  # its own earlier save is not a foreign change
    assert {"loitering-munition", "swarm-attack"} <= {c.id for c in TermBase.load(small_base).concepts()}


def test_a_base_built_in_memory_saves_without_a_read_state(tmp_path):
    from glossary.model import Concept, Term

    base = TermBase(tmp_path / "new", [Concept("spy", "security", terms={"en": [Term("spy", "en")]})])
    assert base.save() == [tmp_path / "new" / "security.yaml"]


def test_a_cli_import_whose_write_fails_is_one_line_and_changes_nothing(small_base, tmp_path):
    csv = tmp_path / "two-domains.csv"
    header = (FIXTURES / "bad" / "csv" / "header-only.csv").read_text(encoding="utf-8")
    csv.write_text(header + "drone-swarm,weapons,en,drone swarm,,,,,,,,,,,,,,,,,,,\n"
                            "peacekeeping-force,organization,en,peacekeeping force,,,,,,,,,,,,,,,,,,,\n", encoding="utf-8")
    before = snapshot(small_base)
    child = patched("""
        real, calls = os.replace, []
        def replace(src, dst):
            calls.append(dst)
            if len(calls) == 2 and str(dst).endswith(".yaml"):
                raise OSError(28, "No space left on device")
            return real(src, dst)
        os.replace = replace
    """, "-t", small_base, "import", csv)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 2 and err.count("\n") == 1 and "No space left on device" in err and "Traceback" not in err
    assert {k: v for k, v in snapshot(small_base).items() if not k.startswith((".cache/", ".glossary.lock"))} == before
    assert no_temp_files(small_base)
    assert glossary("-t", small_base, "import", csv).returncode == 0  # and it works once the disk has room


# --- kill -9 in the middle of a compile ---------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Two versions of a synthetic base (8000 terms) and the reference catalogs of each."""
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import synthetic as generator
    finally:
        sys.path.remove(str(REPO / "bench"))
    root = tmp_path_factory.mktemp("synthetic")
    refs = {}
    for version, seed in (("v1", 1), ("v2", 2)):
        generator.write(generator.generate(8000, seed=seed), root / f"base-{version}", files=7)
        result = glossary("-t", root / f"base-{version}", "compile", "-o", root / f"ref-{version}")
        assert result.returncode == 0, result.stderr
        refs[version] = snapshot(root / f"ref-{version}")
    assert len(refs["v1"]) == 13 and all(refs["v1"][name] != refs["v2"][name] for name in refs["v1"])
    for data in [*refs["v1"].items(), *refs["v2"].items()]:
        _valid_catalog(*data)
    return root, refs


def _valid_catalog(name: str, data: bytes) -> int:
    """Parse a catalog the way its consumers do; return its number of messages."""
    if name.endswith(".mo"):
        catalog = gettext.GNUTranslations(io.BytesIO(data))
        return len(catalog._catalog)  # noqa: SLF001 - the parsed messages
    import polib

    return len(polib.pofile(data.decode("utf-8")))


def _msgfmt_check(folder: Path) -> None:
    for po in sorted(folder.rglob("*.po")) + sorted(folder.rglob("*.pot")):
        result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
        assert result.returncode == 0, (po, result.stderr)


def _assert_whole(out: Path, refs: dict[str, dict[str, bytes]]) -> dict[str, str]:
    """Every catalog in ``out`` is exactly one of the reference versions; only hidden temp files besides."""
    versions = {}
    for path in sorted(out.rglob("*")):
        if path.is_dir():
            continue
        name = str(path.relative_to(out))
        if TEMP.search(path.name):
            continue  # a temp file a killed writer left: hidden, and not a name gettext ever opens
        data = path.read_bytes()
        found = [v for v, files in refs.items() if files.get(name) == data]
        assert found, f"{name} is neither the old nor the new catalog ({len(data)} bytes)"
        versions[name] = found[0]
    assert set(versions) == set(refs["v1"])
    return versions


def test_compile_killed_at_random_moments_leaves_whole_catalogs(synthetic, tmp_path):
    root, refs = synthetic
    out = tmp_path / "locales"
    shutil.copytree(root / "ref-v1", out)
    seen = set()
    for delay in (0.05, 0.3, 0.5, 0.7, 0.9, 1.2):
        child = patched("", "-t", root / "base-v2", "compile", "-o", out)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.communicate()
        seen |= set(_assert_whole(out, refs).values())
    _msgfmt_check(out)
    finished = glossary("-t", root / "base-v2", "compile", "-o", out)
    assert finished.returncode == 0, finished.stderr
    assert set(_assert_whole(out, refs).values()) == {"v2"}
    _msgfmt_check(out)


def test_compile_killed_while_writing_leaves_whole_catalogs_and_only_hidden_temp_files(synthetic, tmp_path):
    """fsync is slowed down so that the kill lands in the write phase: some catalogs are new,
    the rest old, one temp file half written — and gettext sees only whole files."""
    root, refs = synthetic
    out = tmp_path / "locales"
    shutil.copytree(root / "ref-v1", out)
    child = patched("""
        real = os.fsync
        def slow_fsync(fd):
            time.sleep(0.4)
            return real(fd)
        os.fsync = slow_fsync
    """, "-t", root / "base-v2", "compile", "-o", out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        replaced = [name for name, data in refs["v2"].items() if (out / name).exists()
                    and (out / name).read_bytes() == data]
        if not no_temp_files(out) or len(replaced) >= 2:
            break
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.communicate()
    versions = _assert_whole(out, refs)
    # killed while staging (all old) or while renaming (a mix): every file whole either way
    assert set(versions.values()) <= {"v1", "v2"}
    for name in versions:
        _valid_catalog(name, (out / name).read_bytes())
    _msgfmt_check(out)
    leftovers = [p for p in out.rglob("*") if TEMP.search(p.name)]
    assert all(p.name.startswith(".glossary.") for p in leftovers)
    # Python gettext finds every entry of whatever version each .mo is
    import polib

    for lang in ("ru", "be", "hy"):
        name = f"{lang}/LC_MESSAGES/glossary"
        translation = gettext.translation("glossary", out, languages=[lang])
        entries = polib.pofile(refs[versions[name + ".mo"]][name + ".po"].decode("utf-8"))
        assert len(entries) > 800
        for entry in entries:
            assert translation.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
    assert glossary("-t", root / "base-v2", "compile", "-o", out).returncode == 0
    assert set(_assert_whole(out, refs).values()) == {"v2"}


# --- concurrent compiles and readers ------------------------------------------------------------

READER = """
import gettext, io, json, sys, time
from pathlib import Path
import polib
out, stop = Path(sys.argv[1]), Path(sys.argv[2])
refs = json.loads(Path(sys.argv[3]).read_text())
reads = failures = 0
problems = []
while not stop.exists():
    for name in refs:
        try:
            data = (out / name).read_bytes()
        except FileNotFoundError:
            continue
        try:
            if name.endswith(".mo"):
                count = len(gettext.GNUTranslations(io.BytesIO(data))._catalog)
            else:
                count = len(polib.pofile(data.decode("utf-8")))
            if count not in refs[name]:
                raise ValueError(f"{count} messages")
        except Exception as e:
            failures += 1
            problems.append(f"{name}: {type(e).__name__}: {e}"[:200])
        reads += 1
print(json.dumps({"reads": reads, "failures": failures, "problems": problems[:5]}))
"""


def _message_counts(refs: dict[str, dict[str, bytes]]) -> dict[str, list[int]]:
    return {name: sorted({_valid_catalog(name, files[name]) for files in refs.values()}) for name in refs["v1"]}


@pytest.mark.parametrize("versions", [("v2", "v2", "v2", "v2"), ("v1", "v2", "v1", "v2")])
def test_concurrent_compiles_and_a_reader_see_only_whole_catalogs(synthetic, tmp_path, versions):
    import json

    root, refs = synthetic
    out = tmp_path / "locales"
    shutil.copytree(root / "ref-v1", out)
    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps(_message_counts(refs)))
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(out), str(stop), str(counts)],
                              stdout=subprocess.PIPE, text=True)
    writers = [patched("", "-t", root / f"base-{v}", "compile", "-o", out) for v in versions]
    results = [(w.wait(timeout=300), w.communicate()) for w in writers]
    stop.touch()
    report = json.loads(reader.communicate(timeout=120)[0])
    assert all(code == 0 for code, _ in results), results
    assert report["failures"] == 0 and report["reads"] > 0, report
    final = _assert_whole(out, refs)
    if set(versions) == {"v2"}:
        assert set(final.values()) == {"v2"}
    assert no_temp_files(out)
    _msgfmt_check(out)


# --- concurrent writers of the term base --------------------------------------------------------

HEADER = (FIXTURES / "bad" / "csv" / "header-only.csv").read_text(encoding="utf-8")


def _csv(tmp_path: Path, cid: str, term: str) -> Path:
    path = tmp_path / f"{cid}.csv"
    path.write_text(HEADER + f"{cid},weapons,en,{term},,,,,,,,,,,,,,,,,,,\n", encoding="utf-8")
    return path


def _ids(folder: Path) -> set[str]:
    return {c.id for c in TermBase.load(folder).concepts()}


REFUSED = "changed by another process"


def test_two_imports_at_once_lose_no_update(small_base, tmp_path):
    for round_ in range(6):
        files = [_csv(tmp_path, f"drone-{round_}-{n}", f"drone {round_} {n}") for n in range(2)]
        children = [patched("", "-t", small_base, "import", f) for f in files]
        outcomes = [(c.wait(timeout=120), c.communicate()[1]) for c in children]
        ids = _ids(small_base)
        for (code, err), path in zip(outcomes, files):
            cid = path.stem
            if code == 0:
                assert cid in ids, (round_, outcomes)
            else:
                assert code == 2 and REFUSED in err and err.count("\n") == 1, outcomes
                assert cid not in ids
        assert any(code == 0 for code, _ in outcomes)
    assert glossary("-t", small_base, "validate").returncode == 0


def test_an_import_that_read_an_older_base_is_refused_not_lost(small_base, tmp_path):
    """A reads the base, B imports meanwhile, then A saves: A must not overwrite B's concept."""
    first, second = _csv(tmp_path, "drone-swarm", "drone swarm"), _csv(tmp_path, "loitering-munition", "loitering munition")
    ready, go = tmp_path / "ready", tmp_path / "go"
    slow = patched(f"""
        from glossary.termbase import TermBase
        from pathlib import Path
        real = TermBase.save
        def save(self):
            Path({str(ready)!r}).touch()
            while not Path({str(go)!r}).exists():
                time.sleep(0.01)
            return real(self)
        TermBase.save = save
    """, "-t", small_base, "import", first)
    _wait_for(ready)
    fast = glossary("-t", small_base, "import", second)
    assert fast.returncode == 0, fast.stderr
    go.touch()
    out, err = slow.communicate(timeout=120)
    assert slow.returncode == 2 and REFUSED in err and err.count("\n") == 1 and "Traceback" not in err
    assert "loitering-munition" in _ids(small_base) and "drone-swarm" not in _ids(small_base)
    again = glossary("-t", small_base, "import", first)  # run again, as the message says
    assert again.returncode == 0 and {"loitering-munition", "drone-swarm"} <= _ids(small_base)


def test_import_during_fmt_is_not_overwritten_by_fmt(small_base, tmp_path):
    """fmt read the files, then an import wrote one, then fmt writes: fmt reads again under the lock."""
    path = small_base / "weapons.yaml"
    path.write_bytes(path.read_bytes() + b"\n\n")
    ready, go = tmp_path / "ready", tmp_path / "go"
    fmt = patched(f"""
        import glossary.fmt
        from pathlib import Path
        real = glossary.fmt.locked
        def locked(folder, *args, **kwargs):
            Path({str(ready)!r}).touch()
            while not Path({str(go)!r}).exists():
                time.sleep(0.01)
            return real(folder, *args, **kwargs)
        glossary.fmt.locked = locked
    """, "-t", small_base, "fmt")
    _wait_for(ready)
    imported = glossary("-t", small_base, "import", _csv(tmp_path, "drone-swarm", "drone swarm"))
    assert imported.returncode == 0, imported.stderr
    go.touch()
    out, err = fmt.communicate(timeout=120)
    assert fmt.returncode == 0, err
    assert "drone-swarm" in _ids(small_base)
    assert glossary("-t", small_base, "fmt", "--check").returncode == 0


def test_import_while_fmt_holds_the_lock_waits_or_is_refused(small_base, tmp_path):
    path = small_base / "weapons.yaml"
    path.write_bytes(path.read_bytes() + b"\n\n")
    ready, go = tmp_path / "ready", tmp_path / "go"
    fmt = patched(f"""
        import glossary.fmt
        from pathlib import Path
        real = glossary.fmt.write_files
        def write_files(files):
            Path({str(ready)!r}).touch()
            while not Path({str(go)!r}).exists():
                time.sleep(0.01)
            return real(files)
        glossary.fmt.write_files = write_files
    """, "-t", small_base, "fmt")
    _wait_for(ready)  # fmt holds the lock now, its files not yet written
    importer = patched("", "-t", small_base, "import", _csv(tmp_path, "drone-swarm", "drone swarm"))
    time.sleep(1.0)
    assert importer.poll() is None  # waiting for the lock
    go.touch()
    assert fmt.wait(timeout=120) == 0
    _, err = importer.communicate(timeout=120)
    if importer.returncode == 0:
        assert "drone-swarm" in _ids(small_base)
    else:
        assert importer.returncode == 2 and REFUSED in err and err.count("\n") == 1
        assert "drone-swarm" not in _ids(small_base)
    assert glossary("-t", small_base, "fmt", "--check").returncode == 0


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def test_the_lock_file_is_the_only_trace_of_a_writer(small_base, tmp_path):
    imported = glossary("-t", small_base, "import", _csv(tmp_path, "drone-swarm", "drone swarm"))
    assert imported.returncode == 0
    extra = {p.name for p in small_base.iterdir()} - {"organization.yaml", "weapons.yaml"}
    assert extra <= {".glossary.lock", ".cache"}
    assert no_temp_files(small_base)


def test_every_write_of_the_library_goes_through_the_atomic_writer():
    """No module but glossary/atomic.py writes, renames or creates temp files itself."""
    writes = re.compile(r"\.write_(text|bytes)\(|\bopen\([^)]*['\"][wax]b?\+?['\"]|os\.(rename|replace|fdopen)\(|"
                        r"mkstemp\(|NamedTemporaryFile\(|shutil\.(copy\w*|move)\(")
    offenders = []
    for path in sorted([*(REPO / "glossary").rglob("*.py"), *(REPO / "cli").rglob("*.py")]):
        if path.name == "atomic.py" and path.parent.name == "glossary":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if writes.search(line) and not line.lstrip().startswith((">>>", "...", "#")):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []
