"""Throughput of ``glossary scan``: characters per second on a long text over a large term base,
beside translate-toolkit's terminology matcher on the same text and terms.

    python bench/scan_throughput.py [--terms 100000 | --base DIR] [--chars 1000000] [--lang en,ru]
                                    [--runs 3] [--toolkit-chars 20000]

The base is a synthetic one (bench/synthetic.py: generated in memory, or read from ``--base``).
The text is running sentences of filler words (the seed article's English words or a sample
sentence of the language, and pseudo-words of the language, 30,000 distinct ones, so that the
per-word caches see many distinct words as in real text) with a term of the base every twenty
words or so; in Russian half of them inflected by pymorphy3 (genitive), so word-form matching
has something to do. Lines are sentences (at most a few hundred characters).

Measured, per language (medians of ``--runs``):
- ours: the scanner build once, then the scan of the whole text (``occurrences``, what
  ``TermBase.scan`` returns) cold (a fresh scanner, word caches cleared, every run) and warm
  (the same scanner again); wall and CPU seconds, characters and UTF-8 bytes per second;
- translate-toolkit's ``terminologymatcher`` (the terms as the source of a PO store, the
  preferred term of another language as target; its default settings), ``matches(line)`` for
  every line of the first ``--toolkit-chars`` characters: its cost grows with lines × terms, so it
  is timed on that prefix, and ours on the same prefix too, for the ratio.
Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import median, timed  # noqa: E402
from synthetic import Language, generate  # noqa: E402

from glossary.model import LANGUAGES  # noqa: E402
from glossary.scan import Scanner, occurrences  # noqa: E402
from glossary.text import morphology  # noqa: E402
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
#: The translation the toolkit's store gets for each term (any other language with a term).
TARGET = {"en": "ru"}


def _inflect(term: str, rng: random.Random, morph) -> str:
    """A Russian term with its last word in the genitive (pymorphy3), or as it is."""
    words = term.split()
    parse = morph.parse(words[-1])[0]
    form = parse.inflect({"gent", rng.choice(("sing", "plur"))})
    if form is not None:
        words[-1] = form.word
    return " ".join(words)


def make_text(concepts: list, lang: str, chars: int, seed: int = 7) -> str:
    """At least ``chars`` characters of sentences (one per line) with terms of ``lang`` in them."""
    rng = random.Random(seed)
    language = Language(rng, lang, 0, 0)
    vocabulary = [language.word(rng, language.noun_end + language.mod_end) for _ in range(30000)]
    natural = SAMPLE[lang].split()
    if lang == "en" and ARTICLE.exists():
        natural = ARTICLE.read_text(encoding="utf-8").split()
    terms = [t.text for c in concepts for t in c.terms.get(lang, ())]
    morph = None
    if lang == "ru":
        import pymorphy3

        morph = pymorphy3.MorphAnalyzer()
    out: list[str] = []
    size = 0
    while size < chars:
        sentence = []
        for _ in range(rng.randint(8, 25)):
            roll = rng.random()
            if roll < 0.05:
                term = rng.choice(terms)
                word = _inflect(term, rng, morph) if morph is not None and rng.random() < 0.5 else term
            else:
                word = rng.choice(natural) if roll < 0.55 else rng.choice(vocabulary)
            sentence.append(word)
        line = " ".join(sentence)
        line = line[:1].upper() + line[1:] + "."
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def prefix(text: str, chars: int) -> str:
    """Whole lines of ``text`` up to about ``chars`` characters."""
    cut = text.find("\n", chars)
    return text if cut < 0 else text[:cut]


def _clear_word_caches() -> None:
    """Forget every word analysed: word_keys' cache and pymorphy3's readings (morphology._parse);
    else a "cold" run would reuse the analyses of the run before."""
    word_keys.cache_clear()
    morphology._parse.cache_clear()


def _fresh(concepts: list, lang: str) -> Scanner:
    _clear_word_caches()
    scanner = Scanner(concepts, lang)
    _clear_word_caches()
    scanner._keys.clear()
    scanner._words.clear()
    return scanner


def measure_ours(concepts: list, lang: str, text: str, runs: int) -> dict:
    """Scanner build, cold and warm scans of ``text``: medians (wall and CPU seconds)."""
    _clear_word_caches()
    build = timed(lambda: Scanner(concepts, lang))
    cold, found = [], 0
    for _ in range(runs):
        scanner = _fresh(concepts, lang)
        result: list = []
        cold.append(timed(lambda: result.extend(occurrences(scanner, text))))
        found = len(result)
    warm = [timed(lambda: occurrences(scanner, text)) for _ in range(runs)]
    size = len(text.encode("utf-8"))
    out = {"chars": len(text), "bytes": size, "runs": runs, "build_wall": build[0], "spellings": scanner.size,
           "matches": found}
    for name, samples in (("cold", cold), ("warm", warm)):
        wall, cpu = median([s[0] for s in samples]), median([s[1] for s in samples])
        out[name] = {"wall": wall, "cpu": cpu, "chars_per_s": len(text) / wall, "bytes_per_s": size / wall,
                     "chars_per_cpu_s": len(text) / cpu}
    return out


def toolkit_store(concepts: list, lang: str):
    """A translate-toolkit PO store: every term of ``lang`` → the preferred term of another language."""
    from translate.storage import pypo

    target_lang = TARGET.get(lang, "en")
    store = pypo.pofile()
    for concept in concepts:
        target = concept.preferred(target_lang)
        for term in concept.terms.get(lang, ()):
            if target is not None:
                unit = store.addsourceunit(term.text)
                unit.target = target.text
    return store


def measure_toolkit(concepts: list, lang: str, text: str, runs: int) -> dict:
    """translate-toolkit's terminologymatcher over every line of ``text``: medians."""
    from translate.search.match import terminologymatcher

    started = time.perf_counter()
    store = toolkit_store(concepts, lang)
    matcher = terminologymatcher(store)
    build = time.perf_counter() - started
    lines = text.split("\n")
    samples, found = [], 0
    for _ in range(runs):
        count = [0]

        def work() -> None:
            for line in lines:
                count[0] += len(matcher.matches(line))

        samples.append(timed(work))
        found = count[0]
    wall, cpu = median([s[0] for s in samples]), median([s[1] for s in samples])
    return {"chars": len(text), "bytes": len(text.encode("utf-8")), "runs": runs, "build_wall": build,
            "units": len(matcher.candidates.units), "matches": found, "wall": wall, "cpu": cpu,
            "chars_per_s": len(text) / wall, "bytes_per_s": len(text.encode("utf-8")) / wall}


