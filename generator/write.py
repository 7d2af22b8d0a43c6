"""Write a site as a new generation beside the output, then swap it in: all or nothing.

The new generation is written over the one before the current output, which the cache keeps:
a file that did not change in the last two builds is already right there and is left alone
(same inode, same mtime); a file that changed only in the last build is linked from the current
output; only new content is written. The swap is one atomic exchange of the two folders, so a
reader, a crash or a failed build sees the old site or the new one, never a mixture.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pledgekit.cache import BuildCache, CacheState, OutputRecord
from pledgekit.digests import digest

MARKER = ".pledgekit-output"
MARKER_TEXT = "This folder is written by pledgekit and replaced on each build.\n"

Manifest = dict[str, dict[str, str]]  # part of the site -> output path -> content digest


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


@dataclass
class Placer:
    """Puts one part's files into the new generation; sent to the process that renders them."""

    staging: Path | None  # None: check only, nothing is written
    output: Path | None
    previous: dict[str, str]  # what the staging folder holds for this part
    current: dict[str, str]  # what the current output holds for this part
    placed: dict[str, str] = field(default_factory=dict)
    written: int = 0
    _folders: set[Path] = field(default_factory=set)

    def write(self, path: str, content: bytes) -> None:
        self._place(path, digest(content), lambda target: target.write_bytes(content))

    def copy(self, path: str, source: Path, content_digest: str) -> None:
        self._place(path, content_digest, lambda target: shutil.copyfile(source, target))

    def can_keep(self, files: dict[str, str]) -> bool:
        """Whether files made by an earlier build are still at hand, unchanged."""
        if files == self.previous or files == self.current:  # the usual case, compared in C
            return True
        return all(
            self.previous.get(path) == value or self.current.get(path) == value
            for path, value in files.items()
        )

    def keep(self, files: dict[str, str]) -> None:
        if self.staging is None or files == self.previous:  # already in place
            self.placed.update(files)
            return
        for path, value in files.items():
            self._place(path, value, None)

    def _place(self, path: str, value: str, make) -> None:
        self.placed[path] = value
        if self.staging is None or self.previous.get(path) == value:
            return
        target = self.staging / path
        if path in self.previous:
            target.unlink()
        elif target.parent not in self._folders:
            os.makedirs(target.parent, exist_ok=True)  # looks before it makes: no failed calls
            self._folders.update(target.parents)
        if self.current.get(path) == value and self.output is not None:
            try:
                os.link(self.output / path, target)  # the same file: no new write, same mtime
                return
            except OSError:
                pass
        if make is None:
            shutil.copy2(self.output / path, target)  # type: ignore[operator]
        else:
            make(target)
            self.written += 1


class OutputGeneration:
    """The next generation of the output folder, from opening to the swap."""

    def __init__(self, output: Path, source: Path, cache: BuildCache, state: CacheState):
        check_output_folder(output, source)
        self.output = output.resolve()
        self.cache = cache
        self.state = state
        self.output.parent.mkdir(parents=True, exist_ok=True)
        _recover(self.output)
        self.current_generation = _generation_of(self.output)
        self.current: Manifest = state.generations.get(self.current_generation, {})
        self.staging = cache.previous_site
        if _inside(self.staging.resolve(), self.output):  # e.g. --output . : the cache is beside
            raise OutputRefused(  # the name given, which is inside the folder it names
                f"the build cache {cache.folder} would be inside the output folder {self.output}; "
                f"name it by its own name instead (--output ../{self.output.name})"
            )
        self.previous: Manifest = state.generations.get(_generation_of(self.staging), {})
        if not self.previous:  # unknown, or left unfinished by a build that failed
            self.previous = {}
            shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / MARKER).unlink(missing_ok=True)  # unfinished from here on
        self.staging.mkdir(parents=True, exist_ok=True)

    def placer(self, part: str) -> Placer:
        return Placer(
            self.staging,
            self.output,
            self.previous.get(part, {}),
            self.current.get(part, {}),
        )

    def commit(self, parts: dict[str, OutputRecord[Any]]) -> None:
        """Remove what the new site no longer has, then swap it in."""
        placed: Manifest = {part: record.files for part, record in parts.items()}
        for part, files in self.previous.items():
            wanted = placed.get(part, {})
            if wanted == files:
                continue
            for path in files:
                if path not in wanted:
                    _remove_file(self.staging, path)
        generation = digest(*(f"{part}\0{_files_digest(parts[part])}" for part in sorted(parts)))
        self._mark(f"{MARKER_TEXT}generation {generation}\n")
        os.chmod(self.staging, 0o755)
        self.state.generations = {generation: placed}
        if self.current and self.current_generation:
            self.state.generations[self.current_generation] = self.current
        _swap(self.staging, self.output)
        if not self.staging.exists():
            self.staging.mkdir()  # the first build: no previous generation to keep yet
        # After the swap, and in the background: a state that is lost or late is only less
        # knowledge (files are then written instead of linked), never a wrong site.
        self.cache.save(self.state, background=True)

    def _mark(self, text: str) -> None:
        """Mark the new generation finished; the same site keeps the same marker file."""
        marker, current = self.staging / MARKER, self.output / MARKER
        try:
            if current.read_text(encoding="utf-8") == text:
                os.link(current, marker)
                return
        except (OSError, UnicodeDecodeError):
            pass
        marker.write_text(text, encoding="utf-8")


def _files_digest(record: OutputRecord[Any]) -> str:
    """The digest of a part's files, worked out once: a kept part keeps its record."""
    if not record.files_digest:
        lines = (f"{path}\0{value}" for path, value in sorted(record.files.items()))
        record.files_digest = digest("\n".join(lines))
    return record.files_digest


def _generation_of(folder: Path) -> str:
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    return text.rpartition("generation ")[2].strip()


def _remove_file(root: Path, path: str) -> None:
    target = root / path
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent


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
        return  # the staging folder now holds the previous site, kept for the next build
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.pledgekit-old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
