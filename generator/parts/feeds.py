"""The site's Atom feed in each language: the listed campaigns' launches and updates.

A feed shows the content alone, never the moment of the build, so it is made again only when
a listed campaign's content (or a template, or site.yaml) changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pledgekit.digests import digest
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import CampaignRecord
from pledgekit.parts.context import Workshop
from pledgekit.parts.views import CampaignRef, campaign_views
from pledgekit.plan.outputs import Page
from pledgekit.plan.views import CampaignView, FeedEntry
from pledgekit.render.pages import render_page
from pledgekit.write import Placer

FEED = "feed.xml"  # under each language's prefix: feed.xml, fr/feed.xml
FEED_LENGTH = 50  # entries: a reader that checks daily misses none on all but the busiest sites
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # a feed without entries is dated here, not "now"


@dataclass
class SiteFeedTask:
    path: str
    language: str
    campaigns: list[CampaignRef]  # slug, folder, content key of each listed campaign


def newest_entries(views: Iterable[CampaignView], limit: int = FEED_LENGTH) -> list[FeedEntry]:
    """The campaigns' launches and updates, newest first (entries of the same moment by
    address), at most `limit`."""
    entries: list[FeedEntry] = []
    for view in views:
        entries.append(FeedEntry(view))
        entries += [FeedEntry(view, update) for update in view.updates]
        if len(entries) > 2 * limit:  # many campaigns: keep few views at hand
            entries = _newest_first(entries)[:limit]
    return _newest_first(entries)[:limit]


def _newest_first(entries: list[FeedEntry]) -> list[FeedEntry]:
    entries = sorted(entries, key=lambda entry: entry.path)
    return sorted(entries, key=lambda entry: entry.published, reverse=True)


def site_feed_page(path: str, entries: list[FeedEntry]) -> Page:
    updated = entries[0].published if entries else EPOCH
    return Page(path, "site_feed.xml", {"entries": entries, "updated": updated})


def render_site_feed(workshop: Workshop, task: SiteFeedTask) -> tuple[str, bytes]:
    config = workshop.context.config
    assert config is not None
    views = campaign_views(workshop, task.campaigns, task.language)
    page = site_feed_page(task.path, newest_entries(views))
    return page.path, render_page(workshop.environment_for(task.language), config, page)


def build_site_feeds(
    workers: Workers,
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    placer: Placer,
    kept: Callable[[str, str], bool],
) -> dict[str, str]:
    """Write each language's feed, or keep it (`kept(path, key)`) when what it is made from
    is unchanged. Returns each feed's key."""
    config = workers.context.config
    assert config is not None
    campaigns = [
        (slug, folders[slug], record.facts.content_key)
        for slug, record in sorted(records.items())
        if record.facts.listed
    ]
    made_from = " ".join(key for _, _, key in campaigns)
    keys: dict[str, str] = {}
    tasks = []
    for language in config.all_languages:
        path = config.language_prefix(language) + FEED
        keys[path] = digest(workers.context.page_key, path, made_from)
        if not kept(path, keys[path]):
            tasks.append(SiteFeedTask(path, language, campaigns))
    for path, content in workers.map(render_site_feed, tasks):
        placer.write(path, content)
    return keys
