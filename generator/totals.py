"""Where a campaign's totals come from: the one place later sources (exports, APIs) plug in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from generator.ledger.rows import LedgerRow
from generator.ledger.totals import ledger_totals
from generator.model.campaign import Campaign


@dataclass(frozen=True)
class CampaignTotals:
    raised: Decimal  # the money raised, in the campaign's currency
    currency: str  # the campaign's currency
    backers: int  # how many pledged
    updated: datetime | None  # when the figures were last counted; none: nothing recorded yet
    claimed: dict[str, int] = field(default_factory=dict)  # tier id -> backers who chose it


def campaign_totals(campaign: Campaign, ledger: list[LedgerRow]) -> CampaignTotals:
    """The money raised so far, with the moment it was last counted: from the ledger of
    imported processor exports when there is one, else as entered in campaign.yaml."""
    if ledger:
        counted = ledger_totals(ledger, campaign.currency, campaign.source.exchange_rates)
        return CampaignTotals(
            counted.raised, campaign.currency, counted.backers, counted.updated, counted.claimed
        )
    totals = campaign.source.totals
    claimed = {tier.id: tier.claimed for tier in campaign.source.tiers}
    if totals is None:
        return CampaignTotals(Decimal(0), campaign.currency, 0, None, claimed)
    return CampaignTotals(totals.raised, campaign.currency, totals.backers, totals.updated, claimed)
