"""When each source of a campaign's ledger was last read: ledger-sync.json beside the ledger,
private like it, written under the ledger's lock after the ledger itself."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pledgekit.ledger.files import read_limited
from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.problems import ContentErrors, Problem

SYNC_FILE = "ledger-sync.json"
# An export imported by hand is recorded as `<format>-export` (stripe-export, generic-export).
EXPORT_SUFFIX = "-export"
SYNC_VERSION = 1
MAX_SYNC_FILE_BYTES = 1024 * 1024  # a few sources' moments; more is not a file sync wrote
AS_OF_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# A read that changed nothing moves its source's as_of only when the one recorded is older
# than this: two syncs in a row change no file, and the moment a page shows is never more
# than this behind the last read (see docs/ledger.md, "Sync from processors' APIs").
RESTAMP_AFTER = timedelta(hours=1)
# mkstemp's names for the temporary files write_reads makes (see remove_leftovers in store).
_TEMPORARY = re.compile(r"[a-z0-9_]{8}")


def as_of_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(AS_OF_FORMAT)


def read_reads(path: Path, file: str) -> dict[str, datetime]:
    """The moment each source was last read, from the file at `path` (none yet: empty).
    ContentErrors for a file this writer cannot take over without losing what it holds:
    the next write would replace it, so it is refused instead (and nothing is written)."""
    if not os.path.lexists(path):
        return {}
    text = read_limited(path, file, MAX_SYNC_FILE_BYTES).decode("utf-8", errors="replace")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        raise _unreadable(file, line, column, "it is not valid JSON") from None
    if not isinstance(data, dict) or data.get("version") != SYNC_VERSION:
        raise _unreadable(file, 1, 1, f'it is not {{"version": {SYNC_VERSION}, "sources": …}}')
    sources = data.get("sources")
    if not isinstance(sources, dict):
        raise _unreadable(file, 1, 1, '"sources" is not an object')
    reads = {}
    for name, entry in sources.items():
        written = entry.get("as_of") if isinstance(entry, dict) else None
        try:
            reads[name] = datetime.strptime(str(written), AS_OF_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise _unreadable(
                file, 1, 1, f"the as_of of {name!r} is not like 2026-12-07T10:00:00Z"
            ) from None
    return reads


def _unreadable(file: str, line: int, column: int, why: str) -> ContentErrors:
    message = (
        f"cannot record when the sources were read: {why}; fix or delete the file "
        f"(the next sync writes it anew); nothing was written"
    )
    return ContentErrors([Problem(file, line, column, "", message)])


def reads_after(
    reads: dict[str, datetime], sources: list[str], now: datetime, ledger_changed: bool
) -> dict[str, datetime] | None:
    """The record once `sources` have been read at `now`, or None when it stays as it is:
    each source's as_of moves to `now` when the read changed the ledger, when the source
    has none yet, or when its own is more than RESTAMP_AFTER old."""
    now = now.astimezone(UTC).replace(microsecond=0)
    moved = {
        source: now
        for source in sources
        if ledger_changed or source not in reads or now - reads[source] > RESTAMP_AFTER
    }
    if all(reads.get(source) == moment for source, moment in moved.items()):
        return None
    return {**reads, **moved}


def reads_text(reads: dict[str, datetime]) -> str:
    """The file's text: same record, same bytes."""
    sources = {name: {"as_of": as_of_text(moment)} for name, moment in sorted(reads.items())}
    return json.dumps({"version": SYNC_VERSION, "sources": sources}, indent=2) + "\n"


def write_reads(path: Path, reads: dict[str, datetime]) -> None:
    """Replace the record in one step (a temporary file beside it, then a rename), with the
    permissions of the ledger beside it, so that a kill leaves the old record or the new."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(temporary, _file_mode(path))  # mkstemp makes it private: keep the ledger's
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as output:
            output.write(reads_text(reads))
            output.flush()
            os.fsync(output.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The ledger's permissions (the record is as private as it), else the record's own,
    else what the user's umask gives a new file."""
    for existing in (path.with_name(LEDGER_FILE), path):
        try:
            return existing.stat().st_mode & 0o777
        except FileNotFoundError:
            continue
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_leftovers(path: Path) -> None:
    """Delete the temporary files that a killed write of the record left beside it; only
    for the holder of the ledger's lock, as store.remove_leftovers."""
    for leftover in path.parent.glob(f".{path.name}.*"):
        if _TEMPORARY.fullmatch(leftover.name.removeprefix(f".{path.name}.")):
            leftover.unlink(missing_ok=True)


def record_reads(
    folder: Path,
    sources: list[str],
    now: datetime,
    ledger_changed: bool,
    reads: dict[str, datetime],
) -> bool:
    """Write the record once `sources` were read at `now` (see reads_after), given the
    record as it was read (`reads`) before the ledger was written; whether it was written.
    Only for the holder of the ledger's lock."""
    after = reads_after(reads, sources, now, ledger_changed)
    if after is None:
        return False
    write_reads(folder / SYNC_FILE, after)
    return True
