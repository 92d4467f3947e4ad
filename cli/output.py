"""Output helpers shared by the commands: JSON, colour that respects NO_COLOR and terminals."""
from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

FORMATS = click.Choice(["text", "json"])
TABULAR_FORMATS = click.Choice(["text", "json", "tsv"])


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def style(text: str, **styles: Any) -> str:
    return click.style(text, **styles) if use_colour() else text


def echo_json(data: Any) -> None:
    """Print ``data`` as JSON; always valid UTF-8 (lone surrogates from undecodable names are escaped)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, ensure_ascii=True, indent=2)
    click.echo(text)


def termbase(ctx: click.Context):
    """The TermBase selected by --termbase / $GLOSSARY_TERMBASE (not yet read)."""
    from glossary.termbase import TermBase
    from glossary.store import termbase_folder

    return TermBase(termbase_folder(ctx.find_root().obj["termbase"]))


def folder(ctx: click.Context):
    from glossary.store import termbase_folder

    return termbase_folder(ctx.find_root().obj["termbase"])
