"""`pledgekit vendor`: keep the running pledgekit's wheel in a site, for its workflow."""

from __future__ import annotations

from pathlib import Path

import click

from pledgekit import __version__
from pledgekit.scaffold.vendor import VendorRefused, vendor


@click.command(name="vendor", short_help="Keep this pledgekit in a site, for its workflow.")
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, exists=True, path_type=Path)
)
def vendor_command(folder: Path) -> None:
    """Keep this pledgekit's wheel in the site in FOLDER (default: here), the folder with
    content/ and requirements.txt that `pledgekit init` made.

    Writes .pledgekit/pledgekit-VERSION-py3-none-any.whl (removing other versions' wheels) and
    the lines of requirements.txt that install it with the versions it needs, so the GitHub
    workflow builds with exactly this pledgekit and asks no package index for it. To upgrade a
    site: install the newer pledgekit, run `pledgekit vendor` in the site's folder, commit.
    Other lines of requirements.txt are kept.
    """
    if not (folder / "content" / "site.yaml").is_file():
        raise click.UsageError(
            f"{folder} has no content/site.yaml: run this in the site's top folder (the one "
            "`pledgekit init` made, with requirements.txt), or name it"
        )
    try:
        done = vendor(folder)
    except VendorRefused as refusal:
        raise click.UsageError(str(refusal)) from None
    for path in done.removed:
        click.echo(f"Removed {path}")
    if not done.changed:
        click.echo(f"{folder} already builds with pledgekit {__version__}; nothing changed.")
        return
    for path in done.changed:
        click.echo(f"Wrote {path}")
    click.echo(
        f"The site now builds with pledgekit {__version__}: commit {done.wheel.parent} and "
        f"{done.requirements.name}."
    )
