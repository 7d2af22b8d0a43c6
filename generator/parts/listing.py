"""The listings: the paged campaign index, the discovery pages (parts/discovery.py) and the
sitemap.

An index page is rendered again only when the campaigns it shows, their order, or the page's
place among the others changed; the sitemap only when the list of pages did.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgekit.cache import OutputRecord
from pledgekit.digests import digest
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import CampaignRecord
from pledgekit.parts.context import Workshop
from pledgekit.parts.discovery import DiscoveryFacts, build_discovery
from pledgekit.parts.feeds import build_site_feeds
from pledgekit.parts.views import CampaignRef, campaign_views
from pledgekit.plan.listings import IndexPage, index_layout
from pledgekit.plan.outputs import Page
from pledgekit.plan.window import DISTANT_FUTURE, DISTANT_PAST
from pledgekit.render.pages import render_page
from pledgekit.write import Placer

PART = "listing"
SITEMAP = "sitemap.xml"


@dataclass(frozen=True)
class ListingFacts:
    """What the listings tell the rest of the build, and the next build."""

    keys: dict[str, str]  # output path -> the key it was made from
    pages: int  # the index, discovery and sitemap pages and the feeds (search.json aside)
    written: int  # files written by this build (the others were kept)
    discovery: dict[str, tuple[str, DiscoveryFacts]]  # slug -> (view_key, facts)


ListingRecord = OutputRecord[ListingFacts]


@dataclass
class IndexTask:
    layout: IndexPage
    campaigns: list[CampaignRef]  # slug, folder, content key, in index order
    language: str


def render_index(workshop: Workshop, task: IndexTask) -> tuple[str, bytes]:
    config = workshop.context.config
    assert config is not None
    views = campaign_views(workshop, task.campaigns, task.language)
    page = task.layout.page(views)
    return page.path, render_page(workshop.environment_for(task.language), config, page)


def build_listing(
    workers: Workers[Workshop],
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    previous: ListingRecord | None,
    placer: Placer,
) -> ListingRecord:
    """The index pages, the discovery pages, the feeds and the sitemap: each file kept from
    the last build (`previous`) while what it is made from is the same."""
    kept = KeptFiles(previous, placer)
    listed = sorted(
        (record.facts.order, slug) for slug, record in records.items() if record.facts.listed
    )
    index_keys = _index_pages(workers, records, folders, listed, placer, kept)
    known = previous.facts.discovery if previous else {}
    discovery = build_discovery(workers, records, folders, listed, known, placer, kept)
    feeds = build_site_feeds(workers, records, folders, placer, kept)
    sitemap = [path.removesuffix("index.html") for path in index_keys]
    sitemap += discovery.sitemap
    sitemap += [
        path.removesuffix("index.html")
        for _, slug in listed
        for path in records[slug].facts.sitemap
    ]
    keys = {**index_keys, **discovery.keys, **feeds}
    keys[SITEMAP] = _sitemap(workers, sitemap, placer, kept)
    facts = ListingFacts(
        keys=keys,
        # each language's feed.xml is counted, as the sitemap is
        pages=len(index_keys) + 1 + discovery.pages + len(feeds),
        written=placer.written,
        discovery=discovery.facts,
    )
    return OutputRecord("", (DISTANT_PAST, DISTANT_FUTURE), dict(placer.placed), facts)


def _index_pages(
    workers: Workers[Workshop],
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    listed: list[tuple[Any, str]],
    placer: Placer,
    kept: KeptFiles,
) -> dict[str, str]:
    """The paged campaign index in each language, rendered again by the workers only when
    the campaigns a page shows (their view keys) or its place among the others changed.
    Returns each page's key."""
    context = workers.context
    assert context.config is not None
    keys: dict[str, str] = {}
    tasks = []
    for language in context.config.all_languages:
        prefix = context.config.language_prefix(language)
        for layout in index_layout(len(listed), context.config.per_page, prefix):
            shown = [slug for _, slug in listed[layout.first : layout.last]]
            keys[layout.path] = digest(
                context.page_key,
                f"page {layout.pagination['number']} of {layout.pagination['count']}",
                " ".join(records[slug].facts.view_key for slug in shown),
            )
            if not kept(layout.path, keys[layout.path]):
                campaigns = [
                    (slug, folders[slug], records[slug].facts.content_key) for slug in shown
                ]
                tasks.append(IndexTask(layout, campaigns, language))
    for path, content in workers.map(render_index, tasks):
        placer.write(path, content)
    return keys


def _sitemap(workers: Workers[Workshop], paths: list[str], placer: Placer, kept: KeptFiles) -> str:
    """sitemap.xml, made again only when the list of pages changed; its key."""
    config = workers.context.config
    assert config is not None
    key = digest(workers.context.page_key, "\n".join(paths))  # paths hold no newline
    if not kept(SITEMAP, key):
        page = Page(SITEMAP, "sitemap.xml", {"paths": paths})
        placer.write(SITEMAP, render_page(workers.tools.environment, config, page))
    return key


@dataclass
class KeptFiles:
    """Keeps a file the last build made from the same key, when it is still at hand."""

    previous: ListingRecord | None
    placer: Placer

    def __call__(self, path: str, key: str) -> bool:
        previous = self.previous
        if previous is None or previous.facts.keys.get(path) != key or path not in previous.files:
            return False
        kept = {path: previous.files[path]}
        if not self.placer.can_keep(kept):
            return False
        self.placer.keep(kept)
        return True
