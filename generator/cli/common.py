"""What the commands share: the clock, the default source, options, and turning failures
into messages and exit codes (never tracebacks)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click

from pledgekit.bundled import example_content_folder
from pledgekit.model.site import check_base_url
from pledgekit.problems import ContentErrors, Problem, Severity
from pledgekit.write import OutputRefused


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


@contextmanager
def reported_failures(unchanged: str) -> Iterator[None]:
    """Content errors, refusals and system errors as messages and exit codes, never tracebacks."""
    try:
        yield
    except ContentErrors as failure:
        report(failure.problems)
        errors = sum(1 for problem in failure.problems if problem.severity is Severity.ERROR)
        raise ContentFailure(f"{errors} error{'s' if errors != 1 else ''}; {unchanged}") from None
    except OutputRefused as refusal:
        raise click.UsageError(str(refusal)) from None
    except OSError as error:  # a full disk, a read-only folder, an unreadable file
        raise ContentFailure(f"{error}; {unchanged}") from None


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
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to build with (default: one per CPU core).",
)
drafts_option = click.option(
    "--drafts",
    is_flag=True,
    help="Include campaigns, tiers and updates marked draft (marked DRAFT, never indexed).",
)


def base_url_option_check(context: click.Context, parameter: click.Parameter, value: str | None):
    if value is None:
        return None
    try:
        return check_base_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


base_url_option = click.option(
    "--base-url",
    metavar="URL",
    callback=base_url_option_check,
    help="Build for this address instead of site.yaml's base_url (e.g. the one GitHub Pages gives).",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
verbose_option = click.option(
    "--verbose", "-v", is_flag=True, help="Say what became of each campaign (rendered or kept)."
)
