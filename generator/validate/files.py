"""Files a campaign refers to (images, attachments): they must exist inside the campaign folder,
be of a published type, and are then the only files copied into the site."""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.load.private_files import never_published, private_reason
from pledgekit.load.site_files import unpublishable_name_message
from pledgekit.names import shown_name, unpublishable_characters
from pledgekit.pictures import image_size
from pledgekit.problems import Problem, Severity
from pledgekit.safe_read import ONLY_REGULAR, FileRefused, is_inside, kind_of, real_path
from pledgekit.validate.secrets import MAX_SCANNED_BYTES
from pledgekit.validate.svg import svg_problems

IMAGE_SUFFIXES = frozenset([".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif"])
PUBLISHED_SUFFIXES = IMAGE_SUFFIXES | frozenset([".pdf", ".txt", ".mp3", ".mp4", ".webm"])
# Pictures are decoded to make smaller copies: a small file may declare a huge picture (a
# "decompression bomb": 10,000 × 10,000 pixels take a gigabyte and twenty seconds). 50
# megapixels is more than any phone camera takes, and far more than a page shows.
# The largest file a campaign publishes: every one is searched for secrets first.
MAX_PUBLISHED_BYTES = MAX_SCANNED_BYTES
MAX_IMAGE_PIXELS = 50_000_000
_DECODED_SUFFIXES = frozenset([".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif"])

# Builds a problem at the place the reference was written.
Locate = Callable[[str, Severity], Problem]


@dataclass(frozen=True)
class FileReference:
    written: str  # as written: 'hero.svg', 'docs/plan.pdf', or an https:// address
    locate: Locate
    image: bool = False


def _error(reference: FileReference, message: str) -> Problem:
    return reference.locate(message, Severity.ERROR)


def check_references(
    references: list[FileReference], folder: Path
) -> tuple[dict[str, Path], list[Problem]]:
    """The files to publish (name inside the campaign folder -> file), and what is wrong.

    What is published is decided by what the file is, once every link is followed (see
    published_file): nothing from elsewhere on the machine (a key, /etc/passwd), nothing
    private of the campaign (its exports, its ledger, hidden files), nothing but files.
    """
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    root = Path(os.path.realpath(folder))
    for reference in references:
        parts = urlsplit(reference.written)
        if parts.scheme in ("http", "https"):
            if reference.image:
                message = (
                    f"image loads from another site ({parts.hostname}), so every visitor's "
                    "browser contacts it; put the file beside campaign.yaml instead"
                )
                problems.append(reference.locate(message, Severity.WARNING))
            continue
        name = posixpath.normpath(unquote(parts.path))
        suffix = posixpath.splitext(name)[1].lower()
        if not suffix or parts.path.endswith("/"):
            continue  # a link to a page, not a file
        if name.startswith(("../", "/")) or name == "..":
            problems.append(
                _error(reference, f"{reference.written}: files must be inside the campaign folder")
            )
            continue
        if any(part.startswith(".") for part in name.split("/")):
            problems.append(
                _error(reference, f"{reference.written}: hidden files are never published")
            )
            continue
        path, refused = published_file(reference, name, folder, root)
        if refused:
            problems.append(_error(reference, refused))
        elif reference.image and suffix not in IMAGE_SUFFIXES:
            problems.append(
                _error(
                    reference,
                    f"{reference.written}: images must be one of {', '.join(sorted(IMAGE_SUFFIXES))}",
                )
            )
        elif suffix not in PUBLISHED_SUFFIXES:
            problems.append(
                _error(
                    reference,
                    f"{reference.written}: {suffix} files are not published; use one of {', '.join(sorted(PUBLISHED_SUFFIXES))}",
                )
            )
        elif oversized := oversized_image(path):
            problems.append(_error(reference, f"{reference.written} {oversized}"))
        elif suffix == ".svg" and not _svg_checked(name, path, folder, files, problems):
            continue  # refused: it holds code, or is no SVG picture
        else:
            files[name] = path
    return dict(sorted(files.items())), problems


