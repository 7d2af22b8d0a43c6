"""A campaign's social card: the 1200×630 PNG a shared link shows, drawn at build time.

The card shows the title, who asks, the money raised of the goal and a progress bar, in the
theme's colours and with the fonts a theme ships in its fonts/ folder. The same card gives the
same bytes (no time, no metadata in the PNG), so a build may keep it under its key.
"""

from __future__ import annotations

import functools
import io
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from pledgekit.bundled import builtin_themes_folder
from pledgekit.digests import digest

WIDTH, HEIGHT = 1200, 630  # what Facebook, LinkedIn, X and Mastodon show large (1.91:1)

# A theme's fonts/ folder supplies the card's fonts under these names (.ttf or .otf); each is
# looked up from the site's theme up its parents to the default theme, which ships DejaVu Sans.
FONT_FILES = {"regular": "social-card-regular", "bold": "social-card-bold"}
SUFFIXES = (".ttf", ".otf")

# The default theme's colours, for a theme that declares none of these options (or a colour
# written in a CSS notation Pillow cannot read, such as oklch()).
DEFAULT_COLOURS = {
    "background": "#fbfaf7",
    "text": "#1d2125",
    "muted": "#4d565e",
    "accent": "#0b5a4a",
    "accent_soft": "#dff0ea",
}

# The layout, in pixels of the card.
MARGIN = 80  # left and right
BAND = 14  # the accent band along the top edge
TITLE_TOP = 92
TITLE_SIZES = (68, 60, 54, 48)  # the largest at which the title fits in TITLE_LINES wins
TITLE_LINES = 3
LINE_HEIGHT = 1.18  # of the font size
BYLINE_SIZE = 32
BAR_HEIGHT = 28
BAR_BOTTOM = HEIGHT - 76
FIGURES_BASELINE = BAR_BOTTOM - BAR_HEIGHT - 30
RAISED_SIZES = (64, 56, 48, 40)
GOAL_SIZE = 32
PERCENT_SIZE = 44
GAP = 18  # between the raised amount and the goal, and before the percentage
SUPERSAMPLE = 4  # the bar's round ends are drawn this much larger, then scaled down
BLEND_STEPS = 16  # shades between a colour and what it is drawn on, for smoothed edges

ELLIPSIS = "…"

# Raqm shapes Arabic and lays out text of either direction; without it Pillow's basic layout
# draws the characters one by one (right-to-left text then reads wrongly).
RAQM = features.check("raqm")
LAYOUT = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class CardFonts:
    """The card's two font files and one digest of both files' bytes."""

    regular: Path
    bold: Path
    digest: str


@dataclass(frozen=True)
class CardColours:
    background: RGB
    text: RGB
    muted: RGB  # the byline and the goal
    accent: RGB  # the band, the amount raised and the bar
    track: RGB  # the bar's empty part


@dataclass(frozen=True)
class SocialCard:
    """Everything a card shows, its texts already in the page's language."""

    title: str
    byline: str  # 'by Ada Lovelace'
    raised: str  # '€3,250'
    goal: str  # 'of €5,000 goal'
    percent: int  # of the goal, floored, may exceed 100 (the bar stops full)
    percent_text: str  # '65%' ('٦٥٪' in Arabic)
    direction: str  # 'ltr' or 'rtl': of the page's language; rtl mirrors the card
    language: str  # the page's language tag, for shaping ('ar')
    colours: CardColours
    fonts: CardFonts

    @property
    def key(self) -> str:
        """A digest of everything drawn, and of the code and libraries that draw it."""
        return digest(
            _drawing_version(),
            f"{WIDTH}x{HEIGHT}",
            self.title,
            self.byline,
            self.raised,
            self.goal,
            str(self.percent),
            self.percent_text,
            self.direction,
            self.language,
            repr(self.colours),
            self.fonts.digest,
        )


