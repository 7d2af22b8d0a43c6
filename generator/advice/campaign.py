"""Advice on one validated campaign: each rule compares it with a published figure and cites it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit

from pledgekit.load.yaml_source import FieldPath, SourceDocument
from pledgekit.model.campaign import Campaign, Tier
from pledgekit.pictures import image_size

# The published figures (docs/advice.md says where each comes from), and how far from them a
# campaign may stand before this review says something.
FUNDERA = "Fundera 2019 compilation"
HANDBOOK = "Kickstarter creator handbook"
LENGTH_SOURCE = "Kickstarter's recommended campaign length"
RISKS_SOURCE = (
    "Kickstarter, “Risks and challenges” required since 2012; Kickstarter × Wharton study, 2015"
)
GOAL_SOURCE = "Kuppuswamy & Bayus 2013; Fundera 2019"
IMAGE_SOURCE = "Kickstarter's project image recommendation"
CONSISTENCY = "pledgekit consistency check"

TYPICAL_TIERS = range(3, 11)  # 3–10
POPULAR_PLEDGE_USD = Decimal(25)
NEAR_POPULAR_PLEDGE = (Decimal("0.6"), Decimal("1.6"))  # $15–$40 counts as near $25
RECOMMENDED_DAYS = 30
ADVISED_DAYS = range(20, 46)  # 20–45 days, whole days rounded
LONGEST_DAYS = 60
UPDATE_INTERVAL = timedelta(days=14)
TYPICAL_GOAL_USD = Decimal(8500)
GOAL_FACTOR = 5  # goals above 5 × $8,500 = $42,500
HERO_RATIO = 16 / 9
HERO_RATIO_TOLERANCE = 0.01  # 1366×768 passes; 4:3 and 3:2 do not

_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Advice:
    """One suggestion for a campaign, located like a problem and citing its source."""

    rule: str
    campaign: str
    file: str
    line: int  # 0: about the file (or folder) as a whole
    message: str
    source: str

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        return f"{location}: advice [{self.rule}]: {self.message} (source: {self.source})"


@dataclass(frozen=True)
class Finding:
    """What a rule found: a message at a field of campaign.yaml, or about a file beside it."""

    message: str
    path: FieldPath = ()
    file: str = ""


@dataclass(frozen=True)
class CampaignUnderReview:
    """What the rules read: the validated campaign, where its fields stand, its folder, now."""

    campaign: Campaign
    document: SourceDocument
    folder: Path
    now: datetime

    def advice(self, rule: Rule, finding: Finding) -> Advice:
        """The finding placed at the line of its field's key, or at its file as a whole."""
        file, line = finding.file, 0
        if not file:
            file = self.document.file
            known = self.document.key_positions.get(finding.path)
            line, _ = known or self.document.positions.get(finding.path, (0, 0))
        return Advice(rule.id, self.campaign.slug, file, line, finding.message, rule.source)

    def beside(self, name: str) -> str:
        """The display path of a file or folder beside campaign.yaml."""
        return str(Path(self.document.file).with_name(name))

    @property
    def tiers(self) -> list[tuple[int, Tier]]:
        """The tiers that are not drafts, with their index in campaign.yaml."""
        tiers = enumerate(self.campaign.source.tiers)
        return [(index, tier) for index, tier in tiers if not getattr(tier, "draft", False)]

    def dollars(self, usd: Decimal) -> Decimal:
        """A figure published in USD as an amount of the campaign's currency.

        Only a rate the campaign gives itself (exchange_rates: USD) converts; otherwise the
        figure is read as that many units of the campaign's currency, and the advice says so.
        """
        dated = self.campaign.source.exchange_rates.get("USD")
        return usd if self.campaign.currency == "USD" or dated is None else usd * dated.rate

    def described(self, usd: Decimal) -> str:
        """'$25', with how it was compared when the campaign is in another currency."""
        currency = self.campaign.currency
        if currency == "USD":
            return f"${usd:,}"
        dated = self.campaign.source.exchange_rates.get("USD")
        how = f"at your rate of 1 USD = {dated.rate} {currency}" if dated else "without conversion"
        return f"${usd:,} (USD; compared as {_whole(self.dollars(usd)):,} {currency} {how})"


