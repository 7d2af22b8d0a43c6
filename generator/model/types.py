"""Field types shared by the models: money amounts, currencies, slugs, safe URLs, months."""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_precision, get_currency_symbol, list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    WithJsonSchema,
)

from pledgekit.model.numbers import (
    MAX_COUNT,
    parse_count,
    parse_positive_number,
    quoted,
    too_many_digits,
)
from pledgekit.slugs import slugify

KNOWN_CURRENCIES = frozenset(list_currencies())
# CLDR's two-letter territories are ISO 3166-1 alpha-2 codes, and a few others: codes ISO only
# reserves (Ascension, Ceuta and Melilla, …), groupings (EU, UN) and private-use codes.
NOT_ISO_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
KNOWN_COUNTRIES = frozenset(
    code
    for code in Locale("en").territories
    if len(code) == 2 and code.isalpha() and code not in NOT_ISO_COUNTRIES
)
# The code behind the signs people write for a currency: € → EUR, $ → USD, £ → GBP.
_CURRENCY_SIGNS = {
    get_currency_symbol(code, "en"): code for code in ("EUR", "USD", "GBP", "JPY", "INR", "CHF")
}
# A slug to the very end: `$` also matches before a final line break, so 'tenon-lamp\n' would
# pass (and be trimmed into another campaign's address). The JSON Schema keeps `$`, which
# means the end there.
SLUG_PATTERN = re.compile(r"(?=.{1,64}\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z")
SLUG_JSON_PATTERN = "^(?=.{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_AMOUNT = Decimal(10) ** 12
UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")


