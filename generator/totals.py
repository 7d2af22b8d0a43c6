"""Where a campaign's totals come from: the one place later sources (exports, APIs) plug in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from generator.model.campaign import Campaign


@dataclass(frozen=True)
class CampaignTotals:
    raised: Decimal
    currency: str
    backers: int
    updated: datetime | None  # None: nothing recorded yet


def campaign_totals(campaign: Campaign) -> CampaignTotals:
    """The money raised so far, with the moment it was last counted."""
    totals = campaign.source.totals
    if totals is None:
        return CampaignTotals(Decimal(0), campaign.currency, 0, None)
    return CampaignTotals(totals.raised, campaign.currency, totals.backers, totals.updated)
