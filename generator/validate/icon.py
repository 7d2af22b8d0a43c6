"""Whether a picture can be the site's icon (site.yaml's `icon`): read by Pillow, square, and
large enough for a high-density home screen. render/icons.py draws the icons from it."""

from __future__ import annotations

import io

from PIL import Image

SMALLEST = 512  # an icon smaller than this would be blurred on a high-density home screen


class IconError(ValueError):
    """The picture cannot be an icon: not an image Pillow reads, not square, or too small."""


def check_icon(picture: bytes) -> tuple[int, int]:
    """The picture's size, when it can be the site's icon; IconError otherwise."""
    try:
        with Image.open(io.BytesIO(picture)) as image:
            image.verify()
            width, height = image.size
    except Exception:  # Pillow raises many kinds for a file it cannot read
        raise IconError("cannot read it as a picture: give a PNG or JPEG file") from None
    if width != height:
        raise IconError(f"must be square, got {width}×{height} pixels")
    if width < SMALLEST:
        raise IconError(f"must be at least {SMALLEST}×{SMALLEST} pixels, got {width}×{height}")
    return width, height
