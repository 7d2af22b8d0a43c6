"""One writer of a ledger at a time: an advisory lock file beside it (.ledger.csv.lock), held
from reading the ledger to replacing it, so that two imports at once both keep their rows."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pledgekit.problems import ContentErrors, Problem

WAIT_SECONDS = 60.0  # an import of the largest export (16 MB) takes well under this
POLL_SECONDS = 0.05


def lock_path(ledger: Path) -> Path:
    return ledger.with_name(f".{ledger.name}.lock")


@contextmanager
def ledger_lock(ledger: Path, file: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the ledger's lock for the block; ContentErrors (nothing done) when another
    process holds it for longer than `wait` seconds. The kernel lets go of a lock whose
    process died, so a lock file a crash left never blocks anyone."""
    path = lock_path(ledger)
    deadline = time.monotonic() + wait
    descriptor = _acquire(path, deadline)
    if descriptor is None:
        message = (
            f"another `pledgekit ledger import` or `ledger sync` has been writing this ledger "
            f"for more than {wait:g} s (it holds {path.name}); nothing was written: run the "
            f"command again when it has finished"
        )
        raise ContentErrors([Problem(file, 1, 1, "", message)])
    try:
        yield
    finally:
        # Unlinked while still held: whoever opened the old file then finds it gone and tries
        # again (see _acquire), so no two processes ever hold "the" lock at once.
        path.unlink(missing_ok=True)
        os.close(descriptor)


def _acquire(path: Path, deadline: float) -> int | None:
    """A descriptor of the lock file at `path`, locked; None past the deadline."""
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(descriptor)
                    return None
                time.sleep(POLL_SECONDS)
        if _still_linked(path, descriptor):
            return descriptor
        os.close(descriptor)  # its holder unlinked it when done: lock the new one


def _still_linked(path: Path, descriptor: int) -> bool:
    """Whether the file locked is still the one at `path` (not unlinked by its last holder)."""
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)
