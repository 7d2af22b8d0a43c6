"""The ledger file beside a campaign (ledger.csv): read, merge, and write in one atomic step."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pledgekit.ledger.bounds import as_utc, row_refusals
from pledgekit.ledger.files import read_limited, size_text
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status
from pledgekit.ledger.safe_csv import csv_text, restored
from pledgekit.problems import ContentErrors, Problem
from pledgekit.safe_read import MAX_FILE_BYTES

LEDGER_FILE = "ledger.csv"
COLUMNS = [
    "processor", "transaction_id", "date", "kind", "gross", "currency", "refunded", "status",
    "refers_to", "tier", "backer", "backer_ref", "fee", "recurring", "supporters",
]  # fmt: skip
# The header of ledgers written before fees, monthly gifts and reported totals: still read
# (those columns empty), written back with COLUMNS by the next import or sync.
FIRST_COLUMNS = COLUMNS[:12]
# The temporary files write_ledger makes beside the ledger (mkstemp's names), which only the
# holder of the ledger's lock makes: any found by the next holder were left by a kill.
TEMPORARY = re.compile(r"[a-z0-9_]{8}")


def in_ledger_order(rows: list[LedgerRow]) -> list[LedgerRow]:
    """The rows as the ledger lists them: by date, then processor and transaction id."""
    return sorted(rows, key=lambda row: (row.date, row.processor, row.transaction_id))


def ledger_text(rows: list[LedgerRow]) -> str:
    """The ledger as CSV, in a stable order: same rows, same bytes."""
    ordered = in_ledger_order(rows)
    return csv_text([
        COLUMNS,
        *([
            row.processor, row.transaction_id, row.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            row.kind.value, f"{row.gross:f}", row.currency, f"{row.refunded:f}", row.status.value,
            row.refers_to, row.tier, row.backer, row.backer_ref, f"{row.fee:f}", row.recurring.value,
            "" if row.supporters is None else str(row.supporters),
        ] for row in ordered),
    ])  # fmt: skip


def parse_ledger(text: str, file: str) -> tuple[list[LedgerRow], list[Problem]]:
    located, problems = parse_ledger_lines(text, file)
    return [row for _, row in located], problems


def parse_ledger_lines(text: str, file: str) -> tuple[list[tuple[int, LedgerRow]], list[Problem]]:
    """The ledger's rows with their line numbers, and a problem for each row that cannot be
    read, holds what no import stores (see bounds), or repeats a payment."""
    rows: list[tuple[int, LedgerRow]] = []
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header not in (COLUMNS, FIRST_COLUMNS):
            message = f"not a pledgekit ledger: the header must be {','.join(COLUMNS)}"
            return [], [Problem(file, 1, 1, "", message)]
        first_lines: dict[tuple[str, str], int] = {}
        for cells in reader:
            line = reader.line_num
            row = _ledger_row([restored(cell) for cell in cells], header, file, line, problems)
            if row is None:
                continue
            if row.key in first_lines:
                message = (
                    f"transaction {row.transaction_id!r} of {row.processor} is also on line "
                    f"{first_lines[row.key]}; a ledger holds each payment once"
                )
                problems.append(Problem(file, line, 1, "transaction_id", message))
                continue
            first_lines[row.key] = line
            rows.append((line, row))
    except csv.Error as error:
        problems.append(
            Problem(file, reader.line_num, 1, "", f"cannot read the ledger as CSV: {error}")
        )
    return rows, problems


def _ledger_row(
    cells: list[str], header: list[str], file: str, line: int, problems: list[Problem]
) -> LedgerRow | None:
    """One line of the ledger as a row, or None with its problems added to `problems`."""
    if len(cells) != len(header):
        problems.append(
            Problem(file, line, 1, "", f"expected {len(header)} cells, got {len(cells)}")
        )
        return None
    values = {"fee": "0", "recurring": "", "supporters": ""} | dict(zip(header, cells, strict=True))
    try:
        row = LedgerRow(
            processor=values["processor"], transaction_id=values["transaction_id"],
            date=_utc_moment(values["date"]), kind=Kind(values["kind"]),
            gross=Decimal(values["gross"]), currency=values["currency"],
            refunded=Decimal(values["refunded"]), status=Status(values["status"]),
            refers_to=values["refers_to"], tier=values["tier"], backer=values["backer"],
            backer_ref=values["backer_ref"], fee=Decimal(values["fee"] or "0"),
            recurring=Recurring(values["recurring"]),
            supporters=_count(values["supporters"]),
        )  # fmt: skip
    except (ValueError, InvalidOperation, OverflowError) as error:
        problems.append(Problem(file, line, 1, "", f"unreadable ledger row: {error}"))
        return None
    refusals = row_refusals(row, values)
    problems += [Problem(file, line, 1, column, message) for column, message in refusals]
    return None if refusals else row


def _count(text: str) -> int | None:
    """The supporters cell: empty, or a whole number written in ASCII digits."""
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"supporters must be a whole number, got {text[:40]!r}")
    return int(text)


def _utc_moment(text: str) -> datetime:
    """A ledger date; one written without an offset is UTC, as the ledger writes every date
    (never the local time of whoever builds)."""
    moment = datetime.fromisoformat(text)
    return as_utc(moment) if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_ledger(path: Path, file: str) -> tuple[list[LedgerRow], list[Problem]]:
    located, problems = read_ledger_lines(path, file)
    return [row for _, row in located], problems


def read_ledger_lines(path: Path, file: str) -> tuple[list[tuple[int, LedgerRow]], list[Problem]]:
    """The ledger's rows with their lines (none when there is no ledger yet); a ledger that is
    no regular file, is too large or is not UTF-8 is a problem, never read."""
    if not os.path.lexists(path):
        return [], []
    try:
        text = read_limited(path, file).decode("utf-8")
    except ContentErrors as error:
        return [], error.problems
    except UnicodeDecodeError as error:
        return [], [Problem(file, 1, 1, "", f"not UTF-8 text (byte {error.start})")]
    return parse_ledger_lines(text, file)


@dataclass
class Changes:
    added: list[LedgerRow] = field(default_factory=list)
    updated: list[tuple[LedgerRow, LedgerRow]] = field(default_factory=list)  # (before, after)
    unchanged: int = 0
    # (imported, in the ledger): one payment that the two tell differently (see conflict_with)
    conflicts: list[tuple[LedgerRow, LedgerRow]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.updated)


def merge(existing: list[LedgerRow], imported: list[LedgerRow]) -> tuple[list[LedgerRow], Changes]:
    """Add new payments and bring known ones up to date; the same export twice changes nothing,
    and the result does not depend on the order in which exports arrive. A row that tells a
    known payment differently (another amount…) changes nothing and is listed in conflicts."""
    rows = {row.key: row for row in existing}
    changes = Changes()
    for row in imported:
        before = rows.get(row.key)
        if before is None:
            rows[row.key] = row
            changes.added.append(row)
            continue
        if row.conflict_with(before):
            changes.conflicts.append((row, before))
            continue
        after = before.merged_with(row)
        if after == before:
            changes.unchanged += 1
        else:
            rows[row.key] = after
            changes.updated.append((before, after))
    return list(rows.values()), changes


def checked_ledger_text(rows: list[LedgerRow], file: str) -> str:
    """The ledger's text, once it is known to read back as these very rows within the size a
    build reads; ContentErrors otherwise, so that nothing is written that cannot be read."""
    text = ledger_text(rows)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        message = (
            f"the ledger would grow to {size_text(size)}, past the {size_text(MAX_FILE_BYTES)} "
            f"a build reads; nothing was written"
        )
        raise ContentErrors([Problem(file, 1, 1, "", message)])
    located, problems = parse_ledger_lines(text, file)
    why = "would not read back, so nothing was written"
    if problems:
        raise ContentErrors(
            [replace(problem, message=f"{problem.message}: {why}") for problem in problems]
        )
    for (line, read), row in zip(located, in_ledger_order(rows), strict=True):
        if read != row:
            message = f"would read back as another row ({read!r}), so nothing was written"
            raise ContentErrors([Problem(file, line, 1, "", message)])
    return text


def write_ledger(path: Path, rows: list[LedgerRow], file: str | None = None) -> None:
    """Write the whole ledger to a temporary file of this run beside it, then replace it in
    one step: a crash at any moment leaves the ledger as it was or as it is now, never part
    written. Refused (ContentErrors, nothing written) when the text would not read back."""
    text = checked_ledger_text(rows, file or str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(temporary, _file_mode(path))  # mkstemp makes it private: keep the ledger's
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as output:
            output.write(text)
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def remove_leftovers(path: Path) -> None:
    """Delete the temporary files that killed writes left beside the ledger (half a ledger,
    named backers and all). Only for the holder of the ledger's lock: no other write can be
    under way then, so no file of a live run is touched; other files are not ours."""
    for leftover in path.parent.glob(f".{path.name}.*"):
        if TEMPORARY.fullmatch(leftover.name.removeprefix(f".{path.name}.")):
            leftover.unlink(missing_ok=True)


def _file_mode(path: Path) -> int:
    """The ledger's permissions, or for a new one what the user's umask gives a new file."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the replacement itself durable (a power cut after it keeps the new ledger)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # not on every system
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
