"""Themes: a folder with theme.yaml, templates/ and static/, extending a parent theme.

Templates are looked up in the site's own templates/ first, then in the theme, then in each
parent in turn. A template can name one theme's version explicitly with an `@NAME/` prefix,
`{% extends "@default/campaign.html" %}`, to change a page without copying it; `@theme/` is
the site's theme and its parents without the site's own templates.
"""

from __future__ import annotations

import difflib
import types
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from pledgekit import plugins
from pledgekit.load.content import read_text
from pledgekit.load.yaml_source import SourceDocument, parse_yaml
from pledgekit.model.site import THEME_NAME
from pledgekit.model.types import Model
from pledgekit.plugins import Registry
from pledgekit.problems import Problem, Severity, display_path
from pledgekit.render.theme_options import OptionSpec, derived_colour
from pledgekit.validate.messages import model_problems, unknown_keys

# Every chain ends with the built-in default theme: a theme that extends nothing still gets
# the templates, options and static files it leaves out, and its own always win.
FALLBACK_THEME = "default"

# A campaign page's sections: templates/campaign_sections/NAME.html, in the order of the
# nearest theme.yaml's campaign_sections.
SECTIONS_FOLDER = "campaign_sections"


class ThemeError(Exception):
    """A theme that cannot be found or read: every problem found, each with its file:line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class ThemeManifest(Model):
    """theme.yaml"""

    name: str | None = Field(None, description="The theme's name: its folder's name.")
    description: str = Field("", description="One sentence for `pledgekit theme list`.")
    extends: str | None = Field(None, description="The theme this one builds on, e.g. default.")
    options: dict[str, OptionSpec] = Field(
        default_factory=dict,
        description="Settings a site can change in site.yaml under theme_options.",
    )
    campaign_sections: list[str] | None = Field(
        None,
        description=(
            "The campaign page's sections, top to bottom: each a file "
            "templates/campaign_sections/NAME.html of this theme or the themes it extends. "
            "Unset, the parent's order."
        ),
    )

    @field_validator("name", "extends")
    @classmethod
    def _theme_name(cls, value: str | None) -> str | None:
        if value is not None and not THEME_NAME.fullmatch(value):
            raise ValueError(
                f"must be a theme name of lower-case letters, digits, '-' and '_', got {value!r}"
            )
        return value

    @field_validator("options")
    @classmethod
    def _option_names(cls, options: dict[str, OptionSpec]) -> dict[str, OptionSpec]:
        for name in options:
            if not THEME_NAME.fullmatch(name.replace("_", "-")):
                raise ValueError(f"option names are lower-case words, got {name!r}")
        return options


@dataclass(frozen=True, eq=False)
class Theme:
    name: str
    chain: tuple[Path, ...]  # the theme folder first, then its parents
    site_folder: Path  # the content folder: its templates/ and static/ override the theme
    manifests: tuple[ThemeManifest, ...] = ()  # in the order of `chain`
    options: dict[str, Any] = field(default_factory=dict)  # every option's value for this site
    # Text options in the site's other languages: {language: {option: value}}.
    translated_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def template_folders(self) -> list[Path]:
        folders = [self.site_folder / "templates", *(folder / "templates" for folder in self.chain)]
        return [folder for folder in folders if folder.is_dir()]

    @property
    def locale_folders(self) -> list[Path]:
        """The site's own locale/ first (its wording wins), then the theme's and its parents'."""
        folders = [self.site_folder / "locale", *(folder / "locale" for folder in self.chain)]
        return [folder for folder in folders if folder.is_dir()]

    @property
    def option_specs(self) -> dict[str, OptionSpec]:
        """Every option of the theme and its parents; a theme's own declaration wins."""
        specs: dict[str, OptionSpec] = {}
        for manifest in reversed(self.manifests):
            specs.update(manifest.options)
        return specs

    @property
    def campaign_sections(self) -> list[str]:
        """The campaign page's sections in order: the list of the theme nearest the site that
        gives one."""
        for manifest in self.manifests:
            if manifest.campaign_sections is not None:
                return list(manifest.campaign_sections)
        return []

    def section_names(self) -> list[str]:
        """Every section a campaign page can show: the NAME of each
        templates/campaign_sections/NAME.html in the site's templates, the theme or its parents."""
        names = {
            path.stem
            for folder in self.template_folders
            for path in (folder / SECTIONS_FOLDER).glob("*.html")
            if path.is_file() and not path.name.startswith(".")
        }
        return sorted(names)

    def theme_templates(self) -> dict[str, Path]:
        """Every template the theme chain offers, by its name under templates/ (e.g.
        components/tier_card.html), from the theme nearest the site that has it; the site's
        own templates/ left out."""
        found: dict[str, Path] = {}
        for folder in self.chain:
            templates = folder / "templates"
            for path in sorted(templates.rglob("*")) if templates.is_dir() else []:
                name = path.relative_to(templates).as_posix()
                if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
                    found.setdefault(name, path)
        return dict(sorted(found.items()))

    def named_template_folders(self) -> dict[str, list[Path]]:
        """`@NAME/` prefixes: each theme in the chain from itself up, and `theme`."""
        named = {"theme": [folder / "templates" for folder in self.chain]}
        for index, folder in enumerate(self.chain):
            named[folder.name] = [parent / "templates" for parent in self.chain[index:]]
        return {
            name: [folder for folder in folders if folder.is_dir()]
            for name, folders in named.items()
        }

    def with_options(
        self, values: dict[str, Any], translated: dict[str, dict[str, Any]] | None = None
    ) -> Theme:
        """The theme with a site's option values; `translated` holds the text options that
        a language of the site says in its own words."""
        specs = self.option_specs
        options = {name: values.get(name, spec.default) for name, spec in specs.items()}
        for name, spec in specs.items():
            # A colour that follows others (the accent's pale tint) follows the site's choice
            # of them, unless the site chooses it too; with neither chosen, the theme's
            # default holds (a hand-picked colour for the default accent).
            recipe = spec.derivation
            if recipe and name not in values and {recipe[1], recipe[2]} & values.keys():
                colour, other = options.get(recipe[1]), options.get(recipe[2])
                if isinstance(colour, str) and isinstance(other, str):
                    options[name] = derived_colour(recipe[0], colour, other)
        return replace(self, options=options, translated_options=translated or {})

    def options_in(self, language: str) -> dict[str, Any]:
        """The option values of the pages in `language`."""
        return {**self.options, **self.translated_options.get(language.lower(), {})}

    def custom_properties(self) -> str:
        """CSS that gives the site's option values to the stylesheets' custom properties, for
        the options that differ from the value the stylesheet itself was written with: the
        default of the theme that first declared the option (a child theme's new default
        counts as a change). Empty when nothing differs."""
        first: dict[str, OptionSpec] = {}
        for manifest in reversed(self.manifests):
            for name, spec in manifest.options.items():
                first.setdefault(name, spec)
        declarations = [
            f"{spec.css}: {self.options[name]};"
            for name, spec in sorted(self.option_specs.items())
            if spec.css and self.options.get(name) not in (None, first[name].default)
        ]
        return f":root {{ {' '.join(declarations)} }}" if declarations else ""

    def stylesheets(self) -> list[str]:
        """static/themes/NAME.css of each theme in the chain that has one, parents first."""
        files = self.static_files()
        names = [f"themes/{folder.name}.css" for folder in reversed(self.chain)]
        return [name for name in names if name in files]

    def static_files(self) -> dict[str, Path]:
        """Name under static/ -> file; the site's own files win, then the theme, then parents."""
        files: dict[str, Path] = {}
        for folder in [*reversed(self.chain), self.site_folder]:
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    name = path.relative_to(static).as_posix()
                    if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
                        files[name] = path
        return dict(sorted(files.items()))


