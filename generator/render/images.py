"""Responsive images: a campaign picture's size and its smaller copies (and WebP) for srcset.

A PNG, JPEG or WebP picture gets a copy at each width of the ladder narrower than itself, in its
own format and as WebP (and a WebP at its own width), named beside it: hero.jpg gives
hero-480.jpg, hero-480.webp, …, hero-1920.webp. Copies are turned upright by their EXIF
orientation, carry no metadata, and are encoded at a fixed quality, so the same picture always
gives the same bytes; the build cache keeps them under the digest of the picture, the ladder
and this code. GIF and AVIF pictures are published as they are, with their size only; an SVG
picture without what could run code or load from elsewhere (see generator.load.svg).

The picture itself is published without its metadata too (see published_original): its EXIF,
XMP, IPTC, comments and text chunks are cut out of the file, which leaves its pixels exactly as
they were, its colour profile kept; only a picture that its EXIF turns (or mirrors) is turned
upright and encoded again, with a JPEG's own quantisation tables.
"""

from __future__ import annotations

import functools
import io
import posixpath
import struct
from pathlib import Path
from urllib.parse import unquote

import PIL
from PIL import Image, ImageOps, JpegImagePlugin

from pledgekit.digests import digest
from pledgekit.load.svg import VERSION as SVG_VERSION
from pledgekit.load.svg import clean_svg
from pledgekit.pictures import ImageInfo, Variant, image_size

LADDER = (480, 800, 1200, 1600)  # the widths of the copies, in pixels
RASTER_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
VERSION = "1"  # change when the encoding changes: cached copies are then made again
PROSE_WIDTH = 720  # about the widest a picture in a story is shown by the bundled themes (px)


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
    if animated:  # resizing would keep only the first frame; it is published unturned
        return ImageInfo(name, width, height)
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown the other way round
        width, height = height, width
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


ORIGINAL_VERSION = "1"  # change when published_original changes: originals are then made again
ORIGINAL_QUALITY = 90  # a lossy WebP that must be turned upright is encoded again at this


def is_raster(name: str) -> bool:
    """Whether the file is a PNG, JPEG or WebP picture by its name (its original is published
    without metadata)."""
    return posixpath.splitext(name)[1].lower() in RASTER_SUFFIXES


def is_svg(name: str) -> bool:
    """Whether the file is an SVG picture by its name (it is published cleaned of script)."""
    return posixpath.splitext(name)[1].lower() == ".svg"


def is_cleaned(name: str) -> bool:
    """Whether the file is published as published_original makes it, not copied as it is."""
    return is_raster(name) or is_svg(name)


def original_key(source_digest: str, name: str = "") -> str:
    """What the published original of a picture is kept under in the build cache."""
    if is_svg(name):
        return digest(SVG_VERSION, "svg", source_digest)
    return digest(encoding_version(), ORIGINAL_VERSION, "original", source_digest)


def published_svg(data: bytes) -> bytes | None:
    """The SVG picture as published: with only the elements, attributes and CSS that draw it
    (no script, link or file from elsewhere); None when that is the file as it is.

    The build refuses a picture that holds code or cannot be read before it publishes
    anything, so SvgRefused here means a picture that changed during the build: it is raised,
    never published as it is.
    """
    cleaned = clean_svg(data).data
    return None if cleaned == data else cleaned


def published_original(data: bytes, name: str = "") -> bytes | None:
    """The picture as published: without EXIF, XMP, IPTC, comments or text, upright, with its
    colour profile; None when the picture has nothing to remove (it is published as it is),
    or is no PNG, JPEG or WebP that Pillow reads (then the file is published as given).

    Cutting the metadata out leaves the encoded pixels untouched (lossless). A picture that
    its EXIF (or XMP) orientation turns or mirrors is turned upright and encoded again, since
    the orientation goes with the rest: its width and height are then as the page gives them.
    A JPEG is then encoded with its own quantisation tables and subsampling (what Pillow's
    quality="keep" does), a PNG or a lossless WebP without loss.

    An SVG picture (by its `name`) is published as published_svg makes it.
    """
    if is_svg(name):
        return published_svg(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            format_name = image.format
            animated = getattr(image, "is_animated", False)
            orientation = _orientation(image)
    except _UNREADABLE:
        return None
    if format_name not in ("JPEG", "PNG", "WEBP"):
        return None
    stripped = None
    if orientation in range(2, 9) and not animated:
        stripped = _upright(data)
    else:
        try:
            stripped = _STRIPPERS[format_name](data)
        except (ValueError, IndexError, struct.error):
            stripped = None  # a file the parser does not follow: Pillow writes it anew
        if stripped is not None and not _readable(stripped, format_name):
            stripped = None
        if stripped is None and not animated:
            stripped = _upright(data)
    if stripped is None or stripped == data:
        return None
    return stripped


# What Pillow's parsers raise for a broken file, besides OSError: SyntaxError (a TIFF header of
# EXIF that is not one), struct.error and EOFError (a field cut short), and others.
_UNREADABLE = (
    OSError,
    ValueError,
    SyntaxError,
    struct.error,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    Image.DecompressionBombError,
)


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 is upright); 1 when the EXIF cannot be read, which the
    stripper then cuts out with the rest."""
    try:
        orientation = image.getexif().get(0x0112, 1)
    except _UNREADABLE:
        return 1
    return orientation if isinstance(orientation, int) else 1


def _readable(data: bytes, format_name: str) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return image.format == format_name and not image.getexif()
    except _UNREADABLE:
        return False


def _upright(data: bytes) -> bytes | None:
    """The picture turned by its orientation and encoded again, with no metadata but its
    colour profile."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            format_name = opened.format
            options: dict = {}
            if format_name == "JPEG":
                options.update(
                    qtables=opened.quantization,
                    subsampling=JpegImagePlugin.get_sampling(opened),
                    optimize=True,
                    progressive="progressive" in opened.info or "progression" in opened.info,
                )
            elif format_name == "WEBP":
                lossless = b"VP8L" in _webp_chunks(data)
                options.update(
                    lossless=lossless, quality=100 if lossless else ORIGINAL_QUALITY, method=4
                )
            else:
                options.update(optimize=True)
            image = ImageOps.exif_transpose(opened)
        profile = image.info.get("icc_profile")
        transparency = image.info.get("transparency")
        if options.get("subsampling") == -1:  # not one Pillow names: let it choose
            del options["subsampling"]
        image.info = {}  # no EXIF, XMP, text chunks or times
        if profile:
            options["icc_profile"] = profile
        if transparency is not None and format_name == "PNG":
            options["transparency"] = transparency
        output = io.BytesIO()
        image.save(output, format_name, **options)
        return output.getvalue()
    except _UNREADABLE:
        return None


