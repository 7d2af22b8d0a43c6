"""Write a site into a staging folder beside the output, then swap it in: all or nothing."""

from __future__ import annotations

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
    if output.is_file():
        raise OutputRefused(f"the output path {output} is a file")
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
    for stale in output.parent.glob(f".{output.name}.pledgekit-*"):
        shutil.rmtree(stale, ignore_errors=True)
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


def _swap(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
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
