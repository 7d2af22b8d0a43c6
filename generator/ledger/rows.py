"""One ledger row: a payment or a refund, in UTC, in major units of its currency."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

# An importer that knows only an item title (not a tier id) leaves "title:<text>" in `tier`,
# for the import to match against the campaign's tiers.
TITLE_PREFIX = "title:"


class Kind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"  # a separate refund row (PayPal); `refers_to` names the payment
    # Not a payment: a figure the processor itself reports for the campaign's fundraiser or
    # account, from sources whose API gives no per-payment rows (Every.org, Liberapay…).
    # `gross` is what was raised to date (or, when recurring, what comes in a month now),
    # `supporters` the count the processor reports, `date` when this figure was first read.
    TOTAL = "total"
    # Not a payment either: a person the processor lists publicly as supporting the account,
    # for a source that reports only a TOTAL (Liberapay's public patrons), which already
    # counts them. No money of its own (`gross` 0, the account's currency); `backer` is the
    # name they made public, `date` when they started giving. It never counts in a figure;
    # it only names someone on the supporters section.
    SUPPORTER = "supporter"


class Recurring(StrEnum):
    ONCE = ""
    MONTHLY = "monthly"  # one of a series of monthly gifts; for a TOTAL row, a figure a month


class Status(StrEnum):
    """Where a payment stands; later stages win when two exports disagree (see merge)."""

    PENDING = "pending"
    FAILED = "failed"
    PAID = "paid"
    DISPUTED = "disputed"  # a dispute is open: the money may go back
    WON = "won"  # the dispute was won: the payment counts
    LOST = "lost"  # the dispute was lost: the money went back

    @property
    def counts(self) -> bool:
        return self in (Status.PAID, Status.WON)

    @property
    def stage(self) -> int:
        return {"pending": 0, "failed": 1, "paid": 1, "disputed": 2, "won": 3, "lost": 3}[
            self.value
        ]


@dataclass(frozen=True)
class LedgerRow:
    processor: str
    transaction_id: str
    date: datetime  # timezone-aware, stored as UTC
    kind: Kind
    gross: Decimal  # major units; negative for refund rows
    currency: str  # ISO 4217, upper case
    refunded: Decimal = Decimal(0)  # refunded so far, as the processor reports it on the payment
    status: Status = Status.PAID
    refers_to: str = ""  # for refund rows: the payment's transaction id
    tier: str = ""  # tier id when it could be told
    backer: str = ""  # display name, only when the backer chose to be named
    backer_ref: str = ""  # a pseudonymous key to count distinct backers; never an e-mail
    fee: Decimal = Decimal(0)  # what the processor kept, in `currency`; 0 when not told
    recurring: Recurring = Recurring.ONCE
    supporters: int | None = None  # TOTAL rows: the count the processor reports

    @property
    def key(self) -> tuple[str, str]:
        return (self.processor, self.transaction_id)

    def conflict_with(self, other: LedgerRow) -> tuple[str, str, str] | None:
        """What two rows of one payment say differently that no later state of the payment
        explains, as (what, this row's, the other's): its kind, amount and currency, the
        payment a refund names; None when they agree. Dates may differ: PayPal writes a
        payment again on the day it clears, and the earlier date is kept. Two readings of a
        processor's TOTAL, or of a SUPPORTER, never conflict: the later one replaces the earlier
        (merged_with)."""
        if self.kind is not other.kind:
            return "kind", self.kind.value, other.kind.value
        if self.kind in (Kind.TOTAL, Kind.SUPPORTER):
            return None
        if (self.gross, self.currency) != (other.gross, other.currency):
            return "amount", f"{self.gross:f} {self.currency}", f"{other.gross:f} {other.currency}"
        if self.refers_to != other.refers_to:
            return "refunded payment", repr(self.refers_to), repr(other.refers_to)
        return None

    def merged_with(self, other: LedgerRow) -> LedgerRow:
        """The same payment seen in two exports (which agree: see conflict_with) as its latest
        state: the furthest status, the largest refund, the earlier date, a tier or name where
        one was empty. The result does not depend on their order. A processor's TOTAL is
        not a payment: see _later_total. A SUPPORTER is as the processor lists them now:
        `other`, read after this one, is theirs (a name they changed, say)."""
        if self.kind is Kind.TOTAL:
            return _later_total(self, other)
        if self.kind is Kind.SUPPORTER:
            return other
        status = max((self.status, other.status), key=lambda status: (status.stage, status.value))
        return replace(
            self,
            date=min(self.date, other.date),
            refunded=max(self.refunded, other.refunded),
            status=status,
            # An empty text loses to a filled one; two different ones settle the same either way.
            tier=max(self.tier, other.tier),
            backer=max(self.backer, other.backer),
            backer_ref=max(self.backer_ref, other.backer_ref),
            fee=max(self.fee, other.fee),
            # A gift seen as monthly by one source and not told by another is monthly.
            recurring=max(self.recurring, other.recurring),
        )


def _later_total(held: LedgerRow, read: LedgerRow) -> LedgerRow:
    """A processor-reported total `read` again, merged into the one the ledger `held`: the
    same figure again changes nothing (so a sync with nothing new writes nothing); another
    figure from a later reading replaces it. Readings come in the order they were made (a
    sync reads now), so the ledger holds the latest figure and when it was first read."""
    figure = (held.gross, held.currency, held.supporters, held.recurring, held.status)
    if figure == (read.gross, read.currency, read.supporters, read.recurring, read.status):
        return held
    return read if read.date >= held.date else held


def is_currency_code(code: str) -> bool:
    """Three ASCII letters, as ISO 4217 writes a currency (in either case: a ledger row's
    is in upper case)."""
    return len(code) == 3 and code.isascii() and code.isalpha()


def backer_ref(processor: str, identity: str) -> str:
    """A stable key for one backer from an e-mail or customer id, which is not stored."""
    if not identity.strip():
        return ""
    digest = hashlib.sha256(f"{processor}:{identity.strip().lower()}".encode()).hexdigest()
    return digest[:16]


def payment_row(
    processor: str,
    transaction_id: str,
    date: datetime,
    gross: Decimal,
    currency: str,
    *,
    status: Status,
    identity: str,
    refunded: Decimal | None = None,
    tier: str = "",
    backer: str = "",
    fee: Decimal = Decimal(0),
    recurring: Recurring = Recurring.ONCE,
) -> LedgerRow:
    """A payment as a processor lists it: the backer's `identity` (an e-mail, a customer or
    account id) kept as a backer_ref only; what was `refunded` of it, never more than it was
    (None: the processor tells nothing of refunds here)."""
    return LedgerRow(
        processor=processor,
        transaction_id=transaction_id,
        date=date,
        kind=Kind.PAYMENT,
        gross=gross,
        currency=currency,
        refunded=Decimal(0) if refunded is None or not gross else min(refunded, gross),
        status=status,
        tier=tier,
        backer=backer,
        backer_ref=backer_ref(processor, identity),
        fee=fee,
        recurring=recurring,
    )


def total_row(
    processor: str,
    account: str,
    read_at: datetime,
    gross: Decimal,
    currency: str,
    recurring: Recurring,
    supporters: int | None,
) -> LedgerRow:
    """The figure `processor` reports for `account` (a fundraiser, a user), read at
    `read_at`: one TOTAL row per account, keyed total:<account>, that a later reading
    replaces (merged_with)."""
    return LedgerRow(
        processor=processor,
        transaction_id=f"total:{account}",
        date=read_at,
        kind=Kind.TOTAL,
        gross=gross,
        currency=currency,
        recurring=recurring,
        supporters=supporters,
    )
