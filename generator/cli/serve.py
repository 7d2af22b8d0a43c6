"""`pledgekit serve`: the site on localhost, rebuilt and reloaded on every save."""

from __future__ import annotations

import errno
import ipaddress
from pathlib import Path

import click

from pledgekit.cli.common import (
    default_source,
    drafts_option,
    jobs_option,
    now_option,
    parse_now,
    source_option,
)


@click.command()
@source_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free port).",
)
@drafts_option
@now_option
@jobs_option
@click.option("--verbose", "-v", is_flag=True, help="Log every request.")
def serve(
    source: Path | None,
    host: str,
    port: int,
    drafts: bool,
    now: str | None,
    jobs: int | None,
    verbose: bool,
) -> None:
    """Serve the site here, rebuilt on every save.

    Build the site, serve it on this machine, and on every save build again and reload the
    open pages. A build error shows in the browser, with file:line, until it is fixed.
    Ctrl-C (or SIGTERM) stops it at once.

    The pages are built for the served address, whatever base_url says, into a temporary
    folder (output/ is left alone).
    """
    from pledgekit.serve.run import serve as run_server

    parse_now(now)  # a wrong --now is a usage error before anything starts
    if not _loopback(host):
        click.echo(
            f"Warning: listening on {host}: other machines that can reach this one see the "
            "site as it is being written (drafts too, with --drafts).",
            err=True,
        )
    try:
        run_server(
            source or default_source(),
            host,
            port,
            clock=lambda: parse_now(now),
            say=click.echo,
            drafts=drafts,
            jobs=jobs,
            log_requests=verbose,
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise click.UsageError(
                f"port {port} on {host} is in use (another server?): try --port {port + 1}"
            ) from None
        raise click.ClickException(str(error)) from None


def _loopback(host: str) -> bool:
    """Whether only this machine can reach `host` (an address or a name for loopback)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in ("localhost", "localhost.")
