"""`pledgekit ledger`: import processor exports, and see what a campaign's ledger holds."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from pledgekit.cli.common import (
    default_source,
    now_option,
    parse_now,
    reported_failures,
    source_option,
)
from pledgekit.conversions import conversions
from pledgekit.ledger.encodings import codec_name
from pledgekit.ledger.fees import fees_by_processor, fees_said, fees_total
from pledgekit.ledger.importers import importer_names
from pledgekit.ledger.importing import import_export
from pledgekit.ledger.reports import refunds_csv, reported_totals, summary
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring
from pledgekit.ledger.sync.retry import RetryPolicy
from pledgekit.ledger.sync.run import sync_ledgers
from pledgekit.ledger.sync.sources import SyncSettings, source_names
from pledgekit.ledger.totals import ledger_totals
from pledgekit.model.campaign import Campaign
from pledgekit.model.exchange import rate_values
from pledgekit.model.state import CampaignState, campaign_state
from pledgekit.totals import campaign_totals
from pledgekit.validate.folder import validated_site


@click.group()
def ledger() -> None:
    """Import payment exports and read the ledger.

    A campaign's totals from its processors' exports: import them into its ledger.csv, sum
    them up, and list what to refund when an all-or-nothing campaign misses its goal.
    """


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


def printable(text: str) -> str:
    """Text from an export as the terminal should show it: control characters (an escape
    sequence that would move the cursor or clear the screen) written as escapes."""
    return "".join(
        character if character.isprintable() else repr(character)[1:-1] for character in text
    )


def show_row(sign: str, row: LedgerRow) -> str:
    amount = f"{row.gross:f} {row.currency}"
    if row.kind is Kind.SUPPORTER:
        # Never the name: the output is kept in CI logs, and the page may hide it.
        return f"  {sign} {printable(row.processor)} {printable(row.transaction_id)} {row.date:%Y-%m-%d} supporter"
    if row.kind is Kind.TOTAL:
        # A figure the processor reports, not a payment: what it counts and for how many.
        month = " a month" if row.recurring is Recurring.MONTHLY else ""
        supporters = f" from {row.supporters} supporters" if row.supporters is not None else ""
        return f"  {sign} {printable(row.processor)} {printable(row.transaction_id)} {row.date:%Y-%m-%d} total {amount}{month}{supporters}"
    extra = f" refunded {row.refunded:f}" if row.refunded else ""
    tier = f" tier {printable(row.tier)}" if row.tier else ""
    return f"  {sign} {printable(row.processor)} {printable(row.transaction_id)} {row.date:%Y-%m-%d} {amount} {row.status.value}{extra}{tier}"


def rows_read(rows: list[LedgerRow]) -> str:
    """What a source gave, counted: '13 payments', '1 payment and 1 refund', '1 total and
    3 supporters'."""
    counts = [
        (sum(1 for row in rows if row.kind is kind), word)
        for kind, word in (
            (Kind.PAYMENT, "payment"),
            (Kind.REFUND, "refund"),
            (Kind.TOTAL, "total"),
            (Kind.SUPPORTER, "supporter"),
        )
    ]
    said = [f"{count} {word}{'s' if count != 1 else ''}" for count, word in counts if count]
    return " and ".join(said) if said else "0 payments"


def was(row: LedgerRow, now: LedgerRow) -> str:
    """What a changed row held before it is `now`, as its update line says it."""
    if row.kind is Kind.SUPPORTER:
        # What changed, never the name itself (see show_row).
        changed = [
            f"{row.date:%Y-%m-%d}" if row.date != now.date else "",
            row.currency if row.currency != now.currency else "",
            "another name" if row.backer != now.backer else "",
        ]
        return ", ".join(what for what in changed if what) or "the same"
    if row.kind is Kind.TOTAL:
        supporters = f" from {row.supporters} supporters" if row.supporters is not None else ""
        return f"{row.gross:f} {row.currency}{supporters}"
    return f"{row.status.value}, refunded {row.refunded:f}"


