"""`pledgekit theme`: the themes a site can use, and a new one to start from."""

from __future__ import annotations

from pathlib import Path

import click

from pledgekit.bundled import builtin_themes_folder, example_content_folder
from pledgekit.cli.common import default_source, reported_failures, source_option
from pledgekit.load.content import load_site
from pledgekit.model.site import THEME_NAME
from pledgekit.problems import ContentErrors
from pledgekit.render.catalogs import catalog_template
from pledgekit.render.reference import context_reference, site_environment
from pledgekit.render.site_theme import site_settings, site_theme
from pledgekit.render.theme_options import OptionSpec
from pledgekit.render.themes import THEMES, ThemeError, available_themes, load_theme
from pledgekit.scaffold.template_copy import TemplateExists, TemplateUnknown, copy_template
from pledgekit.scaffold.theme import new_theme
from pledgekit.styleguide import build_styleguide


@click.group(short_help="Themes: list, copy, new, context, styleguide, messages.")
def theme() -> None:
    """Themes: list, copy, new, context, styleguide, messages.

    List the themes a site can use, copy a built-in template into the site to edit it, start
    a new theme, describe what templates receive, draw every component on one page, or print
    a theme's message catalog template.
    """


@theme.command(name="list")
@source_option
def list_themes(source: Path | None) -> None:
    """List the themes and the options they offer.

    Every theme the site can name in site.yaml, with the options it offers: its own and
    those it inherits from the themes it extends.
    """
    source = source or default_source()
    for name, folder in available_themes(source).items():
        where = "built-in" if folder.parent == builtin_themes_folder() else str(folder)
        package = THEMES.package(name) if THEMES.get(name) == folder else None
        if package and where != "built-in":
            where = f"from {package}"
        try:
            found, _ = load_theme(name, source)
        except ThemeError as error:
            click.echo(f"{name} ({where}): cannot be read")
            for problem in error.problems:
                click.echo(f"  {problem}")
            continue
        names = [folder.name for folder in found.chain]
        layers = list(zip(names, found.manifests, strict=True))
        extends = f", extends {' → '.join(names[1:])}" if len(names) > 1 else ""
        click.echo(f"{name} ({where}{extends})")
        if found.manifests[0].description:
            click.echo(f"  {found.manifests[0].description}")
        shown: set[str] = set()
        for index, (layer, manifest) in enumerate(layers):
            options = {o: spec for o, spec in manifest.options.items() if o not in shown}
            shown |= set(options)
            if options and index:
                click.echo(f"  inherited from {layer}:")
            for option, spec in options.items():
                # A default that replaces a parent's, as appeal's cards: list does default's grid.
                parent = next(((n, m) for n, m in layers[index + 1 :] if option in m.options), None)
                instead = ""
                if parent and parent[1].options[option].default != spec.default:
                    instead = (
                        f", instead of {parent[0]}'s {_shown(parent[1].options[option].default)}"
                    )
                click.echo(f"  - {_option_line(option, spec, instead)}")


def _option_line(option: str, spec: OptionSpec, replaced: str = "") -> str:
    """accent_soft (color = #dff0ea; unless set, follows accent and background): Pale …"""
    kind = "|".join(spec.choices) if spec.choices else spec.type
    default = "" if spec.default in (None, "") else f" = {_shown(spec.default)}"
    recipe = spec.derivation
    follows = f"; unless set, follows {recipe[1]} and {recipe[2]}" if recipe else ""
    return f"{option} ({kind}{default}{replaced}{follows}): {spec.description}"


def _shown(value: object) -> str:
    return "none" if value in (None, "") else str(value)


@theme.command(name="copy")
@click.argument("template")
@click.option("--force", is_flag=True, help="Replace the site's own version if it has one.")
@source_option
def copy(template: str, force: bool, source: Path | None) -> None:
    """Copy a theme's template into templates/.

    TEMPLATE (e.g. components/tier_card.html, or tier_card) is copied from the site's theme,
    or the theme it extends, into the site's templates/ folder, where it overrides the
    theme's for every page: edit it there.
    """
    source = source or default_source()
    if source == example_content_folder():
        raise click.UsageError(
            "there is no content/ folder here: run `pledgekit init` first, or give --source"
        )
    with reported_failures("nothing was copied"):
        document, _ = load_site(source)
        found, problems = site_theme(document, source)
        if found is None:
            raise ContentErrors(problems)
    try:
        copied = copy_template(found, template, force)
    except TemplateUnknown as unknown:
        raise click.BadParameter(str(unknown), param_hint="TEMPLATE") from None
    except TemplateExists as refusal:
        raise click.UsageError(str(refusal)) from None
    via = "" if copied.theme == found.name else f" (which {found.name} extends)"
    click.echo(f"Copied {copied.name} from the {copied.theme} theme{via} to {copied.copy}.")
    click.echo(
        "Next: edit it there: every page that uses it shows your version, and "
        "`pledgekit serve` reloads the pages as you save."
    )
    if copied.name.startswith("components/"):
        click.echo(
            "Keep the macro's name and arguments, and put visible text through _() so that "
            "it can be translated."
        )
    click.echo("To go back to the theme's version, delete the file.")


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
    """Start a new theme in the site's themes/.

    The theme goes in the site's themes/NAME folder: it builds as it is, and its comments
    show how to change a colour, a component and a page.
    """
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
    """Describe what templates receive (Markdown).

    Every variable, type, function and filter each template receives, worked out from
    pledgekit's code and the site's theme.
    """
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
    """Draw every component on one page.

    One page with every component in every state, drawn with the site's theme and options
    and a made-up campaign: open OUTPUT/index.html to check a theme at a glance.
    """
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
    """Print a theme's message catalog template.

    The messages.pot of theme NAME (default: the site's): every text its templates
    translate, for translators to start a language from (docs/translating.md).
    """
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
