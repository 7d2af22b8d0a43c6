"""Amounts as exports write them, read exactly: a separator that could be a decimal point or a
thousands separator (1.250, 1,250) is never guessed at, and every amount fits its currency."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from pledgekit.ledger.bounds import Refused, checked_amount, currency_places, places_rule, shown
from pledgekit.ledger.csvtools import plain_decimal

# One separator with three digits after it and none other: 1.250, 10.999, -1,250 (0.250 is
# no number of thousands).
LONE_SEPARATOR = re.compile(r"-?(?P<whole>[1-9][0-9]{0,2})(?P<separator>[.,])(?P<three>[0-9]{3})")


def plain_amount(text: str, currency: str, example: str = "") -> Decimal:
    """Stripe's and the generic CSV's amounts: '.' is the decimal point and ',' groups
    thousands (3125.00, 3,125.00). Refused: what is no such number (with `example` after the
    message), '1.250' in a currency of fewer than three decimal places (German for 1250?),
    '1,250' in one of three or more (a decimal comma?), and what the currency cannot hold."""
    amount = plain_decimal(text)
    if amount is None:
        raise Refused(f"cannot read the amount {shown(text)}{example}")
    lone = LONE_SEPARATOR.fullmatch(text.strip())
    if lone:
        decimal_point = lone["separator"] == "."
        if decimal_point == (currency_places(currency) < 3):
            raise Refused(ambiguous(text, lone, currency))
    return checked_amount(amount, text, currency)


def local_amount(text: str, currency: str, reader: Callable[[str], Decimal | None]) -> Decimal:
    """An amount of a localised export (PayPal: 1,250.00, 1.234,56, 1 234,56), read by
    `reader` (its decimal separator is the last separator when two digits follow it); one
    separator with three digits after it is a thousands separator, unless the currency has
    three decimal places, where it is refused as ambiguous."""
    amount = reader(text)
    if amount is None:
        raise Refused(f"cannot read the amount {shown(text)}")
    lone = LONE_SEPARATOR.fullmatch(text.strip().replace("\u2212", "-"))
    if lone and currency_places(currency) >= 3:
        raise Refused(ambiguous(text, lone, currency))
    return checked_amount(amount, text, currency)


def ambiguous(text: str, lone: re.Match[str], currency: str) -> str:
    """Both readings of an amount such as 1.250, and how to write it so that it has one."""
    sign = "-" if text.strip().startswith(("-", "\u2212")) else ""
    separator = lone["separator"]
    as_decimal = f"{sign}{lone['whole']}.{lone['three']}"
    as_thousands = f"{sign}{lone['whole']}{lone['three']}"
    return (
        f"{shown(text)} is ambiguous: {as_decimal} with {separator!r} as the decimal point, or "
        f"{as_thousands} with {separator!r} between thousands; write it without thousands "
        f"separators, with '.' before the decimals ({places_rule(currency)})"
    )
