"""The loop of `pledgekit serve`: build, serve, and on every save build again (only what the
saved files touch) and tell the open tabs to reload."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Collection
from datetime import datetime
from pathlib import Path

from pledgekit.build import Preview, build
from pledgekit.bundled import builtin_themes_folder
from pledgekit.counts import plural
from pledgekit.parts.context import KeptBetweenBuilds
from pledgekit.problems import ContentErrors, Problem
from pledgekit.serve.live import LiveSite
from pledgekit.serve.server import make_server
from pledgekit.serve.watch import Watcher

Say = Callable[[str], None]
# Seconds between the serving loop's looks at whether it is to stop: the most a shutdown waits.
SHUTDOWN_POLL = 0.05
# Seconds a failed build waits for the watcher to tell of files saved while it ran (it gathers
# changes for 50 ms of quiet before it reports them). 0.3 s once proved too short with every
# core busy (a CI run of the folder-moving test served a build-failed page 125 times): a real
# mistake is shown a moment later, a half-read folder is built again instead.
SETTLING = 1.0


def address_of(host: str, port: int) -> str:
    """The address to open: loopback for a server that listens everywhere."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


class Builder:
    """Builds the site into the served folder and tells the site how it went."""

    def __init__(
        self,
        source: Path,
        site: LiveSite,
        clock: Callable[[], datetime],
        preview: Preview,
        jobs: int | None,
        say: Say,
        changed_meanwhile: Callable[[], bool] = lambda: False,
    ):
        self.source, self.site, self.clock = source, site, clock
        self.preview, self.jobs, self.say = preview, jobs, say
        # Whether files were saved while the last build ran (then its failure is not theirs).
        self.changed_meanwhile = changed_meanwhile
        self.failed = True  # nothing built yet: the first build looks at every file
        self.warnings: list[Problem] = []  # the last build's, printed once while they last
        # What a build keeps for the next (compiled templates, the cache's state, the campaign
        # folders' listing): for as long as this server runs.
        self.kept = KeptBetweenBuilds()
        self.folders_before: tuple[int, ...] = ()  # folder_stamps as the last build began

    def __call__(self, changed: Collection[Path] | None = None) -> None:
        started = time.perf_counter()
        self.folders_before = folder_stamps(self.source)
        try:
            result = build(
                self.source,
                self.site.output,
                self.clock(),
                jobs=self.jobs,
                # After a failure the files that changed before it are not known to the build
                # state: look at everything again.
                changed=None if self.failed else changed,
                preview=self.preview,
                kept=self.kept,
            )
        except ContentErrors as failure:
            if not self._build_again():
                self._failed(failure.problems)
            return
        except Exception as error:  # a bug or a system error: the server stays up
            if self._build_again():
                return
            self.say(traceback.format_exc().rstrip())
            self._failed([Problem("pledgekit", 0, 0, "", f"{type(error).__name__}: {error}")])
            return
        self.failed = False
        self.site.built()
        if result.warnings != self.warnings:
            for warning in result.warnings:
                self.say(str(warning))
        elif result.warnings:
            self.say(f"{plural(len(result.warnings), 'warning')}, as before")
        self.warnings = result.warnings
        seconds = time.perf_counter() - started
        self.say(
            f"Built in {seconds:.2f} s: {result.rendered:,} of "
            f"{plural(result.campaigns, 'campaign')} rendered, "
            f"{plural(result.written, 'file')} written"
        )

    def _build_again(self) -> bool:
        """Whether a failed build read files as they were being saved (a folder moved away
        under it, a file gone between two reads): the site stays as it was, and the next
        build, which the saves call for, looks at every file again."""
        moved = folder_stamps(self.source) != self.folders_before  # seen even if told late
        if not (moved or self.changed_meanwhile()):
            return False
        self.failed = True
        self.site.settle()  # in case the build swapped the site in before it failed
        self.say("Files changed while the site was being built: building again.")
        return True

    def _failed(self, problems: list[Problem]) -> None:
        self.failed = True
        self.site.built(problems)
        for problem in problems:
            self.say(str(problem))
        self.say("The build failed: the browser shows the errors until they are fixed.")


