"""Files saved under the watched folders, gathered in a thread of their own from before the
first build on, so that nothing saved while a build runs is missed."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import watchfiles


class Watcher:
    """Collects the paths that change; `wait()` hands over each batch (debounced)."""

    def __init__(self, folders: list[Path], stop: threading.Event, debounce_ms: int = 1000):
        self.folders, self.stop, self.debounce_ms = folders, stop, debounce_ms
        self.ready = threading.Event()  # set once the folders are watched
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="pledgekit-watch", daemon=True)
        self.error: BaseException | None = None

    def start(self, timeout: float = 30) -> None:
        """Start watching, and return once changes from now on are seen."""
        self._thread.start()
        self.ready.wait(timeout)

    def _watch(self) -> None:
        try:
            # The first empty batch (after rust_timeout) says the watches are in place.
            for changes in watchfiles.watch(
                *self.folders,
                stop_event=self.stop,
                debounce=self.debounce_ms,
                rust_timeout=200,
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                self.ready.set()
                # A file made and gone within the batch (an editor's or sed's temporary file)
                # changed nothing.
                made = {path for change, path in changes if change == watchfiles.Change.added}
                paths = {Path(p) for _, p in changes if p not in made or os.path.lexists(p)}
                if paths:
                    with self._lock:
                        self._pending.update(paths)
                    self._changed.set()
        except BaseException as error:  # told to the loop that waits, which reports it
            self.error = error
            self.ready.set()
            self._changed.set()

    def wait(self) -> set[Path] | None:
        """The paths changed since the last call, once there are any; None once stopped."""
        while not self.stop.is_set():
            if self._changed.wait(0.25):  # a timeout, so that Ctrl-C is seen at once
                if self.error is not None:
                    raise self.error
                with self._lock:
                    changed, self._pending = self._pending, set()
                    self._changed.clear()
                if changed:
                    return changed
        return None

    def changes_seen(self, within: float) -> bool:
        """Whether saved files wait to be built: waits up to `within` seconds for what was
        saved a moment ago (the watcher gathers changes briefly before it reports them)."""
        return self._changed.wait(within)

    def close(self) -> None:
        self.stop.set()
        self._thread.join(timeout=5)
