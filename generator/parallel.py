"""Run parts of a build in worker processes: as many as the machine has cores, or --jobs."""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Generic, TypeVar

# Below this many tasks per worker, starting workers costs more than it saves.
TASKS_PER_WORKER = 16
CHUNK = 8  # tasks sent to a worker at a time

Tools = TypeVar("Tools")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Workers(AbstractContextManager, Generic[Tools]):
    """A pool of processes that each work with the same context; started only when needed.

    `setup(context)` makes the tools a process works with: in this process at once (`tools`:
    it works on the tasks too when a pool would not pay), and in each worker as it starts.
    Each function mapped is called with its process's tools and a task.
    """

    def __init__(self, context: Any, jobs: int | None, setup: Callable[[Any], Tools]):
        self.context = context
        self.setup = setup
        self.jobs = max(jobs or default_jobs(), 1)
        self._pool: Any = None
        self.tools = setup(context)

    def map(self, function: Callable[[Tools, Any], Any], tasks: Iterable[Any]) -> Iterator[Any]:
        """function(tools, task) for each task: results in the order of the tasks, as they
        arrive.

        `tasks` may be a generator: workers start on the first tasks while it makes the rest
        (the pool draws from it in a thread of this process).
        """
        tasks = iter(tasks)
        first = list(itertools.islice(tasks, 2 * TASKS_PER_WORKER))
        if self.jobs == 1 or len(first) < 2 * TASKS_PER_WORKER:
            return map(functools.partial(function, self.tools), itertools.chain(first, tasks))
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            start = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = start.Pool(
                self.jobs, initializer=_start_worker, initargs=(self.setup, self.context)
            )
        in_worker = functools.partial(_in_worker, function)
        return self._pool.imap(in_worker, itertools.chain(first, tasks), chunksize=CHUNK)

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.terminate() if exc_info[0] else self._pool.close()
            self._pool.join()


# A worker process's tools, made by its setup as it starts: it lives as long as the worker
# (one pool, one build). The process that starts the pool keeps its own in its Workers.
_worker_tools: Any = None


def _start_worker(setup: Callable[[Any], Any], context: Any) -> None:
    """A worker leaves Ctrl-C to the process that started it, which stops the pool: one
    message on the terminal, not a traceback per worker."""
    global _worker_tools
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_tools = setup(context)


def _in_worker(function: Callable[[Any, Any], Any], task: Any) -> Any:
    return function(_worker_tools, task)
