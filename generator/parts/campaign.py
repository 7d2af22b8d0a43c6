"""One campaign as a part of the site: read, validate, and render its pages, or keep them.

Runs in a worker process. The campaign as validated is kept in the cache under the digest of
its files and of site.yaml; its pages are kept while that digest, the templates, the social
card's fonts and the moment's effect on the page (see CampaignView.stable) stay the same. Its
social cards (parts/social_cards.py) and its pictures as published (parts/campaign_files.py)
are kept in the cache under the digest of what they are made from.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pledgekit.cache import BuildCache, OutputRecord
from pledgekit.digests import Digests, combined, digest
from pledgekit.ledger.rows import LedgerRow
from pledgekit.load.content import load_campaign
from pledgekit.load.markdown_render import sized_images
from pledgekit.model.campaign import Campaign
from pledgekit.model.site import DEFAULT_STALE_AFTER_HOURS
from pledgekit.parts.campaign_files import VARIANT_SUFFIX, CampaignFiles
from pledgekit.parts.context import BuildContext, Workshop
from pledgekit.parts.secret_scan import ScanningPlacer
from pledgekit.parts.social_cards import (
    CARD_WORDING,
    SOCIAL_CARD,
    card_png,
    social_card,
    theme_card_fonts,
)
from pledgekit.pictures import ImageInfo
from pledgekit.plan.campaign import campaign_view
from pledgekit.plan.contract import LISTED_TEMPLATES
from pledgekit.plan.export import totals_data
from pledgekit.plan.listings import index_order
from pledgekit.plan.outputs import Page, campaign_pages
from pledgekit.plan.views import CampaignView
from pledgekit.plan.window import DISTANT_FUTURE, DISTANT_PAST
from pledgekit.problems import ContentErrors, Problem, Severity
from pledgekit.render.images import image_infos, markdown_image_attributes
from pledgekit.render.pages import json_bytes, render_page
from pledgekit.render.social_card import CardFonts
from pledgekit.validate.campaign import validate_campaign
from pledgekit.validate.rates import DatedRateAt, rate_problems
from pledgekit.write import Placer


@dataclass
class ValidatedCampaign:
    """What validation made of one campaign folder (kept in the cache by content digest)."""

    campaign: Campaign | None
    links: dict
    files: dict[str, Path]  # name in the folder -> file to publish
    ledger: list[LedgerRow]
    problems: list[Problem]
    translations: dict[str, Campaign] = field(default_factory=dict)  # by the site's languages
    images: dict[str, ImageInfo] = field(default_factory=dict)  # the pictures among `files`
    sources_read: dict[str, datetime] = field(default_factory=dict)  # ledger-sync.json's reads
    stale_after_hours: int = DEFAULT_STALE_AFTER_HOURS  # site.yaml's, for the freshness notice
    rates: list[DatedRateAt] = field(default_factory=list)  # exchange rates, with their dates

    def view(
        self, now: datetime, drafts: bool = False, language: str = "", prefix: str = ""
    ) -> CampaignView:
        """The campaign at `now`, in `language` (its own when it has no translation into it),
        with its pages under `prefix`."""
        assert self.campaign is not None
        campaign = self.translations.get(language, self.campaign)
        view = campaign_view(
            campaign,
            self.links,
            self.ledger,
            now,
            drafts,
            prefix,
            self.sources_read,
            self.stale_after_hours,
        )
        return dataclasses.replace(view, images=self.images)


@dataclass(frozen=True)
class CampaignFacts:
    """What a campaign's part tells the rest of the build, and the next build, of itself."""

    listed: bool  # on the index and discovery pages (a draft left out is not)
    warnings: tuple[Problem, ...] = ()  # mostly none: the empty tuple is shared
    site_keys: tuple[str, str] = ("", "")  # the site-wide keys (content, pages) it was built with
    pages: int = 0
    order: tuple = ()  # its place in the index (see plan.index_order)
    # the files' own paths (one string each in memory and in the cache), not addresses
    sitemap: tuple[str, ...] = ()
    # language -> the fields shown in the campaign's own language (None: not translated at all)
    untranslated: dict[str, tuple[str, ...] | None] = field(default_factory=dict)
    content_key: str = ""  # the validated campaign's key ('': none kept, a draft left out)
    view_key: str = ""  # what the listings show of it is made from
    card_fonts: str | None = None  # digest of its social cards' fonts (None: it has no cards)
    social_cards: tuple[str, ...] = ()  # the cache keys of its cards
    image_variants: tuple[str, ...] = ()  # the cache keys of its pictures as published


