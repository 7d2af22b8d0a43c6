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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from pledgekit.digests import digest
from pledgekit.model.site import SiteConfig
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import CampaignRecord, validated
from pledgekit.parts.context import BuildContext, Workshop
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

    keys: dict[str, str]  # output path -> the key it was made from
    sitemap: list[str]  # the addresses of the pages to list in sitemap.xml
    pages: int  # pages made (search.json aside)
    facts: dict[str, tuple[str, DiscoveryFacts]]  # slug -> (view_key, facts), for the next build


@dataclass(frozen=True)
class Listed:
    """The listed campaigns as the discovery pages see them."""

    slugs: list[str]  # in index order
    facts: dict[str, DiscoveryFacts]
    records: dict[str, CampaignRecord]
    folders: dict[str, Path]
    categories: list[Group]
    tags: list[Group]


@dataclass(frozen=True)
class ListedPage:
    """One page of an ordering, a category or a tag, to be rendered by a worker."""

    layout: IndexPage
    listing: Listing
    shown: list[str]  # the slugs of the campaigns it shows


@dataclass(frozen=True)
class DiscoveryFile:
    """One file of the discovery pages, and the key of what it is made from."""

    path: str
    key: str
    language: str
    made: ListedPage | Page | bytes  # rendered by a worker, rendered here, or as it is

    @property
    def is_page(self) -> bool:
        return not isinstance(self.made, bytes)


def _named(config: SiteConfig, language: str, kind: str, folder: str, group: Group) -> Listing:
    """A category or tag as the pages in `language` name it: in that language when
    site.yaml's translations give the name, else as campaigns write it (and marked so)."""
    path, count = f"{config.language_prefix(language)}{folder}{group.slug}/", len(group.slugs)
    said = config.name_in(language, group.name)
    if said is not None:
        return Listing(kind, said, path, count, language, text_direction(language))
    return Listing(kind, group.name, path, count, group.language, text_direction(group.language))


def build_discovery(
    workers: Workers[Workshop],
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    listed: list[tuple[Any, str]],
    known: dict[str, tuple[str, DiscoveryFacts]],
    placer: Placer,
    kept: Callable[[str, str], bool],
) -> Discovery:
    """Every discovery page in every language; `known`: the facts the last build worked out
    (see Discovery.facts); `kept(path, key)` keeps a file the last build made from the same
    key."""
    config = workers.context.config
    assert config is not None
    campaigns = _listed(workers, records, folders, [slug for _, slug in listed], known)
    files = [
        file
        for language in config.all_languages
        for file in _language_files(workers.context, campaigns, language)
    ]
    _write(workers, campaigns, [file for file in files if not kept(file.path, file.key)], placer)
    pages = [file.path for file in files if file.is_page]
    return Discovery(
        keys={file.path: file.key for file in files},
        sitemap=[path.removesuffix("index.html") for path in pages],
        pages=len(pages),
        facts={
            slug: (records[slug].facts.view_key, campaigns.facts[slug]) for slug in campaigns.slugs
        },
    )


def _listed(
    workers: Workers[Workshop],
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    slugs: list[str],
    known: dict[str, tuple[str, DiscoveryFacts]],
) -> Listed:
    """The listed campaigns (`slugs`, in index order), their facts, categories and tags."""
    facts = _facts(workers, records, folders, slugs, known)
    categories = groups(
        {slug: (facts[slug].category,) for slug in slugs if facts[slug].category}, facts
    )
    tags = groups({slug: facts[slug].tags for slug in slugs}, facts)
    return Listed(slugs, facts, records, folders, categories, tags)


