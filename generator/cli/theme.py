"""`pledgekit theme`: the themes a site can use, and a new one to start from."""

from __future__ import annotations

from pathlib import Path

import click

from generator.build import site_settings
from generator.bundled import builtin_themes_folder
from generator.cli.common import default_source, reported_failures, source_option
from generator.model.site import THEME_NAME
from generator.render.catalogs import catalog_template
from generator.render.reference import context_reference, site_environment
from generator.render.themes import ThemeError, available_themes, read_manifest
from generator.scaffold.theme import new_theme
from generator.styleguide import build_styleguide


@click.group()
def theme() -> None:
    """Themes: list the ones a site can use, or start a new one."""


@theme.command(name="list")
@source_option
def list_themes(source: Path | None) -> None:
    """Every theme the site can name in site.yaml, with the options it offers."""
    source = source or default_source()
    for name, folder in available_themes(source).items():
        manifest, _, problems = read_manifest(folder, source)
        where = "built-in" if folder.parent == builtin_themes_folder() else str(folder)
        if manifest is None:
            click.echo(f"{name} ({where}): cannot be read")
            for problem in problems:
                click.echo(f"  {problem}")
            continue
        parent = f", extends {manifest.extends}" if manifest.extends else ""
        click.echo(f"{name} ({where}{parent})")
        if manifest.description:
            click.echo(f"  {manifest.description}")
        for option, spec in manifest.options.items():
            default = "" if spec.default in (None, "") else f" = {spec.default}"
            kind = "|".join(spec.choices) if spec.choices else spec.type
            click.echo(f"  - {option} ({kind}{default}): {spec.description}")


@theme.command(name="new")
@click.argument("name")
@click.option(
    "--extends",
    "parent",
    default="default",
    show_default=True,
    help="The theme the new one builds on.",
)
@source_option
def new(name: str, parent: str, source: Path | None) -> None:
    """Start a theme in the site's themes/NAME folder: it builds as it is, and its comments
    show how to change a colour, a component and a page."""
    source = source or default_source()
    if not THEME_NAME.fullmatch(name):
        raise click.BadParameter(
            f"a theme name is lower-case letters, digits, '-' and '_', got {name!r}",
            param_hint="NAME",
        )
    themes = available_themes(source)
    if parent not in themes:
        known = ", ".join(themes)
        raise click.BadParameter(f"unknown theme {parent!r}; available: {known}", "--extends")
    try:
        written = new_theme(source / "themes" / name, name, parent)
    except (FileExistsError, ThemeError) as error:
        raise click.UsageError(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Use it with `theme: {name}` in {source / 'site.yaml'}.")


@theme.command()
@source_option
def context(source: Path | None) -> None:
    """Every variable, type, function and filter each template receives (Markdown), worked
    out from pledgekit's code and the site's theme."""
    source = source or default_source()
    with reported_failures("nothing to describe"):
        environment = site_environment(source)
    click.echo(context_reference(environment), nl=False)


@theme.command()
@source_option
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("styleguide"),
    show_default=True,
    help="Folder to write the style guide into (replaced as a whole).",
)
def styleguide(source: Path | None, output: Path) -> None:
    """One page with every component in every state, drawn with the site's theme and options
    and a made-up campaign: open OUTPUT/index.html to check a theme at a glance."""
    source = source or default_source()
    with reported_failures("nothing was written"):
        page = build_styleguide(source, output)
    click.echo(f"Wrote the style guide to {page}")


@theme.command()
@click.argument("name", required=False)
@source_option
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the template to this file (e.g. themes/NAME/locale/messages.pot).",
)
def messages(name: str | None, source: Path | None, output: Path | None) -> None:
    """The message catalog template (messages.pot) of theme NAME (default: the site's): every
    text its templates translate, for translators to start a language from (docs/translating.md)."""
    source = source or default_source()
    themes = available_themes(source)
    if name is None:
        with reported_failures("nothing was written"):
            name = site_settings(source).theme.name
    if name not in themes:
        known = ", ".join(themes)
        raise click.BadParameter(f"unknown theme {name!r}; available: {known}", param_hint="NAME")
    template = catalog_template(themes[name])
    if output is None:
        click.echo(template.decode("utf-8"), nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(template)
    click.echo(f"wrote {output}")
