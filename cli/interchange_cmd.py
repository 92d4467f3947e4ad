"""export and import: the term base to and from TBX, CSV, TSV, JSON (and translated .po files)."""
from __future__ import annotations

import click

from .output import FORMATS, echo_json, folder, termbase

EXPORT_CHOICES = click.Choice(["tbx", "csv", "tsv", "json"], case_sensitive=False)
IMPORT_CHOICES = click.Choice(["tbx", "csv", "json", "po"], case_sensitive=False)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command()
@click.option("--format", "fmt", type=EXPORT_CHOICES,
              help="tbx (TBX-Basic v3), csv (lossless, one row per term), tsv (source TAB target TAB comment, "
                   "needs --lang SRC,TGT), json. Default: from the extension of -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically); default stdout.")
@click.option("--lang", "langs", multiple=True, metavar="LANG[,LANG]", help="Only these languages (repeat or comma list).")
@click.option("--domain", "domains", multiple=True, metavar="DOMAIN[,DOMAIN]", help="Only these domains.")
@click.pass_context
def export(ctx: click.Context, fmt: str | None, output: str | None, langs: tuple[str, ...],
           domains: tuple[str, ...]) -> None:
    """Export the term base (TBX is validated by the official TBX-Basic schemas; see docs/interchange.md)."""
    from glossary.atomic import write_atomic
    from glossary.errors import InputError
    from glossary.formats import detect_format, export_termbase

    if not fmt and not output:
        raise InputError("give --format tbx|csv|tsv|json, or -o FILE with one of those extensions")
    name = detect_format(output, fmt)
    data = export_termbase(termbase(ctx), name, _split(langs), _split(domains))
    if output:
        write_atomic(output, data)
    else:
        stream = click.get_binary_stream("stdout")
        stream.write(data)
        stream.flush()


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=IMPORT_CHOICES, help="Input format; default: from the extension of FILE.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--overwrite", is_flag=True, help="Take the file's value where it differs from the base (default: keep "
                                                  "the base's and report a conflict).")
@click.option("--domain", help="Domain for new concepts whose subject field is missing or not a domain of the base.")
@click.option("--report", "report_format", type=FORMATS, default="text", show_default=True,
              help="How to print what was done.")
@click.pass_context
def import_command(ctx: click.Context, file: str, fmt: str | None, dry_run: bool, overwrite: bool,
                   domain: str | None, report_format: str) -> None:
    """Merge FILE into the term base by concept id: add what is new, report conflicts, delete nothing.

    Exit 0: applied; 1: applied, with conflicts or skipped entries reported; 2: bad input, nothing applied.
    """
    from glossary.formats import import_file

    report = import_file(termbase(ctx), file, fmt, dry_run=dry_run, overwrite=overwrite, domain=domain)
    if report_format == "json":
        echo_json({"file": file, "termbase": str(folder(ctx)), "dry_run": dry_run, **report.as_dict(),
                   "exit_code": report.exit_code})
    else:
        for line in report.lines():
            click.echo(line)
        summary = (f"{file}: {len(report.added)} added, {len(report.changed)} changed, "
                   f"{len(report.conflicts)} conflicts, {len(report.skipped)} skipped")
        written = "dry run, nothing written" if dry_run else f"{len(report.written)} files written"
        click.echo(f"{summary} ({written})", err=True)
    ctx.exit(report.exit_code)
