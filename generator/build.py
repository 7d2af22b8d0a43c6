"""The whole pipeline on one screen: load the settings, build every part, write the site.

Each campaign is a part built on its own, in parallel; the listings and the shared files come
after. Parts whose inputs did not change keep the files an earlier build made (the cache), and
files whose bytes did not change are never rewritten.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pledgekit.cache import BuildCache, CacheState, OutputRecord, remove_folder
from pledgekit.load.content import campaign_folders
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import CampaignOutcome, CampaignRecord
from pledgekit.parts.campaigns import campaign_parts, content_keys, remember
from pledgekit.parts.context import BuildContext, KeptBetweenBuilds, Workshop
from pledgekit.parts.keys import content_key, page_key
from pledgekit.parts.listing import PART as LISTING
from pledgekit.parts.listing import build_listing
from pledgekit.parts.secret_scan import part_placer
from pledgekit.parts.settings import BuildSettings, read_settings
from pledgekit.parts.shared import PART as SHARED
from pledgekit.parts.shared import build_shared
from pledgekit.problems import ContentErrors, Problem, Severity
from pledgekit.render.pages import merge_template_problems
from pledgekit.write import OutputGeneration


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: list[Problem]
    campaigns: int = 0
    rendered: int = 0  # campaigns whose pages were rendered (the others were unchanged)
    written: int = 0  # files whose content was written (the others were kept as they were)
    # campaign slug -> language -> the fields shown in the campaign's own language instead
    # (None: the campaign has no translation into that language at all)
    untranslated: dict[str, dict[str, tuple[str, ...] | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Preview:
    """What a build may show that site.yaml and the content alone would not."""

    drafts: bool = False  # campaigns, tiers and updates marked draft, marked DRAFT on the page
    base_url: str | None = None  # the address to build for instead of site.yaml's base_url

    def applied(self, site_document: SourceDocument) -> SourceDocument:
        if self.base_url is None or not isinstance(site_document.data, dict):
            return site_document
        return replace(site_document, data={**site_document.data, "base_url": self.base_url})


@dataclass(frozen=True)
class CampaignDone:
    """Told to a build's `progress` as each campaign is done."""

    slug: str
    rendered: bool  # its pages were rendered (not kept from the last build)
    pages: int  # pages it has (none when it has errors or is a draft left out)
    done: int  # campaigns done so far, this one included
    total: int  # campaigns in the site


# What the builds this process makes without a KeptBetweenBuilds of their own (a script or a
# test suite that builds again) keep for the next: the one thing a process keeps for its life,
# and only of the last site built. Compiling the templates takes most of a small site's build.
_KEPT_BY_THIS_PROCESS = KeptBetweenBuilds()


def build(
    source: Path,
    output: Path | None,
    now: datetime,
    strict: bool = False,
    jobs: int | None = None,
    fresh: bool = False,
    changed: Collection[Path] | None = None,
    preview: Preview | None = None,
    progress: Callable[[CampaignDone], None] | None = None,
    kept: KeptBetweenBuilds | None = None,
) -> BuildResult:
    """Build the site in `source` into `output` (None: check everything, write nothing).

    Raises ContentErrors listing every problem; the previous output is then untouched.
    `fresh` forgets the cache first; `jobs` is the number of processes (default: all cores).
    `changed`: the files a watcher saw change since this process last built the same site;
    campaign folders holding none of them are then not looked at again.
    `preview`: drafts to include, or another address to build for, than site.yaml says.
    `progress` is called as each campaign is done.
    `kept`: what earlier builds of this process kept for the next (a server keeps its own
    across its builds; by default, this process's). Builds of one output in one process share
    one: the next waits there for the state the last one saves in the background.
    """
    kept = kept if kept is not None else _KEPT_BY_THIS_PROCESS
    kept.caches.wait()  # for what the last build left to do in the background
    preview = preview or Preview()
    if output is None:  # a check: a cache of its own, thrown away after
        with tempfile.TemporaryDirectory(prefix="pledgekit-check-") as scratch:
            cache = BuildCache(Path(scratch), kept.caches)
            return _build(source, None, now, strict, jobs, cache, preview, progress, kept)
    cache = BuildCache.beside(output, kept.caches)
    if fresh:
        remove_folder(cache.folder)
    return _build(source, output, now, strict, jobs, cache, preview, progress, kept, changed)


