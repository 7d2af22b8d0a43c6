"""Processors: what a pledge button asks of one, the links it makes, and the registry of them by
the name content uses (built-in and third-party alike, through entry points)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urlsplit

from babel.numbers import get_currency_precision

from pledgekit import plugins
from pledgekit.model.types import Model
from pledgekit.plugins import Registry, subclass_named


@dataclass(frozen=True)
class PledgeRequest:
    """What a pledge button asks the processor for."""

    campaign: str
    tier: str | None  # None for a pledge without a reward
    title: str
    amount: Decimal | None  # None when the backer chooses
    currency: str
    recurring: str | None = None  # "monthly" or None


@dataclass(frozen=True)
class BankTransfer:
    """What a payer types into, or scans with, a banking app."""

    beneficiary: str  # the account holder's name
    iban: str  # grouped by four, as printed
    bic: str | None  # the bank's code, when given
    amount: Decimal | None  # the amount to transfer, none for any amount
    currency: str  # the transfer's currency
    reference: str  # the text the payer must quote with the transfer
    payload: str  # the EPC QR code's text (the page draws it: the qr_code filter)


@dataclass(frozen=True)
class PledgeLink:
    """A way to pay: a link to follow, or (url None) bank details to transfer to."""

    processor: str  # the processor's registered name, e.g. stripe
    label: str  # the processor's name for visitors, e.g. PayPal
    url: str | None  # where the link goes; none for a bank transfer
    transfer: BankTransfer | None = None  # the bank details, for a transfer
    limit: int | None = None  # the link stops after this many payments (Stripe can)
    # For the pledge without a reward: the link again with each suggested amount filled in,
    # where the processor's link can carry that amount.
    amount_urls: dict[Decimal, str] = field(default_factory=dict)

    def url_for(self, amount: Decimal) -> str | None:
        """The link with `amount` filled in, when this processor can carry it."""
        return self.amount_urls.get(amount)


class Processor(ABC):
    """A payment processor reached through a plain link (no server, no secret)."""

    name: ClassVar[str]
    label: ClassVar[str]
    Options: ClassVar[type[Model]]
    currencies: ClassVar[frozenset[str] | None] = None  # None: any currency
    supports_recurring: ClassVar[bool] = False
    # False for links that cannot carry an amount (a profile page where the backer types it):
    # such a processor serves only a pledge without a reward.
    takes_amount: ClassVar[bool] = True
    # True where url() writes request.amount into the link, so that the backer finds it filled
    # in. Not the same as takes_amount: a Stripe, Gumroad or Lemon Squeezy link sells a price of
    # its own, which serves a tier but cannot carry an amount chosen on the page.
    carries_amount: ClassVar[bool] = False

    def problems(self, options: Any, request: PledgeRequest) -> list[tuple[str, str]]:
        """(field, message) pairs for what this processor cannot do for this request."""
        found = []
        if self.currencies is not None and request.currency not in self.currencies:
            accepted = ", ".join(sorted(self.currencies))
            found.append(
                ("", f"{self.label} does not take {request.currency} (it takes {accepted})")
            )
        if request.recurring and not self.supports_recurring:
            found.append(("", f"{self.label} links cannot set up {request.recurring} giving"))
        if request.amount is not None and not self.takes_amount:
            found.append(
                (
                    "",
                    f"{self.label} links cannot carry an amount, so they cannot ask for this tier's "
                    f"{plain_amount(request.amount, request.currency)} {request.currency}; "
                    "offer them for the pledge without a reward (open_pledge)",
                )
            )
        return found

    @abstractmethod
    def url(self, options: Any, request: PledgeRequest) -> str:
        """The link a backer follows to pay."""

    def limit(self, options: Any) -> int | None:
        """How many payments the link itself accepts before it closes, when it says."""
        return None

    def amount_url(self, options: Any, request: PledgeRequest) -> str | None:
        """The link with request.amount filled in, or None when this link cannot carry that
        amount (the processor takes none, or refuses this one, as GitHub Sponsors does cents)."""
        if request.amount is None or not self.carries_amount or self.problems(options, request):
            return None
        return self.url(options, request)

    def sandbox(self, options: Any) -> tuple[str, str] | None:
        """(field, why) when the link reaches the processor's test mode or sandbox, where
        backers pay nothing; None for a live link."""
        return None

    def link(self, options: Any, request: PledgeRequest) -> PledgeLink:
        label = str(getattr(options, "label", None) or self.label)
        return PledgeLink(self.name, label, self.url(options, request), limit=self.limit(options))


# Every processor, built-in or from another package, through the pledgekit.processors entry
# points (generator/plugins.py): a class per processor, its `name` the entry point's.
PROCESSORS: Registry[type[Processor]] = Registry(
    plugins.PROCESSORS, "processor", subclass_named(Processor)
)


def get_processor(name: str) -> Processor | None:
    processor = PROCESSORS.get(name)
    return processor() if processor else None


def processor_names() -> list[str]:
    return PROCESSORS.names()


def require_host(url: str, hosts: tuple[str, ...], label: str) -> str:
    """An https link on one of the processor's own hosts."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValueError(f"{label} links must use https://, got {url!r}")
    if (parts.hostname or "") not in hosts or parts.port or "@" in parts.netloc:
        raise ValueError(f"{label} links must be on {' or '.join(hosts)}, got {url!r}")
    return url


def plain_amount(amount: Decimal, currency: str) -> str:
    """25 -> '25', 25.5 EUR -> '25.50', 10.125 KWD -> '10.125': major units, as links expect."""
    if amount == amount.to_integral_value():
        return f"{amount.to_integral_value():f}"
    return f"{amount:.{get_currency_precision(currency)}f}"
