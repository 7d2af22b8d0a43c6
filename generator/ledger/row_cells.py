"""One row of a CSV export read cell by cell: each value it needs, and each cell it cannot
read as a problem at file:line that names the column (the CSV importers)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pledgekit.ledger.amounts import plain_amount
from pledgekit.ledger.bounds import Refused, checked_moment
from pledgekit.ledger.csvtools import Columns, utc_datetime
from pledgekit.ledger.rows import is_currency_code
from pledgekit.problems import Problem


class RowCells:
    """The cells of the row at `line` of `file`; what cannot be read is in `problems`, in the
    order it was found, and a row with problems is no ledger row."""

    def __init__(self, columns: Columns, cells: list[str], file: str, line: int):
        self._columns = columns
        self._cells = cells
        self._file = file
        self._line = line
        self.problems: list[Problem] = []

    def value(self, column: str | None) -> str:
        """The cell under `column`; empty when the file has no such column."""
        return self._columns.get(self._cells, column)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self._file, self._line, 1, column, message))

    def moment(self, column: str, example: str = "") -> datetime | None:
        """The cell as a UTC moment from 2000 to 2099; None, and a problem (with `example` of
        what to write after the message), when it is not one."""
        text = self.value(column)
        moment = utc_datetime(text)
        if moment is None:
            self.problem(column, f"cannot read the date {text!r}{example}")
            return None
        try:
            return checked_moment(moment, text)
        except Refused as refusal:
            self.problem(column, str(refusal))
            return None

    def amount(
        self, column: str, currency: str, example: str = "", empty: str = ""
    ) -> Decimal | None:
        """The cell (`empty` when it is blank) as an amount of `currency`; None, and a
        problem, when it is none (plain_amount says why)."""
        try:
            return plain_amount(self.value(column) or empty, currency, example)
        except Refused as refusal:
            self.problem(column, str(refusal))
            return None

    def check_currency(self, column: str, currency: str) -> None:
        """A problem when `currency`, the cell in upper case, is no currency code."""
        if not is_currency_code(currency):
            self.problem(column, f"cannot read the currency {self.value(column)!r}")
