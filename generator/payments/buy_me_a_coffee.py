"""Buy Me a Coffee pages: https://buymeacoffee.com/<user>, where the backer chooses the amount."""

from __future__ import annotations

import re
from urllib.parse import quote

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor

_USER = re.compile(r"[A-Za-z0-9_-]+")


class BuyMeACoffeeOptions(ProcessorOptions):
    user: str = Field(description="Your page name: https://buymeacoffee.com/<user>.")

    @field_validator("user")
    @classmethod
    def _user(cls, value: str) -> str:
        if not _USER.fullmatch(value):
            raise ValueError(
                "Buy Me a Coffee page names are letters, digits, '-' or '_', "
                f"as in https://buymeacoffee.com/<name>, got {value!r}"
            )
        return value


class BuyMeACoffee(Processor):
    name = "buy_me_a_coffee"
    label = "Buy Me a Coffee"
    Options = BuyMeACoffeeOptions
    takes_amount = False  # Buy Me a Coffee documents no amount parameter

    def url(self, options: BuyMeACoffeeOptions, request: PledgeRequest) -> str:
        return "https://buymeacoffee.com/" + quote(options.user, safe="")
