"""The whole pipeline on one screen: load the settings, build every part, write the site.

Each campaign is a part built on its own, in parallel; the listings and the shared files come
after. Parts whose inputs did not change keep the files an earlier build made (the cache), and
files whose bytes did not change are never rewritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pledgekit.cache import BuildCache, CacheState, OutputRecord, remove_folder
from pledgekit.digests import code_digest, combined, digest, folder_digests
from pledgekit.load.content import campaign_folders, load_site
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import (
    CampaignFacts,
    CampaignOutcome,
    CampaignTask,
    build_campaign,
    kept,
)
from pledgekit.parts.context import BuildContext, Environments, Workshop
from pledgekit.parts.listing import PART as LISTING
from pledgekit.parts.listing import build_listing
from pledgekit.parts.secret_scan import ScanningPlacer, scanning
from pledgekit.parts.shared import PART as SHARED
from pledgekit.parts.shared import build_shared
from pledgekit.problems import ContentErrors, Problem, Severity
from pledgekit.render.pages import merge_template_problems
from pledgekit.render.site_theme import site_theme
from pledgekit.render.themes import Theme
from pledgekit.safe_read import FileRefused, read_regular_file
from pledgekit.validate.secrets import site_secrets
from pledgekit.validate.site import icon_problems, validate_site_config
from pledgekit.validate.svg import static_svg_problems
from pledgekit.write import OutputGeneration, Placer


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
    environments: Environments | None = None,
) -> BuildResult:
    """Build the site in `source` into `output` (None: check everything, write nothing).

    Raises ContentErrors listing every problem; the previous output is then untouched.
    `fresh` forgets the cache first; `jobs` is the number of processes (default: all cores).
    `changed`: the files a watcher saw change since this process last built the same site;
    campaign folders holding none of them are then not looked at again.
    `preview`: drafts to include, or another address to build for, than site.yaml says.
    `progress` is called as each campaign is done.
    `environments`: the Jinja environments an earlier build in this process compiled (a
    server keeps one across its builds): used while the templates are the same.
    """
    environments = environments if environments is not None else Environments()
    BuildCache.wait()  # for what the last build left to do in the background
    preview = preview or Preview()
    if output is None:  # a check: a cache of its own, thrown away after
        with tempfile.TemporaryDirectory(prefix="pledgekit-check-") as scratch:
            cache = BuildCache(Path(scratch))
            return _build(source, None, now, strict, jobs, cache, preview, progress, environments)
    cache = BuildCache.beside(output)
    if fresh:
        remove_folder(cache.folder)
    return _build(
        source, output, now, strict, jobs, cache, preview, progress, environments, changed
    )


def _build(
    source: Path,
    output: Path | None,
    now: datetime,
    strict: bool,
    jobs: int | None,
    cache: BuildCache,
    preview: Preview,
    progress: Callable[[CampaignDone], None] | None,
    environments: Environments,
    changed: Collection[Path] | None = None,
) -> BuildResult:
    site_document, problems = load_site(source)
    site_document = preview.applied(site_document)
    theme, found = site_theme(site_document, source)
    problems += found
    config, usable_config, defaults, found = validate_site_config(site_document)
    problems += found + icon_problems(site_document.data, site_document, source)
    problems += site_secrets(source)  # each campaign's own files are searched as it is checked
    problems += static_svg_problems(source)
    state = cache.load(source.resolve())
    generation = OutputGeneration(output, source, cache, state) if output else None
    site_text = _site_bytes(source)
    content_key = digest(
        code_digest(), str(source.resolve()), str(Path.cwd()), site_text, repr(preview)
    )
    context = BuildContext(
        source=source,
        config=config,
        usable_config=usable_config,
        defaults=defaults,
        theme=theme,
        now=now,
        content_key=content_key,
        page_key=digest(content_key, theme_digest(theme, state)),
        cache=cache,
        drafts=preview.drafts,
    )
    folders = campaign_folders(source)
    with Workers(context, jobs, Workshop.maker(environments)) as workers:
        watched = cache.remembered(state) and changed is not None
        outcomes = campaign_parts(
            workers, folders, state, generation, changed if watched else None, progress
        )
        problems = merge_template_problems(problems + [p for o in outcomes for p in o.problems])
        if strict:
            problems = [problem.as_error() for problem in problems]
        if config is None or theme is None or any(p.severity is Severity.ERROR for p in problems):
            raise ContentErrors(problems)
        records = {outcome.slug: outcome.record for outcome in outcomes if outcome.record}
        placers = _placer(generation, LISTING, context), _placer(generation, SHARED, context)
        listing = build_listing(workers, records, folders, state.records.get(LISTING), placers[0])
        shared = build_shared(workers.tools, theme, placers[1], state)
        secrets = [problem for placer in placers for problem in placer.problems()]
        if secrets:  # shown by an index page, a feed, a theme's file: nothing is written
            raise ContentErrors(problems + secrets)
    parts = {f"campaign:{slug}": record for slug, record in records.items()}
    parts[LISTING], parts[SHARED] = listing, shared
    replaced = _replaced_content(state.records, parts)
    rendered = sum(1 for outcome in outcomes if outcome.rendered)
    remember(state, outcomes, parts)
    if generation is not None:
        generation.commit(parts)
        # Validated campaigns no part is made from any more: a few are named, many swept.
        if rendered * 100 > len(outcomes):
            cache.keep_only(record.facts.content_key for record in records.values())
        else:
            cache.forget(replaced)
    return BuildResult(
        pages=sum(record.facts.pages for record in parts.values()),
        files=sum(len(record.files) for record in parts.values()),
        warnings=sorted(problems),
        campaigns=len(outcomes),
        rendered=rendered,
        written=sum(outcome.written for outcome in outcomes)
        + listing.facts.written
        + shared.facts.written,
        untranslated={
            slug: record.facts.untranslated
            for slug, record in sorted(records.items())
            if record.facts.untranslated
        },
    )


def campaign_parts(
    workers: Workers,
    folders: dict[str, Path],
    state: CacheState,
    generation: OutputGeneration | None,
    changed: Collection[Path] | None,
    progress: Callable[[CampaignDone], None] | None = None,
) -> list[CampaignOutcome]:
    """Every campaign: kept as the last build made it when nothing it is made from changed
    (found here, with a stat per file), else validated and rendered by a worker.

    `changed` (from a file watcher) spares the stat of folders that hold none of its paths.
    """
    touched = _campaigns_holding(changed or (), workers.context.source)
    outcomes: list[CampaignOutcome] = []

    def done(outcome: CampaignOutcome) -> None:
        outcomes.append(outcome)
        if progress is not None:
            pages = outcome.record.facts.pages if outcome.record else 0
            progress(
                CampaignDone(outcome.slug, outcome.rendered, pages, len(outcomes), len(folders))
            )

    def to_render() -> Iterator[CampaignTask]:  # runs while workers render what it gave
        for slug, folder in folders.items():
            known = state.digests.get(f"campaign:{slug}", {})
            unchanged = changed is not None and slug not in touched
            task = CampaignTask(
                slug,
                folder,
                known if unchanged else folder_digests(folder, known),
                state.records.get(f"campaign:{slug}"),
                _placer(generation, f"campaign:{slug}", workers.context, folder),
            )
            outcome = kept(workers.context, task, unchanged)
            if outcome is None:
                yield task
            else:
                done(outcome)

    site_keys = (workers.context.content_key, workers.context.page_key)
    for outcome in workers.map(build_campaign, to_render()):
        record = outcome.record
        if (
            record
            and record.facts.site_keys == site_keys
            and record.facts.site_keys is not site_keys
        ):
            # one tuple for all, not one each (in memory and in the cache)
            record.facts = replace(record.facts, site_keys=site_keys)
        done(outcome)
    return outcomes


def remember(
    state: CacheState, outcomes: list[CampaignOutcome], parts: dict[str, OutputRecord]
) -> None:
    """What the next build needs: what each part made, and the campaign folders' digests."""
    state.records = parts
    state.digests.update({f"campaign:{outcome.slug}": outcome.digests for outcome in outcomes})
    for key in [key for key in state.digests if key.startswith("campaign:") and key not in parts]:
        del state.digests[key]


