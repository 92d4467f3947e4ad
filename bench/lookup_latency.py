"""Lookup at scale: latency and accuracy on typo'd queries, beside a plain rapidfuzz extract; index
build, incremental rebuild and cold-CLI latency. Used by bench/run.py; the worker modes below run
in their own processes so that each measurement starts clean:

    python bench/lookup_latency.py ours      --base DIR --queries Q.json --repeat 5 --out R.json
    python bench/lookup_latency.py rapidfuzz --base DIR --queries Q.json --out R.json

``ours`` opens the base (``TermBase(DIR)``, nothing parsed), makes one untimed lookup so that
the index is open (a warm process), then times ``base.lookup(query, limit=10)`` ``--repeat``
times per query. ``rapidfuzz`` reads every term text of the base into a list and times
``rapidfuzz.process.extract(query, all_terms, scorer=WRatio)`` (limit 10) once per query. Both
record whether the right concept comes first and whether it is in the first ten. ``--base
bundled`` is the base shipped with the package.

Queries are real terms of the base with one or two character edits (a letter substituted from
the language's alphabet, dropped, doubled-in or two neighbours swapped), made deterministically
from a seed; acronyms and words under four letters are left out, and an edit that makes another
term of the language is redone.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import GLOSSARY, PYTHON, median, percentile, run_measured, run_timed, shell  # noqa: E402
from synthetic import MANIFEST  # noqa: E402


@dataclass
class TermRecord:
    concept: str
    lang: str
    status: str
    type: str
    text: str


@dataclass
class Query:
    query: str
    concept: str
    lang: str
    term: str
    edits: int
    #: The most edits (optimal string alignment) in any one word: 2 when both fell in one word.
    word_edits: int = 1


def folder_of(base: str) -> Path:
    from glossary.store import termbase_folder

    return termbase_folder(None if base == "bundled" else base)


def base_terms(folder: Path) -> list[TermRecord]:
    """Every term of a base: from the synthetic manifest when there is one, else from the YAML."""
    manifest = folder / MANIFEST
    if manifest.exists():
        with open(manifest, encoding="utf-8") as f:
            return [TermRecord(*line.rstrip("\n").split("\t")) for line in f]
    from glossary.termbase import TermBase

    return [TermRecord(c.id, t.lang, t.status, t.type, t.text) for c in TermBase.load(folder).concepts()
            for terms in c.terms.values() for t in terms]


def typo(text: str, lang: str, rng: random.Random, edits: int) -> str:
    """``text`` with ``edits`` character edits at letters (substitute, delete, insert, transpose).

    >>> typo("гиперзвуковая ракета", "ru", random.Random(3), 1) != "гиперзвуковая ракета"
    True
    """
    from glossary.text.scripts import ALPHABETS

    alphabet = ALPHABETS.get(lang.split("-")[0], ALPHABETS["en"])
    chars = list(text)
    for _ in range(edits):
        letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
        i = rng.choice(letters)
        kind = rng.choice(("substitute", "delete", "insert", "transpose"))
        if kind == "substitute":
            new = rng.choice([c for c in alphabet if c != chars[i].lower()])
            chars[i] = new.upper() if chars[i].isupper() else new
        elif kind == "delete" and len(letters) > 4:
            del chars[i]
        elif kind == "insert":
            chars.insert(i + rng.randint(0, 1), rng.choice(alphabet))
        elif i + 1 < len(chars) and chars[i + 1].isalpha() and chars[i + 1] != chars[i]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice([c for c in alphabet if c != chars[i].lower()])
    return "".join(chars)


def word_edits(query: str, term: str) -> int:
    """The most edits in one word between a query and its term (word by word; the edits never
    add or remove a space, so the words pair up).

    >>> word_edits("raketta hypersonic", "raketa hypersonic"), word_edits("rbkfta", "raketa")
    (1, 2)
    """
    from rapidfuzz.distance import OSA

    return max((OSA.distance(a.lower(), b.lower()) for a, b in zip(query.split(), term.split())), default=0)


def make_queries(terms: list[TermRecord], count: int, seed: int = 9) -> list[Query]:
    """``count`` typo'd queries, half with one edit and half with two, in every language."""
    rng = random.Random(seed)
    existing = {(t.lang, t.text.lower()) for t in terms}
    pool = [t for t in terms if t.type != "acronym" and sum(ch.isalpha() for ch in t.text) >= 4]
    queries: list[Query] = []
    while len(queries) < count and pool:
        term = rng.choice(pool)
        edits = 1 + len(queries) % 2
        for _ in range(10):
            text = typo(term.text, term.lang, rng, edits)
            if text.lower() != term.text.lower() and (term.lang, text.lower()) not in existing:
                queries.append(Query(text, term.concept, term.lang, term.text, edits, word_edits(text, term.text)))
                break
    return queries


