"""Reading the files the ledger commands are given: regular files only, never more than the
size limit the build puts on every file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.limits import MAX_FILE_BYTES
from generator.problems import ContentErrors, Problem

# What a path that is not a regular file is, in words (after following symbolic links).
KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def size_text(size: int) -> str:
    """16777216 -> '16 MB', 17301504 -> '16.5 MB', 2000 -> '2,000 bytes'."""
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def read_limited(path: Path, file: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; ContentErrors (at file:1:1) for
    anything else: a device such as /dev/zero, a named pipe, a folder, a file too large."""
    try:
        # O_NONBLOCK: opening a named pipe with no writer would otherwise wait for ever.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise ContentErrors(
            [Problem(file, 1, 1, "", f"cannot read it: {error.strerror}")]
        ) from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)  # of what was opened, not of what the path names now
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in KINDS if test(status.st_mode)), "no regular file")
            message = f"not a regular file but {kind}; give the path of the file itself"
            raise ContentErrors([Problem(file, 1, 1, "", message)])
        too_large = (
            f"the file is larger than {size_text(limit)}, the limit on any file pledgekit reads"
        )
        if status.st_size > limit:
            message = f"{too_large} ({size_text(status.st_size)})"
            raise ContentErrors([Problem(file, 1, 1, "", message)])
        data = handle.read(limit + 1)  # a file that grows meanwhile is still read no further
    if len(data) > limit:
        raise ContentErrors([Problem(file, 1, 1, "", too_large)])
    return data