def _replaced_content(old: dict[str, OutputRecord], new: dict[str, OutputRecord]) -> set[str]:
    """The validated campaigns the last build's parts were made from, and this build's are not."""

    def content_keys(records: dict[str, OutputRecord]) -> set[str]:
        facts = (record.facts for record in records.values())
        return {fact.content_key for fact in facts if isinstance(fact, CampaignFacts)}

    return {key for key in content_keys(old) - content_keys(new) if key}


def _campaigns_holding(paths: Collection[Path], source: Path) -> set[str]:
    """The campaigns whose folders hold any of `paths`."""
    root = (source / "campaigns").resolve()
    slugs = set()
    for path in paths:
        path = Path(path).resolve()
        if root in path.parents:
            slugs.add(path.relative_to(root).parts[0])
    return slugs


def _placer(
    generation: OutputGeneration | None,
    part: str,
    context: BuildContext,
    origin: Path | None = None,
) -> ScanningPlacer:
    """The part's placer, searching each file for secrets before it is written."""
    placer = generation.placer(part) if generation else Placer(None, None, {}, {})
    return scanning(placer, context.source, origin, context.cache.folder / "searched")


def _site_bytes(source: Path) -> bytes:
    """site.yaml's bytes for the cache's key; nothing when it cannot be read (load_site has
    said why: a pipe, a device, a file over the limit)."""
    try:
        return read_regular_file(source / "site.yaml", root=os.path.realpath(source))
    except (FileRefused, OSError):
        return b""


def theme_digest(theme: Theme | None, state: CacheState) -> str:
    """What every page depends on in the theme: templates, translations, static file names."""
    if theme is None:
        return ""
    parts = []
    for folder in [*theme.template_folders, *theme.locale_folders]:
        known = state.digests.get(f"theme:{folder}", {})
        state.digests[f"theme:{folder}"] = digests = folder_digests(folder, known)
        parts.append(f"{folder}\0{combined(digests)}")
    manifests = [(folder / "theme.yaml").read_bytes() for folder in theme.chain]
    return digest(
        *parts,
        *theme.static_files(),
        *manifests,
        repr(sorted(theme.options.items())),
        repr(sorted(theme.translated_options.items())),
    )
