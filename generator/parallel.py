"""Run parts of a build in worker processes: as many as the machine has cores, or --jobs."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

# Below this many tasks per worker, starting workers costs more than it saves.
TASKS_PER_WORKER = 16
CHUNK = 8  # tasks sent to a worker at a time


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Workers(AbstractContextManager):
    """A pool of processes that each work with the same context; started only when needed.

    `setup(context)` runs in this process at once (it works on the tasks too when a pool would
    not pay) and in each worker as it starts: the functions mapped find their context there.
    """

    def __init__(self, context: Any, jobs: int | None, setup: Callable[[Any], None]):
        self.context = context
        self.setup = setup
        self.jobs = max(jobs or default_jobs(), 1)
        self._pool: Any = None
        setup(context)

    def map(self, function: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Results in the order of the tasks, as they arrive.

        `tasks` may be a generator: workers start on the first tasks while it makes the rest
        (the pool draws from it in a thread of this process).
        """
        tasks = iter(tasks)
        first = list(itertools.islice(tasks, 2 * TASKS_PER_WORKER))
        if self.jobs == 1 or len(first) < 2 * TASKS_PER_WORKER:
            return map(function, itertools.chain(first, tasks))
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            start = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = start.Pool(
                self.jobs, initializer=_start_worker, initargs=(self.setup, self.context)
            )
        return self._pool.imap(function, itertools.chain(first, tasks), chunksize=CHUNK)

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.terminate() if exc_info[0] else self._pool.close()
            self._pool.join()


def _start_worker(setup: Callable[[Any], None], context: Any) -> None:
    """A worker leaves Ctrl-C to the process that started it, which stops the pool: one
    message on the terminal, not a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    setup(context)
