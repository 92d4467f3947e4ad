"""bench/RESULTS.md from the figures of bench/run.py (a dict, as in bench/out/results.json).

    python bench/report.py bench/out/results.json --write     # rewrites bench/RESULTS.md

Hand-written text after the line ``<!-- notes -->`` of an existing report is kept when the
report is written again (bench/run.py does that).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

NOTES_MARK = "<!-- notes -->"


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x:,.1f} ms" if x < 100 else f"{x:,.0f} ms"


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:,.2f} s" if x < 10 else f"{x:,.1f} s"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.1%}"


def _mb(x: float | None) -> str:
    return "–" if not x else f"{x / 1e6:,.0f} MB"


def _rate(x: float | None) -> str:
    return "–" if not x else f"{x / 1e6:,.2f} MB/s" if x >= 1e5 else f"{x / 1e3:,.1f} kB/s"


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f}×" if x >= 10 else f"{x:,.2f}×"


def _met(ok: bool | None) -> str:
    return "–" if ok is None else "yes" if ok else "**no**"


def _size(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def headline(r: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    sizes = [s for s in r.get("sizes", []) if "ours" in s or "build" in s]
    big = max(sizes, key=lambda s: s["size"]) if sizes else None
    if big is not None:
        at = f"at {_size(big['size'])} terms"
        ours, base, same = big.get("ours"), big.get("baseline"), big.get("ours_same_queries")
        if ours:
            rows.append([f"library lookup, median latency {at} (warm)", _ms(ours["median_ms"]),
                         _ms(base["median_ms"]) + " (rapidfuzz extract)", "–", "≤ 10 ms",
                         _met(ours["median_ms"] <= 10)])
            ratio = base["median_ms"] / same["median_ms"] if same and same.get("median_ms") else None
            rows.append([f"lookup speed-up over rapidfuzz extract {at} (same {base['queries']} queries)",
                         _ms(same["median_ms"]), _ms(base["median_ms"]), _ratio(ratio), "≥ 50×",
                         _met(ratio is not None and ratio >= 50)])
            rows.append([f"right concept first, typo'd queries {at} ({ours['queries']}; 1 edit / 2 edits)",
                         f"{_pct(ours['first'])} ({_pct(ours.get('first_1edit'))} / {_pct(ours.get('first_2edit'))})",
                         f"{_pct(base['first'])} ({_pct(base.get('first_1edit'))} / {_pct(base.get('first_2edit'))})",
                         "–", "≥ 95 %", _met(ours["first"] >= 0.95)])
        if ours and ours.get("memory", {}).get("RssFile") is not None:
            mem = ours["memory"]
            rows.append([f"resident memory of the warm lookup process {at}: anonymous / file-backed (mmap of the index)",
                         f"{_mb(mem.get('RssAnon'))} / {_mb(mem.get('RssFile'))}", "–", "–", "–", "–"])
        build, inc = big.get("build"), big.get("incremental")
        if build:
            peaks = [build["max_rss"]] + [x["max_rss"] for x in (ours, inc) if x]
            rows.append([f"peak memory {at} (largest process: build, rebuild, warm lookups; whole tree at build)",
                         f"{_mb(max(peaks))} (tree {_mb(build['tree_rss'])})", "–", "–", "≤ 1 GB",
                         _met(max(peaks) <= 1e9)])
            rows.append([f"first lookup incl. index build {at} ({build['runs']} run(s); CPU {_s(build.get('cpu'))})",
                         _s(build["wall"]), "–", "–", "≤ 120 s", _met(build["wall"] <= 120)])
        if inc:
            rows.append([f"lookup after a one-file change (incremental rebuild) {at}", _s(inc["wall"]), "–", "–",
                         "≤ 10 s", _met(inc["wall"] <= 10)])
    bundled = r.get("bundled")
    if bundled:
        rows.append(["cold CLI lookup, bundled base (`glossary lookup QUERY`)", _ms(bundled["cold_cli"]["median_ms"]),
                     "–", "–", "≤ 150 ms", _met(bundled["cold_cli"]["median_ms"] <= 150)])
    if r.get("scan"):
        scan = max(r["scan"], key=lambda s: s["size"])
        for lang in scan["langs"]:
            o, p, t = lang["ours"], lang["ours_prefix"], lang["toolkit"]
            at = f"{_size(scan['size'])}-term base, {lang['lang']}"
            rows.append([f"scan throughput, {at}, {o['chars'] / 1e6:.1f} M chars cold (warm {_rate(o['warm']['bytes_per_s'])})",
                         f"{_rate(o['cold']['bytes_per_s'])} ({o['cold']['chars_per_s'] / 1e6:.2f} M chars/s)",
                         "–", "–", "≥ 1 MB/s", _met(o["cold"]["bytes_per_s"] >= 1e6)])
            if t:
                ratio = p["cold"]["chars_per_s"] / t["chars_per_s"]
                rows.append([f"scan vs translate-toolkit terminologymatcher, {at}, same {t['chars']:,} chars",
                             _rate(p["cold"]["bytes_per_s"]), _rate(t["bytes_per_s"]), _ratio(ratio), "≥ 50×",
                             _met(ratio >= 50)])
    c = r.get("compile")
    if c and c.get("msgfmt"):
        ratio = c["ours"]["wall"] / c["msgfmt"]["wall"]
        rows.append([f"compile one catalog, {c['concepts']:,}-concept base (vs msgfmt on the same .po)",
                     _s(c["ours"]["wall"]), _s(c["msgfmt"]["wall"]), _ratio(ratio), "≤ 2× msgfmt", _met(ratio <= 2)])
    return rows


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    return out + ["| " + " | ".join(row) + " |" for row in rows]


def write_report(r: dict, notes: str | None = None) -> str:
    if notes is None:
        notes = ""
        out_path = r.get("settings", {}).get("out")
        if out_path and Path(out_path).exists():
            text = Path(out_path).read_text(encoding="utf-8")
            if NOTES_MARK in text:
                notes = text.split(NOTES_MARK, 1)[1].strip("\n")
    m = r["machine"]
    earlier = r.get("earlier_runs", [])
    lines = ["# Benchmark results", "",
             f"{'Quick run' if r.get('quick') else 'Run'} of `{r['command']}`"
             + (f", {r['seconds'] / 60:.1f} minutes" if "seconds" in r else " (in progress)")
             + (" (the figures it did not measure again come from the earlier runs listed below)" if earlier else "")
             + ".", "",
             "Medians over repeated runs; the run counts are given with each figure. Wall-clock seconds unless "
             "said otherwise. Re-create with the command above (see bench/README.md).", ""]
    for run in earlier:
        lines += [f"- earlier run `{run['command']}` ({run['date']}, {run['minutes']} minutes, load average "
                  f"{run['load average at start']} at start, {run.get('load average at end')} at end; index code "
                  f"{' → '.join(run.get('code_stamps') or ['?'])})"]
    if earlier:
        lines.append("")
    stamps = r.get("code_stamps", [])
    if len(set(stamps)) > 1:
        lines += ["**The library's index code changed during this run** (index code stamps "
                  f"{' → '.join(stamps)}): a measurement may include a full index rebuild.", ""]
    lines += [
             "## Machine", ""]
    lines += _table(["", ""], [[k, str(v)] for k, v in m.items()])
    lines += ["", "## Headline", ""]
    if r.get("quick"):
        lines += ["The targets are set for 1M-term (lookup, build) and 100k-term (scan) bases and full-size texts: "
                  "in a quick run the *met?* column is indicative only.", ""]
    lines += _table(["metric", "ours", "baseline", "ratio", "target", "met?"], headline(r))

    if r.get("sizes"):
        lines += ["", "## Lookup", "",
                  "Typo'd queries: real terms of the synthetic base with one or two character edits "
                  "(half each), in all seven languages. *ours*: `TermBase.lookup(query, limit=10)` in a warm "
                  "process, the median of its repeats per query, then the median over queries. *rapidfuzz*: "
                  "`rapidfuzz.process.extract(query, all_terms, scorer=WRatio)` over every term text, once per "
                  "query, on the first queries (as many as fit its time budget). *first*: the right concept "
                  "ranked first; *top 10*: among the first ten.", ""]
        rows = []
        for s in r["sizes"]:
            o, b, same = s.get("ours"), s.get("baseline"), s.get("ours_same_queries")
            if not o:
                continue
            rows.append([_size(s["size"]), f"{s['concepts']:,}", f"{o['queries']} × {o['repeat']}",
                         _ms(o["median_ms"]), _ms(o["p90_ms"]), _ms(o["max_ms"]),
                         f"{_pct(o['first'])} ({_pct(o.get('first_1edit'))} / {_pct(o.get('first_2edit'))})",
                         _pct(o["top10"]), f"{b['queries']}", _ms(b["median_ms"]),
                         f"{_pct(b['first'])} ({_pct(b.get('first_1edit'))} / {_pct(b.get('first_2edit'))})",
                         _pct(b["top10"]), _ratio(b["median_ms"] / same["median_ms"] if same else None),
                         _mb(o["max_rss"])])
        lines += _table(["terms", "concepts", "queries × repeats", "ours median", "p90", "max",
                         "ours first (1 / 2 edits)", "ours top 10", "rapidfuzz queries", "rapidfuzz median",
                         "rapidfuzz first (1 / 2 edits)", "rapidfuzz top 10", "speed-up (same queries)",
                         "ours peak RSS"], rows)
        lines += ["", "Commands:", ""]
        for s in r["sizes"]:
            for key in ("ours", "baseline"):
                if s.get(key):
                    lines.append(f"- `{s[key]['command']}`")
        causes = [(s, s["ours"].get("misses")) for s in r["sizes"] if s.get("ours") and isinstance(s["ours"].get("misses"), dict)]
        if causes:
            names = list(causes[0][1])
            lines += ["", "Queries whose concept did not come first, by what happened (ours; share of all queries). "
                      "*nothing found*: no match at all; the other rows: the lookup answered, the right concept "
                      "elsewhere or missing:", ""]
            rows = []
            for s, c in causes:
                n = s["ours"]["queries"]
                nothing = c.get("nothing found", 0)
                two = s["ours"].get("nothing_found_two_edits_in_a_word")
                rows.append([_size(s["size"])] + [f"{c[k]} ({c[k] / n:.1%})" + (f", {two} with two edits in one word"
                                                                              if k == "nothing found" and two is not None and nothing else "")
                                                  for k in names])
            lines += _table(["terms", *names], rows)
        missed = [(s["size"], x) for s in r["sizes"] if s.get("ours") for x in s["ours"].get("missed", [])]
        if missed:
            lines += ["", "Examples (size: query ← language, edits → what came first):", ""]
            lines += [f"- {_size(size)}: `{x['query']}` ({x['lang']}, {x['edits']} edit(s)"
                      + (", both in one word" if x.get("word_edits", 1) > 1 else "") + f") → {x['first'] or 'nothing'}"
                      + (f" via {x['via']}" if x.get("via") else "")
                      + (f", right concept at rank {x['rank']}" if x.get("rank") else "") for size, x in missed[:12]]

        lines += ["", "## Index build, incremental rebuild, cold CLI", "",
                  "*build*: the first `glossary -t DIR lookup QUERY` after `rm -rf DIR/.cache` (wall; CPU is user + "
                  "system of the process and its workers); *peak RSS*: the largest process (GNU time `%M`), and the "
                  "sum over the process tree sampled every 20 ms (the index is built by parallel workers). "
                  "*rebuild*: the next CLI lookup after one concept was appended to one domain file (a different "
                  "one each run; the file is restored afterwards). *cold CLI*: `glossary -t DIR lookup QUERY` as a "
                  "fresh process, index already built, median over queries of the median of the runs.", ""]
        rows = []
        for s in r["sizes"]:
            b, i, c = s.get("build"), s.get("incremental"), s.get("cold_cli")
            rows.append([_size(s["size"]),
                         f"{_s(b['wall'])} ({b['runs']})" if b else "–", _s(b.get("cpu")) if b else "–",
                         _mb(b["max_rss"]) if b else "–", _mb(b["tree_rss"]) if b else "–",
                         _mb(b["cache_bytes"]) if b else "–",
                         f"{_s(i['wall'])} ({i['runs']})" if i else "–",
                         f"{i['found_new_concept']}/{i['runs']}" if i else "–",
                         f"{_ms(c['median_ms'])} ({c['queries']} × {c['runs']})" if c else "–"])
        lines += _table(["terms", "build (runs)", "build CPU", "peak RSS (largest)", "peak RSS (tree)",
                         "index on disk", "rebuild (runs)", "new concept found", "cold CLI (queries × runs)"], rows)
        bundled = r.get("bundled")
        if bundled:
            o, b, c = bundled["ours"], bundled["baseline"], bundled["cold_cli"]
            lines += ["", f"Bundled base ({bundled['concepts']} concepts, {bundled['terms']} terms): cold CLI "
                      f"`{c['command']}` median {_ms(c['median_ms'])} ({c['queries']} queries × {c['runs']} runs, "
                      f"max {_ms(c['max_ms'])}); library lookup median {_ms(o['median_ms'])}, right concept first "
                      f"{_pct(o['first'])} of {o['queries']} typo'd queries (rapidfuzz extract: {_pct(b['first'])}, "
                      f"median {_ms(b['median_ms'])})."]
        lines += ["", "Commands:", ""]
        for s in r["sizes"]:
            for key in ("build", "incremental", "cold_cli"):
                if s.get(key):
                    lines.append(f"- `{s[key]['command']}`")
        for size, gen in r.get("generated", {}).items():
            lines.append(f"- base: `{gen['command']}`" + (f" ({_s(gen['seconds'])})" if gen.get("seconds") else ""))

    if r.get("scan"):
        lines += ["", "## Scan", "",
                  "A text of running sentences (filler words and pseudo-words of the language, a term of the base "
                  "every twenty words or so; in Russian half of them in the genitive) scanned with word-form "
                  "matching: *cold* is a freshly built scanner with empty word caches (each distinct word of the "
                  "text analysed once, as in a CLI run), *warm* the same scanner again. translate-toolkit's "
                  "`terminologymatcher` (terms as the source of a PO store) runs `matches(line)` on every line of "
                  "the text's first lines (its cost is lines × terms); ours is timed cold on the same lines for "
                  "the ratio. MB = 10⁶ bytes of UTF-8.", ""]
        rows = []
        for scan in r["scan"]:
            for lang in scan["langs"]:
                o, p, t = lang["ours"], lang["ours_prefix"], lang["toolkit"]
                rows.append([_size(scan["size"]), lang["lang"], f"{o['chars']:,} / {o['bytes']:,}",
                             _s(o["build_wall"]), f"{_s(o['cold']['wall'])} ({o['runs']})",
                             f"{_rate(o['cold']['bytes_per_s'])}, {o['cold']['chars_per_s'] / 1e6:.2f} M chars/s",
                             _rate(o["warm"]["bytes_per_s"]), f"{o['matches']:,}",
                             f"{t['chars']:,}" if t else "–",
                             f"{_rate(t['bytes_per_s'])} ({t['runs']})" if t else "–",
                             _rate(p["cold"]["bytes_per_s"]),
                             _ratio(p["cold"]["chars_per_s"] / t["chars_per_s"]) if t else "–",
                             _ratio(o["cold"]["chars_per_s"] / t["chars_per_s"]) if t else "–"])
        lines += _table(["terms", "lang", "chars / bytes", "scanner build", "cold scan (runs)", "cold throughput",
                         "warm", "matches", "toolkit chars", "toolkit (runs)", "ours cold, same chars",
                         "ratio, same chars", "ratio, ours on whole text"], rows)
        lines += ["", "Commands:", ""] + [f"- `{scan['command']}`" for scan in r["scan"]]

    c = r.get("compile")
    if c:
        lines += ["", "## Compile", "",
                  f"One ru catalog from a synthetic base of {c['concepts']:,} concepts ({c['entries']:,} entries, "
                  f".po {c['po_bytes'] / 1e6:.1f} MB, .mo {c['mo_bytes'] / 1e6:.1f} MB), medians of {c['runs']} "
                  "runs, ours and msgfmt alternating. The base is loaded once before (YAML load "
                  f"{_s(c['load_wall'])}, not compared).", ""]
        rows = [["ours: build the catalog, render .po and .mo (in memory)", _s(c["ours"]["wall"]), _s(c["ours"]["cpu"])]]
        if c.get("msgfmt"):
            rows.append([f"`{c['msgfmt_command']}` (.mo identical to ours: {c['mo_identical']})",
                         _s(c["msgfmt"]["wall"]), _s(c["msgfmt"]["cpu"])])
        rows += [["ours: the .mo writer alone", _s(c["mo_writer"]["wall"]), _s(c["mo_writer"]["cpu"])],
                 ["ours: `compile_catalogs(base, out, langs=['ru'])`, .pot + .po + .mo written",
                  _s(c["compile_catalogs"]["wall"]), _s(c["compile_catalogs"]["cpu"])],
                 ["polib `save_as_mofile` (.po already parsed)", _s(c["polib"]["wall"]), _s(c["polib"]["cpu"])],
                 [f"`{c['cli_command']}` (whole CLI, YAML load included)", _s(c["cli"]["wall"]), _s(c["cli"]["cpu"])]]
        lines += _table(["what", "wall", "CPU"], rows)
        lines += ["", f"Command: `{c['command']}`; ours is `{c['ours_command']}`."]
    lines += ["", NOTES_MARK, ""]
    if notes:
        lines += [notes, ""]
    return "\n".join(lines)


def main() -> None:
    """``report.py RESULTS.json``: print the report; with ``--write``, rewrite the report the
    results name (keeping its notes)."""
    results = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    text = write_report(results)
    if "--write" in sys.argv[2:]:
        Path(results["settings"]["out"]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
