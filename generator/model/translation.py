"""campaign.<language>.yaml: the text of campaign.yaml in another language.

Only words are translated: amounts, dates, links and pictures are the same in every language
and stay in campaign.yaml. Every field is optional; what a translation leaves out is shown in
the campaign's own language (and `pledgekit check --translations` lists it). Lists are matched
to campaign.yaml's by position, tiers by `id`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from pledgekit.model.types import Amount, CountryCode, MarkdownHtml, Model, Slug

Text = Annotated[str, Field(min_length=1)]


class ImageText(Model):
    alt: Text | None = Field(None, description="The picture's text alternative.")


class LinkText(Model):
    label: Text | None = None


class PersonText(Model):
    name: Text | None = Field(
        None,
        description="Only for a name that is said in words (Friends of the shelter): a "
        "name left out is not reported as untranslated.",
    )
    bio: MarkdownHtml | None = None
    location: Text | None = None
    avatar: ImageText | None = None
    links: list[LinkText] = Field(default_factory=list, description="By position.")


class OrganisationText(Model):
    tax_deductibility: dict[CountryCode, Text] = Field(default_factory=dict)


class FaqText(Model):
    question: Text | None = None
    answer: MarkdownHtml | None = None


class BudgetLineText(Model):
    label: Text | None = None
    description: Text | None = None


class StretchGoalText(Model):
    title: Text | None = None
    description: MarkdownHtml | None = None


class MilestoneText(Model):
    title: Text | None = None
    description: Text | None = None


class TierText(Model):
    id: Slug = Field(description="The id of the tier in campaign.yaml this translates.")
    title: Text | None = None
    description: MarkdownHtml | None = None
    includes: list[Text] | None = Field(None, description="The whole list, translated.")
    image: ImageText | None = None


class OpenPledgeText(Model):
    title: Text | None = None
    description: MarkdownHtml | None = None
    impact: dict[Amount, Text] = Field(default_factory=dict, description="By amount.")


class CampaignTranslation(Model):
    """campaign.<language>.yaml"""

    title: Text | None = None
    tagline: Text | None = None
    image: ImageText | None = None
    creator: PersonText | None = None
    beneficiary: PersonText | None = None
    funds_use: MarkdownHtml | None = None
    organisation: OrganisationText | None = None
    faq: list[FaqText] = Field(default_factory=list, description="By position.")
    budget: list[BudgetLineText] = Field(default_factory=list, description="By position.")
    stretch_goals: list[StretchGoalText] = Field(default_factory=list, description="By position.")
    milestones: list[MilestoneText] = Field(default_factory=list, description="By position.")
    tiers: list[TierText] = Field(default_factory=list, description="By id.")
    open_pledge: OpenPledgeText | None = None


class UpdateTranslation(Model):
    """The front matter of updates/<date>-<slug>.<language>.md."""

    title: Text | None = None
    summary: Text | None = None
