"""site.yaml's theme, found before validation so that its problems join the rest, and the
whole settings (site.yaml and its theme, free of errors) for the commands that need them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pledgekit.load.content import load_site
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.model.site import THEME_NAME, SiteConfig
from pledgekit.problems import ContentErrors, Problem, Severity
from pledgekit.render.theme_options import site_option_values
from pledgekit.render.themes import Theme, ThemeError, load_theme
from pledgekit.validate.pledges import PledgeOptionChecked
from pledgekit.validate.raw import raw
from pledgekit.validate.site import validate_site_config


@dataclass(frozen=True)
class SiteSettings:
    """site.yaml and its theme, both free of errors."""

    config: SiteConfig
    defaults: list[PledgeOptionChecked]
    theme: Theme


def site_settings(source: Path) -> SiteSettings:
    """site.yaml and its theme, for commands that need them whole (the theme commands);
    ContentErrors with every problem otherwise. A build reads them itself and goes on to check
    the campaigns even when they are wrong."""
    document, problems = load_site(source)
    theme, found = site_theme(document, source)
    config, _, defaults, more = validate_site_config(document)
    problems += found + more
    if theme is None or config is None or any(p.severity is Severity.ERROR for p in problems):
        raise ContentErrors(problems)
    return SiteSettings(config, defaults, theme)


def site_theme(site_document: SourceDocument, source: Path) -> tuple[Theme | None, list[Problem]]:
    """The theme site.yaml names, with the options it sets: found before validation so that
    its problems join the rest."""
    name = raw(site_document.data, "theme") or "default"
    if not isinstance(name, str) or not THEME_NAME.fullmatch(name):
        return None, []  # the site model reports the malformed name
    try:
        theme, problems = load_theme(name, source)
    except ThemeError as error:  # problems without a file are about the name in site.yaml
        return None, [
            problem if problem.file else site_document.problem(("theme",), problem.message)
            for problem in error.problems
        ]
    static_files = theme.static_files()
    values, found = site_option_values(name, theme.option_specs, site_document, static_files)
    translated = {}
    translations = raw(site_document.data, "translations")
    for language in translations if isinstance(translations, dict) else []:
        at = ("translations", language, "theme_options")
        words, more = site_option_values(name, theme.option_specs, site_document, static_files, at)
        translated[str(language).lower()] = words
        found += more
    return theme.with_options(values, translated), problems + found
