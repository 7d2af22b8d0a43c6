"""Theme options: declared with their type and default in theme.yaml, set in site.yaml.

An option reaches templates as `theme.options.NAME` and, when its declaration names a CSS
custom property (`css: --color-accent`), reaches stylesheets through a small generated file,
static/theme-options.css, that sets that property on :root. Values are checked by type before
they get anywhere near a page or a stylesheet: a colour is a colour, a font list holds font
names, a length is a number with a unit, and nothing else can be smuggled into the CSS.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from pledgekit.load.yaml_source import SourceDocument
from pledgekit.model.types import Model
from pledgekit.problems import Problem
from pledgekit.render.colours import SHADE_SHARE, TINT_SHARE, hex_colour, parse_colour, shade, tint

OptionType = Literal["color", "font", "length", "choice", "boolean", "text", "image"]

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_FUNCTION_COLOR = re.compile(r"(?:rgb|rgba|hsl|hsla|oklch|oklab|lab|lch)\([0-9.%, /+-]+\)")
_FONT_WORDS = r"-?[A-Za-z][A-Za-z0-9 _-]*"
_FONT_NAME = re.compile(rf"{_FONT_WORDS}|\"{_FONT_WORDS}\"|'{_FONT_WORDS}'")
_LENGTH = re.compile(r"0|[0-9]*\.?[0-9]+(?:px|rem|em|ch|ex|vw|vh|vmin|vmax|%)")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9-]*")
_CSS_PROPERTY = r"^--[a-z][a-z0-9-]*$"
_DERIVATION = re.compile(r"(tint|shade)\(\s*([a-z][a-z0-9_]*)\s*,\s*([a-z][a-z0-9_]*)\s*\)")
# Options that can be written into a stylesheet: their values are checked to be CSS tokens.
CSS_TYPES = {"color", "font", "length", "choice"}


def _color(value: Any) -> str:
    text = str(value).strip() if isinstance(value, str) else None
    if text and (_HEX_COLOR.fullmatch(text) or _FUNCTION_COLOR.fullmatch(text)):
        return text
    raise ValueError(f"must be a colour like #0b5a4a or rgb(11 90 74), got {value!r}")


def _font(value: Any) -> str:
    names = [name.strip() for name in value.split(",")] if isinstance(value, str) else []
    if names and all(_FONT_NAME.fullmatch(name) for name in names):
        return ", ".join(names)
    raise ValueError(
        "must be a list of installed font names separated by commas, like "
        f"'Georgia, serif' (no web font addresses), got {value!r}"
    )


def _length(value: Any) -> str:
    text = str(value).strip()
    if _LENGTH.fullmatch(text):
        return text
    raise ValueError(f"must be a CSS length like 0.5rem, 72rem or 12px, got {value!r}")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"must be true or false, got {value!r}")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"must be text, got {value!r}")


def _image(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if (
        text
        and not text.startswith(("/", "."))
        and ".." not in text.split("/")
        and "://" not in text
    ):
        return text
    raise ValueError(f"must be the name of a file in static/, like logo.svg, got {value!r}")


CHECKS: dict[str, Callable[[Any], Any]] = {
    "color": _color,
    "font": _font,
    "length": _length,
    "boolean": _boolean,
    "text": _text,
    "image": _image,
}


class OptionSpec(Model):
    """One option a theme offers, in theme.yaml under `options:`."""

    type: OptionType = Field(description="What kind of value the option takes.")
    description: str = Field(min_length=1, description="What the option changes, for designers.")
    choices: list[str] | None = Field(
        None, description="For type choice: the allowed values (lower-case words)."
    )
    css: str | None = Field(
        None,
        pattern=_CSS_PROPERTY,
        description="A CSS custom property the value is given to, e.g. --color-accent.",
    )
    default: Any = Field(None, description="The value used when site.yaml sets none.")
    derive: str | None = Field(
        None,
        pattern=_DERIVATION.pattern,
        description=(
            "For a colour: how it follows two other colour options when site.yaml sets either "
            "of them and not this one. tint(accent, background): a pale background that goes "
            "with accent on background, where text in accent stays readable; "
            "shade(accent, accent_text): accent moved away from the text written on it, for "
            "hover. Unset, or with neither option set, the default holds."
        ),
    )

    @field_validator("choices")
    @classmethod
    def _words(cls, choices: list[str] | None) -> list[str] | None:
        if choices is not None and not all(_IDENTIFIER.fullmatch(choice) for choice in choices):
            raise ValueError("choices must be lower-case words (letters, digits and '-')")
        return choices

    @field_validator("default")
    @classmethod
    def _default_fits(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or "type" not in info.data:
            return value
        return check_value(info.data["type"], info.data.get("choices"), value)

    @model_validator(mode="after")
    def _consistent(self) -> OptionSpec:
        if self.type == "choice" and not self.choices:
            raise ValueError("an option of type choice needs `choices:`")
        if self.type != "choice" and self.choices is not None:
            raise ValueError(f"`choices:` is only for options of type choice, not {self.type}")
        if self.css and self.type not in CSS_TYPES:
            raise ValueError(f"an option of type {self.type} cannot set a CSS property")
        if self.derive and self.type != "color":
            raise ValueError(f"only a colour can be derived, not an option of type {self.type}")
        return self

    @property
    def derivation(self) -> tuple[str, str, str] | None:
        """(recipe, colour option, other option) of `derive`, e.g. ('tint', 'accent', 'background')."""
        found = _DERIVATION.fullmatch(self.derive) if self.derive else None
        return (found.group(1), found.group(2), found.group(3)) if found else None

    def check(self, value: Any) -> Any:
        """The value, normalised; ValueError with a message for site.yaml when it is wrong."""
        return check_value(self.type, self.choices, value)


def derived_colour(recipe: str, colour: str, other: str) -> str:
    """The colour `recipe` (tint or shade, see OptionSpec.derive) makes of two colour values.
    In a notation read here, worked out now, readable by WCAG 2.2; in another (oklch(), a
    translucent colour), left to the browser as a CSS color-mix() of the same shares."""
    colour_rgb, other_rgb = parse_colour(colour), parse_colour(other)
    if recipe == "tint":
        if colour_rgb is None or other_rgb is None:
            return f"color-mix(in srgb, {colour} {round(TINT_SHARE * 100)}%, {other})"
        return hex_colour(tint(colour_rgb, other_rgb))
    if colour_rgb is None or other_rgb is None:
        return f"color-mix(in srgb, {colour} {round(100 - SHADE_SHARE * 100)}%, black)"
    return hex_colour(shade(colour_rgb, other_rgb))


def check_value(kind: str, choices: list[str] | None, value: Any) -> Any:
    if kind == "choice":
        if value in (choices or []):
            return value
        raise ValueError(f"must be one of {', '.join(choices or [])}, got {value!r}")
    return CHECKS[kind](value)


def site_option_values(
    theme_name: str,
    specs: dict[str, OptionSpec],
    document: SourceDocument,
    static_files: Collection[str],
    at: tuple[str, ...] = ("theme_options",),
) -> tuple[dict[str, Any], list[Problem]]:
    """The options site.yaml sets under theme_options (or `at`: a language's translations,
    where only text options may be given), checked against the theme's schema."""
    given: Any = document.data
    for key in at:
        given = given.get(key) if isinstance(given, dict) else None
    if given is None:
        return {}, []
    if not isinstance(given, dict):
        return {}, [document.problem(at, "must be a mapping of option: value")]
    translated = at != ("theme_options",)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in given.items():
        path = (*at, name)
        spec = specs.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            offered = ", ".join(sorted(specs)) or "none"
            message = f"unknown option '{name}'{hint}; theme '{theme_name}' offers: {offered}"
            problems.append(document.problem(path, message, at_key=True))
            continue
        if translated and spec.type != "text":
            message = f"'{name}' is a {spec.type} option, the same in every language: set it under theme_options"
            problems.append(document.problem(path, message, at_key=True))
            continue
        try:
            checked = spec.check(value)
        except ValueError as error:
            problems.append(document.problem(path, str(error)))
            continue
        if spec.type == "image" and checked not in static_files:
            message = f"no file static/{checked} in the site or its theme"
            problems.append(document.problem(path, message))
            continue
        values[name] = checked
    return values, problems