class Model(BaseModel):
    """Base for content models: immutable, whitespace-trimmed, unknown keys checked separately."""

    model_config = ConfigDict(
        extra="ignore", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


AMOUNT_EXAMPLE = "such as 12500 or 12500.50"
# A number written with separators between its thousands: 12,500 · 12.500,50 · 12 500 · 12'500.
_GROUPED = re.compile(
    r"(?P<whole>[0-9]{1,3}(?:(?P<group>[,. '\u00a0\u202f\u2009])[0-9]{3})+)"
    r"(?:(?P<point>[.,])(?P<fraction>[0-9]+))?"
)
_DECIMAL_COMMA = re.compile(r"(?P<whole>[0-9]+),(?P<fraction>[0-9]{1,2})")


def _describe(value: Any) -> str:
    return repr(value) if isinstance(value, str) else repr(str(value))


def parse_amount(value: Any) -> Decimal:
    """An exact, positive amount of money: 25, 25.50, '1200'; never a float or a word."""
    return _parsed_amount(value, "must be a positive amount")


def _parsed_amount(value: Any, rule: str) -> Decimal:
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise ValueError(_amount_message(rule, value))
    try:
        amount = Decimal(str(value).strip().replace("_", ""))
    except (InvalidOperation, ValueError):  # a word; an int too long for str()
        raise ValueError(_amount_message(rule, value)) from None
    # is_finite() first: comparing a signalling NaN with a number raises InvalidOperation.
    if not amount.is_finite() or amount <= 0:
        raise ValueError(_amount_message(rule, value))
    if amount > MAX_AMOUNT:
        raise ValueError(f"{rule} up to {MAX_AMOUNT:,}, got {quoted(value)}")
    reason = too_many_digits(amount, value)  # 0.000…01: before any arithmetic on it
    if reason:
        raise ValueError(reason)
    # '1e3' is written back as 1000, never as 1E+3.
    return amount.quantize(Decimal(1)) if amount.as_tuple().exponent > 0 else amount  # type: ignore[operator]


def _amount_message(rule: str, value: Any) -> str:
    """Why `value` is not an amount, with an example; for an amount written with its currency
    or with separators (€12,500, 12 500 EUR), the number as it should be written."""
    number, had_currency = _number_alone(value) if isinstance(value, str) else (None, False)
    # is_finite() first: comparing a signalling NaN with a number raises InvalidOperation.
    if number is None or not number.is_finite() or not 0 < number <= MAX_AMOUNT:
        return f"{rule} {AMOUNT_EXAMPLE}, got {quoted(value)}"
    where = "; the currency is set by currency:" if had_currency else ""
    return f"write the number alone, such as {number:f}{where}, got {quoted(value)}"


def _number_alone(text: str) -> tuple[Decimal | None, bool]:
    """The number in text such as '€12,500', '12.500,50 EUR' or '12 500', and whether a
    currency sign or code was written with it."""
    words, had_currency = text.strip(), False
    # A sign or a code before the number ($12500, US$ 5, EUR 12500) or after it (12500 €).
    before = re.match(r"[A-Za-z]{0,3}[^\w\s.,'-]+|[A-Za-z]{3}(?![A-Za-z])", words)
    if before and _is_currency(before[0]):
        words, had_currency = words[before.end() :].strip(), True
    after = re.search(r"[^\w\s.,'-]+$|(?<![A-Za-z])[A-Za-z]{3}$", words)
    if after and _is_currency(after[0]):
        words, had_currency = words[: after.start()].strip(), True
    grouped, comma = _GROUPED.fullmatch(words), _DECIMAL_COMMA.fullmatch(words)
    if grouped and grouped["group"] != grouped["point"]:
        whole, fraction = re.sub(r"[^0-9]", "", grouped["whole"]), grouped["fraction"]
        words = f"{whole}.{fraction}" if fraction else whole
    elif comma:
        words = f"{comma['whole']}.{comma['fraction']}"
    elif not had_currency:
        return None, False
    try:
        return Decimal(words), had_currency
    except InvalidOperation:
        return None, False


def _is_currency(text: str) -> bool:
    return text.upper() in KNOWN_CURRENCIES or any(
        unicodedata.category(character) == "Sc" for character in text
    )


def parse_non_negative_amount(value: Any) -> Decimal:
    """Like parse_amount, but zero is allowed (nothing raised yet)."""
    if _is_zero(value):  # 0, 0.0, '0.00', '-0'
        return Decimal(0)
    return _parsed_amount(value, "must be zero or a positive amount")


def _is_zero(value: Any) -> bool:
    if isinstance(value, bool | float) or value is None:
        return False
    try:
        return Decimal(str(value).strip().replace("_", "")).is_zero()
    except (InvalidOperation, ValueError):  # a word; an int too long for str()
        return False


def parse_currency(value: Any) -> str:
    code = str(value).strip().upper()
    if code not in KNOWN_CURRENCIES:
        meant = _CURRENCY_SIGNS.get(str(value).strip())
        if meant:
            raise ValueError(f"write the currency's code, such as {meant}, got {_describe(value)}")
        raise ValueError(
            f"unknown currency {_describe(value)}: expected an ISO 4217 code like EUR or USD"
        )
    return code


def parse_country(value: Any) -> str:
    """An ISO 3166-1 alpha-2 country code: FR, BE, GB (written in any case)."""
    code = str(value).strip().upper()
    if code not in KNOWN_COUNTRIES:
        raise ValueError(
            f"unknown country code {_describe(value)}: expected an ISO 3166 code like FR or BE"
        )
    return code


def is_slug(value: object) -> bool:
    """Whether `value` is a slug exactly: 1 to 64 lower-case ASCII letters, digits and single
    hyphens, nothing before nor after."""
    return isinstance(value, str) and SLUG_PATTERN.match(value) is not None


def check_slug(value: Any) -> str:
    if not is_slug(value):
        example = slugify(str(value), fallback="early-bird")
        raise ValueError(
            "must be a slug of lower-case letters, digits and single hyphens, "
            f"such as {example}, got {_describe(value)}"
        )
    return value


def check_web_url(value: Any) -> str:
    """An absolute http(s) link; javascript:, data: and other schemes are refused."""
    text = str(value).strip()
    scheme = urlsplit(re.sub(r"[\x00-\x20]", "", text)).scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        raise ValueError(f"links with the {scheme}: scheme are not allowed, got {_describe(text)}")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        # `www.example.org/page` lacks only its scheme.
        example = f"https://{text}" if re.fullmatch(r"[\w-]+(\.[\w-]+)+(/\S*)?", text) else ""
        raise ValueError(
            "must be an absolute link starting with https://, such as "
            f"{example or 'https://example.org/page'}, got {_describe(text)}"
        )
    if re.search(r'[\x00-\x20\x7f<>"`\\]', text):
        raise ValueError(
            f"links may not contain spaces, quotes or angle brackets, got {_describe(text)}"
        )
    return text


def check_secure_url(value: Any) -> str:
    """An https:// address, for what a page loads or shows from another site (a picture, a
    video): an http:// one is blocked on an https page, or may be changed on its way."""
    text = check_web_url(value)
    if urlsplit(text).scheme != "https":
        raise ValueError(
            f"must be a secure address starting with https:// (an http:// picture or video "
            f"is blocked on the site's https pages), got {_describe(text)}"
        )
    return text


def check_asset_path(value: Any) -> str:
    """A file beside the campaign (e.g. 'hero.svg') or an https:// image; no traversal."""
    text = str(value).strip()
    if urlsplit(re.sub(r"[\x00-\x20]", "", text)).scheme:
        return check_secure_url(text)
    parts = text.replace("\\", "/").split("/")
    if text.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(
            "must be the name of a file beside campaign.yaml, such as hero.jpg, "
            f"got {_describe(text)}"
        )
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", text):
        example = re.sub(r"[^A-Za-z0-9._/-]+", "-", text).strip("-")
        raise ValueError(
            f"file names may use letters, digits, '.', '_', '-' only, such as "
            f"{example if example and example != text else 'hero.jpg'}, got {_describe(text)}"
        )
    return text


def parse_month(value: Any) -> date:
    """A month written as 2027-03 (a full date is accepted and kept to its month)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.replace(day=1)
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(value).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(
            f"must be a month written YYYY-MM, such as 2027-03, got {_describe(value)}"
        )
    return date(int(match.group(1)), int(match.group(2)), 1)


_DATE_TIME_RULE = (
    "must be a date such as 2026-11-01 or a date-time such as 2026-11-01T09:00:00+01:00"
)


def parse_local_datetime(value: Any, info: ValidationInfo) -> datetime:
    """A date-time; without an offset it is read in the site's timezone, a bare date at 00:00."""
    zone = ZoneInfo((info.context or {}).get("timezone", "UTC"))
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{_DATE_TIME_RULE}, got {_describe(value)}") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if isinstance(value, datetime):
        if not 1970 <= value.year <= 9000:
            raise ValueError(
                f"must be a date between the years 1970 and 9000, got {_describe(value)}"
            )
        return value if value.tzinfo else value.replace(tzinfo=zone)
    raise ValueError(f"{_DATE_TIME_RULE}, got {_describe(value)}")


def check_timezone(value: Any) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone {_describe(value)}: expected a name like Europe/Paris"
        ) from None
    return str(value)


