"""The campaigns a listing, a feed or a discovery page shows, as views in one language: run
in a worker, each campaign read back from the cache as it was validated."""

from __future__ import annotations

from pathlib import Path

from pledgekit.parts.campaign import validated
from pledgekit.parts.context import Workshop
from pledgekit.plan.views import CampaignView

# What a worker needs to find a campaign: slug, folder, and the key it was validated under.
CampaignRef = tuple[str, Path, str]


def campaign_views(
    workshop: Workshop, campaigns: list[CampaignRef], language: str
) -> list[CampaignView]:
    """The views of `campaigns`, in their order, for the pages in `language`."""
    context = workshop.context
    assert context.config is not None
    prefix = context.config.language_prefix(language)
    return [
        validated(workshop, slug, folder, key).view(context.now, context.drafts, language, prefix)
        for slug, folder, key in campaigns
    ]
