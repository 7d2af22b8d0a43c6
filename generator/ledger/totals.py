"""Totals from a ledger: what was raised, by how many backers, which tiers were claimed."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from generator.ledger.rows import Kind, LedgerRow


@dataclass(frozen=True)
class LedgerTotals:
    raised: Decimal
    currency: str
    backers: int  # distinct backers when the exports tell, else payments
    updated: datetime | None  # the latest payment or refund in the ledger
    claimed: dict[str, int] = field(default_factory=dict)  # tier id -> counted payments
    other_currencies: dict[str, Decimal] = field(default_factory=dict)  # never summed in
    orphan_refunds: list[LedgerRow] = field(default_factory=list)  # refunds of unknown payments


def ledger_totals(rows: list[LedgerRow], currency: str) -> LedgerTotals:
    """Counted payments (paid, or a dispute won) less what went back to the backer."""
    payments = {row.key for row in rows if row.kind is Kind.PAYMENT}
    refunded: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    orphan_refunds: list[LedgerRow] = []
    raised = Decimal(0)
    for row in rows:
        if row.kind is Kind.REFUND and row.status.counts:
            refunded[(row.processor, row.refers_to)] -= row.gross
            if (row.processor, row.refers_to) not in payments:
                # Its payment is in no imported export, so it was never counted: report it.
                orphan_refunds.append(row)
    other: dict[str, Decimal] = defaultdict(Decimal)
    backers: set[str] = set()
    claimed: Counter[str] = Counter()
    for row in rows:
        if row.kind is not Kind.PAYMENT or not row.status.counts:
            continue
        kept = max(row.gross - row.refunded - refunded[row.key], Decimal(0))
        if kept == 0:
            continue  # refunded in full: no longer a backer
        if row.currency != currency:
            other[row.currency] += kept
            continue
        raised += kept
        backers.add(row.backer_ref or f"payment:{row.processor}:{row.transaction_id}")
        if row.tier:
            claimed[row.tier] += 1
    updated = max((row.date for row in rows), default=None)
    return LedgerTotals(
        max(raised, Decimal(0)), currency, len(backers), updated, dict(claimed), dict(other)
    )
