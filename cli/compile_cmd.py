"""compile: gettext catalogs (glossary.pot, <lang>/LC_MESSAGES/glossary.po|.mo) from the term base."""
from __future__ import annotations

import click

from .output import FORMATS, echo_json, termbase


@click.command("compile")
@click.option("--out", "-o", "out_dir", default="locales", show_default=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder to write the catalogs into.")
@click.option("--source-lang", default="en", show_default=True, metavar="LANG",
              help="Language of the msgids (en, or ru for Russian-first documents).")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Target language; repeat it or give a comma list "
                   "(default: every other language of the base, script variants such as be-Latn included).")
@click.option("--min-reliability", type=click.IntRange(1, 4), default=1, show_default=True,
              help="Leave out terms less reliable than this (1 not verified ... 4 very reliable).")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 and name the files that are missing or out of date.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def compile_command(ctx: click.Context, out_dir: str, source_lang: str, langs: tuple[str, ...],
                    min_reliability: int, check: bool, fmt: str) -> None:
    """Compile the term base into gettext catalogs that msgfmt, C and Python gettext accept.

    Same base, same bytes (the header date is SOURCE_DATE_EPOCH, else 1970-01-01). Countable
    nouns also get a plural entry under the context ID#plural (see docs/catalogs.md).
    """
    from glossary.catalogs import compile_catalogs

    result = compile_catalogs(termbase(ctx), out_dir, source_lang=source_lang, langs=langs or None,
                              min_reliability=min_reliability, check=check)
    if fmt == "json":
        echo_json(result.as_dict())
    else:
        for path in result.stale:
            click.echo(f"{path}: stale")
        for path in result.written:
            click.echo(f"{path}: written")
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        counts = ", ".join(f"{lang} {n}+{result.plurals[lang]}" for lang, n in result.entries.items())
        state = f"{len(result.stale)} stale" if check else f"{len(result.written)} written"
        click.echo(f"{out_dir}: {len(result.files)} files, {state} (entries+plural: {counts})", err=True)
    ctx.exit(result.exit_code)
