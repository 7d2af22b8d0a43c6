"""`pledgekit ledger import`: read an export, tell each payment's tier, merge into the ledger."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.ledger import generic, paypal, stripe  # noqa: F401  (they register)
from generator.ledger.importers import ImportResult, detect_importer, get_importer, importer_names
from generator.ledger.rows import TITLE_PREFIX, Kind, LedgerRow
from generator.ledger.store import LEDGER_FILE, Changes, merge, read_ledger, write_ledger
from generator.model.campaign import Campaign
from generator.problems import ContentErrors, Problem


@dataclass
class ImportReport:
    format: str
    changes: Changes
    result: ImportResult
    unmatched: list[LedgerRow] = field(default_factory=list)  # named a tier no tier answers to
    without_tier: int = 0  # payments that chose no tier: pledges without a reward


def read_export(path: Path, file: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) of each row that is not blank; ContentErrors
    (at the line) for a file the CSV reader cannot follow, such as a cell longer than its
    limit, which a quote left open makes of the rest of a file."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        header = next(reader, [])
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as error:
        line = max(reader.line_num, 1)
        problem = Problem(file, line, 1, "", f"cannot read the file as CSV: {error}")
        raise ContentErrors([problem]) from None
    return header, rows


def for_another_campaign(row: LedgerRow, campaign: Campaign) -> bool:
    """An item number '<campaign>/<tier>' naming another campaign of the same account."""
    named_campaign, slash, _ = row.tier.rpartition("/")
    return bool(slash) and not row.tier.startswith(TITLE_PREFIX) and named_campaign != campaign.slug


def tier_of(row: LedgerRow, campaign: Campaign) -> str:
    """The tier a payment chose: the id the processor sent back (Stripe metadata, PayPal item
    number), else an item title naming a tier, else the only tier whose amount it matches."""
    tiers = campaign.source.tiers
    told = row.tier.rpartition("/")[2] if not row.tier.startswith(TITLE_PREFIX) else row.tier
    if told in {tier.id for tier in tiers}:
        return told
    if row.tier.startswith(TITLE_PREFIX):
        title = row.tier.removeprefix(TITLE_PREFIX).strip().casefold()
        for tier in tiers:
            if title in (
                tier.title.casefold(),
                f"{campaign.source.title}: {tier.title}".casefold(),
            ):
                return tier.id
    if row.currency == campaign.currency:
        same_amount = [tier.id for tier in tiers if tier.amount == row.gross]
        if len(same_amount) == 1:
            return same_amount[0]
    return ""


def import_export(
    campaign: Campaign,
    folder: Path,
    export: Path,
    export_name: str,
    format_name: str | None,
    dry_run: bool,
) -> ImportReport:
    """Merge one export into the campaign's ledger; raise ContentErrors (writing nothing) when
    any row cannot be read."""
    header, rows = read_export(export, export_name)
    importer = get_importer(format_name) if format_name else detect_importer(header)
    if importer is None:
        known = ", ".join(importer_names())
        raise ContentErrors(
            [
                Problem(
                    export_name,
                    1,
                    1,
                    "",
                    f"cannot tell the export's format from its header; use --format ({known})",
                )
            ]
        )
    result = importer.read(header, rows, export_name)
    if result.problems:
        raise ContentErrors(result.problems)
    ours = [row for row in result.rows if not for_another_campaign(row, campaign)]
    if len(ours) < len(result.rows):
        skipped = len(result.rows) - len(ours)
        result.skipped["payments for other campaigns (by their item number)"] = skipped
    result.rows = ours
    told = [
        replace(row, tier=tier_of(row, campaign)) if row.kind is Kind.PAYMENT else row
        for row in ours
    ]
    ledger_path = folder / LEDGER_FILE
    existing, problems = read_ledger(ledger_path, str(ledger_path))
    if problems:
        raise ContentErrors(problems)
    merged, changes = merge(existing, told)
    if changes.any and not dry_run:
        write_ledger(ledger_path, merged)
    # A payment that named a tier (an id, an item title) which none of the tiers answers to.
    unmatched = [
        row
        for row, matched in zip(result.rows, told, strict=True)
        if row.kind is Kind.PAYMENT and row.tier and not matched.tier
    ]
    without_tier = sum(1 for row in told if row.kind is Kind.PAYMENT and not row.tier)
    return ImportReport(importer.name, changes, result, unmatched, without_tier - len(unmatched))
