"""Who backed a campaign by name: the backers who chose to be named, once each, less the names
hidden on request, and how many backers gave without being named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pledgekit.backer_names import name_key, shown_name
from pledgekit.ledger.rows import Kind, LedgerRow
from pledgekit.ledger.totals import counted_payments
from pledgekit.model.campaign import Supporters


@dataclass(frozen=True)
class SupportersView:
    """The named supporters of a campaign as its pages show them."""

    newest: tuple[str, ...]  # every name shown, one per backer, the most recent backer first
    anonymous: int  # backers counted without a name: not named, or hidden on request

    @property
    def named(self) -> int:
        """How many chose to be named: backers, and supporters a processor lists publicly."""
        return len(self.newest)

    @property
    def alphabetical(self) -> tuple[str, ...]:
        """Every name, in the order a reader looks for their own: without case or accents."""
        return tuple(sorted(self.newest, key=lambda name: (name_key(name), name)))


def named_rows(
    ledger: list[LedgerRow], currency: str, rates: dict[str, Decimal]
) -> list[LedgerRow]:
    """The rows a backer may be named by: each payment that counts (see supporters_view),
    and each supporter a processor lists publicly (Kind.SUPPORTER: no money, counted by
    its account's total row, so named whatever its currency)."""
    # Processors' reported totals carry counts, not people.
    payments = [row for row in ledger if row.kind in (Kind.PAYMENT, Kind.REFUND)]
    counted = [
        row
        for row, _, counted in counted_payments(payments, currency, rates)
        if counted is not None
    ]
    listed = [row for row in ledger if row.kind is Kind.SUPPORTER and row.status.counts]
    return counted + listed


@dataclass
class _Backer:
    latest: datetime  # their most recent counted payment
    named_at: datetime | None = None  # the payment the name below comes from
    name: str = ""  # the name of their most recent named payment
    paid: bool = False  # a counted payment of theirs: they are in the backers figure


def _backer_key(row: LedgerRow) -> str:
    """Who a row is from: its backer_ref, else the row itself."""
    return row.backer_ref or f"{row.kind.value}:{row.processor}:{row.transaction_id}"


def hidden_backers(ledger: list[LedgerRow], hide: list[str]) -> set[str]:
    """The backers (see _backer_key) who gave a name on the hide list on any row of the
    ledger, counted or not: a name on a refunded or pending payment hides its backer under
    the names of their other payments too (privacy.md)."""
    hidden = {name_key(name) for name in hide}
    return {
        _backer_key(row)
        for row in ledger
        if row.backer
        and (name_key(row.backer) in hidden or name_key(shown_name(row.backer)) in hidden)
    }


def supporters_view(
    settings: Supporters,
    ledger: list[LedgerRow],
    currency: str,
    rates: dict[str, Decimal],
    backers: int,
) -> SupportersView | None:
    """The campaign's named supporters, or None when the section is not shown (`show` is
    false, or no backer is named). A backer is one backer_ref (else one payment), as the
    totals count them, with the name of their most recent named payment; they count when
    their payment does (paid, not refunded in full, in a currency the totals count).
    A supporter a processor lists (Kind.SUPPORTER) is named the same way, by its row.
    `backers` is the campaign's count of backers (payments only: a listed supporter is not
    in it): those of them not named are anonymous."""
    if not settings.show:
        return None
    hidden = hidden_backers(ledger, settings.hide)
    found: dict[str, _Backer] = {}
    for row in named_rows(ledger, currency, rates):
        key = _backer_key(row)
        if key in hidden:
            continue
        backer = found.setdefault(key, _Backer(row.date))
        backer.latest = max(backer.latest, row.date)
        backer.paid = backer.paid or row.kind is Kind.PAYMENT
        name = shown_name(row.backer)
        if name and (backer.named_at is None or row.date >= backer.named_at):
            backer.named_at, backer.name = row.date, name
    named = [backer for backer in found.values() if backer.name]
    if not named:
        return None
    newest = tuple(
        backer.name
        for backer in sorted(named, key=lambda backer: (-backer.latest.timestamp(), backer.name))
    )
    # Only the named who are in the backers figure leave it: a listed supporter is not in it.
    named_backers = sum(1 for backer in named if backer.paid)
    return SupportersView(newest, max(backers - named_backers, 0))
