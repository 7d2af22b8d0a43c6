"""The `pledgekit` command: parses arguments, reads the clock, calls build, reports."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click

from generator import __version__
from generator.build import build, validated_site
from generator.bundled import example_content_folder
from generator.ledger.importers import importer_names
from generator.ledger.importing import import_export
from generator.ledger.reports import refunds_csv, summary
from generator.ledger.rows import LedgerRow
from generator.ledger.totals import ledger_totals
from generator.model.campaign import Campaign
from generator.model.state import CampaignState, campaign_state
from generator.problems import ContentErrors, Problem, Severity
from generator.write import OutputRefused


class ContentFailure(click.ClickException):
    exit_code = 1


def parse_now(value: str | None) -> datetime:
    """--now, else SOURCE_DATE_EPOCH, else the real clock: the only place that reads it."""
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(
                f"expected an ISO 8601 date-time, got {value!r}", param_hint="--now"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise click.UsageError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (before year 9999), got {epoch!r}"
            ) from None
    return datetime.now(tz=UTC)


def default_source() -> Path:
    """./content when there is such a folder (even a broken one), else the bundled example."""
    local = Path("content")
    return local if local.is_dir() else example_content_folder()


def describe(source: Path) -> str:
    return "the bundled example site" if source == example_content_folder() else str(source)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@contextmanager
def reported_failures(unchanged: str) -> Iterator[None]:
    """Content errors, refusals and system errors as messages and exit codes, never tracebacks."""
    try:
        yield
    except ContentErrors as failure:
        report(failure.problems)
        errors = sum(1 for problem in failure.problems if problem.severity is Severity.ERROR)
        raise ContentFailure(f"{errors} error{'s' if errors != 1 else ''}; {unchanged}") from None
    except OutputRefused as refusal:
        raise click.UsageError(str(refusal)) from None
    except OSError as error:  # a full disk, a read-only folder, an unreadable file
        raise ContentFailure(f"{error}; {unchanged}") from None


def run(source: Path | None, output: Path | None, now: str | None, strict: bool) -> None:
    moment = parse_now(now)
    source = source or default_source()
    started = time.perf_counter()
    with reported_failures("nothing was written"):
        result = build(source, output, moment, strict=strict)
    report(result.warnings)
    seconds = time.perf_counter() - started
    warned = (
        f", {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}"
        if result.warnings
        else ""
    )
    if output is None:
        click.echo(
            f"Checked {describe(source)}: {result.pages} pages would be written{warned} ({seconds:.2f} s)"
        )
    else:
        click.echo(
            f"Built {result.pages} pages ({result.files} files) from {describe(source)} into {output}{warned} in {seconds:.2f} s"
        )


source_option = click.option(
    "--source",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Content folder with site.yaml (default: ./content, else the bundled example).",
)
now_option = click.option(
    "--now",
    metavar="ISO8601",
    help="Build as if it were this moment (default: SOURCE_DATE_EPOCH, else the clock).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pledgekit")
def main() -> None:
    """Static crowdfunding sites from YAML and Markdown."""


@main.command(name="build")
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write the site into (replaced as a whole on success).",
)
@now_option
@strict_option
def build_command(source: Path | None, output: Path, now: str | None, strict: bool) -> None:
    """Render the site into the output folder."""
    run(source, output, now, strict)


@main.command()
@source_option
@now_option
@strict_option
def check(source: Path | None, now: str | None, strict: bool) -> None:
    """Validate the content and render every page without writing anything."""
    run(source, None, now, strict)


@main.group()
def ledger() -> None:
    """Totals from processor exports: import them, and see what the ledger holds."""


campaign_argument = click.argument("campaign", metavar="CAMPAIGN")


def campaign_in(source: Path | None, slug: str) -> tuple[Campaign, list[LedgerRow], Path]:
    source = source or default_source()
    with reported_failures("the ledger is unchanged"):
        validated = validated_site(source)
    for campaign in validated.campaigns:
        if campaign.slug == slug:
            return campaign, validated.ledgers.get(slug, []), source / "campaigns" / slug
    known = ", ".join(campaign.slug for campaign in validated.campaigns)
    raise click.BadParameter(
        f"no campaign '{slug}' in {source} (campaigns: {known})", param_hint="CAMPAIGN"
    )


def show_row(sign: str, row: LedgerRow) -> str:
    amount = f"{row.gross:f} {row.currency}"
    extra = f" refunded {row.refunded:f}" if row.refunded else ""
    tier = f" tier {row.tier}" if row.tier else ""
    return f"  {sign} {row.processor} {row.transaction_id} {row.date:%Y-%m-%d} {amount} {row.status.value}{extra}{tier}"


@ledger.command(name="import")
@campaign_argument
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(importer_names()),
    help="The export's format (default: told from its header).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@source_option
def ledger_import(
    campaign: str, export: Path, format_name: str | None, dry_run: bool, source: Path | None
) -> None:
    """Merge a processor's CSV export into CAMPAIGN's ledger.csv (the same export twice changes nothing)."""
    found, _, folder = campaign_in(source, campaign)
    with reported_failures("the ledger is unchanged"):
        result = import_export(found, folder, export, str(export), format_name, dry_run)
    changes = result.changes
    click.echo(
        f"{export}: {result.format} export, {len(result.result.rows)} rows: {len(changes.added)} added, "
        f"{len(changes.updated)} updated, {changes.unchanged} unchanged"
    )
    for row in changes.added:
        click.echo(show_row("+", row))
    for before, after in changes.updated:
        click.echo(
            show_row("~", after) + f" (was {before.status.value}, refunded {before.refunded:f})"
        )
    for reason, count in sorted(result.result.skipped.items()):
        click.echo(f"  skipped {count} {reason}")
    for note in result.result.notes:
        click.echo(f"  note: {note}")
    if result.without_tier:
        click.echo(f"  {result.without_tier} payments chose no tier (pledges without a reward)")
    if result.unmatched:
        click.echo(
            f"  {len(result.unmatched)} payments name a tier that campaign.yaml does not have"
            " (see docs/ledger.md, 'Tiers'):"
        )
        for row in result.unmatched:
            click.echo(show_row("?", row))
    if dry_run:
        click.echo("Dry run: ledger.csv was not written.")


@ledger.command(name="summary")
@campaign_argument
@source_option
def ledger_summary(campaign: str, source: Path | None) -> None:
    """What CAMPAIGN's ledger holds, by tier, by processor and by day."""
    found, rows, _ = campaign_in(source, campaign)
    totals = ledger_totals(rows, found.currency)
    click.echo(
        f"{found.slug}: {totals.raised:,.2f} {found.currency} from {totals.backers} backers, {len(rows)} ledger rows"
    )
    for group, lines in summary(rows, found.currency).items():
        click.echo(f"By {group}:")
        for line in lines:
            click.echo(
                f"  {line.name:<24} {line.payments:>5}  {line.amount:>14,.2f} {found.currency}"
            )
    for currency, amount in sorted(totals.other_currencies.items()):
        click.echo(f"Not counted: {amount:f} {currency} (the campaign is in {found.currency})")


@ledger.command(name="refunds")
@campaign_argument
@source_option
@now_option
def ledger_refunds(campaign: str, source: Path | None, now: str | None) -> None:
    """For an all-or-nothing campaign that ended under its goal: every payment to refund, as CSV."""
    found, rows, _ = campaign_in(source, campaign)
    totals = ledger_totals(rows, found.currency)
    state = campaign_state(found.source, totals.raised, parse_now(now))
    if state is not CampaignState.UNSUCCESSFUL:
        click.echo(f"Nothing to refund: {found.slug} is {state.value}.", err=True)
        return
    click.echo(refunds_csv(rows, found.currency), nl=False)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
