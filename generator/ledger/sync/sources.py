"""The sync source registry: one class per processor API, found by its name, each reading
the payments made through the links a campaign's pledge options name."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Protocol
from urllib.parse import parse_qs, urlsplit, urlunsplit

from pledgekit import plugins
from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.sync.retry import RetryPolicy
from pledgekit.model.campaign import Campaign
from pledgekit.payments.registry import PledgeLink
from pledgekit.plugins import Registry, subclass_named


class OfferingSite(Protocol):
    """What a sync reads of the validated site (generator.validate.ValidatedSite is one): its
    campaigns, and the links each tier and open pledge offers, as the pages show them."""

    @property
    def campaigns(self) -> Sequence[Campaign]: ...

    @property
    def links(self) -> Mapping[tuple[str, str | None], list[PledgeLink]]: ...


@dataclass(frozen=True)
class Offer:
    """A place where a campaign takes pledges through a processor's link."""

    processor: str  # the pledge option's processor, e.g. stripe
    campaign: str
    tier: str | None  # None: the pledge without a reward
    url: str  # the link as the processor knows it, without the query the page adds
    reference: str | None  # the client_reference_id the page's link carries, if any

    @property
    def place(self) -> str:
        return f"tier {self.tier}" if self.tier else "the pledge without a reward"


def bare_link(url: str) -> str:
    """A link as a processor lists it: no query or fragment, no final slash, host in lower
    case (https://buy.stripe.com/abc?client_reference_id=x -> https://buy.stripe.com/abc)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def offers_of(links: Mapping[tuple[str, str | None], list[PledgeLink]]) -> list[Offer]:
    """Every link each tier and open pledge offers (its own, or the site's defaults), as the
    validated site built them for the pages."""
    offers = []
    for (campaign, tier), pledge_links in links.items():
        for link in pledge_links:
            if link.url is None:
                continue  # a bank transfer: no processor to read
            reference = parse_qs(urlsplit(link.url).query).get("client_reference_id", [None])[0]
            offers.append(Offer(link.processor, campaign, tier, bare_link(link.url), reference))
    return offers


@dataclass
class SyncSettings:
    """What every source is given: the environment (its credentials and API address), the
    retry policy, the earliest payment to read, and where to say a warning; sync_ledgers adds
    the run's moment and the campaigns (for a source that reads by date, or tells tiers by
    their titles and amounts as `ledger import` does)."""

    environment: Mapping[str, str]
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    since: datetime | None = None
    warn: Callable[[str], None] = print
    now: datetime | None = None  # the run's moment: where reading by date ends
    campaigns: Mapping[str, Campaign] = field(default_factory=dict)  # by slug


class SyncSource(ABC):
    """Reads one processor's API for a run: made once with every offer of its processor (a
    link may serve several campaigns), then asked for each campaign's rows in turn."""

    name: ClassVar[str]  # also the key of its as_of in ledger-sync.json
    processor: ClassVar[str]  # whose pledge options' links it reads
    secret_variables: ClassVar[tuple[str, ...]]  # the environment variables holding its secrets
    # Those it cannot read without (None: every one of secret_variables); a source whose
    # token is optional (public reads) names none, and --configured-only still reads it.
    required_variables: ClassVar[tuple[str, ...] | None] = None

    @abstractmethod
    def __init__(self, offers: list[Offer], settings: SyncSettings):
        """Check the credentials (SourceFailure when they are missing or unusable)."""

    @abstractmethod
    def read(self, campaign: str) -> ImportResult:
        """The campaign's rows, read to the end (SourceFailure when the API fails); skipped
        counts what was read and is not a payment (test mode, expired sessions…)."""


# Every source, built-in or from another package, through the pledgekit.sync_sources entry
# points (generator/plugins.py): a class per processor API, its `name` the entry point's.
SOURCES: Registry[type[SyncSource]] = Registry(
    plugins.SYNC_SOURCES, "sync source", subclass_named(SyncSource)
)


def source_names() -> list[str]:
    return SOURCES.names()


def get_source(name: str) -> type[SyncSource]:
    source = SOURCES.get(name)
    if source is None:
        raise KeyError(name)
    return source
