"""Reading Stripe's objects, as the SDK gives them: a field that may be missing, an amount in
Stripe's minor units, a moment, the name a backer chose to show."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

# The Checkout custom field in which a backer may give a name to show, by its key read
# without case or punctuation (supporter_name through the API, supportername as the Dashboard
# may make it from a label); nothing else a session tells of its payer (e-mail, name, address)
# is kept.
NAME_FIELD = "supportername"
# Stripe's own minor units, which are not always ISO 4217's: ISK, HUF and TWD amounts come
# in hundredths although these currencies are paid in whole units.
# https://docs.stripe.com/currencies#zero-decimal, #three-decimal
ZERO_DECIMAL = frozenset({
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
    "XAF", "XOF", "XPF",
})  # fmt: skip
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def major_units(amount: int, currency: str) -> Decimal:
    """An amount in Stripe's minor units as a Decimal of the currency (2500 EUR -> 25.00)."""
    places = 0 if currency in ZERO_DECIMAL else 3 if currency in THREE_DECIMAL else 2
    return Decimal(int(amount)).scaleb(-places)


def moment(timestamp: int) -> datetime:
    return datetime.fromtimestamp(int(timestamp), tz=UTC)


def value(stripe_object: Any, name: str) -> Any:
    """A field of an SDK object (None when the answer lacks it)."""
    return getattr(stripe_object, name, None)


def supporter_name(session: Any) -> str:
    """The name the backer chose to show (the custom field NAME_FIELD), else none."""
    for custom in value(session, "custom_fields") or []:
        key = "".join(
            character for character in str(value(custom, "key")).lower() if character.isalnum()
        )
        if key == NAME_FIELD and value(custom, "type") == "text":
            return " ".join(str(value(value(custom, "text"), "value") or "").split())
    return ""
