"""What a ledger row may hold: dates from 2000 to 2099, amounts of at most 10^12 that fit their
currency's minor units. Checked where exports are read, where the ledger is read, and before
it is written, so that nothing is stored that a build or the next import cannot read."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import cache

from babel.numbers import get_currency_precision

from pledgekit.ledger.rows import Kind, LedgerRow
from pledgekit.model.types import MAX_AMOUNT

FIRST_YEAR, LAST_YEAR = 2000, 2099
EARLIEST = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
AFTER_LAST = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)
# A unit of each number of decimal places a currency may have: 1, 0.1, 0.01 …
UNITS = [Decimal(1).scaleb(-places) for places in range(10)]
MAX_SUPPORTERS = 10**9  # more people than any campaign has had
SHOWN_CHARACTERS = 40  # of a value quoted in a message (a 5,000-digit amount is not repeated)


class Refused(ValueError):
    """Why a value cannot go into the ledger; str() is the message."""


def shown(text: str) -> str:
    """The value as a message quotes it, cut short when it is long."""
    if len(text) <= SHOWN_CHARACTERS:
        return repr(text)
    return f"{text[:SHOWN_CHARACTERS]!r}… ({len(text):,} characters)"


def as_utc(moment: datetime) -> datetime:
    """An aware moment in UTC; one that UTC cannot hold (past 9999, before year 1) as the
    last or first moment there is, which every range check then refuses."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.max if moment.year > 1 else datetime.min).replace(tzinfo=UTC)


def checked_moment(moment: datetime, text: str) -> datetime:
    """The moment, when it lies from 2000 to 2099 (UTC); Refused otherwise."""
    if not EARLIEST <= moment < AFTER_LAST:
        raise Refused(
            f"the date {shown(text)} is out of range: payments are dated from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return moment


@cache  # asked for every amount of every row
def currency_places(currency: str) -> int:
    """How many decimal places the currency's amounts have (EUR 2, JPY 0, KWD 3)."""
    return get_currency_precision(currency)


def places_rule(currency: str) -> str:
    places = currency_places(currency)
    if places == 0:
        return f"{currency} amounts are whole numbers"
    return f"{currency} amounts have at most {places} decimal place{'s' if places > 1 else ''}"


def checked_amount(amount: Decimal, text: str, currency: str) -> Decimal:
    """The amount, when it is a finite number of at most 10^12 (either sign) that the
    currency's minor units can hold (25.00 JPY is 25; 5.5 JPY is not); Refused otherwise."""
    if not amount.is_finite():
        raise Refused(f"cannot read the amount {shown(text)}")
    if abs(amount) > MAX_AMOUNT:
        raise Refused(f"amounts are at most {MAX_AMOUNT:,}, got {shown(text)}")
    places = currency_places(currency)
    if amount.quantize(UNITS[places]) != amount:
        raise Refused(f"{places_rule(currency)}, got {shown(text)}")
    return amount


def checked_fee(fee: Decimal, text: str, currency: str) -> Decimal:
    """A processor's fee: an amount of the currency (see checked_amount), never negative."""
    if checked_amount(fee, text, currency) < 0:
        raise Refused(f"a fee is never negative, got {shown(text)}")
    return fee


def checked_supporters(count: int | None) -> int | None:
    """A processor's count of supporters: none, or from 0 to MAX_SUPPORTERS."""
    if count is not None and not 0 <= count <= MAX_SUPPORTERS:
        raise Refused(f"supporters are counted from 0 to {MAX_SUPPORTERS:,}, got {count}")
    return count


def checked_supporter_gross(row: LedgerRow, text: str) -> Decimal:
    """A supporter row's gross: 0, since it names a person and holds no money (the total
    row of the same account counts what they give)."""
    # An unreadable amount is said once, by checked_amount.
    if row.kind is Kind.SUPPORTER and row.gross.is_finite() and row.gross != 0:
        raise Refused(f"a supporter row holds no money: its gross is 0, got {shown(text)}")
    return row.gross


def row_refusals(row: LedgerRow, texts: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(ledger column, message) for each value of the row out of these bounds; a message
    quotes the value as `texts` (by column) has it, else as the ledger would write it."""
    texts = texts or {
        "date": row.date.isoformat(),
        "gross": f"{row.gross:f}",
        "refunded": f"{row.refunded:f}",
        "fee": f"{row.fee:f}",
    }
    refusals = []
    currency = row.currency
    if not (
        len(currency) == 3 and currency.isascii() and currency.isalpha() and currency.isupper()
    ):
        refusals.append(("currency", f"cannot read the currency {shown(row.currency)}"))
    checks = (
        ("date", lambda: checked_moment(row.date, texts["date"])),
        ("gross", lambda: checked_amount(row.gross, texts["gross"], row.currency)),
        ("gross", lambda: checked_supporter_gross(row, texts["gross"])),
        ("refunded", lambda: checked_amount(row.refunded, texts["refunded"], row.currency)),
        ("fee", lambda: checked_fee(row.fee, texts.get("fee", f"{row.fee:f}"), row.currency)),
        ("supporters", lambda: checked_supporters(row.supporters)),
    )
    for column, check in checks:
        try:
            check()
        except Refused as refusal:
            refusals.append((column, str(refusal)))
    return refusals
