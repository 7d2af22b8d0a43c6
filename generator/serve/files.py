"""One file of the served site, read whole through one open descriptor: found inside the
output folder without following a link, a regular file or nothing."""

from __future__ import annotations

import os
import posixpath
import stat
from pathlib import Path

# Each folder on the way is opened inside the one before (never by its whole path again),
# refusing links; the file too. O_NONBLOCK: a FIFO opens at once, and is then refused.
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_CHUNK = 1 << 20


def names_of(path: str) -> list[str] | None:
    """The names an address leads through, index.html for a folder ('/campaigns/lamp/' ->
    ['campaigns', 'lamp', 'index.html']); None for one that climbs out of the site or names a
    hidden file."""
    names = [name for name in posixpath.normpath(path).split("/") if name not in ("", ".")]
    if ".." in names or any(name.startswith(".") or "\0" in name for name in names):
        return None
    if path.endswith("/") or not names:
        names.append("index.html")
    return names


def read_file(root: Path, names: list[str]) -> bytes | None:
    """The whole content of the regular file at `names` inside `root`, read from the one
    descriptor opened for it; None when there is none (or a link, a folder, a FIFO, …)."""
    try:
        folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    try:
        for name in names[:-1]:
            inner = os.open(name, _FOLDER, dir_fd=folder)
            os.close(folder)
            folder = inner
        handle = os.open(names[-1], _FILE, dir_fd=folder)
    except (OSError, ValueError):  # missing, a link, a name too long, a NUL
        return None
    finally:
        os.close(folder)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        return _read_all(handle)
    except OSError:
        return None
    finally:
        os.close(handle)


def _read_all(handle: int) -> bytes:
    chunks = []
    while chunk := os.read(handle, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)
