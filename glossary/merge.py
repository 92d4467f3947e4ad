"""Merging incoming concepts (from TBX, CSV, JSON or a translated .po) into a term base.

The rules protect curated data: new concepts and new terms are added; a field that the base
already has with a different value is reported as a conflict and kept as it is (unless
``overwrite``); nothing is ever deleted.

>>> from glossary.termbase import TermBase
>>> from glossary.model import Concept, Term
>>> base = TermBase("x", [Concept("spy", "security", terms={"en": [Term("spy", "en", reliability=3, source="s")]})])
>>> incoming = Concept("spy", "security", terms={"en": [Term("spy", "en", reliability=1)],
...                                               "ru": [Term("шпион", "ru")]})
>>> report = merge_concepts(base, [incoming])
>>> report.added, report.conflicts
(['spy [ru] шпион: new term'], ['spy [en] spy: reliability is 3 in the base, 1 in the import (kept 3)'])
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .model import Concept, Term
from .termbase import TermBase
from .text.normalise import nfc

TERM_FIELDS = ("status", "type", "pos", "gender", "case_sensitive", "translate", "reliability", "source",
               "note", "context")


@dataclass
class ImportReport:
    """What an import did (or, with a dry run, would do)."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mapped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 applied cleanly; 1 applied, with conflicts or skipped entries to read."""
        return 1 if self.conflicts or self.skipped else 0

    def lines(self) -> list[str]:
        out = []
        for kind in ("added", "changed", "conflicts", "skipped", "mapped"):
            out += [f"{kind[:-1] if kind.endswith('s') else kind}: {line}" for line in getattr(self, kind)]
        return out

    def as_dict(self) -> dict[str, list[str]]:
        return {k: list(getattr(self, k)) for k in ("added", "changed", "conflicts", "skipped", "mapped")} | {
            "written": [str(p) for p in self.written]}


def find_term(concept: Concept, lang: str, text: str) -> Term | None:
    for term in concept.terms.get(lang, []):
        if nfc(term.text) == nfc(text):
            return term
    return None


def merge_concepts(base: TermBase, incoming: Iterable[Concept], overwrite: bool = False,
                   report: ImportReport | None = None) -> ImportReport:
    """Merge ``incoming`` into ``base`` in memory; call ``base.save()`` to write."""
    report = report or ImportReport()
    for new in incoming:
        old = base.concept(new.id)
        if old is None:
            base.add(copy.deepcopy(new))
            report.added.append(f"{new.id}: new concept ({sum(1 for _ in new.all_terms())} terms)")
            continue
        _merge_concept(old, new, overwrite, report)
    return report


def _differs(label: str, name: str, old: object, new: object, overwrite: bool, report: ImportReport) -> bool:
    """Report a difference; True when the new value should be taken."""
    if new in (None, "", {}, []) or old == new:
        return False
    if old in (None, "", {}, []):
        report.changed.append(f"{label}: {name} added")
        return True
    if overwrite:
        report.changed.append(f"{label}: {name} {old!r} → {new!r}")
        return True
    report.conflicts.append(f"{label}: {name} is {old} in the base, {new} in the import (kept {old})")
    return False


def _merge_concept(old: Concept, new: Concept, overwrite: bool, report: ImportReport) -> None:
    if _differs(old.id, "domain", old.domain, new.domain, overwrite, report):
        old.domain = new.domain
    for lang, text in new.definition.items():
        if _differs(old.id, f"definition [{lang}]", old.definition.get(lang), text, overwrite, report):
            old.definition[lang] = text
    if _differs(old.id, "note", old.note, new.note, overwrite, report):
        old.note = new.note
    for rid in new.related:
        if rid not in old.related:
            old.related.append(rid)
            report.changed.append(f"{old.id}: related {rid} added")
    for term in new.all_terms():
        label = f"{old.id} [{term.lang}] {term.text}"
        existing = find_term(old, term.lang, term.text)
        if existing is None:
            added = copy.deepcopy(term)
            if added.status == "preferred" and old.preferred(term.lang) and old.preferred(term.lang).status == "preferred":
                current = old.preferred(term.lang).text
                added.status = "admitted"
                report.conflicts.append(f"{label}: the base prefers {current!r}; added as admitted")
            old.add_term(added)
            report.added.append(f"{label}: new term")
            continue
        for name in TERM_FIELDS:
            if _differs(label, name, getattr(existing, name), getattr(term, name), overwrite, report):
                setattr(existing, name, getattr(term, name))
        for category, form in term.forms.items():
            if _differs(label, f"form {category}", existing.forms.get(category), form, overwrite, report):
                existing.forms[category] = form
