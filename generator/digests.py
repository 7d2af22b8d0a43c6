"""Digests: of bytes and strings, of pledgekit's own code, and of every file in a folder (each
re-read only when its size or times change, as git's index does). The build cache keys what it
keeps with them; slugs and names shorten with them."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from pledgekit.safe_read import MAX_FILE_BYTES, FileRefused, FileTooLarge, read_regular_file

# A file changed within this many seconds of being read may change again within the same tick
# of the file system's clock without its stamp changing; its digest is not trusted next time.
RACY_SECONDS = 2

# file name -> "DIGEST STAMP": its content digest, then the stat it had (size, mtime, ctime,
# inode), or nothing when that stat was too recent to trust. One string: a large site has many.
Digests = dict[str, str]
DIGEST_LENGTH = 32


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def code_digest() -> str:
    """pledgekit's own code: a cache made by other code is not trusted."""
    package = Path(__file__).resolve().parent  # the package folder (this module is at its top)
    return digest(*(path.read_bytes() for path in sorted(package.rglob("*.py"))))


def _stamp(status: os.stat_result) -> str:
    return f"{status.st_size}:{status.st_mtime_ns}:{status.st_ctime_ns}:{status.st_ino}"


def file_digest(entry: str) -> str:
    """The content digest in an entry of Digests."""
    return entry[:DIGEST_LENGTH]


def visible_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under `folder` (following links to files; a link to nothing as itself),
    hidden names left out, sorted. Named pipes, devices and sockets are listed too, for what
    they are: the loader warns about them, or refuses them where a file refers to them."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [("", str(folder))]
    while pending:
        prefix, directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((name + "/", entry.path))
                continue
            try:
                status = os.stat(entry.path)
            except OSError:  # a dangling link (or a loop): the loader says so
                try:
                    status = os.lstat(entry.path)
                except OSError:
                    continue  # gone meanwhile
            found.append((name, status))
    return sorted(found, key=lambda item: item[0])


def folder_digests(folder: Path, known: Digests) -> Digests:
    """The digest of every visible file under `folder`, reading only regular files whose stamp
    changed. A file larger than MAX_FILE_BYTES (a video, say) is not read: its stamp stands
    for its content, so any change to it still changes the digest. What is not a regular file
    (a named pipe, a device, a link to nothing) is never opened: its kind and where it leads
    stand for it, so that adding one is a change the loader gets to see."""
    racy_after = time.time_ns() - RACY_SECONDS * 1_000_000_000
    digests: Digests = {}
    for name, status in visible_files(folder):
        stamp = _stamp(status)
        previous = known.get(name)
        if previous is not None and previous[DIGEST_LENGTH + 1 :] == stamp:
            digests[name] = previous
            continue
        if not stat.S_ISREG(status.st_mode):
            content = digest("not a file", str(stat.S_IFMT(status.st_mode)), _target(folder / name))
        else:
            try:
                content = digest(read_regular_file(folder / name, MAX_FILE_BYTES))
            except FileTooLarge:
                content = digest("unread file of stamp", stamp)
            except (FileRefused, OSError) as error:  # changed meanwhile: the loader says what
                content = digest("unreadable", type(error).__name__, stamp)
        trusted = stamp if status.st_mtime_ns < racy_after else ""
        digests[name] = f"{content} {trusted}"
    return digests


def _target(path: Path) -> str:
    """Where a path leads (itself when it is no link)."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def combined(digests: Digests) -> str:
    """One digest for a folder: its file names and their contents."""
    return digest(*(f"{name}\0{file_digest(entry)}" for name, entry in sorted(digests.items())))
