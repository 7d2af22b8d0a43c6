"""Decide every file the site will have and the plain data each one is made from."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any, TypedDict

from babel import Locale
from markupsafe import Markup

from pledgekit.ledger.rows import LedgerRow
from pledgekit.model.campaign import (
    Campaign,
    CampaignFile,
    Matching,
    OpenPledge,
    StretchGoal,
    Tier,
    Update,
)
from pledgekit.model.exchange import rate_moments, rate_values
from pledgekit.model.site import DEFAULT_STALE_AFTER_HOURS, SiteConfig
from pledgekit.model.state import (
    CampaignState,
    MatchingStatus,
    StretchGoalStatus,
    TierAvailability,
    campaign_state,
    matching_status,
    remaining,
    stretch_goal_statuses,
    tier_availability,
)
from pledgekit.monthly import MonthlyView, monthly_moments, monthly_view
from pledgekit.payments.registry import PledgeLink
from pledgekit.pictures import ImageInfo
from pledgekit.supporters import SupportersView, supporters_view
from pledgekit.totals import CampaignTotals, campaign_totals, matched_so_far

UNITS = (("days", 86400), ("hours", 3600), ("minutes", 60))
DISTANT_PAST = datetime.min.replace(tzinfo=UTC)
DISTANT_FUTURE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class TimeLeft:
    """The largest whole unit left until a moment: "12 days", "5 hours", "3 minutes".

    A page built at one moment can say no more than that honestly, and it stays true until the
    count changes, which is what lets an unchanged page be kept between builds.
    """

    count: int  # how many whole units are left: 12
    unit: str  # 'days', 'hours' or 'minutes'

    @classmethod
    def between(cls, now: datetime, until: datetime) -> TimeLeft:
        seconds = max(int((until - now).total_seconds()), 0)
        unit, size = next(((name, size) for name, size in UNITS if seconds >= size), UNITS[-1])
        return cls(seconds // size, unit)

    def stays_between(self, until: datetime) -> tuple[datetime, datetime]:
        """Moments [from, to) at which the same count is shown: the whole seconds left stay
        within [count, count + 1) units (a larger unit is a whole number of smaller ones)."""
        size, tick = dict(UNITS)[self.unit], timedelta(microseconds=1)
        return (
            until - timedelta(seconds=(self.count + 1) * size) + tick,
            until - timedelta(seconds=self.count * size) + tick,
        )


@dataclass(frozen=True)
class TimeAgo:
    """How long ago a moment was, in the largest whole unit: "3 hours", "12 days"; under a
    minute, "just now" (unit 'now', count 0). Like TimeLeft, it stays true until the count
    changes: a page says no more than that, so that it can be kept between builds."""

    count: int  # how many whole units ago: 3
    unit: str  # 'days', 'hours', 'minutes', or 'now' under a minute

    @classmethod
    def between(cls, moment: datetime, now: datetime) -> TimeAgo:
        # A moment after `now` (a clock ahead of the build's) is just now, never "in 2 minutes".
        seconds = max(int((now - moment).total_seconds()), 0)
        for unit, size in UNITS:
            if seconds >= size:
                return cls(seconds // size, unit)
        return cls(0, "now")

    def stays_between(self, moment: datetime) -> tuple[datetime, datetime]:
        """Moments [from, to) at which the same words are said of `moment`: the whole seconds
        since it stay within [count, count + 1) units; 'just now' until a minute after it."""
        if self.unit == "now":
            return DISTANT_PAST, moment + timedelta(minutes=1)
        size = timedelta(seconds=dict(UNITS)[self.unit])
        return moment + self.count * size, moment + (self.count + 1) * size


@dataclass(frozen=True)
class Freshness:
    """How long before the build a campaign's figures were read from their sources, while the
    campaign is not over and the reads are recorded (ledger-sync.json)."""

    as_of: datetime  # when the figures were read: the oldest read of their sources
    ago: TimeAgo  # how long before the build: "3 hours ago"
    # The campaign takes pledges, so figures that age mislead: its page carries the notice that
    # they may be out of date, hidden until they are stale (a script shows it in the browser).
    watched: bool
    stale: bool  # watched, and read stale_after_hours or more before the build
    stale_after_hours: int  # site.yaml's stale_after_hours

    @property
    def stale_from(self) -> datetime:
        """The moment the figures become stale: as_of plus stale_after_hours."""
        return self.as_of + timedelta(hours=self.stale_after_hours)

    def stays_between(self) -> tuple[datetime, datetime]:
        """Moments [from, to) at which the page says the same of the figures: the same "…
        ago", and the notice shown or hidden as it is at the build."""
        start, end = self.ago.stays_between(self.as_of)
        if self.watched and self.stale:
            start = max(start, self.stale_from)
        elif self.watched:
            end = min(end, self.stale_from)
        return start, end


