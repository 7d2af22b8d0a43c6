"""Every CSV pledgekit writes, written so that no spreadsheet runs a cell as a formula (OWASP's
advice on CSV injection), and read back to the same text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

# What makes a spreadsheet read a cell as a formula (OWASP: = + - @ tab and carriage return),
# and the full-width signs some spreadsheets take for the same.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
ESCAPE = "'"
# A cell that starts with the escape and then one of these was escaped by `neutralised`.
ESCAPED_STARTS = FORMULA_STARTS | {ESCAPE}
# A plain number (-12.50, 25) is read as a number, never as a formula: it is left as it is, so
# that amounts stay numbers in a spreadsheet.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def neutralised(cell: str) -> str:
    """The cell with a leading apostrophe when a spreadsheet would run it, or when it already
    starts with an apostrophe that `restored` would take away; else the cell as it is."""
    if PLAIN_NUMBER.fullmatch(cell):
        return cell
    if cell[:1] in FORMULA_STARTS or _looks_escaped(cell):
        return ESCAPE + cell
    return cell


def restored(cell: str) -> str:
    """What `neutralised` was given: restored(neutralised(text)) == text for any text."""
    return cell[1:] if _looks_escaped(cell) else cell


def _looks_escaped(cell: str) -> bool:
    return cell[:1] == ESCAPE and cell[1:2] in ESCAPED_STARTS and len(cell) > 1


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """Rows as CSV text (one line each, '\\n' between), every cell neutralised: the one place
    pledgekit writes CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralised(cell) for cell in row])
    return buffer.getvalue()
