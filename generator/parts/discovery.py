"""The discovery pages: orderings, category and tag pages, and the static search.

In each language: <prefix>ending-soon/, most-funded/ and newest/ (see plan.ORDERINGS),
categories/<slug>/ and tags/<slug>/ (each paged like the home page), the overviews
categories/ and tags/, and search/ with the search.json it reads.

What these pages need to know of a campaign (its category, tags, titles and places in each
ordering: DiscoveryFacts) is worked out by a worker and remembered in the listing's record
under the campaign's view_key, so only campaigns that changed are read again. Each file is
kept from the last build while the key it was made from is the same, as the index pages are.

Names that give the same slug (`Board games`, `board games`) are one category or tag: its
page shows the spelling most campaigns use (the first by sort order on a tie).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from pledgekit.digests import digest
from pledgekit.model.site import SiteConfig
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import CampaignRecord, validated
from pledgekit.parts.context import Workshop
from pledgekit.parts.views import CampaignRef, campaign_views
from pledgekit.plan.language import text_direction
from pledgekit.plan.listings import ORDERINGS, IndexPage, index_layout
from pledgekit.plan.outputs import Page
from pledgekit.plan.views import Listing
from pledgekit.render.pages import render_page
from pledgekit.slugs import name_order, name_slug
from pledgekit.write import Placer

CATEGORIES = "categories/"
TAGS = "tags/"
SEARCH = "search/"
SEARCH_INDEX = "search.json"


@dataclass(frozen=True)
class SearchEntry:
    """A campaign as one language's search.json gives it."""

    title: str
    tagline: str
    url: str  # the campaign page, relative to search.json: 'campaigns/lamp/'
    state: str  # 'live', 'funded', …


@dataclass(frozen=True)
class DiscoveryFacts:
    """What the discovery pages need to know of one campaign (at the build's moment)."""

    category: str  # '' when it has none
    tags: tuple[str, ...]
    language: str  # the campaign's own language, which the category and tags are written in
    orders: dict[str, tuple | None]  # ordering name -> its sort key, None when left out
    entries: dict[str, SearchEntry]  # language -> the campaign in that language's search.json


@dataclass
class FactsTask:
    slug: str
    folder: Path
    content_key: str


def discovery_facts(workshop: Workshop, task: FactsTask) -> tuple[str, DiscoveryFacts]:
    """Runs in a worker: the campaign as validated (from the cache), seen in each language."""
    context = workshop.context
    assert context.config is not None
    entry = validated(workshop, task.slug, task.folder, task.content_key)
    entries: dict[str, SearchEntry] = {}
    views = []
    for language in context.config.all_languages:
        prefix = context.config.language_prefix(language)
        view = entry.view(context.now, context.drafts, language, prefix)
        views.append(view)
        entries[language] = SearchEntry(
            view.data.title, view.data.tagline, view.path.removeprefix(prefix), view.state.value
        )
    view = views[0]  # the main language's: dates and totals are the same in every language
    facts = DiscoveryFacts(
        category=view.data.category or "",
        tags=tuple(view.data.tags),
        language=view.original_language,
        orders={name: order(view) for name, order in ORDERINGS.items()},
        entries=entries,
    )
    return task.slug, facts


