"""`pledgekit theme styleguide`: one page with every component in every state, for designers.

A made-up campaign (sample/, shipped with pledgekit) is validated like any other, then shown at a
fixed moment in each campaign state by moving its dates and totals; its tiers cover every
availability and its stretch goals every status. The page is rendered with the site's theme,
options and language, so a designer sees their own theme at a glance. Its pictures are sized
(width, height, and srcset for a PNG, JPEG or WebP) as on a campaign's own pages.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from pledgekit.load.content import load_campaign
from pledgekit.load.markdown_render import MarkdownRenderer
from pledgekit.model.campaign import Campaign, Totals
from pledgekit.model.state import CampaignState
from pledgekit.pictures import ImageInfo
from pledgekit.plan.campaign import campaign_view
from pledgekit.plan.outputs import Page
from pledgekit.plan.views import CampaignView
from pledgekit.problems import ContentErrors, Severity
from pledgekit.render.environment import make_environment
from pledgekit.render.images import encode_variant, image_infos, published_original
from pledgekit.render.pages import render_page
from pledgekit.render.site_theme import SiteSettings, site_settings
from pledgekit.render.themes import Theme
from pledgekit.validate.campaign import validate_campaign
from pledgekit.write import MARKER, MARKER_TEXT, check_output_folder

SAMPLE = Path(__file__).resolve().parent / "sample"
MOMENT = datetime.fromisoformat("2026-06-15T12:00:00+02:00")  # the sample's "now"
_ENDED = timedelta(days=-40)  # moves the campaign's dates into the past
_UPCOMING = timedelta(days=30)


def sample_views(settings: SiteSettings) -> list[CampaignView]:
    """The sample campaign in each state, in the order of CampaignState."""
    sources, problems = load_campaign(SAMPLE, SAMPLE.parent)
    renderer = MarkdownRenderer(trust_html=False)
    result = validate_campaign(sources, settings.config, settings.defaults, renderer)
    problems += result.problems
    if result.campaign is None or any(p.severity is Severity.ERROR for p in problems):
        raise ContentErrors(problems)  # a broken sample is pledgekit's bug: say so loudly
    base = result.campaign
    images = sample_images()
    variants = {
        CampaignState.UPCOMING: (_UPCOMING, None, None),
        CampaignState.LIVE: (timedelta(0), None, None),
        CampaignState.FUNDED: (timedelta(0), Decimal(12500), None),
        CampaignState.SUCCESSFUL: (_ENDED, Decimal(12500), None),
        CampaignState.UNSUCCESSFUL: (_ENDED, None, None),
        CampaignState.ENDED: (_ENDED, None, "flexible"),
    }
    views = []
    for state, (shift, raised, funding) in variants.items():
        campaign = _variant(base, state, shift, raised, funding)
        links = {
            (campaign.slug, tier): found
            for (_, tier), found in result.links.items()  # the same links, under the new slug
        }
        view = dataclasses.replace(campaign_view(campaign, links, [], MOMENT), images=images)
        assert view.state is state, (state, view.state)
        views.append(view)
    return views


def sample_images() -> dict[str, ImageInfo]:
    """The sample's pictures, sized as a campaign's pictures are (CampaignView.image)."""
    return image_infos({_name(path): path for path in _sample_pictures()})


def _sample_pictures() -> list[Path]:
    ignored = shutil.ignore_patterns(*_NOT_PUBLISHED)
    return [
        path
        for path in sorted(SAMPLE.rglob("*"))
        if path.is_file()
        and not any(ignored(str(path.parent), [part]) for part in path.relative_to(SAMPLE).parts)
    ]


def _name(path: Path) -> str:
    return path.relative_to(SAMPLE).as_posix()


_NOT_PUBLISHED = ("*.md", "*.yaml", "updates", ".*")  # as campaign folders publish


def _variant(
    base: Campaign,
    state: CampaignState,
    shift: timedelta,
    raised: Decimal | None,
    funding: str | None,
) -> Campaign:
    data = base.source
    changes: dict = {"start": data.start + shift, "end": data.end + shift}
    if raised is not None:
        assert data.totals is not None
        changes["totals"] = Totals(raised=raised, backers=180, updated=data.totals.updated)
    if funding:
        changes["funding"] = funding
    return base.model_copy(
        update={"slug": f"sample-{state.value}", "source": data.model_copy(update=changes)}
    )


def build_styleguide(site_source: Path, output: Path) -> Path:
    """Write the style guide for the site's theme into `output` (replaced as a whole);
    the page written."""
    settings = site_settings(site_source)
    views = sample_views(settings)
    check_output_folder(output, site_source)
    environment = make_environment(settings.theme, settings.config)
    live = next(view for view in views if view.state is CampaignState.LIVE)
    page = Page("index.html", "styleguide.html", {"campaigns": views, "campaign": live})
    html = render_page(environment, settings.config, page)
    with tempfile.TemporaryDirectory(prefix=".styleguide-", dir=output.parent) as scratch:
        staging = Path(scratch) / "site"
        _write(staging, html, settings.theme, views)
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    return output / "index.html"


def _write(folder: Path, html: bytes, theme: Theme, views: list[CampaignView]) -> None:
    folder.mkdir(parents=True)
    (folder / "index.html").write_bytes(html)
    (folder / MARKER).write_text(MARKER_TEXT + "styleguide\n", encoding="utf-8")
    for name, file in theme.static_files().items():
        target = folder / "static" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
    images = views[0].images if views else {}
    published = {}  # as a build publishes them: without metadata, with their smaller copies
    for path in _sample_pictures():
        name, data = _name(path), path.read_bytes()
        info = images.get(name)
        published[name] = (published_original(data) or data) if info else data
        for variant in info.variants if info is not None else ():
            published[variant.name] = encode_variant(data, variant)
    for view in views:  # each state's campaign shows the sample's pictures
        for name, data in published.items():
            target = folder / view.path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