def theme_folder(name: str, loaded: object) -> Path:
    """The folder a pledgekit.themes entry point gives: it names a function returning the
    folder (or the folder itself, or a module whose folder is the theme), named as the theme,
    with a theme.yaml."""
    if isinstance(loaded, types.ModuleType):
        folder = Path(loaded.__file__ or "").parent
    else:
        folder = Path(loaded() if callable(loaded) else loaded)  # type: ignore[arg-type]
    if folder.name != name:
        raise ValueError(f"its folder {folder} is not named '{name}'")
    if not (folder / "theme.yaml").is_file():
        raise ValueError(f"its folder {folder} has no theme.yaml")
    return folder


# Every installed theme, built-in or from another package, through the pledgekit.themes entry
# points (generator/plugins.py); a site's own themes/ folder comes first.
THEMES: Registry[Path] = Registry(plugins.THEMES, "theme", theme_folder)


def find_theme_folder(name: str, site_folder: Path) -> Path | None:
    candidate = site_folder / "themes" / name
    if (candidate / "theme.yaml").is_file():
        return candidate
    return THEMES.get(name)


def available_themes(site_folder: Path) -> dict[str, Path]:
    """Every theme by name: the site's own themes/ first (they hide installed ones)."""
    found: dict[str, Path] = {}
    base = site_folder / "themes"
    if base.is_dir():
        for manifest in sorted(base.glob("*/theme.yaml")):
            found.setdefault(manifest.parent.name, manifest.parent)
    for name, folder in THEMES.items():
        found.setdefault(name, folder)
    return dict(sorted(found.items()))


