"""The build cache: what earlier builds learnt, in a folder beside the output.

It holds the digest of every source file (re-read only when its size or times change, as git's
index does), each campaign as validated (keyed by the digest of everything it was made from),
the images drawn at build time (keyed the same way), what every output file was built from,
and the previous generation of the site. Deleting the folder is always safe: the next build is
a cold one and writes the same bytes.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Generic, Protocol, TypeVar

from pledgekit import __version__
from pledgekit.digests import Digests

FORMAT = f"pledgekit {__version__} cache 3"  # a different format is ignored, never misread


class PartFacts(Protocol):
    """What every part tells the rest of the build besides its files."""

    @property
    def pages(self) -> int: ...  # pages it made (its other files aside)


Facts = TypeVar("Facts", bound=PartFacts)


@dataclass
class OutputRecord(Generic[Facts]):
    """What one part of the site (a campaign, the listings, the shared files) last produced."""

    key: str  # digest of everything its files were made from
    stable: tuple[Any, Any]  # moments [from, to) between which the same key gives the same files
    files: dict[str, str]  # output path -> content digest
    facts: Facts  # what the rest of the build (and the next one) needs: the part's own record
    files_digest: str = ""  # of `files`, worked out once when the site is written


@dataclass
class CacheState:
    """Everything the cache remembers between builds, read and written as one file."""

    format: str = FORMAT
    source: str = ""
    digests: dict[str, Digests] = field(default_factory=dict)  # folder key -> its file digests
    records: dict[str, OutputRecord[Any]] = field(default_factory=dict)  # part -> last output
    generations: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # generation digest -> part name -> output path -> content digest


class CacheMemory:
    """What a process keeps of the build caches it used, for its next build: each cache
    folder's state as this process last saved it (a server that builds again need not read
    back what it wrote), and the work a build left to do in the background (one thread after
    another; Python waits for it before exiting)."""

    def __init__(self) -> None:
        self.saved: dict[Path, tuple[int, CacheState]] = {}
        self._background: threading.Thread | None = None

    def in_background(self, work: Callable[[], None]) -> None:
        """Run `work` in a thread, after the background work queued before it."""
        before = self._background

        def run() -> None:
            if before is not None:
                before.join()
            work()

        self._background = threading.Thread(target=run, name="cache")
        self._background.start()

    def wait(self) -> None:
        """Until the background work is done (never called from that work itself)."""
        if self._background is not None:
            self._background.join()
            self._background = None


class BuildCache:
    """The cache folder: the state file, validated campaigns, and the previous site."""

    STATE = "state.pickle"

    def __init__(self, folder: Path, memory: CacheMemory | None = None):
        self.folder = Path(os.path.abspath(folder))  # background work outlives a chdir
        self.campaigns = folder / "campaigns"
        self.memory = memory if memory is not None else CacheMemory()
        self._made = False  # the campaigns folder, once per process

    @classmethod
    def beside(cls, output: Path, memory: CacheMemory | None = None) -> BuildCache:
        return cls(output.parent / f".{output.name}.pledgekit-cache", memory)

    @property
    def previous_site(self) -> Path:
        return self.folder / "previous-site"

    def load(self, source: Path) -> CacheState:
        self.memory.wait()
        path = self.folder / self.STATE
        saved = self.memory.saved.get(path)
        try:
            if saved and path.stat().st_mtime_ns == saved[0] and saved[1].source == str(source):
                return saved[1]
            with path.open("rb") as file:
                state = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            return CacheState(source=str(source))
        if not isinstance(state, CacheState) or state.format != FORMAT:
            return CacheState(source=str(source))
        if state.source != str(source):  # another site was built into the same output
            return CacheState(source=str(source), generations=state.generations)
        return state

    def remembered(self, state: CacheState) -> bool:
        """Whether `state` is the one this process saved last (not read back from disk)."""
        saved = self.memory.saved.get(self.folder / self.STATE)
        return saved is not None and saved[1] is state

    def save(self, state: CacheState, background: bool = False) -> None:
        """Write the state; in the background, the process still waits for it before exiting
        and before it builds again."""
        if background:
            self.memory.in_background(lambda: self._write_state(state))
        else:
            self.memory.wait()
            self._write_state(state)

    def _write_state(self, state: CacheState) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.STATE
        # streamed: the pickle of a large site is never whole in memory
        _write_atomically(path, lambda file: pickle.dump(state, file, protocol=5))
        self.memory.saved[path] = (path.stat().st_mtime_ns, state)

    def get(self, key: str) -> Any | None:
        """A campaign as validated from sources with this digest, if an earlier build kept it."""
        try:
            return pickle.loads(zlib.decompress((self.campaigns / f"{key}.pickle").read_bytes()))
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
            TypeError,
            zlib.error,
        ):
            return None

    def put(self, key: str, value: Any) -> None:
        """Keep a validated campaign. Written in place: a torn file fails to unpickle and is
        then simply missing, and a file named by its content's digest is never rewritten."""
        if not self._made:
            self.campaigns.mkdir(parents=True, exist_ok=True)
            self._made = True
        # compressed: a fifth of the bytes to write, for a tenth of a millisecond
        data = zlib.compress(pickle.dumps(value, protocol=5), 1)
        (self.campaigns / f"{key}.pickle").write_bytes(data)

    def image(self, key: str, suffix: str = ".png") -> bytes | None:
        """An image drawn by an earlier build from inputs with this digest, if it kept it."""
        try:
            return (self.folder / "images" / f"{key}{suffix}").read_bytes()
        except OSError:
            return None

    def put_image(self, key: str, data: bytes, suffix: str = ".png") -> None:
        """Keep a drawn image. Written whole or not at all: it is published as read back."""
        folder = self.folder / "images"
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomically(folder / f"{key}{suffix}", lambda file: file.write(data))

    def forget_images(self, keys: Iterable[str], suffix: str = ".png") -> None:
        """Forget images nothing is drawn from any more (another part may draw one again)."""
        for key in keys:
            (self.folder / "images" / f"{key}{suffix}").unlink(missing_ok=True)

    def forget(self, keys: Iterable[str]) -> None:
        """Forget these validated campaigns (in the background: removing files can be slow)."""
        paths = [self.campaigns / f"{key}.pickle" for key in keys]

        def remove() -> None:
            for path in paths:
                path.unlink(missing_ok=True)

        self.memory.in_background(remove)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget validated campaigns that no part of the current site was made from."""
        wanted = {f"{key}.pickle" for key in keys}

        def sweep() -> None:
            try:
                entries = list(os.scandir(self.campaigns))
            except FileNotFoundError:  # the cache was deleted meanwhile: nothing to forget
                return
            for entry in entries:
                if entry.name not in wanted:
                    Path(entry.path).unlink(missing_ok=True)

        self.memory.in_background(sweep)


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
