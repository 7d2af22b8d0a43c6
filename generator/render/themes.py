"""Themes: a folder with theme.yaml, templates/ and static/, extending a parent theme."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.bundled import builtin_themes_folder


class ThemeError(Exception):
    """A theme that cannot be found or read."""


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]  # the theme folder first, then its parents
    site_folder: Path  # the content folder: its templates/ and static/ override the theme

    @property
    def template_folders(self) -> list[Path]:
        folders = [self.site_folder / "templates", *(folder / "templates" for folder in self.chain)]
        return [folder for folder in folders if folder.is_dir()]

    @property
    def locale_folders(self) -> list[Path]:
        return [folder / "locale" for folder in self.chain if (folder / "locale").is_dir()]

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


def find_theme_folder(name: str, site_folder: Path) -> Path | None:
    for base in (site_folder / "themes", builtin_themes_folder()):
        candidate = base / name
        if (candidate / "theme.yaml").is_file():
            return candidate
    return None


def available_themes(site_folder: Path) -> list[str]:
    names = set()
    for base in (site_folder / "themes", builtin_themes_folder()):
        if base.is_dir():
            names.update(path.parent.name for path in base.glob("*/theme.yaml"))
    return sorted(names)


def load_theme(name: str, site_folder: Path) -> Theme:
    chain: list[Path] = []
    current: str | None = name
    while current:
        folder = find_theme_folder(current, site_folder)
        if folder is None:
            known = ", ".join(available_themes(site_folder))
            raise ThemeError(f"unknown theme '{current}'; available: {known}")
        if folder in chain:
            raise ThemeError(f"theme '{current}' extends itself through its parents")
        chain.append(folder)
        try:
            meta = yaml.safe_load((folder / "theme.yaml").read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise ThemeError(f"{folder / 'theme.yaml'}: {error}") from None
        if not isinstance(meta, dict):
            raise ThemeError(f"{folder / 'theme.yaml'}: must be a mapping of settings")
        current = meta.get("extends")
        if current is not None and not isinstance(current, str):
            raise ThemeError(
                f"{folder / 'theme.yaml'}: extends must be the name of a theme, got {current!r}"
            )
    return Theme(name, tuple(chain), site_folder)