def freshness_at(
    as_of: datetime, state: CampaignState, now: datetime, stale_after_hours: int
) -> Freshness:
    """How fresh figures read at `as_of` are at `now`, for a campaign in `state`."""
    watched = state.accepts_pledges
    stale = watched and now >= as_of + timedelta(hours=stale_after_hours)
    return Freshness(as_of, TimeAgo.between(as_of, now), watched, stale, stale_after_hours)


@dataclass(frozen=True)
class TierView:
    """A reward tier as it stands at the moment of the build."""

    tier: Tier  # the tier as campaign.yaml gives it
    availability: TierAvailability  # whether it can be chosen now, and why not
    remaining: int | None  # how many are left, none when unlimited
    links: list[PledgeLink]  # the ways to pledge for it, in the order given
    claimed: int  # backers who chose it: from the ledger, or as entered in campaign.yaml

    @property
    def anchor(self) -> str:
        """The tier's id on the page, tier-<id>, for links to it."""
        return f"tier-{self.tier.id}"


@dataclass(frozen=True)
class SuggestedAmount:
    """A preset amount on the open pledge card, and where to give exactly that amount."""

    amount: Decimal  # as open_pledge.suggested gives it
    processor: str | None  # the label of the processor the link goes to; none without a link
    url: str | None  # the processor's page with the amount filled in; none: plain text


@dataclass(frozen=True)
class OpenPledgeView:
    """The offer to give any amount, without a reward."""

    offer: OpenPledge  # the open pledge as campaign.yaml gives it
    accepts_pledges: bool  # false before the start and after the end
    links: list[PledgeLink]  # the ways to give
    # offer.suggested, each with its link where the card's processors can carry the amount
    suggested: list[SuggestedAmount] = field(default_factory=list)


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


@dataclass(frozen=True)
class StretchGoalView:
    """A stretch goal and where the campaign stands against it."""

    goal: StretchGoal  # the goal as campaign.yaml gives it
    status: StretchGoalStatus  # reached, next (the first not reached), locked; missed once over


@dataclass(frozen=True)
class MatchingView:
    """A sponsor's match of the gifts, as it stands at the moment of the build. What the
    sponsor adds is shown apart from the gifts: `totals.raised`, the percent and the state
    count the gifts alone."""

    matching: Matching  # the match as campaign.yaml gives it
    status: MatchingStatus  # not started, active, ended or used up
    # What the sponsor adds so far: `used` as entered, else ratio × the gifts made from `from`
    # to `until`, rounded down to the currency's smallest unit, at most the cap.
    used: Decimal
    left: Decimal  # what is left of the cap
    starts: datetime  # when gifts start being matched: `from`, else the campaign's start
    ends: datetime  # when the match stops at the latest: `until`, or the campaign's end if sooner
    combined: Decimal  # the gifts raised plus the match used: for a figure labelled as both

    @property
    def active(self) -> bool:
        """Whether a gift made now is matched."""
        return self.status.active

    @property
    def last_moment(self) -> datetime:
        """The last moment gifts are matched, a microsecond before `ends`: its date is the last
        day to say ("until Friday 4 December" for a match that ends at midnight that night)."""
        return self.ends - timedelta(microseconds=1)


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


@dataclass(frozen=True)
class UpdateView:
    """An update and the address of its page."""

    update: Update  # the update's front matter and its body (safe HTML)
    path: str  # 'campaigns/<slug>/updates/<update>/'


