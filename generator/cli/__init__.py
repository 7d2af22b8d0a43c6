"""The `pledgekit` command: parses arguments, reads the clock, calls build, reports."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from generator import __version__
from generator.build import build
from generator.cli.common import (
    default_source,
    describe,
    jobs_option,
    now_option,
    parse_now,
    report,
    reported_failures,
    source_option,
    strict_option,
)
from generator.cli.ledger import ledger
from generator.cli.schema import schema
from generator.cli.theme import theme


def run(
    source: Path | None,
    output: Path | None,
    now: str | None,
    strict: bool,
    jobs: int | None = None,
    fresh: bool = False,
) -> None:
    moment = parse_now(now)
    source = source or default_source()
    started = time.perf_counter()
    with reported_failures("nothing was written"):
        result = build(source, output, moment, strict=strict, jobs=jobs, fresh=fresh)
    report(result.warnings)
    seconds = time.perf_counter() - started
    warned = (
        f", {len(result.warnings)} warning{'s' if len(result.warnings) != 1 else ''}"
        if result.warnings
        else ""
    )
    if output is None:
        click.echo(
            f"Checked {describe(source)}: {result.pages} pages would be written{warned} ({seconds:.2f} s)"
        )
    else:
        click.echo(
            f"Built {result.pages} pages ({result.files} files) from {describe(source)} "
            f"into {output}{warned} in {seconds:.2f} s: {result.rendered} of "
            f"{result.campaigns} campaigns rendered, {result.written} files written"
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pledgekit")
def main() -> None:
    """Static crowdfunding sites from YAML and Markdown."""


@main.command(name="build")
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write the site into (replaced as a whole on success).",
)
@now_option
@strict_option
@jobs_option
@click.option(
    "--fresh",
    is_flag=True,
    help="Forget what earlier builds kept (the cache beside the output) and build everything.",
)
def build_command(
    source: Path | None, output: Path, now: str | None, strict: bool, jobs: int | None, fresh: bool
) -> None:
    """Render the site into the output folder.

    Only what changed since the last build is rendered again, and only files whose content
    changed are written; what earlier builds learnt is kept in a cache folder beside the output
    (.NAME.pledgekit-cache), which is always safe to delete.
    """
    run(source, output, now, strict, jobs, fresh)


@main.command()
@source_option
@now_option
@strict_option
@jobs_option
def check(source: Path | None, now: str | None, strict: bool, jobs: int | None) -> None:
    """Validate the content and render every page without writing anything."""
    run(source, None, now, strict, jobs)


main.add_command(ledger)
main.add_command(theme)
main.add_command(schema)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
