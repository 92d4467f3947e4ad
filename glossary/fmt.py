"""``glossary fmt``: rewrite domain files in the canonical layout (stable order, NFC)."""
from __future__ import annotations

from pathlib import Path

from .atomic import locked, write_atomic
from .errors import InputError
from .store import domain_files, dump_domain, parse_domain, read_text


def format_base(folder: str | Path, write: bool = True, files: list[Path] | None = None) -> list[Path]:
    """The files that are not canonical; with ``write``, rewrite them (all or none on error).

    ``files`` limits the work to some domain files (of any folder).
    """
    folder = Path(folder)
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
    if write and rewritten:
        with locked(folder):
            for path, text in rewritten.items():
                write_atomic(path, text)
    return sorted(rewritten)
