r"""File and folder names as messages show them: a name cannot hide, reorder or break a line.

A folder named `x\u202egpj` prints as `xjpg` reversed, `la\u200bmp` as `lamp`, and `tenon-lamp\n`
breaks `file:line:column` in two: such characters are shown as the escapes written here.
"""

from __future__ import annotations

import unicodedata

# Characters that change how the text around them reads without being seen: right-to-left
# marks and overrides, isolates. Unicode's Bidi_Control property.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Control (Cc), format (Cf: zero-width and bidi), line and paragraph separators, and spaces
# other than the plain one (a no-break space reads as a space but is another name).
_HIDDEN_CATEGORIES = frozenset(["Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cn", "Cs"])


def is_hidden_character(character: str) -> bool:
    """Whether a character is invisible, moves text about, or is not a plain space."""
    return character != " " and unicodedata.category(character) in _HIDDEN_CATEGORIES


def hidden_characters(name: str) -> list[str]:
    """The characters of `name` a reader cannot see as they are, each once, in order."""
    return list(dict.fromkeys(c for c in name if is_hidden_character(c)))


def shown_name(name: str) -> str:
    r"""`name` with each invisible, control or bidi character written as an escape (\n, \t,
    \u200b, \U000e0041), so that what is printed is what is there."""
    return "".join(_escape(c) if is_hidden_character(c) else c for c in name)


def _escape(character: str) -> str:
    special = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if character in special:
        return special[character]
    code = ord(character)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def unpublishable_characters(name: str) -> list[str]:
    r"""The characters that keep a file's name off the site: controls (a line break in an
    address), bidi controls (`x\u202egpj.svg` shows as `xsvg.jpg`), separators and bytes that
    are not text. Zero-width joiners stay: Persian and Indic names need them."""
    refused = {"Cc", "Zl", "Zp", "Cs"}
    return list(
        dict.fromkeys(c for c in name if c in BIDI_CONTROLS or unicodedata.category(c) in refused)
    )