@dataclass(frozen=True)
class Rule:
    """A named check, with the published source its advice cites."""

    id: str
    source: str
    check: Callable[[CampaignUnderReview], list[Finding]]


def hero_media(review: CampaignUnderReview) -> list[Finding]:
    """A video beside the hero image (the image itself is required by the model)."""
    if review.campaign.source.video:
        return []
    message = (
        "No video: campaigns with a video raised 105% more. "
        "Add a `video:` link beside the hero image."
    )
    return [Finding(message, ("image",))]


def tier_count(review: CampaignUnderReview) -> list[Finding]:
    """3–10 tiers, drafts not counted."""
    count = len(review.tiers)
    if count in TYPICAL_TIERS:
        return []
    drafts = len(review.campaign.source.tiers) - count
    counted = _plural(count, "tier") + (
        f" (not counting {_plural(drafts, 'draft')})" if drafts else ""
    )
    todo = "add tiers at more price levels" if count < TYPICAL_TIERS[0] else "merge or drop some"
    return [Finding(f"{counted}; most creators offer 3–10, so {todo}.", ("tiers",))]


def popular_pledge(review: CampaignUnderReview) -> list[Finding]:
    """A tier, or a suggested amount of the open pledge, near the most popular pledge ($25)."""
    low, high = (_whole(review.dollars(POPULAR_PLEDGE_USD * f)) for f in NEAR_POPULAR_PLEDGE)
    amounts = [tier.amount for _, tier in review.tiers]
    open_pledge = review.campaign.source.open_pledge
    amounts += open_pledge.suggested if open_pledge else []
    if any(low <= amount <= high for amount in amounts):
        return []
    currency = review.campaign.currency
    below = max((amount for amount in amounts if amount < low), default=None)
    above = min((amount for amount in amounts if amount > high), default=None)
    nearest = [f"{amount:,}" for amount in (below, above) if amount is not None]
    closest = f" (nearest: {' and '.join(nearest)} {currency})" if nearest else ""
    message = (
        f"No tier between {low:,} and {high:,} {currency}{closest}. The most popular "
        f"Kickstarter pledge is {review.described(POPULAR_PLEDGE_USD)}; add a tier near it."
    )
    return [Finding(message, ("tiers",))]


def tier_order(review: CampaignUnderReview) -> list[Finding]:
    """Tiers listed by amount, the cheapest first, as the page shows them in the file's order."""
    out_of_order = []
    dearest: Tier | None = None  # the dearest tier so far
    for _, tier in review.tiers:
        if dearest is not None and tier.amount < dearest.amount:
            out_of_order.append((tier, dearest))
        if dearest is None or tier.amount > dearest.amount:
            dearest = tier
    if not out_of_order:
        return []
    currency = review.campaign.currency
    tier, dearer = out_of_order[0]
    more = len(out_of_order) - 1
    others = f" ({_plural(more, 'other tier')} too)" if more else ""
    message = (
        f"Tier '{tier.id}' ({tier.amount:,} {currency}) comes after '{dearer.id}' "
        f"({dearer.amount:,} {currency}){others}; the page lists tiers in the file's order, "
        "and backers compare them from the cheapest up, so order them by amount."
    )
    return [Finding(message, ("tiers",))]


