"""Money, numbers and dates for a page's locale (Babel); never floats for money."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent

# The digits of the numbering systems CLDR names as a locale's default, other than latn
# (Babel formats the separators of these systems, and leaves the digits ASCII).
DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic: ar-EG, ar-SA, …
    "arabext": "۰۱۲۳۴۵۶۷۸۹",  # Extended Arabic-Indic: fa, ur-IN, …
    "beng": "০১২৩৪৫৬৭৮৯",
    "deva": "०१२३४५६७८९",
    "mymr": "၀၁၂၃၄၅၆၇၈၉",
}


def _remembered(method: Callable[..., str]) -> Callable[..., str]:
    """Babel is thorough and slow; a site shows the same amounts and dates on many pages.

    The key is the value's exact text (Decimal('12.50') and Decimal('12.5') are equal, but
    are not written alike), its type and zone, and the other arguments.
    """

    @functools.wraps(method)
    def remembered(self: Formatter, value: Any, *args: Any, **options: Any) -> str:
        key = (method.__name__, type(value), str(value), getattr(value, "tzinfo", None), args)
        key += tuple(sorted(options.items()))
        try:
            return self._remembered[key]
        except KeyError:
            if len(self._remembered) > 50_000:
                self._remembered.clear()
            result = self._remembered[key] = method(self, value, *args, **options)
            return result

    return remembered


class Formatter:
    """Formats values for one locale and timezone."""

    def __init__(self, language: str, timezone: str):
        self.locale = Locale.parse(language.replace("-", "_"))
        self.zone = ZoneInfo(timezone)
        self._remembered: dict[tuple, str] = {}
        numbering = getattr(self.locale, "default_numbering_system", "latn")
        self._digits = str.maketrans("0123456789", DIGITS[numbering]) if numbering in DIGITS else {}

    def digits(self, text: str) -> str:
        """The text with the locale's own digits (Arabic-Indic for ar-EG, …)."""
        return text.translate(self._digits) if self._digits else text

    @_remembered
    def money(self, amount: Decimal, currency: str, exact: bool = False) -> str:
        """€1,250 for whole amounts (unless exact), €12.50 otherwise."""
        if not exact and amount == amount.to_integral_value():
            pattern = self.locale.currency_formats["standard"].pattern
            pattern = pattern.split(";")[0].replace("0.00", "0")
            return self.digits(
                format_currency(
                    amount,
                    currency,
                    format=pattern,
                    locale=self.locale,
                    currency_digits=False,
                    numbering_system="default",
                )
            )
        return self.digits(
            format_currency(amount, currency, locale=self.locale, numbering_system="default")
        )

    @_remembered
    def rate(self, rate: Decimal, currency: str) -> str:
        """An exchange rate in `currency`, every digit written kept: €0.9237, 0,92 €."""
        return self.digits(
            format_currency(
                rate,
                currency,
                locale=self.locale,
                currency_digits=False,
                decimal_quantization=False,
                numbering_system="default",
            )
        )

    @_remembered
    def number(self, value: int | Decimal) -> str:
        """1234 -> '1,234' in the page's language."""
        return self.digits(format_decimal(value, locale=self.locale, numbering_system="default"))

    @_remembered
    def percent(self, value: int | Decimal) -> str:
        """62 -> '62%', 12.5 -> '12.5%': the digits given, none added or rounded away."""
        return self.digits(
            format_percent(
                Decimal(value) / 100,
                locale=self.locale,
                decimal_quantization=False,
                numbering_system="default",
            )
        )

    def list_of(self, items: list[str]) -> str:
        """'France, Belgium, and Spain' in the page's language."""
        return format_list(list(items), locale=self.locale)

    def country(self, code: str) -> str:
        """'FR' -> 'France' in the page's language (CLDR's name for the country)."""
        return self.locale.territories.get(code, code)

    def language(self, tag: str) -> str:
        """'en' -> 'anglais' on a French page (CLDR's name for the language)."""
        found = Locale.parse(tag.replace("-", "_"))
        return found.get_display_name(self.locale) or tag

    def local(self, moment: datetime) -> datetime:
        """The same moment in the site's timezone."""
        return moment.astimezone(self.zone)

    @_remembered
    def date(self, moment: datetime | date, style: str = "long") -> str:
        """'November 8, 2026' (style long; also short, medium, full), in the site's timezone."""
        if isinstance(moment, datetime):
            moment = self.local(moment).date()
        return self.digits(format_date(moment, style, locale=self.locale))

    @functools.cached_property
    def zone_name(self) -> str:
        """The site's timezone by its name in the page's language, never as an offset:
        'Central European Time', 'heure d’Europe centrale', 'Mitteleuropäische Zeit'.

        CLDR's generic name, the same in summer and winter (else the country, and the city
        where a country has several: 'United States (Honolulu) Time'). UTC and the other
        zones of no country have no generic name (CLDR would say 'Unknown Region (UTC)
        Time'): theirs is 'Coordinated Universal Time'; Etc/GMT+5 has only its offset."""
        key = getattr(self.zone, "key", str(self.zone))
        canonical = get_global("zone_aliases").get(key, key)
        if get_global("zone_territories").get(canonical, "ZZ") == "ZZ":
            # These zones never change their offset: any moment gives their one name.
            moment = datetime(2026, 1, 1, tzinfo=self.zone)
            return get_timezone_name(moment, "long", locale=self.locale)
        return get_timezone_name(self.zone, "long", locale=self.locale, zone_variant="generic")

    @_remembered
    def datetime(self, moment: datetime, style: str = "long") -> str:
        """The date in `style`, the time to the minute and the zone's name, in the site's
        timezone: 'November 8, 2026, 9:00 AM (Central European Time)'."""
        date_pattern = self.locale.date_formats[style].pattern
        time_pattern = self.locale.time_formats["short"].pattern
        combined = (
            str(self.locale.datetime_formats[style]).replace("{1}", "'{1}'").replace("{0}", "'{0}'")
        )
        pattern = combined.replace("'{1}'", date_pattern).replace("'{0}'", time_pattern)
        moment = self.local(moment)
        shown = format_datetime(moment, pattern, tzinfo=self.zone, locale=self.locale)
        return self.digits(f"{shown} ({self.zone_name})")

    def last_minute(self, end: datetime) -> datetime:
        """The last minute before an end, as a backer reads it, in the site's timezone: an end
        at 00:00 is the end of the day before (23:59 on 13 December for 00:00 on the 14th),
        where '14 December, 00:00' would leave a backer unsure which night is meant. Any
        other end is itself."""
        local = self.local(end)
        if local.time() != time(0):
            return local
        return self.local(end.astimezone(UTC) - timedelta(minutes=1))

    def deadline(self, end: datetime, style: str = "long") -> str:
        """An end or 'until' moment as backers read it: one at 00:00 is the last minute of the
        day before ('December 13, 2026, 11:59 PM (Central European Time)' for 14 December,
        00:00); any other as `datetime` says it."""
        return self.datetime(self.last_minute(end), style)

    def last_day(self, end: datetime, style: str = "long") -> str:
        """The last day of an end or 'until' moment, for sentences that name the day alone
        ("Ended on …"): 'December 13, 2026' for an end at 00:00 on the 14th."""
        return self.date(self.last_minute(end), style)

    @_remembered
    def opening(self, start: datetime, style: str = "long") -> str:
        """A start moment: one at 00:00 is the start of its day, said without the time
        ('December 10, 2026 (Central European Time)'); any other as `datetime` says it."""
        local = self.local(start)
        if local.time() != time(0):
            return self.datetime(start, style)
        return self.digits(
            f"{format_date(local.date(), style, locale=self.locale)} ({self.zone_name})"
        )

    @_remembered
    def month(self, moment: date) -> str:
        """'May 2027': for delivery months."""
        return self.digits(format_date(moment, "MMMM y", locale=self.locale))
