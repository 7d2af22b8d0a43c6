"""The site: `site.yaml`, the settings every page shares."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from pledgekit.model.numbers import parse_count
from pledgekit.model.types import Currency, LanguageTag, Model, TimeZoneName, check_web_url
from pledgekit.slugs import name_slug


def check_base_url(value: Any) -> str:
    url = check_web_url(value)
    parts = urlsplit(url)
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(
            "must be a plain address without ?query, #fragment or user name, such as "
            f"https://user.github.io/repo/, got {url!r}"
        )
    return url if url.endswith("/") else url + "/"


MAX_PER_PAGE = 500
PageSize = Annotated[
    int,
    BeforeValidator(lambda value: parse_count(value, 1, MAX_PER_PAGE)),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
]
DEFAULT_STALE_AFTER_HOURS = 48
MAX_STALE_AFTER_HOURS = 8760  # a year: figures older than that are out of date whatever one says
StaleAfterHours = Annotated[
    int,
    BeforeValidator(lambda value: parse_count(value, 1, MAX_STALE_AFTER_HOURS)),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_STALE_AFTER_HOURS}),
]
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


class SiteText(Model):
    """The site's words in one of its other languages (site.yaml, under translations)."""

    title: str | None = Field(None, min_length=1, description="The site name in this language.")
    description: str | None = Field(None, description="The one sentence, in this language.")
    theme_options: dict[str, Any] = Field(
        default_factory=dict,
        description="Text options of the theme in this language, e.g. the appeal theme's "
        "urgency_note.",
    )
    names: dict[str, str] = Field(
        default_factory=dict,
        description="Category and tag names in this language, by the name campaigns give: "
        "{Games: Jeux, board games: jeux de société}.",
    )


class SiteConfig(Model):
    """site.yaml"""

    title: str = Field(min_length=1, description="Site name, shown in the header and titles.")
    description: str = Field("", description="One sentence about the site, for search engines.")
    base_url: Annotated[str, BeforeValidator(check_base_url)] = Field(
        description="Absolute address the site is published at, path included, "
        "e.g. https://user.github.io/repo/."
    )
    language: LanguageTag = Field("en", description="Language of the pages (BCP 47 tag).")
    languages: list[LanguageTag] = Field(
        default_factory=list,
        description="Other languages the site is published in, each under /<language>/ "
        "(e.g. [fr, ar]); campaigns translate into them with campaign.<language>.yaml, "
        "story.<language>.md, … (docs/translating.md).",
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
    icon: str | None = Field(
        None,
        description="A square picture (PNG or JPEG, at least 512×512 pixels) in the content "
        "folder, e.g. icon.png: the favicon, home-screen icons and the preview image of pages "
        "without a picture of their own. The theme's icon when absent.",
    )
    translations: dict[LanguageTag, SiteText] = Field(
        default_factory=dict,
        description="The title, description and text theme options in each of `languages`, "
        "e.g. fr: {title: Fabriqué près d'ici}; what is left out stays as written above.",
    )
    cname: str | None = Field(None, description="Custom domain written to output/CNAME.")
    trust_html: bool = Field(
        False, description="Keep raw HTML in Markdown as written (only if every author is trusted)."
    )
    per_page: PageSize = Field(12, description="Campaign cards per index page, at most 500.")
    stale_after_hours: StaleAfterHours = Field(
        DEFAULT_STALE_AFTER_HOURS,
        description="Hours after the last read of a live campaign's sources (`pledgekit ledger "
        "sync` or `ledger import`) past which its page says the figures may be out of date, "
        "1 to 8,760.",
    )
    fees: Literal["gross", "net"] = Field(
        "gross",
        description="What a campaign's raised figure counts of its ledger's payments: gross, what "
        "backers paid; net, less the fees the processors kept (the page then says 'after fees').",
    )
    defaults: SiteDefaults = Field(default_factory=SiteDefaults)

    @field_validator("theme")
    @classmethod
    def _theme_name(cls, value: str) -> str:
        if not THEME_NAME.fullmatch(value):
            raise ValueError(
                "must be a theme name of lower-case letters, digits, '-' and '_', such as "
                f"default or appeal, got {value!r}"
            )
        return value

    @field_validator("languages")
    @classmethod
    def _distinct_languages(cls, value: list[str], info: ValidationInfo) -> list[str]:
        """The other languages, each once; the main one may be listed too (it is left out
        here), so that changing `language` needs no change to this list."""
        main = str(info.data.get("language", "")).lower()
        seen = set()
        for tag in value:
            if tag.lower() in seen:
                raise ValueError(f"lists {tag!r} twice: list each language once")
            seen.add(tag.lower())
        return [tag for tag in value if tag.lower() != main]

    def in_language(self, language: str) -> SiteConfig:
        """The settings as the pages in `language` show them: its title and description."""
        text = next(
            (t for tag, t in self.translations.items() if tag.lower() == language.lower()), None
        )
        if text is None:
            return self
        changes = {"title": text.title, "description": text.description}
        return self.model_copy(update={k: v for k, v in changes.items() if v is not None})

    def name_in(self, language: str, name: str) -> str | None:
        """A category or tag name as `language` says it, when translations give it (matched
        as its address is: 'Board Games' and 'board games' alike); None otherwise."""
        text = next(
            (t for tag, t in self.translations.items() if tag.lower() == language.lower()), None
        )
        if text is None or not text.names:
            return None
        wanted = name_slug(name)
        return next(
            (said for given, said in text.names.items() if name_slug(given) == wanted), None
        )

    @property
    def all_languages(self) -> list[str]:
        """The main language first, then the others."""
        return [self.language, *self.languages]

    def language_prefix(self, language: str) -> str:
        """Where a language's pages go: the main language at the root, the others under
        their tag ('fr/', 'pt-br/')."""
        return "" if language == self.language else language.lower() + "/"

    @field_validator("cname")
    @classmethod
    def _check_cname(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(
            r"(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}", value
        ):
            raise ValueError(f"must be a domain name like fund.example.org, got {value!r}")
        return value
