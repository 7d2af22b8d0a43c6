"""A generic https link with {amount} {currency} {tier} {campaign} placeholders."""

from __future__ import annotations

import string
from urllib.parse import quote, urlsplit

from pydantic import Field, field_validator

from pledgekit.model.types import check_web_url
from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount
from pledgekit.payments.sandbox import sandbox_reason

PLACEHOLDERS = ("amount", "currency", "tier", "campaign")


class LinkOptions(ProcessorOptions):
    url: str = Field(description="https:// address; placeholders are filled in and URL-encoded.")
    # A link has no name of its own to fall back on: its entry must name the button.
    label: str = Field(min_length=1, description="Name shown on the button, e.g. 'Bank transfer'.")
    recurring: bool = Field(
        False, description="The page behind the link can set up monthly giving."
    )

    @field_validator("url")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            fields = [
                (name, spec, conversion)
                for _, name, spec, conversion in string.Formatter().parse(value)
                if name is not None
            ]
        except ValueError:
            raise ValueError(f"unbalanced braces in link template {value!r}") from None
        if any(spec or conversion for _, spec, conversion in fields):
            raise ValueError("placeholders are written plainly, like {amount}, without : or !")
        names = [name for name, _, _ in fields]
        unknown = sorted(set(names) - set(PLACEHOLDERS))
        if unknown:
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}}: use {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
            )
        example = value.format(**dict.fromkeys(PLACEHOLDERS, "x"))
        check_web_url(example)
        if urlsplit(value).scheme != "https":
            raise ValueError(f"links must use https://, got {value!r}")
        if "{" in urlsplit(value).netloc:
            raise ValueError(
                "placeholders may stand in the path or the query, not in the host name"
            )
        return value


class Link(Processor):
    name = "link"
    label = "Link"
    Options = LinkOptions
    carries_amount = True  # where the template has an {amount} placeholder: see amount_url

    def problems(self, options: LinkOptions, request: PledgeRequest) -> list[tuple[str, str]]:
        if request.recurring and not options.recurring:
            return [
                (
                    "recurring",
                    "set `recurring: true` if the page behind this link takes monthly giving",
                )
            ]
        return []

    def amount_url(self, options: LinkOptions, request: PledgeRequest) -> str | None:
        if "{amount}" not in options.url:
            return None
        return super().amount_url(options, request)

    def sandbox(self, options: LinkOptions) -> tuple[str, str] | None:
        # Placeholders stand only in the path or the query, so the host and the path's start
        # are read from the template as written.
        reason = sandbox_reason(options.url)
        return ("url", reason) if reason else None

    def url(self, options: LinkOptions, request: PledgeRequest) -> str:
        values = {
            "amount": plain_amount(request.amount, request.currency)
            if request.amount is not None
            else "",
            "currency": request.currency,
            "tier": request.tier or "",
            "campaign": request.campaign,
        }
        return options.url.format(**{key: quote(value, safe="") for key, value in values.items()})
