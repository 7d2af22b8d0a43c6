"""The plain data templates are given: a campaign as its pages show it at one moment (its
tiers, open pledge, stretch goals, match, updates), a feed entry, a listing and its pagination."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypedDict

from markupsafe import Markup

from pledgekit.model.campaign import (
    CampaignFile,
    Matching,
    OpenPledge,
    StretchGoal,
    Tier,
    Update,
)
from pledgekit.model.state import (
    CampaignState,
    MatchingStatus,
    StretchGoalStatus,
    TierAvailability,
)
from pledgekit.monthly import MonthlyView
from pledgekit.payments.registry import PledgeLink
from pledgekit.pictures import ImageInfo
from pledgekit.plan.window import Freshness, TimeLeft
from pledgekit.supporters import SupportersView
from pledgekit.totals import CampaignTotals


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