def render_markdown_field(value: str, info: ValidationInfo) -> str:
    """Markdown source in a YAML field becomes sanitized HTML through the loader's renderer."""
    render = (info.context or {}).get("render_markdown")
    return render(value) if render else html.escape(value)


def currency_precision(currency: str) -> int:
    return get_currency_precision(currency)


# Each type also says, as JSON Schema, what a YAML file may hold there (`pledgekit schema`):
# what an editor checks as people type; the validators above remain the judges.
def _money_schema(lowest: dict[str, int], description: str) -> WithJsonSchema:
    """A number, or exact decimal digits in quotes."""
    text = {"type": "string", "pattern": r"^[0-9][0-9_]*(\.[0-9]+)?$"}
    return WithJsonSchema(
        {"anyOf": [{"type": "number", **lowest}, text], "description": description}
    )


_UP_TO_MAX_AMOUNT = {"maximum": int(MAX_AMOUNT)}
Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    _money_schema(
        {"exclusiveMinimum": 0, **_UP_TO_MAX_AMOUNT}, "An exact amount of money, e.g. 25 or 25.50."
    ),
]
NonNegativeAmount = Annotated[
    Decimal,
    BeforeValidator(parse_non_negative_amount),
    _money_schema({"minimum": 0, **_UP_TO_MAX_AMOUNT}, "An exact amount of money, 0 or more."),
]


# Numbers besides money (see numbers.py): bounds no real campaign reaches, so that every sum,
# percent and format a page makes of them stays exact.
def parse_head_count(value: Any) -> int:
    """How many people or things: 0 up to MAX_COUNT."""
    return parse_count(value, 0, MAX_COUNT)


