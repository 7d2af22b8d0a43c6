"""An exchange rate as campaign.yaml writes it: the rate, and the day it was read."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from pledgekit.model.numbers import quoted
from pledgekit.model.types import ExchangeRate, Model

# A rate read more than this long before the build (or before the campaign's end, for a
# campaign that is over) is said to be old. A quarter: long enough that a rate written at the
# launch of a 60-day campaign (the longest most platforms allow) stays quiet to its end and a
# month beyond, short enough to catch a rate copied from last season's campaign; the major
# currencies often move by several percent in a quarter, which is the size of error that
# starts to mislead backers.
STALE_RATE_AFTER = timedelta(days=90)
DATE_EXAMPLE = "2026-12-01"


def parse_rate_date(value: Any) -> date:
    """A calendar day written 2026-12-01 (YAML reads it as a date already)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(
            f"must be the day the rate was read, written YYYY-MM-DD such as {DATE_EXAMPLE}, "
            f"got {quoted(value)}"
        ) from None


RateDate = Annotated[
    date,
    BeforeValidator(parse_rate_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "The day the rate was read, e.g. 2026-12-01.",
        }
    ),
]


def bare_rate_message(value: Any) -> str:
    """What to write instead of a rate without its date (the form before rates were dated):
    the rate as given, when it is a number, in the new form."""
    number = None if isinstance(value, bool) else value
    if isinstance(number, int) and 0 < number < 10**15:
        number = Decimal(number)
    written = value.strip() if isinstance(value, str) else ""
    if isinstance(number, Decimal) and number.is_finite() and -15 < number.adjusted() < 15:
        written = f"{number:f}"  # as YAML read it: 0.92, never 9.2E-1
    rate = written if re.fullmatch(r"[0-9]{1,15}(\.[0-9]{1,15})?", written) else "0.92"
    return (
        f'must give the rate with the day it was read, such as {{rate: "{rate}", '
        f"date: {DATE_EXAMPLE}}} (YYYY-MM-DD, the day you looked the rate up), got {quoted(value)}"
    )


class DatedRate(Model):
    """How many of the campaign's currency one unit of another buys, as read on one day."""

    rate: ExchangeRate = Field(description="1 unit of the other currency = this many of yours.")
    date: RateDate = Field(description="The day the rate was read (YYYY-MM-DD).")
    # The first moment of that day in the site's timezone (set from the validation context).
    _day_starts: datetime | None = PrivateAttr(None)

    @model_validator(mode="before")
    @classmethod
    def _with_its_date(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return value
        raise ValueError(bare_rate_message(value))

    @model_validator(mode="after")
    def _in_the_site_timezone(self, info: ValidationInfo) -> DatedRate:
        zone = ZoneInfo((info.context or {}).get("timezone", "UTC"))
        self._day_starts = datetime.combine(self.date, time(0, 0), zone)
        return self

    @property
    def day_starts(self) -> datetime:
        """The first moment of the day the rate was read, in the site's timezone."""
        if self._day_starts is None:  # built without validation: UTC
            return datetime.combine(self.date, time(0, 0), ZoneInfo("UTC"))
        return self._day_starts

    @property
    def old_from(self) -> datetime:
        """From this moment the rate is said to be old: read more than 90 days before."""
        return self.day_starts + STALE_RATE_AFTER + timedelta(days=1)


def rate_values(rates: Mapping[str, DatedRate]) -> dict[str, Decimal]:
    """Currency -> rate, as the ledger's totals take them."""
    return {currency: dated.rate for currency, dated in rates.items()}


def rate_moments(rates: Mapping[str, DatedRate]) -> list[datetime]:
    """The moments at which what a build says of the rates changes (no longer to come; old)."""
    return [moment for dated in rates.values() for moment in (dated.day_starts, dated.old_from)]
