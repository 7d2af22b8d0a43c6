"""Responsive images: a campaign picture's size and its smaller copies (and WebP) for srcset.

A PNG, JPEG or WebP picture gets a copy at each width of the ladder narrower than itself, in its
own format and as WebP (and a WebP at its own width), named beside it: hero.jpg gives
hero-480.jpg, hero-480.webp, …, hero-1920.webp. Copies are turned upright by their EXIF
orientation, carry no metadata, and are encoded at a fixed quality, so the same picture always
gives the same bytes; the build cache keeps them under the digest of the picture, the ladder
and this code. GIF, SVG and AVIF pictures are published as they are, with their size only.
"""

from __future__ import annotations

import functools
import io
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import PIL
from PIL import Image, ImageOps

from generator.advice.images import image_size
from generator.cache import digest

LADDER = (480, 800, 1200, 1600)  # the widths of the copies, in pixels
RASTER_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
VERSION = "1"  # change when the encoding changes: cached copies are then made again
PROSE_WIDTH = 720  # about the widest a picture in a story is shown by the bundled themes (px)


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


def _variant_name(name: str, width: int, suffix: str) -> str:
    stem, _ = posixpath.splitext(name)
    return f"{stem}-{width}{suffix}"


def image_info(name: str, path: Path, taken: frozenset[str] = frozenset()) -> ImageInfo | None:
    """The picture's size and the copies to make of it; None for a file that is not an image
    or cannot be read. `taken`: the folder's published names, which a copy never replaces."""
    suffix = posixpath.splitext(name)[1].lower()
    if suffix not in RASTER_SUFFIXES:
        size = image_size(path) if suffix in (".svg", ".gif", ".avif") else None
        if size is None:
            return None
        return ImageInfo(name, max(round(size[0]), 1), max(round(size[1]), 1))
    try:
        with Image.open(path) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
            animated = getattr(image, "is_animated", False)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown the other way round
        width, height = height, width
    if animated:  # resizing would keep only the first frame
        return ImageInfo(name, width, height)
    own = RASTER_SUFFIXES[suffix]
    wanted = [(target, own, suffix) for target in LADDER if target < width]
    if own != "WEBP":
        wanted = [
            (target, *kind) for target, *_ in wanted for kind in ((own, suffix), ("WEBP", ".webp"))
        ]
        wanted.append((width, "WEBP", ".webp"))
    variants = []
    for target, format_name, variant_suffix in wanted:
        variant_name = _variant_name(name, target, variant_suffix)
        if variant_name not in taken:
            target_height = max(round(height * target / width), 1)
            variants.append(Variant(variant_name, target, target_height, format_name))
    return ImageInfo(name, width, height, tuple(variants))


def image_infos(files: dict[str, Path]) -> dict[str, ImageInfo]:
    """Every picture among a campaign's published files, by its name in the folder."""
    taken = frozenset(files)
    found = {}
    for name, path in sorted(files.items()):
        info = image_info(name, path, taken)
        if info is not None:
            found[name] = info
    return found


@functools.cache
def encoding_version() -> str:
    """What the bytes of a copy depend on besides the picture: this code and Pillow's."""
    return digest(VERSION, PIL.__version__, repr(LADDER), str(JPEG_QUALITY), str(WEBP_QUALITY))


def variant_key(source_digest: str, variant: Variant) -> str:
    return digest(encoding_version(), source_digest, variant.format, f"{variant.width}")


def encode_variant(data: bytes, variant: Variant) -> bytes:
    """The copy's bytes: upright, resized, without metadata (the colour profile is kept)."""
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
    profile = image.info.get("icc_profile")
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if variant.format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if (variant.width, variant.height) != image.size:
        image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
    image.info = {}  # no EXIF, XMP, text chunks or times
    options: dict = {"icc_profile": profile} if profile else {}
    if variant.format == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif variant.format == "WEBP":
        options.update(quality=WEBP_QUALITY, method=4)
    else:
        options.update(optimize=True)
    output = io.BytesIO()
    image.save(output, variant.format, **options)
    return output.getvalue()


def markdown_image_attributes(images: dict[str, ImageInfo], src: str) -> dict[str, str] | None:
    """width, height, srcset and sizes for an <img> of Markdown showing a file of the campaign
    folder (as 'photo.jpg' in a story, '../../photo.jpg' in an update); None for another."""
    prefix, name = "", src
    while name.startswith("../"):
        prefix, name = prefix + "../", name[3:]
    info = images.get(posixpath.normpath(unquote(name.split("#")[0].split("?")[0])))
    if info is None:
        return None
    attributes = {"width": str(info.width), "height": str(info.height)}
    srcset = info.srcset(prefix)
    if srcset:
        shown = min(info.width, PROSE_WIDTH)
        attributes["srcset"] = ", ".join(f"{path} {width}w" for path, width in srcset)
        attributes["sizes"] = f"(max-width: {shown}px) 100vw, {shown}px"
    return attributes
