"""A campaign: `campaign.yaml` plus the prose beside it (story, risks, updates)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pledgekit.model.exchange import DatedRate
from pledgekit.model.numbers import quoted
from pledgekit.model.site import PledgeOption
from pledgekit.model.types import (
    Amount,
    AssetPath,
    Count,
    CountryCode,
    Currency,
    LanguageTag,
    LocalDateTime,
    MarkdownHtml,
    Model,
    Month,
    NonNegativeAmount,
    PositiveCount,
    Ratio,
    SecureUrl,
    Share,
    Slug,
    WebUrl,
)


class Image(Model):
    src: AssetPath = Field(description="File beside campaign.yaml (e.g. hero.svg) or https:// URL.")
    alt: str = Field(min_length=1, description="Text alternative, read aloud by screen readers.")


class Link(Model):
    label: str = Field(min_length=1)
    url: WebUrl


class Person(Model):
    name: str = Field(min_length=1)
    bio: MarkdownHtml = ""
    location: str = ""
    avatar: Image | None = None
    links: list[Link] = Field(default_factory=list)


class Organisation(Model):
    """The registered organisation behind an appeal: its legal details, for donors' trust and
    their tax receipts."""

    legal_name: str = Field(min_length=1, description="Its registered name.")
    registration: str = Field(
        "", description="Its registration, as people look it up: RNA W595012345, Charity no. …"
    )
    country: CountryCode | None = Field(None, description="Where it is registered: FR, BE, GB, …")
    website: WebUrl | None = None
    tax_deductibility: dict[CountryCode, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict,
        description="What a donor in each country may deduct, e.g. FR: 66 % of your gift is "
        "deductible from your income tax.",
    )


class FaqEntry(Model):
    question: str = Field(min_length=1)
    answer: MarkdownHtml = Field(min_length=1)


class BudgetLine(Model):
    """A line of "where the money goes": an amount or a share of the total (percent)."""

    label: str = Field(min_length=1)
    amount: Amount | None = None
    share: Share | None = Field(None, description="Percent of the money raised, at most 100.")
    description: str = ""

    @model_validator(mode="after")
    def _amount_or_share(self) -> BudgetLine:
        if (self.amount is None) == (self.share is None):
            raise ValueError("give either amount or share (a percent), not both or neither")
        return self


class StretchGoal(Model):
    amount: Amount = Field(description="Total raised at which this goal unlocks.")
    title: str = Field(min_length=1)
    description: MarkdownHtml = ""


class Milestone(Model):
    title: str = Field(min_length=1)
    due: Month
    status: Literal["planned", "in_progress", "done", "late"] = "planned"
    description: str = ""


class Tier(Model):
    id: Slug = Field(description="Stable id; also the page anchor #tier-<id>.")
    title: str = Field(min_length=1)
    amount: Amount = Field(description="Minimum pledge for this reward.")
    description: MarkdownHtml = ""
    includes: list[str] = Field(default_factory=list)
    image: Image | None = None
    limit: PositiveCount | None = Field(None, description="How many backers can choose it.")
    claimed: Count = Field(0, description="How many have chosen it so far.")
    delivery: Month | None = Field(None, description="Estimated delivery month, YYYY-MM.")
    ships_to: list[str] = Field(default_factory=list, description="Countries or regions.")
    available_from: LocalDateTime | None = None
    available_until: LocalDateTime | None = None
    recurring: Literal["monthly"] | None = Field(None, description="Set for monthly giving.")
    pledge: list[PledgeOption] = Field(
        default_factory=list, description="Where to pay; empty means the site's defaults."
    )
    draft: bool = Field(False, description="Shown only in builds with --drafts, marked DRAFT.")

    # Field validators (not model validators) so these checks run even when another field fails.
    @field_validator("claimed")
    @classmethod
    def _within_limit(cls, claimed: int, info: ValidationInfo) -> int:
        limit = info.data.get("limit")
        if limit is not None and claimed > limit:
            raise ValueError(f"claimed ({claimed}) is more than the limit ({limit})")
        return claimed

    @field_validator("available_until")
    @classmethod
    def _after_available_from(cls, until: datetime | None, info: ValidationInfo) -> datetime | None:
        since = info.data.get("available_from")
        if until and since and until <= since:
            raise ValueError(f"must be after available_from ({since.isoformat()})")
        return until


class OpenPledge(Model):
    """Pledge without a reward: any amount from `minimum`."""

    title: str | None = Field(
        None, description="Card title; 'Pledge without a reward' when absent."
    )
    description: MarkdownHtml = ""
    minimum: Amount | None = None
    suggested: list[Amount] = Field(default_factory=list, description="Preset amounts to offer.")
    impact: dict[Amount, str] = Field(
        default_factory=dict,
        description="Impact text per suggested amount, e.g. 25: a hygiene kit for one family.",
    )
    recurring: Literal["monthly"] | None = None
    pledge: list[PledgeOption] = Field(default_factory=list)

    @field_validator("impact")
    @classmethod
    def _impact_for_suggested_amounts(
        cls, impact: dict[Decimal, str], info: ValidationInfo
    ) -> dict[Decimal, str]:
        suggested = info.data.get("suggested")
        if suggested is not None:
            for amount in impact:
                if amount not in suggested:
                    raise ValueError(
                        f"impact text for {amount} has no matching amount in suggested"
                    )
        return impact


class Totals(Model):
    """Money raised so far, as entered by hand or computed from processor exports."""

    raised: NonNegativeAmount
    backers: Count = 0
    updated: LocalDateTime
    monthly: NonNegativeAmount | None = Field(
        None,
        description="What monthly gifts bring in a month now, for a campaign without a ledger "
        "(a ledger counts it itself).",
    )
    monthly_donors: Count = Field(0, description="How many give monthly, with `monthly`.")


class Matching(Model):
    """A sponsor who matches the gifts: for each unit given, `ratio` more, up to `cap` in all."""

    model_config = ConfigDict(populate_by_name=True)  # `from` is a Python keyword: `starts`

    sponsor: str = Field(min_length=1, description="Who matches the gifts.")
    ratio: Ratio = Field(
        Decimal(1), description="What the sponsor adds per unit given: 1 doubles a gift."
    )
    cap: Amount = Field(description="The most the sponsor gives.")
    starts: LocalDateTime | None = Field(
        None,
        alias="from",
        description="Written `from`: gifts made from this moment are matched; when absent, from "
        "the campaign's start.",
    )
    until: LocalDateTime | None = Field(
        None, description="The match ends at this moment (and at the campaign's end)."
    )
    used: NonNegativeAmount | None = Field(
        None,
        description="How much of the cap is used, as entered by hand; when absent, worked out "
        "from the ledger, or from totals.raised.",
    )

    @field_validator("until")
    @classmethod
    def _after_starts(cls, until: datetime | None, info: ValidationInfo) -> datetime | None:
        since = info.data.get("starts")
        if until and since and until <= since:
            raise ValueError(f"must be after from ({since.isoformat()})")
        return until

    @field_validator("used")
    @classmethod
    def _within_cap(cls, used: Decimal | None, info: ValidationInfo) -> Decimal | None:
        cap = info.data.get("cap")
        if used is not None and cap is not None and used > cap:
            raise ValueError(f"used ({used}) is more than the cap ({cap})")
        return used


class LiveTotals(Model):
    """A public source of current totals that the page may fetch to refresh its figures."""

    url: WebUrl = Field(description="pledgekit's totals.json format, or Open Collective's JSON.")
    format: Literal["pledgekit", "open_collective"] = "pledgekit"


class Supporters(Model):
    """The backers who chose to be named: a section of the campaign page and its supporters/
    page. Names come from the ledger only (a processor's opt-in field, a CSV's name column)."""

    show: bool = Field(
        True,
        description="Show the section and the supporters/ page when at least one backer chose "
        "to be named; false shows neither.",
    )
    hide: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="Names never to show, e.g. on a backer's request to be erased; matched "
        "without case, accents or surrounding blanks. A hidden backer is counted as anonymous.",
    )


MIN_GOAL = 1


class CampaignFile(Model):
    """campaign.yaml"""

    title: str = Field(min_length=1)
    tagline: str = Field(min_length=1, description="One line under the title.")
    image: Image = Field(description="Hero image (16:9 works best) with alt text.")
    video: SecureUrl | None = Field(
        None, description="Link to a video, https:// (opened on its own site)."
    )
    creator: Person
    beneficiary: Person | None = Field(
        None, description="Who receives the funds, if not the creator."
    )
    funds_use: MarkdownHtml = Field("", description="How funds will be used, in a few sentences.")
    organisation: Organisation | None = Field(
        None, description="The registered organisation that receives the gifts, for a nonprofit."
    )
    category: str | None = None
    tags: list[str] = Field(default_factory=list)
    language: LanguageTag | None = Field(
        None,
        description="The language this file, story.md, risks.md and the updates are written in "
        "(BCP 47 tag); the site's when absent. Translations sit beside them: campaign.fr.yaml, "
        "story.fr.md, …",
    )
    goal: Amount | None = Field(
        None,
        description="What you need in all, in the campaign's currency; may be left out when a "
        "monthly_goal is given.",
    )
    monthly_goal: Amount | None = Field(
        None,
        validate_default=True,  # so that a campaign with neither goal is told to give one
        description="What you need a month in monthly gifts (a second bar: '€420 a month of "
        "€600'); beside goal, or instead of it for an appeal that lives on monthly giving.",
    )
    currency: Currency | None = Field(None, description="ISO 4217 code; the site's when absent.")
    start: LocalDateTime
    end: LocalDateTime
    # Without a one-time goal there is nothing to reach by the end: such a campaign keeps
    # every gift (flexible), and all_or_nothing written beside only a monthly_goal is an error.
    funding: Literal["all_or_nothing", "flexible"] = "all_or_nothing"
    faq: list[FaqEntry] = Field(default_factory=list)
    budget: list[BudgetLine] = Field(default_factory=list)
    stretch_goals: list[StretchGoal] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    tiers: list[Tier] = Field(default_factory=list)
    open_pledge: OpenPledge | None = None
    totals: Totals | None = None
    matching: Matching | None = Field(
        None, description="A sponsor who matches the gifts, up to a cap, for a while."
    )
    exchange_rates: dict[Currency, DatedRate] = Field(
        default_factory=dict,
        description="Count ledger payments in these currencies at these rates, each with the "
        'day it was read: USD: {rate: "0.92", date: 2026-12-01} means 1 USD counts as 0.92 '
        "of the campaign's currency.",
    )
    live_totals: LiveTotals | None = Field(
        None, description="Optional: refresh the figures in the browser from this address."
    )
    supporters: Supporters = Field(
        default_factory=Supporters,
        description="The backers who chose to be named: shown, and names hidden on request.",
    )
    draft: bool = Field(False, description="Built only with --drafts, marked DRAFT.")

    @model_validator(mode="before")
    @classmethod
    def _flexible_without_goal(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("goal") is None and "funding" not in data:
            return {**data, "funding": "flexible"}
        return data

    @field_validator("goal", "monthly_goal")
    @classmethod
    def _at_least_one(cls, goal: Decimal | None) -> Decimal | None:
        # A goal below one unit of its currency is none; and it keeps the percent a page shows
        # (raised × 100 / goal) within Decimal's 28 digits for the largest ledger there can be.
        if goal is not None and goal < MIN_GOAL:
            raise ValueError(f"must be {MIN_GOAL} or more, got {quoted(goal)}")
        return goal

    @field_validator("monthly_goal")
    @classmethod
    def _some_goal(cls, monthly_goal: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if monthly_goal is None and "goal" in info.data and info.data["goal"] is None:
            raise ValueError("give a goal, a monthly_goal, or both")
        return monthly_goal

    @field_validator("funding")
    @classmethod
    def _goal_to_reach(cls, funding: str, info: ValidationInfo) -> str:
        if funding == "all_or_nothing" and "goal" in info.data and info.data["goal"] is None:
            raise ValueError(
                "all_or_nothing needs a goal to reach by the end; a campaign with only a "
                "monthly_goal keeps every gift: write funding: flexible, or give a goal"
            )
        return funding

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start and end <= start:
            raise ValueError(f"must be after start ({start.isoformat()})")
        return end


class Update(Model):
    """An update post: `updates/<date>-<slug>.md` front matter plus its Markdown body."""

    slug: Slug
    title: str = Field(min_length=1)
    date: LocalDateTime
    summary: str = ""
    author: str = ""
    draft: bool = Field(False, description="Built only with --drafts, marked DRAFT.")
    body: str = ""


class Campaign(Model):
    """A validated campaign with its prose rendered to safe HTML."""

    slug: Slug
    source: CampaignFile
    currency: str
    fees: Literal["gross", "net"] = "gross"  # site.yaml's: what the raised figure counts
    story: str = ""
    risks: str = ""
    updates: tuple[Update, ...] = ()
    language: str = Field("", description="The language of this version's text.")
    original_language: str = Field(
        "", description="The campaign's own language, which untranslated text is in."
    )
    untranslated: tuple[str, ...] = Field(
        (), description="The fields this version leaves in the original language."
    )
    translated: bool = Field(
        True, description="False when the campaign has no file at all in this language."
    )
