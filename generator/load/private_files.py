"""What is never published nor read as a site's own files, whatever a link calls it: hidden
files and folders, processor exports, the ledger. Decided on the real path, after links."""

from __future__ import annotations

from pathlib import PurePosixPath

from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.ledger.sync.state import SYNC_FILE

# Where a campaign keeps the processor exports it imports: rows with backers' e-mails.
EXPORTS_FOLDER = "exports"


def private_reason(relative: str | PurePosixPath, folder: bool = False) -> str | None:
    """Why the file (or `folder`) at `relative`, a real path inside the site or a campaign
    folder, is never published; None when nothing makes it private."""
    parts = PurePosixPath(relative).parts
    if any(part.startswith(".") for part in parts):
        return "hidden files and folders are private"
    folders = parts if folder else parts[:-1]
    if any(part.casefold() == EXPORTS_FOLDER for part in folders):
        return "exports hold backers' personal data"
    if parts and not folder and parts[-1].casefold() in (LEDGER_FILE, SYNC_FILE):
        return "the ledger holds backers' payments"
    return None


def never_published(written: str, relative: str, reason: str) -> str:
    """The message for a reference `written` to private file `relative` (its real path)."""
    if written == relative:
        return f"'{written}' is never published ({reason})"
    return f"'{written}' leads to {relative}, which is never published ({reason})"
