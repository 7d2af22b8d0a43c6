"""Limits on what pledgekit reads, shared by the build and the ledger commands."""

from __future__ import annotations

# Any text file of the content, ledger.csv among them, and any export `ledger import` reads
# (a 10 MB story renders in a few seconds; see docs/content.md and docs/ledger.md).
MAX_FILE_BYTES = 16 * 1024 * 1024
