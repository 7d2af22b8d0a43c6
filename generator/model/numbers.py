"""Numbers written in content besides money: counts of people and things, percents, ratios
and exchange rates, each within bounds no real campaign reaches, and a value as a message
quotes it (a long one cut short)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

# Backers, tier limits and claims: far more people than any campaign reaches, and few enough
# digits for every sum, percent and format a page makes of them (Decimal keeps 28 digits).
MAX_COUNT = 10**9
# The digits a number written in content may take, written out in full: more than any real
# figure has (an amount up to 10^12 with 4 decimal places takes 17), and few enough that no
# arithmetic on it is slow or runs out of precision. Checked before any arithmetic.
MAX_DIGITS = 30
# The characters of a value a message quotes; the middle of a longer one is left out.
MAX_QUOTED = 40
_WHOLE = re.compile(r"[+-]?[0-9][0-9_]*")


def quoted(value: Any) -> str:
    """`value` as a message quotes it: 'lots', '2.5'; a long one cut short, with its length,
    '111111111111111111111111…11111111' (5,000 characters)."""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = str(value)
        except ValueError:  # an int past Python's limit of digits for str()
            return "a number too long to show"
    if len(text) <= MAX_QUOTED:
        return repr(text)
    return f"{text[:24] + '…' + text[-8:]!r} ({len(text):,} characters)"


def digits_written(number: Decimal) -> int:
    """The digits `number` takes written out in full: 12.50 takes 4, 1E+32 takes 33 and
    1E-5000 takes 5,000 (leading zeros before the point aside)."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int), "only a finite number has digits"
    return len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)


def too_many_digits(number: Decimal, value: Any) -> str | None:
    """The reason a number written with more digits than MAX_DIGITS is refused, or None."""
    count = digits_written(number)
    if count <= MAX_DIGITS:
        return None
    shown = quoted(value)
    length = "" if shown.endswith("characters)") else f" ({count:,} digits written out)"
    return f"must be written with at most {MAX_DIGITS} digits, got {shown}{length}"


def parse_count(value: Any, lowest: int = 0, highest: int = MAX_COUNT) -> int:
    """A whole number from `lowest` to `highest`: 3, '3', 1e3; never 2.5, a word, or a number
    with more digits than a count can have (checked before it is made an int)."""
    written = value  # as the message quotes it
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise ValueError(_not_whole(written))
    if isinstance(value, str) and not _WHOLE.fullmatch(value.strip()):
        value = _decimal_or_text(value)  # '1e32', '2.5': a number, if not a whole one
    if isinstance(value, int):
        number = value
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError(_not_whole(written))
        if not -highest <= value <= highest:  # before int(): 1E+999999 has a million digits
            raise ValueError(_out_of_range(written, lowest, highest, below=value < 0))
        number = int(value)
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        digits = value.strip().lstrip("+-").replace("_", "").lstrip("0")
        if len(digits) > len(str(highest)):  # more digits than the highest: too far, either way
            raise ValueError(_out_of_range(written, lowest, highest, below="-" in value))
        number = int(value.strip().replace("_", ""))
    else:
        raise ValueError(_not_whole(written))
    if not lowest <= number <= highest:
        raise ValueError(_out_of_range(written, lowest, highest, below=number < lowest))
    return number


def _decimal_or_text(text: str) -> Decimal | str:
    try:
        number = Decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _not_whole(value: Any) -> str:
    return f"must be a whole number such as 3, got {quoted(value)}"


def _out_of_range(value: Any, lowest: int, highest: int, below: bool) -> str:
    if below:
        return f"must be {lowest} or more, got {quoted(value)}"
    return f"must be at most {highest:,}, got {quoted(value)}"


def parse_positive_number(value: Any, highest: Decimal, example: str) -> Decimal:
    """A number more than 0 and at most `highest`, written with at most MAX_DIGITS digits:
    a percent, a ratio, an exchange rate. `example`: valid values, for the message."""
    rule = f"must be a number {example}"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise ValueError(f"{rule}, got {quoted(value)}")
    try:
        number = Decimal(str(value).strip().replace("_", ""))
    except (InvalidOperation, ValueError):  # a word; an int too long for str()
        raise ValueError(f"{rule}, got {quoted(value)}") from None
    if not number.is_finite():
        raise ValueError(f"{rule}, got {quoted(value)}")
    if number <= 0:
        raise ValueError(f"must be more than 0, got {quoted(value)}")
    if number > highest:
        raise ValueError(f"must be at most {highest:,}, got {quoted(value)}")
    reason = too_many_digits(number, value)
    if reason:
        raise ValueError(reason)
    return number
