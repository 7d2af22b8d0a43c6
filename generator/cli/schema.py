"""`pledgekit schema`: JSON Schemas for editors, made from the models."""

from __future__ import annotations

from pathlib import Path

import click

from pledgekit.model.schemas import SCHEMA_MODELS, schema_text


@click.command()
@click.argument("kind", required=False, type=click.Choice(sorted(SCHEMA_MODELS)))
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write site.schema.json, campaign.schema.json, update.schema.json and "
    "translation.schema.json into this folder.",
)
def schema(kind: str | None, output: Path | None) -> None:
    """Print the JSON Schema of a content file.

    KIND is site (site.yaml), campaign (campaign.yaml), update (an update's front matter) or
    translation (a campaign's translation, campaign.<language>.yaml): for editors that check
    YAML as you type (with a `# yaml-language-server: $schema=…` first line).
    """
    if output is None:
        if kind is None:
            raise click.UsageError(
                "name a KIND (site, campaign, update or translation) or give --output"
            )
        click.echo(schema_text(kind), nl=False)
        return
    output.mkdir(parents=True, exist_ok=True)
    for name in [kind] if kind else sorted(SCHEMA_MODELS):
        path = output / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        click.echo(f"wrote {path}")
