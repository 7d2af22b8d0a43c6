"""Write a site into a staging folder beside the output, then swap it in: all or nothing."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

MARKER = ".pledgekit-output"


class OutputRefused(Exception):
    """The output folder is somewhere pledgekit must not write."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(output: Path, source: Path) -> None:
    """Refuse folders whose replacement would lose the user's work."""
    output, source = output.resolve(), source.resolve()
    if output == Path(output.anchor) or output == Path.home().resolve():
        raise OutputRefused(f"refusing to use {output} as the output folder")
    if _inside(source, output):
        raise OutputRefused(f"the output folder {output} would contain the source folder {source}")
    if _inside(output, source):
        raise OutputRefused(f"the output folder {output} is inside the source folder {source}")
    if (output / ".git").exists():
        raise OutputRefused(f"the output folder {output} is a git repository root")
    for folder in (output, *output.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputRefused(f"the output path {output} cannot be made: {folder} is a file")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise OutputRefused(
            f"{output} is not empty and was not written by pledgekit; "
            "empty it or choose another --output folder"
        )


def write_output(
    files: Iterable[tuple[str, bytes]], copies: dict[str, Path], output: Path, source: Path
) -> int:
    """Write every file, then replace the output folder in one step; returns the file count.

    If anything fails before the swap, the previous output stays exactly as it was.
    """
    check_output_folder(output, source)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    _recover(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.pledgekit-new-", dir=output.parent))
    count = 0
    try:
        for path, content in files:
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            count += 1
        for path, source_file in copies.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_file, target)
            count += 1
        (staging / MARKER).write_text(
            "This folder is written by pledgekit and replaced on each build.\n"
        )
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, output)
    return count


def _recover(output: Path) -> None:
    """Clear what an interrupted build left beside the output folder.

    A staging folder is never the only copy of a site; a retired one is, when a crash fell
    between the two renames of the fallback swap: it is put back rather than deleted.
    """
    retired = sorted(output.parent.glob(f".{output.name}.pledgekit-old-*"))
    if retired and not output.exists():
        retired.pop().rename(output)
    for leftover in [*retired, *output.parent.glob(f".{output.name}.pledgekit-new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where that is not offered."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    current_directory, rename_exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    if (
        renameat2(
            current_directory,
            os.fsencode(first),
            current_directory,
            os.fsencode(second),
            rename_exchange,
        )
        == 0
    ):
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def _swap(staging: Path, output: Path) -> None:
    """Put the new site in place: readers see the old site or the new one, never neither."""
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.pledgekit-old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
