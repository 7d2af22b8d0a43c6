"""Advice on the campaigns of a content folder, after the same validation as a build."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pledgekit.advice.campaign import Advice, review_campaign
from pledgekit.load.content import campaign_folders, load_campaign, load_site
from pledgekit.validate import validate


class UnknownCampaign(ValueError):
    """A slug asked for that is not a campaign folder of the site."""

    def __init__(self, slug: str, source: Path, known: Sequence[str]):
        self.slug, self.known = slug, list(known)
        super().__init__(f"no campaign '{slug}' in {source} (campaigns: {', '.join(known)})")


def review_site(source: Path, now: datetime, slugs: Sequence[str] | None = None) -> list[Advice]:
    """Advice on every campaign of `source`, or on those named in `slugs`, in folder order.

    Raises UnknownCampaign (a ValueError) for a slug with no folder, before any file is read,
    and ContentErrors when site.yaml or a reviewed campaign has errors; warnings are ignored.
    """
    folders = campaign_folders(source)
    for slug in slugs or ():
        if slug not in folders:
            raise UnknownCampaign(slug, source, list(folders))
    chosen = [folder for slug, folder in folders.items() if slugs is None or slug in slugs]
    site_document, problems = load_site(source)
    loaded = []
    for folder in chosen:
        sources, found = load_campaign(folder, source)
        loaded.append(sources)
        problems += found
    campaigns = {
        campaign.slug: campaign
        for campaign in validate(site_document, loaded, problems=problems).campaigns
    }
    return [
        advice
        for sources in loaded
        for advice in review_campaign(
            campaigns[sources.slug], sources.campaign, sources.folder, now
        )
    ]