def parse_positive_count(value: Any) -> int:
    """How many people or things, at least one: 1 up to MAX_COUNT."""
    return parse_count(value, 1, MAX_COUNT)


MAX_SHARE = Decimal(100)  # a share is a percent of the money raised
MAX_RATIO = Decimal(100)  # a sponsor who adds 100 for each unit given
# What one unit of another currency counts as: far above everyday rates (a euro is some 28,000
# dong), and low enough that the largest ledger's converted total stays within 28 digits.
MAX_EXCHANGE_RATE = Decimal(10) ** 6


def parse_share(value: Any) -> Decimal:
    return parse_positive_number(value, MAX_SHARE, "such as 50 or 12.5")


def parse_ratio(value: Any) -> Decimal:
    return parse_positive_number(value, MAX_RATIO, "such as 1 or 0.5")


def parse_exchange_rate(value: Any) -> Decimal:
    return parse_positive_number(value, MAX_EXCHANGE_RATE, "such as 0.92 or 150")


def _count_schema(lowest: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "integer", "minimum": lowest, "maximum": MAX_COUNT})


Count = Annotated[int, BeforeValidator(parse_head_count), _count_schema(0)]
PositiveCount = Annotated[int, BeforeValidator(parse_positive_count), _count_schema(1)]
Share = Annotated[
    Decimal,
    BeforeValidator(parse_share),
    _money_schema({"exclusiveMinimum": 0, "maximum": int(MAX_SHARE)}, "A percent, e.g. 40."),
]
Ratio = Annotated[
    Decimal,
    BeforeValidator(parse_ratio),
    _money_schema({"exclusiveMinimum": 0, "maximum": int(MAX_RATIO)}, "A ratio, e.g. 1."),
]
ExchangeRate = Annotated[
    Decimal,
    BeforeValidator(parse_exchange_rate),
    _money_schema(
        {"exclusiveMinimum": 0, "maximum": int(MAX_EXCHANGE_RATE)}, "An exchange rate, e.g. 0.92."
    ),
]
Currency = Annotated[
    str,
    BeforeValidator(parse_currency),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-Za-z]{3}$", "description": "ISO 4217, e.g. EUR."}
    ),
]


def check_language(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", text):
        raise ValueError(f"must be a language tag like en, fr or pt-BR, got {text!r}")
    try:
        Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ValueError(
            f"unknown language {text!r}: expected a tag like en, fr or pt-BR"
        ) from None
    return text.replace("_", "-")


LanguageTag = Annotated[
    str,
    BeforeValidator(check_language),
    WithJsonSchema({"type": "string", "description": "A language tag, e.g. en, fr or pt-BR."}),
]


CountryCode = Annotated[
    str,
    BeforeValidator(parse_country),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166, e.g. FR."}
    ),
]
Slug = Annotated[
    str,
    BeforeValidator(check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_JSON_PATTERN}),
]
WebUrl = Annotated[
    str,
    BeforeValidator(check_web_url),
    WithJsonSchema(
        {"type": "string", "pattern": "^https?://", "description": "An https:// address."}
    ),
]
SecureUrl = Annotated[
    str,
    BeforeValidator(check_secure_url),
    WithJsonSchema(
        {"type": "string", "pattern": "^https://", "description": "An https:// address."}
    ),
]
AssetPath = Annotated[
    str,
    BeforeValidator(check_asset_path),
    WithJsonSchema(
        {"type": "string", "description": "A file beside campaign.yaml, or an https:// address."}
    ),
]
Month = Annotated[
    date,
    BeforeValidator(parse_month),
    WithJsonSchema({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "description": "YYYY-MM"}),
]
LocalDateTime = Annotated[
    datetime,
    BeforeValidator(parse_local_datetime),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "description": "A date and time, e.g. 2026-12-01T09:00:00+01:00 (without an offset: "
            "in the site's timezone).",
        }
    ),
]
TimeZoneName = Annotated[
    str,
    BeforeValidator(check_timezone),
    WithJsonSchema({"type": "string", "description": "An IANA timezone, e.g. Europe/Paris."}),
]
MarkdownHtml = Annotated[str, AfterValidator(render_markdown_field)]
