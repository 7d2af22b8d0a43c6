"""What a site's folders hold, looked at before anything in them is read: symbolic links that
leave the site or go round in a loop, links to private files from the folders the build reads
or publishes whole (static/, templates/, themes/, locale/), and things that are not files at
all (named pipes, devices, sockets), which are never opened."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pledgekit.load.private_files import private_reason
from pledgekit.names import shown_name, unpublishable_characters
from pledgekit.problems import Problem, Severity, display_path
from pledgekit.safe_read import is_inside, kind_of

# The site's folders that the build reads or publishes as a whole: anything in them is used.
USED_SITE_FOLDERS = frozenset(["static", "templates", "locale", "themes"])
NEVER_READ = "it is never read nor published; remove it"


def outside_site(path: Path, root: Path) -> Problem | None:
    """The problem with a symbolic link (or a path through one) that leads out of the site
    or round in a loop; None for any other path."""
    real_root = os.path.realpath(root)
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: a loop, before Python 3.13
        target = None
    if target is None or target.is_symlink():  # from 3.13, a loop resolves to a link
        return _problem(path, root, "symbolic link loop")
    if is_inside(target, real_root):
        return None
    return _problem(
        path, root, f"links outside the site (to {target}); copy the file into the site instead"
    )


def _problem(path: Path, root: Path, message: str, severity=Severity.ERROR) -> Problem:
    return Problem(shown_name(display_path(path, root)), 1, 1, "", message, severity)


@dataclass(frozen=True)
class _Entry:
    path: Path
    name: str  # below the folder walked, with '/'
    link: bool
    mode: int  # of the entry itself, links not followed (its kind, at least)

    @property
    def target_mode(self) -> int | None:
        """The mode of what the entry leads to (None: a link to nothing)."""
        if not self.link:
            return self.mode
        try:
            return os.stat(self.path).st_mode
        except OSError:
            return None


def _entries(folder: Path) -> Iterator[_Entry]:
    """Everything below `folder` (and `folder` itself, named ''), hidden names left out, links
    to folders not entered."""
    try:
        status = os.lstat(folder)
    except OSError:
        return
    yield _Entry(folder, "", stat.S_ISLNK(status.st_mode), status.st_mode)
    if not stat.S_ISDIR(status.st_mode):
        return
    pending = [("", str(folder))]
    while pending:
        prefix, directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                found = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in found:
            if entry.name.startswith("."):
                continue  # hidden: never read nor published
            mode = _mode(entry)
            if mode is None:
                continue  # gone meanwhile
            name = prefix + entry.name
            yield _Entry(Path(entry.path), name, stat.S_ISLNK(mode), mode)
            if stat.S_ISDIR(mode):
                pending.append((name + "/", entry.path))


def _mode(entry: os.DirEntry) -> int | None:
    """The kind of an entry, from the folder listing when it says (no system call per file)."""
    try:
        if entry.is_symlink():
            return stat.S_IFLNK
        if entry.is_dir(follow_symlinks=False):
            return stat.S_IFDIR
        if entry.is_file(follow_symlinks=False):
            return stat.S_IFREG
        return entry.stat(follow_symlinks=False).st_mode  # a pipe, a device, a socket
    except OSError:
        return None


def campaign_folder_files(folder: Path, root: Path) -> list[Problem]:
    """A campaign folder's links that leave the site or loop (errors), and what in it is not a
    regular file (a warning: never opened; an error where a file refers to it)."""
    problems = []
    for entry in _entries(folder):
        if entry.link:
            found = outside_site(entry.path, root)
            if found:
                problems.append(found)
                continue
        kind = _not_a_file(entry)
        if kind:
            problems.append(_problem(entry.path, root, kind, Severity.WARNING))
        characters = unpublishable_characters(entry.path.name)
        if characters:
            message = (
                f"its name holds control or bidi characters ({_listed(characters)}), which "
                f"hide or reorder what it is called: {NEVER_READ.replace('remove', 'rename')}"
            )
            problems.append(_problem(entry.path, root, message, Severity.WARNING))
    return problems


def site_folder_files(entry_path: Path, root: Path) -> list[Problem]:
    """The same for a file or folder of the site outside campaigns/, where links must also
    lead to nothing private; in the folders the build reads whole, what is not a regular file
    is an error, and in static folders (published whole) so are private files and names that
    cannot be addresses."""
    used = entry_path.name in USED_SITE_FOLDERS
    real_root = os.path.realpath(root)
    problems = []
    for entry in _entries(entry_path):
        if entry.link:
            found = outside_site(entry.path, root) or leads_to_private(entry.path, root, real_root)
            if found:
                problems.append(found)
                continue
        kind = _not_a_file(entry)
        if kind:
            severity = Severity.ERROR if used else Severity.WARNING
            problems.append(_problem(entry.path, root, kind, severity))
        elif _published_whole(entry_path, entry.name) and _is_file(entry):
            problems += _static_file_problems(entry, root)
    return problems


def leads_to_private(path: Path, root: Path, real_root: str | None = None) -> Problem | None:
    """The problem with a path that leads (through links) inside the site `root` to a hidden
    file or folder, into an exports folder or to a ledger; None otherwise, or when it does
    not lead inside the site (outside_site says so)."""
    real_root = real_root or os.path.realpath(root)
    target = os.path.realpath(path)
    if not is_inside(target, real_root):
        return None
    relative = PurePosixPath(Path(target).relative_to(real_root).as_posix())
    parts, folder = relative.parts, os.path.isdir(target)
    if len(parts) >= 2 and parts[0] == "campaigns" and not parts[1].startswith("."):
        # A campaign's folder name is its address, whatever it is (a campaign may be called
        # exports): what is private is inside it.
        inside = PurePosixPath(*parts[2:]) if len(parts) > 2 else None
        reason = private_reason(inside, folder) if inside else None
    else:
        reason = private_reason(relative, folder)
    if reason is None:
        return None
    return _problem(
        path,
        root,
        f"leads to {shown_name(str(relative))}, which is never read nor published ({reason})",
    )


def _not_a_file(entry: _Entry) -> str | None:
    """What the entry (or what its link leads to) is, when neither a file nor a folder."""
    mode = entry.target_mode
    if mode is None or stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None  # None: a dangling link, an error where something refers to it
    target = f"leads to {shown_name(os.path.realpath(entry.path))}, " if entry.link else ""
    return f"{target}{kind_of(mode)}, not a regular file: {NEVER_READ}"


def _is_file(entry: _Entry) -> bool:
    mode = entry.target_mode
    return mode is not None and stat.S_ISREG(mode)


def _published_whole(top: Path, name: str) -> bool:
    """Whether `name` (below the site's top-level `top`) is in a folder published as it is:
    static/, or themes/<theme>/static/."""
    parts = PurePosixPath(top.name, name).parts
    return parts[0] == "static" or (
        parts[0] == "themes" and len(parts) > 2 and parts[2] == "static"
    )


def _static_file_problems(entry: _Entry, root: Path) -> list[Problem]:
    """A file of a static folder is published as it is: not a private one, and under a name
    that can be an address."""
    problems = []
    reason = private_reason(entry.name)
    if reason:
        message = (
            f"is never published ({reason}), and every file in a static folder is: move it out"
        )
        problems.append(_problem(entry.path, root, message))
    characters = unpublishable_characters(entry.name)
    if characters:
        problems.append(_problem(entry.path, root, unpublishable_name_message(characters)))
    return problems


def unpublishable_name_message(characters: list[str]) -> str:
    return (
        f"a published file's name cannot hold control or bidi characters "
        f"({_listed(characters)}): they hide or reorder what it is called; rename it"
    )


def _listed(characters: list[str]) -> str:
    return ", ".join(shown_name(character) for character in characters)
