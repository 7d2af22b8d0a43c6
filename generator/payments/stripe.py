"""Stripe Payment Links: https://buy.stripe.com/<token>, one link per price."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from pydantic import Field, field_validator

from pledgekit.model.types import PositiveCount
from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, require_host
from pledgekit.payments.sandbox import sandbox_reason

_UTM_VALUE = re.compile(r"[A-Za-z0-9_-]{1,150}")


def _reference(*parts: str | None) -> str:
    """client_reference_id allows letters, digits, '-' and '_' (about 200 characters)."""
    text = "-".join(part for part in parts if part)
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:200]


class StripeOptions(ProcessorOptions):
    url: str = Field(description="The payment link, https://buy.stripe.com/…")
    limit: PositiveCount | None = Field(
        None,
        description="The Payment Link's own 'limit the number of payments' setting; "
        "a tier without a limit of its own takes it.",
    )
    client_reference_id: bool = Field(
        True, description="Add <campaign>-<tier> so payments can be matched to tiers."
    )
    prefilled_promo_code: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_term: str | None = None
    utm_content: str | None = None

    @field_validator("url")
    @classmethod
    def _payment_link(cls, value: str) -> str:
        require_host(value, ("buy.stripe.com",), "Stripe Payment")
        parts = urlsplit(value)
        if not re.fullmatch(r"/(test_)?[A-Za-z0-9]+", parts.path) or parts.query or parts.fragment:
            raise ValueError(f"must look like https://buy.stripe.com/<token>, got {value!r}")
        return value

    @field_validator("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
    @classmethod
    def _utm(cls, value: str | None) -> str | None:
        if value is not None and not _UTM_VALUE.fullmatch(value):
            raise ValueError("utm values use letters, digits, '-' and '_' (at most 150)")
        return value


class Stripe(Processor):
    name = "stripe"
    label = "Stripe"
    Options = StripeOptions
    supports_recurring = True  # a payment link may sell a subscription price

    def limit(self, options: StripeOptions) -> int | None:
        return options.limit

    def sandbox(self, options: StripeOptions) -> tuple[str, str] | None:
        reason = sandbox_reason(options.url)
        return ("url", reason) if reason else None

    def url(self, options: StripeOptions, request: PledgeRequest) -> str:
        query: dict[str, str] = {}
        if options.client_reference_id:
            query["client_reference_id"] = _reference(request.campaign, request.tier)
        if options.prefilled_promo_code:
            query["prefilled_promo_code"] = options.prefilled_promo_code
        for key in ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"):
            if value := getattr(options, key):
                query[key] = value
        return options.url + ("?" + urlencode(query) if query else "")
