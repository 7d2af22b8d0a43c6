"""What is true of a campaign and its tiers at a given moment: derived, never stored."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pledgekit.model.campaign import CampaignFile, Matching, Tier


class CampaignState(StrEnum):
    UPCOMING = "upcoming"
    LIVE = "live"
    FUNDED = "funded"  # live, at or over the goal
    SUCCESSFUL = "successful"  # ended at or over the goal
    UNSUCCESSFUL = "unsuccessful"  # all-or-nothing, ended under the goal
    ENDED = "ended"  # flexible funding, ended under the goal

    @property
    def accepts_pledges(self) -> bool:
        return self in (CampaignState.LIVE, CampaignState.FUNDED)

    @property
    def is_over(self) -> bool:
        """Whether the campaign has ended: successful, unsuccessful or ended."""
        return self in (CampaignState.SUCCESSFUL, CampaignState.UNSUCCESSFUL, CampaignState.ENDED)


def campaign_state(
    campaign: CampaignFile, raised: Decimal, now: datetime, monthly: Decimal = Decimal(0)
) -> CampaignState:
    """Derive the state from the dates, the goal and what has been raised; for a campaign with
    only a monthly goal, from what comes in a month now (`monthly`) against it."""
    if now < campaign.start:
        return CampaignState.UPCOMING
    if campaign.goal is not None:
        reached = raised >= campaign.goal
    else:
        reached = campaign.monthly_goal is not None and monthly >= campaign.monthly_goal
    if now < campaign.end:
        return CampaignState.FUNDED if reached else CampaignState.LIVE
    if reached:
        return CampaignState.SUCCESSFUL
    if campaign.funding == "all_or_nothing":
        return CampaignState.UNSUCCESSFUL
    return CampaignState.ENDED


class TierAvailability(StrEnum):
    AVAILABLE = "available"
    SOLD_OUT = "sold_out"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    CAMPAIGN_UPCOMING = "campaign_upcoming"
    CAMPAIGN_ENDED = "campaign_ended"

    @property
    def accepts_pledges(self) -> bool:
        return self is TierAvailability.AVAILABLE


def tier_availability(
    tier: Tier, state: CampaignState, now: datetime, claimed: int
) -> TierAvailability:
    """Whether a backer can choose this tier now, and if not, the first reason why."""
    if state is CampaignState.UPCOMING:
        return TierAvailability.CAMPAIGN_UPCOMING
    if not state.accepts_pledges:
        return TierAvailability.CAMPAIGN_ENDED
    if tier.limit is not None and claimed >= tier.limit:
        return TierAvailability.SOLD_OUT
    if tier.available_from and now < tier.available_from:
        return TierAvailability.NOT_YET_OPEN
    if tier.available_until and now >= tier.available_until:
        return TierAvailability.CLOSED
    return TierAvailability.AVAILABLE


def remaining(tier: Tier, claimed: int) -> int | None:
    """How many of a limited tier are left; None when unlimited."""
    return None if tier.limit is None else max(tier.limit - claimed, 0)


class MatchingStatus(StrEnum):
    NOT_STARTED = "not_started"  # the campaign has not started, or `from` is still to come
    ACTIVE = "active"
    ENDED = "ended"  # `until` has passed, or the campaign takes no more gifts
    USED_UP = "used_up"  # the sponsor's cap is reached

    @property
    def active(self) -> bool:
        return self is MatchingStatus.ACTIVE


def matching_status(
    matching: Matching, state: CampaignState, now: datetime, used: Decimal
) -> MatchingStatus:
    """Whether gifts made now are matched, and if not, the first reason why."""
    if state is CampaignState.UPCOMING or (matching.starts and now < matching.starts):
        return MatchingStatus.NOT_STARTED
    if not state.accepts_pledges or (matching.until and now >= matching.until):
        return MatchingStatus.ENDED
    if used >= matching.cap:
        return MatchingStatus.USED_UP
    return MatchingStatus.ACTIVE


class StretchGoalStatus(StrEnum):
    REACHED = "reached"
    NEXT = "next"
    LOCKED = "locked"
    MISSED = "missed"  # not reached when the campaign ended: it never will be


def stretch_goal_statuses(
    amounts: list[Decimal], raised: Decimal, over: bool = False
) -> list[StretchGoalStatus]:
    """Reached when raised covers it; the first one not reached is next; the rest are locked.
    Once the campaign is `over`, every one not reached is missed."""
    statuses = []
    next_given = False
    for amount in amounts:
        if raised >= amount:
            statuses.append(StretchGoalStatus.REACHED)
        elif over:
            statuses.append(StretchGoalStatus.MISSED)
        elif not next_given:
            statuses.append(StretchGoalStatus.NEXT)
            next_given = True
        else:
            statuses.append(StretchGoalStatus.LOCKED)
    return statuses
