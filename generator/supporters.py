"""Who backed a campaign by name: the backers who chose to be named, once each, less the names
hidden on request, and how many others there are."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from generator.ledger.rows import Kind, LedgerRow
from generator.ledger.totals import counted_payments
from generator.model.campaign import Supporters

# Names in the campaign page's section; all of them are on the supporters/ page. Enough to
# show that people are giving, few enough that the section stays a section.
SECTION_NAMES = 24
# A name longer than this is cut (with …): a name, not a message, fits in it.
MAX_NAME_CHARACTERS = 64
# Invisible characters a name keeps: the joiners some scripts and emoji need to be spelt.
KEPT_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d"})
_BLANKS = re.compile(r"\s+")


@dataclass(frozen=True)
class SupportersView:
    """The named supporters of a campaign as its pages show them."""

    newest: tuple[str, ...]  # every name shown, one per backer, the most recent backer first
    anonymous: int  # backers counted without a name: not named, or hidden on request

    @property
    def recent(self) -> tuple[str, ...]:
        """The names in the campaign page's section: the SECTION_NAMES most recent."""
        return self.newest[:SECTION_NAMES]

    @property
    def others(self) -> int:
        """Named supporters left out of the section (the supporters/ page lists them)."""
        return len(self.newest) - len(self.recent)

    @property
    def alphabetical(self) -> tuple[str, ...]:
        """Every name, in the order a reader looks for their own: without case or accents."""
        return tuple(sorted(self.newest, key=lambda name: (name_key(name), name)))


def name_key(name: str) -> str:
    """A name as the hide list matches it: without case, accents, or blanks around or
    repeated inside ('  ÉLODIE  Durand ' and 'elodie durand' are the same)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _BLANKS.sub(" ", unicodedata.normalize("NFKC", bare).casefold()).strip()


def shown_name(text: str) -> str:
    """A ledger's name as a page may show it: control and invisible formatting characters
    (bidi overrides among them) removed, blanks made single spaces, cut at
    MAX_NAME_CHARACTERS; '' when nothing is left."""
    kept = "".join(
        character
        for character in text
        if unicodedata.category(character) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        or character in KEPT_FORMAT_CHARACTERS
    )
    name = _BLANKS.sub(" ", kept).strip()
    if len(name) > MAX_NAME_CHARACTERS:
        name = name[: MAX_NAME_CHARACTERS - 1].rstrip() + "…"
    return name


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
    hidden: bool = False  # one of the names they gave is on the hide list


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
    `backers` is the campaign's count of backers: those not named are anonymous."""
    if not settings.show:
        return None
    hidden = {name_key(name) for name in settings.hide}
    found: dict[str, _Backer] = {}
    for row in named_rows(ledger, currency, rates):
        key = row.backer_ref or f"{row.kind.value}:{row.processor}:{row.transaction_id}"
        backer = found.setdefault(key, _Backer(row.date))
        backer.latest = max(backer.latest, row.date)
        name = shown_name(row.backer)
        if not name:
            continue
        if name_key(name) in hidden or name_key(row.backer) in hidden:
            backer.hidden = True
        if backer.named_at is None or row.date >= backer.named_at:
            backer.named_at, backer.name = row.date, name
    named = [
        (backer.latest, backer.name)
        for backer in found.values()
        if backer.name and not backer.hidden
    ]
    if not named:
        return None
    newest = tuple(
        name for _, name in sorted(named, key=lambda item: (-item[0].timestamp(), item[1]))
    )
    return SupportersView(newest, max(backers - len(newest), 0))
