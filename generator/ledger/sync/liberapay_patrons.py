"""Liberapay's public patrons of an account (its patrons/public.csv) as supporter rows: the
people who chose to be listed publicly, by the name they made public."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal

from pledgekit.backer_names import shown_name
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status, backer_ref

# www/%username/patrons/public.spt in liberapay/liberapay.com serves, through its csv_dump
# renderer, these columns in this order, one row per current tip whose visibility is public
# (3) and paid in advance, oldest first; an account without such patrons gives an empty body
# (no header). pledge_date is the tip's creation day (YYYY-MM-DD), patron_public_name '' when
# the patron set none, weekly_amount 'private' when the patron hides their giving.
COLUMNS = (
    "pledge_date",
    "patron_id",
    "patron_username",
    "patron_public_name",
    "donation_currency",
    "weekly_amount",
    "patron_avatar_url",
)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class NotPatrons(ValueError):
    """The text is not Liberapay's list of public patrons; str() says where it goes wrong."""


def public_patrons(text: str, user: str, currency: str) -> list[tuple[int, LedgerRow]]:
    """(line, supporter row) for each public patron in the CSV text, named by their public
    name, else their username, as a page would show it (shown_name); a patron left with no
    name to show is left out. NotPatrons when a row or the header is not as Liberapay writes
    them."""
    if not text.strip():
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        if tuple(header[: len(COLUMNS)]) != COLUMNS:
            raise NotPatrons("line 1 is not the header of Liberapay's public patrons")
        supporters = []
        for cells in reader:
            line = reader.line_num
            if len(cells) != len(header):
                raise NotPatrons(f"line {line} has {len(cells)} cells, not {len(header)}")
            patron = dict(zip(header, cells, strict=True))
            row = _supporter(patron, user, currency, line)
            if row.backer:
                supporters.append((line, row))
    except csv.Error as error:
        raise NotPatrons(f"line {reader.line_num}: {error}") from None
    return supporters


def _supporter(patron: dict[str, str], user: str, currency: str, line: int) -> LedgerRow:
    identity, day = patron["patron_id"], patron["pledge_date"]
    if not (identity.isascii() and identity.isdigit()):
        raise NotPatrons(f"line {line}: patron_id is not a number")
    try:
        if not _DAY.fullmatch(day):
            raise ValueError(day)
        pledged = datetime.fromisoformat(day).replace(tzinfo=UTC)
    except ValueError:
        raise NotPatrons(f"line {line}: pledge_date is not a day (YYYY-MM-DD)") from None
    return LedgerRow(
        processor="liberapay",
        transaction_id=f"patron:{user}/{identity}",
        date=pledged,
        kind=Kind.SUPPORTER,
        gross=Decimal(0),
        currency=currency,
        status=Status.PAID,
        backer=shown_name(patron["patron_public_name"]) or shown_name(patron["patron_username"]),
        backer_ref=backer_ref("liberapay", identity),
        recurring=Recurring.MONTHLY,
    )
