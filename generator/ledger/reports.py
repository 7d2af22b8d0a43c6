"""What `pledgekit ledger summary` and `ledger refunds` show, computed from the ledger rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pledgekit.ledger.rows import Kind, LedgerRow
from pledgekit.ledger.safe_csv import csv_text
from pledgekit.ledger.totals import kept_payments


@dataclass(frozen=True)
class Line:
    name: str
    payments: int
    amount: Decimal


def kept_in(rows: list[LedgerRow], currency: str) -> list[tuple[LedgerRow, Decimal]]:
    return [(row, amount) for row, amount in kept_payments(rows) if row.currency == currency]


def summary(rows: list[LedgerRow], currency: str) -> dict[str, list[Line]]:
    """Payments and amounts by tier, by processor and by day (UTC)."""
    groups: dict[str, dict[str, list[Decimal]]] = {"tier": {}, "processor": {}, "day": {}}
    for row, amount in kept_in(rows, currency):
        for group, name in (
            ("tier", row.tier or "(no tier)"),
            ("processor", row.processor),
            ("day", row.date.date().isoformat()),
        ):
            groups[group].setdefault(name, []).append(amount)
    return {
        group: [
            Line(name, len(amounts), sum(amounts, Decimal(0)))
            for name, amounts in sorted(names.items())
        ]
        for group, names in groups.items()
    }


def refunds_csv(rows: list[LedgerRow]) -> str:
    """Every payment still holding money, each in the currency it was paid in, to refund when
    an all-or-nothing campaign fails (a payment in another currency than the campaign's is
    refunded too, counted or not). A processor's reported total is no payment: see
    reported_totals."""
    return csv_text(
        [
            ["processor", "transaction_id", "date", "amount", "currency"],
            *(
                [
                    row.processor,
                    row.transaction_id,
                    row.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    f"{amount:f}",
                    row.currency,
                ]
                for row, amount in kept_payments(rows)
                if row.kind is Kind.PAYMENT
            ),
        ]
    )


def reported_totals(rows: list[LedgerRow]) -> list[LedgerRow]:
    """The processors' own totals a refund list cannot itemise (Every.org's raised amount…)."""
    return [row for row, _ in kept_payments(rows) if row.kind is Kind.TOTAL]