@dataclass(frozen=True)
class FeedEntry:
    """An entry of the site's feed: a campaign's launch, or one of its updates."""

    campaign: CampaignView  # the campaign, in the feed's language
    update: UpdateView | None = None  # the update; none for the campaign's launch

    @property
    def published(self) -> datetime:
        """When it happened: the update's date, or the campaign's start."""
        return self.update.update.date if self.update else self.campaign.data.start

    @property
    def path(self) -> str:
        """The address of the page it is about: the update's, or the campaign's."""
        return self.update.path if self.update else self.campaign.path


def _outer_fields(name: str) -> list[str]:
    """The fields `name` is inside: 'tiers[lamp].title' -> ['tiers', 'tiers[lamp]']."""
    return [name[:index] for index, character in enumerate(name) if character in ".[" and index]


@dataclass(frozen=True)
class CampaignView:
    """A campaign with everything a page shows about it, computed for one moment."""

    slug: str  # the campaign folder's name
    path: str  # 'campaigns/<slug>/'
    data: CampaignFile  # everything campaign.yaml says
    currency: str  # the campaign's currency (ISO 4217), the site's when it names none
    state: CampaignState  # upcoming, live, funded, successful, unsuccessful or ended
    totals: CampaignTotals  # money raised and backers, and when they were last counted
    # How long before the build the figures were read ("Updated 3 hours ago"), while the
    # campaign is not over and totals.sources says when; none otherwise: the page then says
    # when they were counted (totals.as_of), words that never change with the clock.
    freshness: Freshness | None
    percent: int  # of the goal, floored, may exceed 100
    time_left: TimeLeft | None  # until the end when live, until the start when upcoming
    tiers: list[TierView]  # the reward tiers, in the order given
    open_pledge: OpenPledgeView | None  # the offer to give any amount, if there is one
    matching: MatchingView | None  # a sponsor's match of the gifts, if there is one
    stretch_goals: list[StretchGoalView]  # by amount, each with its status
    story: str  # story.md as safe HTML
    risks: str  # risks.md as safe HTML, or ''
    updates: list[UpdateView]  # published updates, newest first
    # Moments [from, to) between which nothing above changes: the build may keep its pages.
    stable: tuple[datetime, datetime]
    language: str = ""  # the language of the text above ('fr' on the French pages)
    original_language: str = ""  # the campaign's own language, which untranslated text is in
    untranslated: frozenset[str] = frozenset()  # fields left in it: 'title', 'tiers[lamp]…'
    direction: str = "ltr"  # of the original language, for text marked as in it
    # The backers who chose to be named, less those hidden on request; none when the campaign
    # shows no supporters (no backer named, or campaign.yaml's supporters.show is false).
    supporters: SupportersView | None = None
    # What comes in a month now, against the monthly goal (the second bar); none for a
    # campaign with no monthly goal and no monthly gift.
    monthly: MonthlyView | None = None
    # The pictures of the campaign folder (size, smaller copies), by name: see image().
    images: dict[str, ImageInfo] = field(default_factory=dict, compare=False, repr=False)

    def lang(self, name: str) -> Markup:
        """` lang="en"` (and `dir`) for an element showing the field `name` (or any field
        inside it: 'tiers[lamp]', 'faq[0]') when it is left in the original language; ''
        otherwise. For `<h1{{ campaign.lang('title') }}>`."""
        if not self.untranslated or not (
            name in self._untranslated_or_inside
            or any(outer in self.untranslated for outer in _outer_fields(name))
        ):
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(self.original_language, self.direction)

    @functools.cached_property
    def _untranslated_or_inside(self) -> frozenset[str]:
        """The untranslated fields and every field holding one ('tiers' for 'tiers[lamp].title'):
        lang() is asked once for each tier, so it must not go through them all each time."""
        return self.untranslated.union(
            outer for field in self.untranslated for outer in _outer_fields(field)
        )

    @property
    def image_url(self) -> str:
        """The hero image: site-relative path, or an absolute https URL."""
        return self.asset(self.data.image.src)

    def asset(self, src: str) -> str:
        """A file named in campaign.yaml, as a site path (or its https URL as given)."""
        return src if "://" in src else self.path + src

    def image(self, src: str) -> PictureData | None:
        """What an <img> of the picture `src` (as campaign.yaml names it) needs besides its
        address: its size and the srcset of its smaller copies, as site paths. None for an
        https:// picture or one whose size is unknown. The picture.html component uses it."""
        info = self.images.get(src.removeprefix("./")) if "://" not in src else None
        if info is None:
            return None
        return PictureData(
            info.width, info.height, info.srcset(self.path), info.webp_srcset(self.path)
        )


