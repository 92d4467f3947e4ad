"""Errors that the command line turns into one-line messages and exit code 2."""
from __future__ import annotations


class GlossaryError(Exception):
    """Bad input or bad usage: a message for a person, with the file and line where known.

    >>> str(GlossaryError("not valid YAML", path="base/x.yaml", line=3))
    'base/x.yaml:3: not valid YAML'
    """

    def __init__(self, message: str, path: object = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(GlossaryError):
    """A file or argument that cannot be used as it is."""


from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True, order=True)
class Finding:
    """A problem in a term-base file, reported as ``file:line: rule: message``."""

    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"
