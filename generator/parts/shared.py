"""The files every site has once: the theme's static files, the 404 page, robots.txt, and the
plain-text files GitHub Pages reads (.nojekyll, CNAME). Few and small: made on every build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pledgekit.cache import CacheState, OutputRecord
from pledgekit.digests import file_digest, folder_digests
from pledgekit.load.svg import SvgRefused, clean_svg
from pledgekit.parts.context import BuildContext, Workshop
from pledgekit.plan.language import text_direction
from pledgekit.plan.outputs import Page, text_files
from pledgekit.plan.window import DISTANT_FUTURE, DISTANT_PAST
from pledgekit.problems import ContentErrors, Severity
from pledgekit.render.icons import cached_icons, manifest, theme_icon
from pledgekit.render.pages import json_bytes, render_page
from pledgekit.render.themes import Theme
from pledgekit.safe_read import read_regular_file
from pledgekit.validate.svg import static_svgs, svg_problems
from pledgekit.write import Placer

PART = "shared"
PAGES = (
    Page("404.html", "404.html", {"root_relative_links": True}),
    Page("robots.txt", "robots.txt", {}),
)


@dataclass(frozen=True)
class SharedFacts:
    """What the shared files tell the rest of the build."""

    pages: int  # the 404 page and robots.txt
    written: int  # files written by this build (the others were kept)


def build_shared(
    workshop: Workshop, theme: Theme, placer: Placer, state: CacheState
) -> OutputRecord[SharedFacts]:
    context = workshop.context
    assert context.config is not None
    for page in PAGES:
        placer.write(page.path, render_page(workshop.environment, context.config, page))
    for path, text in text_files(context.config).items():
        placer.write(path, text.encode("utf-8"))
    static = theme.static_files()
    digests = {}
    for folder in {path.parent for path in static.values()}:
        key = f"static:{folder}"
        state.digests[key] = folder_digests(folder, state.digests.get(key, {}))
        digests.update(
            {folder / name: file_digest(entry) for name, entry in state.digests[key].items()}
        )
    own_svgs = set(static_svgs(theme.site_folder))  # contributors' pictures, cleaned
    for name, file in static.items():
        if file in own_svgs:
            placer.write(f"static/{name}", _cleaned_svg(file, theme.site_folder))
        else:
            placer.copy(f"static/{name}", file, digests[file])
    for path, content in _icon_files(context, theme).items():
        placer.write(path, content)
    facts = SharedFacts(pages=len(PAGES), written=placer.written)
    return OutputRecord("", (DISTANT_PAST, DISTANT_FUTURE), dict(placer.placed), facts)


def _cleaned_svg(file: Path, source: Path) -> bytes:
    """An SVG picture of the site's static/ folder as published: without script, links or
    files from elsewhere; one that runs code or cannot be read is never published."""
    try:
        cleaned = clean_svg(read_regular_file(file))
    except SvgRefused:
        cleaned = None
    if cleaned is None or any(removal.hostile for removal in cleaned.removals):
        found = svg_problems(file, source)
        raise ContentErrors([problem for problem in found if problem.severity is Severity.ERROR])
    return cleaned.data


def _icon_files(context: BuildContext, theme: Theme) -> dict[str, bytes]:
    """The favicon and home-screen icons from one picture, and a web app manifest per
    language (named, and starting, in that language)."""
    config = context.config
    assert config is not None
    picture = context.source / config.icon if config.icon else theme_icon(theme.chain)
    if picture is None:
        return {}
    options = theme.options
    colours = (options.get("accent", "#ffffff"), options.get("background", "#ffffff"))
    files = cached_icons(picture.read_bytes(), colours[1], context.cache)
    for language in config.all_languages:
        prefix = config.language_prefix(language)
        words = config.in_language(language)
        data = manifest(
            words.title, words.description, language, text_direction(language), colours, prefix
        )
        files[f"{prefix}manifest.webmanifest"] = json_bytes(data)
    return files