# --- the workers (each in its own process) -------------------------------------------------------

def _rank(found: list[str], concept: str) -> int | None:
    return found.index(concept) + 1 if concept in found else None


def work_ours(base_name: str, queries: list[Query], repeat: int) -> dict:
    from glossary.termbase import TermBase

    started = time.perf_counter()
    base = TermBase(folder_of(base_name))
    base.lookup(queries[0].query if queries else "warm up", limit=10)
    open_seconds = time.perf_counter() - started
    rows = []
    for q in queries:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            matches = base.lookup(q.query, limit=10)
            times.append(time.perf_counter() - t0)
        found = [m.concept for m in matches]
        rows.append({"query": q.query, "edits": q.edits, "word_edits": q.word_edits, "lang": q.lang,
                     "seconds": median(times),
                     "rank": _rank(found, q.concept), "first": found[0] if found else None,
                     "via": matches[0].via if matches else None})
    return {"open_seconds": open_seconds, "memory": _memory(), "rows": rows}


def _memory() -> dict[str, int]:
    """This process's peak and current resident memory, anonymous and file-backed (mmap), bytes."""
    out = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "RssAnon", "RssFile"):
                    out[key] = int(value.split()[0]) * 1024
    except OSError:
        pass
    return out


def work_rapidfuzz(base_name: str, queries: list[Query]) -> dict:
    from rapidfuzz import fuzz, process

    started = time.perf_counter()
    terms = base_terms(folder_of(base_name))
    all_terms = [t.text for t in terms]
    load_seconds = time.perf_counter() - started
    rows = []
    for q in queries:
        t0 = time.perf_counter()
        result = process.extract(q.query, all_terms, scorer=fuzz.WRatio, limit=10)
        seconds = time.perf_counter() - t0
        found = list(dict.fromkeys(terms[i].concept for _, _, i in result))
        rows.append({"query": q.query, "edits": q.edits, "word_edits": q.word_edits, "lang": q.lang,
                     "seconds": seconds,
                     "rank": _rank(found, q.concept), "first": found[0] if found else None})
    return {"load_seconds": load_seconds, "terms": len(all_terms), "rows": rows}


def summarise(rows: list[dict]) -> dict:
    """Median/p90/max latency (ms), accuracy at 1 and 10, overall and by number of edits."""
    out: dict = {"queries": len(rows)}
    if not rows:
        return out
    ms = [r["seconds"] * 1000 for r in rows]
    out.update(median_ms=median(ms), p90_ms=percentile(ms, 90), max_ms=max(ms),
               first=sum(r["rank"] == 1 for r in rows) / len(rows),
               top10=sum(r["rank"] is not None for r in rows) / len(rows))
    for edits in (1, 2):
        part = [r for r in rows if r["edits"] == edits]
        if part:
            out[f"first_{edits}edit"] = sum(r["rank"] == 1 for r in part) / len(part)
    out["misses"] = miss_causes(rows)
    return out


def miss_causes(rows: list[dict]) -> dict[str, int]:
    """The queries whose concept did not come first, by what happened."""
    causes = {"nothing found": 0, "two edits in one word, right concept not in first 10": 0,
              "one edit per word, right concept not in first 10": 0, "right concept ranked 2-10": 0}
    for r in rows:
        if r["rank"] == 1:
            continue
        if r["first"] is None:
            causes["nothing found"] += 1
        elif r["rank"] is not None:
            causes["right concept ranked 2-10"] += 1
        elif r.get("word_edits", 1) > 1:
            causes["two edits in one word, right concept not in first 10"] += 1
        else:
            causes["one edit per word, right concept not in first 10"] += 1
    return causes


def worker_command(mode: str, base: str, queries_file: Path, out: Path, repeat: int = 1) -> list[str]:
    argv = [PYTHON, str(HERE / "lookup_latency.py"), mode, "--base", base, "--queries", str(queries_file),
            "--out", str(out)]
    return argv + (["--repeat", str(repeat)] if mode == "ours" else [])


def run_worker(mode: str, base: str, queries: list[Query], workdir: Path, repeat: int = 1) -> dict:
    """Run one worker in its own process; its summary, peak memory and exact command."""
    workdir.mkdir(parents=True, exist_ok=True)
    queries_file = workdir / f"queries-{mode}.json"
    queries_file.write_text(json.dumps([asdict(q) for q in queries], ensure_ascii=False), encoding="utf-8")
    out = workdir / f"result-{mode}.json"
    argv = worker_command(mode, base, queries_file, out, repeat)
    run = run_measured(argv)
    if run.returncode != 0:
        raise RuntimeError(f"{shell(argv)} failed:\n{run.stderr[-3000:]}")
    data = json.loads(out.read_text(encoding="utf-8"))
    return {"command": shell(argv), "max_rss": run.max_rss, "tree_rss": run.tree_rss, "wall": run.wall,
            "repeat": repeat, **{k: v for k, v in data.items() if k != "rows"},
            **summarise(data["rows"]), "missed": [r for r in data["rows"] if r["rank"] != 1][:10],
            "nothing_found_two_edits_in_a_word": sum(r["first"] is None and r.get("word_edits", 1) > 1
                                                     for r in data["rows"])}


