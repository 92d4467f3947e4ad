"""Write a synthetic term base of N terms in the seven languages, for benchmarks.

    python bench/synthetic.py --terms 1000000 --out /tmp/base-1m [--seed 1] [--files 50]

Deterministic for a seed. Words are built from each language's own alphabet (Kazakh ә ғ қ ң ө ұ
ү һ і, Tajik ғ ӣ қ ӯ ҳ ҷ, Belarusian і ў, Armenian script, Latin for English); terms are one to
four words drawn from a Zipf-like shared vocabulary plus a word unique to the concept, so term
texts never collide across concepts. About one term in eight is an admitted variant, one in
twelve an upper-case acronym (case-sensitive), a few are deprecated or forbidden. The files are
written in the canonical layout, so `glossary validate` accepts them.
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.model import LANGUAGES, Concept, Term  # noqa: E402
from glossary.store import dump_domain  # noqa: E402

SYLLABLES = {
    "ru": ("ка ра то ви ло ме ну за сти ров ник ель ова ский ная ция пер гра бор", "аеиоуыя"),
    "be": ("ка ра та ві ла ме ну за сці роў нік ель ава скі ная цыя пер гра бор", "аеіоуыя"),
    "kk": ("қа ра та бі лы ме ну за сті рау ғы ұл күш әс өр ің шы лық дер тар", "аеіоұүә"),
    "ky": ("ка ра то би лу ме нү за сти роо ңы өр күч үл дук тар чи", "аеиоүөу"),
    "tg": ("қа ра то ви ло ме нӯ за сти ҳо ҷа ғу ӣ дор гар бон ман", "аеиоуӯ"),
    "hy": ("կա րա տո վի լո մե նու զա ստի րով նիկ եր ութ յան ային պետ", "աեիոու"),
    "en": ("ka ra to vi lo me nu za sti ro nik el ation ing er tor ment", "aeiou"),
}


def make_word(rng: random.Random, lang: str, n_syllables: int) -> str:
    parts = SYLLABLES[lang][0].split()
    return "".join(rng.choice(parts) for _ in range(n_syllables))


def unique_word(index: int, lang: str) -> str:
    """A word no other concept has: the index written in the language's syllables."""
    parts = SYLLABLES[lang][0].split()
    digits = []
    index += len(parts)  # at least two syllables
    while index:
        index, digit = divmod(index, len(parts))
        digits.append(parts[digit])
    return "".join(digits)


def acronym(words: list[str], lang: str) -> str:
    letters = [w[0].upper() for w in words if w]
    return "".join(letters) + ("" if len(letters) > 2 else "".join(w[1].upper() for w in words[:1]))


def generate(n_terms: int, seed: int = 1, vocabulary: int = 20000) -> list[Concept]:
    rng = random.Random(seed)
    vocab = {lang: [make_word(rng, lang, rng.randint(2, 4)) for _ in range(vocabulary)] for lang in LANGUAGES}
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(vocabulary)))
    concepts = []
    produced = 0
    index = 0
    while produced < n_terms:
        cid = f"c{index:07d}"
        concept = Concept(cid, "", definition={"en": f"Synthetic concept {index}.", "ru": f"Синтетическое понятие {index}."})
        for lang in LANGUAGES:
            if produced >= n_terms:
                break
            common = rng.choices(vocab[lang], cum_weights=cumulative, k=rng.randint(0, 3))
            words = list(dict.fromkeys(common + [unique_word(index, lang)]))
            rng.shuffle(words)
            concept.add_term(Term(" ".join(words), lang, pos="noun"))
            produced += 1
            roll = rng.random()
            if roll < 0.08 and len(words) > 1 and produced < n_terms:
                concept.add_term(Term(acronym(words, lang), lang,
                                      status="admitted", type="acronym", case_sensitive=True,
                                      note="synthetic acronym"))
                produced += 1
            elif roll < 0.30 and produced < n_terms:
                status = "admitted" if roll < 0.25 else ("deprecated" if roll < 0.28 else "forbidden")
                variant = words[::-1]
                if variant == words:
                    variant = words[:-1] + [words[-1] + SYLLABLES[lang][0].split()[0]]
                concept.add_term(Term(" ".join(variant), lang, status=status, type="variant"))
                produced += 1
        concepts.append(concept)
        index += 1
    return concepts


def write(concepts: list[Concept], out: Path, files: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        domain = f"synthetic-{number:03d}"
        chunk = concepts[number::files]
        for concept in chunk:
            concept.domain = domain
        (out / f"{domain}.yaml").write_text(dump_domain(domain, chunk), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=0, help="number of domain files (default: one per 20k terms, at least 7)")
    args = parser.parse_args()
    started = time.perf_counter()
    concepts = generate(args.terms, args.seed)
    write(concepts, args.out, args.files or max(7, args.terms // 20000))
    print(f"{args.terms} terms in {len(concepts)} concepts → {args.out} ({time.perf_counter() - started:.1f} s)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
