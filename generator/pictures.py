"""What pledgekit knows of a picture: its width and height, read from the file's header (SVG,
PNG, JPEG, GIF, WebP, AVIF), and the record of a published picture and its smaller copies
(render/images.py makes them; plans and pages read them)."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

# Enough for a JPEG whose size comes after large EXIF and colour-profile segments.
HEADER_BYTES = 1024 * 1024

_SVG_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_SVG_ATTRIBUTE = re.compile(rb"""(?:^|\s)(width|height|viewBox)\s*=\s*["']([^"']*)["']""")
_SVG_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*")
# JPEG start-of-frame markers (they hold the size); C4, C8 and CC are other segments.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_size(path: Path) -> tuple[float, float] | None:
    """(width, height), or None when the file is unreadable or of a kind not understood."""
    try:
        with path.open("rb") as file:
            header = file.read(HEADER_BYTES)
    except OSError:
        return None
    if path.suffix.lower() == ".svg":
        return _svg_size(header)
    for reader in (_png_size, _gif_size, _jpeg_size, _webp_size, _avif_size):
        try:
            size = reader(header)
        except (struct.error, IndexError):  # a header cut short
            size = None
        if size is not None:
            return size if size[0] > 0 and size[1] > 0 else None
    return None


def _svg_size(text: bytes) -> tuple[float, float] | None:
    """width and height when both are plain lengths in one unit, else the viewBox."""
    root = _SVG_ROOT.search(text)
    if root is None:
        return None
    attributes = {
        name.decode(): value.decode(errors="replace")
        for name, value in _SVG_ATTRIBUTE.findall(root.group(1))
    }
    width = _SVG_LENGTH.fullmatch(attributes.get("width", ""))
    height = _SVG_LENGTH.fullmatch(attributes.get("height", ""))
    if width and height and width.group(2) == height.group(2):
        size = float(width.group(1)), float(height.group(1))
        if all(size):
            return size
    numbers = attributes.get("viewBox", "").replace(",", " ").split()
    try:
        _, _, box_width, box_height = (float(number) for number in numbers)
    except ValueError:  # not four numbers
        return None
    return (box_width, box_height) if box_width > 0 and box_height > 0 else None


def _png_size(header: bytes) -> tuple[int, int] | None:
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", header[16:24])


def _gif_size(header: bytes) -> tuple[int, int] | None:
    if header[:6] not in (b"GIF87a", b"GIF89a"):
        return None
    return struct.unpack("<HH", header[6:10])


def _jpeg_size(header: bytes) -> tuple[int, int] | None:
    if header[:2] != b"\xff\xd8":
        return None
    index = 2
    while index < len(header):
        if header[index] != 0xFF:
            return None
        while header[index] == 0xFF:  # fill bytes
            index += 1
        marker = header[index]
        index += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD9:  # markers without a segment
            continue
        (length,) = struct.unpack(">H", header[index : index + 2])
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", header[index + 3 : index + 7])
            return width, height
        index += length
    return None


def _webp_size(header: bytes) -> tuple[int, int] | None:
    if header[:4] != b"RIFF" or header[8:12] != b"WEBP":
        return None
    chunk = header[12:16]
    if chunk == b"VP8 ":  # lossy: a key frame's 14-bit sizes
        width, height = struct.unpack("<HH", header[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":  # lossless: 14 bits each, less one
        (bits,) = struct.unpack("<I", header[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: the canvas, 24 bits each, less one
        width = int.from_bytes(header[24:27], "little") + 1
        height = int.from_bytes(header[27:30], "little") + 1
        return width, height
    return None


def _avif_size(header: bytes) -> tuple[int, int] | None:
    """The first image spatial extent ('ispe') box of an AVIF file: the primary image's size."""
    if header[4:8] != b"ftyp" or header[8:12] not in (b"avif", b"avis"):
        return None
    found = header.find(b"ispe")
    if found < 0:
        return None
    return struct.unpack(">II", header[found + 8 : found + 16])


@dataclass(frozen=True)
class Variant:
    """One smaller copy (or the WebP at full width) of a picture."""

    name: str  # in the campaign folder's terms: 'hero-800.webp'
    width: int  # in pixels
    height: int  # in pixels, in the picture's proportions
    format: str  # 'JPEG', 'PNG' or 'WEBP'


@dataclass(frozen=True)
class ImageInfo:
    """A picture of the campaign folder: its size as shown, and the copies made of it."""

    name: str  # 'hero.jpg', 'photos/site.png'
    width: int  # upright (after the EXIF orientation), as a browser shows it
    height: int  # upright, as a browser shows it
    variants: tuple[Variant, ...] = ()  # the copies the build makes, none for SVG, GIF, AVIF

    def srcset(self, prefix: str = "") -> tuple[tuple[str, int], ...]:
        """(path, width) for the copies in the picture's own format, then the picture itself;
        empty when there are no copies."""
        own = tuple(
            (prefix + variant.name, variant.width)
            for variant in self.variants
            if variant.format != "WEBP" or self.name.lower().endswith(".webp")
        )
        return (*own, (prefix + self.name, self.width)) if own else ()

    def webp_srcset(self, prefix: str = "") -> tuple[tuple[str, int], ...]:
        """(path, width) of the WebP copies, for a <source type="image/webp">; empty when the
        picture is WebP itself (its srcset has them)."""
        if self.name.lower().endswith(".webp"):
            return ()
        return tuple(
            (prefix + variant.name, variant.width)
            for variant in self.variants
            if variant.format == "WEBP"
        )
