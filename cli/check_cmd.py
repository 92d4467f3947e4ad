"""glossary check: terminology QA of a translation (plain-text pair, .po, XLIFF, or a target alone)."""
from __future__ import annotations

import re

import click

from .output import TABULAR_FORMATS, echo_json, style, termbase

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="[SOURCE] TARGET")
@click.option("--source-lang", "-s", metavar="L", help="Language of the source (a .po defaults to its header, else en).")
@click.option("--target-lang", "-l", metavar="L", help="Language of the target (.po/XLIFF: from the file).")
@click.option("--skip", "skip", multiple=True, metavar="RULE", help="Do not run this rule (repeatable).")
@click.option("--format", "fmt", type=TABULAR_FORMATS, default="text", show_default=True)
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], source_lang: str | None, target_lang: str | None,
          skip: tuple[str, ...], fmt: str) -> None:
    """Check that a translation uses the term base's approved terms.

    \b
    glossary check SOURCE TARGET -s ru -l en   line-aligned plain-text files
    glossary check FILE.po | FILE.xlf           bilingual file (languages from the file)
    glossary check -l en TARGET                 target alone (rules that need no source)

    \b
    TARGET may be - (standard input).
    Rules: missing-term (error), forbidden-term (error), deprecated-term (warning),
    untranslated-script (error), do-not-translate (error).
    Suppress a segment with "glossary: ignore" (or "glossary: ignore=RULE,RULE") in its .po
    translator comment, XLIFF note, or at the end of a plain-text line.
    Output: file:line: rule: message. Exit 1 when an error was found, 0 when clean or
    warnings only, 2 on bad input.
    """
    from glossary.check import RULES, check_file, check_files, has_errors

    rules = [r for r in RULES if r not in set(skip)]
    unknown = set(skip) - set(RULES)
    if unknown:
        raise click.UsageError(f"unknown rule {sorted(unknown)[0]!r} (rules: {', '.join(RULES)})")
    base = termbase(ctx)
    if len(files) == 2:
        if not source_lang or not target_lang:
            raise click.UsageError("a SOURCE and TARGET pair needs --source-lang and --target-lang")
        issues = check_files(base, files[0], files[1], source_lang, target_lang, rules=rules)
    elif len(files) == 1:
        issues = check_file(base, files[0], source_lang, target_lang, rules=rules)
    else:
        raise click.UsageError("give SOURCE and TARGET, one .po/XLIFF file, or one TARGET with --target-lang")
    errors = sum(i.severity == "error" for i in issues)
    warnings = len(issues) - errors
    if fmt == "json":
        echo_json({"file": files[-1], "errors": errors, "warnings": warnings,
                   "issues": [i.to_dict() for i in issues]})
    elif fmt == "tsv":
        click.echo("\t".join(("file", "line", "rule", "severity", "concept", "found", "expected", "message")))
        for i in issues:
            row = (i.path, i.line, i.rule, i.severity, i.concept, i.found, i.expected, i.message)
            click.echo("\t".join(re.sub(r"[\t\r\n]+", " ", "" if v is None else str(v)) for v in row))
    else:
        for i in issues:
            rule = style(i.rule, fg=_SEVERITY_COLOURS.get(i.severity), bold=True)
            click.echo(f"{i.path}:{i.line}: {rule}: {i.message}")
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        click.echo(f"{files[-1]}: {summary}" if issues else f"{files[-1]}: clean", err=True)
    ctx.exit(1 if has_errors(issues) else 0)
