"""A backer's name as a page shows it and as the hide list matches it: control and invisible
characters that could hide, reorder or disguise a name are taken out, and a long one is cut.
Used by the supporters section and by the sync sources that read public names."""

from __future__ import annotations

import re
import unicodedata

# A name longer than this is cut (with …): a name, not a message, fits in it.
MAX_NAME_CHARACTERS = 64
# Invisible characters a name keeps: the joiners some scripts and emoji need to be spelt.
KEPT_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d"})
_BLANKS = re.compile(r"\s+")


def _invisible(character: str) -> bool:
    """An invisible formatting character (Unicode category Cf): joiners, bidi controls, …"""
    return unicodedata.category(character) == "Cf"


def name_key(name: str) -> str:
    """A name as the hide list matches it: without case, accents, invisible formatting
    characters (Unicode category Cf, joiners included), or blanks around or repeated inside
    ('  ÉLODIE  Durand ', the same followed by a joiner, and 'elodie durand' are the same)."""
    # A joiner is invisible on the page, so a name that holds one looks like the name on
    # the hide list and must match it (pasted text often ends with one).
    visible = "".join(character for character in name if not _invisible(character))
    decomposed = unicodedata.normalize("NFKD", visible)
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return _BLANKS.sub(" ", unicodedata.normalize("NFKC", bare).casefold()).strip()


def shown_name(text: str) -> str:
    """A ledger's name as a page may show it: control and invisible formatting characters
    (bidi overrides among them) removed, blanks made single spaces, cut at
    MAX_NAME_CHARACTERS; '' when nothing visible is left (a lone joiner is no name)."""
    kept = "".join(
        character
        for character in text
        if unicodedata.category(character) not in ("Cc", "Cf", "Cs", "Co", "Cn")
        or character in KEPT_FORMAT_CHARACTERS
    )
    name = _BLANKS.sub(" ", kept).strip()
    # Joiners alone, or with blanks, show nothing: no name (and none the hide list could match).
    if not name_key(name):
        return ""
    if len(name) > MAX_NAME_CHARACTERS:
        name = name[: MAX_NAME_CHARACTERS - 1].rstrip() + "…"
    return name
