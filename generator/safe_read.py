"""Read a file only when it really is a regular file (inside a folder, when one is given), and
never more than a limit: a link to /dev/zero, a FIFO or a swapped file is refused, not read.

Every read of content goes through read_regular_file: it checks what the path leads to before
opening it (opening some devices does something), opens without following a link swapped in
since and without waiting on a FIFO, checks the opened descriptor is the file it checked, and
reads at most `limit` bytes whatever the file's size claims.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Any text file of the content (a 10 MB story renders in a few seconds; see docs/content.md).
MAX_FILE_BYTES = 16 * 1024 * 1024
_CHUNK = 1024 * 1024
# O_NONBLOCK: opening a FIFO waits for a writer without it. O_NOFOLLOW: the last part of the
# checked real path must not have become a link meanwhile. O_NOCTTY: a terminal never becomes
# ours. Flags a system lacks are 0.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
ONLY_REGULAR = "pledgekit reads only regular files"


class FileRefused(Exception):
    """A file that is not read. `reason` says why, without the file's name (the caller shows
    where it is): 'a named pipe (FIFO), not a regular file: pledgekit reads only regular files'."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class FileTooLarge(FileRefused):
    """A file over the reader's limit (`size`: its size, or a lower bound when it grew)."""

    def __init__(self, path: Path | str, size: int, limit: int, grew: bool = False):
        self.size, self.limit = size, limit
        amount = f"more than {limit} bytes" if grew else f"{size} bytes"
        super().__init__(path, f"file is too large ({amount}; the limit is {_amount(limit)})")


def _amount(limit: int) -> str:
    mebibytes, rest = divmod(limit, 1024 * 1024)
    return f"{mebibytes} MB" if mebibytes and not rest else f"{limit} bytes"


def kind_of(mode: int) -> str:
    """What a file mode says a file is, in words: 'a named pipe (FIFO)', 'a folder'."""
    kinds = (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    )
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def real_path(path: Path | str) -> Path:
    """Where `path` leads once every symbolic link is followed; FileRefused for a loop or a
    link that leads nowhere."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise FileRefused(path, "symbolic link loop") from error
        if isinstance(error, FileNotFoundError) and os.path.lexists(path):
            raise FileRefused(path, "a symbolic link to a file that does not exist") from error
        raise


def is_inside(path: Path | str, folder: Path | str) -> bool:
    """Whether real path `path` is `folder` or below it (both real paths)."""
    path, folder = os.fspath(path), os.fspath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def regular_file(path: Path | str, root: Path | str | None = None) -> tuple[Path, os.stat_result]:
    """The real path of `path` and its status, when it leads to a regular file (inside `root`,
    a real path, when given); FileRefused otherwise. Nothing is opened."""
    target = real_path(path)
    if root is not None and not is_inside(target, root):
        raise FileRefused(
            path, f"links outside the site (to {target}); copy the file into the site instead"
        )
    status = os.stat(target, follow_symlinks=False)
    if not stat.S_ISREG(status.st_mode):
        kind = kind_of(status.st_mode)
        if os.path.islink(path):
            reason = f"leads to {target}, {kind}, not a regular file: {ONLY_REGULAR}"
        else:
            reason = f"{kind}, not a regular file: {ONLY_REGULAR}"
        raise FileRefused(path, reason)
    return target, status


def read_regular_file(
    path: Path | str, limit: int = MAX_FILE_BYTES, root: Path | str | None = None
) -> bytes:
    """The bytes of `path`, which must lead to a regular file (inside real folder `root` when
    given) of at most `limit` bytes. Raises FileRefused (FileTooLarge for size) saying why not,
    or OSError when the file cannot be read at all (missing, no permission)."""
    target, status = regular_file(path, root)
    if status.st_size > limit:
        raise FileTooLarge(path, status.st_size, limit)
    try:
        descriptor = os.open(target, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:  # the checked file became a link
            raise FileRefused(path, _CHANGED) from error
        raise
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            status.st_dev,
            status.st_ino,
        ):
            raise FileRefused(path, _CHANGED)
        return _read_at_most(descriptor, path, limit)
    finally:
        os.close(descriptor)


_CHANGED = "changed while it was being read (another file or link took its place); try again"


def _read_at_most(descriptor: int, path: Path | str, limit: int) -> bytes:
    """Up to `limit` bytes, then FileTooLarge if there is more: the size a file claims is not
    trusted (it may grow while read, or say 0 as /proc files do)."""
    chunks, total = [], 0
    while True:
        chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise FileTooLarge(path, total, limit, grew=True)
