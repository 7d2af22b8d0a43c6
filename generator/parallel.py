"""Run parts of a build in worker processes: as many as the machine has cores, or --jobs."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from generator.parts.context import BuildContext, install

# Below this many tasks per worker, starting workers costs more than it saves.
TASKS_PER_WORKER = 16


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Workers(AbstractContextManager):
    """A pool of processes that each build with the same context; started only when needed."""

    def __init__(self, context: BuildContext, jobs: int | None):
        self.context = context
        self.jobs = max(jobs or default_jobs(), 1)
        self._pool: Any = None
        install(context)  # the calling process builds with it too

    def map(self, function: Callable[[Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """Results in the order of the tasks, as they arrive."""
        tasks = list(tasks)
        if self.jobs == 1 or len(tasks) < 2 * TASKS_PER_WORKER:
            return map(function, tasks)
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            start = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = start.Pool(self.jobs, initializer=install, initargs=(self.context,))
        chunk = max(1, min(64, len(tasks) // (self.jobs * 4)))
        return self._pool.imap(function, tasks, chunksize=chunk)

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.terminate() if exc_info[0] else self._pool.close()
            self._pool.join()
