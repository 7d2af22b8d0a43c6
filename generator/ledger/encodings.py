"""The text of an export, in an encoding told for sure (a byte-order mark, valid UTF-8, UTF-16
with a plain header, or the one the user names), else a refusal that names what was found:
never a guess that turns letters into replacement characters."""

from __future__ import annotations

import codecs
import re

from pledgekit.problems import ContentErrors, Problem

# Longest first: UTF-32's little-endian mark begins with UTF-16's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
REPLACEMENT = "\ufffd"


def codec_name(encoding: str) -> str:
    """'latin-1' -> 'iso8859-1', 'UTF8' -> 'utf-8': Python's own name; LookupError if unknown."""
    return codecs.lookup(encoding).name


def export_text(data: bytes, file: str, encoding: str | None = None) -> str:
    """The file's text: in `encoding` when the user named one, else as its byte-order mark
    says, else UTF-8, else UTF-16 when its first line reads as plain text in UTF-16.
    ContentErrors at the line and column of the first byte that does not read."""
    marked = next(((mark, name) for mark, name in BYTE_ORDER_MARKS if data.startswith(mark)), None)
    if encoding is not None:
        if marked and _family(marked[1]) != _family(encoding):
            message = f"the file starts with a {_family(marked[1]).upper()} byte-order mark, but --encoding says {encoding}"
            raise ContentErrors([Problem(file, 1, 1, "", message)])
        chosen = marked[1] if marked else encoding
    elif marked:
        chosen = marked[1]
    else:
        chosen = _utf16_without_mark(data) or "utf-8"
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as error:
        raise ContentErrors([_unreadable(data, error, chosen, file, encoding is None)]) from None
    text = text.removeprefix("\ufeff")
    if REPLACEMENT in text:
        line, column = _position(text, text.index(REPLACEMENT))
        message = (
            "the file holds U+FFFD, the replacement character: a letter was lost before "
            "pledgekit read it (a program that could not read the file's encoding); export the file again"
        )
        raise ContentErrors([Problem(file, line, column, "", message)])
    return text


def _family(encoding: str) -> str:
    """'utf-8-sig' and 'utf-8' -> 'utf-8'; 'utf-16-le' -> 'utf-16'."""
    name = codec_name(encoding).removesuffix("-sig")
    return re.sub(r"^(utf-(?:16|32))(?:-[lb]e)?$", r"\1", name)


def _utf16_without_mark(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by a first line of plain ASCII (a CSV header),
    each of whose letters is one byte beside a zero byte."""
    end = data.find(b"\n")
    first = data[: end if end != -1 else 200]
    first = first[: len(first) - len(first) % 2]  # big-endian: the zero byte before the \n
    if len(first) < 4:
        return None
    odd, even = first[1::2], first[0::2]
    if not odd.strip(b"\0") and even.isascii() and b"\0" not in even:
        return "utf-16-le"
    if not even.strip(b"\0") and odd.isascii() and b"\0" not in odd:
        return "utf-16-be"
    return None


def _unreadable(
    data: bytes, error: UnicodeDecodeError, encoding: str, file: str, detected: bool
) -> Problem:
    """Where the first unreadable byte is, and what the file looks like instead."""
    readable = data[: error.start].decode(encoding, errors="replace")
    line, column = _position(readable, len(readable))
    byte = f"byte 0x{data[error.start]:02X}"
    name = codec_name(encoding).removesuffix("-sig")
    if not detected:
        return Problem(file, line, column, "", f"not {name} text: {byte} cannot be read as {name}")
    if name != "utf-8":
        return Problem(
            file,
            line,
            column,
            "",
            f"not {name} text although it begins like it: {byte} does not read",
        )
    guess = _legacy_reading(data, error.start)
    return Problem(
        file, line, column, "", f"not UTF-8 text: {byte} cannot be read as UTF-8; {guess}"
    )


def _legacy_reading(data: bytes, start: int) -> str:
    """What the file is instead of UTF-8, in words, with the word that gave it away."""
    if b"\0" in data:
        return "the file holds zero bytes: it is no text file, or UTF-16 or UTF-32 without a byte-order mark; save it as 'CSV UTF-8'"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "save the file as 'CSV UTF-8' or name its encoding with --encoding"
    begin = max(data.rfind(byte, 0, start) for byte in (b",", b";", b"\t", b"\n", b'"')) + 1
    ends = [end for end in (data.find(byte, start) for byte in b',;\t\r\n"') if end != -1]
    word = data[begin : min(ends, default=len(data))].decode("cp1252")
    return (
        f"it looks like Windows-1252 or Latin-1 (what spreadsheets on Windows save as 'CSV'), "
        f"in which it reads {word!r}; import it with --encoding cp1252, or save it as 'CSV UTF-8'"
    )


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of the character at `offset`, lines as CSV counts them."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1
