"""Small readers shared by the importers: header lookup, amounts, ISO dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from pledgekit.ledger.bounds import as_utc


def clean_header(header: list[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff").strip() for cell in header]


class Columns:
    """Cells of a row by column name (names matched without regard to case)."""

    def __init__(self, header: list[str]):
        self.index = {name.lower(): position for position, name in enumerate(clean_header(header))}

    def has(self, *names: str) -> bool:
        return all(name.lower() in self.index for name in names)

    def first(self, *names: str) -> str | None:
        """The first of these column names that the header has."""
        return next((name for name in names if name.lower() in self.index), None)

    def get(self, cells: list[str], name: str | None) -> str:
        if name is None:
            return ""
        position = self.index.get(name.lower())
        return cells[position].strip() if position is not None and position < len(cells) else ""


def plain_decimal(text: str) -> Decimal | None:
    """'3125.00', '3,125.00', '-12.5': an exact amount written with a decimal point, else None."""
    # Thousands grouped by commas start with a digit other than 0 (0,001 is no such number).
    if not re.fullmatch(r"-?([1-9]\d{0,2}(,\d{3})+|\d+)(\.\d+)?", text.strip()):
        return None
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def utc_datetime(text: str) -> datetime | None:
    """'2026-11-04 09:12', '2026-11-04T09:12:33Z', '2026-11-04' (read as UTC) -> aware UTC;
    a moment UTC cannot hold (9999-12-31T23:59-12:00) as the last one there is."""
    try:
        moment = datetime.fromisoformat(text.strip().replace(" UTC", ""))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else as_utc(moment)
