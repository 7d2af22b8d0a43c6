"""What processors kept of the payments a campaign counts, for totals net of fees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_currency_precision

from pledgekit.ledger.rows import LedgerRow
from pledgekit.ledger.totals import counted_payments


def counted_fees(
    rows: list[LedgerRow], currency: str, rates: dict[str, Decimal] | None = None
) -> Iterator[tuple[LedgerRow, Decimal]]:
    """Each counted payment that paid a fee, with what the fee takes off what it counts for in
    the campaign's currency. A payment's net is gross − refunded − fee, never below 0 (a fee is
    not given back with a refund: Stripe keeps it, PayPal gives back part of it, which is not
    counted), and converted like its gross, so that raised − fees is exactly the sum of the
    payments' nets."""
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    rates = rates or {}
    for row, kept, counted in counted_payments(rows, currency, rates):
        if counted is None or row.fee <= 0:
            continue
        net = max(kept - row.fee, Decimal(0))
        if row.currency != currency:
            net = (net * rates[row.currency]).quantize(places, rounding=ROUND_HALF_EVEN)
        yield row, counted - net


def fees_by_processor(
    rows: list[LedgerRow], currency: str, rates: dict[str, Decimal] | None = None
) -> dict[str, Decimal]:
    """Processor -> what it kept of the counted payments, in the campaign's currency (only
    processors that kept something)."""
    fees: dict[str, Decimal] = defaultdict(Decimal)
    for row, fee in counted_fees(rows, currency, rates):
        fees[row.processor] += fee
    return {processor: fee for processor, fee in sorted(fees.items()) if fee}


def fees_total(fees: dict[str, Decimal]) -> Decimal:
    return sum(fees.values(), Decimal(0))


def fees_said(fees: dict[str, Decimal], currency: str, net: bool) -> str:
    """The line `ledger summary` discloses fees with: 'Fees kept by processors: 12.30 EUR
    (stripe 9.10 EUR, paypal 3.20 EUR); raised counts gross', the largest first."""
    total = fees_total(fees)
    each = ", ".join(
        f"{processor} {fee:,.2f} {currency}"
        for processor, fee in sorted(fees.items(), key=lambda item: (-item[1], item[0]))
    )
    told = f" ({each})" if each else " (no source told a fee)"
    return f"Fees kept by processors: {total:,.2f} {currency}{told}; raised counts {'net' if net else 'gross'}"
