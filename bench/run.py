"""One command for the performance benchmarks: lookup, index build, scan and compile, each beside
its obvious alternative, written to bench/RESULTS.md.

    python bench/run.py                      # full run (10k, 100k, 1M terms): about 25 minutes
    python bench/run.py --quick              # 10k terms, small samples: about a minute
    python bench/run.py --sizes 10000,100000 --only lookup,build

Sections (``--only``; all by default):
- ``build``   first lookup on a fresh base (cache removed): wall, peak RSS; then the rebuild
              after one concept is appended to one domain file;
- ``lookup``  typo'd queries: ``TermBase.lookup`` on a warm process beside
              ``rapidfuzz.process.extract(query, all_terms, scorer=WRatio)``; latency and how often
              the right concept comes first; and the cold CLI (``glossary -t DIR lookup QUERY``),
              also on the bundled base;
- ``scan``    characters per second of ``glossary scan`` on a ≥ 1 MB text, beside
              translate-toolkit's terminology matcher (10k and 100k-term bases);
- ``compile`` one catalog from a 50k-concept base beside ``msgfmt`` on the same .po.
Synthetic bases are generated once into ``--bases`` (bench/out/bases/N) and reused while their
parameters match. The figures also go to ``--json`` (bench/out/results.json).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import lookup_latency  # noqa: E402
import synthetic  # noqa: E402
from common import PYTHON, machine, shell  # noqa: E402
from report import write_report  # noqa: E402

SECTIONS = ("build", "lookup", "scan", "compile")
#: Seconds a rapidfuzz baseline may take per size (it scans every term per query: ~4.6 µs a term).
BASELINE_BUDGET = 150.0
BASELINE_SECONDS_PER_TERM = 4.6e-6


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_base(bases: Path, size: int, seed: int) -> tuple[Path, dict]:
    """The synthetic base of ``size`` terms (generated when missing or made otherwise)."""
    folder = bases / str(size)
    params_file = folder / synthetic.PARAMS
    wanted = {"terms": size, "seed": seed, "version": synthetic.VERSION}
    if params_file.exists():
        params = json.loads(params_file.read_text())
        if all(params.get(k) == v for k, v in wanted.items()):
            return folder, {"generated": False, "command": _gen_command(size, folder, seed)}
    shutil.rmtree(folder, ignore_errors=True)
    log(f"generating {size:,} terms into {folder}")
    started = time.perf_counter()
    concepts = synthetic.generate(size, seed)
    synthetic.write(concepts, folder, synthetic.default_files(size), {"terms": size, "seed": seed})
    seconds = time.perf_counter() - started
    log(f"generated in {seconds:.0f} s")
    return folder, {"generated": True, "seconds": seconds, "command": _gen_command(size, folder, seed)}


def _gen_command(size: int, folder: Path, seed: int) -> str:
    return shell([PYTHON, str(HERE / "synthetic.py"), "--terms", str(size), "--out", str(folder), "--seed", str(seed)])


def code_stamp() -> str:
    """The hash of the code that decides the index (a change of it rebuilds every segment)."""
    from glossary.indexcache import _code_stamp

    return _code_stamp()


def bench_size(size: int, folder: Path, args: argparse.Namespace, sections: set[str]) -> dict:
    out: dict = {"size": size, "folder": str(folder)}
    terms = lookup_latency.base_terms(folder)
    out["concepts"] = len({t.concept for t in terms})
    queries = lookup_latency.make_queries(terms, args.queries, args.seed)
    del terms
    workdir = args.workdir / f"lookup-{size}"
    if "build" in sections:
        runs = args.build_runs or (1 if size >= 1_000_000 else 3)
        log(f"{size:,}: index build ({runs} run(s))")
        out["build"] = lookup_latency.measure_build(folder, queries[0].query, runs)
        log(f"{size:,}: build {out['build']['wall']:.1f} s, max RSS {out['build']['max_rss'] / 1e6:.0f} MB")
        log(f"{size:,}: incremental rebuild ({args.runs} runs)")
        out["incremental"] = lookup_latency.measure_incremental(folder, args.runs)
        log(f"{size:,}: incremental {out['incremental']['wall']:.2f} s")
    if "lookup" in sections:
        log(f"{size:,}: library lookup, {len(queries)} queries × {args.repeat}")
        out["ours"] = lookup_latency.run_worker("ours", str(folder), queries, workdir, args.repeat)
        log(f"{size:,}: ours median {out['ours']['median_ms']:.2f} ms, first {out['ours']['first']:.1%}")
        count = min(len(queries), max(args.min_baseline, int(BASELINE_BUDGET / (size * BASELINE_SECONDS_PER_TERM))))
        log(f"{size:,}: rapidfuzz baseline, {count} queries")
        out["baseline"] = lookup_latency.run_worker("rapidfuzz", str(folder), queries[:count], workdir)
        same = json.loads((workdir / "result-ours.json").read_text(encoding="utf-8"))["rows"][:count]
        out["ours_same_queries"] = lookup_latency.summarise(same)
        log(f"{size:,}: rapidfuzz median {out['baseline']['median_ms']:.1f} ms, first {out['baseline']['first']:.1%}")
        cli_queries = queries[:args.cli_queries]
        out["cold_cli"] = lookup_latency.measure_cold_cli(folder, cli_queries, args.runs)
        log(f"{size:,}: cold CLI median {out['cold_cli']['median_ms']:.0f} ms")
    return out


def bench_bundled(args: argparse.Namespace) -> dict:
    """Cold CLI and library lookup on the base shipped with the package."""
    folder = lookup_latency.folder_of("bundled")
    terms = lookup_latency.base_terms(folder)
    queries = lookup_latency.make_queries(terms, min(args.queries, 100), args.seed)
    workdir = args.workdir / "lookup-bundled"
    out = {"terms": len(terms), "concepts": len({t.concept for t in terms})}
    out["cold_cli"] = lookup_latency.measure_cold_cli(None, queries[:args.cli_queries], args.runs)
    out["ours"] = lookup_latency.run_worker("ours", "bundled", queries, workdir, args.repeat)
    out["baseline"] = lookup_latency.run_worker("rapidfuzz", "bundled", queries, workdir)
    log(f"bundled: cold CLI {out['cold_cli']['median_ms']:.0f} ms; first {out['ours']['first']:.1%} "
        f"(rapidfuzz {out['baseline']['first']:.1%})")
    return out


def bench_scan(size: int, folder: Path, args: argparse.Namespace) -> dict:
    import scan_throughput

    from glossary.termbase import TermBase

    started = time.perf_counter()
    concepts = list(TermBase.load(folder).concepts())
    out = {"size": size, "load_wall": time.perf_counter() - started, "langs": []}
    toolkit_runs = args.toolkit_runs or 3
    for lang in args.scan_langs.split(","):
        log(f"scan {size:,} {lang}: {args.chars:,} chars, toolkit on {args.toolkit_chars:,}")
        r = scan_throughput.measure(concepts, lang, args.chars, args.runs, args.toolkit_chars, toolkit_runs)
        out["langs"].append(r)
        t = r["toolkit"]
        log(f"scan {size:,} {lang}: cold {r['ours']['cold']['bytes_per_s'] / 1e6:.2f} MB/s"
            + (f", toolkit {t['bytes_per_s'] / 1e3:.1f} kB/s" if t else ""))
    out["command"] = shell([PYTHON, str(HERE / "scan_throughput.py"), "--base", str(folder), "--chars", str(args.chars),
                            "--lang", args.scan_langs, "--runs", str(args.runs), "--toolkit-chars",
                            str(args.toolkit_chars)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--sizes", help="comma list of base sizes in terms (default 10000,100000,1000000)")
    parser.add_argument("--quick", action="store_true", help="10k terms, small samples: about a minute")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"sections to run ({','.join(SECTIONS)})")
    parser.add_argument("--queries", type=int, help="typo'd queries per size (default 200; quick 40)")
    parser.add_argument("--repeat", type=int, help="timings per query of the library lookup (default 5; quick 3)")
    parser.add_argument("--runs", type=int, help="repeats of the other measurements (default 3; quick 2)")
    parser.add_argument("--build-runs", type=int, default=0, help="index builds per size (default 3, 1 at 1M)")
    parser.add_argument("--min-baseline", type=int, default=20, help="rapidfuzz queries at least, per size")
    parser.add_argument("--cli-queries", type=int, default=10, help="queries of the cold CLI measurement")
    parser.add_argument("--scan-sizes", help="base sizes of the scan benchmark (default 10000,100000; quick 10000)")
    parser.add_argument("--scan-langs", default="en,ru")
    parser.add_argument("--chars", type=int, help="scan text length (default 1,000,000; quick 200,000)")
    parser.add_argument("--toolkit-chars", type=int, help="prefix the toolkit scans (default 200,000; quick 20,000)")
    parser.add_argument("--toolkit-runs", type=int, default=0, help="toolkit runs (default 3)")
    parser.add_argument("--compile-concepts", type=int, help="concepts of the compile benchmark (default 50,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bases", type=Path, default=HERE / "out" / "bases")
    parser.add_argument("--workdir", type=Path, default=HERE / "out" / "work")
    parser.add_argument("--out", type=Path, help="report (default bench/RESULTS.md; quick: bench/out/RESULTS-quick.md)")
    parser.add_argument("--json", type=Path, help="figures as JSON (default bench/out/results[-quick].json)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the figures of --json that this run does not measure again (re-run one size or "
                             "section and update the report)")
    args = parser.parse_args()
    quick = args.quick
    sizes = [int(s) for s in (args.sizes or ("10000" if quick else "10000,100000,1000000")).split(",")]
    args.queries = args.queries or (40 if quick else 200)
    args.repeat = args.repeat or (3 if quick else 5)
    args.runs = args.runs or (2 if quick else 3)
    args.chars = args.chars or (200_000 if quick else 1_000_000)
    args.toolkit_chars = args.toolkit_chars or (20_000 if quick else 200_000)
    args.compile_concepts = args.compile_concepts or (10_000 if quick else 50_000)
    scan_sizes = [int(s) for s in (args.scan_sizes or ("10000" if quick else "10000,100000")).split(",")]
    suffix = "-quick" if quick else ""
    args.out = args.out or (HERE / "out" / "RESULTS-quick.md" if quick else HERE / "RESULTS.md")
    args.json = args.json or HERE / "out" / f"results{suffix}.json"
    sections = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    args.bases.mkdir(parents=True, exist_ok=True)
    args.workdir.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    args.previous = json.loads(args.json.read_text(encoding="utf-8")) if args.merge and args.json.exists() else None
    results: dict = {"machine": machine(), "command": shell([PYTHON, *sys.argv]), "quick": quick,
                     "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                     "sizes": [], "scan": [], "generated": {}, "code_stamps": [code_stamp()]}
    if sections & {"build", "lookup"}:
        for size in sizes:
            folder, gen = ensure_base(args.bases, size, args.seed)
            results["generated"][str(size)] = gen
            results["sizes"].append(bench_size(size, folder, args, sections))
            _save(results, args)
    if "lookup" in sections:
        results["bundled"] = bench_bundled(args)
        _save(results, args)
    if "scan" in sections:
        for size in scan_sizes:
            folder, gen = ensure_base(args.bases, size, args.seed)
            results["generated"][str(size)] = gen
            results["scan"].append(bench_scan(size, folder, args))
            _save(results, args)
    if "compile" in sections:
        import compile_time

        log(f"compile: {args.compile_concepts:,} concepts, {args.runs} runs")
        results["compile"] = compile_time.measure(args.compile_concepts, max(args.runs, 3), args.workdir)
        results["compile"]["command"] = shell([PYTHON, str(HERE / "compile_time.py"), "--concepts",
                                               str(args.compile_concepts), "--runs", str(max(args.runs, 3))])
    results["seconds"] = time.perf_counter() - started
    results["code_stamps"].append(code_stamp())
    results["machine"]["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    _save(results, args)
    log(f"done in {results['seconds'] / 60:.1f} min → {args.out}")


def merge(old: dict, new: dict) -> dict:
    """``old`` updated with what ``new`` measured (per size and section); both runs are listed."""
    out = dict(old)
    sizes = {s["size"]: s for s in old.get("sizes", [])}
    for entry in new.get("sizes", []):
        sizes[entry["size"]] = {**sizes.get(entry["size"], {}), **entry}
    out["sizes"] = [sizes[k] for k in sorted(sizes)]
    scans = {s["size"]: s for s in old.get("scan", [])}
    scans.update({s["size"]: s for s in new.get("scan", [])})
    out["scan"] = [scans[k] for k in sorted(scans)]
    for key in ("bundled", "compile"):
        if key in new:
            out[key] = new[key]
    out["generated"] = {**old.get("generated", {}), **new.get("generated", {})}
    out["earlier_runs"] = old.get("earlier_runs", []) + [
        {"command": old["command"], "date": old["machine"].get("date"), "minutes": round(old.get("seconds", 0) / 60, 1),
         "load average at start": old["machine"].get("load average at start"),
         "load average at end": old["machine"].get("load average at end"), "code_stamps": old.get("code_stamps", [])}]
    for key in ("machine", "command", "quick", "settings", "seconds", "code_stamps"):
        if key in new:
            out[key] = new[key]
    return out


def _save(results: dict, args: argparse.Namespace) -> None:
    if args.previous is not None:
        results = merge(args.previous, results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(write_report(results), encoding="utf-8")


if __name__ == "__main__":
    main()
