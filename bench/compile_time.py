"""Benchmark: compiling one catalog from a large synthetic base, beside GNU msgfmt.

    python bench/compile_time.py [--concepts 50000] [--runs 5]

Generates a throwaway base (default 50,000 concepts, every one with en and ru terms, a third
of them countable with plural forms) in a temporary folder, loads it, then times (medians):
- glossary: building the ru catalog and rendering its .po and .mo in memory;
- glossary: ``compile_catalogs(..., langs=["ru"])``, i.e. that plus the .pot, written to disk;
- msgfmt: ``msgfmt -o glossary.mo glossary.po`` on the same .po (the yardstick), run in
  turn with the line above so that a busy machine slows both alike;
- the .mo writer alone, and polib's (``POFile.save_as_mofile``) on the same .po, for reference.
Nothing is asserted; the figures are printed.
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.catalogs import build_catalog, compile_catalogs, render_mo, render_po  # noqa: E402
from glossary.model import Concept, Term  # noqa: E402
from glossary.store import dump_domain  # noqa: E402
from glossary.termbase import TermBase  # noqa: E402

RU = "абвгдежзиклмнопрстуфхцчшщэюя"
EN = "abcdefghijklmnopqrstuvwxyz"
DOMAINS = ("organization", "geography", "people", "weapons", "military", "security", "legal")


def _word(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 11)))


def synthetic_concepts(count: int, seed: int = 1) -> list[Concept]:
    rng = random.Random(seed)
    concepts = []
    for i in range(count):
        en = " ".join(_word(rng, EN) for _ in range(rng.randint(1, 3)))
        ru_adj, ru_noun = _word(rng, RU) + "ая", _word(rng, RU) + "а"
        terms = {"en": [Term(en, "en", pos="noun", reliability=rng.randint(1, 4), source="https://example.org/s")],
                 "ru": [Term(f"{ru_adj} {ru_noun}", "ru", pos="noun")]}
        if i % 3 == 0:
            terms["en"][0].forms = {"one": en, "other": en + "s"}
            terms["ru"][0].forms = {"one": f"{ru_adj} {ru_noun}", "few": f"{ru_adj[:-2]}ые {ru_noun[:-1]}ы",
                                    "many": f"{ru_adj[:-2]}ых {ru_noun[:-1]}"}
        concepts.append(Concept(f"c{i:06d}-{_word(rng, EN)}", DOMAINS[i % len(DOMAINS)],
                                definition={"en": f"Synthetic concept number {i}.", "ru": f"Понятие номер {i}."},
                                terms=terms))
    return concepts


def timed(function) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call (CPU of this process and of the children it ran)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - wall, time.process_time() - cpu + children


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    msgfmt = shutil.which("msgfmt")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "base"
        folder.mkdir()
        concepts = synthetic_concepts(args.concepts)
        for domain in DOMAINS:
            (folder / f"{domain}.yaml").write_text(dump_domain(domain, [c for c in concepts if c.domain == domain]))
        start = time.perf_counter()
        base = TermBase.load(folder)
        print(f"base: {len(base)} concepts; YAML load {time.perf_counter() - start:.2f} s (once, not compared)")

        def one_catalog() -> tuple[str, bytes]:
            catalog = build_catalog(base, "en", "ru")
            return render_po(catalog), render_mo(catalog)

        po_text, mo_bytes = one_catalog()
        po_path, mo_path = Path(tmp) / "glossary.po", Path(tmp) / "m.mo"
        po_path.write_text(po_text, encoding="utf-8")
        print(f"ru catalog: {po_text.count('msgctxt ')} entries, .po {len(po_text.encode()) / 1e6:.1f} MB, "
              f".mo {len(mo_bytes) / 1e6:.1f} MB; medians of {args.runs} runs, wall / CPU seconds")
        # ours and msgfmt alternate, so that a busy machine slows both alike
        ours, theirs = [], []
        for _ in range(args.runs):
            ours.append(timed(one_catalog))
            if msgfmt:
                theirs.append(timed(lambda: subprocess.run([msgfmt, "-o", str(mo_path), str(po_path)], check=True)))
        ours_wall, ours_cpu = medians(ours)
        print(f"glossary: build the ru catalog, render .po and .mo:  {ours_wall:.3f} / {ours_cpu:.3f}")
        if msgfmt:
            wall, cpu = medians(theirs)
            same = mo_path.read_bytes() == mo_bytes
            print(f"msgfmt -o glossary.mo glossary.po:                   {wall:.3f} / {cpu:.3f}  "
                  f"(.mo identical to ours: {same})")
            print(f"ratio glossary / msgfmt:                             "
                  f"{ours_wall / wall:.2f}x / {ours_cpu / cpu:.2f}x")
        else:
            print("msgfmt not found: install GNU gettext for the comparison")
        catalog = build_catalog(base, "en", "ru")
        wall, cpu = medians([timed(lambda: render_mo(catalog)) for _ in range(args.runs)])
        print(f"  the .mo writer alone:                              {wall:.3f} / {cpu:.3f}")
        out = Path(tmp) / "locales"
        wall, cpu = medians([timed(lambda: (shutil.rmtree(out, ignore_errors=True),
                                            compile_catalogs(base, out, langs=["ru"]))) for _ in range(args.runs)])
        print(f"compile_catalogs(langs=['ru']): .pot+.po+.mo written: {wall:.3f} / {cpu:.3f}")
        import polib

        po = polib.pofile(str(po_path))
        wall, cpu = medians([timed(lambda: po.save_as_mofile(str(Path(tmp) / "p.mo")))
                             for _ in range(min(args.runs, 3))])
        print(f"polib save_as_mofile (its .po already parsed):      {wall:.3f} / {cpu:.3f}")


if __name__ == "__main__":
    main()
