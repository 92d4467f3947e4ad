"""The term base: the concepts of one folder of domain files, and what can be asked of it.

>>> import glossary
>>> base = glossary.load()
>>> concept = base.concept("csto")
>>> concept.preferred("ru").text
'Организация Договора о коллективной безопасности'
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .atomic import locked, same_bytes, write_files
from .errors import Finding, InputError
from .model import Concept
from .model import language_order
from .store import domain_files, domain_path, dump_domain, read_domain, termbase_folder

if TYPE_CHECKING:
    from .check import Issue
    from .lookup import Match
    from .scan import Occurrence


class TermBase:
    """A term base read from a folder of YAML files (one per domain); concepts load lazily."""

    def __init__(self, folder: str | os.PathLike, concepts: Iterable[Concept] | None = None):
        self.folder = Path(folder)
        self._concepts: dict[str, Concept] | None = None
        self.problems: list[Finding] = []
        #: (inode, size, mtime) of each domain file as it was read; None for a base built in memory
        self._read_state: dict[Path, tuple[int, int, int]] | None = None
        if concepts is not None:
            self._concepts = {c.id: c for c in concepts}

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, strict: bool = True) -> "TermBase":
        """Read every domain file; with ``strict``, the first schema problem raises InputError."""
        base = cls(termbase_folder(path))
        base._read(strict)
        return base

    def _read(self, strict: bool) -> None:
        concepts: dict[str, Concept] = {}
        problems: list[Finding] = []
        state = _disk_state(self.folder)  # taken before reading: a change meanwhile is seen on save
        for path in domain_files(self.folder):
            _, found, file_problems = read_domain(path)
            problems += file_problems
            for concept in found:
                if concept.id in concepts:
                    first = concepts[concept.id]
                    problems.append(Finding(str(path), concept.line or 1, "duplicate-id",
                                            f"concept {concept.id!r} already defined at {first.file}:{first.line}"))
                else:
                    concepts[concept.id] = concept
        if strict and problems:
            p = problems[0]
            raise InputError(f"{p.rule}: {p.message} (run `glossary validate`)", p.path, p.line)
        self._concepts, self.problems, self._read_state = concepts, problems, state

    @property
    def _by_id(self) -> dict[str, Concept]:
        if self._concepts is None:
            self._read(strict=True)
        assert self._concepts is not None
        return self._concepts

    def concepts(self, domain: str | None = None) -> Iterator[Concept]:
        """The concepts, sorted by id (optionally of one domain)."""
        for cid in sorted(self._by_id):
            concept = self._by_id[cid]
            if domain is None or concept.domain == domain:
                yield concept

    def concept(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def add(self, concept: Concept) -> None:
        """Add or replace a concept (it is written to ``<domain>.yaml`` on save)."""
        self._by_id[concept.id] = concept

    def domains(self) -> list[str]:
        return sorted({c.domain for c in self._by_id.values()})

    def rendered(self) -> dict[Path, bytes]:
        """The canonical bytes of every domain file of this base."""
        by_domain: dict[str, list[Concept]] = {}
        for concept in self._by_id.values():
            by_domain.setdefault(concept.domain, []).append(concept)
        return {domain_path(self.folder, d): dump_domain(d, cs).encode("utf-8") for d, cs in by_domain.items()}

    def save(self) -> list[Path]:
        """Write the changed domain files atomically, all or none, under the base's lock; return them.

        When another process changed the domain files since this base read them, nothing is written
        and InputError says so (its update would otherwise be lost): read the base again and redo.
        """
        files = self.rendered()
        changed = [p for p, data in sorted(files.items()) if not same_bytes(p, data)]
        if not changed:
            return changed
        with locked(self.folder):
            if self._read_state is not None and _disk_state(self.folder) != self._read_state:
                raise InputError("the term base was changed by another process since it was read; nothing was "
                                 "written, run the command again", self.folder)
            write_files({path: files[path] for path in changed})
            if self._read_state is not None:
                self._read_state = _disk_state(self.folder)
        return changed

    def stats(self) -> dict[str, Any]:
        """Coverage per language and per domain.

        >>> TermBase("x", []).stats()
        {'concepts': 0, 'languages': {}, 'domains': {}}
        """
        languages: dict[str, dict[str, Any]] = {}
        domains: Counter[str] = Counter()
        for concept in self._by_id.values():
            domains[concept.domain] += 1
            for lang, terms in concept.terms.items():
                if not terms:
                    continue
                row = languages.setdefault(lang, {"concepts": 0, "preferred": 0, "terms": 0,
                                                  "reliability": {str(r): 0 for r in range(1, 5)}})
                row["concepts"] += 1
                row["preferred"] += any(t.status == "preferred" for t in terms)
                row["terms"] += len(terms)
                for term in terms:
                    key = str(term.reliability)
                    row["reliability"][key] = row["reliability"].get(key, 0) + 1
        return {"concepts": len(self._by_id),
                "languages": {k: languages[k] for k in sorted(languages, key=language_order)},
                "domains": dict(sorted(domains.items()))}

    # The capabilities below live in their own modules; imported on first use.

    def lookup(self, query: str, lang: str | None = None, to: Iterable[str] | None = None,
               limit: int = 10, **options: Any) -> list["Match"]:
        from .lookup import lookup

        return lookup(self, query, lang=lang, to=to, limit=limit, **options)

    def scan(self, text: str, lang: str, **options: Any) -> list["Occurrence"]:
        from .scan import scan

        return scan(self, text, lang, **options)

    def check(self, source: str | None, target: str, source_lang: str | None, target_lang: str,
              **options: Any) -> list["Issue"]:
        from .check import check

        return check(self, source, target, source_lang, target_lang, **options)


def _disk_state(folder: Path) -> dict[Path, tuple[int, int, int]]:
    """What identifies each domain file's version: inode (atomic writes make a new one), size, mtime."""
    state = {}
    for path in domain_files(folder):
        try:
            info = path.stat()
        except OSError:
            continue  # reported by the reader
        state[path] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return state


def load(path: str | os.PathLike | None = None) -> TermBase:
    """Load the term base at ``path`` ($GLOSSARY_TERMBASE, else the bundled one)."""
    return TermBase.load(path)
