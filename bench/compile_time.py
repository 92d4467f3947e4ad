"""Benchmark: compiling one catalog from a large synthetic base, beside GNU msgfmt.

    python bench/compile_time.py [--concepts 50000] [--runs 5]

Generates a throwaway base (default 50,000 concepts, every one with en and ru terms, a third
of them countable with plural forms) in a temporary folder, loads it, then times (medians):
- glossary: building the ru catalog and rendering its .po and .mo in memory;
- glossary: ``compile_catalogs(..., langs=["ru"])``, i.e. that plus the .pot, written to disk;
- msgfmt: ``msgfmt -o glossary.mo glossary.po`` on the same .po (the yardstick), run in
  turn with the line above so that a busy machine slows both alike;
- the .mo writer alone, polib's (``POFile.save_as_mofile``) on the same .po, and the whole CLI
  (``glossary -t DIR compile --lang ru``, YAML load included), for reference.
``measure()`` returns the figures (bench/run.py uses it).
Nothing is asserted; the figures are printed.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import GLOSSARY, timed  # noqa: E402
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


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def measure(concept_count: int = 50_000, runs: int = 5, workdir: Path | None = None) -> dict:
    """Compile one (ru) catalog from a synthetic base of ``concept_count`` concepts, beside msgfmt
    on the same .po; medians of ``runs`` (wall and CPU seconds). The commands are returned too."""
    msgfmt = shutil.which("msgfmt")
    out: dict = {"concepts": concept_count, "runs": runs}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        folder = Path(tmp) / "base"
        folder.mkdir()
        concepts = synthetic_concepts(concept_count)
        for domain in DOMAINS:
            (folder / f"{domain}.yaml").write_text(dump_domain(domain, [c for c in concepts if c.domain == domain]))
        start = time.perf_counter()
        base = TermBase.load(folder)
        out["load_wall"] = time.perf_counter() - start

        def one_catalog() -> tuple[str, bytes]:
            catalog = build_catalog(base, "en", "ru")
            return render_po(catalog), render_mo(catalog)

        po_text, mo_bytes = one_catalog()
        po_path, mo_path = Path(tmp) / "glossary.po", Path(tmp) / "m.mo"
        po_path.write_text(po_text, encoding="utf-8")
        out.update(entries=po_text.count("msgctxt "), po_bytes=len(po_text.encode()), mo_bytes=len(mo_bytes))
        # ours and msgfmt alternate, so that a busy machine slows both alike
        ours, theirs = [], []
        msgfmt_argv = [msgfmt or "msgfmt", "-o", str(mo_path), str(po_path)]
        for _ in range(runs):
            ours.append(timed(one_catalog))
            if msgfmt:
                theirs.append(timed(lambda: subprocess.run(msgfmt_argv, check=True)))
        out["ours"] = dict(zip(("wall", "cpu"), medians(ours)))
        out["ours_command"] = ("base = TermBase.load(DIR); catalog = build_catalog(base, 'en', 'ru'); "
                               "render_po(catalog); render_mo(catalog)")
        if msgfmt:
            out["msgfmt"] = dict(zip(("wall", "cpu"), medians(theirs)))
            out["msgfmt_command"] = "msgfmt -o glossary.mo glossary.po"
            out["mo_identical"] = mo_path.read_bytes() == mo_bytes
        catalog = build_catalog(base, "en", "ru")
        out["mo_writer"] = dict(zip(("wall", "cpu"), medians([timed(lambda: render_mo(catalog)) for _ in range(runs)])))
        target = Path(tmp) / "locales"
        out["compile_catalogs"] = dict(zip(("wall", "cpu"), medians(
            [timed(lambda: (shutil.rmtree(target, ignore_errors=True), compile_catalogs(base, target, langs=["ru"])))
             for _ in range(runs)])))
        import polib

        po = polib.pofile(str(po_path))
        out["polib"] = dict(zip(("wall", "cpu"), medians(
            [timed(lambda: po.save_as_mofile(str(Path(tmp) / "p.mo"))) for _ in range(min(runs, 3))])))
        cli = [GLOSSARY, "-t", str(folder), "compile", "--lang", "ru", "--out", str(Path(tmp) / "cli-locales")]
        out["cli"] = dict(zip(("wall", "cpu"), medians([timed(lambda: subprocess.run(cli, check=True, capture_output=True))
                                                        for _ in range(min(runs, 3))])))
        out["cli_command"] = "glossary -t DIR compile --lang ru --out OUT"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    r = measure(args.concepts, args.runs)
    print(f"base: {r['concepts']} concepts; YAML load {r['load_wall']:.2f} s (once, not compared)")
    print(f"ru catalog: {r['entries']} entries, .po {r['po_bytes'] / 1e6:.1f} MB, .mo {r['mo_bytes'] / 1e6:.1f} MB; "
          f"medians of {args.runs} runs, wall / CPU seconds")
    line = "{:<52} {:.3f} / {:.3f}"
    print(line.format("glossary: build the ru catalog, render .po and .mo:", r["ours"]["wall"], r["ours"]["cpu"]))
    if "msgfmt" in r:
        print(line.format("msgfmt -o glossary.mo glossary.po:", r["msgfmt"]["wall"], r["msgfmt"]["cpu"])
              + f"  (.mo identical to ours: {r['mo_identical']})")
        print(f"{'ratio glossary / msgfmt:':<52} {r['ours']['wall'] / r['msgfmt']['wall']:.2f}x / "
              f"{r['ours']['cpu'] / r['msgfmt']['cpu']:.2f}x")
    else:
        print("msgfmt not found: install GNU gettext for the comparison")
    print(line.format("  the .mo writer alone:", r["mo_writer"]["wall"], r["mo_writer"]["cpu"]))
    print(line.format("compile_catalogs(langs=['ru']): .pot+.po+.mo written:", r["compile_catalogs"]["wall"],
                      r["compile_catalogs"]["cpu"]))
    print(line.format("polib save_as_mofile (its .po already parsed):", r["polib"]["wall"], r["polib"]["cpu"]))
    print(line.format("glossary -t DIR compile --lang ru (CLI, YAML load incl.):", r["cli"]["wall"], r["cli"]["cpu"]))


if __name__ == "__main__":
    main()