def read_manifest(
    folder: Path, site_folder: Path
) -> tuple[ThemeManifest | None, SourceDocument | None, list[Problem]]:
    """theme.yaml, checked: problems name its file and line."""
    path = folder / "theme.yaml"
    text, problems = read_text(path, site_folder)
    if text is None:
        return None, None, problems
    document, problems = parse_yaml(text, display_path(path, site_folder))
    if problems:
        return None, document, problems
    manifest, problems = check_manifest(document, folder.name)
    return manifest, document, problems


def check_manifest(
    document: SourceDocument, folder_name: str
) -> tuple[ThemeManifest | None, list[Problem]]:
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        return None, [document.problem((), "theme.yaml must be a mapping of settings")]
    problems = unknown_keys(data, ThemeManifest, document)
    options = data.get("options")
    for name, spec in options.items() if isinstance(options, dict) else []:
        problems += unknown_keys(spec, OptionSpec, document, ("options", name))
    try:
        manifest = ThemeManifest.model_validate(data)
    except ValidationError as error:
        return None, problems + model_problems(error, document)
    if manifest.name is not None and manifest.name != folder_name:
        problems.append(
            document.problem(
                ("name",),
                f"must be the theme folder's name, '{folder_name}', got '{manifest.name}'",
            )
        )
        return None, problems
    return manifest, problems


def load_theme(name: str, site_folder: Path) -> tuple[Theme, list[Problem]]:
    """The theme and its parents, and warnings about them; ThemeError lists what is wrong.

    Problems with no file are about the name the site asked for (site.yaml's `theme`)."""
    warnings: list[Problem] = []
    chain: list[Path] = []
    manifests: list[ThemeManifest] = []
    documents: list[SourceDocument | None] = []
    current: str | None = name
    child: SourceDocument | None = None  # the theme.yaml that named `current` as its parent
    while current:
        folder = find_theme_folder(current, site_folder)
        if folder is None:
            known = available_themes(site_folder)
            close = difflib.get_close_matches(current, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"unknown theme '{current}'{hint}; available: {', '.join(known)}"
            raise ThemeError([child.problem(("extends",), message) if child else _problem(message)])
        if folder in chain:
            path = " → ".join([*(item.name for item in chain), folder.name])
            message = f"themes extend each other in a circle: {path}"
            raise ThemeError([child.problem(("extends",), message) if child else _problem(message)])
        manifest, child, problems = read_manifest(folder, site_folder)
        if manifest is None or any(problem.severity is Severity.ERROR for problem in problems):
            raise ThemeError(problems)
        warnings += problems
        chain.append(folder)
        manifests.append(manifest)
        documents.append(child)
        current = manifest.extends
        if current is None and all(item.name != FALLBACK_THEME for item in chain):
            current = FALLBACK_THEME
            child = None  # the fallback is found, or pledgekit is broken: no line to blame
    theme = Theme(name, tuple(chain), site_folder, tuple(manifests))
    problems = _derivation_problems(theme, documents) + _section_problems(theme, documents)
    if problems:
        raise ThemeError(problems)
    return theme.with_options({}), warnings


def _derivation_problems(theme: Theme, documents: list[SourceDocument | None]) -> list[Problem]:
    """`derive:` names two colour options of the theme or its parents, at its theme.yaml line."""
    specs = theme.option_specs
    problems = []
    for manifest, document in zip(theme.manifests, documents, strict=True):
        for name, spec in manifest.options.items():
            for other in (spec.derivation or ())[1:]:
                if other in specs and specs[other].type == "color" and other != name:
                    continue
                colours = ", ".join(
                    sorted(n for n, s in specs.items() if s.type == "color" and n != name)
                )
                message = f"'{other}' is not another colour option of this theme or its parents ({colours})"
                path = ("options", name, "derive")
                problems.append(document.problem(path, message) if document else _problem(message))
    return problems


def _section_problems(theme: Theme, documents: list[SourceDocument | None]) -> list[Problem]:
    """Each name in a `campaign_sections` list is a section file, listed once, at its line."""
    known = theme.section_names()
    problems = []
    for manifest, document in zip(theme.manifests, documents, strict=True):
        seen: set[str] = set()
        for index, name in enumerate(manifest.campaign_sections or ()):
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                message = (
                    f"unknown section '{name}'{hint}: no templates/{SECTIONS_FOLDER}/{name}.html "
                    f"in this theme or the themes it extends; available: {', '.join(known)}"
                )
            elif name in seen:
                message = f"section '{name}' is listed twice: a page shows each section once"
            else:
                seen.add(name)
                continue
            path = ("campaign_sections", index)
            problems.append(document.problem(path, message) if document else _problem(message))
    return problems


def _problem(message: str) -> Problem:
    return Problem("", 0, 0, "", message)