def _language_files(
    context: BuildContext, campaigns: Listed, language: str
) -> Iterator[DiscoveryFile]:
    """The discovery files of one language, in the order the sitemap lists them."""
    config = context.config
    assert config is not None
    prefix = config.language_prefix(language)
    for name in ORDERINGS:
        members = _ordered(campaigns, name)
        ordering = Listing(name, "", f"{prefix}{name}/", len(members))
        yield from _listing_files(context, campaigns, ordering, members, language)
    overviews = {}
    for kind, folder, found in (
        ("category", CATEGORIES, campaigns.categories),
        ("tag", TAGS, campaigns.tags),
    ):
        named = sorted(
            ((_named(config, language, kind, folder, group), group) for group in found),
            key=lambda pair: (name_order(pair[0].name), pair[1].slug),
        )
        overviews[kind] = [listing for listing, _ in named]
        for listing, group in named:
            yield from _listing_files(context, campaigns, listing, group.slugs, language)
        yield _page_file(
            context,
            Page(
                f"{prefix}{folder}index.html",
                "categories.html",
                {"kind": kind, "listings": overviews[kind]},
            ),
            language,
        )
    search = {
        "categories": overviews["category"],
        "search_index": f"{prefix}{SEARCH_INDEX}",
        "plural_samples": plural_samples(language),
    }
    yield _page_file(context, Page(f"{prefix}{SEARCH}index.html", "search.html", search), language)
    yield _search_index_file(config, campaigns, language)


def _ordered(campaigns: Listed, name: str) -> list[str]:
    """The campaigns an ordering lists, in its order."""
    ordered = sorted(
        (campaigns.facts[slug].orders[name], slug)
        for slug in campaigns.slugs
        if campaigns.facts[slug].orders[name] is not None
    )
    return [slug for _, slug in ordered]


def _listing_files(
    context: BuildContext, campaigns: Listed, listing: Listing, members: list[str], language: str
) -> Iterator[DiscoveryFile]:
    """The pages of an ordering, a category or a tag: each made from the campaigns it shows
    (their view keys), and its place among the others."""
    assert context.config is not None
    for layout in index_layout(len(members), context.config.per_page, listing.path):
        shown = members[layout.first : layout.last]
        key = digest(
            context.page_key,
            repr(listing),
            f"page {layout.pagination['number']} of {layout.pagination['count']}",
            " ".join(campaigns.records[slug].facts.view_key for slug in shown),
        )
        yield DiscoveryFile(layout.path, key, language, ListedPage(layout, listing, shown))


def _page_file(context: BuildContext, page: Page, language: str) -> DiscoveryFile:
    """A page made from its context alone (an overview, the search page)."""
    key = digest(context.page_key, repr(sorted(page.context.items())))
    return DiscoveryFile(page.path, key, language, page)


def _search_index_file(config: SiteConfig, campaigns: Listed, language: str) -> DiscoveryFile:
    """One language's search.json, made from (and so keyed by) its own bytes."""
    index = search_json(
        [campaigns.facts[slug].entries[language] for slug in campaigns.slugs],
        [campaigns.facts[slug] for slug in campaigns.slugs],
        lambda name: config.name_in(language, name) or name,
    )
    path = f"{config.language_prefix(language)}{SEARCH_INDEX}"
    return DiscoveryFile(path, digest(index), language, index)


def _write(
    workers: Workers[Workshop], campaigns: Listed, files: list[DiscoveryFile], placer: Placer
) -> None:
    """Make the files: the listings' pages by the workers, the others here."""
    config = workers.context.config
    assert config is not None
    tasks = []
    for file in files:
        if isinstance(file.made, ListedPage):
            page = file.made
            shown = [
                (slug, campaigns.folders[slug], campaigns.records[slug].facts.content_key)
                for slug in page.shown
            ]
            tasks.append(ListingTask(page.layout, page.listing, shown, file.language))
        elif isinstance(file.made, Page):
            environment = workers.tools.environment_for(file.language)
            placer.write(file.path, render_page(environment, config, file.made))
        else:
            placer.write(file.path, file.made)
    for path, content in workers.map(render_listing, tasks):
        placer.write(path, content)


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