def card_fonts(theme_folders: Iterable[Path]) -> CardFonts:
    """The card's fonts: each the first found in the fonts/ folders of `theme_folders` (the
    theme first, then its parents), else the built-in default theme's."""
    folders = [*theme_folders, builtin_themes_folder() / "default"]
    found = {}
    for role, stem in FONT_FILES.items():
        candidates = (
            folder / "fonts" / (stem + suffix) for folder in folders for suffix in SUFFIXES
        )
        path = next((candidate for candidate in candidates if candidate.is_file()), None)
        if path is None:  # pledgekit's own files are missing
            raise FileNotFoundError(f"no fonts/{stem}.ttf in the theme or the built-in one")
        found[role] = path
    regular, bold = found["regular"], found["bold"]
    return CardFonts(regular, bold, digest(_file_digest(regular), _file_digest(bold)))


def card_colours(options: Mapping[str, Any]) -> CardColours:
    """The theme's colour options (its values for this site) as the card's colours."""
    background = _colour(options.get("background"), DEFAULT_COLOURS["background"], None)

    def pick(name: str) -> RGB:
        return _colour(options.get(name), DEFAULT_COLOURS[name], background)

    return CardColours(background, pick("text"), pick("muted"), pick("accent"), pick("accent_soft"))


def draw_card(card: SocialCard) -> bytes:
    """The card as PNG bytes: the same card, the same bytes."""
    colours = card.colours
    image = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    draw = ImageDraw.Draw(image)
    rtl = card.direction == "rtl"
    start = WIDTH - MARGIN if rtl else MARGIN  # where lines begin, and the anchor that fits it
    end = MARGIN if rtl else WIDTH - MARGIN
    begin_anchor, end_anchor = ("r", "l") if rtl else ("l", "r")
    width = WIDTH - 2 * MARGIN

    draw.rectangle((0, 0, WIDTH, BAND - 1), fill=colours.accent)

    title_font, lines = _title_lines(card, width)
    line_height = round(title_font.size * LINE_HEIGHT)
    for index, line in enumerate(lines):
        position = (start, TITLE_TOP + index * line_height)
        _text(draw, position, line, title_font, colours.text, begin_anchor + "a", card)

    byline_font = _font(card.fonts, card.fonts.regular, BYLINE_SIZE)
    byline_top = TITLE_TOP + len(lines) * line_height + 14
    byline = _fitted(card.byline, byline_font, width, card)
    _text(draw, (start, byline_top), byline, byline_font, colours.muted, begin_anchor + "a", card)

    percent_font = _font(card.fonts, card.fonts.bold, PERCENT_SIZE)
    goal_font = _font(card.fonts, card.fonts.regular, GOAL_SIZE)
    percent_width = _length(card.percent_text, percent_font, card)
    room = width - percent_width - GAP
    raised_font = _font(card.fonts, card.fonts.bold, RAISED_SIZES[-1])
    for size in RAISED_SIZES:  # the amount shrinks before the goal is cut short
        raised_font = _font(card.fonts, card.fonts.bold, size)
        if _length(card.raised, raised_font, card) + GAP <= room / 2:
            break
    raised_width = _length(card.raised, raised_font, card)
    goal = _fitted(card.goal, goal_font, max(room - raised_width - GAP, 0), card)
    goal_start = start - raised_width - GAP if rtl else start + raised_width + GAP
    baseline = begin_anchor + "s"
    _text(draw, (start, FIGURES_BASELINE), card.raised, raised_font, colours.accent, baseline, card)
    _text(draw, (goal_start, FIGURES_BASELINE), goal, goal_font, colours.muted, baseline, card)
    position = (end, FIGURES_BASELINE)
    _text(draw, position, card.percent_text, percent_font, colours.text, end_anchor + "s", card)

    _bar(image, card, width)

    return _png(image, colours)


def _bar(image: Image.Image, card: SocialCard, width: int) -> None:
    """The progress bar: the track, and over it the share of the goal raised (from the right
    on a right-to-left card), both with round ends."""
    colours = card.colours
    top = BAR_BOTTOM - BAR_HEIGHT
    _pill(image, MARGIN, top, width, colours.track)
    share = min(max(card.percent, 0), 100)
    filled = width * share // 100
    if filled:
        filled = max(filled, BAR_HEIGHT)  # a sliver still shows, as a dot
        left = MARGIN + width - filled if card.direction == "rtl" else MARGIN
        _pill(image, left, top, filled, colours.accent)


