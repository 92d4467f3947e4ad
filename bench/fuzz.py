"""Fuzz the parsers with mutated real files: the only acceptable outcomes are success or a
GlossaryError (InputError); anything else — another exception, a hang — is a crash.

    python bench/fuzz.py --seconds 30                  # every target, 30 s each
    python bench/fuzz.py --targets tbx,csv --seconds 120 --out bench/out/fuzz

Inputs are real files (tests/fixtures/bad, tests/fixtures/check, the small fixture base and its
TBX/CSV/JSON/.po exports) mutated by hypothesis: byte flips, inserted and deleted runs, spliced
chunks of other seeds, hostile tokens (quotes, backslashes, entities, NUL, BOM, CR, U+2028 …),
truncation, and structural edits (lines duplicated, dropped, swapped or re-indented). Each target
runs a parser and what consumes its output (the merge of an import as a dry run, the check
rules, lookup, the YAML round trip), all in memory or in a temp folder, never on the real base.

Every distinct crash (target, exception type, innermost frame of the project) is written to
``--out`` with the input that caused it and its traceback; the summary table gives, per target,
the seconds, the inputs tried and the distinct crashes. Exit 1 when there was a crash.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, Phase, given, settings, strategies as st  # noqa: E402

from glossary.errors import GlossaryError  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
HANG_SECONDS = 10
TOKENS = [b'"', b"\\", b"\\x", b"\\777", b"<", b">", b"&", b"&lol;", b"]]>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
          b"\x00", b"\x04", b"\r", b"\r\n", b"\n", b"\t", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\xe2\x80\xa8",
          b"\xc2\x85", b"msgid ", b"msgstr[9] ", b"msgctxt ", b'msgid_plural "', b"#, fuzzy\n", b"#~ ",
          b": ", b"- ", b"{", b"[", b"*a", b"&a ", b"!!python/object ", b"? ", b"---\n", b"...", b",", b'""',
          b"xml:lang=\"xx\"", b"id=\"../../x\"", b"../../x", b"/etc/passwd", b"\xd0\xb9", b"\xcc\x86",
          b"9" * 30, b"-1", b"NaN", b"1e999", b"true", b"null", b"~", b"%", b"\x1b[31m", b" " * 64]


# --- seeds -----------------------------------------------------------------------------------

def seeds() -> dict[str, list[bytes]]:
    """Real sample files per input kind."""
    from glossary.catalogs import build_catalog, render_po
    from glossary.formats import export_concepts
    from glossary.termbase import TermBase

    base = TermBase.load(FIXTURES / "base")
    concepts = list(base.concepts())
    found: dict[str, list[bytes]] = {"yaml": [], "po": [], "xliff": [], "tbx": [], "csv": [], "json": [], "text": []}
    suffixes = {".yaml": "yaml", ".po": "po", ".xlf": "xliff", ".tbx": "tbx", ".csv": "csv", ".json": "json",
                ".txt": "text"}
    for path in sorted(FIXTURES.rglob("*")):
        kind = suffixes.get(path.suffix)
        if kind and path.is_file() and path.stat().st_size < 200_000 and ".cache" not in path.parts:
            found[kind].append(path.read_bytes())
    for fmt in ("tbx", "csv", "json"):
        found[fmt].append(export_concepts(concepts, fmt))
    for lang in ("ru", "hy"):
        found["po"].append(render_po(build_catalog(base, "en", lang)).encode("utf-8"))
    found["query"] = [t.text.encode("utf-8") for c in concepts for t in c.all_terms()] + [
        b"odkb", b"giperzvukovaya raketa", b"hypersonik missle", b"\xd0\x9e\xd0\x94\xd0\x9a\xd0\x91"]
    found["text"] += [b"\n".join(found["query"])]
    return found


# --- mutations -------------------------------------------------------------------------------

WEIRD_TEXT = st.one_of(
    st.sampled_from(["", " ", "../../x", "/etc/passwd", "a/b", "xx", "en-US", "ru_RU", "kk-Latn", "preferredTerm-admn-sts",
                     "forbidden", "glossary:reliability=9", "glossary:forms.few=", "glossary:related=../x", "-1",
                     "9" * 40, "NaN", "\u2028", "\x00", "\x04", "\ufeff", "й" * 300, "&amp;", "#plural",
                     "weapons", "legal", "csto", "true", "maybe"]),
    st.text(max_size=30))


@st.composite
def mutated(draw, pool: list[bytes], others: list[bytes]) -> bytes:
    """A seed with one to a few byte-level or line-level edits (mostly mild, sometimes many)."""
    data = bytearray(draw(st.sampled_from(pool)))
    edits = draw(st.sampled_from([1, 1, 1, 2, 2, 3, 5, 12]))
    kinds = ["token", "token", "token", "text", "text", "lines", "lines", "delete", "dup", "splice", "flip",
             "binary", "truncate"]
    for _ in range(edits):
        kind = draw(st.sampled_from(kinds))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "binary":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "text":
            data[at:at] = draw(WEIRD_TEXT).encode("utf-8", "surrogatepass")
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.sampled_from([1, 1, 1, 2, 50]))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "splice" and others:
            other = draw(st.sampled_from(others))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start:start + draw(st.integers(1, 200))]
        elif kind == "truncate":
            del data[at:]
        elif kind == "dup":
            size = draw(st.integers(1, 200))
            data[at:at] = data[at:at + size] * draw(st.sampled_from([1, 2, 10]))
        elif kind == "lines":
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            edit = draw(st.sampled_from(["swap", "drop", "dup", "indent", "dedent"]))
            if edit == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif edit == "drop":
                del lines[i]
            elif edit == "dup":
                lines.insert(j, lines[i])
            elif edit == "indent":
                lines[i] = b"  " + lines[i]
            else:
                lines[i] = lines[i].lstrip()
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@st.composite
def xml_mutated(draw, pool: list[bytes]) -> bytes:
    """A well-formed XML seed with elements deleted, duplicated, moved, or given odd text and attributes."""
    from lxml import etree

    seed = draw(st.sampled_from(pool))
    try:
        root = etree.fromstring(seed, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except (etree.XMLSyntaxError, ValueError):
        return seed
    for _ in range(draw(st.integers(1, 6))):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]  # not comments, PIs, entities
        element = draw(st.sampled_from(elements))
        edit = draw(st.sampled_from(["delete", "dup", "text", "attr", "move", "tail", "child"]))
        parent = element.getparent()
        if edit == "delete" and parent is not None:
            parent.remove(element)
        elif edit == "dup" and parent is not None:
            import copy

            parent.insert(parent.index(element), copy.deepcopy(element))
        elif edit == "text":
            element.text = _xml_safe(draw(WEIRD_TEXT))
        elif edit == "tail":
            element.tail = _xml_safe(draw(WEIRD_TEXT))
        elif edit == "attr":
            name = draw(st.sampled_from(list(element.attrib) + ["id", "type", "{http://www.w3.org/XML/1998/namespace}lang",
                                                                "target-language", "version", "translate"]))
            with contextlib.suppress(ValueError):
                element.set(name, _xml_safe(draw(WEIRD_TEXT)))
        elif edit == "move" and parent is not None:
            target = draw(st.sampled_from(elements))
            if element not in target.iterancestors() and target is not element:
                parent.remove(element)
                target.append(element)
        elif edit == "child":
            tag = draw(st.sampled_from(["term", "termNote", "descrip", "langSec", "termSec", "note", "target",
                                        "source", "trans-unit", "segment", "conceptEntry", "hi", "x"]))
            namespace = element.tag.split("}")[0] + "}" if element.tag.startswith("{") else ""
            try:
                child = etree.SubElement(element, namespace + tag)
            except (ValueError, TypeError):
                continue
            child.text = _xml_safe(draw(WEIRD_TEXT))
    try:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    except (ValueError, etree.LxmlError):
        return seed


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd"))


@st.composite
def json_mutated(draw, pool: list[bytes]) -> bytes:
    """A JSON seed with values replaced by values of other types, odd strings, deep nesting."""
    seed = draw(st.sampled_from(pool))
    try:
        value = json.loads(seed)
    except (ValueError, RecursionError):
        return seed
    leaf = st.one_of(WEIRD_TEXT, st.integers(-5, 10**20), st.floats(allow_nan=True), st.booleans(), st.none())
    for _ in range(draw(st.integers(1, 6))):
        holders = list(_containers(value))
        if not holders:
            break
        holder = draw(st.sampled_from(holders))
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        edit = draw(st.sampled_from(["leaf", "leaf", "list", "dict", "delete", "nest"]))
        if edit == "leaf":
            holder[key] = draw(leaf)
        elif edit == "list":
            holder[key] = [holder[key], draw(leaf)]
        elif edit == "dict":
            holder[key] = {draw(WEIRD_TEXT): holder[key]}
        elif edit == "delete":
            del holder[key]
        else:
            nested = holder[key]
            for _ in range(draw(st.sampled_from([2, 50, 3000]))):
                nested = [nested]
            holder[key] = nested
    try:
        return json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    except (RecursionError, ValueError):
        return seed


def _containers(value, depth: int = 0):
    if depth > 50:
        return
    if isinstance(value, (dict, list)):
        yield value
        for child in (value.values() if isinstance(value, dict) else value):
            yield from _containers(child, depth + 1)


def strategy(kind: str, pool: list[bytes], others: list[bytes]):
    if kind in ("tbx", "xliff"):
        return st.one_of(mutated(pool, others), xml_mutated(pool))
    if kind == "json":
        return st.one_of(mutated(pool, others), json_mutated(pool))
    return mutated(pool, others)


# --- targets ---------------------------------------------------------------------------------

class Work:
    """A scratch folder, the small base (fresh per input: imports merge into it in memory)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="glossary-fuzz-"))
        shutil.copytree(FIXTURES / "base", self.folder / "base", ignore=shutil.ignore_patterns(".cache"))
        self.count = 0

    def file(self, data: bytes, suffix: str) -> Path:
        self.count += 1
        path = self.folder / f"input{suffix}"
        path.write_bytes(data)
        return path

    def base(self):
        from glossary.termbase import TermBase

        return TermBase.load(self.folder / "base")


