"""Where a campaign's totals come from: the one place later sources (exports, APIs) plug in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal, localcontext

from pledgekit.conversions import Conversion, conversions
from pledgekit.ledger.fees import fees_by_processor, fees_total
from pledgekit.ledger.rows import LedgerRow
from pledgekit.ledger.sync.state import EXPORT_SUFFIX
from pledgekit.ledger.totals import MonthlyGiving, ledger_totals, raised_between
from pledgekit.model.campaign import Campaign
from pledgekit.model.exchange import rate_values
from pledgekit.model.types import currency_precision


@dataclass(frozen=True)
class CampaignTotals:
    raised: Decimal  # the money raised, in the campaign's currency
    currency: str  # the campaign's currency
    backers: int  # how many pledged
    updated: datetime | None  # when the figures were last counted; none: nothing recorded yet
    claimed: dict[str, int] = field(default_factory=dict)  # tier id -> backers who chose it
    # source name -> when it was last read (ledger-sync.json, written by `ledger sync` and
    # `ledger import`), in UTC; empty when the campaign keeps no such record
    sources: dict[str, datetime] = field(default_factory=dict)
    # the payments in other currencies that `raised` counts, at their dated rates
    converted: tuple[Conversion, ...] = ()
    # what processors kept of the counted payments, in the campaign's currency
    fees: Decimal = Decimal(0)
    net_of_fees: bool = False  # site.yaml's fees: net: `raised` is what is left after `fees`
    # payments made but not yet paid (delayed methods such as SEPA Debit), never in `raised`
    pending: Decimal = Decimal(0)
    # what comes in a month now (ledger/totals.py monthly_giving); none without a ledger
    monthly: MonthlyGiving | None = None

    @property
    def as_of(self) -> datetime | None:
        """When the figures were last known to be true: the oldest of the sources' reads (a
        total is as fresh as its stalest part); `updated` when the reads are not recorded.
        Beside the sources `ledger sync` reads again on every run, an export imported by hand
        (`<format>-export`: bank transfers, cash) is not what goes stale: what it holds stays
        true until the next import, so only the synced sources decide."""
        if not self.sources:
            return self.updated
        synced = [read for name, read in self.sources.items() if not name.endswith(EXPORT_SUFFIX)]
        return min(synced or self.sources.values())


def campaign_totals(
    campaign: Campaign,
    ledger: list[LedgerRow],
    sources_read: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
) -> CampaignTotals:
    """The money raised so far, with the moment it was last counted: from the ledger of
    imported processor exports when there is one, else as entered in campaign.yaml; with
    when each source was last read (`sources_read`, from ledger-sync.json) when known; the
    monthly commitment at the build's `now` when given (at the campaign's end once it is over)."""
    sources = dict(sources_read or {})
    if ledger:
        rates = campaign.source.exchange_rates
        # The monthly commitment of a campaign that has ended is the one it ended with: the
        # page of a finished campaign keeps its final figure, not one that fades afterwards.
        monthly_at = min(now, campaign.source.end) if now is not None else None
        counted = ledger_totals(ledger, campaign.currency, rate_values(rates), monthly_at)
        fees = fees_total(fees_by_processor(ledger, campaign.currency, rate_values(rates)))
        net = campaign.fees == "net"
        return CampaignTotals(
            counted.raised - fees if net else counted.raised,
            campaign.currency,
            counted.backers,
            counted.updated,
            counted.claimed,
            sources,
            converted=conversions(ledger, campaign.currency, rates),
            fees=fees,
            net_of_fees=net,
            monthly=counted.monthly,
            pending=counted.pending,
        )
    totals = campaign.source.totals
    claimed = {tier.id: tier.claimed for tier in campaign.source.tiers}
    if totals is None:
        return CampaignTotals(Decimal(0), campaign.currency, 0, None, claimed, sources)
    monthly = None
    if totals.monthly is not None or totals.monthly_donors:
        monthly = MonthlyGiving(totals.monthly or Decimal(0), totals.monthly_donors)
    return CampaignTotals(
        totals.raised,
        campaign.currency,
        totals.backers,
        totals.updated,
        claimed,
        sources,
        monthly=monthly,
    )


def matched_amount(given: Decimal, ratio: Decimal, cap: Decimal, currency: str) -> Decimal:
    """What a sponsor adds to `given`: ratio × given, rounded down to the currency's smallest
    unit (a sponsor is never said to give a fraction of a cent more than it does), at most
    the cap."""
    with localcontext() as exact:
        exact.prec = 200  # ratio × given exactly, before the one rounding below
        product = ratio * given
    if product >= cap:
        return cap
    return product.quantize(Decimal(1).scaleb(-currency_precision(currency)), rounding=ROUND_FLOOR)


def matched_so_far(campaign: Campaign, ledger: list[LedgerRow]) -> Decimal:
    """How much of the campaign's match (campaign.yaml `matching`) is used: as entered by hand
    (`used`); else the ratio of what the ledger's payments dated from `from` to `until` count
    for; else, without a ledger, the ratio of totals.raised (validation makes sure that is
    only when nothing is raised yet, or when the match runs from the start and the totals
    were counted before `until`)."""
    matching = campaign.source.matching
    assert matching is not None
    if matching.used is not None:
        return matching.used
    if ledger:
        given = raised_between(
            ledger,
            campaign.currency,
            rate_values(campaign.source.exchange_rates),
            matching.starts,
            matching.until,
        )
    else:
        totals = campaign.source.totals
        given = totals.raised if totals else Decimal(0)
    return matched_amount(given, matching.ratio, matching.cap, campaign.currency)
