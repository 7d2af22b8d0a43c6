"""Lemon Squeezy checkout links: https://<store>.lemonsqueezy.com/checkout/buy/<variant>."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor
from pledgekit.payments.subdomain import require_subdomain

_CHECKOUT_PATH = re.compile(
    r"/checkout/buy/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)


class LemonSqueezyOptions(ProcessorOptions):
    url: str = Field(
        description="The variant's checkout link, "
        "https://<store>.lemonsqueezy.com/checkout/buy/<variant id>."
    )

    @field_validator("url")
    @classmethod
    def _checkout_link(cls, value: str) -> str:
        _, path = require_subdomain(value, "lemonsqueezy.com", "Lemon Squeezy")
        if not _CHECKOUT_PATH.fullmatch(path):
            raise ValueError(
                "must look like https://<store>.lemonsqueezy.com/checkout/buy/<variant id> "
                f"(the id is a UUID; no ? or # part), got {value!r}"
            )
        return value


class LemonSqueezy(Processor):
    name = "lemon_squeezy"
    label = "Lemon Squeezy"
    Options = LemonSqueezyOptions
    # The variant carries its own price, so the link sells the tier's product as it stands.
    takes_amount = True
    supports_recurring = True  # a variant may be a subscription

    def url(self, options: LemonSqueezyOptions, request: PledgeRequest) -> str:
        # Custom checkout data comes back in Lemon Squeezy's webhooks and order details, so
        # each sale can be matched to its campaign and tier.
        query = {"checkout[custom][campaign]": request.campaign}
        if request.tier:
            query["checkout[custom][tier]"] = request.tier
        return f"{options.url}?{urlencode(query)}"
