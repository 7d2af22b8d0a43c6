"""The ledger file beside a campaign (ledger.csv): read, merge, and write in one atomic step."""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator.ledger.rows import Kind, LedgerRow, Status
from generator.problems import Problem

LEDGER_FILE = "ledger.csv"
COLUMNS = [
    "processor", "transaction_id", "date", "kind", "gross", "currency", "refunded", "status",
    "refers_to", "tier", "backer", "backer_ref",
]  # fmt: skip


def ledger_text(rows: list[LedgerRow]) -> str:
    """The ledger as CSV, in a stable order: same rows, same bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda row: (row.date, row.processor, row.transaction_id)):
        writer.writerow([
            row.processor, row.transaction_id, row.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            row.kind.value, f"{row.gross:f}", row.currency, f"{row.refunded:f}", row.status.value,
            row.refers_to, row.tier, row.backer, row.backer_ref,
        ])  # fmt: skip
    return buffer.getvalue()


def parse_ledger(text: str, file: str) -> tuple[list[LedgerRow], list[Problem]]:
    rows, problems = [], []
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != COLUMNS:
        return [], [
            Problem(
                file, 1, 1, "", f"not a pledgekit ledger: the header must be {','.join(COLUMNS)}"
            )
        ]
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(COLUMNS):
            problems.append(
                Problem(file, line, 1, "", f"expected {len(COLUMNS)} cells, got {len(cells)}")
            )
            continue
        values = dict(zip(COLUMNS, cells, strict=True))
        try:
            rows.append(LedgerRow(
                processor=values["processor"], transaction_id=values["transaction_id"],
                date=datetime.fromisoformat(values["date"]).astimezone(UTC), kind=Kind(values["kind"]),
                gross=Decimal(values["gross"]), currency=values["currency"],
                refunded=Decimal(values["refunded"]), status=Status(values["status"]),
                refers_to=values["refers_to"], tier=values["tier"], backer=values["backer"],
                backer_ref=values["backer_ref"],
            ))  # fmt: skip
        except (ValueError, InvalidOperation) as error:
            problems.append(Problem(file, line, 1, "", f"unreadable ledger row: {error}"))
    return rows, problems


def read_ledger(path: Path, file: str) -> tuple[list[LedgerRow], list[Problem]]:
    if not path.is_file():
        return [], []
    return parse_ledger(path.read_text(encoding="utf-8"), file)


@dataclass
class Changes:
    added: list[LedgerRow] = field(default_factory=list)
    updated: list[tuple[LedgerRow, LedgerRow]] = field(default_factory=list)  # (before, after)
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.updated)


def merge(existing: list[LedgerRow], imported: list[LedgerRow]) -> tuple[list[LedgerRow], Changes]:
    """Add new payments and bring known ones up to date; the same export twice changes nothing,
    and the result does not depend on the order in which exports arrive."""
    rows = {row.key: row for row in existing}
    changes = Changes()
    for row in imported:
        before = rows.get(row.key)
        if before is None:
            rows[row.key] = row
            changes.added.append(row)
            continue
        after = before.merged_with(row)
        if after == before:
            changes.unchanged += 1
        else:
            rows[row.key] = after
            changes.updated.append((before, after))
    return list(rows.values()), changes


def write_ledger(path: Path, rows: list[LedgerRow]) -> None:
    """Write the whole ledger to a temporary file beside it, then replace it in one step: a
    crash at any moment leaves the ledger as it was or as it is now, never part written."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(temporary, _file_mode(path))  # mkstemp makes it private: keep the ledger's
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(ledger_text(rows))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    # A write that was killed left its temporary file: half a ledger, named backers and all.
    for leftover in path.parent.glob(f".{path.name}.*"):
        if re.fullmatch(r"[a-z0-9_]{8}", leftover.name.removeprefix(f".{path.name}.")):
            leftover.unlink(missing_ok=True)  # a name mkstemp gives; other files are not ours


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