def folder_stamps(source: Path) -> tuple[int, ...]:
    """When the site folder and its campaigns/ last had an entry added, removed or renamed
    (a campaign folder moved away and back changes it): a build that failed while it changed
    read the folder mid-move, whether or not the watcher, slow under load, has said so yet."""
    stamps = []
    for folder in (source, source / "campaigns"):
        try:
            stamps.append(folder.stat().st_mtime_ns)
        except OSError:
            stamps.append(-1)
    return tuple(stamps)


def serve(
    source: Path,
    host: str,
    port: int,
    clock: Callable[[], datetime],
    say: Say,
    drafts: bool = False,
    jobs: int | None = None,
    log_requests: bool = False,
    stop: threading.Event | None = None,
) -> None:
    """Serve `source` until Ctrl-C, SIGTERM or SIGHUP (or `stop`), rebuilding on each save.

    A signal abandons a build in progress (what it had written is thrown away with the
    temporary folder) and the process is gone within a tenth of a second or so: the port is
    free, and no traceback is printed."""
    previous = _stop_on_termination()
    try:
        with tempfile.TemporaryDirectory(prefix="pledgekit-serve-") as scratch:
            _serve_until_stopped(
                source, Path(scratch) / "site", host, port, clock, say, drafts, jobs,
                log_requests, stop or threading.Event(),
            )  # fmt: skip
    except KeyboardInterrupt:  # a signal while the temporary folder was being made
        pass
    finally:
        _restore(previous)
    say("Stopped.")


def _serve_until_stopped(
    source: Path,
    output: Path,
    host: str,
    port: int,
    clock: Callable[[], datetime],
    say: Say,
    drafts: bool,
    jobs: int | None,
    log_requests: bool,
    stop: threading.Event,
) -> None:
    site = LiveSite(output)
    server = make_server(site, host, port, quiet=not log_requests)
    address = address_of(host, server.server_address[1])
    watcher = Watcher(_watched(source), stop)
    rebuild = Builder(
        source, site, clock, Preview(drafts, address), jobs, say,
        changed_meanwhile=lambda: watcher.changes_seen(SETTLING),
    )  # fmt: skip
    # A short poll interval: shutdown() waits for the serving loop to look at its flag.
    serving = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": SHUTDOWN_POLL},
        name="pledgekit-server",
        daemon=True,
    )
    try:
        serving.start()  # pages wait for the first build, and reload when it ends
        watcher.start()  # before the first build: what is saved during it is built next
        say(f"Building {source} to serve at {address}")
        rebuild()
        say(f"Serving {source} at {address} (Ctrl-C to stop)")
        while (changed := watcher.wait()) is not None:
            names = sorted(_shown(path, source) for path in changed)
            say(f"Changed: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}")
            rebuild(changed)
    except KeyboardInterrupt:  # a signal, during a build too: the build is abandoned
        pass
    finally:
        _ignore_signals()  # a second Ctrl-C must not cut the clean-up short
        stop.set()  # the watcher's thread ends while the server shuts down
        site.close()
        if serving.is_alive():
            server.shutdown()
        server.server_close()  # the port is free from here on
        watcher.close()
        rebuild.kept.caches.wait()  # what the last build left to do in the background


def _stop_on_termination() -> dict[int, object]:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed terminal) stop the server, so that its
    temporary folder is removed; only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    server_process = os.getpid()

    def interrupt(number: int, frame: object) -> None:
        if os.getpid() != server_process:
            # A build worker forked from the server inherits this handler: when the server
            # stops its workers (SIGTERM), each ends as the signal says, without a traceback.
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
            return
        raise KeyboardInterrupt

    names = [name for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]
    return {
        getattr(signal, name): signal.signal(getattr(signal, name), interrupt) for name in names
    }


def _ignore_signals() -> None:
    """From the first signal on, the others are ignored until the clean-up is done."""
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)


def _restore(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)  # type: ignore[arg-type]


def _watched(source: Path) -> list[Path]:
    """The content folder, and the built-in themes when they are not inside it."""
    watched = [source.resolve()]
    themes = builtin_themes_folder().resolve()
    if not themes.is_relative_to(watched[0]):
        watched.append(themes)
    return watched


def _shown(path: Path, source: Path) -> str:
    try:
        return str(path.relative_to(source.resolve()))
    except ValueError:
        return str(path)
