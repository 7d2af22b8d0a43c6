"""The text a file shows its readers once published, in every form a secret could take in it.

A key written `sk\\_live\\_…` in Markdown, `sk&#95;live_…` in HTML, `"sk\\x5flive…"` in YAML, split
by a comment, a tag or a zero-width space, or saved as UTF-16, reads as the key itself on the
page. The views here undo each of those encodings, so that a search of them finds what a
reader would see; each view is an extra copy to search, never a replacement of the text.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
import sys
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

# Longest first: UTF-32 LE's mark starts with UTF-16 LE's.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFFED_BYTES = 4096  # enough to tell UTF-16 and UTF-32 without a mark from other bytes

# Invisible characters a page shows as nothing: every format character (category Cf: zero-width
# spaces and joiners, soft hyphens, direction marks, word joiners, the byte order mark...) and
# the fillers and variation selectors that draw nothing. Those beyond the first 65,536 code
# points apart: a search for them costs more, and most texts have no such character at all.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff9-\ufffb]"
)
_INVISIBLE_ASTRAL = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)(?:\]\]>|\Z)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^>]*)?/?>|<[!?][^>]*>")
# Elements shown inside a line: their tags join the words around them (`sk_live_<em>…`). The
# tags of every other element (blocks, breaks) part the words, as a line break does.
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small"
    r"|span|strong|sub|sup|time|tt|u|var|wbr)(?:\s[^>]*)?/?>"
)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# Backslash escapes of C, JavaScript, JSON, Python and YAML, and Markdown's `\_` (a backslash
# before punctuation), and a backslash at the end of a line continuing it.
_BACKSLASH = re.compile(
    r"\\(?:x([0-9A-Fa-f]{2})|u\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})"
    r"|([0-7]{1,3})|(\r?\n[ \t]*)|([!-/:-@\[-`{-~]))"
)
# CSS escapes: a backslash, one to six hexadecimal digits and an optional space.
_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})[ \t\n]?")
_DATA_URI = re.compile(r"data:[^,\s\"'<>]{0,100};base64,([A-Za-z0-9+/=\s]{8,})")


def decoded_text(data: bytes) -> str | None:
    """`data` as text in whatever encoding an editor or a browser would read it with (a byte
    order mark's, UTF-16 or UTF-32 without one, UTF-8, else Windows-1252); None when it is not
    text at all (a picture, a PDF...)."""
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data[len(mark) :].decode(codec, errors="replace")
    head = data[:_SNIFFED_BYTES]
    codec = _wide_codec(head) if b"\0" in head else None
    if codec is not None:
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return data.decode("cp1252", errors="replace") if controls * 100 <= len(head) else None


def _wide_codec(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, told by where its zero bytes fall (mostly
    ASCII text has one in every second or every other three of four bytes)."""
    size = len(head) - len(head) % 4
    if size < 4:
        return None
    zeros = [head[offset:size:4].count(0) * 4 / size for offset in range(4)]
    if min(zeros[1:]) > 0.9 and zeros[0] < 0.5:
        return "utf-32-le"
    if min(zeros[:3]) > 0.9 and zeros[3] < 0.5:
        return "utf-32-be"
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if odd > 0.7 and even < 0.3:
        return "utf-16-le"
    if even > 0.7 and odd < 0.3:
        return "utf-16-be"
    return None


def byte_views(data: bytes) -> Iterator[str]:
    """What ASCII text bytes of any kind hold: each byte as a character, and every second and
    every fourth byte (ASCII stored as UTF-16 or UTF-32, in a picture's metadata or a text file
    without a byte order mark), wherever it starts."""
    yield data.decode("latin-1")
    if b"\0" in data:
        for offset in range(2):
            yield data[offset::2].decode("latin-1")
        for offset in (0, 3):
            yield data[offset::4].decode("latin-1")


def wide_views(data: bytes) -> list[str]:
    """Bytes that are not text by their look, read as UTF-16 both ways all the same: text
    without a byte order mark and few ASCII characters (full-width letters) is told from a
    picture by no sure sign."""
    if b"\0" not in data and b"\xff" not in data:
        return []
    size = len(data) - len(data) % 2
    return [normalised(data[:size].decode(codec, errors="replace")) for codec in _WIDE]


_WIDE = ("utf-16-le", "utf-16-be")


def text_views(text: str) -> list[str]:
    """`text` as written, and as a reader sees it where it is HTML, XML, Markdown, JSON, YAML,
    CSS or JavaScript: comments and tags taken out, entities and escapes decoded (twice over, for
    the HTML a feed holds as text), percent-encoded links decoded; each view with invisible
    characters taken out and compatibility characters (full-width letters...) made plain."""
    # As written, entities decoded: attribute values and comments are published too.
    views = [html.unescape(text) if "&" in text else text]
    visible = text
    for _ in range(3):  # an HTML page, the escaped HTML of a feed entry, a doubly escaped one
        if "<" not in visible and "&" not in visible:
            break
        shown = html.unescape(_without_markup(visible))
        if shown == visible:
            break
        views.append(shown)
        visible = shown
    for view in list(views):
        if _BACKSLASH.search(view):
            views.append(_BACKSLASH.sub(_unescaped, view))
        if _CSS_ESCAPE.search(view):
            views.append(_CSS_ESCAPE.sub(_code_point(1), view))
        if _PERCENT.search(view):
            views.append(unquote(view, errors="replace"))
    result = []
    for view in views:
        plain = normalised(view)
        if plain not in result:
            result.append(plain)
    return result


def data_uri_contents(text: str) -> Iterator[bytes]:
    """The bytes of each base64 `data:` address in `text` (a link to them shows them)."""
    for found in _DATA_URI.finditer(text):
        try:
            yield base64.b64decode(re.sub(r"\s", "", found.group(1)) + "==", validate=False)
        except (binascii.Error, ValueError):
            continue


def normalised(text: str) -> str:
    """Invisible characters out, compatibility characters made plain (NFKC): `ｓｋ＿ｌｉｖｅ` is
    read `sk_live`."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    encoded = text.encode("utf-8", "surrogatepass")  # a look at the lead bytes is cheaper
    if b"\xf0" in encoded or b"\xf3" in encoded:  # than a search of every character
        text = _INVISIBLE_ASTRAL.sub("", text)
    return text


def _without_markup(text: str) -> str:
    """The text between the tags, as a browser lays it out: a block's tags part words, an inline
    element's do not."""
    text = _COMMENT.sub("", text)
    if "<![" in text:
        text = _CDATA.sub(lambda found: found.group(1), text)
    return _TAG.sub("\n", _INLINE_TAG.sub("", text))


def _unescaped(found: re.Match[str]) -> str:
    hex_byte, braced, short, long, octal, continuation, punctuation = found.groups()
    if continuation is not None:
        return ""
    if punctuation is not None:
        return punctuation
    if octal is not None:
        return chr(int(octal, 8))
    return _character(int(hex_byte or braced or short or long, 16))


def _code_point(group: int):
    return lambda found: _character(int(found.group(group), 16))


def _character(code: int) -> str:
    return chr(code) if code <= sys.maxunicode and not 0xD800 <= code <= 0xDFFF else "\ufffd"
