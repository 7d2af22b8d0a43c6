"""Totals from a ledger: what was raised, by how many backers, which tiers were claimed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_currency_precision

from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status


@dataclass(frozen=True)
class LedgerTotals:
    raised: Decimal
    currency: str
    backers: int  # distinct backers when the exports tell, else payments
    updated: datetime | None  # the latest payment or refund in the ledger
    claimed: dict[str, int] = field(default_factory=dict)  # tier id -> counted payments
    other_currencies: dict[str, Decimal] = field(default_factory=dict)  # never summed in
    orphan_refunds: list[LedgerRow] = field(default_factory=list)  # refunds of unknown payments
    # Payments not yet paid (SEPA Debit and other delayed methods), in the campaign's currency:
    # said apart, never in `raised`.
    pending: Decimal = Decimal(0)
    pending_payments: int = 0
    monthly: MonthlyGiving | None = None  # the monthly commitment now; None when no `now` given


# A monthly gift still counts this long after its latest payment: a month is at most 31 days, and
# a card payment can be retried for a few days after it fails (Stripe's Smart Retries, PayPal's
# next billing attempt) or clear a day or two late, so 35 days keep a donor whose payment comes
# a little late, and drop one whose gifts stopped (a month missed) at the next build.
MONTHLY_WINDOW = timedelta(days=35)
# A monthly gift whose row names no donor (backer_ref: a CSV without a backer column, a processor
# that did not say who paid) cannot be told from the same donor's next month, so it counts for
# 28 days, the shortest month: one donor's two months never count at once (the figure may dip
# for a day or three between them, never grow twice).
KEYLESS_MONTHLY_WINDOW = timedelta(days=28)


@dataclass(frozen=True)
class MonthlyGiving:
    """What comes in a month now: each monthly donor's latest gift, and the processors' own
    figures a month (MONTHLY TOTAL rows), in the campaign's currency."""

    amount: Decimal  # what comes in a month now, in the campaign's currency
    donors: int  # monthly donors, and the supporters processors count in their monthly figures
    # The moments the figure changes with no new row: a donor's gift turning MONTHLY_WINDOW
    # old, a future-dated gift coming in; for the build's stable window.
    moments: tuple[datetime, ...] = ()


def monthly_giving(
    rows: list[LedgerRow], currency: str, rates: dict[str, Decimal] | None, now: datetime
) -> MonthlyGiving:
    """The current monthly commitment at `now`: for each distinct backer (backer_ref, else the
    payment) whose latest counted monthly payment is dated within MONTHLY_WINDOW before `now`,
    that payment after its refunds, converted as in ledger_totals (a donor whose gift is in a
    currency without a rate is left out); plus each MONTHLY TOTAL row and its supporters. A
    month refunded in full is no gift: the donor's latest is then the month before. The money
    of these payments is also in `raised`, which is all money received."""
    latest: dict[str, tuple[LedgerRow, Decimal | None]] = {}
    moments: list[datetime] = []
    amount, donors = Decimal(0), 0
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    for row in rows:
        if row.kind is Kind.TOTAL and row.recurring is Recurring.MONTHLY and row.status.counts:
            rate = Decimal(1) if row.currency == currency else (rates or {}).get(row.currency)
            if rate is not None and row.gross > 0:
                amount += (row.gross * rate).quantize(places, rounding=ROUND_HALF_EVEN)
                donors += row.supporters or 0
    # counted_payments goes in date order: the last one seen for a backer is the latest.
    for row, _, counted in counted_payments(rows, currency, rates):
        if row.kind is not Kind.PAYMENT or row.recurring is not Recurring.MONTHLY:
            continue
        window = MONTHLY_WINDOW if row.backer_ref else KEYLESS_MONTHLY_WINDOW
        moments += [row.date, row.date + window]
        if row.date <= now:
            latest[row.backer_ref or f"payment:{row.processor}:{row.transaction_id}"] = (
                row,
                counted,
            )
    for row, counted in latest.values():
        window = MONTHLY_WINDOW if row.backer_ref else KEYLESS_MONTHLY_WINDOW
        if counted is not None and now < row.date + window:
            amount += counted
            donors += 1
    return MonthlyGiving(amount, donors, tuple(sorted(set(moments))))


def reported_total(row: LedgerRow) -> bool:
    """A total raised to date that the processor reports (not a figure a month)."""
    return row.kind is Kind.TOTAL and row.recurring is Recurring.ONCE and row.status.counts


def totalled_processors(rows: list[LedgerRow]) -> set[str]:
    """Processors that report the campaign's total themselves: their own payment rows (a CSV
    import of the same fundraiser, say) are inside that total and never added to it."""
    return {row.processor for row in rows if reported_total(row)}


