"""`pledgekit init` and `pledgekit new`: start a site, a campaign, an update or a tier."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from pydantic import TypeAdapter, ValidationError

from pledgekit.bundled import example_content_folder
from pledgekit.cli.common import (
    base_url_option_check,
    default_source,
    parse_now,
)
from pledgekit.load.content import load_site
from pledgekit.model.types import SLUG_PATTERN, Amount, Currency
from pledgekit.scaffold.campaign import (
    TierRefused,
    add_tier,
    campaign_files,
    tier_amount,
    update_file,
)
from pledgekit.scaffold.files import ScaffoldRefused, schema_line, write_files
from pledgekit.scaffold.site import github_pages_url, repository_root, site_files
from pledgekit.scaffold.vendor import VendorRefused
from pledgekit.slugs import slugify
from pledgekit.validate.site import validate_site_config

dated_option = click.option(
    "--now",
    metavar="ISO8601",
    help="The moment to date what is written by: a campaign opens that day, an update "
    "carries it (default: SOURCE_DATE_EPOCH, else the clock).",
)


def _checked(kind: object, what: str):
    def check(context: click.Context, parameter: click.Parameter, value: str | None):
        if value is None:
            return None
        try:
            return str(TypeAdapter(kind).validate_python(value))
        except ValidationError as error:
            message = error.errors()[0]["msg"].removeprefix("Value error, ")
            raise click.BadParameter(f"{message} ({what})") from None

    return check


def _slug(context: click.Context, parameter: click.Parameter, value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise click.BadParameter(
            f"use lower-case letters, digits and single hyphens (an address), got {value!r}"
        )
    return value


def _written(paths: list[Path], root: Path) -> None:
    for path in paths:
        click.echo(f"  {path.relative_to(root) if path.is_relative_to(root) else path}")


@click.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", help="The site's name (default: the folder's name).")
@click.option(
    "--base-url",
    metavar="URL",
    callback=base_url_option_check,
    help="Where the site will be published (default: the GitHub Pages address of the "
    "folder's git remote `origin`).",
)
@click.option(
    "--currency",
    default="USD",
    show_default=True,
    callback=_checked(Currency, "an ISO 4217 code such as EUR"),
    help="Currency of the amounts.",
)
@click.option("--force", is_flag=True, help="Replace the files init writes if they exist.")
@dated_option
def init(
    folder: Path,
    title: str | None,
    base_url: str | None,
    currency: str,
    force: bool,
    now: str | None,
) -> None:
    """Start a site in FOLDER (default: here), ready for GitHub Pages.

    It writes site.yaml, an example campaign, editor schemas, a README, a .gitignore, a GitHub
    Actions workflow that publishes on GitHub Pages, and this pledgekit's wheel in .pledgekit/
    for the workflow to install (see `pledgekit vendor`).

    The address defaults to the GitHub Pages one of the folder's git remote `origin`.
    Files that exist are never replaced without --force; other files are left alone.
    """
    root = folder.resolve()
    title = title or root.name.replace("-", " ").replace("_", " ").strip().capitalize() or "Site"
    base_url = (
        base_url
        or github_pages_url(root)
        or f"https://your-name.github.io/{slugify(root.name, 'site')}/"
    )
    try:
        files = site_files(root, title, base_url, currency, parse_now(now).date())
        written = write_files(root, files, force)
    except (ScaffoldRefused, VendorRefused) as refusal:
        raise click.UsageError(str(refusal)) from None
    click.echo(f"Started a pledgekit site in {folder} ({base_url}):")
    _written(written, root)
    top = repository_root(root)
    if top is not None and top != root:
        click.echo(
            f"Note: {folder} is inside the git repository {top}; GitHub runs workflows only "
            f"from {top / '.github/workflows'}, so move .github/ there (and its paths) or "
            "make this folder a repository of its own.",
            err=True,
        )
    step = "" if folder == Path(".") else f"cd {folder} && "
    click.echo(f"Next: {step}pledgekit serve    (then open http://127.0.0.1:8000/)")


@click.group()
def new() -> None:
    """Add a campaign, an update or a reward tier."""


_source_option = click.option(
    "--source",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Content folder with site.yaml (default: ./content).",
)


def _site_source(source: Path | None) -> Path:
    source = source or default_source()
    if source == example_content_folder():
        raise click.UsageError(
            "there is no content/ folder here: run `pledgekit init` first, or give --source"
        )
    return source


def _campaign_folder(source: Path, slug: str) -> Path:
    folder = source / "campaigns" / slug
    if not (folder / "campaign.yaml").is_file():
        known = sorted(p.parent.name for p in (source / "campaigns").glob("*/campaign.yaml"))
        raise click.UsageError(
            f"no campaign '{slug}' in {source / 'campaigns'}"
            + (f" (there are: {', '.join(known)})" if known else "")
        )
    return folder


def _site_moment(source: Path, now: str | None) -> datetime:
    """The moment in the site's timezone: a campaign opens, an update is dated, on the day
    the site's readers see."""
    document, _ = load_site(source)
    timezone = validate_site_config(document)[1].timezone
    return parse_now(now).astimezone(ZoneInfo(timezone))