@dataclass(frozen=True)
class PictureData:
    """A campaign picture as an <img> or <picture> shows it (see CampaignView.image)."""

    width: int  # as shown upright, in CSS pixels at 1x
    height: int  # as shown upright, in CSS pixels at 1x
    srcset: tuple[tuple[str, int], ...]  # (site path, width): its own format, itself last
    webp: tuple[tuple[str, int], ...]  # (site path, width) of WebP copies, for a <source>


@dataclass(frozen=True)
class Page:
    """The file being written: where it goes, and the template that makes it."""

    path: str  # the output file, e.g. campaigns/lamp/index.html
    template: str  # the template's name, e.g. campaign.html
    context: dict[str, Any] = field(default_factory=dict, repr=False)  # the page's variables

    def __post_init__(self) -> None:
        # What each template receives is declared once (TEMPLATE_CONTEXT) and documented from
        # there by `pledgekit theme context`: a page that sends anything else is a bug here.
        expected = TEMPLATE_CONTEXT.get(self.template)
        if expected is not None and self.context.keys() != expected.keys():
            raise ValueError(
                f"{self.template} receives {sorted(expected)}, not {sorted(self.context)}"
            )

    @property
    def draft(self) -> bool:
        """Whether the page shows a draft campaign or update (built only with --drafts)."""
        campaign, update = self.context.get("campaign"), self.context.get("update")
        return bool(
            (isinstance(campaign, CampaignView) and campaign.data.draft)
            or (isinstance(update, UpdateView) and update.update.draft)
        )

    @property
    def url_path(self) -> str:
        """The clean address of the page, relative to the site root ('' for the home page)."""
        return self.path.removesuffix("index.html")


