"""The listings: the paged campaign index, the discovery pages (parts/discovery.py) and the
sitemap.

An index page is rendered again only when the campaigns it shows, their order, or the page's
place among the others changed; the sitemap only when the list of pages did.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    workers: Workers,
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    previous: ListingRecord | None,
    placer: Placer,
) -> ListingRecord:
    context = workers.context
    assert context.config is not None
    listed = sorted(
        (record.facts.order, slug) for slug, record in records.items() if record.facts.listed
    )
    old_keys = previous.facts.keys if previous else {}
    keys: dict[str, str] = {}
    tasks = []
    layouts = []
    for language in context.config.all_languages:
        prefix = context.config.language_prefix(language)
        for layout in index_layout(len(listed), context.config.per_page, prefix):
            layouts.append(layout)
            shown = [slug for _, slug in listed[layout.first : layout.last]]
            keys[layout.path] = digest(
                context.page_key,
                f"page {layout.pagination['number']} of {layout.pagination['count']}",
                " ".join(records[slug].facts.view_key for slug in shown),
            )
            if not _kept(layout.path, keys[layout.path], old_keys, previous, placer):
                campaigns = [
                    (slug, folders[slug], records[slug].facts.content_key) for slug in shown
                ]
                tasks.append(IndexTask(layout, campaigns, language))
    for path, content in workers.map(render_index, tasks):
        placer.write(path, content)
    discovery = build_discovery(
        workers, records, folders, listed, previous.facts.discovery if previous else {}, placer,
        keys,
        lambda path, key: _kept(path, key, old_keys, previous, placer),
    )  # fmt: skip
    feeds = build_site_feeds(
        workers, records, folders, placer, keys,
        lambda path, key: _kept(path, key, old_keys, previous, placer),
    )  # fmt: skip
    sitemap = [layout.path.removesuffix("index.html") for layout in layouts]
    sitemap += discovery.sitemap
    sitemap += [
        path.removesuffix("index.html")
        for _, slug in listed
        for path in records[slug].facts.sitemap
    ]
    keys[SITEMAP] = digest(context.page_key, "\n".join(sitemap))  # paths hold no newline
    if not _kept(SITEMAP, keys[SITEMAP], old_keys, previous, placer):
        page = Page(SITEMAP, "sitemap.xml", {"paths": sitemap})
        placer.write(SITEMAP, render_page(workers.tools.environment, context.config, page))
    facts = ListingFacts(
        keys=keys,
        # each language's feed.xml is counted, as the sitemap is
        pages=len(layouts) + 1 + discovery.pages + feeds,
        written=placer.written,
        discovery=discovery.facts,
    )
    return OutputRecord("", (DISTANT_PAST, DISTANT_FUTURE), dict(placer.placed), facts)


def _kept(
    path: str, key: str, old_keys: dict[str, str], previous: ListingRecord | None, placer: Placer
) -> bool:
    """Keep the file an earlier build made from the same key, when it is still at hand."""
    if previous is None or old_keys.get(path) != key or path not in previous.files:
        return False
    kept = {path: previous.files[path]}
    if not placer.can_keep(kept):
        return False
    placer.keep(kept)
    return True
