"""What a build tells the person running it: a live count on a terminal, one line otherwise,
each campaign with --verbose, nothing but problems with --quiet."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

import click

from pledgekit.build import BuildResult, CampaignDone
from pledgekit.counts import plural


@dataclass
class BuildReporter:
    """Receives each campaign as it is done (a build's `progress`), then the result."""

    quiet: bool = False
    verbose: bool = False
    stream: TextIO | None = None  # where the live count goes: standard error by default
    interval: float = 0.1  # seconds between redraws of the live count
    _drawn: float = field(default=0.0, repr=False)
    _pages: int = field(default=0, repr=False)
    _width: int = field(default=0, repr=False)

    @property
    def live(self) -> bool:
        stream = self.stream or sys.stderr
        return not self.quiet and not self.verbose and stream.isatty()

    def __call__(self, event: CampaignDone) -> None:
        self._pages += event.pages
        if self.verbose:
            how = "rendered" if event.rendered else "kept"
            pages = plural(event.pages, "page") if event.pages else "no pages"
            click.echo(f"  [{event.done}/{event.total}] {event.slug}: {how}, {pages}", err=True)
        elif self.live and (
            event.done == event.total or time.monotonic() - self._drawn > self.interval
        ):
            self._draw(
                f"Building: {event.done:,} of {plural(event.total, 'campaign')} "
                f"({plural(self._pages, 'page')})"
            )

    def _draw(self, text: str) -> None:
        self._drawn = time.monotonic()
        stream = self.stream or sys.stderr
        stream.write("\r" + text.ljust(self._width))
        stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Take the live count off the screen (before the summary or the errors)."""
        if self._width:
            self._draw("")
            (self.stream or sys.stderr).write("\r")
            self._width = 0

    def summary(self, line: str) -> None:
        self.clear()
        if not self.quiet:
            click.echo(line)


def summary_line(result: BuildResult, where: str, output: str | None, seconds: float) -> str:
    warned = f", {plural(len(result.warnings), 'warning')}" if result.warnings else ""
    if output is None:
        return f"Checked {where}: {result.pages} pages would be written{warned} ({seconds:.2f} s)"
    return (
        f"Built {result.pages} pages ({result.files} files) from {where} into {output}{warned} "
        f"in {seconds:.2f} s: {result.rendered} of {result.campaigns} campaigns rendered, "
        f"{plural(result.written, 'file')} written"
    )