def target_yaml(work: Work, data: bytes) -> None:
    from glossary.store import dump_domain, parse_domain, read_domain
    from glossary.validate import validate

    folder = work.folder / "yaml"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / "weapons.yaml"
    path.write_bytes(data)
    domain, concepts, problems = read_domain(path)
    text = dump_domain(domain, concepts)
    again = parse_domain(text, str(path))
    if not problems:
        assert again[2] == [], f"the canonical dump does not read back cleanly: {again[2][:1]}"
        assert dump_domain(again[0], again[1]) == text, "dump/parse/dump is not stable"
    validate(folder)
    if not problems and concepts:
        _consumers(concepts)


def _consumers(concepts) -> None:
    """What reads a loaded base: catalogs (read back by polib and gettext) and the exports (read back)."""
    import gettext

    import polib

    from glossary.catalogs import build_catalog, render_mo, render_po
    from glossary.formats import FORMATS, _function, export_concepts
    from glossary.termbase import TermBase

    base = TermBase("unused", concepts)
    for lang in ("ru", "hy"):
        with contextlib.suppress(GlossaryError):
            catalog = build_catalog(base, "en", lang)
            po, mo = render_po(catalog), render_mo(catalog)
            polib.pofile(po)
            gettext.GNUTranslations(io.BytesIO(mo))
    for fmt in ("tbx", "csv", "json"):
        with contextlib.suppress(GlossaryError):
            data = export_concepts(concepts, fmt)
            _function(FORMATS[fmt].reader)(data, f"export.{fmt}")


