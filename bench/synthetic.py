"""Write a synthetic term base of N terms in the seven languages, for benchmarks.

    python bench/synthetic.py --terms 1000000 --out /tmp/base-1m [--seed 1] [--files 50]

Deterministic for a seed (same arguments → byte-identical files). Words are pseudo-words built
from each language's own letters and word shapes: onsets, vowels and typical endings (Russian
-ция/-ость/-ный, English -tion/-ment/-al, Kazakh -лық/-шы with ә ғ қ ң ө ұ ү һ і, Kyrgyz ң ө ү,
Tajik ғ ӣ қ ӯ ҳ ҷ, Belarusian і ў, Armenian script), two to four syllables long, so that the
vocabulary is about as dense in edit distance as a real one (a random typo seldom makes another
word of the base, but near neighbours exist). A term is one to four words, modifiers drawn from
a Zipf-distributed vocabulary (a few words are in thousands of terms, as "system" or "joint"
are) before a head noun drawn from a larger, flatter one; every term text is unique within its
language. About one concept in twelve has an upper-case acronym (case-sensitive), one in five
an admitted variant, a few a deprecated or forbidden one. The files are written in the
canonical layout (one per 20,000 terms, at least seven), so `glossary validate` accepts them.

Beside the domain files, ``.synthetic.tsv`` lists every term (concept, lang, status, type,
text; the ground truth of the lookup benchmark) and ``.synthetic.json`` the arguments; both are
hidden files, which the term base ignores.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from glossary.model import LANGUAGES, Concept, Term  # noqa: E402
from glossary.store import dump_domain  # noqa: E402

#: Bump when the output for the same arguments changes (run.py regenerates cached bases).
VERSION = 2
MANIFEST = ".synthetic.tsv"
PARAMS = ".synthetic.json"

#: Per language: onsets, vowels, codas, noun endings, modifier endings (space-separated).
SHAPES = {
    "ru": ("б в г д ж з к л м н п р с т ф х ц ч ш щ бр гр др кр пр тр ст ск сп вз зв пл",
           "а е и о у ы я ю", "н р л с т к м в",
           "ция ость ние ка ник тор ство ат ор ент ум ар ок ема",
           "ный ная ное ский ская ской овый овая ной ая ий"),
    "be": ("б в г д ж з к л м н п р с т ф х ц ч ш дз дж бр гр кр пр тр ст ск сп",
           "а е і о у ы я ю э", "н р л с т к м ў",
           "цыя асць нне ка нік тар ства ат ар энт ум",
           "ны ная ное скі ская ская авы авая ні"),
    "kk": ("б д ж з қ ғ к л м н ң п р с т ш й т с",
           "а ә е ы і о ө ұ ү", "н р л с т қ м ң з",
           "лық лік шы ші дар дер тар лар ым ыс ат",
           "лы лі тық ғы гі дық тік ты"),
    "ky": ("б д ж з к г л м н ң п р с т ч ш й",
           "а е ы и о ө у ү", "н р л с т к м ң з",
           "лук дүк чы чи лар дар ыш үү ат",
           "дуу түү луу лүү кы гы тык"),
    "tg": ("б в г ғ д ж з к қ л м н п р с т ф х ҳ ч ҷ ш",
           "а е и о у ӯ ӣ", "н р л с т қ м ҳ",
           "гоҳ дор гар бон ият ишт он ак",
           "ӣ нок она вӣ манд ин"),
    "hy": ("բ գ դ զ թ ժ լ խ ծ կ հ ձ ղ ճ մ յ ն շ չ պ ջ ռ ս վ տ ր ց փ ք ֆ",
           "ա ե ի ո ու է", "ն ր լ ս տ կ մ ղ",
           "ություն ական իչ ում անք որդ ակ",
           "ային ական յան ավոր ելի ուն"),
    "en": ("b c d f g h k l m n p r s t v w br cr dr fr gr pr tr st sp sc ch sh th ph bl cl pl",
           "a e i o u ea ou io ai", "n r l s t ck m x",
           "tion ment ness ity er or ance ence ure ism age ery",
           "al ive ic ous ary ed ing ent ile"),
}
DEFINITIONS = {"en": "Synthetic concept {}.", "ru": "Синтетическое понятие {}."}
#: Words per term (1-4) and their weights.
WORD_COUNTS, WORD_WEIGHTS = (1, 2, 3, 4), (25, 40, 25, 10)


class Language:
    """The pseudo-word vocabulary of one language."""

    def __init__(self, rng: random.Random, lang: str, heads: int, modifiers: int):
        onsets, vowels, codas, noun_end, mod_end = (part.split() for part in SHAPES[lang])
        self.onsets, self.vowels, self.codas = onsets, vowels, codas
        self.noun_end, self.mod_end = noun_end, mod_end
        seen: set[str] = set()
        self.heads = self._words(rng, heads, noun_end, seen)
        self.modifiers = self._words(rng, modifiers, mod_end, seen)
        # Zipf over modifiers: the first ones are in thousands of terms
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(modifiers)))

    def word(self, rng: random.Random, endings: list[str]) -> str:
        syllables = rng.choices((1, 2, 3), (30, 50, 20))[0]
        out = []
        for _ in range(syllables):
            out.append(rng.choice(self.onsets) + rng.choice(self.vowels))
            if rng.random() < 0.25:
                out.append(rng.choice(self.codas))
        if rng.random() < 0.8:
            out.append(rng.choice(endings))
        else:
            out.append(rng.choice(self.onsets) + rng.choice(self.vowels))
        return "".join(out)

    def _words(self, rng: random.Random, count: int, endings: list[str], seen: set[str]) -> list[str]:
        words = []
        while len(words) < count:
            word = self.word(rng, endings)
            if len(word) >= 3 and word not in seen:
                seen.add(word)
                words.append(word)
        return words

    def modifier(self, rng: random.Random) -> str:
        return self.modifiers[bisect.bisect_left(self.cumulative, rng.random() * self.cumulative[-1])]

    def term(self, rng: random.Random, used: set[str]) -> list[str]:
        """A new term's words (a text no other term of the language has)."""
        count = rng.choices(WORD_COUNTS, WORD_WEIGHTS)[0]
        while True:
            words = list(dict.fromkeys([self.modifier(rng) for _ in range(count - 1)] + [rng.choice(self.heads)]))
            text = " ".join(words)
            if text not in used:
                used.add(text)
                return words
            count = min(count + 1, 4)


