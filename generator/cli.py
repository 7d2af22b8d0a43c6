"""The `pledgekit` command: parses arguments, reads the clock, calls build, reports."""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from generator import __version__
from generator.build import build
from generator.bundled import example_content_folder
from generator.problems import ContentErrors, Problem, Severity
from generator.write import OutputRefused


class ContentFailure(click.ClickException):
    exit_code = 1


def parse_now(value: str | None) -> datetime:
    """--now, else SOURCE_DATE_EPOCH, else the real clock: the only place that reads it."""
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(
                f"expected an ISO 8601 date-time, got {value!r}", param_hint="--now"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise click.UsageError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (before year 9999), got {epoch!r}"
            ) from None
    return datetime.now(tz=UTC)


def default_source() -> Path:
    """./content when there is such a folder (even a broken one), else the bundled example."""
    local = Path("content")
    return local if local.is_dir() else example_content_folder()


def describe(source: Path) -> str:
    return "the bundled example site" if source == example_content_folder() else str(source)


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def run(source: Path | None, output: Path | None, now: str | None, strict: bool) -> None:
    moment = parse_now(now)
    source = source or default_source()
    started = time.perf_counter()
    try:
        result = build(source, output, moment, strict=strict)
    except ContentErrors as failure:
        report(failure.problems)
        errors = sum(1 for problem in failure.problems if problem.severity is Severity.ERROR)
        raise ContentFailure(
            f"{errors} error{'s' if errors != 1 else ''}; nothing was written"
        ) from None
    except OutputRefused as refusal:
        raise click.UsageError(str(refusal)) from None
    except OSError as error:  # a full disk, a read-only folder, an unreadable file
        raise ContentFailure(f"{error}; the previous output is unchanged") from None
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
            f"Built {result.pages} pages ({result.files} files) from {describe(source)} into {output}{warned} in {seconds:.2f} s"
        )


source_option = click.option(
    "--source",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Content folder with site.yaml (default: ./content, else the bundled example).",
)
now_option = click.option(
    "--now",
    metavar="ISO8601",
    help="Build as if it were this moment (default: SOURCE_DATE_EPOCH, else the clock).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


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
def build_command(source: Path | None, output: Path, now: str | None, strict: bool) -> None:
    """Render the site into the output folder."""
    run(source, output, now, strict)


@main.command()
@source_option
@now_option
@strict_option
def check(source: Path | None, now: str | None, strict: bool) -> None:
    """Validate the content and render every page without writing anything."""
    run(source, None, now, strict)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
