"""Where the lookup index lives and when it is rebuilt: one segment per domain file.

Segments (built by :func:`glossary.index.build_segment`) live in ``<base>/.cache/`` when the
base folder is writable, else in ``platformdirs.user_cache_dir("glossary")/<hash of the path>/``.
A segment is reused only while its domain file's path, size and mtime_ns, the index format and
a hash of the code that decides the keys are unchanged; otherwise that file alone is rebuilt
(large bases in parallel worker processes), so a one-file change costs one file.

>>> from glossary.model import Concept, Term
>>> from glossary.termbase import TermBase
>>> from glossary.index import EXACT
>>> base = TermBase("/nonexistent", [Concept("missile", "weapons", terms={"ru": [Term("ракета", "ru")]})])
>>> index = open_index(base)
>>> [(index.row(ref).text, n) for ref, n in index.find(EXACT, ["ракета"])]
[('ракета', 1)]
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .index import (BUILD_BASE_BYTES, BUILD_BYTES_PER_BYTE, FORMAT_VERSION, MEMORY_BUDGET, PARALLEL_BYTES,
                    SEGMENT_SUFFIX, Index, Segment, build_segment)
from .model import Concept

if TYPE_CHECKING:
    from .termbase import TermBase


def iter_concepts(path: Path) -> Iterator[Concept]:
    """The concepts of one domain file, streamed (see :func:`glossary.store.iter_concepts_fast`)."""
    from .store import iter_concepts_fast

    return iter_concepts_fast(path)


def read_concepts(path: Path) -> list[Concept]:
    """The concepts of one domain file, read fast; odd or broken files go through the store.

    >>> from glossary.store import termbase_folder, read_domain
    >>> path = termbase_folder() / "people.yaml"
    >>> read_concepts(path) == read_domain(path)[1]
    True
    """
    from .store import read_domain

    try:
        return list(iter_concepts(path))
    except Exception:  # the store reports the problem with its line, or reads what we would not
        return read_domain(path)[1]


# --- where segments live, and when they are rebuilt ------------------------------------

_CODE_FILES = ("index.py", "indexcache.py", "neighbours.py", "text/morphology.py", "text/normalise.py",
               "text/translit.py", "store.py")


def _code_stamp() -> str:
    """A hash of the code that decides the index keys: a change of it rebuilds every segment."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha1(FORMAT_VERSION.encode())
    for name in _CODE_FILES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()[:16]


def cache_folder(folder: Path) -> Path:
    """``<base>/.cache`` when it can be written, else the user's cache dir keyed by the base path."""
    local = folder / ".cache"
    if os.access(local if local.exists() else folder, os.W_OK):
        return local
    import platformdirs

    key = hashlib.sha1(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(platformdirs.user_cache_dir("glossary")) / key


def _expected_meta(path: Path, stat: os.stat_result, stamp: str) -> dict[str, str]:
    return {"format": FORMAT_VERSION, "code": stamp, "path": str(path.resolve()),
            "bytes": str(stat.st_size), "mtime_ns": str(stat.st_mtime_ns)}


def _open_segment(path: Path, expected: dict[str, str]) -> Segment | None:
    """The segment at ``path`` if it reads back whole and matches ``expected``; else None."""
    import mmap

    try:
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        segment = Segment(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(segment.meta.get(k) != v for k, v in expected.items()):
        return None
    return segment


def _build_file(source: Path, target: Path, expected: dict[str, str]) -> Segment:
    """Read one domain file, index it and write the segment atomically (or keep it in memory)."""
    from .atomic import write_atomic
    from .errors import GlossaryError

    from .store import read_domain

    try:
        data = build_segment(iter_concepts(source), expected)
    except Exception:  # unusual or broken YAML: the store reads it, or says where it is broken
        data = build_segment(read_domain(source)[1], expected)
    try:
        write_atomic(target, data)
    except GlossaryError:
        return Segment(data)  # a read-only cache: answer from memory this time
    return _open_segment(target, expected) or Segment(data)


def _build_in_worker(source: Path, target: Path, expected: dict[str, str]) -> bool:
    return _build_file(source, target, expected) is not None and target.exists()


def _build_all(jobs: list[tuple[Path, Path, dict[str, str]]]) -> list[Segment]:
    """Build stale segments: in parallel processes when there is enough work for it."""
    sizes = [source.stat().st_size for source, _, _ in jobs]
    per_job = BUILD_BASE_BYTES + BUILD_BYTES_PER_BYTE * max(sizes, default=0)
    workers = max(1, min(len(jobs), os.cpu_count() or 1, 8, MEMORY_BUDGET // per_job))
    size = sum(sizes)
    if workers > 1 and size > PARALLEL_BYTES:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                written = list(pool.map(_build_in_worker, *zip(*jobs), chunksize=1))
        except (OSError, RuntimeError):
            written = [False] * len(jobs)
        return [(_open_segment(target, expected) if ok else None) or _build_file(source, target, expected)
                for ok, (source, target, expected) in zip(written, jobs)]
    return [_build_file(*job) for job in jobs]


_OPEN: dict[str, tuple[tuple, Index]] = {}


def folder_index(folder: Path) -> Index:
    """The index of the domain files in ``folder``: up to date, rebuilt per changed file."""
    from .store import domain_files

    files = domain_files(folder)
    stats = [(p, _stat(p)) for p in files]
    state = tuple((str(p), s.st_size, s.st_mtime_ns) for p, s in stats)
    key = str(folder.resolve())
    cached = _OPEN.get(key)
    if cached and cached[0] == state:
        return cached[1]
    stamp = _code_stamp()
    cache = cache_folder(folder)
    segments: list[Segment | None] = []
    jobs = []
    for path, stat in stats:
        expected = _expected_meta(path, stat, stamp)
        target = cache / (path.name + SEGMENT_SUFFIX)
        segment = _open_segment(target, expected)
        segments.append(segment)
        if segment is None:
            jobs.append((path, target, expected))
    built = iter(_build_all(jobs))
    index = Index([segment or next(built) for segment in segments])
    _remove_orphans(cache, {p.name + SEGMENT_SUFFIX for p in files})
    _OPEN[key] = (state, index)
    return index


def _stat(path: Path) -> os.stat_result:
    from .errors import InputError

    try:
        return path.stat()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path) from None


def _remove_orphans(cache: Path, keep: set[str]) -> None:
    try:
        for entry in os.scandir(cache):
            if entry.name.endswith((SEGMENT_SUFFIX, ".lookup.sqlite")) and entry.name not in keep:
                os.unlink(entry.path)
    except OSError:
        pass


def open_index(base: "TermBase") -> Index:
    """The index of a term base: from its files (cached on disk), or from memory.

    A base read from its folder, or not read at all, is answered from the files' index; a base
    made of in-memory concepts (or with concepts added that are in no file) is indexed in
    memory, once per set of concepts (changes made to loaded concepts in place are seen once
    the base is saved).
    """
    concepts = base._concepts
    if concepts is None:
        return folder_index(base.folder)
    token = (id(concepts), len(concepts))
    cached = getattr(base, "_lookup_index", None)
    if not (cached and cached[0] == token):
        from_files = bool(concepts) and base.folder.is_dir() and all(c.file for c in concepts.values())
        index = None if from_files else Index([Segment(build_segment(
            base.concepts(), {"format": FORMAT_VERSION, "path": ""}))])
        cached = (token, index)
        base._lookup_index = cached  # type: ignore[attr-defined]
    return cached[1] or folder_index(base.folder)
