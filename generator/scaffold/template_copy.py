"""`pledgekit theme copy`: one of the theme's templates copied into the site's templates/, where
it overrides the theme's, for a designer to edit."""

from __future__ import annotations

import difflib
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pledgekit.render.themes import Theme


class TemplateUnknown(ValueError):
    """No template of that name in the theme chain: says which come close, and which exist."""

    def __init__(self, name: str, theme: Theme, known: list[str]):
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        close = close or difflib.get_close_matches(
            PurePosixPath(name).name, [PurePosixPath(k).name for k in known], n=1, cutoff=0.6
        )
        hint = ""
        if close:
            match = next(k for k in known if close[0] in (k, PurePosixPath(k).name))
            hint = f"; did you mean '{match}'?"
        parents = ", ".join(folder.name for folder in theme.chain[1:])
        chain = f"'{theme.chain[0].name}'" + (
            f" or the themes it extends ({parents})" if parents else ""
        )
        components = [k for k in known if k.startswith("components/")]
        others = [k for k in known if not k.startswith("components/")]
        super().__init__(
            f"no template '{name}' in theme {chain}{hint}\n"
            f"Components: {', '.join(PurePosixPath(k).name for k in components)} "
            "(in components/)\n"
            f"Other templates: {', '.join(others)}"
        )


class TemplateExists(FileExistsError):
    """The site has its own version of the template already."""


@dataclass(frozen=True)
class TemplateCopied:
    name: str  # under templates/, e.g. components/tier_card.html
    theme: str  # the theme whose version was copied
    origin: Path
    copy: Path


def template_name(asked: str, known: list[str]) -> str | None:
    """The template `asked` names: its path under templates/ (`components/tier_card.html`), or
    a file name or stem only one template has (`tier_card.html`, `tier_card`)."""
    name = asked.strip().removeprefix("./").removeprefix("templates/")
    if name in known:
        return name
    matches = [k for k in known if PurePosixPath(k).name in (name, f"{name}.html")]
    return matches[0] if len(matches) == 1 else None


def copy_template(theme: Theme, asked: str, force: bool = False) -> TemplateCopied:
    """Copy the theme chain's version of a template into the site's templates/ (the nearest
    theme that has it: the site's theme, else the theme it extends, and so on).

    TemplateUnknown when no theme has it; TemplateExists when the site has its own version
    and `force` is not given."""
    templates = theme.theme_templates()
    name = template_name(asked, list(templates))
    if name is None:
        raise TemplateUnknown(asked, theme, list(templates))
    origin = templates[name]
    copy = theme.site_folder / "templates" / name
    if copy.exists() and not force:
        raise TemplateExists(
            f"{copy} exists already (the site's own version): edit it, or give --force to "
            "replace it with the theme's"
        )
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(origin, copy)
    return TemplateCopied(name, origin.parents[len(PurePosixPath(name).parts)].name, origin, copy)