def acronym(words: list[str]) -> str:
    letters = "".join(w[0] for w in words if w)
    if len(letters) < 3:
        letters += words[-1][1:3 - len(letters) + 1]
    return letters.upper()


def generate(n_terms: int, seed: int = 1) -> list[Concept]:
    """Concepts holding ``n_terms`` terms in all, deterministic for ``seed``.

    >>> [len([t for c in generate(50) for ts in c.terms.values() for t in ts])]
    [50]
    """
    rng = random.Random(seed)
    concepts_estimate = max(1, n_terms // 9)
    langs = {lang: Language(rng, lang, heads=max(500, concepts_estimate // 2),
                            modifiers=max(200, concepts_estimate // 6)) for lang in LANGUAGES}
    used: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    concepts: list[Concept] = []
    produced, index = 0, 0
    while produced < n_terms:
        concept = Concept(f"c{index:07d}", "", definition={k: v.format(index) for k, v in DEFINITIONS.items()})
        for lang in LANGUAGES:
            if produced >= n_terms:
                break
            words = langs[lang].term(rng, used[lang])
            concept.add_term(Term(" ".join(words), lang, pos="noun"))
            produced += 1
            roll = rng.random()
            extra = None
            if roll < 0.08 and len(words) > 1:
                text = acronym(words)
                if text not in used[lang]:
                    extra = Term(text, lang, status="admitted", type="acronym", case_sensitive=True,
                                 note="synthetic acronym")
            elif roll < 0.30 and len(words) > 1:
                status = "admitted" if roll < 0.25 else ("deprecated" if roll < 0.28 else "forbidden")
                text = " ".join(words[::-1])
                if text not in used[lang]:
                    extra = Term(text, lang, status=status, type="variant")
            if extra is not None and produced < n_terms:
                used[lang].add(extra.text)
                concept.add_term(extra)
                produced += 1
        concepts.append(concept)
        index += 1
    return concepts


def write(concepts: list[Concept], out: Path, files: int, params: dict | None = None) -> None:
    """The domain files, the term manifest and the parameters, into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        domain = f"synthetic-{number:03d}"
        chunk = concepts[number::files]
        for concept in chunk:
            concept.domain = domain
        (out / f"{domain}.yaml").write_text(dump_domain(domain, chunk), encoding="utf-8")
    rows = (f"{c.id}\t{t.lang}\t{t.status}\t{t.type}\t{t.text}\n" for c in concepts
            for terms in c.terms.values() for t in terms)
    (out / MANIFEST).write_text("".join(rows), encoding="utf-8")
    (out / PARAMS).write_text(json.dumps({**(params or {}), "version": VERSION, "files": files}) + "\n")


def default_files(n_terms: int) -> int:
    return max(7, n_terms // 20000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=0, help="number of domain files (default: one per 20k terms, at least 7)")
    args = parser.parse_args()
    started = time.perf_counter()
    concepts = generate(args.terms, args.seed)
    files = args.files or default_files(args.terms)
    write(concepts, args.out, files, {"terms": args.terms, "seed": args.seed})
    print(f"{args.terms} terms in {len(concepts)} concepts → {args.out} ({time.perf_counter() - started:.1f} s)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
