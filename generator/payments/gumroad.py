"""Gumroad products: https://<user>.gumroad.com/l/<permalink>, optionally straight to checkout."""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor
from pledgekit.payments.subdomain import require_subdomain

_PRODUCT_PATH = re.compile(r"/l/[A-Za-z0-9_-]+")


class GumroadOptions(ProcessorOptions):
    url: str = Field(description="The product's link, https://<user>.gumroad.com/l/<permalink>.")
    wanted: bool = Field(
        True, description="Add wanted=true: go straight to checkout, past the product page."
    )

    @field_validator("url")
    @classmethod
    def _product_link(cls, value: str) -> str:
        _, path = require_subdomain(value, "gumroad.com", "Gumroad")
        if not _PRODUCT_PATH.fullmatch(path):
            raise ValueError(
                "must look like https://<user>.gumroad.com/l/<permalink> (no ? or # part), "
                f"got {value!r}"
            )
        return value


class Gumroad(Processor):
    name = "gumroad"
    label = "Gumroad"
    Options = GumroadOptions
    # The product carries its own price, so the link sells the tier's product as it stands.
    takes_amount = True

    def url(self, options: GumroadOptions, request: PledgeRequest) -> str:
        return options.url + ("?wanted=true" if options.wanted else "")
