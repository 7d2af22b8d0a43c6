"""`pledgekit ledger import`: read an export, tell each payment's tier, merge into the ledger."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pledgekit.ledger.encodings import export_text
from pledgekit.ledger.files import read_limited
from pledgekit.ledger.importers import (
    ImportResult,
    conflict_message,
    detect_importer,
    get_importer,
    importer_names,
)
from pledgekit.ledger.lock import WAIT_SECONDS, ledger_lock
from pledgekit.ledger.rows import TITLE_PREFIX, Kind, LedgerRow
from pledgekit.ledger.store import (
    LEDGER_FILE,
    Changes,
    merge,
    read_ledger_lines,
    remove_leftovers,
    write_ledger,
)
from pledgekit.ledger.sync.state import EXPORT_SUFFIX, SYNC_FILE, read_reads, record_reads
from pledgekit.ledger.sync.state import remove_leftovers as remove_record_leftovers
from pledgekit.model.campaign import Campaign
from pledgekit.problems import ContentErrors, Problem


@dataclass
class ImportReport:
    format: str
    changes: Changes
    result: ImportResult
    unmatched: list[LedgerRow] = field(default_factory=list)  # named a tier no tier answers to
    without_tier: int = 0  # payments that chose no tier: pledges without a reward


def read_export(
    path: Path, file: str, encoding: str | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the (line number, cells) of each row that is not blank. ContentErrors
    (at the line) for a file that is no regular file or too large (see read_limited), whose
    encoding cannot be told (see export_text), or that the CSV reader cannot follow, such as
    a cell longer than its limit, which a quote left open makes of the rest of a file."""
    text = export_text(read_limited(path, file), file, encoding)
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
    encoding: str | None = None,
    wait: float = WAIT_SECONDS,
    now: datetime | None = None,
) -> ImportReport:
    """Merge one export into the campaign's ledger; raise ContentErrors (writing nothing) when
    any row cannot be read or tells a payment of the ledger differently. The ledger is locked
    from reading it to replacing it (not for a dry run), so imports at once keep every row.
    With `now`, the moment the export was read is recorded as `<format>-export` in
    ledger-sync.json (see merge_under_lock)."""
    header, rows = read_export(export, export_name, encoding)
    importer = get_importer(format_name) if format_name else detect_importer(header)
    if importer is None:
        known = ", ".join(importer_names())
        message = f"cannot tell the export's format from its header; use --format ({known})"
        raise ContentErrors([Problem(export_name, 1, 1, "", message)])
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
    read = (f"{importer.name}{EXPORT_SUFFIX}", now) if now is not None else None
    changes = merge_under_lock(folder, told, result, export_name, dry_run, wait, read)
    # A payment that named a tier (an id, an item title) which none of the tiers answers to.
    unmatched = [
        row
        for row, matched in zip(result.rows, told, strict=True)
        if row.kind is Kind.PAYMENT and row.tier and not matched.tier
    ]
    without_tier = sum(1 for row in told if row.kind is Kind.PAYMENT and not row.tier)
    return ImportReport(importer.name, changes, result, unmatched, without_tier - len(unmatched))


def merge_under_lock(
    folder: Path,
    rows: list[LedgerRow],
    result: ImportResult,
    source_name: str,
    dry_run: bool,
    wait: float = WAIT_SECONDS,
    read: tuple[str, datetime] | None = None,
) -> Changes:
    """Merge rows read from one source (an export, an API) into the ledger in `folder`, holding
    its lock from reading it to replacing it (no lock for a dry run, which writes nothing).
    `read`, (source, moment), records in ledger-sync.json when that source was read: after the
    ledger, so that the record never claims a read whose rows the ledger lacks."""
    ledger_path = folder / LEDGER_FILE
    ledger_name = str(ledger_path)
    if dry_run:
        return merge_into_ledger(ledger_path, ledger_name, rows, result, source_name, True)
    with ledger_lock(ledger_path, ledger_name, wait):
        record = folder / SYNC_FILE
        reads = {}
        if read is not None:
            remove_record_leftovers(record)
            reads = read_reads(record, str(record))  # refused before the ledger is written
        changes = merge_into_ledger(ledger_path, ledger_name, rows, result, source_name, False)
        if read is not None:
            record_reads(folder, [read[0]], read[1], changes.any, reads)
    return changes


def merge_into_ledger(
    ledger_path: Path,
    ledger_name: str,
    rows: list[LedgerRow],
    result: ImportResult,
    export_name: str,
    dry_run: bool,
) -> Changes:
    """Read the ledger, merge the rows in, and write it (unless a dry run): the steps the
    ledger's lock is held across. ContentErrors naming both lines for a payment that the
    export and the ledger tell differently."""
    if not dry_run:
        remove_leftovers(ledger_path)
    located, problems = read_ledger_lines(ledger_path, ledger_name)
    if problems:
        raise ContentErrors(problems)
    merged, changes = merge([row for _, row in located], rows)
    if changes.conflicts:
        raise ContentErrors(conflict_problems(changes, located, result, export_name, ledger_name))
    if changes.any and not dry_run:
        write_ledger(ledger_path, merged, ledger_name)
    return changes


def conflict_problems(
    changes: Changes,
    located: list[tuple[int, LedgerRow]],
    result: ImportResult,
    export_name: str,
    ledger_name: str,
) -> list[Problem]:
    """Each payment the export tells otherwise than the ledger, at its line in the export,
    naming its line in the ledger."""
    ledger_lines = {row.key: line for line, row in located}
    problems = []
    for imported, known in changes.conflicts:
        message = conflict_message(imported, known, f"in {ledger_name}:{ledger_lines[known.key]}")
        assert message is not None  # merge lists only rows that conflict
        problems.append(Problem(export_name, result.lines.get(imported.key, 1), 1, "", message))
    return problems
