"""Liberapay recurring donations: https://liberapay.com/<user>/donate."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount

# Liberapay's own rule; a leading '.' is refused too, so '.' and '..' never reach a path.
_USER = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}")


class LiberapayOptions(ProcessorOptions):
    user: str = Field(description="Your Liberapay user name: https://liberapay.com/<user>.")

    @field_validator("user")
    @classmethod
    def _user(cls, value: str) -> str:
        if not _USER.fullmatch(value):
            raise ValueError(
                "Liberapay user names are 1 to 32 letters, digits, '-', '_' or '.' "
                f"(not starting with '.'), got {value!r}"
            )
        return value


class Liberapay(Processor):
    name = "liberapay"
    label = "Liberapay"
    Options = LiberapayOptions
    # currencies stay None: Liberapay takes many, and each creator chooses which they accept.
    supports_recurring = True
    carries_amount = True

    def problems(self, options: LiberapayOptions, request: PledgeRequest) -> list[tuple[str, str]]:
        found = super().problems(options, request)
        if request.recurring != "monthly":
            found.append(("", "Liberapay only takes recurring donations; set `recurring: monthly`"))
        return found

    def url(self, options: LiberapayOptions, request: PledgeRequest) -> str:
        query: dict[str, str] = {}
        if request.amount is not None:
            query["amount"] = plain_amount(request.amount, request.currency)
        query["currency"] = request.currency
        # Liberapay gifts always repeat; a one-time request is reported by problems() instead.
        query["period"] = "monthly"
        return f"https://liberapay.com/{quote(options.user, safe='')}/donate?{urlencode(query)}"
