"""Payments counted from other currencies: how much, at which dated rate (the page says so)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pledgekit.ledger.rows import LedgerRow
from pledgekit.ledger.totals import counted_payments
from pledgekit.model.exchange import DatedRate, rate_values


@dataclass(frozen=True)
class Conversion:
    """The payments of one other currency that the campaign's totals count."""

    currency: str  # the payments' currency (ISO 4217)
    amount: Decimal  # what they hold after their refunds, in `currency`
    counted: Decimal  # what they count for in the campaign's currency (each rounded, summed)
    rate: Decimal  # 1 unit of `currency` = this many of the campaign's
    date: date  # the day the rate was read


def conversions(
    ledger: list[LedgerRow], currency: str, rates: Mapping[str, DatedRate]
) -> tuple[Conversion, ...]:
    """Each other currency whose payments are counted in `currency`, by currency code."""
    amounts: dict[str, Decimal] = {}
    counted_in: dict[str, Decimal] = {}
    for row, kept, counted in counted_payments(ledger, currency, rate_values(rates)):
        if counted is None or row.currency == currency:
            continue
        amounts[row.currency] = amounts.get(row.currency, Decimal(0)) + kept
        counted_in[row.currency] = counted_in.get(row.currency, Decimal(0)) + counted
    return tuple(
        Conversion(other, amounts[other], counted_in[other], rates[other].rate, rates[other].date)
        for other in sorted(amounts)
    )