def target_po(work: Work, data: bytes) -> None:
    from glossary.bilingual import read_po as read_for_check
    from glossary.poimport import import_po, read_po

    path = work.file(data, ".po")
    with contextlib.suppress(GlossaryError):
        read_for_check(path)
    read_po(path)
    import_po(work.base(), path, dry_run=True)


def target_xliff(work: Work, data: bytes) -> None:
    from glossary.check import check_file

    path = work.file(data, ".xlf")
    check_file(work.base(), path)


def _import(work: Work, data: bytes, suffix: str) -> None:
    from glossary.formats import import_file

    import_file(work.base(), work.file(data, suffix), dry_run=True, domain="weapons")


def target_tbx(work: Work, data: bytes) -> None:
    _import(work, data, ".tbx")


def target_csv(work: Work, data: bytes) -> None:
    _import(work, data, ".csv")


def target_json(work: Work, data: bytes) -> None:
    _import(work, data, ".json")


def target_text(work: Work, data: bytes) -> None:
    from glossary.check import check
    from glossary.store import read_text

    text = read_text(work.file(data, ".txt"))
    base = _shared_base(work)
    for lang in ("ru", "en"):
        base.scan(text, lang)
    lines = text.split("\n")
    check(base, "\n".join(lines), "\n".join(reversed(lines)), "ru", "en")


_BASES: dict[str, object] = {}


def _shared_base(work: Work):
    """One read-only base for the targets that never change it (scan, check, lookup)."""
    key = str(work.folder)
    if key not in _BASES:
        _BASES[key] = work.base()
    return _BASES[key]


