"""Monthly giving as a page shows it: what comes in a month now, against the monthly goal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from pledgekit.model.campaign import CampaignFile
from pledgekit.totals import CampaignTotals


@dataclass(frozen=True)
class MonthlyView:
    """The current monthly commitment ('€420 a month of €600', '38 donors give monthly')."""

    amount: Decimal  # what comes in a month now, in the campaign's currency
    donors: int  # monthly donors, and the supporters processors count in their monthly figures
    goal: Decimal | None  # campaign.yaml's monthly_goal, if any
    percent: int | None  # of the monthly goal, floored, may exceed 100; none without a goal


def monthly_view(data: CampaignFile, totals: CampaignTotals) -> MonthlyView | None:
    """The monthly figure of a campaign with a monthly goal, or receiving monthly gifts; None
    for a campaign with neither (its page shows no monthly bar)."""
    monthly = totals.monthly
    amount = monthly.amount if monthly else Decimal(0)
    donors = monthly.donors if monthly else 0
    if data.monthly_goal is None and not amount and not donors:
        return None
    percent = None
    if data.monthly_goal is not None:
        percent = int((amount * 100 / data.monthly_goal).to_integral_value(rounding=ROUND_FLOOR))
    return MonthlyView(amount, donors, data.monthly_goal, percent)


def monthly_moments(totals: CampaignTotals) -> tuple[datetime, ...]:
    """The moments the monthly figure changes by itself (a gift growing too old to count, one
    dated later coming in): the page is built again at each."""
    return totals.monthly.moments if totals.monthly else ()
