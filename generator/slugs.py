"""Addresses made from names: a campaign's or update's slug, a category's or tag's folder."""

from __future__ import annotations

import re
import unicodedata

from pledgekit.digests import digest


def slugify(text: str, fallback: str = "update") -> str:
    """A lower-case address from a title: 'Café & prototype #2' -> 'cafe-prototype-2'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    slug = ""
    for word in words:
        if not slug:  # a first word longer than an address is cut, not dropped
            slug = word[:64]
        elif len(slug) + 1 + len(word) <= 64:
            slug = f"{slug}-{word}"
        else:
            break
    return slug or fallback


def name_slug(name: str) -> str:
    """The address of a category or tag: 'Board games' -> 'board-games'. A name with no
    Latin letter or digit ('ألعاب') is named by a short digest of it instead."""
    folded = unicodedata.normalize("NFKC", name).casefold().strip()
    return slugify(folded, fallback="") or "n-" + digest(folded)[:10]


def name_order(name: str) -> tuple[str, str]:
    """How names are listed: by letter, accents and case aside ('Éclairage' among the E's,
    not after 'Zinc'), then as written. Not a language's full collation: no ICU here."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return plain, folded
