"""A count as the command line says it, in English: '1 page', '2,000 files'."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"