@dataclass
class Group:
    """The campaigns (slugs, in index order) under one category or tag slug."""

    slug: str
    spellings: Counter = field(default_factory=Counter)
    language: str = ""
    slugs: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return min(self.spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def groups(names: dict[str, tuple[str, ...]], facts: dict[str, DiscoveryFacts]) -> list[Group]:
    """Campaigns grouped by the slug of each name they give (slug -> names, in index order),
    sorted by the name shown."""
    found: dict[str, Group] = {}
    for slug, given in names.items():
        once = {name_slug(name): name for name in reversed(given)}  # a name given twice: once
        for address, name in once.items():
            group = found.setdefault(address, Group(address))
            group.spellings[name] += 1
            group.language = group.language or facts[slug].language
            group.slugs.append(slug)
    return sorted(found.values(), key=lambda group: (name_order(group.name), group.slug))


@dataclass
class ListingTask:
    layout: IndexPage
    listing: Listing
    campaigns: list[CampaignRef]  # slug, folder, content key, in the listing's order
    language: str


def render_listing(workshop: Workshop, task: ListingTask) -> tuple[str, bytes]:
    """Runs in a worker: one page of an ordering, a category or a tag."""
    config = workshop.context.config
    assert config is not None
    views = campaign_views(workshop, task.campaigns, task.language)
    page = Page(
        task.layout.path,
        "listing.html",
        {"campaigns": views, "pagination": task.layout.pagination, "listing": task.listing},
    )
    return page.path, render_page(workshop.environment_for(task.language), config, page)


def plural_samples(language: str) -> dict[str, int]:
    """The smallest number of each CLDR plural category of `language`: {'one': 1, 'other': 0}."""
    locale = Locale.parse(language.replace("-", "_"))
    samples: dict[str, int] = {}
    for number in range(200):
        samples.setdefault(locale.plural_form(number), number)
    return dict(sorted(samples.items()))


def search_json(
    entries: list[SearchEntry], facts: list[DiscoveryFacts], said: Callable[[str], str] = str
) -> bytes:
    """One language's search index: compact, keys sorted, the campaigns in index order;
    category and tag names as `said` gives them in the language."""
    campaigns = [
        {
            "title": entry.title,
            "tagline": entry.tagline,
            "url": entry.url,
            "category": said(found.category) if found.category else None,
            "tags": [said(tag) for tag in found.tags],
            "state": entry.state,
        }
        for entry, found in zip(entries, facts, strict=True)
    ]
    text = json.dumps(
        {"campaigns": campaigns}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return (text + "\n").encode("utf-8")


@dataclass
class Discovery:
    """What the discovery pages add to the listing part."""

    sitemap: list[str]  # the addresses of the pages to list in sitemap.xml
    pages: int  # pages made (search.json aside)
    facts: dict[str, tuple[str, DiscoveryFacts]]  # slug -> (view_key, facts), for the next build


def _named(config: SiteConfig, language: str, kind: str, folder: str, group: Group) -> Listing:
    """A category or tag as the pages in `language` name it: in that language when
    site.yaml's translations give the name, else as campaigns write it (and marked so)."""
    path, count = f"{config.language_prefix(language)}{folder}{group.slug}/", len(group.slugs)
    said = config.name_in(language, group.name)
    if said is not None:
        return Listing(kind, said, path, count, language, text_direction(language))
    return Listing(kind, group.name, path, count, group.language, text_direction(group.language))


def build_discovery(
    workers: Workers,
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    listed: list[tuple[Any, str]],
    known: dict[str, tuple[str, DiscoveryFacts]],
    placer: Placer,
    keys: dict[str, str],
    kept: Callable[[str, str], bool],
) -> Discovery:
    """Every discovery page in every language; `known`: the facts the last build worked out
    (see Discovery.facts); `keys` gets each file's key, `kept(path, key)` keeps a file the
    last build made from the same key."""
    context = workers.context
    config = context.config
    assert config is not None
    slugs = [slug for _, slug in listed]  # in index order
    facts = _facts(workers, records, folders, slugs, known)
    categories = groups(
        {slug: (facts[slug].category,) for slug in slugs if facts[slug].category}, facts
    )
    tags = groups({slug: facts[slug].tags for slug in slugs}, facts)
    tasks: list[ListingTask] = []
    sitemap: list[str] = []
    pages = 0

    def listing_pages(listing: Listing, members: list[str], language: str) -> None:
        nonlocal pages
        for layout in index_layout(len(members), config.per_page, listing.path):
            shown = members[layout.first : layout.last]
            keys[layout.path] = digest(
                context.page_key,
                repr(listing),
                f"page {layout.pagination['number']} of {layout.pagination['count']}",
                " ".join(records[slug].facts.view_key for slug in shown),
            )
            sitemap.append(layout.path.removesuffix("index.html"))
            pages += 1
            if not kept(layout.path, keys[layout.path]):
                campaigns = [
                    (slug, folders[slug], records[slug].facts.content_key) for slug in shown
                ]
                tasks.append(ListingTask(layout, listing, campaigns, language))

    def page(path: str, template: str, page_context: dict[str, Any], language: str) -> None:
        nonlocal pages
        keys[path] = digest(context.page_key, repr(sorted(page_context.items())))
        sitemap.append(path.removesuffix("index.html"))
        pages += 1
        if not kept(path, keys[path]):
            made = Page(path, template, page_context)
            environment = workers.tools.environment_for(language)
            placer.write(path, render_page(environment, config, made))

    for language in config.all_languages:
        prefix = config.language_prefix(language)
        for name in ORDERINGS:
            ordered = sorted(
                (facts[slug].orders[name], slug)
                for slug in slugs
                if facts[slug].orders[name] is not None
            )
            members = [slug for _, slug in ordered]
            listing_pages(Listing(name, "", f"{prefix}{name}/", len(members)), members, language)
        overviews = {}
        for kind, folder, found in (("category", CATEGORIES, categories), ("tag", TAGS, tags)):
            named = sorted(
                ((_named(config, language, kind, folder, group), group) for group in found),
                key=lambda pair: (name_order(pair[0].name), pair[1].slug),
            )
            overviews[kind] = [listing for listing, _ in named]
            for listing, group in named:
                listing_pages(listing, group.slugs, language)
            page(
                f"{prefix}{folder}index.html",
                "categories.html",
                {"kind": kind, "listings": overviews[kind]},
                language,
            )
        page(
            f"{prefix}{SEARCH}index.html",
            "search.html",
            {
                "categories": overviews["category"],
                "search_index": f"{prefix}{SEARCH_INDEX}",
                "plural_samples": plural_samples(language),
            },
            language,
        )
        index = search_json(
            [facts[slug].entries[language] for slug in slugs],
            [facts[slug] for slug in slugs],
            lambda name, language=language: config.name_in(language, name) or name,
        )
        path = f"{prefix}{SEARCH_INDEX}"
        keys[path] = digest(index)
        if not kept(path, keys[path]):
            placer.write(path, index)
    for path, content in workers.map(render_listing, tasks):
        placer.write(path, content)
    remembered = {slug: (records[slug].facts.view_key, facts[slug]) for slug in slugs}
    return Discovery(sitemap, pages, remembered)


def _facts(
    workers: Workers,
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    slugs: list[str],
    known: dict[str, tuple[str, DiscoveryFacts]],
) -> dict[str, DiscoveryFacts]:
    """Each listed campaign's facts: remembered from the last build (`known`) while its
    view_key is the same, else worked out again by the workers."""
    facts: dict[str, DiscoveryFacts] = {}
    tasks = []
    for slug in slugs:
        record = records[slug]
        remembered = known.get(slug)
        if remembered is not None and remembered[0] == record.facts.view_key:
            facts[slug] = remembered[1]
        else:
            tasks.append(FactsTask(slug, folders[slug], record.facts.content_key))
    facts.update(workers.map(discovery_facts, tasks))
    return facts
