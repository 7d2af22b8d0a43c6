"""Importers: one class per export format, found by name or by the header row through the
pledgekit.importers entry points (built-in and third-party alike)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from pledgekit import plugins
from pledgekit.ledger.bounds import row_refusals
from pledgekit.ledger.csvtools import Columns
from pledgekit.ledger.rows import LedgerRow
from pledgekit.plugins import Registry, subclass_named
from pledgekit.problems import Problem


def conflict_message(here: LedgerRow, there: LedgerRow, where: str) -> str | None:
    """Why two rows of one payment cannot both be right (`where` names the other's place),
    or None when the second is a later state of the first."""
    conflict = here.conflict_with(there)
    if conflict is None:
        return None
    what, this, that = conflict
    return (
        f"transaction {here.transaction_id!r} has the {what} {this} here but {that} {where}; "
        f"a payment's {what} never changes, so one of them is wrong"
    )


@dataclass
class ImportResult:
    rows: list[LedgerRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # a row that cannot be read: stop
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (test mode, memo…)
    notes: list[str] = field(default_factory=list)  # e.g. how dates were read
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # first line of each key
    positions: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)  # in rows

    def add(self, row: LedgerRow, line: int, file: str) -> None:
        """A row read at `line`: kept, merged into the row of the same payment read before
        (a later state of it), or a problem naming both lines when the two disagree."""
        if row.date.microsecond:
            row = replace(row, date=row.date.replace(microsecond=0))  # the ledger keeps seconds
        refusals = row_refusals(row)  # what an importer let by must still never be stored
        if refusals:
            self.problems += [Problem(file, line, 1, name, text) for name, text in refusals]
            return
        position = self.positions.get(row.key)
        if position is None:
            self.lines[row.key] = line
            self.positions[row.key] = len(self.rows)
            self.rows.append(row)
            return
        before = self.rows[position]
        message = conflict_message(row, before, f"on line {self.lines[row.key]}")
        if message:
            self.problems.append(Problem(file, line, 1, "", message))
        else:
            self.rows[position] = before.merged_with(row)


class Importer(ABC):
    """Reads one processor's CSV export into ledger rows."""

    name: ClassVar[str]
    # The columns a file needs, each as the names it may have (the first is the one shown).
    required: ClassVar[tuple[tuple[str, ...], ...]]

    @classmethod
    def columns(cls, header: list[str]) -> Columns:
        return Columns(header)

    @classmethod
    @abstractmethod
    def recognises(cls, header: list[str]) -> bool:
        """Whether a header row is this importer's format."""

    def read(
        self, header: list[str], rows: Iterable[tuple[int, list[str]]], file: str
    ) -> ImportResult:
        """Rows are (line number, cells); problems name file:line and the column. A file
        without a required column is one problem at its header, naming every missing one."""
        result = ImportResult()
        columns = self.columns(header)
        missing = [names for names in self.required if columns.first(*names) is None]
        if missing:
            names = ", ".join(" or ".join(alternatives) for alternatives in missing)
            result.problems.append(Problem(file, 1, 1, "", f"missing column(s): {names}"))
            return result
        self.read_rows(columns, rows, file, result)
        return result

    @abstractmethod
    def read_rows(
        self,
        columns: Columns,
        rows: Iterable[tuple[int, list[str]]],
        file: str,
        result: ImportResult,
    ) -> None:
        """Each row into `result`: result.add(row, line, file), a problem, or a skip."""


# Every importer, built-in or from another package, through the pledgekit.importers entry
# points (generator/plugins.py): a class per export format, its `name` the entry point's.
IMPORTERS: Registry[type[Importer]] = Registry(
    plugins.IMPORTERS, "importer", subclass_named(Importer)
)


def importer_names() -> list[str]:
    return IMPORTERS.names()


def get_importer(name: str) -> Importer | None:
    importer = IMPORTERS.get(name)
    return importer() if importer else None


def detect_importer(header: list[str]) -> Importer | None:
    """The first importer, by name, that recognises the header row."""
    for _, importer in IMPORTERS.items():
        if importer.recognises(header):
            return importer()
    return None
