"""The whole pipeline on one screen: load, validate, plan, render, write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.load.content import load_campaigns, load_site
from generator.load.yaml_source import SourceDocument
from generator.model.site import THEME_NAME
from generator.plan import plan_site
from generator.problems import Problem
from generator.render.pages import render_site
from generator.render.themes import Theme, ThemeError, load_theme
from generator.validate import ValidatedSite, validate
from generator.validate.raw import raw
from generator.write import write_output


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: list[Problem]


def build(source: Path, output: Path | None, now: datetime, strict: bool = False) -> BuildResult:
    """Build the site in `source` into `output` (None: check everything, write nothing).

    Raises ContentErrors listing every problem; the previous output is then untouched.
    """
    site_document, site_problems = load_site(source)
    campaigns, campaign_problems = load_campaigns(source)
    theme, theme_problems = site_theme(site_document, source)
    validated = validate(
        site_document, campaigns, strict, site_problems + campaign_problems + theme_problems
    )
    assert theme is not None  # a theme that cannot be loaded is one of the problems above
    plan = plan_site(validated, theme.static_files(), now)
    files = render_site(plan, theme)
    if output is None:
        count = sum(1 for _ in files) + len(plan.copies)
    else:
        count = write_output(files, plan.copies, output, source)
    return BuildResult(len(plan.pages), count, validated.warnings)


def validated_site(source: Path, strict: bool = False) -> ValidatedSite:
    """Load and validate without a theme or pages: for commands that need the content only."""
    site_document, site_problems = load_site(source)
    campaigns, campaign_problems = load_campaigns(source)
    return validate(site_document, campaigns, strict, site_problems + campaign_problems)


def site_theme(site_document: SourceDocument, source: Path) -> tuple[Theme | None, list[Problem]]:
    """The theme site.yaml names, found before validation so that its problems join the rest."""
    name = raw(site_document.data, "theme") or "default"
    if not isinstance(name, str) or not THEME_NAME.fullmatch(name):
        return None, []  # the site model reports the malformed name
    try:
        return load_theme(name, source), []
    except ThemeError as error:
        return None, [site_document.problem(("theme",), str(error))]
