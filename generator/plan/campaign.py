"""A campaign as its pages show it at one moment, in named steps: its figures, its state, what
it says of time, its tiers, open pledge, stretch goals, match and updates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from pledgekit.ledger.rows import LedgerRow
from pledgekit.model.campaign import Campaign, CampaignFile, OpenPledge, Tier
from pledgekit.model.exchange import rate_values
from pledgekit.model.site import DEFAULT_STALE_AFTER_HOURS
from pledgekit.model.state import (
    CampaignState,
    campaign_state,
    matching_status,
    remaining,
    stretch_goal_statuses,
    tier_availability,
)
from pledgekit.monthly import MonthlyView, monthly_moments, monthly_view
from pledgekit.payments.registry import PledgeLink
from pledgekit.plan.language import text_direction
from pledgekit.plan.views import (
    CampaignView,
    MatchingView,
    OpenPledgeView,
    StretchGoalView,
    SuggestedAmount,
    TierView,
    UpdateView,
)
from pledgekit.plan.window import (
    Freshness,
    TimeLeft,
    freshness_at,
    overlap,
    stable_window,
    window_around,
)
from pledgekit.supporters import supporters_view
from pledgekit.totals import CampaignTotals, campaign_totals, matched_so_far


def suggested_amounts(
    offer: OpenPledge, links: list[PledgeLink], accepts_pledges: bool
) -> list[SuggestedAmount]:
    """Each suggested amount as a link to the first of the card's processors whose link can
    carry it (the first is the one the creator put forward), or as plain text where none can
    or while the campaign takes no pledges."""
    suggested = []
    for amount in offer.suggested:
        found = [(link.label, link.url_for(amount)) for link in links] if accepts_pledges else []
        label, url = next(((label, url) for label, url in found if url), (None, None))
        suggested.append(SuggestedAmount(amount, label, url))
    return suggested


def matching_view(
    campaign: Campaign,
    ledger: list[LedgerRow],
    state: CampaignState,
    raised: Decimal,
    now: datetime,
) -> MatchingView | None:
    """The campaign's match at `now`, if it has one."""
    matching = campaign.source.matching
    if matching is None:
        return None
    used = matched_so_far(campaign, ledger)
    ends = min(campaign.source.end, matching.until or campaign.source.end)
    return MatchingView(
        matching=matching,
        status=matching_status(matching, state, now, used),
        used=used,
        left=matching.cap - used,
        starts=matching.starts or campaign.source.start,
        ends=ends,
        combined=raised + used,
    )


def percent_of(raised: Decimal, goal: Decimal) -> int:
    return int((raised * 100 / goal).to_integral_value(rounding=ROUND_FLOOR))


def tier_view(
    tier: Tier, state: CampaignState, now: datetime, claimed: int, links: list[PledgeLink]
) -> TierView:
    """A tier without a limit of its own takes its links' limit (a Stripe Payment Link's)."""
    link_limits = [link.limit for link in links if link.limit is not None]
    if tier.limit is None and link_limits:
        tier = tier.model_copy(update={"limit": min(link_limits)})
    return TierView(
        tier, tier_availability(tier, state, now, claimed), remaining(tier, claimed), links, claimed
    )


def campaign_view(
    campaign: Campaign,
    links: dict,
    ledger: list[LedgerRow],
    now: datetime,
    drafts: bool = False,
    prefix: str = "",
    sources_read: Mapping[str, datetime] | None = None,
    stale_after_hours: int = DEFAULT_STALE_AFTER_HOURS,
) -> CampaignView:
    """The campaign at `now`; its draft tiers and updates only when `drafts`; its pages under
    `prefix` (a language's folder, 'fr/'); its figures read from their sources at
    `sources_read` (ledger-sync.json), said to be out of date `stale_after_hours` later."""
    data = campaign.source
    totals = campaign_totals(campaign, ledger, sources_read, now)
    monthly = monthly_view(data, totals)
    state = campaign_state(data, totals.raised, now, monthly.amount if monthly else Decimal(0))
    counted_to = counted_down_to(data, state)
    time_left = TimeLeft.between(now, counted_to) if counted_to is not None else None
    freshness = figures_freshness(totals, state, now, stale_after_hours)
    path = f"{prefix}campaigns/{campaign.slug}/"
    return CampaignView(
        slug=campaign.slug,
        path=path,
        data=data,
        currency=campaign.currency,
        state=state,
        totals=totals,
        freshness=freshness,
        percent=shown_percent(data, totals, monthly),
        time_left=time_left,
        tiers=tier_views(campaign, state, totals, links, now, drafts),
        open_pledge=open_pledge_view(campaign, state, links),
        matching=matching_view(campaign, ledger, state, totals.raised, now),
        stretch_goals=stretch_goal_views(data, totals.raised, state),
        story=campaign.story,
        risks=campaign.risks,
        updates=update_views(campaign, path, drafts),
        stable=unchanged_between(data, totals, now, time_left, counted_to, freshness),
        language=campaign.language,
        original_language=campaign.original_language,
        untranslated=frozenset(campaign.untranslated),
        direction=text_direction(campaign.original_language),
        supporters=supporters_view(
            data.supporters,
            ledger,
            campaign.currency,
            rate_values(data.exchange_rates),
            totals.backers,
        ),
        monthly=monthly,
    )


