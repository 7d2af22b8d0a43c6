"""What the whole site is built with: site.yaml as checked, its theme, and the problems found
site-wide (each campaign's own are found as it is built)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pledgekit.load.content import FolderListings, load_site
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.model.site import SiteConfig
from pledgekit.problems import Problem
from pledgekit.render.site_theme import site_theme
from pledgekit.render.themes import Theme
from pledgekit.validate.pledges import PledgeOptionChecked
from pledgekit.validate.secrets import site_secrets
from pledgekit.validate.site import icon_problems, validate_site_config
from pledgekit.validate.svg import static_svg_problems


@dataclass
class BuildSettings:
    config: SiteConfig | None  # None when site.yaml has errors: campaigns are checked, not built
    usable_config: SiteConfig  # good enough to check campaigns with
    defaults: list[PledgeOptionChecked]
    theme: Theme | None  # None when it cannot be found or read
    problems: list[Problem]


def read_settings(
    source: Path,
    adjusted: Callable[[SourceDocument], SourceDocument],
    listings: FolderListings | None = None,
) -> BuildSettings:
    """site.yaml as `adjusted` changes it (a preview's address), checked, and its theme."""
    site_document, problems = load_site(source, listings)
    site_document = adjusted(site_document)
    theme, found = site_theme(site_document, source)
    problems += found
    config, usable_config, defaults, found = validate_site_config(site_document)
    problems += found + icon_problems(site_document.data, site_document, source)
    problems += site_secrets(source)  # each campaign's own files are searched as it is checked
    problems += static_svg_problems(source)
    return BuildSettings(config, usable_config, defaults, theme, problems)
