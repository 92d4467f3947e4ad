"""validate, fmt and stats: commands over the term base itself."""
from __future__ import annotations

from pathlib import Path

import click

from .output import FORMATS, echo_json, folder, termbase


@click.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def validate(ctx: click.Context, fmt: str) -> None:
    """Check the term base; print file:line: rule: message for each finding (exit 1 if any)."""
    from glossary.validate import validate as run_validate

    findings = run_validate(folder(ctx))
    if fmt == "json":
        echo_json({"findings": [f.__dict__ for f in findings]})
    else:
        for finding in findings:
            click.echo(str(finding))
        if not findings:
            click.echo(f"{folder(ctx)}: valid", err=True)
    ctx.exit(1 if findings else 0)


@click.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 and name the files that are not canonical.")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def fmt(ctx: click.Context, check: bool, files: tuple[Path, ...]) -> None:
    """Rewrite the term-base files (or only FILES) in the canonical layout."""
    from glossary.fmt import format_base

    changed = format_base(folder(ctx), write=not check, files=list(files))
    for path in changed:
        click.echo(f"{path}: {'not canonical' if check else 'reformatted'}")
    ctx.exit(1 if check and changed else 0)


@click.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Coverage per language (concepts, preferred terms, reliability) and per domain."""
    data = termbase(ctx).stats()
    if fmt == "json":
        echo_json(data)
        return
    click.echo(f"{data['concepts']} concepts")
    click.echo(f"{'lang':<8}{'concepts':>9}{'preferred':>10}{'terms':>7}   reliability 1/2/3/4")
    for lang, row in data["languages"].items():
        rel = "/".join(str(row["reliability"].get(str(r), 0)) for r in range(1, 5))
        click.echo(f"{lang:<8}{row['concepts']:>9}{row['preferred']:>10}{row['terms']:>7}   {rel}")
    click.echo("domains: " + ", ".join(f"{d} {n}" for d, n in data["domains"].items()))
