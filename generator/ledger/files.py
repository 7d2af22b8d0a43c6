"""Reading the files the ledger commands are given (exports, the ledger) through the one safe
reader: regular files only, never more than the size limit the build puts on every file."""

from __future__ import annotations

from pathlib import Path

from pledgekit.problems import ContentErrors, Problem
from pledgekit.safe_read import MAX_FILE_BYTES, FileRefused, read_regular_file


def size_text(size: int) -> str:
    """16777216 -> '16 MB', 17301504 -> '16.5 MB', 2000 -> '2,000 bytes'."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def read_limited(path: Path, file: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file `path` leads to, of at most `limit` bytes; ContentErrors
    at file:1:1 for anything else: a device such as /dev/zero, a named pipe, a file too large
    (refused before it is read), a file that cannot be opened."""
    try:
        return read_regular_file(path, limit)
    except FileRefused as refused:
        raise ContentErrors([Problem(file, 1, 1, "", refused.reason)]) from None
    except OSError as error:
        message = f"cannot read it: {error.strerror or error}"
        raise ContentErrors([Problem(file, 1, 1, "", message)]) from None
