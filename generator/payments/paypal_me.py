"""PayPal.me links: https://paypal.me/<name>/<amount><CUR>."""

from __future__ import annotations

import re
from urllib.parse import quote

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.paypal import PAYPAL_CURRENCIES
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount


class PayPalMeOptions(ProcessorOptions):
    name: str = Field(description="Your PayPal.me name: https://paypal.me/<name>.")

    @field_validator("name")
    @classmethod
    def _paypal_me_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9]{1,20}", value):
            raise ValueError(f"PayPal.me names are 1 to 20 letters or digits, got {value!r}")
        return value


class PayPalMe(Processor):
    name = "paypal_me"
    label = "PayPal"
    Options = PayPalMeOptions
    currencies = PAYPAL_CURRENCIES
    carries_amount = True

    def url(self, options: PayPalMeOptions, request: PledgeRequest) -> str:
        url = "https://paypal.me/" + quote(options.name)
        if request.amount is not None:
            url += f"/{plain_amount(request.amount, request.currency)}{request.currency}"
        return url