def encoding_name(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    if value is None:
        return None
    try:
        codec_name(value)
    except LookupError:
        raise click.BadParameter(
            f"no such encoding {value!r} (e.g. cp1252, latin-1, utf-16)"
        ) from None
    return value


@ledger.command(name="import")
@campaign_argument
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(importer_names()),
    help="The export's format (default: told from its header).",
)
@click.option(
    "--encoding",
    metavar="NAME",
    callback=encoding_name,
    help="The export's encoding when it is not UTF-8, e.g. cp1252 (default: UTF-8, or what "
    "its byte-order mark says).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@source_option
@now_option
def ledger_import(
    campaign: str,
    export: Path,
    format_name: str | None,
    encoding: str | None,
    dry_run: bool,
    source: Path | None,
    now: str | None,
) -> None:
    """Merge a processor's export into a ledger.

    EXPORT, a processor's CSV export, goes into CAMPAIGN's ledger.csv; the same export twice
    changes nothing. When it was read is recorded in ledger-sync.json, as <format>-export.
    """
    moment = parse_now(now)
    found, _, folder = campaign_in(source, campaign)
    with reported_failures("the ledger is unchanged"):
        result = import_export(
            found, folder, export, str(export), format_name, dry_run, encoding=encoding, now=moment
        )
    changes = result.changes
    click.echo(
        f"{printable(str(export))}: {result.format} export, {len(result.result.rows)} rows: {len(changes.added)} added, "
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
    """Sum up a ledger by tier, processor and day.

    What CAMPAIGN's ledger holds, by tier, by processor and by day.
    """
    found, rows, _ = campaign_in(source, campaign)
    rates = rate_values(found.source.exchange_rates)
    totals = ledger_totals(rows, found.currency, rates)
    fees = fees_by_processor(rows, found.currency, rates)
    net = found.fees == "net"
    raised = totals.raised - fees_total(fees) if net else totals.raised
    click.echo(
        f"{found.slug}: {raised:,.2f} {found.currency} from {totals.backers} backers, {len(rows)} ledger rows"
    )
    for group, lines in summary(rows, found.currency).items():
        click.echo(f"By {group}:")
        for line in lines:
            click.echo(
                f"  {printable(line.name):<24} {line.payments:>5}  {line.amount:>14,.2f} {found.currency}"
            )
    for currency, amount in sorted(totals.other_currencies.items()):
        click.echo(f"Not counted: {amount:f} {currency} (the campaign is in {found.currency})")
    for converted in conversions(rows, found.currency, found.source.exchange_rates):
        click.echo(
            f"Converted: {converted.amount:,.2f} {converted.currency} at {converted.rate} "
            f"(rate of {converted.date.isoformat()}) = {converted.counted:,.2f} {found.currency}"
        )
    click.echo(fees_said(fees, found.currency, net))
    if totals.pending_payments:
        amount, count = totals.pending, totals.pending_payments
        click.echo(
            f"Pending: {amount:,.2f} {found.currency} from {count} payment{'s' if count != 1 else ''}"
            " not yet paid (delayed methods such as SEPA Debit), not counted"
        )


@ledger.command(name="refunds")
@campaign_argument
@source_option
@now_option
def ledger_refunds(campaign: str, source: Path | None, now: str | None) -> None:
    """List the payments to refund, as CSV.

    For an all-or-nothing campaign that ended under its goal: every payment to refund.
    """
    found, rows, _ = campaign_in(source, campaign)
    moment = parse_now(now)
    # Judged on the figure the page shows (rates, fees net or gross), never on another.
    raised = campaign_totals(found, rows, now=moment).raised
    state = campaign_state(found.source, raised, moment)
    if state is not CampaignState.UNSUCCESSFUL:
        click.echo(f"Nothing to refund: {found.slug} is {state.value}.", err=True)
        return
    click.echo(refunds_csv(rows), nl=False)
    for total in reported_totals(rows):
        click.echo(
            f"Not listed: {printable(total.processor)} reports {total.gross:f} {total.currency} "
            f"as one total ({printable(total.transaction_id)}): refund its donors there",
            err=True,
        )


# How often and how long a sync tries a failing request (tests replace it to wait for nothing).
RETRY_POLICY = RetryPolicy()


def since_moment(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> datetime | None:
    """--since: a date (its first moment, in UTC) or a date-time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"expected a date such as 2026-12-01 (or a date-time), got {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@ledger.command(name="sync")
@click.argument("campaigns", metavar="[CAMPAIGN]...", nargs=-1)
@click.option(
    "--only",
    "only",
    type=click.Choice(source_names()),
    help="Read this source only (default: every source the campaigns' pledge options name).",
)
@click.option(
    "--since",
    metavar="DATE",
    callback=since_moment,
    help="Read only the payments made from this date, e.g. 2026-12-01 (older rows stay as "
    "they are; refunds of older payments are then not seen).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option(
    "--configured-only",
    is_flag=True,
    help="Leave out, with a note, the sources whose keys are not set (for a scheduled "
    "workflow that reads only what the repository has secrets for).",
)
@source_option
@now_option
def ledger_sync(
    campaigns: tuple[str, ...],
    only: str | None,
    since: datetime | None,
    dry_run: bool,
    configured_only: bool,
    source: Path | None,
    now: str | None,
) -> None:
    """Read payments from the processors' APIs into the ledgers.

    Each CAMPAIGN (default: every campaign) gets the payments made through the links its
    pledge options name, merged into its ledger.csv as `ledger import` merges an export.
    Keys come from the environment only, one variable per source: PLEDGEKIT_STRIPE_KEY;
    PLEDGEKIT_PAYPAL_CLIENT_ID and PLEDGEKIT_PAYPAL_SECRET; PLEDGEKIT_EVERY_ORG_KEY;
    PLEDGEKIT_DONORBOX_EMAIL and PLEDGEKIT_DONORBOX_KEY; PLEDGEKIT_GITHUB_TOKEN; optionally
    PLEDGEKIT_OPEN_COLLECTIVE_TOKEN (Liberapay needs none). See docs/ledger.md.
    Exits with 1 when a source could not be read; the others are synced all the same.
    """
    moment = parse_now(now)
    content = source or default_source()
    with reported_failures("the ledgers are unchanged"):
        validated = validated_site(content)
    known = [campaign.slug for campaign in validated.campaigns]
    unknown = [slug for slug in campaigns if slug not in known]
    if unknown:
        raise click.BadParameter(
            f"no campaign {', '.join(map(repr, unknown))} in {content} (campaigns: {', '.join(known)})",
            param_hint="CAMPAIGN",
        )
    settings = SyncSettings(
        os.environ, RETRY_POLICY, since, warn=lambda text: click.echo(text, err=True)
    )
    with reported_failures("the ledgers are unchanged"):
        report = sync_ledgers(
            validated,
            content,
            list(dict.fromkeys(campaigns)) or known,
            settings,
            moment,
            dry_run,
            [only] if only else None,
            configured_only=configured_only,
        )
    for name, unset in report.unconfigured.items():
        unset_said = (
            f"{', '.join(unset[:-1])} and {unset[-1]} are" if len(unset) > 1 else f"{unset[0]} is"
        )
        click.echo(f"{name}: not read: {unset_said} not set (--configured-only)")
    if not report.sources_read and not report.unconfigured:
        click.echo(
            "Nothing to sync: no campaign takes pledges through a source `ledger sync` reads "
            f"({', '.join(source_names())}); import the others' exports with `ledger import`."
        )
    for synced in report.synced:
        changes, result = synced.changes, synced.result
        click.echo(
            f"{synced.campaign}: {synced.source}: {rows_read(result.rows)} read: "
            f"{len(changes.added)} added, {len(changes.updated)} updated, "
            f"{changes.unchanged} unchanged"
        )
        for row in changes.added:
            click.echo(show_row("+", row))
        for before, after in changes.updated:
            click.echo(show_row("~", after) + f" (was {was(before, after)})")
        for reason, count in sorted(result.skipped.items()):
            click.echo(f"  skipped {count} {reason}")
        for note in result.notes:
            click.echo(f"  note: {printable(note)}")
    if dry_run and report.synced:
        click.echo("Dry run: no ledger was written.")
    for failure in report.failures:
        click.echo(printable(failure), err=True)
    if report.failures:
        raise click.exceptions.Exit(1)
