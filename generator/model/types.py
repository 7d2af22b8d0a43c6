"""Field types shared by the models: money amounts, currencies, slugs, safe URLs, months."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_precision, list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    WithJsonSchema,
)

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
SLUG_PATTERN = re.compile(r"^(?=.{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_AMOUNT = Decimal(10) ** 12
UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")


class Model(BaseModel):
    """Base for content models: immutable, whitespace-trimmed, unknown keys checked separately."""

    model_config = ConfigDict(
        extra="ignore", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


def _describe(value: Any) -> str:
    return repr(value) if isinstance(value, str) else repr(str(value))


def parse_amount(value: Any) -> Decimal:
    """An exact, positive amount of money: 25, 25.50, '1200'; never a float or a word."""
    if isinstance(value, bool) or value is None or isinstance(value, float):
        raise ValueError(f"must be a positive amount, got {_describe(value)}")
    try:
        amount = Decimal(str(value).strip().replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"must be a positive amount, got {_describe(value)}") from None
    # is_finite() first: comparing a signalling NaN with a number raises InvalidOperation.
    if not amount.is_finite() or amount <= 0:
        raise ValueError(f"must be a positive amount, got {_describe(value)}")
    if amount > MAX_AMOUNT:
        raise ValueError(f"must be a positive amount up to {MAX_AMOUNT:,}, got {_describe(value)}")
    # '1e3' is written back as 1000, never as 1E+3.
    return amount.quantize(Decimal(1)) if amount.as_tuple().exponent > 0 else amount  # type: ignore[operator]


def parse_non_negative_amount(value: Any) -> Decimal:
    """Like parse_amount, but zero is allowed (nothing raised yet)."""
    try:
        return parse_amount(value)
    except ValueError:
        if _is_zero(value):  # 0, 0.0, '0.00', '-0'
            return Decimal(0)
        raise ValueError(f"must be zero or a positive amount, got {_describe(value)}") from None


def _is_zero(value: Any) -> bool:
    if isinstance(value, bool | float) or value is None:
        return False
    try:
        return Decimal(str(value).strip().replace("_", "")).is_zero()
    except InvalidOperation:
        return False


def parse_currency(value: Any) -> str:
    code = str(value).strip().upper()
    if code not in KNOWN_CURRENCIES:
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


def check_slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ValueError(
            f"must be a slug of lower-case letters, digits and single hyphens, got {_describe(value)}"
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
        raise ValueError(f"must be an absolute link starting with https://, got {_describe(text)}")
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
        raise ValueError(f"must be a file name inside the content folder, got {_describe(text)}")
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", text):
        raise ValueError(
            f"file names may use letters, digits, '.', '_', '-' only, got {_describe(text)}"
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
        raise ValueError(f"must be a month written YYYY-MM, got {_describe(value)}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def parse_local_datetime(value: Any, info: ValidationInfo) -> datetime:
    """A date-time; without an offset it is read in the site's timezone, a bare date at 00:00."""
    zone = ZoneInfo((info.context or {}).get("timezone", "UTC"))
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"must be a date-time like 2026-11-01T09:00:00+01:00, got {_describe(value)}"
            ) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    if isinstance(value, datetime):
        if not 1970 <= value.year <= 9000:
            raise ValueError(
                f"must be a date between the years 1970 and 9000, got {_describe(value)}"
            )
        return value if value.tzinfo else value.replace(tzinfo=zone)
    raise ValueError(f"must be a date-time like 2026-11-01T09:00:00+01:00, got {_describe(value)}")


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


Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    _money_schema({"exclusiveMinimum": 0}, "An exact amount of money, e.g. 25 or 25.50."),
]
NonNegativeAmount = Annotated[
    Decimal,
    BeforeValidator(parse_non_negative_amount),
    _money_schema({"minimum": 0}, "An exact amount of money, 0 or more."),
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
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN.pattern}),
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
