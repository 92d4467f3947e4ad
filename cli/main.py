"""The ``glossary`` command: a click group whose subcommands load on first use.

Each subcommand lives in its own module of this package and is a few lines over the library.
Errors become one line on stderr and exit code 2; ``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys

import click

#: command name -> "module:function" inside glossary_cli
COMMANDS = {
    "lookup": "lookup_cmd:lookup",
    "scan": "scan_cmd:scan",
    "check": "check_cmd:check",
    "compile": "compile_cmd:compile_command",
    "import": "interchange_cmd:import_command",
    "export": "interchange_cmd:export",
    "validate": "base_cmd:validate",
    "fmt": "base_cmd:fmt",
    "stats": "base_cmd:stats",
    "translit": "lookup_cmd:translit",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, target in COMMANDS.items()
                      if importlib.util.find_spec(f"glossary_cli.{target.split(':')[0]}"))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(f"glossary_cli.{module}"), attr)


def _version() -> str:
    from glossary import __version__

    return __version__


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--termbase", "-t", metavar="DIR", envvar="GLOSSARY_TERMBASE",
              help="Term-base folder (default: $GLOSSARY_TERMBASE, else the bundled base).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(version=None, package_name="glossary", message="glossary %(version)s")
@click.pass_context
def cli(ctx: click.Context, termbase: str | None, debug: bool) -> None:
    """Concept-oriented CSTO defence and security term base (ru en be kk ky tg hy).

    Exit codes: 0 success, 1 findings or no match, 2 bad usage or bad input.
    """
    ctx.obj = {"termbase": termbase, "debug": debug}


def run(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning errors into one line and exit code 2."""
    from glossary.errors import GlossaryError

    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    _tolerate_undecodable_names()
    try:
        code = cli.main(args=argv, prog_name="glossary", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("glossary: interrupted", err=True)
        code = 130
    except click.UsageError as e:  # one line, like every other error
        hint = f" (see '{e.ctx.command_path} --help')" if e.ctx else ""
        click.echo(f"glossary: error: {e.format_message()}{hint}", err=True)
        code = 2
    except click.ClickException as e:
        e.show()
        code = 2 if e.exit_code == 1 else e.exit_code
    except GlossaryError as e:
        if debug:
            raise
        click.echo(f"glossary: error: {e}", err=True)
        code = 2
    except KeyboardInterrupt:
        click.echo("glossary: interrupted", err=True)
        code = 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    except Exception as e:  # a bug: still one line unless --debug
        if debug:
            raise
        click.echo(f"glossary: internal error: {type(e).__name__}: {e} (run with --debug for details)", err=True)
        code = 3
    sys.exit(code or 0)


def _tolerate_undecodable_names() -> None:
    """Let stdout/stderr print file names and arguments that were not valid UTF-8 (lone surrogates):
    as their original bytes where possible, else backslash-escaped, never a UnicodeEncodeError."""
    import codecs

    def handler(error: UnicodeError) -> tuple[str | bytes, int]:
        try:
            return codecs.lookup_error("surrogateescape")(error)
        except UnicodeError:
            return codecs.lookup_error("backslashreplace")(error)

    codecs.register_error("glossary-output", handler)
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="glossary-output")


if __name__ == "__main__":
    run()
