"""PayPal.me links: https://paypal.me/<name>/<amount><CUR>."""

from __future__ import annotations

from urllib.parse import quote

from pydantic import Field

from generator.model.types import Model
from generator.payments.paypal import PAYPAL_CURRENCIES
from generator.payments.registry import PledgeRequest, Processor, plain_amount, register


class PayPalMeOptions(Model):
    processor: str
    label: str | None = None
    name: str = Field(pattern=r"^[A-Za-z0-9]{1,20}$", description="Your PayPal.me name.")


@register
class PayPalMe(Processor):
    name = "paypal_me"
    label = "PayPal"
    Options = PayPalMeOptions
    currencies = PAYPAL_CURRENCIES

    def url(self, options: PayPalMeOptions, request: PledgeRequest) -> str:
        url = "https://paypal.me/" + quote(options.name)
        if request.amount is not None:
            url += f"/{plain_amount(request.amount)}{request.currency}"
        return url