CampaignRecord = OutputRecord[CampaignFacts]


@dataclass
class CampaignTask:
    slug: str
    folder: Path
    digests: Digests  # the folder's files, as the build found them
    record: CampaignRecord | None  # what the last build made of it
    placer: Placer


@dataclass
class CampaignOutcome:
    slug: str
    digests: Digests
    problems: list[Problem]
    record: CampaignRecord | None  # None when the campaign has errors
    written: int = 0
    rendered: bool = False


def campaign_keys(context: BuildContext, slug: str, digests: Digests) -> tuple[str, str]:
    """What the validated campaign is made from, and what its pages are made from."""
    content_key = digest(context.content_key, slug, combined(digests))
    return content_key, digest(context.page_key, content_key)


def kept(context: BuildContext, task: CampaignTask, unchanged: bool) -> CampaignOutcome | None:
    """The campaign's files from the last build, when nothing they are made from changed.

    `unchanged`: the folder is known not to have changed, so only the site-wide inputs are
    compared (its digest need not be worked out again).
    """
    record = task.record
    if record is None:
        return None
    same_inputs = (
        record.facts.site_keys == (context.content_key, context.page_key)
        if unchanged
        else record.key == campaign_keys(context, task.slug, task.digests)[1]
    )
    if (
        not same_inputs
        or not record.stable[0] <= context.now < record.stable[1]
        or _cards_outdated(context, record)
        or not task.placer.can_keep(record.files)
    ):
        return None
    task.placer.keep(record.files)
    return CampaignOutcome(task.slug, task.digests, list(record.facts.warnings), record)


def validated(workshop: Workshop, slug: str, folder: Path, key: str) -> ValidatedCampaign:
    """The campaign from the cache, else read and validated (and then kept)."""
    context = workshop.context
    cached = context.cache.get(key)
    if isinstance(cached, ValidatedCampaign):
        return cached
    sources, problems = load_campaign(folder, context.source)
    result = validate_campaign(sources, context.usable_config, context.defaults, workshop.renderer)
    images = image_infos(result.files)

    def sized(campaign: Campaign) -> Campaign:
        return _with_sized_images(campaign, lambda src: markdown_image_attributes(images, src))

    entry = ValidatedCampaign(
        sized(result.campaign) if result.campaign is not None else None,
        result.links,
        result.files,
        sources.ledger,
        problems + result.problems,
        {language: sized(campaign) for language, campaign in result.translations.items()},
        images,
        sources.sources_read,
        context.usable_config.stale_after_hours,
        result.rates,
    )
    context.cache.put(key, entry)
    return entry


def _with_sized_images(
    campaign: Campaign, attributes_for: Callable[[str], dict[str, str] | None]
) -> Campaign:
    """The campaign with the pictures of its story, risks and updates given their size (and
    srcset), and loaded lazily."""
    return campaign.model_copy(
        update={
            "story": sized_images(campaign.story, attributes_for),
            "risks": sized_images(campaign.risks, attributes_for),
            "updates": tuple(
                update.model_copy(update={"body": sized_images(update.body, attributes_for)})
                for update in campaign.updates
            ),
        }
    )


def build_campaign(workshop: Workshop, task: CampaignTask) -> CampaignOutcome:
    """Validate (or take from the cache) and render one campaign: runs in a worker."""
    context = workshop.context
    digests = task.digests
    content_key, key = campaign_keys(context, task.slug, digests)
    entry = validated(workshop, task.slug, task.folder, content_key)
    problems = entry.problems
    if entry.campaign is not None and entry.rates:  # what a rate's day means depends on now
        problems = problems + rate_problems(entry.rates, entry.campaign.source.end, context.now)
    if (
        not context.can_render
        or entry.campaign is None
        or any(problem.severity is Severity.ERROR for problem in problems)
    ):
        return CampaignOutcome(task.slug, digests, problems, None)
    try:
        record = _render(workshop, task, entry, key, content_key)
    except ContentErrors as failure:
        return CampaignOutcome(task.slug, digests, problems + failure.problems, None)
    secrets = task.placer.problems() if isinstance(task.placer, ScanningPlacer) else []
    if secrets:  # its pages or files would show them: the build fails, nothing is published
        return CampaignOutcome(task.slug, digests, problems + secrets, None)
    site_keys = (context.content_key, context.page_key)
    record.facts = dataclasses.replace(record.facts, warnings=tuple(problems), site_keys=site_keys)
    return CampaignOutcome(task.slug, digests, problems, record, task.placer.written, True)