def measure(concepts: list, lang: str, chars: int, runs: int, toolkit_chars: int, toolkit_runs: int) -> dict:
    """Everything above for one language: ours on the whole text, both on its prefix."""
    text = make_text(concepts, lang, chars)
    part = prefix(text, toolkit_chars)
    out = {"lang": lang, "ours": measure_ours(concepts, lang, text, runs)}
    out["ours_prefix"] = measure_ours(concepts, lang, part, runs)
    try:
        out["toolkit"] = measure_toolkit(concepts, lang, part, toolkit_runs)
    except ImportError:
        out["toolkit"] = None
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--base", type=Path, help="read this base instead of generating --terms in memory")
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--lang", default="en,ru")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--toolkit-chars", type=int, default=20_000)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.base:
        from glossary.termbase import TermBase

        concepts = list(TermBase.load(args.base).concepts())
    else:
        concepts = generate(args.terms)
    print(f"base: {len(concepts):,} concepts ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    results = []
    for lang in args.lang.split(","):
        if lang not in LANGUAGES:
            raise SystemExit(f"unknown language {lang!r}")
        r = measure(concepts, lang, args.chars, args.runs, args.toolkit_chars, args.runs)
        results.append(r)
        if args.json:
            continue
        o, p, t = r["ours"], r["ours_prefix"], r["toolkit"]
        print(f"{lang}: {o['chars']:,} chars ({o['bytes']:,} bytes), {o['spellings']:,} spellings, scanner "
              f"build {o['build_wall']:.1f} s; cold {o['cold']['wall']:.2f} s = {o['cold']['chars_per_s'] / 1e6:.2f} "
              f"M chars/s ({o['cold']['bytes_per_s'] / 1e6:.2f} MB/s); warm {o['warm']['wall']:.2f} s; "
              f"{o['matches']:,} matches", flush=True)
        if t:
            print(f"  toolkit on {t['chars']:,} chars: {t['wall']:.2f} s = {t['chars_per_s'] / 1e3:.1f} k chars/s "
                  f"({t['matches']:,} matches); ours on it: {p['cold']['wall']:.3f} s cold → "
                  f"{p['cold']['chars_per_s'] / t['chars_per_s']:.0f}x", flush=True)
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
