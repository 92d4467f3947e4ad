"""``glossary fmt``: rewrite domain files in the canonical layout (stable order, NFC)."""
from __future__ import annotations

from pathlib import Path

from .atomic import locked, write_files
from .errors import InputError
from .store import domain_files, dump_domain, parse_domain, read_text


def format_base(folder: str | Path, write: bool = True, files: list[Path] | None = None) -> list[Path]:
    """The files that are not canonical; with ``write``, rewrite them (all or none on error).

    ``files`` limits the work to some domain files (of any folder). The files are read again and
    written under the base's lock, so a concurrent import is never overwritten with old content.
    """
    folder = Path(folder)
    rewritten = _canonical_texts(folder, files)
    if write and rewritten:
        with locked(folder):
            rewritten = _canonical_texts(folder, files)
            write_files(rewritten)
    return sorted(rewritten)


def _canonical_texts(folder: Path, files: list[Path] | None) -> dict[Path, str]:
    """The canonical text of each file that is not canonical; InputError if one cannot be formatted."""
    rewritten: dict[Path, str] = {}
    for path in files if files else domain_files(folder):
        text = read_text(path)
        domain, concepts, problems = parse_domain(text, str(path))
        if problems:
            first = problems[0]
            raise InputError(f"{first.rule}: {first.message}; fix it before `glossary fmt` (nothing was changed)",
                             first.path, first.line)
        canonical = dump_domain(domain, concepts)
        if canonical != text:
            rewritten[path] = canonical
    return rewritten
