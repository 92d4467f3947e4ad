"""lookup and translit: find a concept from any language, word form, script or typo; romanise names."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from glossary.model import DOMAINS, LANGUAGES
from glossary.text.translit import SCHEMES

from .output import TABULAR_FORMATS, FORMATS, echo_json, style, termbase

if TYPE_CHECKING:
    from glossary.lookup import Match

_STATUS_COLOURS = {"preferred": {"bold": True}, "admitted": {}, "deprecated": {"fg": "yellow"},
                   "forbidden": {"fg": "red", "bold": True}}


def _languages(value: tuple[str, ...]) -> list[str] | None:
    codes = [code.strip() for item in value for code in item.split(",") if code.strip()]
    return codes or None


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--lang", "-l", metavar="L", help=f"Match terms of this language only ({' '.join(LANGUAGES)}).")
@click.option("--to", "to", multiple=True, metavar="L1,L2",
              help="Show these languages (comma list or repeated; default: all).")
@click.option("--domain", "-d", type=click.Choice(DOMAINS), help="Only concepts of this domain.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True,
              help="Concepts to show at most.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=0, show_default=True,
              help="Drop matches scoring below this (0-100).")
@click.option("--format", "fmt", type=TABULAR_FORMATS, default="text", show_default=True)
@click.pass_context
def lookup(ctx: click.Context, query: tuple[str, ...], lang: str | None, to: tuple[str, ...],
           domain: str | None, limit: int, min_score: float, fmt: str) -> None:
    """Find the concept of QUERY, written in any language, word form or script, or with a typo.

    Each match reports its layer: exact, form (word forms), translit (Latin typing of Cyrillic
    or Armenian) or fuzzy. Exit 1 when nothing matches.

    \b
    Examples:
      glossary lookup гиперзвуковыми ракетами
      glossary lookup odkb --to ru,en
      glossary lookup "Collective Security Treaty" --format json
    """
    from glossary.indexcache import open_index
    from glossary.lookup import lookup as run_lookup, to_json

    text = " ".join(query)
    base = termbase(ctx)
    matches = run_lookup(base, text, lang=lang, to=_languages(to), limit=limit, domain=domain,
                         min_score=min_score)
    if fmt == "json":
        echo_json(to_json(text, matches))
    elif fmt == "tsv":
        _tsv(matches, _languages(to))
    elif matches:
        names = open_index(base).language_names
        click.echo("\n\n".join(_card(m, names) for m in matches))
    else:
        click.echo(f"no match for {text!r}", err=True)
    ctx.exit(0 if matches else 1)


def _marks(reliability: int) -> str:
    """Reliability 1-4 as filled and empty dots: 3 → ●●●○."""
    level = max(0, min(4, reliability))
    return "●" * level + "○" * (4 - level)


def _status(term) -> str:
    return style(term.status, **_STATUS_COLOURS.get(term.status, {}))


def _card(match: "Match", names: dict[str, str]) -> str:
    """A compact card: header, matched term, every shown language's terms, definition, source."""
    entry = match.entry
    head = entry.preferred("en") or entry.preferred(match.term.lang) or match.term
    lines = [f"{style(head.text, bold=True)}  {style(f'[{match.concept} · {match.domain}]', dim=True)}  "
             f"{match.via} {match.score}"]
    matched = f"matched {names.get(match.term.lang, match.term.lang)}: {match.term.text}"
    if match.replacement is not None:
        matched += f" — {_status(match.term)}; use {style(match.replacement.text, bold=True)}"
    elif match.term.status != "preferred":
        matched += f" ({match.term.status})"
    all_names = all(not t.translate for t in entry.all_terms())
    if all_names:
        matched += style("  · a name: transliterate, do not translate", dim=True)
    lines.append("  " + matched)
    langs = match.shown_languages()
    width = max((len(names.get(lang, lang)) for lang in langs), default=0) + 2
    for lang in langs:
        label = names.get(lang, lang).ljust(width)
        for i, term in enumerate(entry.terms.get(lang, [])):
            text = style(term.text, **_STATUS_COLOURS.get(term.status, {}))
            details = [] if term.status == "preferred" else [_status(term)]
            if term.type != "fullForm":
                details.append(term.type)
            if not term.translate and not all_names:
                details.append("do not translate")
            extra = f"  ({', '.join(details)})" if details else ""
            lines.append(f"  {label if i == 0 else ' ' * width}{text}{extra}  {style(_marks(term.reliability), dim=True)}")
    for lang in _definition_languages(match, langs):
        lines.append(f"  {style('definition', dim=True)} ({lang}): {entry.definition[lang]}")
    source = match.term.source or (entry.preferred(match.term.lang) or match.term).source
    if source:
        lines.append(f"  {style('source', dim=True)}: {source}")
    if entry.note:
        lines.append(f"  {style('note', dim=True)}: {entry.note}")
    return "\n".join(lines)


def _definition_languages(match: "Match", langs: list[str]) -> list[str]:
    """The definition in the matched language, and in English, unless --to chose others."""
    have = match.entry.definition
    if match.languages is not None:
        return [lang for lang in langs if lang in have]
    wanted = list(dict.fromkeys([match.term.lang, "en"]))
    return [lang for lang in wanted if lang in have] or list(have)[:1]


def _cell(text: object) -> str:
    return " ".join(str(text).split())


def _tsv(matches: list["Match"], to: list[str] | None) -> None:
    langs = to or list(LANGUAGES)
    click.echo("\t".join(["concept", "score", "via", "lang", "term", "status", "use", "domain", *langs]))
    for m in matches:
        preferred = [(m.entry.preferred(lang).text if m.entry.preferred(lang) else "") for lang in langs]
        use = m.replacement.text if m.replacement is not None else ""
        click.echo("\t".join(_cell(v) for v in [m.concept, m.score, m.via, m.term.lang, m.term.text, m.term.status,
                                                 use, m.domain, *preferred]))


_SCHEME_HELP = "\n".join(f"  {name:<6} {text}" for name, text in SCHEMES.items())


@click.command(help=f"""Romanise TEXT (names of people and places) by a transliteration scheme.

\b
Schemes:
{_SCHEME_HELP}

\b
Example:
  glossary translit Анатолий Выборный --scheme press   →  Anatoly Vyborny
""")
@click.argument("text", nargs=-1, required=True)
@click.option("--lang", "-l", default="ru", show_default=True, metavar="L",
              help="Language of TEXT (bgn: ru be kk ky tg hy; press, icao: ru).")
@click.option("--scheme", "-s", type=click.Choice(list(SCHEMES)), default="bgn", show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def translit(text: tuple[str, ...], lang: str, scheme: str, fmt: str) -> None:
    from glossary.text.translit import romanise

    source = " ".join(text)
    result = romanise(source, lang, scheme)
    if fmt == "json":
        echo_json({"text": source, "lang": lang, "scheme": scheme, "romanised": result})
    else:
        click.echo(result)
