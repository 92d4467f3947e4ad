"""Throughput of ``glossary scan``: characters per second on a long text over a large term base.

    python bench/scan_throughput.py [--terms 100000] [--chars 1000000] [--lang en,ru,kk,hy] [--runs 5]

The base is the synthetic one of bench/synthetic.py (built in memory). The text mixes the seed
article's words, words drawn from a 30,000-word vocabulary of the language (so the per-word
caches see many distinct words, as in real text) and a term of the base every twenty words or
so. Reported per language: the time to compile the scanner once, the scan time of the whole
text with cold word caches (median of --runs; a fresh scanner and cleared word_keys cache each
run) and warm (median of --runs on one scanner), wall-clock and CPU seconds, throughput as
characters and bytes (UTF-8) per CPU second, and the number of matches. Not a test: nothing
is asserted.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synthetic import generate, make_word  # noqa: E402

from glossary.model import LANGUAGES  # noqa: E402
from glossary.scan import Scanner, occurrences  # noqa: E402
from glossary.text.morphology import word_keys  # noqa: E402

ARTICLE = HERE.parent.parent / "shared" / "corpus" / "csto-new-weapons.en.txt"
SAMPLE = {
    "en": "The member states discussed new types of weapons and the joint planning of operations",
    "ru": "Государства члены обсудили новые виды вооружения и совместное планирование операций в регионе",
    "kk": "Мүше мемлекеттер қарудың жаңа түрлерін және операцияларды бірлесіп жоспарлауды талқылады",
    "hy": "Անդամ պետությունները քննարկել են զենքի նոր տեսակները և գործողությունների համատեղ պլանավորումը",
    "be": "Дзяржавы члены абмеркавалі новыя віды ўзбраення і сумеснае планаванне аперацый",
    "ky": "Мүчө мамлекеттер куралдын жаңы түрлөрүн жана операцияларды биргелешип пландаштырууну талкуулашты",
    "tg": "Давлатҳои аъзо намудҳои нави силоҳ ва банақшагирии муштараки амалиётҳоро муҳокима карданд",
}


def make_text(concepts: list, lang: str, chars: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    vocabulary = [make_word(rng, lang, rng.randint(2, 5)) for _ in range(30000)]
    natural = SAMPLE[lang].split()
    if lang == "en" and ARTICLE.exists():
        natural = ARTICLE.read_text(encoding="utf-8").split()
    terms = [t.text for c in concepts for t in c.terms.get(lang, ())]
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = []
        for _ in range(rng.randint(8, 25)):
            roll = rng.random()
            word = rng.choice(terms) if roll < 0.05 else rng.choice(natural) if roll < 0.55 else rng.choice(vocabulary)
            sentence.append(word)
        line = " ".join(sentence).capitalize() + "."
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--lang", default="en,ru,kk,hy")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    concepts = generate(args.terms)
    print(f"base: {args.terms:,} terms in {len(concepts):,} concepts (generated in {time.perf_counter() - started:.1f} s)")
    for lang in args.lang.split(","):
        if lang not in LANGUAGES:
            raise SystemExit(f"unknown language {lang!r}")
        text = make_text(concepts, lang, args.chars)
        size = len(text.encode("utf-8"))
        word_keys.cache_clear()
        t0 = time.perf_counter()
        scanner = Scanner(concepts, lang)
        build = time.perf_counter() - t0
        cold, warm, found = [], [], 0
        for _ in range(args.runs):
            word_keys.cache_clear()
            fresh = Scanner(concepts, lang)
            word_keys.cache_clear()
            fresh._keys.clear()
            fresh._words.clear()
            cold.append(_timed(lambda: occurrences(fresh, text)))
            found = len(occurrences(fresh, text))
        occurrences(scanner, text)
        for _ in range(args.runs):
            warm.append(_timed(lambda: occurrences(scanner, text)))
        line = f"{lang}: {len(text):,} chars ({size:,} bytes), {scanner.size:,} term spellings, index {build:.1f} s"
        for name, runs in (("cold", cold), ("warm", warm)):
            wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            line += (f"; {name} {wall:.2f} s wall / {cpu:.2f} s CPU = {len(text) / cpu / 1e6:.2f} M chars/s "
                     f"({size / cpu / 1e6:.2f} MB/s) per CPU second")
        print(line + f"; {found:,} matches", flush=True)


def _timed(work) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process): CPU time is what a shared machine's
    other load disturbs least."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
