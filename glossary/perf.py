"""Performance helpers shared by the modules that make many objects at once.

>>> import gc
>>> with without_cyclic_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects are made.

    Building an index segment or a catalog, or scanning a text, makes no reference cycles, but
    its allocations would make the collector walk every live object again and again (the term
    base, the word caches): up to a third of the time on large bases. Reference counting still
    frees everything; the collector is restored as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