def published_file(
    reference: FileReference, name: str, folder: Path, root: Path
) -> tuple[Path, str | None]:
    """The real file that `name` (normalised, inside the campaign folder `folder`, whose real
    path is `root`) leads to, and why it may not be published (None: it may). It must be a
    regular file inside the campaign folder, not private there (hidden, under exports/, the
    ledger), named as a published file may be, and of the kind its name says."""
    written = shown_name(reference.written)
    path = folder / name
    if not os.path.lexists(path):
        return path, f"file not found: {written} (beside campaign.yaml)"
    characters = unpublishable_characters(name)
    if characters:
        return path, f"{written}: {unpublishable_name_message(characters)}"
    try:
        real = real_path(path)
    except FileRefused as refused:
        return path, f"{written}: {refused.reason}"
    except OSError as error:
        return path, f"{written}: cannot read file: {error.strerror}"
    if not is_inside(real, root) or real == root:
        return (
            path,
            f"{written} links to a file outside the campaign folder; copy the file in instead",
        )
    relative = real.relative_to(root).as_posix()
    reason = private_reason(relative) or _the_ledger(real, folder)
    if reason:
        return real, never_published(written, shown_name(relative), reason)
    status = os.stat(real)
    if not stat.S_ISREG(status.st_mode):
        what = written if relative == name else f"{written}' leads to {shown_name(relative)}, '"
        return real, f"'{what}' is {kind_of(status.st_mode)}, not a regular file: {ONLY_REGULAR}"
    if status.st_size > MAX_PUBLISHED_BYTES:
        return real, (
            f"'{written}' is {status.st_size:,} bytes; a file the site publishes is at most "
            f"{MAX_PUBLISHED_BYTES // (1024 * 1024)} MB (each is searched for secrets before it "
            "is published): make it smaller, or link to it where it is hosted"
        )
    twin = _private_twin(status, root) if status.st_nlink > 1 else None
    if twin:
        other, reason = twin
        return real, (
            f"'{written}' is the same file as {shown_name(other)} (a hard link), which is never "
            f"published ({reason})"
        )
    suffix, real_suffix = (posixpath.splitext(n)[1].lower() for n in (name, relative))
    if _kind(suffix) != _kind(real_suffix):
        return real, (
            f"'{written}' leads to {shown_name(relative)}: a link is published under its own "
            f"name, so it must end as its file does ({real_suffix or 'no suffix'}, not {suffix})"
        )
    return real, None


def _the_ledger(real: Path, folder: Path) -> str | None:
    """The reason a file is private when it is the campaign's ledger under another name."""
    ledger = folder / LEDGER_FILE
    if os.path.lexists(ledger) and os.path.realpath(ledger) == os.fspath(real):
        return "it is the ledger, which holds backers' payments"
    return None


def _private_twin(status: os.stat_result, root: Path) -> tuple[str, str] | None:
    """A private file of the campaign folder that is the same file (a hard link to it), with
    why it is private; looked for only when the file has more than one name."""
    for current, folders, files in os.walk(root):
        for name in files:
            path = Path(current, name)
            relative = path.relative_to(root).as_posix()
            reason = private_reason(relative) or _the_ledger(path, root)
            if reason is None:
                continue
            try:
                other = os.stat(path, follow_symlinks=False)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (status.st_dev, status.st_ino):
                return relative, reason
        folders.sort()
    return None


def _kind(suffix: str) -> str:
    """What a suffix says a file is: .jpg and .jpeg are one kind."""
    return ".jpg" if suffix == ".jpeg" else suffix


def _svg_checked(
    name: str, path: Path, folder: Path, files: dict[str, Path], problems: list[Problem]
) -> bool:
    """Whether an SVG picture may be published (as cleaned by generator.load.svg): its
    problems are added once, however often it is referred to."""
    if name in files:
        return True
    found = svg_problems(path, folder.parent.parent)
    if any(problem in problems for problem in found):
        return False  # refused at an earlier reference
    problems += found
    return not any(problem.severity is Severity.ERROR for problem in found)


def oversized_image(path: Path) -> str | None:
    """What is wrong with a picture of more than MAX_IMAGE_PIXELS, read from its header alone
    (never decoded); None for any other file."""
    if path.suffix.lower() not in _DECODED_SUFFIXES:
        return None
    width, height = image_size(path) or (0, 0)
    if width * height <= MAX_IMAGE_PIXELS:
        return None
    return (
        f"is {width:.0f} × {height:.0f} pixels, more than {MAX_IMAGE_PIXELS // 1_000_000} "
        "megapixels: make it smaller"
    )
