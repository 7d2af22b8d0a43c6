"""The site: `site.yaml`, the settings every page shares."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from pydantic import BeforeValidator, Field, field_validator

from generator.model.types import Currency, Model, TimeZoneName, check_web_url


def check_base_url(value: Any) -> str:
    url = check_web_url(value)
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(
            f"must be a plain address without ?query, #fragment or user name, got {url!r}"
        )
    return url if url.endswith("/") else url + "/"


def _check_language(value: Any) -> str:
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


THEME_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class PledgeOption(Model):
    """One way to pay: `processor` names a registered processor; the other keys are its own."""

    model_config = Model.model_config | {"extra": "allow"}

    processor: str = Field(description="Name of a registered processor, e.g. stripe or paypal.")


class SiteDefaults(Model):
    pledge: list[PledgeOption] = Field(
        default_factory=list,
        description="Processors offered on tiers that name none of their own (e.g. paypal_me).",
    )


class SiteConfig(Model):
    """site.yaml"""

    title: str = Field(min_length=1, description="Site name, shown in the header and titles.")
    description: str = Field("", description="One sentence about the site, for search engines.")
    base_url: Annotated[str, BeforeValidator(check_base_url)] = Field(
        description="Absolute address the site is published at, path included, "
        "e.g. https://user.github.io/repo/."
    )
    language: Annotated[str, BeforeValidator(_check_language)] = Field(
        "en", description="Language of the pages (BCP 47 tag)."
    )
    currency: Currency = Field("USD", description="Currency used when a campaign names none.")
    timezone: TimeZoneName = Field(
        "UTC", description="Timezone for dates written without an offset, and for display."
    )
    theme: str = Field(
        "default",
        description="Name of a built-in theme or a folder in themes/.",
    )
    theme_options: dict[str, Any] = Field(
        default_factory=dict,
        description="Values for the options the theme offers (`pledgekit theme list` names "
        "them), e.g. accent: '#7a2e8c'.",
    )
    cname: str | None = Field(None, description="Custom domain written to output/CNAME.")
    trust_html: bool = Field(
        False, description="Keep raw HTML in Markdown as written (only if every author is trusted)."
    )
    per_page: int = Field(12, ge=1, le=500, description="Campaign cards per index page.")
    defaults: SiteDefaults = Field(default_factory=SiteDefaults)

    @field_validator("theme")
    @classmethod
    def _theme_name(cls, value: str) -> str:
        if not THEME_NAME.fullmatch(value):
            raise ValueError(
                f"must be a theme name of lower-case letters, digits, '-' and '_', got {value!r}"
            )
        return value

    @field_validator("cname")
    @classmethod
    def _check_cname(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(
            r"(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}", value
        ):
            raise ValueError(f"must be a domain name like fund.example.org, got {value!r}")
        return value