def _pill(image: Image.Image, left: int, top: int, width: int, colour: RGB) -> None:
    """A bar BAR_HEIGHT high with round, smoothed ends, blended over what is beneath."""
    cap = _round_cap()
    image.paste(colour, (left, top, left + BAR_HEIGHT, top + BAR_HEIGHT), cap)
    right = left + width - BAR_HEIGHT
    image.paste(colour, (right, top, right + BAR_HEIGHT, top + BAR_HEIGHT), cap)
    radius = BAR_HEIGHT // 2
    if right > left:
        image.paste(colour, (left + radius, top, right + radius, top + BAR_HEIGHT))


@functools.cache
def _round_cap() -> Image.Image:
    """A disc as a mask with smooth edges: drawn larger, then scaled down."""
    size = BAR_HEIGHT * SUPERSAMPLE
    disc = Image.new("L", (size, size), 0)
    ImageDraw.Draw(disc).ellipse((0, 0, size - 1, size - 1), fill=255)
    return disc.resize((BAR_HEIGHT, BAR_HEIGHT), Image.Resampling.LANCZOS)


def _png(image: Image.Image, colours: CardColours) -> bytes:
    """The card as PNG: Pillow writes no time, text or physical size unless asked.

    A card is its theme colours and the smoothed edges where one meets another, which a
    palette of those colours and their blends holds exactly: a third of the bytes of full
    colour, and a third of the time to encode."""
    out = io.BytesIO()
    image.quantize(palette=_palette(colours), dither=Image.Dither.NONE).save(out, format="PNG")
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _palette(colours: CardColours) -> Image.Image:
    """The theme colours and BLEND_STEPS blends of each colour drawn with what it is drawn on."""
    background = colours.background
    drawn_on = [
        (colours.text, background),
        (colours.muted, background),
        (colours.accent, background),
        (colours.track, background),
        (colours.accent, colours.track),
    ]
    kept = [background, colours.text, colours.muted, colours.accent, colours.track]
    for top, under in drawn_on:
        for step in range(1, BLEND_STEPS):
            share = step / BLEND_STEPS
            blend = tuple(round(u + (t - u) * share) for t, u in zip(top, under, strict=True))
            # Pillow matches a pixel to the palette colour nearest the middle of its 4×4×4
            # cell: a blend kept apart from every other colour leaves theme colours exact
            if all(_distance_squared(blend, other) > 144 for other in kept):
                kept.append(blend)
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in kept for value in colour])
    return palette


def _distance_squared(one: RGB, other: RGB) -> int:
    return sum((a - b) ** 2 for a, b in zip(one, other, strict=True))