@functools.cache
def text_direction(language: str) -> str:
    """'rtl' for Arabic, Hebrew, Persian, …; 'ltr' otherwise (and for no language)."""
    if not language:
        return "ltr"
    return Locale.parse(language.replace("-", "_")).text_direction


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
    time_left = None
    if state is CampaignState.UPCOMING:
        time_left = TimeLeft.between(now, data.start)
    elif state.accepts_pledges:
        time_left = TimeLeft.between(now, data.end)
    stable = stable_window(data, now)
    for moment in monthly_moments(totals):  # a monthly gift comes in, or grows too old to count
        if moment <= now:
            stable = (max(stable[0], moment), stable[1])
        else:
            stable = (stable[0], min(stable[1], moment))
    if time_left is not None:
        shown = time_left.stays_between(data.start if state is CampaignState.UPCOMING else data.end)
        stable = (max(stable[0], shown[0]), min(stable[1], shown[1]))
    freshness = None
    if totals.sources and totals.as_of and not state.is_over:
        freshness = freshness_at(totals.as_of, state, now, stale_after_hours)
        said = freshness.stays_between()
        stable = (max(stable[0], said[0]), min(stable[1], said[1]))
    tiers = [
        tier_view(
            tier,
            state,
            now,
            totals.claimed.get(tier.id, 0),
            links.get((campaign.slug, tier.id), []),
        )
        for tier in data.tiers
        if drafts or not tier.draft
    ]
    open_pledge = None
    if data.open_pledge:
        open_links = links.get((campaign.slug, None), [])
        open_pledge = OpenPledgeView(
            data.open_pledge,
            state.accepts_pledges,
            open_links,
            suggested_amounts(data.open_pledge, open_links, state.accepts_pledges),
        )
    goals = sorted(data.stretch_goals, key=lambda goal: goal.amount)
    statuses = stretch_goal_statuses([goal.amount for goal in goals], totals.raised, state.is_over)
    path = f"{prefix}campaigns/{campaign.slug}/"
    return CampaignView(
        slug=campaign.slug,
        path=path,
        data=data,
        currency=campaign.currency,
        state=state,
        totals=totals,
        freshness=freshness,
        # Without a one-time goal, the share of the monthly goal (for the cards and orderings).
        percent=(
            percent_of(totals.raised, data.goal)
            if data.goal is not None
            else (monthly.percent if monthly and monthly.percent is not None else 0)
        ),
        time_left=time_left,
        tiers=tiers,
        open_pledge=open_pledge,
        matching=matching_view(campaign, ledger, state, totals.raised, now),
        stretch_goals=[
            StretchGoalView(goal, status) for goal, status in zip(goals, statuses, strict=True)
        ],
        story=campaign.story,
        risks=campaign.risks,
        updates=[
            UpdateView(update, f"{path}updates/{update.slug}/")
            for update in campaign.updates
            if drafts or not update.draft
        ],
        stable=stable,
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


def stable_window(data: CampaignFile, now: datetime) -> tuple[datetime, datetime]:
    """The moments [from, to) around `now` that cross no start, end, tier opening date,
    start or end of the match, or day an exchange rate was read or grows old."""
    moments = [data.start, data.end]
    for tier in data.tiers:
        moments += [moment for moment in (tier.available_from, tier.available_until) if moment]
    if data.matching:
        moments += [moment for moment in (data.matching.starts, data.matching.until) if moment]
    moments += rate_moments(data.exchange_rates)  # a rate's day comes; it grows old
    return (
        max((moment for moment in moments if moment <= now), default=DISTANT_PAST),
        min((moment for moment in moments if moment > now), default=DISTANT_FUTURE),
    )


_STATE_ORDER = {
    CampaignState.LIVE: 0,
    CampaignState.FUNDED: 0,
    CampaignState.UPCOMING: 1,
    CampaignState.SUCCESSFUL: 2,
    CampaignState.ENDED: 2,
    CampaignState.UNSUCCESSFUL: 2,
}


def index_order(view: CampaignView) -> tuple:
    """Live campaigns ending soonest first, then upcoming ones, then the most recently ended."""
    group = _STATE_ORDER[view.state]
    moment = view.data.start if group == 1 else view.data.end
    timestamp = moment.timestamp() if group < 2 else -moment.timestamp()
    return (group, timestamp, view.slug)


@dataclass(frozen=True)
class IndexPage:
    """One page of the campaign list: where it goes and which campaigns (by position) it shows."""

    path: str
    pagination: dict[str, Any]
    first: int
    last: int  # one past the last campaign shown

    def page(self, views: list[CampaignView]) -> Page:
        return Page(self.path, "index.html", {"campaigns": views, "pagination": self.pagination})


def page_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link from page `number`: the first, the last, and `around` either side;
    None where numbers are left out (1 … 4 5 6 7 8 … 834)."""
    shown = sorted({1, count, *range(max(number - around, 1), min(number + around, count) + 1)})
    window: list[int | None] = []
    for previous, current in zip([0, *shown], shown, strict=False):
        if current - previous > 1:
            window.append(None)
        window.append(current)
    return window


def index_layout(count: int, per_page: int, prefix: str = "") -> list[IndexPage]:
    """The home page and page/2/, page/3/, … for `count` campaigns in index order, under
    `prefix` (a language's folder, 'fr/')."""
    pages_count = max(math.ceil(count / per_page), 1)
    paths = [f"{prefix}index.html"]
    paths += [f"{prefix}page/{number}/index.html" for number in range(2, pages_count + 1)]
    urls = [path.removesuffix("index.html") for path in paths]
    layout = []
    for number in range(1, pages_count + 1):
        pagination = {
            "number": number,
            "count": pages_count,
            "previous": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < pages_count else None,
            "pages": [
                {"number": n, "url": urls[n - 1] if n else None}
                for n in page_window(number, pages_count)
            ],
        }
        first = (number - 1) * per_page
        layout.append(IndexPage(paths[number - 1], pagination, first, min(first + per_page, count)))
    return layout


def ending_soon_order(view: CampaignView) -> tuple | None:
    """The campaigns open for pledges, the soonest to close first; the others are left out."""
    if not view.state.accepts_pledges:
        return None
    return (view.data.end.timestamp(), view.slug)


def most_funded_order(view: CampaignView) -> tuple | None:
    """The campaigns that have opened, those still open first, each group by the share of its
    goal raised, highest first (a share compares campaigns in different currencies)."""
    if view.state is CampaignState.UPCOMING:
        return None
    return (0 if view.state.accepts_pledges else 1, -view.percent, view.slug)


def newest_order(view: CampaignView) -> tuple | None:
    """The campaigns that have opened, the most recently opened first (upcoming ones are on
    the home page)."""
    if view.state is CampaignState.UPCOMING:
        return None
    return (-view.data.start.timestamp(), view.slug)


# The orderings besides the home page's, each at <prefix><name>/: name -> the sort key of a
# campaign in it, None for a campaign it leaves out.
ORDERINGS: dict[str, Callable[[CampaignView], tuple | None]] = {
    "ending-soon": ending_soon_order,
    "most-funded": most_funded_order,
    "newest": newest_order,
}


@dataclass(frozen=True)
class Listing:
    """A list of campaigns besides the home page: an ordering, a category or a tag."""

    kind: str  # 'ending-soon', 'most-funded', 'newest', 'category' or 'tag'
    name: str  # the category or tag as campaign.yaml writes it; '' for an ordering
    path: str  # the address of its first page: 'categories/design/', 'fr/newest/'
    count: int  # how many campaigns it lists
    language: str = ""  # the language the name is written in (its campaigns' own)
    direction: str = "ltr"  # of that language

    def lang(self, page_language: str) -> Markup:
        """` lang="en" dir="ltr"` for the name on a page in another language; '' otherwise."""
        if not self.language or self.language == page_language:
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(self.language, self.direction)


def totals_data(view: CampaignView) -> dict[str, Any]:
    """The public JSON a script or another site can read: exact decimal strings, ISO dates;
    `as_of`, when the figures were last known true (the oldest of the `sources`' reads, else
    `updated`), and each source's own; what other currencies `raised` counts, and at which
    dated rate (`converted`)."""
    updated, as_of = view.totals.updated, view.totals.as_of
    return {
        "campaign": view.slug,
        "raised": str(view.totals.raised),
        "pending": str(view.totals.pending),
        "goal": str(view.data.goal) if view.data.goal is not None else None,
        "currency": view.currency,
        "percent": view.percent,
        "backers": view.totals.backers,
        "state": view.state.value,
        "start": view.data.start.isoformat(),
        "end": view.data.end.isoformat(),
        "updated": updated.isoformat() if updated else None,
        "as_of": as_of.isoformat() if as_of else None,
        "sources": {
            name: {"as_of": read.isoformat()} for name, read in sorted(view.totals.sources.items())
        },
        # what comes in a month now ("€420 a month from 38 donors"); none without monthly giving
        "monthly": (
            {
                "amount": str(view.monthly.amount),
                "goal": str(view.monthly.goal) if view.monthly.goal is not None else None,
                "donors": view.monthly.donors,
            }
            if view.monthly
            else None
        ),
        # payments in other currencies that `raised` counts: how much, and at which dated rate
        "converted": {
            conversion.currency: {
                "amount": str(conversion.amount),
                "counted": str(conversion.counted),
                "rate": str(conversion.rate),
                "rate_date": conversion.date.isoformat(),
            }
            for conversion in view.totals.converted
        },
        # gross: `raised` counts what backers paid; net: less the fees processors kept
        "fees": "net" if view.totals.net_of_fees else "gross",
    }


class PageLink(TypedDict):
    """One link in the window of index pages."""

    number: int | None  # none stands for the pages left out (the … in 1 … 4 5 6)
    url: str | None  # the page's address (a site path), none with the number


class Pagination(TypedDict):
    """Where an index page stands among the others."""

    number: int  # this page, counted from 1
    count: int  # how many index pages there are
    previous: str | None  # the previous page's address, none on the first
    next: str | None  # the next page's address, none on the last
    pages: list[PageLink]  # links to show: the first, the last, and two either side of this one


# What each page template receives besides what every template gets (see `pledgekit theme
# context`): name -> (type, what it is). Page checks every page it makes against it.
TEMPLATE_CONTEXT: dict[str, dict[str, tuple[Any, str]]] = {
    "index.html": {
        "campaigns": (list[CampaignView], "The campaigns on this page, in index order."),
        "pagination": (Pagination, "Where this page stands among the index pages."),
    },
    "listing.html": {
        "campaigns": (list[CampaignView], "The campaigns on this page, in the listing's order."),
        "pagination": (Pagination, "Where this page stands among the listing's pages."),
        "listing": (Listing, "What is listed: an ordering (ending soon, …), a category or a tag."),
    },
    "categories.html": {
        "kind": (str, "'category' or 'tag': which of the two the page lists."),
        "listings": (list[Listing], "Each category (or tag) with its count, by name."),
    },
    "search.html": {
        "categories": (
            list[Listing],
            "Each category with its count, by name: the page without JS.",
        ),
        "search_index": (str, "The address of this language's search.json, for the script."),
        "plural_samples": (
            dict[str, int],
            "A number of each CLDR plural category of the page's language ('one': 1, 'other': 0"
            ", …): the count messages the script picks from with Intl.PluralRules.",
        ),
    },
    "campaign.html": {"campaign": (CampaignView, "The campaign.")},
    "update.html": {
        "campaign": (CampaignView, "The campaign the update belongs to."),
        "update": (UpdateView, "The update."),
    },
    "supporters.html": {
        "campaign": (
            CampaignView,
            "The campaign, for the page listing every backer who chose to be named "
            "(campaign.supporters).",
        )
    },
    "card.html": {"campaign": (CampaignView, "The campaign, for an embeddable card.")},
    "poster.html": {"campaign": (CampaignView, "The campaign, for a printable poster.")},
    "badge.svg": {"campaign": (CampaignView, "The campaign, for a progress badge.")},
    "feed.xml": {
        "campaign": (CampaignView, "The campaign, for the Atom feed of its updates, newest first.")
    },
    "site_feed.xml": {
        "entries": (
            list[FeedEntry],
            "The listed campaigns' launches and updates, newest first (the 50 newest), for the "
            "site's Atom feed in the page's language.",
        ),
        "updated": (datetime, "The newest entry's date; 1970-01-01 UTC when there is none."),
    },
    "404.html": {
        "root_relative_links": (
            bool,
            "True: `url()` links from the site root, as the page is served at any address.",
        )
    },
    "robots.txt": {},
    "sitemap.xml": {"paths": (list[str], "Every listed page's address, relative to base_url.")},
    "styleguide.html": {
        "campaigns": (
            list[CampaignView],
            "The made-up sample campaign in each state: upcoming, live, funded, successful, "
            "unsuccessful, ended (`pledgekit theme styleguide`).",
        ),
        "campaign": (
            CampaignView,
            "The live sample, whose tiers and stretch goals are in every state.",
        ),
    },
}


# Pages a search engine should list (not the embeddable card, the badge or the 404 page).
LISTED_TEMPLATES = frozenset({"index.html", "campaign.html", "update.html"})


def text_files(site: SiteConfig) -> dict[str, str]:
    """Files of exact text: GitHub Pages' switch to turn Jekyll off, and the custom domain."""
    files = {".nojekyll": ""}
    if site.cname:
        files["CNAME"] = site.cname + "\n"
    return files


def campaign_pages(view: CampaignView) -> list[Page]:
    """The campaign page, its updates, an embeddable card, a progress badge, a printable
    poster, the Atom feed of its updates, and the page of its named supporters when it
    shows them."""
    context = {"campaign": view}
    pages = [Page(f"{view.path}index.html", "campaign.html", context)]
    pages += [
        Page(f"{update.path}index.html", "update.html", {**context, "update": update})
        for update in view.updates
    ]
    pages.append(Page(f"{view.path}card/index.html", "card.html", context))
    pages.append(Page(f"{view.path}badge.svg", "badge.svg", context))
    pages.append(Page(f"{view.path}poster/index.html", "poster.html", context))
    pages.append(Page(f"{view.path}feed.xml", "feed.xml", context))
    if view.supporters is not None:
        pages.append(Page(f"{view.path}supporters/index.html", "supporters.html", context))
    return pages
