"""Colours a theme derives from its options at build time: a pale tint of the accent for
backgrounds, a stronger shade for hover, each kept readable (WCAG 2.2 contrast)."""

from __future__ import annotations

import re

from PIL import ImageColor

RGB = tuple[int, int, int]

# WCAG 2.2 AA: normal text needs 4.5:1 against its background.
READABLE = 4.5
# How much of the colour a tint holds at most: the default theme's pale green badge
# background holds about a seventh of its accent over its page background.
TINT_SHARE = 0.14
# How far a shade moves the colour towards black (or white): the default theme's hover
# colour is its accent with about a quarter of black.
SHADE_SHARE = 0.27

_FUNCTION = re.compile(r"(rgb|hsl)a?\(([^()]*)\)")


def parse_colour(text: str) -> RGB | None:
    """An opaque colour written as #rgb, #rrggbb, rgb() or hsl() (commas or spaces), as RGB;
    None for a translucent one or a notation this cannot read (oklch(), lab(), …)."""
    text = text.strip()
    found = _FUNCTION.fullmatch(text)
    if found:
        parts = [part for part in re.split(r"[\s,/]+", found.group(2).strip()) if part]
        if len(parts) != 3:  # a fourth part is an alpha: translucent
            return None
        text = f"{found.group(1)}({', '.join(parts)})"
    elif text.startswith("#") and len(text) in (5, 9):  # #rgba, #rrggbbaa
        return None
    try:
        red, green, blue = ImageColor.getrgb(text)[:3]
    except ValueError:
        return None
    return (red, green, blue)


def hex_colour(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def mix(colour: RGB, ground: RGB, share: float) -> RGB:
    """`share` of `colour` over `ground`, as CSS color-mix(in srgb, …) mixes them."""
    return tuple(
        round(top * share + under * (1 - share)) for top, under in zip(colour, ground, strict=True)
    )  # type: ignore[return-value]


def luminance(colour: RGB) -> float:
    """WCAG 2.2 relative luminance."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: RGB, other: RGB) -> float:
    """WCAG 2.2 contrast ratio, from 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tint(colour: RGB, ground: RGB) -> RGB:
    """A pale background that goes with `colour` on `ground`: up to TINT_SHARE of it, less
    when text in `colour` would be harder to read on the tint than READABLE allows (and at
    least as readable as on `ground` itself)."""
    floor = min(READABLE, contrast(colour, ground))
    for step in range(round(TINT_SHARE * 100), 0, -1):
        mixed = mix(colour, ground, step / 100)
        if contrast(colour, mixed) >= floor:
            return mixed
    return ground


def shade(colour: RGB, text: RGB) -> RGB:
    """`colour` moved away from the `text` written on it (darker under light text, lighter
    under dark text), for a hover: the text only gets easier to read."""
    away = (0, 0, 0) if luminance(text) >= luminance(colour) else (255, 255, 255)
    return mix(away, colour, SHADE_SHARE)
