"""PayPal donate links: https://www.paypal.com/donate with a hosted button or a business id."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from pydantic import Field, field_validator, model_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount

# Currencies PayPal accepts for payments.
PAYPAL_CURRENCIES = frozenset((
    "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "EUR", "GBP", "HKD", "HUF", "ILS",
    "JPY", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "SEK", "SGD", "THB", "TWD", "USD",
))  # fmt: skip


class PayPalOptions(ProcessorOptions):
    hosted_button_id: str | None = Field(
        None, description="The id of a donate button made at PayPal."
    )
    business: str | None = Field(None, description="Account e-mail or 13-character merchant id.")
    item_name: str | None = Field(None, max_length=127)

    @field_validator("hosted_button_id")
    @classmethod
    def _button_id(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z0-9]{6,20}", value):
            raise ValueError(
                f"must be the button id PayPal shows, like 8CWJX7ZUPQ5BL, got {value!r}"
            )
        return value

    @field_validator("business")
    @classmethod
    def _account(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+|[A-Z0-9]{13}", value):
            raise ValueError(
                f"must be the account's e-mail address or its 13-character merchant id, got {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _one_account(self) -> PayPalOptions:
        if bool(self.hosted_button_id) == bool(self.business):
            raise ValueError("give either hosted_button_id or business (e-mail or merchant id)")
        return self


class PayPal(Processor):
    name = "paypal"
    label = "PayPal"
    Options = PayPalOptions
    currencies = PAYPAL_CURRENCIES
    supports_recurring = True  # the donate page offers "make this monthly"
    carries_amount = True  # with `business`; a hosted button keeps the amounts set at PayPal

    def amount_url(self, options: PayPalOptions, request: PledgeRequest) -> str | None:
        return super().amount_url(options, request) if options.business else None

    def url(self, options: PayPalOptions, request: PledgeRequest) -> str:
        if options.hosted_button_id:
            query = {"hosted_button_id": options.hosted_button_id}
        else:
            query = {"business": options.business or ""}
            if request.amount is not None:
                query["amount"] = plain_amount(request.amount, request.currency)
            query["currency_code"] = request.currency
            query["item_name"] = options.item_name or request.title
            if request.tier:
                query["item_number"] = f"{request.campaign}/{request.tier}"
        query["no_recurring"] = "0" if request.recurring else "1"
        return "https://www.paypal.com/donate?" + urlencode(query)