def counted_down_to(data: CampaignFile, state: CampaignState) -> datetime | None:
    """The moment the page counts down to: the start while upcoming, the end while it takes
    pledges; none once it is over."""
    if state is CampaignState.UPCOMING:
        return data.start
    if state.accepts_pledges:
        return data.end
    return None


def figures_freshness(
    totals: CampaignTotals, state: CampaignState, now: datetime, stale_after_hours: int
) -> Freshness | None:
    """How long before `now` the figures were read, while the campaign is not over and the
    reads are recorded; none otherwise (the page then says when they were counted)."""
    if totals.sources and totals.as_of and not state.is_over:
        return freshness_at(totals.as_of, state, now, stale_after_hours)
    return None


def unchanged_between(
    data: CampaignFile,
    totals: CampaignTotals,
    now: datetime,
    time_left: TimeLeft | None,
    counted_to: datetime | None,
    freshness: Freshness | None,
) -> tuple[datetime, datetime]:
    """The moments [from, to) around `now` between which nothing the campaign's pages say
    changes: no date of campaign.yaml is crossed, no monthly gift comes in or grows too old
    to count, the time left and the figures' age read the same."""
    windows = [stable_window(data, now), window_around(now, monthly_moments(totals))]
    if time_left is not None and counted_to is not None:
        windows.append(time_left.stays_between(counted_to))
    if freshness is not None:
        windows.append(freshness.stays_between())
    return overlap(*windows)


def shown_percent(data: CampaignFile, totals: CampaignTotals, monthly: MonthlyView | None) -> int:
    """The share of the goal raised; without a one-time goal, the share of the monthly goal
    (for the cards and orderings)."""
    if data.goal is not None:
        return percent_of(totals.raised, data.goal)
    return monthly.percent if monthly and monthly.percent is not None else 0


def tier_views(
    campaign: Campaign,
    state: CampaignState,
    totals: CampaignTotals,
    links: dict,
    now: datetime,
    drafts: bool,
) -> list[TierView]:
    """The reward tiers in the order given, draft ones only when `drafts`."""
    return [
        tier_view(
            tier,
            state,
            now,
            totals.claimed.get(tier.id, 0),
            links.get((campaign.slug, tier.id), []),
        )
        for tier in campaign.source.tiers
        if drafts or not tier.draft
    ]


def open_pledge_view(
    campaign: Campaign, state: CampaignState, links: dict
) -> OpenPledgeView | None:
    """The offer to give any amount, if campaign.yaml makes one."""
    offer = campaign.source.open_pledge
    if not offer:
        return None
    open_links = links.get((campaign.slug, None), [])
    return OpenPledgeView(
        offer,
        state.accepts_pledges,
        open_links,
        suggested_amounts(offer, open_links, state.accepts_pledges),
    )


def stretch_goal_views(
    data: CampaignFile, raised: Decimal, state: CampaignState
) -> list[StretchGoalView]:
    """The stretch goals by amount, each with its status."""
    goals = sorted(data.stretch_goals, key=lambda goal: goal.amount)
    statuses = stretch_goal_statuses([goal.amount for goal in goals], raised, state.is_over)
    return [StretchGoalView(goal, status) for goal, status in zip(goals, statuses, strict=True)]


def update_views(campaign: Campaign, path: str, drafts: bool) -> list[UpdateView]:
    """The published updates (drafts too when `drafts`), each with its address under `path`."""
    return [
        UpdateView(update, f"{path}updates/{update.slug}/")
        for update in campaign.updates
        if drafts or not update.draft
    ]
