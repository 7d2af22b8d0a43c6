"""The `pledgekit` command: parses arguments, reads the clock, calls build, reports."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import click

from pledgekit import __version__
from pledgekit.advice import UnknownCampaign, review_site
from pledgekit.build import BuildResult, Preview, build
from pledgekit.cli.common import (
    base_url_option,
    default_source,
    describe,
    drafts_option,
    jobs_option,
    now_option,
    parse_now,
    quiet_option,
    report,
    reported_failures,
    source_option,
    strict_option,
    verbose_option,
)
from pledgekit.cli.ledger import ledger
from pledgekit.cli.progress import BuildReporter, summary_line
from pledgekit.cli.scaffold import init, new
from pledgekit.cli.schema import schema
from pledgekit.cli.serve import serve
from pledgekit.cli.theme import theme
from pledgekit.cli.translations import untranslated_lines
from pledgekit.cli.vendor import vendor_command
from pledgekit.load.content import campaign_folders


def run(
    source: Path | None,
    output: Path | None,
    now: str | None,
    strict: bool,
    jobs: int | None = None,
    fresh: bool = False,
    preview: Preview | None = None,
    reporter: BuildReporter | None = None,
) -> BuildResult:
    moment = parse_now(now)
    source = source or default_source()
    reporter = reporter or BuildReporter()
    started = time.perf_counter()
    try:
        with reported_failures("nothing was written"):
            result = build(
                source, output, moment, strict, jobs, fresh, preview=preview, progress=reporter
            )
    finally:
        reporter.clear()
    report(result.warnings)
    seconds = time.perf_counter() - started
    where = describe(source)
    reporter.summary(summary_line(result, where, str(output) if output else None, seconds))
    return result


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
@drafts_option
@base_url_option
@quiet_option
@verbose_option
def build_command(
    source: Path | None,
    output: Path,
    now: str | None,
    strict: bool,
    jobs: int | None,
    fresh: bool,
    drafts: bool,
    base_url: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Render the site into the output folder.

    Only what changed since the last build is rendered again, and only files whose content
    changed are written; what earlier builds learnt is kept in a cache folder beside the output
    (.NAME.pledgekit-cache), which is always safe to delete.
    """
    preview = Preview(drafts=drafts, base_url=base_url)
    run(source, output, now, strict, jobs, fresh, preview, BuildReporter(quiet, verbose))


@main.command()
@click.argument("campaigns", nargs=-1, metavar="[CAMPAIGN]...")
@source_option
@now_option
@strict_option
@jobs_option
@drafts_option
@click.option(
    "--advice",
    is_flag=True,
    help="Also review the campaigns (or the CAMPAIGNs named) against published evidence.",
)
@click.option(
    "--translations",
    is_flag=True,
    help="List every text a campaign leaves untranslated, with the file to translate it in.",
)
@quiet_option
@verbose_option
def check(
    campaigns: tuple[str, ...],
    source: Path | None,
    now: str | None,
    strict: bool,
    jobs: int | None,
    drafts: bool,
    advice: bool,
    translations: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Check the content and render every page.

    Nothing is written, and every campaign is checked, as a build would. For a site in several
    languages, say which campaigns leave text untranslated (shown in the campaign's own
    language); --translations lists every such text.

    With --advice, then review each campaign (or only the CAMPAIGNs named) against what is
    known to work (docs/advice.md): advice is printed, never an error.
    """
    known = campaign_folders(source or default_source())
    unknown = [slug for slug in campaigns if slug not in known]
    if unknown:  # before the whole check runs
        raise click.BadParameter(
            f"no campaign '{unknown[0]}' (campaigns: {', '.join(known)})", param_hint="CAMPAIGN"
        )
    if campaigns and not advice:
        # A site is checked as a whole, as it is built: its listings hold every campaign.
        named = " ".join(campaigns)
        where = f" --source {source}" if source else ""
        raise click.UsageError(
            f"a check covers every campaign ({named} too): run `pledgekit check{where}`; "
            f"to check them all and review only {named}, run "
            f"`pledgekit check{where} --advice {named}`"
        )
    result = run(
        source, None, now, strict, jobs, False, Preview(drafts), BuildReporter(quiet, verbose)
    )
    if translations or not quiet:
        for line in untranslated_lines(result, source or default_source(), translations):
            click.echo(line)
        if translations and not result.untranslated:
            click.echo("Every campaign is translated into each of the site's languages.")
    if advice:
        review(source or default_source(), parse_now(now), list(campaigns) or None)


def review(source: Path, moment: datetime, slugs: list[str] | None) -> None:
    """The advice on the campaigns named (all when none), then how much there was."""
    try:
        with reported_failures("no advice given"):
            found = review_site(source, moment, slugs)
    except UnknownCampaign as unknown:
        raise click.BadParameter(str(unknown), param_hint="CAMPAIGN") from None
    for item in found:
        click.echo(str(item))
    whom = f"{len(slugs)} campaign{'s' if len(slugs) != 1 else ''}" if slugs else "every campaign"
    if not found:
        click.echo(f"No advice for {whom}: nothing the published evidence warns about.")
    else:
        click.echo(
            f"{len(found)} piece{'s' if len(found) != 1 else ''} of advice for {whom} (docs/advice.md)"
        )


main.add_command(init)
main.add_command(serve)
main.add_command(new)
main.add_command(ledger)
main.add_command(theme)
main.add_command(schema)
main.add_command(vendor_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
