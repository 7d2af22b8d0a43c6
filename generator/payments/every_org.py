"""Every.org donate links: https://www.every.org/<nonprofit>?amount=…&frequency=…#donate, or a
fundraiser's, https://www.every.org/<nonprofit>/f/<fundraiser>?…#donate."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount

# A nonprofit's slug (givedirectly) or its EIN (27-1661997): both name its page.
_NONPROFIT = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")


class EveryOrgOptions(ProcessorOptions):
    nonprofit: str = Field(
        description="The nonprofit's slug or EIN: https://www.every.org/<nonprofit>."
    )
    fundraiser: str | None = Field(
        default=None,
        description="A fundraiser of the nonprofit, by its slug: "
        "https://www.every.org/<nonprofit>/f/<fundraiser> (what `ledger sync` reads a total of).",
    )

    @field_validator("nonprofit")
    @classmethod
    def _nonprofit(cls, value: str) -> str:
        if not _NONPROFIT.fullmatch(value):
            raise ValueError(
                "an Every.org nonprofit is named by its slug or EIN: letters, digits and "
                f"single '-' or '_', as in https://www.every.org/givedirectly, got {value!r}"
            )
        return value

    @field_validator("fundraiser")
    @classmethod
    def _fundraiser(cls, value: str | None) -> str | None:
        if value is not None and not _NONPROFIT.fullmatch(value):
            raise ValueError(
                "an Every.org fundraiser is named by its slug: letters, digits and single '-' "
                f"or '_', as in https://www.every.org/givedirectly/f/winter-appeal, got {value!r}"
            )
        return value


class EveryOrg(Processor):
    name = "every_org"
    label = "Every.org"
    Options = EveryOrgOptions
    currencies = frozenset({"USD"})
    supports_recurring = True
    carries_amount = True

    def url(self, options: EveryOrgOptions, request: PledgeRequest) -> str:
        query: dict[str, str] = {}
        if request.amount is not None:
            query["amount"] = plain_amount(request.amount, request.currency)
        query["frequency"] = "MONTHLY" if request.recurring == "monthly" else "ONCE"
        # The query goes before the fragment: #donate opens the donation form.
        page = "https://www.every.org/" + quote(options.nonprofit, safe="")
        if options.fundraiser:
            page += "/f/" + quote(options.fundraiser, safe="")
        return f"{page}?{urlencode(query)}#donate"