def campaign_length(review: CampaignUnderReview) -> list[Finding]:
    """About 30 days: at most 60, and 20–45 here."""
    source = review.campaign.source
    days = int(((source.end - source.start).total_seconds() + 43_200) // 86_400)  # rounded
    if days in ADVISED_DAYS:
        return []
    if days > LONGEST_DAYS:
        todo = f"Kickstarter allows at most {LONGEST_DAYS} and recommends {RECOMMENDED_DAYS}"
        message = f"{days} days long; {todo}, so end it sooner."
    else:
        advised = f"{ADVISED_DAYS[0]}–{ADVISED_DAYS[-1]}"
        message = f"{_plural(days, 'day')} long; Kickstarter recommends {RECOMMENDED_DAYS}, so aim for {advised} days."
    return [Finding(message, ("end",))]


def risks(review: CampaignUnderReview) -> list[Finding]:
    """All-or-nothing campaigns say what could go wrong, in risks.md."""
    campaign = review.campaign
    if campaign.source.funding != "all_or_nothing" or _TAG.sub("", campaign.risks).strip():
        return []
    missing = "an empty risks.md" if (review.folder / "risks.md").is_file() else "no risks.md"
    message = (
        f"All-or-nothing with {missing}: say what could delay or stop delivery and what you "
        "would do then; 9% of funded Kickstarter projects failed to deliver."
    )
    return [Finding(message, file=review.beside("risks.md"))]


def updates(review: CampaignUnderReview) -> list[Finding]:
    """A live campaign posts an update at least every 14 days, counted from its start."""
    source, now = review.campaign.source, review.now
    if not source.start <= now < source.end:
        return []
    posted = [update.date for update in review.campaign.updates if not update.draft]
    latest = max((moment for moment in posted if moment <= now), default=source.start)
    if max(latest, source.start) + UPDATE_INTERVAL >= now:
        return []
    if latest > source.start:
        silence = f"the last update was {(now - latest).days} days ago ({latest.date()})"
    else:
        silence = f"no update in the {(now - source.start).days} days since it started"
    message = (
        f"Live, and {silence}; post one at least every {UPDATE_INTERVAL.days} days: "
        "campaigns with regular updates raised 126% more."
    )
    return [Finding(message, file=review.beside("updates") + "/")]


def delivery_dates(review: CampaignUnderReview) -> list[Finding]:
    """Estimated delivery months that come before the campaign ends."""
    end = review.campaign.source.end
    end_month = date(end.year, end.month, 1)
    return [
        Finding(
            f"Tier '{tier.id}' is to be delivered in {tier.delivery:%Y-%m}, before the "
            f"campaign ends ({end.date()}); give a month from {end_month:%Y-%m} on.",
            ("tiers", index, "delivery"),
        )
        for index, tier in review.tiers
        if tier.delivery is not None and tier.delivery < end_month
    ]


def goal_size(review: CampaignUnderReview) -> list[Finding]:
    """Goals above 5 × the average goal of about $8,500."""
    goal, currency = review.campaign.source.goal, review.campaign.currency
    if goal is None or goal <= review.dollars(TYPICAL_GOAL_USD) * GOAL_FACTOR:
        return []
    message = (
        f"A goal of {goal:,} {currency} is over {GOAL_FACTOR} times the average goal of about "
        f"{review.described(TYPICAL_GOAL_USD)}, and more than half of successful projects "
        "raised under $10k (USD). Consider a smaller goal with stretch goals above it."
    )
    return [Finding(message, ("goal",))]


def hero_ratio(review: CampaignUnderReview) -> list[Finding]:
    """A 16:9 hero image, read from the file (images on other sites are not fetched)."""
    src = review.campaign.source.image.src
    size = None if urlsplit(src).scheme else image_size(review.folder / src)
    if size is None:
        return []
    width, height = size
    if abs(width / height / HERO_RATIO - 1) <= HERO_RATIO_TOLERANCE:
        return []
    message = (
        f"The hero image {src} is {width:g}×{height:g} ({width / height:.2f}:1); "
        "Kickstarter recommends 16:9 (1.78:1), e.g. 1024×576."
    )
    return [Finding(message, ("image", "src"))]


RULES = (
    Rule("hero-media", FUNDERA, hero_media),
    Rule("tier-count", HANDBOOK, tier_count),
    Rule("popular-pledge", HANDBOOK, popular_pledge),
    Rule("tier-order", CONSISTENCY, tier_order),
    Rule("campaign-length", LENGTH_SOURCE, campaign_length),
    Rule("risks", RISKS_SOURCE, risks),
    Rule("updates", FUNDERA, updates),
    Rule("delivery-date", CONSISTENCY, delivery_dates),
    Rule("goal-size", GOAL_SOURCE, goal_size),
    Rule("hero-ratio", IMAGE_SOURCE, hero_ratio),
)


def review_campaign(
    campaign: Campaign, document: SourceDocument, folder: Path, now: datetime
) -> list[Advice]:
    """Every rule's advice on one validated campaign, in the order of RULES.

    `document` is its campaign.yaml as loaded (for line numbers), `folder` the folder holding it.
    """
    review = CampaignUnderReview(campaign, document, folder, now)
    return [review.advice(rule, finding) for rule in RULES for finding in rule.check(review)]


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