def kept_payments(rows: list[LedgerRow]) -> list[tuple[LedgerRow, Decimal]]:
    """Counted payments (paid, or a dispute won), each with what it still holds after its
    refunds, in date order; payments refunded in full are left out. A processor's reported
    total stands for all of that processor's payments (see totalled_processors)."""
    refunded: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.kind is Kind.REFUND and row.status.counts:
            refunded[(row.processor, row.refers_to)] -= row.gross
    totalled = totalled_processors(rows)
    kept = []
    for row in sorted(rows, key=lambda row: (row.date, row.processor, row.transaction_id)):
        if reported_total(row) and row.gross > 0:
            kept.append((row, row.gross))
        elif row.kind is Kind.PAYMENT and row.status.counts and row.processor not in totalled:
            amount = max(row.gross - row.refunded - refunded[row.key], Decimal(0))
            if amount:
                kept.append((row, amount))
    return kept


def counted_payments(
    rows: list[LedgerRow], currency: str, rates: dict[str, Decimal] | None = None
) -> Iterator[tuple[LedgerRow, Decimal, Decimal | None]]:
    """Each kept payment (see kept_payments), what it holds, and what that counts for in the
    campaign's currency: None for another currency without a rate, which is never summed in."""
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    rates = rates or {}
    for row, kept in kept_payments(rows):
        if row.currency == currency:
            yield row, kept, kept
        elif row.currency in rates:
            # Converted only at a rate the creator wrote down, payment by payment.
            converted = (kept * rates[row.currency]).quantize(places, rounding=ROUND_HALF_EVEN)
            yield row, kept, converted
        else:
            yield row, kept, None


def raised_between(
    rows: list[LedgerRow],
    currency: str,
    rates: dict[str, Decimal] | None,
    since: datetime | None,
    until: datetime | None,
) -> Decimal:
    """What the payments dated from `since` (included) to `until` (excluded) count for, after
    their refunds, as in ledger_totals; no bound where none is given. A processor's reported
    total tells no dates of its payments, so it is in no such window."""
    return sum(
        (
            counted
            for row, _, counted in counted_payments(rows, currency, rates)
            if counted is not None
            and row.kind is Kind.PAYMENT
            and (since is None or row.date >= since)
            and (until is None or row.date < until)
        ),
        Decimal(0),
    )


def pending_amounts(
    rows: list[LedgerRow], currency: str, rates: dict[str, Decimal] | None = None
) -> list[Decimal]:
    """What each pending payment holds after its refunds (on the payment and in refund rows),
    in the campaign's currency: another currency at the campaign's rate, as raised counts it;
    one without a rate is left out, as raised leaves it."""
    refunded: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in rows:
        if row.kind is Kind.REFUND and row.status.counts:
            refunded[(row.processor, row.refers_to)] -= row.gross
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    amounts = []
    for row in rows:
        if row.kind is not Kind.PAYMENT or row.status is not Status.PENDING:
            continue
        held = row.gross - row.refunded - refunded[row.key]
        rate = Decimal(1) if row.currency == currency else (rates or {}).get(row.currency)
        if held > 0 and rate is not None:
            amounts.append((held * rate).quantize(places, rounding=ROUND_HALF_EVEN))
    return amounts


def ledger_totals(
    rows: list[LedgerRow],
    currency: str,
    rates: dict[str, Decimal] | None = None,
    now: datetime | None = None,
) -> LedgerTotals:
    """Raised, distinct backers and tier counts in the campaign's currency; other currencies and
    refunds of payments no export holds are set aside to be reported, never summed; with `now`
    (the build's moment), the monthly commitment then (see monthly_giving)."""
    payments = {row.key for row in rows if row.kind is Kind.PAYMENT}
    orphan_refunds = [
        row
        for row in rows
        if row.kind is Kind.REFUND and (row.processor, row.refers_to) not in payments
    ]
    raised = Decimal(0)
    other: dict[str, Decimal] = defaultdict(Decimal)
    backers: set[str] = set()
    reported_backers = 0  # the supporters processors count in their reported totals
    claimed: Counter[str] = Counter()
    for row, kept, counted in counted_payments(rows, currency, rates):
        if counted is None:
            other[row.currency] += kept
            continue
        raised += counted
        if row.kind is Kind.TOTAL:
            reported_backers += row.supporters or 0
            continue
        backers.add(row.backer_ref or f"payment:{row.processor}:{row.transaction_id}")
        if row.tier:
            claimed[row.tier] += 1
    updated = max((row.date for row in rows), default=None)
    pending = pending_amounts(rows, currency, rates)
    return LedgerTotals(
        raised,
        currency,
        len(backers) + reported_backers,
        updated,
        dict(claimed),
        dict(other),
        orphan_refunds,
        monthly=monthly_giving(rows, currency, rates, now) if now is not None else None,
        pending=sum(pending, Decimal(0)),
        pending_payments=len(pending),
    )
