"""The site's icons from one square picture: favicon.ico for browsers that ask for it, PNG
icons for phones' home screens and for link previews, and the web app manifest that names them.

The picture is site.yaml's `icon`, or the theme's icon.png. Every size is drawn from it at
build time with Pillow and kept in the build cache by the picture's digest.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image

from pledgekit.cache import BuildCache
from pledgekit.digests import digest

# Output path -> (size in pixels, whether transparency is flattened onto the background).
# iOS draws a transparent apple-touch-icon on black, so that one gets the background colour.
PNG_ICONS = {
    "static/icons/icon-192.png": (192, False),
    "static/icons/icon-512.png": (512, False),
    "static/icons/apple-touch-icon.png": (180, True),
}
FAVICON = "favicon.ico"
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]
ICON_FILES = [*PNG_ICONS, FAVICON]
FORMAT_VERSION = "icons 2"  # change to redraw every cached icon


def draw_icons(picture: bytes, background: str) -> dict[str, bytes]:
    """Every icon file, as bytes: the same picture and background give the same bytes."""
    with Image.open(io.BytesIO(picture)) as opened:
        image = opened.convert("RGBA")
    files = {}
    for path, (size, flatten) in PNG_ICONS.items():
        icon = image.resize((size, size), Image.Resampling.LANCZOS)
        if flatten:
            ground = Image.new("RGBA", icon.size, background)
            icon = Image.alpha_composite(ground, icon).convert("RGB")
        files[path] = _png(icon)
    out = io.BytesIO()
    image.save(out, format="ICO", sizes=FAVICON_SIZES)
    files[FAVICON] = out.getvalue()
    return files


def cached_icons(picture: bytes, background: str, cache: BuildCache) -> dict[str, bytes]:
    """draw_icons, drawn once per picture and kept with the build cache's images."""
    keys = {path: digest(FORMAT_VERSION, picture, background, path) for path in ICON_FILES}
    kept = {path: cache.image(key, Path(path).suffix) for path, key in keys.items()}
    if all(content is not None for content in kept.values()):
        return kept
    files = draw_icons(picture, background)
    for path, content in files.items():
        cache.put_image(keys[path], content, Path(path).suffix)
    return files


def manifest(
    name: str,
    description: str,
    language: str,
    direction: str,
    colours: tuple[str, str],
    prefix: str,
) -> dict[str, Any]:
    """The web app manifest of the pages in one language, written beside its home page
    (`prefix`: '' or 'fr/'). `colours`: the theme's accent and background."""
    theme_colour, background = colours
    to_root = "../" * prefix.count("/")  # the icons are in static/ at the site root
    data = {
        "name": name,
        "short_name": name if len(name) <= 12 else name[:11].rstrip() + "…",
        "description": description or None,
        "lang": language,
        "dir": direction,
        "start_url": "./",
        "scope": "./",
        "display": "browser",
        "theme_color": theme_colour,
        "background_color": background,
        "icons": [
            {
                "src": to_root + path,
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for path, (size, flatten) in PNG_ICONS.items()
            if not flatten
        ],
    }
    return {key: value for key, value in data.items() if value}


def theme_icon(chain: Sequence[Path]) -> Path | None:
    """The first icon.png of a theme and its parents."""
    return next((folder / "icon.png" for folder in chain if (folder / "icon.png").is_file()), None)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
