"""Content problems (errors and warnings) that point at file:line:column and a field path."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as the input allows."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}:{self.column}:"
        prefix = " warning:" if self.severity is Severity.WARNING else ""
        field = f" {self.field}:" if self.field else ""
        return f"{location}{prefix}{field} {self.message}"

    def as_error(self) -> Problem:
        return replace(self, severity=Severity.ERROR)


class ContentErrors(Exception):
    """Raised when a step found errors; carries every problem of the run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __reduce__(self):  # crosses from worker processes intact
        return (type(self), (self.problems,))


def display_path(path: Path, root: Path) -> str:
    """The path as the user will recognise it: relative to where they work when possible.

    Plain string work on absolute paths (no symlink resolution): it runs for every file read.
    """
    cwd = os.getcwd()
    text = os.fspath(path)
    absolute = text if text.startswith("/") and "/." not in text else os.path.abspath(text)
    for prefix in _prefixes(cwd, os.fspath(root.parent)):
        if absolute.startswith(prefix):
            return absolute[len(prefix) :]
    return text


@lru_cache(maxsize=64)
def _prefixes(cwd: str, root_parent: str) -> tuple[str, str]:
    """The folders display_path shortens paths against, each ending with '/'."""
    parent = os.path.normpath(os.path.join(cwd, root_parent))
    return cwd.rstrip("/") + "/", parent.rstrip("/") + "/"


def format_field_path(parts: tuple[str | int, ...]) -> str:
    """('tiers', 2, 'amount') -> 'tiers[2].amount'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
