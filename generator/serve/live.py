"""What the server shows, shared between the builder and the request threads: the site as last
built, or the problems of the last build, and a version that moves on with every build."""

from __future__ import annotations

import secrets
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pledgekit.problems import Problem


class LiveSite:
    def __init__(self, output: Path):
        self.output = output
        self.problems: list[Problem] = []  # of the last build; none when it succeeded
        self._token = secrets.token_hex(4)  # another server's versions never match this one's
        self._builds = 0
        self._closing = False
        self._changed = threading.Condition()
        self._settled = 0  # moves on each time the builder may write over a retired generation
        self._reading: Counter[int] = Counter()  # _settled when they began -> requests reading

    @property
    def version(self) -> str:
        """Names the last build; a page that was served another one reloads."""
        return f"{self._token}-{self._builds}"

    @property
    def ready(self) -> bool:
        """Whether the first build has ended (until then there is nothing to serve)."""
        return self._builds > 0

    def state(self) -> tuple[bool, str, list[Problem]]:
        """Whether it is ready, the version and the problems, as one build left them."""
        with self._changed:
            return self.ready, self.version, self.problems

    @contextmanager
    def reading(self) -> Iterator[tuple[bool, str, list[Problem]]]:
        """The state (see state()), while the request reads the files it answers with: the
        builder does not write over the generation they may be in before they are done (see
        settle())."""
        with self._changed:
            since = self._settled
            self._reading[since] += 1
            state = self.ready, self.version, self.problems
        try:
            yield state
        finally:
            with self._changed:
                self._reading[since] -= 1
                if not self._reading[since]:
                    del self._reading[since]
                    self._changed.notify_all()

    def built(self, problems: list[Problem] | None = None) -> None:
        """A build ended: with the site swapped in (no problems), or with errors. Returns once
        the generation it swapped out can be written over (see settle())."""
        with self._changed:
            self.problems = list(problems or [])
            self._builds += 1
            self._changed.notify_all()
        self.settle()

    def settle(self) -> None:
        """Wait until every request that began reading files before now is done: the
        generation a build swaps out is the one the next build writes over (write.py), and a
        request may have found its file there just before the swap. Requests only read from
        the disk in that time (they send after), so this takes as long as a file read."""
        with self._changed:
            self._settled += 1
            settled = self._settled
            self._changed.wait_for(
                lambda: self._closing or all(since >= settled for since in self._reading)
            )

    def next_version(self, seen: str, timeout: float) -> str | None:
        """The version once it is not `seen` (at once if it already is not); None when the
        timeout passes first or the server is closing."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or self.version != seen, timeout)
            return None if self._closing or self.version == seen else self.version

    @property
    def closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        """Let every waiting request end (the server is stopping)."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