def _build(
    source: Path,
    output: Path | None,
    now: datetime,
    strict: bool,
    jobs: int | None,
    cache: BuildCache,
    preview: Preview,
    progress: Callable[[CampaignDone], None] | None,
    kept: KeptBetweenBuilds,
    changed: Collection[Path] | None = None,
) -> BuildResult:
    """Settings, then every campaign (in the workers), then the listings and shared files,
    then the new site swapped in; nothing is written when any step finds an error."""
    settings = read_settings(source, preview.applied, kept.listings)
    state = cache.load(source.resolve())
    generation = OutputGeneration(output, source, cache, state) if output else None
    context = _context(source, settings, now, cache, state, preview)
    folders = campaign_folders(source, kept.listings)
    with Workers(context, jobs, Workshop.maker(kept.environments)) as workers:
        known_changes = changed if cache.remembered(state) else None
        done = _telling(progress, len(folders))
        outcomes = campaign_parts(workers, folders, state, generation, known_changes, done)
        problems = _problems(settings, outcomes, strict)
        records = {outcome.slug: outcome.record for outcome in outcomes if outcome.record}
        parts = _all_parts(workers, records, folders, state, generation, problems)
    _publish(cache, state, generation, outcomes, parts)
    return _result(outcomes, records, parts, problems)


def _context(
    source: Path,
    settings: BuildSettings,
    now: datetime,
    cache: BuildCache,
    state: CacheState,
    preview: Preview,
) -> BuildContext:
    content = content_key(source, repr(preview))
    return BuildContext(
        source=source,
        config=settings.config,
        usable_config=settings.usable_config,
        defaults=settings.defaults,
        theme=settings.theme,
        now=now,
        content_key=content,
        page_key=page_key(content, settings.theme, state),
        cache=cache,
        drafts=preview.drafts,
    )


def _telling(
    progress: Callable[[CampaignDone], None] | None, total: int
) -> Callable[[CampaignOutcome], None]:
    """What tells `progress` of each campaign done."""
    counted = itertools.count(1)

    def done(outcome: CampaignOutcome) -> None:
        if progress is not None:
            pages = outcome.record.facts.pages if outcome.record else 0
            progress(CampaignDone(outcome.slug, outcome.rendered, pages, next(counted), total))

    return done


def _problems(
    settings: BuildSettings, outcomes: list[CampaignOutcome], strict: bool
) -> list[Problem]:
    """Every problem found so far; raises ContentErrors when any is an error (`strict`: all
    are) or when the site cannot be built at all."""
    problems = settings.problems + [problem for outcome in outcomes for problem in outcome.problems]
    problems = merge_template_problems(problems)
    if strict:
        problems = [problem.as_error() for problem in problems]
    if (
        settings.config is None
        or settings.theme is None
        or any(problem.severity is Severity.ERROR for problem in problems)
    ):
        raise ContentErrors(problems)
    return problems


def _all_parts(
    workers: Workers[Workshop],
    records: dict[str, CampaignRecord],
    folders: dict[str, Path],
    state: CacheState,
    generation: OutputGeneration | None,
    problems: list[Problem],
) -> dict[str, OutputRecord[Any]]:
    """The campaigns' records with the listings and the shared files, made after them; raises
    ContentErrors when any of these would show a secret (then nothing is written)."""
    context = workers.context
    assert context.theme is not None
    listing_placer, shared_placer = (
        part_placer(generation, part, context.source, context.cache.folder)
        for part in (LISTING, SHARED)
    )
    listing = build_listing(workers, records, folders, state.records.get(LISTING), listing_placer)
    shared = build_shared(workers.tools, context.theme, shared_placer, state)
    secrets = listing_placer.problems() + shared_placer.problems()
    if secrets:  # shown by an index page, a feed, a theme's file
        raise ContentErrors(problems + secrets)
    parts: dict[str, OutputRecord[Any]] = {
        f"campaign:{slug}": record for slug, record in records.items()
    }
    parts[LISTING], parts[SHARED] = listing, shared
    return parts


def _publish(
    cache: BuildCache,
    state: CacheState,
    generation: OutputGeneration | None,
    outcomes: list[CampaignOutcome],
    parts: dict[str, OutputRecord[Any]],
) -> None:
    """Remember what each part made, swap the new site in, and forget the validated campaigns
    no part is made from any more (a few are named, many swept)."""
    replaced = content_keys(state.records) - content_keys(parts)
    remember(state, outcomes, parts)
    if generation is None:
        return
    generation.commit(parts)
    if sum(1 for outcome in outcomes if outcome.rendered) * 100 > len(outcomes):
        cache.keep_only(content_keys(parts))
    else:
        cache.forget(replaced)


def _result(
    outcomes: list[CampaignOutcome],
    records: dict[str, CampaignRecord],
    parts: dict[str, OutputRecord[Any]],
    problems: list[Problem],
) -> BuildResult:
    return BuildResult(
        pages=sum(record.facts.pages for record in parts.values()),
        files=sum(len(record.files) for record in parts.values()),
        warnings=sorted(problems),
        campaigns=len(outcomes),
        rendered=sum(1 for outcome in outcomes if outcome.rendered),
        written=sum(outcome.written for outcome in outcomes)
        + parts[LISTING].facts.written
        + parts[SHARED].facts.written,
        untranslated={
            slug: record.facts.untranslated
            for slug, record in sorted(records.items())
            if record.facts.untranslated
        },
    )
