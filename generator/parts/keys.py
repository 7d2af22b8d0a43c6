"""The keys of a build: digests of what every validated campaign is made from besides its own
files (the content key), and of what every page is made from besides (the page key)."""

from __future__ import annotations

import os
from pathlib import Path

from pledgekit.cache import CacheState
from pledgekit.digests import code_digest, combined, digest, folder_digests
from pledgekit.render.themes import Theme
from pledgekit.safe_read import FileRefused, read_regular_file


def content_key(source: Path, preview: str) -> str:
    """The code, where the site is and is built from, site.yaml, and what a preview shows."""
    return digest(
        code_digest(), str(source.resolve()), str(Path.cwd()), _site_bytes(source), preview
    )


def page_key(content_key: str, theme: Theme | None, state: CacheState) -> str:
    """The content key, and the theme's templates, translations and static file names."""
    return digest(content_key, theme_digest(theme, state))


def _site_bytes(source: Path) -> bytes:
    """site.yaml's bytes for the cache's key; nothing when it cannot be read (load_site has
    said why: a pipe, a device, a file over the limit)."""
    try:
        return read_regular_file(source / "site.yaml", root=os.path.realpath(source))
    except (FileRefused, OSError):
        return b""


def theme_digest(theme: Theme | None, state: CacheState) -> str:
    """What every page depends on in the theme: templates, translations, static file names
    (the folders' file digests are kept in `state` for the next build)."""
    if theme is None:
        return ""
    parts = []
    for folder in [*theme.template_folders, *theme.locale_folders]:
        known = state.digests.get(f"theme:{folder}", {})
        state.digests[f"theme:{folder}"] = digests = folder_digests(folder, known)
        parts.append(f"{folder}\0{combined(digests)}")
    manifests = [(folder / "theme.yaml").read_bytes() for folder in theme.chain]
    return digest(
        *parts,
        *theme.static_files(),
        *manifests,
        repr(sorted(theme.options.items())),
        repr(sorted(theme.translated_options.items())),
    )