def _schema(source: Path, file: Path, kind: str) -> str:
    """The editor's schema line, when the site keeps schemas beside its content folder."""
    schemas = source.parent / "schemas"
    return schema_line(file, schemas, kind) if (schemas / f"{kind}.schema.json").is_file() else ""


@new.command(name="campaign")
@click.argument("slug", callback=_slug)
@click.option("--title", help="The campaign's title (default: from SLUG).")
@_source_option
@dated_option
def new_campaign(slug: str, title: str | None, source: Path | None, now: str | None) -> None:
    """Start a campaign that opens today.

    Its files go in campaigns/SLUG/ (SLUG is its address); it is open for 30 days.
    """
    source = _site_source(source)
    folder = source / "campaigns" / slug
    if folder.exists():
        raise click.UsageError(f"{folder} exists already; choose another SLUG")
    title = title or slug.replace("-", " ").capitalize()
    schema = _schema(source, folder / "campaign.yaml", "campaign")
    files = campaign_files(slug, title, _site_moment(source, now).date(), schema)
    click.echo(f"Started campaign '{slug}':")
    _written(write_files(folder, files), Path.cwd())


@new.command(name="update")
@click.argument("campaign", callback=_slug)
@click.argument("title")
@_source_option
@dated_option
def new_update(campaign: str, title: str, source: Path | None, now: str | None) -> None:
    """Write a dated update to a campaign.

    The update to CAMPAIGN, titled TITLE, goes in its updates/ folder.
    """
    source = _site_source(source)
    folder = _campaign_folder(source, campaign)
    moment = _site_moment(source, now)
    updates = folder / "updates"
    name, _ = update_file(title, moment)
    text = update_file(title, moment, _schema(source, updates / name, "update"))[1]
    try:
        written = write_files(updates, {name: text})
    except ScaffoldRefused as refusal:
        raise click.UsageError(str(refusal)) from None
    click.echo(f"Wrote an update to '{campaign}':")
    _written(written, Path.cwd())


@new.command(name="tier")
@click.argument("campaign", callback=_slug)
@click.argument("tier_id", metavar="ID", callback=_slug)
@click.option("--title", help="The reward's title (default: from ID).")
@click.option(
    "--amount",
    default="25",
    show_default=True,
    callback=_checked(Amount, "a positive amount such as 25 or 12.50"),
    help="The minimum pledge.",
)
@click.option("--last", is_flag=True, help="Put it at the end of the tiers, whatever its amount.")
@_source_option
def new_tier(
    campaign: str, tier_id: str, title: str | None, amount: str, last: bool, source: Path | None
) -> None:
    """Add a reward tier to a campaign.

    The tier with id ID goes where its amount belongs among CAMPAIGN's tiers (before the
    first that costs more), or at the end with --last; campaign.yaml keeps its comments and
    layout.
    """
    file = _campaign_folder(_site_source(source), campaign) / "campaign.yaml"
    title = title or tier_id.replace("-", " ").capitalize()
    try:
        added = add_tier(file.read_bytes().decode("utf-8"), tier_id, title, amount, last)
    except (TierRefused, UnicodeDecodeError) as refusal:
        raise click.UsageError(f"{file}: {refusal}; nothing was changed") from None
    file.write_bytes(added.text.encode("utf-8"))
    if added.after and added.before:
        where = f"between {_tier_named(added.after)} and {_tier_named(added.before)}"
    elif added.before:
        where = f"first, before {_tier_named(added.before)}"
    elif added.after:
        where = f"last, after {_tier_named(added.after)}"
    else:
        where = "its only tier"
    click.echo(f"Added tier '{tier_id}' ({amount}) to {file}:{added.line}, {where}.")


def _tier_named(tier: dict) -> str:
    """'thanks' (10): a tier of the file as `new tier` names it."""
    name = f"'{tier['id']}'" if isinstance(tier.get("id"), str) else "a tier without an id"
    amount = tier_amount(tier)
    return name if amount is None else f"{name} ({amount})"
