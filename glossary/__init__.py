"""glossary: a concept-oriented CSTO defence and security term base, and the tools around it.

>>> import glossary
>>> base = glossary.load()
>>> base.concept("csto").preferred("kk").text
'Ұжымдық қауіпсіздік туралы шарт ұйымы'
"""
from __future__ import annotations

from typing import Any

from .errors import GlossaryError, InputError
from .model import LANGUAGES, Concept, Term
from .termbase import TermBase, load

__version__ = "0.1.0"
__all__ = ["LANGUAGES", "Concept", "GlossaryError", "InputError", "Term", "TermBase",
           "__version__", "compile_catalogs", "load"]


def compile_catalogs(termbase: TermBase | str | None, out_dir: Any, **options: Any) -> Any:
    """Write gettext catalogs for ``termbase`` into ``out_dir`` (see glossary.catalogs)."""
    from .catalogs import compile_catalogs as _compile

    base = termbase if isinstance(termbase, TermBase) else load(termbase)
    return _compile(base, out_dir, **options)
