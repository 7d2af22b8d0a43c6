"""Where the built-in themes and the example site are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # A wheel carries them inside the package; a checkout (editable install) beside it.
    inside = _PACKAGE / "_bundled" / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def builtin_themes_folder() -> Path:
    return _bundled("themes")


def example_content_folder() -> Path:
    return _bundled("content")


# The built-in themes' entry points (pyproject.toml's pledgekit.themes group): a theme plug-in
# names a function giving its folder, as a third party's package does.
def default_theme() -> Path:
    return builtin_themes_folder() / "default"


def appeal_theme() -> Path:
    return builtin_themes_folder() / "appeal"
