"""Files a campaign refers to (images, attachments): they must exist inside the campaign folder,
be of a published type, and are then the only files copied into the site."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.problems import Problem, Severity
from generator.validate.svg import svg_problems

IMAGE_SUFFIXES = frozenset([".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif"])
PUBLISHED_SUFFIXES = IMAGE_SUFFIXES | frozenset([".pdf", ".txt", ".mp3", ".mp4", ".webm"])
# Pictures are decoded to make smaller copies: a small file may declare a huge picture (a
# "decompression bomb": 10,000 × 10,000 pixels take a gigabyte and twenty seconds). 50
# megapixels is more than any phone camera takes, and far more than a page shows.
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

    A file that is a symbolic link must lead to a file inside the same campaign folder, so that
    nothing from elsewhere on the machine (a key, /etc/passwd) can be published by a link.
    """
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    root = folder.resolve()
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
        path = folder / name
        if not path.is_file():
            problems.append(
                _error(reference, f"file not found: {reference.written} (beside campaign.yaml)")
            )
        elif root not in path.resolve().parents:
            problems.append(
                _error(
                    reference,
                    f"{reference.written} links to a file outside the campaign folder; copy the file in instead",
                )
            )
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
    # Imported here: generator.advice's package imports validation in turn.
    from generator.advice.images import image_size

    width, height = image_size(path) or (0, 0)
    if width * height <= MAX_IMAGE_PIXELS:
        return None
    return (
        f"is {width:.0f} × {height:.0f} pixels, more than {MAX_IMAGE_PIXELS // 1_000_000} "
        "megapixels: make it smaller"
    )