def target_query(work: Work, data: bytes) -> None:
    from glossary.text.translit import romanise

    query = data.decode("utf-8", "surrogateescape")
    base = _shared_base(work)
    for lang in (None, "ru", "en", "hy"):
        base.lookup(query, lang=lang, limit=5)
    for lang, scheme in (("ru", "bgn"), ("ru", "press"), ("kk", "bgn"), ("hy", "bgn")):
        romanise(query, lang, scheme)


TARGETS: dict[str, tuple[str, Callable[[Work, bytes], None]]] = {
    "yaml": ("yaml", target_yaml), "po": ("po", target_po), "xliff": ("xliff", target_xliff),
    "tbx": ("tbx", target_tbx), "csv": ("csv", target_csv), "json": ("json", target_json),
    "text": ("text", target_text), "query": ("query", target_query),
}


# --- the run ---------------------------------------------------------------------------------

@dataclass
class Outcome:
    target: str
    inputs: int = 0
    ok: int = 0
    refused: int = 0
    seconds: float = 0.0
    crashes: dict[str, dict] = field(default_factory=dict)


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"no answer within {HANG_SECONDS} s")


def crash_key(target: str, error: BaseException) -> tuple[str, str]:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/glossary/" in f.filename.replace("\\", "/")] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{target}:{type(error).__name__}:{where}", where


def run_target(name: str, pool: list[bytes], others: list[bytes], seconds: float, out: Path) -> Outcome:
    kind, function = TARGETS[name]
    outcome = Outcome(name)
    work = Work()
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    def one(data: bytes) -> None:
        outcome.inputs += 1
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(HANG_SECONDS)
        try:
            function(work, data)
            outcome.ok += 1
        except GlossaryError:
            outcome.refused += 1
        except (Exception, RecursionError, Hang) as error:  # noqa: BLE001 - everything else is a crash
            key, where = crash_key(name, error)
            if key not in outcome.crashes:
                digest = hashlib.sha1(data).hexdigest()[:10]
                sample = out / f"{name}-{digest}.bin"
                sample.write_bytes(data)
                outcome.crashes[key] = {"error": f"{type(error).__name__}: {str(error)[:300]}", "where": where,
                                        "input": str(sample), "size": len(data),
                                        "traceback": "".join(traceback.format_exception(error))[-3000:]}
            outcome.crashes[key]["count"] = outcome.crashes[key].get("count", 0) + 1
        finally:
            signal.alarm(0)

    @settings(max_examples=10**9, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy(kind, pool, others))
    def fuzz(data: bytes) -> None:
        if time.monotonic() > deadline:
            raise TimeoutError
        one(data)

    for seed in pool:  # the unmutated seeds first
        one(seed)
    with contextlib.suppress(TimeoutError):
        while time.monotonic() < deadline:
            fuzz()
    outcome.seconds = time.monotonic() - started
    shutil.rmtree(work.folder, ignore_errors=True)
    _BASES.pop(str(work.folder), None)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="per target (default 30)")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma list of {', '.join(TARGETS)}")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    args = parser.parse_args()
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = set(names) - set(TARGETS)
    if unknown:
        parser.error(f"unknown target(s): {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    pools = seeds()
    everything = [s for pool in pools.values() for s in pool]
    results = []
    print(f"{'target':<8}{'seconds':>9}{'inputs':>9}{'ok':>8}{'refused':>9}{'crashes':>9}", flush=True)
    for name in names:
        kind = TARGETS[name][0]
        with contextlib.redirect_stderr(io.StringIO()):
            outcome = run_target(name, pools[kind], everything, args.seconds, args.out)
        results.append(outcome)
        print(f"{name:<8}{outcome.seconds:>9.1f}{outcome.inputs:>9}{outcome.ok:>8}{outcome.refused:>9}"
              f"{len(outcome.crashes):>9}", flush=True)
        for key, crash in outcome.crashes.items():
            print(f"    {key} ×{crash['count']}: {crash['error'][:160]}  ({crash['input']})", flush=True)
    total = sum(r.inputs for r in results)
    crashes = sum(len(r.crashes) for r in results)
    print(f"{'total':<8}{sum(r.seconds for r in results):>9.1f}{total:>9}{sum(r.ok for r in results):>8}"
          f"{sum(r.refused for r in results):>9}{crashes:>9}")
    report = {r.target: {"seconds": round(r.seconds, 1), "inputs": r.inputs, "ok": r.ok, "refused": r.refused,
                         "crashes": r.crashes} for r in results}
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