def _title_lines(card: SocialCard, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The title's font and lines: the largest size at which it fits, else the smallest size
    with its last line cut short by an ellipsis."""
    for size in TITLE_SIZES:
        font = _font(card.fonts, card.fonts.bold, size)
        lines = _wrapped(card.title, font, width, card)
        if len(lines) <= TITLE_LINES:
            return font, lines
    kept = lines[:TITLE_LINES]
    kept[-1] = _fitted(kept[-1] + " " + ELLIPSIS, font, width, card, always=True)
    return font, kept


def _wrapped(text: str, font: ImageFont.FreeTypeFont, width: int, card: SocialCard) -> list[str]:
    """The text in lines no wider than `width`, broken between words (within a word only
    when it is wider than a line by itself)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _length(candidate, font, card) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while _length(word, font, card) > width:  # a word longer than a line: split it
            cut = len(word) - 1
            while cut > 1 and _length(word[:cut], font, card) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def _fitted(
    text: str, font: ImageFont.FreeTypeFont, width: float, card: SocialCard, always: bool = False
) -> str:
    """The text, cut short with an ellipsis when it is wider than `width`; `always`: the text
    ends with the ellipsis already, which is kept."""
    if not always and _length(text, font, card) <= width:
        return text
    body = text.removesuffix(ELLIPSIS).rstrip()
    while body and _length(body + ELLIPSIS, font, card) > width:
        body = body[:-1].rstrip()
    return body + ELLIPSIS


def _text(
    draw: ImageDraw.ImageDraw,
    position: tuple[float, float],
    text: str,
    font: ImageFont.FreeTypeFont,
    colour: RGB,
    anchor: str,
    card: SocialCard,
) -> None:
    draw.text(position, text, fill=colour, font=font, anchor=anchor, **_shaping(card))


def _length(text: str, font: ImageFont.FreeTypeFont, card: SocialCard) -> float:
    return font.getlength(text, **_shaping(card))


def _shaping(card: SocialCard) -> dict[str, str]:
    """Raqm's settings: the page's language for shaping; the direction of each piece of text
    is found from its letters (an English title on an Arabic page stays left to right, and is
    set flush right with the rest)."""
    return {"language": card.language} if RAQM and card.language else {}


@functools.lru_cache(maxsize=64)
def _font(fonts: CardFonts, path: Path, size: int) -> ImageFont.FreeTypeFont:
    # From bytes in memory: FreeType reads a font file named to it as it goes, and a file
    # rewritten meanwhile (a designer saving the theme's font while `serve` runs) crashes it.
    return ImageFont.truetype(io.BytesIO(_font_file(fonts, path)), size, layout_engine=LAYOUT)


@functools.lru_cache(maxsize=4)
def _font_file(fonts: CardFonts, path: Path) -> bytes:
    return path.read_bytes()


def _file_digest(path: Path) -> str:
    status = path.stat()
    return _content_digest(str(path), status.st_size, status.st_mtime_ns, status.st_ino)


@functools.lru_cache(maxsize=16)
def _content_digest(path: str, size: int, modified: int, inode: int) -> str:
    """A font file's digest, read once per process while its size and times stay the same."""
    return digest(Path(path).read_bytes())


@functools.cache
def _drawing_version() -> str:
    """This module's code, Pillow's version and its layout engine: what else shapes a card."""
    raqm = features.version("raqm") if RAQM else "basic"
    libraries = [
        PIL.__version__,
        str(raqm),
        str(features.version("freetype2")),
        zlib.ZLIB_RUNTIME_VERSION,
    ]
    return digest(Path(__file__).read_bytes(), *libraries)


_SPACED_FUNCTION = re.compile(r"(rgba?|hsla?)\(\s*([^)]*?)\s*\)")


def _colour(value: Any, default: str, background: RGB | None) -> RGB:
    """A colour option's value as RGB; the default when Pillow cannot read its notation. A
    translucent colour is blended onto `background`, as a page would show it."""
    for text in (value, default):
        if not isinstance(text, str):
            continue
        try:
            channels = ImageColor.getrgb(_comma_separated(text.strip()))
        except ValueError:
            continue
        red, green, blue = channels[:3]
        if len(channels) == 4 and background is not None:
            alpha = channels[3] / 255
            red, green, blue = (
                round(channel * alpha + under * (1 - alpha))
                for channel, under in zip((red, green, blue), background, strict=True)
            )
        return (red, green, blue)
    return ImageColor.getrgb(default)[:3]  # type: ignore[return-value]


def _comma_separated(text: str) -> str:
    """'rgb(11 90 74 / 50%)' (CSS Colors 4) as 'rgba(11,90,74,50%)', which Pillow reads."""
    match = _SPACED_FUNCTION.fullmatch(text)
    if match is None or "," in match.group(2):
        return text
    colour, _, alpha = match.group(2).partition("/")
    values = colour.split()
    name = match.group(1).rstrip("a")
    alpha = alpha.strip()
    if not alpha:
        return f"{name}({','.join(values)})"
    try:  # Pillow reads an alpha of 0 to 255 only
        share = float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha)
    except ValueError:
        return text
    return f"{name}a({','.join([*values, str(round(min(max(share, 0), 1) * 255))])})"
