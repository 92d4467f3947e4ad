"""glossary scan: every term of the base found in a text, with its translations."""
from __future__ import annotations

import re
from typing import Any

import click

from .output import TABULAR_FORMATS, echo_json, style, termbase

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'»”)\]]*\s+")
_STATUS_COLOURS = {"preferred": "green", "admitted": "cyan", "deprecated": "yellow", "forbidden": "red"}


def read_input(path: str) -> str:
    """The text of FILE, or of standard input for ``-`` (UTF-8; a clear error otherwise)."""
    from pathlib import Path

    from glossary.bilingual import read_stdin
    from glossary.store import read_text

    return read_stdin() if path == "-" else read_text(Path(path))


def _langs(value: str | None) -> list[str] | None:
    if not value:
        return None
    from glossary.model import check_language

    return [check_language(part) for part in value.replace(" ", ",").split(",") if part]


@click.command()
@click.argument("file", metavar="FILE|-")
@click.option("--lang", "-l", required=True, metavar="L", help="Language of the text (ru en be kk ky tg hy).")
@click.option("--to", metavar="L1,L2", help="Show translations into these languages only (default: all).")
@click.option("--format", "fmt", type=TABULAR_FORMATS, default="text", show_default=True)
@click.pass_context
def scan(ctx: click.Context, file: str, lang: str, to: str | None, fmt: str) -> None:
    """Find every concept of the term base in FILE (- reads standard input).

    Inflected forms, multi-word, hyphenated and parenthesised variants are found; the longest
    match wins; acronyms marked case-sensitive match only in their own case. Offsets (JSON
    start/end) are character offsets into the whole input. Exit 0 when something was found,
    1 when nothing was, 2 on bad input.

    \b
    Example:  glossary scan article.txt --lang en --to ru,kk --format json
    """
    from glossary.model import check_language
    from glossary.scan import LineIndex

    lang = check_language(lang)
    targets = _langs(to)
    text = read_input(file)
    found = termbase(ctx).scan(text, lang, to=targets)
    if fmt == "json":
        echo_json({"file": file, "lang": lang, "matches": [o.to_dict() for o in found]})
    elif fmt == "tsv":
        _tsv(found, lang, targets)
    else:
        _text(file, text, found, LineIndex(text))
        click.echo(f"{len(found)} match{'es' if len(found) != 1 else ''} of "
                   f"{len({o.concept for o in found})} concepts", err=True)
    ctx.exit(0 if found else 1)


def _clean(value: Any) -> str:
    return re.sub(r"[\t\r\n]+", " ", "" if value is None else str(value))


def _tsv(found: list, lang: str, targets: list[str] | None) -> None:
    from glossary.model import LANGUAGES

    columns = targets or [code for code in LANGUAGES if code != lang]
    click.echo("\t".join(["line", "start", "end", "concept", "lang", "status", "via", "term", "text", *columns]))
    for o in found:
        row = [o.line, o.start, o.end, o.concept, o.lang, o.status, o.via, o.term.text, o.text,
               *(o.translations.get(code, "") for code in columns)]
        click.echo("\t".join(map(_clean, row)))


def _text(file: str, text: str, found: list, lines: Any) -> None:
    """Per sentence with matches: the sentence with each match marked, then one row per match."""
    by_line: dict[int, list] = {}
    for o in found:
        by_line.setdefault(o.line, []).append(o)
    for number, matches in by_line.items():
        line_start = lines.starts[number - 1]
        line_end = text.find("\n", line_start)
        line_text = text[line_start: line_end if line_end >= 0 else len(text)]
        for start, end in _sentences(line_text):
            inside = [o for o in matches if line_start + start <= o.start < line_start + end]
            if not inside:
                continue
            click.echo(f"{file}:{number}: {_marked(line_text, line_start, start, end, inside)}")
            for o in inside:
                label = style(o.status, fg=_STATUS_COLOURS.get(o.status))
                where = " · ".join(f"{code}: {term}" for code, term in o.translations.items())
                click.echo(f"    {o.text} → {o.concept} [{label}, {o.via}]" + (f"  {where}" if where else ""))


def _sentences(line: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for match in _SENTENCE_END.finditer(line):
        out.append((start, match.start()))
        start = match.end()
    out.append((start, len(line)))
    return out


def _marked(line: str, line_start: int, start: int, end: int, matches: list) -> str:
    parts, position = [], start
    for o in sorted(matches, key=lambda o: o.start):
        a, b = o.start - line_start, min(o.end - line_start, len(line))
        if a < position:
            continue
        parts += [line[position:a], style("⟦" + line[a:b] + "⟧", bold=True, fg=_STATUS_COLOURS.get(o.status))]
        position = b
    parts.append(line[position:end])
    return "".join(parts).strip()
