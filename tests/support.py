"""Shared test helpers: where the fixtures are, a fixed moment, parsing HTML, writing a small
site."""

from __future__ import annotations

import textwrap
from contextlib import chdir
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from pledgekit.cli import main
from pledgekit.validate.example_text import EXAMPLE_PARAGRAPHS, EXAMPLE_VALUES

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
EXAMPLE = REPOSITORY / "content"
FIXED_NOW = datetime.fromisoformat("2026-11-26T12:00:00+01:00")


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


# A small site the tests write for themselves: site.yaml and campaign.yaml are built from
# these fields, in this order; a test gives the fields it changes. None leaves a field out,
# and a value of several lines is written as a block below its key.
SITE_FIELDS: dict[str, object] = {
    "title": "Lamps",
    "base_url": "https://example.org/fund/",
    "language": "en",
    "languages": "[fr, ar]",
    "currency": "EUR",
    "timezone": "Europe/Paris",
}
TIER_FIELDS: dict[str, object] = {
    "id": "lamp",
    "title": "The lamp",
    "amount": 120,
    "description": "One lamp, shipped.",
    "includes": None,
    "image": None,
    "pledge": "[{processor: paypal_me, name: ines}]",
}
CAMPAIGN_FIELDS: dict[str, object] = {
    "title": "A lamp you can mend",
    "tagline": "Solid oak, standard parts",
    "image": "{src: hero.svg, alt: The lamp on a desk}",
    "creator": "{name: Ines Martin, bio: I make lamps., location: Lyon}",
    "goal": 20000,
    "start": "2026-11-01T09:00:00+01:00",
    "end": "2026-12-31T23:59:00+01:00",
    "funding": "flexible",
    "totals": "{raised: 5000, backers: 40, updated: 2026-11-25T18:00:00+01:00}",
    "category": None,
    "tags": None,
    "faq": None,
    "tiers": None,  # the lamp tier, tier_yaml(), unless given
}
HERO_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"></svg>\n'


def yaml_fields(fields: dict[str, object]) -> str:
    lines = []
    for key, value in fields.items():
        if value is None:
            continue
        text = str(value)
        if "\n" in text:
            lines.append(f"{key}:\n" + textwrap.indent(text, "  "))
        else:
            lines.append(f"{key}: {text}\n")
    return "".join(lines)


def site_yaml(**fields: object) -> str:
    return yaml_fields({**SITE_FIELDS, **fields})


def tier_yaml(**fields: object) -> str:
    """One tier, as an item of campaign.yaml's `tiers` list."""
    return "- " + textwrap.indent(yaml_fields({**TIER_FIELDS, **fields}), "  ")[2:]


def campaign_yaml(**fields: object) -> str:
    return yaml_fields({**CAMPAIGN_FIELDS, "tiers": tier_yaml(), **fields})


def write_site(source: Path, *, site: str, campaigns: dict[str, dict[str, str | bytes]]) -> Path:
    """Writes site.yaml and each campaign's files (by their path in campaigns/<slug>/: text
    or bytes) below `source`, and returns it."""
    files = {source / "site.yaml": site}
    for slug, campaign_files in campaigns.items():
        files.update({source / "campaigns" / slug / name: c for name, c in campaign_files.items()})
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return source


# The moment `pledgekit init` runs at in the tests that start a site (the new_site fixture).
INIT_NOW = "2026-11-26T10:00:00+00:00"


def invoke(*args: str, cwd: Path | None = None) -> Result:
    """The command run from `cwd` (like a creator in the site's folder)."""
    with chdir(cwd or Path.cwd()):
        return CliRunner().invoke(main, list(args))


def personalize(folder: Path) -> None:
    """What a creator does before publishing: every piece of example text replaced."""
    for file in folder.rglob("*"):
        if file.suffix in (".yaml", ".md"):
            text = file.read_text()
            for number, example in enumerate(sorted(EXAMPLE_VALUES)):
                text = text.replace(
                    example, f"Own{number}" if "PayPal" in example else f"Own text {number}"
                )
            for example in EXAMPLE_PARAGRAPHS:
                text = text.replace(example, "In our own words")
            file.write_text(text)
        elif file.name == "hero.svg":
            file.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"/>')
