"""One campaign as a part of the site: read, validate, and render its pages, or keep them.

Runs in a worker process. The campaign as validated is kept in the cache under the digest of
its files and of site.yaml; its pages are kept while that digest, the templates and the
moment's effect on the page (see CampaignView.stable) stay the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Digests, OutputRecord, combined, digest, folder_digests
from generator.ledger.rows import LedgerRow
from generator.load.content import load_campaign
from generator.model.campaign import Campaign
from generator.parts.context import BuildContext, current
from generator.plan import (
    DISTANT_FUTURE,
    DISTANT_PAST,
    LISTED_TEMPLATES,
    CampaignView,
    campaign_pages,
    campaign_view,
    index_order,
    totals_data,
)
from generator.problems import ContentErrors, Problem, Severity
from generator.render.pages import json_bytes, render_page
from generator.validate.campaign import validate_campaign
from generator.write import Placer


@dataclass
class ValidatedCampaign:
    """What validation made of one campaign folder (kept in the cache by content digest)."""

    campaign: Campaign | None
    links: dict
    files: dict[str, Path]  # name in the folder -> file to publish
    ledger: list[LedgerRow]
    problems: list[Problem]

    def view(self, now) -> CampaignView:
        assert self.campaign is not None
        return campaign_view(self.campaign, self.links, self.ledger, now)


@dataclass
class CampaignTask:
    slug: str
    folder: Path
    digests: Digests  # the folder's files as last seen
    record: OutputRecord | None  # what the last build made of it
    placer: Placer
    unchanged: bool = False  # the caller knows no file in the folder changed (a file watcher)


@dataclass
class CampaignOutcome:
    slug: str
    digests: Digests
    problems: list[Problem]
    record: OutputRecord | None  # None when the campaign has errors
    placed: dict[str, str] = field(default_factory=dict)
    written: int = 0
    rendered: bool = False


def validated(context: BuildContext, slug: str, folder: Path, key: str) -> ValidatedCampaign:
    """The campaign from the cache, else read and validated (and then kept)."""
    kept = context.cache.get(key)
    if isinstance(kept, ValidatedCampaign):
        return kept
    sources, problems = load_campaign(folder, context.source)
    result = validate_campaign(sources, context.usable_config, context.defaults, context.renderer)
    entry = ValidatedCampaign(
        result.campaign, result.links, result.files, sources.ledger, problems + result.problems
    )
    context.cache.put(key, entry)
    return entry


def build_campaign(task: CampaignTask) -> CampaignOutcome:
    context = current()
    digests = task.digests if task.unchanged else folder_digests(task.folder, task.digests)
    content_key = digest(context.content_key, task.slug, combined(digests))
    key = digest(context.page_key, content_key)
    record = task.record
    if (
        record is not None
        and record.key == key
        and record.stable[0] <= context.now < record.stable[1]
        and task.placer.can_keep(record.files)
    ):
        task.placer.keep(record.files)
        return CampaignOutcome(
            task.slug, digests, record.extra["warnings"], record, task.placer.placed
        )
    entry = validated(context, task.slug, task.folder, content_key)
    problems = entry.problems
    if (
        not context.can_render
        or entry.campaign is None
        or any(problem.severity is Severity.ERROR for problem in problems)
    ):
        return CampaignOutcome(task.slug, digests, problems, None)
    try:
        record = _render(context, task, entry, key, content_key, digests)
    except ContentErrors as failure:
        return CampaignOutcome(task.slug, digests, problems + failure.problems, None)
    record.extra["warnings"] = problems
    placer = task.placer
    return CampaignOutcome(
        task.slug, digests, problems, record, placer.placed, placer.written, rendered=True
    )


def _render(
    context: BuildContext,
    task: CampaignTask,
    entry: ValidatedCampaign,
    key: str,
    content_key: str,
    digests: Digests,
) -> OutputRecord:
    assert entry.campaign is not None and context.config is not None
    if entry.campaign.source.draft:
        return OutputRecord(key, (DISTANT_PAST, DISTANT_FUTURE), {}, {"listed": False})
    view = entry.view(context.now)
    placer = task.placer
    pages = campaign_pages(view)
    for page in pages:
        placer.write(page.path, render_page(context.environment, context.config, page))
    placer.write(f"{view.path}totals.json", json_bytes(totals_data(view)))
    for name, file in entry.files.items():
        known = digests.get(name)
        placer.copy(view.path + name, file, known[1] if known else digest(file.read_bytes()))
    extra = {
        "listed": True,
        "pages": len(pages),
        "order": index_order(view),
        "sitemap": [page.url_path for page in pages if page.template in LISTED_TEMPLATES],
        "content_key": content_key,
        "view_key": digest(key, repr(view.stable)),
    }
    return OutputRecord(key, view.stable, dict(placer.placed), extra)
