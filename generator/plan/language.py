"""The direction a language is written in, for text marked as in it."""

from __future__ import annotations

import functools

from babel import Locale


@functools.cache
def text_direction(language: str) -> str:
    """'rtl' for Arabic, Hebrew, Persian, …; 'ltr' otherwise (and for no language)."""
    if not language:
        return "ltr"
    return Locale.parse(language.replace("-", "_")).text_direction