# JPEG: the markers whose segments are kept (APPn and COM but these are left out)
_JFIF, _ICC, _ADOBE = b"JFIF\0", b"ICC_PROFILE\0", b"Adobe"


def _strip_jpeg(data: bytes) -> bytes:
    """The JPEG's segments up to the end of its (first) image, without APPn segments but the
    JFIF header (without a thumbnail), the colour profile and Adobe's colour transform, and
    without comments; everything after the image (other pictures of an MPF file, a phone's
    motion video) is left out too. The scans are copied byte for byte."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    parts = [b"\xff\xd8"]
    position, end = 2, len(data)
    while position < end:
        if data[position] != 0xFF:
            raise ValueError("no marker where one should be")
        while data[position + 1] == 0xFF:  # fill bytes
            position += 1
        marker = data[position + 1]
        if marker == 0xD9:  # the end of the image
            parts.append(b"\xff\xd9")
            return b"".join(parts)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a segment
            parts.append(data[position : position + 2])
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment_end = position + 2 + length
        if length < 2 or segment_end > end:
            raise ValueError("a segment runs past the end")
        payload = data[position + 4 : segment_end]
        if marker == 0xE0 and payload.startswith(_JFIF) and len(payload) >= 14:
            # the header, with no thumbnail (it may show the picture before it was cropped)
            header = payload[:12] + b"\0\0"
            parts.append(b"\xff\xe0" + struct.pack(">H", len(header) + 2) + header)
        elif (
            (marker == 0xE2 and payload.startswith(_ICC))
            or (marker == 0xEE and payload.startswith(_ADOBE))
            or not (0xE0 <= marker <= 0xEF or marker == 0xFE)
        ):
            parts.append(data[position:segment_end])
        position = segment_end
        if marker == 0xDA:  # a scan: entropy-coded bytes up to the next marker
            scan = position
            while True:
                position = data.index(b"\xff", position)
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                    continue
                break
            parts.append(data[scan:position])
    raise ValueError("no end of image")


# PNG: the ancillary chunks kept (how to show the pixels); critical chunks are always kept
_PNG_KEPT = {
    b"tRNS", b"iCCP", b"sRGB", b"gAMA", b"cHRM", b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi",
    b"sBIT", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _strip_png(data: bytes) -> bytes:
    """The PNG without its text (tEXt, zTXt, iTXt), EXIF (eXIf), time and any other chunk
    that is not needed to show it; the image data is copied byte for byte."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    parts = [_PNG_SIGNATURE]
    position = len(_PNG_SIGNATURE)
    while True:
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunk_end = position + 12 + length
        if chunk_end > len(data):
            raise ValueError("a chunk runs past the end")
        if kind[0] < 0x61 or kind in _PNG_KEPT:  # upper case first: a critical chunk
            parts.append(data[position:chunk_end])
        position = chunk_end
        if kind == b"IEND":
            return b"".join(parts)


# WebP: the chunks kept (EXIF and XMP are left out, and any unknown chunk)
_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP", b"ANIM", b"ANMF"}
_WEBP_EXIF_XMP = 0x08 | 0x04  # their flags in the VP8X chunk


def _webp_chunks(data: bytes) -> list[bytes]:
    """The kinds of a WebP's chunks, in order (as far as they can be read)."""
    kinds, position = [], 12
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        kinds.append(kind)
        position += 8 + length + (length & 1)
    return kinds


def _strip_webp(data: bytes) -> bytes:
    """The WebP without its EXIF and XMP chunks (and their flags in VP8X); the image data is
    copied byte for byte."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    (size,) = struct.unpack("<I", data[4:8])
    end = min(8 + size, len(data))
    parts = []
    position = 12
    while position + 8 <= end:
        kind, length = struct.unpack("<4sI", data[position : position + 8])
        chunk_end = position + 8 + length + (length & 1)
        if position + 8 + length > end:
            raise ValueError("a chunk runs past the end")
        chunk = data[position:chunk_end]
        if kind == b"VP8X":
            flags = chunk[8] & ~_WEBP_EXIF_XMP
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind in _WEBP_KEPT:
            parts.append(chunk)
        position = chunk_end
    body = b"".join(parts)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


_STRIPPERS = {"JPEG": _strip_jpeg, "PNG": _strip_png, "WEBP": _strip_webp}


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