# --- index build, incremental rebuild, cold CLI ------------------------------------------------

def cli_lookup(folder: Path | None, query: str, *extra: str) -> list[str]:
    return [GLOSSARY, *(["-t", str(folder)] if folder else []), "lookup", query, *extra]


def measure_build(folder: Path, query: str, runs: int) -> dict:
    """First lookup on a fresh base (cache removed): wall, peak RSS (largest process, and tree)."""
    argv = cli_lookup(folder, query, "--limit", "1")
    samples = []
    for _ in range(runs):
        shutil.rmtree(folder / ".cache", ignore_errors=True)
        run = run_measured(argv)
        if run.returncode not in (0, 1):
            raise RuntimeError(f"{shell(argv)} failed:\n{run.stderr[-3000:]}")
        samples.append(run)
    cache = sum(p.stat().st_size for p in (folder / ".cache").glob("*")) if (folder / ".cache").exists() else 0
    return {"command": shell(["rm", "-rf", f"{folder}/.cache"]) + " && " + shell(argv), "runs": runs,
            "wall": median([s.wall for s in samples]), "walls": [s.wall for s in samples],
            "cpu": median([s.cpu for s in samples]),
            "max_rss": max(s.max_rss for s in samples), "tree_rss": max(s.tree_rss for s in samples),
            "cache_bytes": cache}


def _appended_concept(number: int) -> str:
    """A new concept in the canonical layout, sorted after every synthetic id."""
    return (f"- id: zz-bench-{number:03d}\n  terms:\n    en:\n    - text: benchmark appended concept {number}\n"
            f"      status: preferred\n    ru:\n    - text: добавленное понятие номер {number}\n"
            "      status: preferred\n")


def measure_incremental(folder: Path, runs: int) -> dict:
    """After one domain file gains one concept: the next CLI lookup's wall time (it rebuilds that
    file's segment only) and whether it finds the new concept. The file is restored afterwards."""
    from glossary.store import domain_files

    target = domain_files(folder)[0]
    original = target.read_bytes()
    samples, found = [], 0
    try:
        run_measured(cli_lookup(folder, "warm up", "--limit", "1"))  # every segment up to date
        for number in range(runs):
            target.write_bytes(original + _appended_concept(number).encode("utf-8"))
            argv = cli_lookup(folder, f"benchmark appended concept {number}", "--limit", "1", "--format", "json")
            run = run_measured(argv)
            samples.append(run)
            try:
                matches = json.loads(run.stdout)["matches"]
                found += bool(matches) and matches[0]["concept"] == f"zz-bench-{number:03d}"
            except ValueError:
                pass
    finally:
        target.write_bytes(original)
        run_measured(cli_lookup(folder, "warm up", "--limit", "1"))
    return {"command": f"(append one concept to {target.name}) && " + shell(argv), "runs": runs,
            "file": target.name, "file_bytes": len(original),
            "wall": median([s.wall for s in samples]), "walls": [s.wall for s in samples],
            "cpu": median([s.cpu for s in samples]),
            "max_rss": max(s.max_rss for s in samples), "found_new_concept": found}


def measure_cold_cli(folder: Path | None, queries: list[Query], runs: int) -> dict:
    """``glossary [-t DIR] lookup QUERY`` as a fresh process per call, index already built."""
    run_timed(cli_lookup(folder, "warm up"))
    per_query = []
    for q in queries:
        per_query.append(median([run_timed(cli_lookup(folder, q.query))[0] for _ in range(runs)]))
    return {"command": shell(cli_lookup(folder, "QUERY")), "queries": len(queries), "runs": runs,
            "median_ms": median(per_query) * 1000, "max_ms": max(per_query) * 1000 if per_query else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("ours", "rapidfuzz"))
    parser.add_argument("--base", required=True, help="base folder, or 'bundled'")
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    queries = [Query(**q) for q in json.loads(args.queries.read_text(encoding="utf-8"))]
    if args.mode == "ours":
        result = work_ours(args.base, queries, args.repeat)
    else:
        result = work_rapidfuzz(args.base, queries)
    args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    summary = summarise(result["rows"])
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
