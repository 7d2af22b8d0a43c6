"""The text a file carries besides what it shows: picture metadata, a PDF's text and metadata,
and the files inside a compressed one.

Each is found by the file's own structure (a GIF's comment blocks, a PNG's text chunks, a
JPEG's segments, a PDF's streams), so that text split over blocks or compressed inside the
file is read whole. Expansion is bounded: a small file that would expand into gigabytes is
read as far as the bound, and `TooLarge` says so.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

MAX_EXPANDED_BYTES = 64 * 1024 * 1024  # of compressed text in one file, all parts together
MAX_NESTING = 3  # a zip in a zip in a zip is read; one more level is not


class TooLarge(Exception):
    """A file whose compressed text expands beyond MAX_EXPANDED_BYTES."""


class _Budget:
    """What is left of MAX_EXPANDED_BYTES for one file."""

    def __init__(self) -> None:
        self.left = MAX_EXPANDED_BYTES

    def inflate(self, data: bytes, wbits: int = zlib.MAX_WBITS) -> bytes:
        inflater = zlib.decompressobj(wbits)
        try:
            expanded = inflater.decompress(data, self.left + 1)
        except zlib.error:
            return b""
        self.spend(len(expanded))
        return expanded

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise TooLarge(f"its compressed text expands to more than {MAX_EXPANDED_BYTES} bytes")


def embedded_texts(data: bytes) -> list[tuple[str, bytes]]:
    """(where, bytes) for each piece of text `data` holds besides its content as written:
    'GIF comment', 'PNG tEXt chunk', 'JPEG COM segment', 'PDF page 2 text'... Raises TooLarge."""
    return list(_embedded(data, _Budget(), 0))


def _embedded(data: bytes, budget: _Budget, depth: int) -> Iterator[tuple[str, bytes]]:
    if depth > MAX_NESTING:
        return
    if data.startswith((b"GIF87a", b"GIF89a")):
        yield from _gif(data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        yield from _png(data, budget)
    elif data.startswith(b"\xff\xd8"):
        yield from _jpeg(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        yield from _riff(data)
    elif b"%PDF-" in data[:1024]:
        yield from _pdf(data, budget)
    elif data.startswith(b"\x1f\x8b"):
        yield from _inner("gzip content", _gunzip(data, budget), budget, depth)
    elif data.startswith(b"PK\x03\x04"):
        for name, content in _zip_members(data, budget):
            yield from _inner(f"{name} (in the archive)", content, budget, depth)


def _inner(where: str, content: bytes, budget: _Budget, depth: int):
    yield where, content
    for inner_where, inner in _embedded(content, budget, depth + 1):
        yield f"{where}: {inner_where}", inner


def _gif(data: bytes) -> Iterator[tuple[str, bytes]]:
    """Comment, plain text and application extensions (XMP lives in one), their sub-blocks
    joined: a comment longer than 255 bytes is cut into blocks, each after a length byte."""
    names = {0xFE: "GIF comment", 0x01: "GIF plain text", 0xFF: "GIF application data"}
    position = 13
    if data[10] & 0x80:  # a global colour table
        position += 3 << ((data[10] & 7) + 1)
    while position < len(data):
        introducer = data[position]
        if introducer == 0x21 and position + 1 < len(data):  # an extension
            label = data[position + 1]
            content, position = _sub_blocks(data, position + 2)
            if label in names:
                yield names[label], content
        elif introducer == 0x2C and position + 10 <= len(data):  # an image
            flags = data[position + 9]
            position += 10
            if flags & 0x80:
                position += 3 << ((flags & 7) + 1)
            _, position = _sub_blocks(data, position + 1)  # after the LZW code size
        else:
            return  # the trailer, or bytes that are no GIF block


def _sub_blocks(data: bytes, position: int) -> tuple[bytes, int]:
    parts = []
    while position < len(data):
        size = data[position]
        position += 1
        if size == 0:
            break
        parts.append(data[position : position + size])
        position += size
    return b"".join(parts), position


def _png(data: bytes, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    """Every chunk but the pixels and the palette: tEXt, iTXt and zTXt (expanded), eXIf..."""
    position = 8
    while position + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        content = data[position + 8 : position + 8 + size]
        position += 12 + size
        if kind in (b"IDAT", b"PLTE", b"IHDR", b"IEND"):
            continue
        name = f"PNG {kind.decode('latin-1')} chunk"
        if kind == b"zTXt":
            keyword, _, rest = content.partition(b"\0")
            content = keyword + b": " + budget.inflate(rest[1:])
        elif kind == b"iTXt":
            keyword, _, rest = content.partition(b"\0")
            compressed, rest = rest[:1] == b"\x01", rest[2:]
            language, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            text = budget.inflate(text) if compressed else text
            content = b" ".join([keyword + b":", language, translated, text])
        elif kind == b"iCCP":
            keyword, _, rest = content.partition(b"\0")
            content = keyword + b": " + budget.inflate(rest[1:])
        yield name, content


def _jpeg(data: bytes) -> Iterator[tuple[str, bytes]]:
    """COM and APPn segments (Exif, XMP, ICC, Photoshop...), each kind's segments joined too:
    extended XMP is cut over several."""
    joined: dict[str, list[bytes]] = {}
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        if marker in (0xDA, 0xD9):  # the picture's data follows: no more metadata
            break
        size = struct.unpack(">H", data[position + 2 : position + 4])[0]
        content = data[position + 4 : position + 2 + size]
        position += 2 + size
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:
            name = "JPEG COM segment" if marker == 0xFE else f"JPEG APP{marker - 0xE0} segment"
            joined.setdefault(name, []).append(content)
            yield name, content
    for name, parts in joined.items():
        if len(parts) > 1:
            yield f"{name}s", b"".join(parts)


def _riff(data: bytes) -> Iterator[tuple[str, bytes]]:
    """A WebP's chunks but the pixels: EXIF, XMP, ICCP."""
    position = 12
    while position + 8 <= len(data):
        kind, size = struct.unpack("<4sI", data[position : position + 8])
        content = data[position + 8 : position + 8 + size]
        position += 8 + size + (size & 1)
        if kind.strip() not in (b"VP8", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"):
            yield f"WebP {kind.decode('latin-1').strip()} chunk", content


_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_PDF_PICTURE = re.compile(rb"/Subtype\s*/Image")


def _pdf(data: bytes, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    """Each page's text as a PDF reader shows it (fonts' encodings decoded by pypdf), the
    document's metadata, and every stream expanded (annotations, form fields, attachments,
    XMP...), also when pypdf cannot read the file."""
    try:
        yield from _pdf_text(data, budget)
    except TooLarge:
        raise
    except Exception:  # pypdf raises many kinds on a broken file: its streams are read below
        pass
    for index, found in enumerate(_PDF_STREAM.finditer(data)):
        before = data[max(0, found.start() - 2048) : found.start()]
        dictionary = before[max(0, before.rfind(b" obj")) :]
        if _PDF_PICTURE.search(dictionary):
            continue  # pixels: no text, and often the bulk of the file's size
        expanded = budget.inflate(found.group(1))
        if expanded:
            yield f"PDF stream {index + 1}", expanded


def _pdf_text(data: bytes, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    import pypdf  # only sites that publish PDFs pay for importing it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken file is read as it can be
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        return  # readers cannot open it either without its password
    metadata = reader.metadata or {}
    text = "\n".join(f"{key}: {value}" for key, value in metadata.items())
    yield "PDF metadata", text.encode("utf-8")
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        budget.spend(len(text))
        yield f"PDF page {number} text", text.encode("utf-8")
        for annotation in page.get("/Annots") or []:
            note = annotation.get_object()
            words = " ".join(str(note.get(key, "")) for key in ("/Contents", "/T", "/TU", "/V"))
            yield f"PDF page {number} annotation", words.encode("utf-8")


def _gunzip(data: bytes, budget: _Budget) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as file:
            expanded = file.read(budget.left + 1)
    except (OSError, EOFError, zlib.error):
        return b""
    budget.spend(len(expanded))
    return expanded


def _zip_members(data: bytes, budget: _Budget) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    for member in members:
        if member.is_dir():
            continue
        try:
            with archive.open(member) as file:
                content = file.read(budget.left + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
            continue  # encrypted or damaged: no reader opens it either
        budget.spend(len(content))
        yield member.filename, content