def _render(
    workshop: Workshop, task: CampaignTask, entry: ValidatedCampaign, key: str, content_key: str
) -> CampaignRecord:
    """Write the campaign's pages and files in each language; what they were made from."""
    context = workshop.context
    assert entry.campaign is not None and context.config is not None
    if entry.campaign.source.draft and not context.drafts:
        return OutputRecord(key, (DISTANT_PAST, DISTANT_FUTURE), {}, CampaignFacts(listed=False))
    assert context.theme is not None
    fonts = theme_card_fonts(context.theme)
    files = CampaignFiles(context.cache, entry.files, entry.images, task.digests)
    views, pages, cards = [], [], []
    for language in context.config.all_languages:  # the main language first
        prefix = context.config.language_prefix(language)
        view = entry.view(context.now, context.drafts, language, prefix)
        views.append(view)
        pages += _write_pages(workshop, view, language, task.placer)
        cards.append(_write_card(workshop, view, language, fonts, task.placer))
        files.place(view.path, task.placer)
    facts = CampaignFacts(
        listed=True,
        pages=len(pages),
        order=index_order(views[0]),  # the main language's: the same order in every language
        sitemap=tuple(page.path for page in pages if _in_sitemap(page)),
        untranslated=_untranslated(entry),
        content_key=content_key,
        view_key=digest(key, repr(views[0].stable)),
        card_fonts=fonts.digest,
        social_cards=tuple(cards),
        image_variants=tuple(sorted(set(files.cache_keys))),
    )
    if task.record is not None:
        _forget_replaced(context.cache, task.record.facts, facts)
    return OutputRecord(key, views[0].stable, dict(task.placer.placed), facts)


def _write_pages(
    workshop: Workshop, view: CampaignView, language: str, placer: Placer
) -> list[Page]:
    """The campaign's pages in one language, and its totals.json."""
    assert workshop.context.config is not None
    environment = workshop.environment_for(language)
    pages = campaign_pages(view)
    for page in pages:
        placer.write(page.path, render_page(environment, workshop.context.config, page))
    placer.write(f"{view.path}totals.json", json_bytes(totals_data(view)))
    return pages


def _write_card(
    workshop: Workshop, view: CampaignView, language: str, fonts: CardFonts, placer: Placer
) -> str:
    """The campaign's social card in one language; its key in the cache."""
    assert workshop.context.theme is not None
    environment = workshop.environment_for(language)
    wording = workshop.template_from_string(language, CARD_WORDING)
    card = social_card(view, environment, workshop.context.theme, fonts, wording)
    placer.write(f"{view.path}{SOCIAL_CARD}", card_png(workshop.context.cache, card))
    return card.key


def _in_sitemap(page: Page) -> bool:
    return page.template in LISTED_TEMPLATES and not page.draft


def _untranslated(entry: ValidatedCampaign) -> dict[str, tuple[str, ...] | None]:
    """Language -> the fields shown in the campaign's own language (None: not translated)."""
    return {
        language: campaign.untranslated if campaign.translated else None
        for language, campaign in entry.translations.items()
        if campaign.untranslated
    }


def _forget_replaced(cache: BuildCache, before: CampaignFacts, now: CampaignFacts) -> None:
    """Forget the cards and pictures the campaign showed before and shows no more."""
    cache.forget_images(sorted(set(before.social_cards) - set(now.social_cards)))
    unused = set(before.image_variants) - set(now.image_variants)
    cache.forget_images(sorted(unused), VARIANT_SUFFIX)


def _cards_outdated(context: BuildContext, record: CampaignRecord) -> bool:
    """Whether the campaign's social cards were drawn with fonts the theme has no more (the
    page key knows the templates, not the fonts)."""
    fonts = record.facts.card_fonts  # none for a draft left out: it has no cards
    return fonts is not None and fonts != theme_card_fonts(context.theme).digest
